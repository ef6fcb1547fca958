"""The exported site in a real browser: playwright driving Debian's chromium (apt-get install chromium).

Skipped when chromium or playwright is missing, unless JIANFU_CI_TOOLS=1 (as `.ci/run` sets),
where a missing browser fails the test.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from models.loading import parse_instance
from scheduler.check.timetable import lesson_teachers
from scheduler.publish.folder import write_publication
from scheduler.publish.publication import build_publication
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import EVIL, homework_school

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _playwright():
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "playwright is not installed"
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is not installed (apt-get install chromium)"
    if missing and os.environ.get("JIANFU_CI_TOOLS") == "1":
        pytest.fail(missing)
    if missing:
        pytest.skip(missing)
    return sync_playwright


def _published(tmp_path: Path, options: SolveOptions, calendar: dict | None = None):
    """The homework test school (with a 校历, if given) solved and published in Chinese: (instance,
    solution, folder)."""
    inst = parse_instance(homework_school() | ({"calendar": calendar} if calendar else {}))
    solution = solve(inst, options)
    folder = tmp_path / "pub"
    write_publication(inst, build_publication(inst, solution, "zh"), folder)
    return inst, solution, folder


def test_class_page_in_chromium_matches_the_solution_and_prints_on_one_a4_sheet(tmp_path):
    sync_playwright = _playwright()
    inst, solution, folder = _published(tmp_path, SolveOptions(time_limit=20, workers=2, seed=1))
    target = inst.classes[1].name
    expected = {
        (lesson.day, str(lesson.period)): [lesson.subject, *lesson_teachers(inst, lesson)]
        for lesson in solution.lessons
        if lesson.class_ == target
    }
    requested, dialogs = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("request", lambda request: requested.append(request.url))
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto((folder / "site" / "index.html").as_uri())
        page.get_by_role("link", name=target, exact=True).click()
        page.wait_for_load_state()
        assert page.url.endswith("class-002.html")
        cells = page.locator("table.grid td[data-day]").evaluate_all(
            "cells => cells.map(c => [c.dataset.day, c.dataset.period, c.innerText])"
        )
        got = {(day, period): text.split("\n") for day, period, text in cells if text.strip()}
        assert got == expected
        assert page.get_by_text(EVIL, exact=False).count() > 0  # shown as text, never run
        shot = tmp_path / "class.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        page.emulate_media(media="print")
        assert page.locator("nav").is_hidden()
        pdf = page.pdf(format="A4")
        browser.close()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    assert dialogs == []
    assert all(url.startswith("file://") for url in requested), requested


def test_the_printed_publication_holds_every_class_timetable_and_the_whole_school_week(tmp_path):
    sync_playwright = _playwright()
    inst, solution, folder = _published(tmp_path, SolveOptions(time_limit=10, workers=1, seed=0))
    names = [school_class.name for school_class in inst.classes]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto((folder / "site" / "publication.html").as_uri())
        owners = page.locator("table.grid").evaluate_all("tables => tables.map(t => t.dataset.owner)")
        master = page.locator("table.master tbody th").all_inner_texts()
        subjects = page.locator("table.master tbody td").all_inner_texts()
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        browser.close()
    assert owners == names and master == names
    assert sum(len(cell.split("/")) for cell in subjects if cell) == len(solution.lessons)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 1 + len(names)  # the school week, then a page per class


TERM = {
    "name": "2026-2027学年第一学期",
    "start": "2026-09-01",
    "end": "2027-01-22",
    "holidays": [{"name": "国庆节", "start": "2026-10-01", "end": "2026-10-07"}],
    "makeup_days": [{"date": "2026-10-10", "runs": "星期五"}],
}
A4_PRINTABLE = {"portrait": 703, "landscape": 1062}  # CSS px inside style.css's @page margins (12 mm, 8 mm)
ONE_SHEET = ("class-001.html", "teacher-001.html", "venue-001.html")
OVERFLOWING = """limits => [...document.querySelectorAll('main *')].filter(element => {
    const landscape = element.closest('section.master, section.term-calendar') !== null;
    const beyond = element.getBoundingClientRect().right > (landscape ? limits.landscape : limits.portrait) + 1;
    return beyond || (['TD', 'TH'].includes(element.tagName) && element.scrollWidth > element.clientWidth + 1);
}).map(element => element.tagName + '.' + element.getAttribute('class') + ': ' + (element.textContent || '').slice(0, 40))"""


def test_every_page_kind_is_screenshot_and_printed_within_a4(tmp_path):
    sync_playwright = _playwright()
    _, _, folder = _published(tmp_path, SolveOptions(time_limit=10, workers=1, seed=0), TERM)
    kinds = ["index.html", *ONE_SHEET, "homework.html", "loads.html", "compliance.html", "publication.html", "calendar.html"]
    overflow, sheets = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        for kind in kinds:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto((folder / "site" / kind).as_uri())
            shot = tmp_path / f"{kind}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 5_000, kind
            page.emulate_media(media="print")
            page.set_viewport_size({"width": A4_PRINTABLE["portrait"], "height": 1000})
            overflow[kind] = page.evaluate(OVERFLOWING, A4_PRINTABLE)
            if kind in ONE_SHEET:
                sheets[kind] = len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4", prefer_css_page_size=True)))
            page.close()
        browser.close()
    assert all(not found for found in overflow.values()), {kind: found for kind, found in overflow.items() if found}
    assert sheets == dict.fromkeys(ONE_SHEET, 1)


def test_the_district_dashboard_sorts_by_a_column_in_chromium(tmp_path):
    from scheduler.publish.district import write_dashboard

    sync_playwright = _playwright()
    rules = [
        {
            "rule": "clash.class",
            "title": "班级不冲突",
            "hard": True,
            "passed": False,
            "in_force": True,
            "figures": "",
            "penalty": None,
        }
    ]
    results = [
        {
            "school": "乙校",
            "status": "violations",
            "classes": 12,
            "violations": 3,
            "rules": rules,
            "messages": ["冲突"],
            "figures": {"activity": [30, 60]},
        },
        {
            "school": "甲校",
            "status": "ok",
            "classes": 30,
            "violations": 0,
            "rules": [],
            "messages": [],
            "figures": {"activity": [70, 60]},
        },
        {"school": "丙校", "status": "bad_input", "messages": ["文件有误"]},
    ]
    write_dashboard(results, tmp_path, "zh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page()
        page.goto((tmp_path / "dashboard.html").as_uri())
        first = page.locator("table.sortable").first
        first.locator("th").nth(2).click()  # 班级, ascending
        order = first.locator("tbody tr td:first-child").all_inner_texts()
        first.locator("th").nth(2).click()  # descending
        reverse = first.locator("tbody tr td:first-child").all_inner_texts()
        by_rule = page.locator("table.sortable").nth(1).locator("tbody td").all_inner_texts()
        bars = page.locator("svg.chart rect").evaluate_all(
            "bars => bars.map(b => [b.getAttribute('class'), b.getBBox().width])"
        )
        browser.close()
    assert [kind for kind, _ in bars] == ["beyond", "within"] and bars[0][1] < bars[1][1]  # 30 of 60, then 70
    assert order.index("乙校") < order.index("甲校") and reverse.index("甲校") < reverse.index("乙校")  # 12 and 30 classes
    assert by_rule == ["班级不冲突", "1", "乙校"]


def test_the_record_of_covers_prints_within_a4_with_each_changed_week_on_one_sheet(tmp_path):
    from models.absence import Absences
    from scheduler.check.cover import covered_lessons
    from scheduler.publish.cover import write_record_site
    from scheduler.search.cover import plan_covers
    from tests.scheduler.search.test_cover import term_school

    sync_playwright = _playwright()
    inst, solution = term_school()
    away = Absences.model_validate(
        {
            "absences": [{"teacher": "张敏", "start": "2026-09-14", "end": "2026-09-16", "reason": "病假"}],
            "venues_closed": [{"venue": "操场", "start": "2026-09-18", "reason": "施工"}],
        }
    )
    plan = plan_covers(inst, solution.lessons, away)
    assert plan.found and plan.violations == []
    held = covered_lessons(inst, solution.lessons, away, plan.changes)
    write_record_site(inst, held, plan.changes, tmp_path / "site", "zh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto((tmp_path / "site" / "index.html").as_uri())
        rows = page.locator("section.cover-record tbody tr").count()
        page.get_by_role("link", name="三年级1班", exact=True).click()
        page.wait_for_load_state()
        cells = page.locator("section.cover-week td").all_inner_texts()
        page.emulate_media(media="print")
        page.set_viewport_size({"width": A4_PRINTABLE["portrait"], "height": 1000})
        overflow = page.evaluate(OVERFLOWING, A4_PRINTABLE)
        sheets = len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4", prefer_css_page_size=True)))
        browser.close()
    assert rows == len(plan.changes) and overflow == [] and sheets == 1
    assert any("（代课）" in cell or "（调课）" in cell for cell in cells) and any("（室内课）" in c for c in cells)
