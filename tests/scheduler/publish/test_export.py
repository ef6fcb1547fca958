"""The publication folder: workbook read back sheet by sheet, CSV files, site pages, escaping, the CLI."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from html import unescape

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from models.loading import parse_instance
from models.rules import RULES
from scheduler.check.timetable import lesson_teachers
from scheduler.cli import Exit, app
from scheduler.publish.folder import write_publication
from scheduler.publish.publication import build_publication
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import EVIL, FORMULA, INSTANCES, homework_school

runner = CliRunner()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The school solved and published in Chinese: (instance, solution, folder)."""
    inst = parse_instance(homework_school())
    solution = solve(inst, SolveOptions(time_limit=20, workers=2, seed=1))
    assert solution.lessons and solution.homework
    folder = tmp_path_factory.mktemp("pub") / "out"
    write_publication(inst, build_publication(inst, solution, "zh"), folder)
    return inst, solution, folder


def _sheet_cells(sheet) -> dict[tuple[str, int], str]:
    """(day header, period number) -> text of a week-grid sheet, block rows skipped."""
    rows = list(sheet.iter_rows(values_only=True))
    days, cells, number = rows[0][1:], {}, 0
    for row in rows[1:]:
        if not str(row[0]).startswith("第"):
            continue
        number += 1
        cells.update({(day, number): text for day, text in zip(days, row[1:], strict=True) if text})
    return cells


def test_workbook_class_and_teacher_sheets_equal_the_solution(exported):
    inst, solution, folder = exported
    workbook = load_workbook(folder / "timetable.xlsx")
    for school_class in inst.classes:
        expected = {
            (lesson.day, lesson.period): f"{lesson.subject}\n{lesson_teachers(inst, lesson)[0]}"
            for lesson in solution.lessons
            if lesson.class_ == school_class.name
        }
        assert _sheet_cells(workbook[school_class.name]) == expected
    for teacher in inst.teachers:
        title = "教师-" + teacher.name.replace("/", "_")
        expected = defaultdict(list)
        for lesson in solution.lessons:
            if teacher.name in lesson_teachers(inst, lesson):
                expected[lesson.day, lesson.period].append(f"{lesson.class_} {lesson.subject}")
        got = {key: sorted(text.split("\n")) for key, text in _sheet_cells(workbook[title]).items()}
        assert got == {key: sorted(texts) for key, texts in expected.items()}
        assert workbook[title].page_setup.paperSize == 9  # A4


def test_workbook_homework_compliance_venue_and_bell_sheets(exported):
    inst, solution, folder = exported
    workbook = load_workbook(folder / "timetable.xlsx")
    written = defaultdict(int)
    for item in solution.homework:
        written[item.class_, item.day] += item.minutes if item.written else 0
    daily = list(workbook["作业"].iter_rows(values_only=True))
    totals = {(row[0], row[1]): (row[2], row[3]) for row in daily[1 : 1 + len(inst.classes) * len(inst.days)]}
    assert totals == {(c.name, d): (written[c.name, d], inst.homework_cap(c.name)) for c in inst.classes for d in inst.days}
    compliance = list(workbook["合规检查"].iter_rows(values_only=True))[1:]
    assert [row[0] for row in compliance] == [rule.title_zh for rule in RULES]
    verdicts = {row[2] for row in compliance if row[1] == "硬性" and row[0] != "书面作业在校内基本完成"}
    assert verdicts - {"未启用"} == {"通过"}  # the rules a preset switches on are 未启用 under cn-2021
    assert next(row for row in compliance if row[0] == "书面作业在校内基本完成")[2] == "未启用"  # not switched on
    assert next(row for row in compliance if row[0] == "开齐开足")[5] == "32/32 节/周；3年级每周 16 节（国家课程方案 30 节）"
    usage = list(workbook["场地使用"].iter_rows(values_only=True))[1:]
    pe_slots = {(lesson.day, lesson.period) for lesson in solution.lessons if lesson.subject == "体育"}
    assert len(usage) == len(pe_slots)
    bell = list(workbook["作息时间表"].iter_rows(values_only=True))[1:]
    assert [row[0] for row in bell] == ["第1节", "第2节", "大课间", "第3节", "第4节", "第5节", "第6节", "课后体育"]
    assert {row[5] for row in bell} == {"3"}  # the grades each period and block is for


def test_user_text_stays_text_in_workbook_csv_and_site(exported):
    inst, solution, folder = exported
    workbook = load_workbook(folder / "timetable.xlsx")
    values = {cell.value for cell in workbook["三年级1班"]._cells.values()}
    assert f"音乐\n{EVIL}" in values or f"美术\n{EVIL}" in values
    assert f"体育\n{FORMULA}" in values
    assert all(cell.data_type != "f" for sheet in workbook for cell in sheet._cells.values())
    page = (folder / "site" / "class-001.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and EVIL not in page
    for html in (folder / "site").glob("*.html"):
        assert EVIL not in html.read_text(encoding="utf-8"), html.name
    loads = pd.read_csv(folder / "csv" / "loads.csv", encoding="utf-8-sig")
    assert EVIL in set(loads["教师"])


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_no_csv_cell_starts_like_a_formula_and_the_class_grid_reads_back(exported, tmp_path):
    inst, solution, folder = exported
    for path in (folder / "csv").glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], path.name
        if path.name in ("teachers.csv", "loads.csv", "lessons.csv"):
            assert f"'{FORMULA}" in cells, path.name  # the teacher named like a formula, neutralised
    data = homework_school()
    data["classes"][0]["name"] = "-三年级1班"
    data["teachers"][4]["name"] = "赵丽"  # the grid reads "subject/subject" as odd and even weeks: no '/' in names
    for teacher in data["teachers"]:
        teacher["teaches"] = {
            subject: ["-三年级1班" if c == "三年级1班" else c for c in classes]
            for subject, classes in teacher["teaches"].items()
        }
    school = tmp_path / "school.yaml"
    school.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    solved = runner.invoke(app, ["solve", str(school), "--time-limit", "10", "--out", str(tmp_path / "out")])
    assert solved.exit_code == Exit.OK, solved.output
    grid = tmp_path / "out" / "csv" / "classes.csv"
    assert "'-三年级1班" in grid.read_text(encoding="utf-8-sig")
    checked = runner.invoke(app, ["check", str(school), str(grid)])
    assert checked.exit_code == Exit.OK, checked.output


def test_csv_files_match_the_solution_and_read_back_as_a_timetable(exported):
    inst, solution, folder = exported
    lessons = pd.read_csv(folder / "csv" / "lessons.csv", encoding="utf-8-sig")
    assert len(lessons) == len(solution.lessons)
    assert set(zip(lessons["班级"], lessons["日期"], lessons["节次"], strict=True)) == {
        (lesson.class_, lesson.day, lesson.period) for lesson in solution.lessons
    }
    homework = pd.read_csv(folder / "csv" / "homework.csv", encoding="utf-8-sig")
    assert homework["分钟"].sum() == sum(item.minutes for item in solution.homework)
    saved = json.loads((folder / "solution.json").read_text(encoding="utf-8"))
    assert len(saved["lessons"]) == len(solution.lessons)


CODE_VALUES = {"True", "False", "true", "false", "home", "school", "school+home", "all", "odd", "even", "None"}
CODE_VALUES |= {"reading", "meeting", "self_study", "exercise", "eye_exercise", "sport", "homework_guidance", "club"}


def test_chinese_tables_show_no_code_values(exported):
    inst, solution, folder = exported
    homework = pd.read_csv(folder / "csv" / "homework.csv", encoding="utf-8-sig", dtype=str)
    assert set(homework["书面"]) == {"是"} and set(homework["完成地点"]) <= {"在校完成", "回家完成", "在校+回家"}
    assert {"大课间", "课后体育"} <= set(pd.read_csv(folder / "csv" / "bell.csv", encoding="utf-8-sig")["类别"])
    for path in (folder / "csv").glob("*.csv"):
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        cells = set(frame.columns) | {cell for column in frame.columns for cell in frame[column]}
        assert not cells & CODE_VALUES, (path.name, cells & CODE_VALUES)
    workbook = load_workbook(folder / "timetable.xlsx")
    for sheet in workbook:
        cells = {str(cell.value) for cell in sheet._cells.values() if cell.value is not None}
        assert not cells & CODE_VALUES, (sheet.title, cells & CODE_VALUES)
    for page in ("homework.html", "publication.html"):
        html = (folder / "site" / page).read_text(encoding="utf-8")
        assert not {f">{value}<" for value in CODE_VALUES if f">{value}<" in html}, page


LATIN_WORD = re.compile(r"[A-Za-z_][A-Za-z_.]{2,}")


def _page_text(html: str) -> str:
    """What a reader sees on a page: no markup, styles or scripts."""
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _everything_a_reader_sees(folder) -> dict[str, str]:
    """The text of every site page, workbook sheet and CSV file of a publication folder, by name."""
    texts = {page.name: _page_text(page.read_text(encoding="utf-8")) for page in (folder / "site").glob("*.html")}
    for sheet in load_workbook(folder / "timetable.xlsx"):
        texts[f"sheet {sheet.title}"] = " ".join(str(c.value) for c in sheet._cells.values() if c.value is not None)
    for path in (folder / "csv").glob("*.csv"):
        texts[path.name] = path.read_text(encoding="utf-8-sig")
    return texts


def test_no_latin_word_on_any_chinese_page_sheet_or_csv_but_the_schools_own_names(exported):
    inst, solution, folder = exported
    own = set(LATIN_WORD.findall(inst.model_dump_json())) | {"jianfu"}  # names the school gave, the tool's name
    texts = _everything_a_reader_sees(folder)
    found = {where: sorted(set(LATIN_WORD.findall(text)) - own) for where, text in texts.items()}
    assert {where: words for where, words in found.items() if words} == {}


CJK_RUN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def test_no_chinese_on_any_english_page_sheet_or_csv_but_the_schools_own_names(tmp_path):
    inst = parse_instance(homework_school())
    solution = solve(inst, SolveOptions(time_limit=10, workers=1, seed=0))
    folder = tmp_path / "en"
    write_publication(inst, build_publication(inst, solution, "en"), folder)
    own = set(CJK_RUN.findall(inst.model_dump_json()))  # names the school gave are never translated
    texts = _everything_a_reader_sees(folder)
    found = {where: sorted(set(CJK_RUN.findall(text)) - own) for where, text in texts.items()}
    assert {where: runs for where, runs in found.items() if runs} == {}


def test_solve_out_folder_in_english_then_export_again(tmp_path):
    folder = tmp_path / "tiny"
    result = runner.invoke(
        app, ["solve", str(INSTANCES / "tiny.yaml"), "--time-limit", "10", "--out", str(folder), "--lang", "en"]
    )
    assert result.exit_code == Exit.OK, result.output
    hard = sum(rule.hard for rule in RULES)
    assert f"all {hard} hard rules pass" in result.output and "三年级1班" not in result.output
    assert {p.name for p in folder.iterdir()} == {"solution.json", "timetable.xlsx", "csv", "site", ".jianfu-export"}
    index = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "Class timetables" in index and 'href="class-001.html"' in index
    assert "Monday" in (folder / "site" / "class-001.html").read_text(encoding="utf-8")
    assert load_workbook(folder / "timetable.xlsx")["Compliance"]["D2"].value == "pass"
    checked = runner.invoke(app, ["check", str(INSTANCES / "tiny.yaml"), str(folder / "timetable.xlsx")])
    assert checked.exit_code == Exit.OK, checked.output
    again = runner.invoke(app, ["export", str(folder / "solution.json"), "--out", str(folder)])
    assert again.exit_code == Exit.OK, again.output
    assert "星期一" in (folder / "site" / "class-001.html").read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left behind


def test_export_refuses_a_broken_timetable_and_a_folder_it_did_not_write(tmp_path):
    good = tmp_path / "tiny.json"
    runner.invoke(app, ["solve", str(INSTANCES / "tiny.yaml"), "--out", str(good)])
    data = json.loads(good.read_text(encoding="utf-8"))
    data["lessons"][1].update(day=data["lessons"][0]["day"], period=data["lessons"][0]["period"])
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    refused = runner.invoke(app, ["export", str(broken), "--out", str(tmp_path / "pub")])
    assert refused.exit_code == Exit.VIOLATIONS and "班级不冲突：1 处" in refused.output
    assert not (tmp_path / "pub").exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    kept = runner.invoke(app, ["export", str(good), "--out", str(mine)])
    assert kept.exit_code == Exit.BAD_INPUT and (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    lost = runner.invoke(app, ["export", str(tmp_path / "nowhere.json"), "--out", str(tmp_path / "x")])
    assert lost.exit_code == Exit.BAD_INPUT and "Traceback" not in lost.output


def test_a_teacher_page_marks_blocked_time_with_its_note_and_totals_the_week(tmp_path):
    data = yaml.safe_load((INSTANCES / "tiny.yaml").read_text(encoding="utf-8"))
    data["teachers"][2]["blocked"] = [{"day": "星期二", "half": "pm", "note": "数学组教研"}]  # 张敏, 数学 in both classes
    inst = parse_instance(data)
    solution = solve(inst, SolveOptions(time_limit=10, workers=1, seed=0))
    publication = build_publication(inst, solution, "zh")
    grid = next(g for g in publication.teacher_grids if g.owner == "张敏")
    tuesday = grid.days.index("星期二")
    afternoon = [row.cells[tuesday] for row in grid.rows if row.label in ("第5节", "第6节")]
    assert afternoon == ["〔数学组教研〕", "〔数学组教研〕"]
    total = grid.rows[-1]
    assert total.label == "周合计" and total.time == "9 节" and sum(map(int, total.cells)) == 9  # 数学 4 + 5
    other = next(g for g in publication.teacher_grids if g.owner == "陈静")
    assert not any("〔" in cell for row in other.rows for cell in row.cells)
    groups = [(subject, [grid.owner for grid in grids]) for subject, grids in publication.teachers_by_subject]
    assert groups == [
        ("语文", ["王芳", "李强"]),
        ("数学", ["张敏"]),
        ("英语", ["陈静"]),
        ("体育", ["刘洋"]),
        ("音乐", ["赵丽"]),
        ("科学", ["孙伟"]),
    ]


def test_a_merged_lesson_is_one_entry_marked_on_the_teacher_and_venue_pages(tmp_path):
    data = yaml.safe_load((INSTANCES / "tiny.yaml").read_text(encoding="utf-8"))
    data["merged"] = [{"subject": "体育", "classes": ["三年级1班", "三年级2班"], "lessons": 3}]
    inst = parse_instance(data)
    publication = build_publication(inst, solve(inst, SolveOptions(time_limit=10, workers=1, seed=0)), "zh")
    for grids, owner in ((publication.teacher_grids, "刘洋"), (publication.venue_grids, "操场")):
        grid = next(g for g in grids if g.owner == owner)
        cells = [cell for row in grid.rows if row.label.startswith("第") for cell in row.cells if cell]
        assert cells == ["三年级1班、三年级2班 体育（合班）"] * 3, owner


def test_workbook_text_is_in_a_chinese_font_and_wrapped_rows_are_tall_enough(exported):
    _, _, folder = exported
    workbook = load_workbook(folder / "timetable.xlsx")
    fonts = {cell.font.name for sheet in workbook for cell in sheet._cells.values() if cell.value is not None}
    assert fonts == {"宋体"}
    for sheet in workbook:
        for cell in (c for c in sheet._cells.values() if isinstance(c.value, str) and "\n" in c.value):
            assert sheet.row_dimensions[cell.row].height >= 15 * (cell.value.count("\n") + 1), (sheet.title, cell.coordinate)


def test_the_assignment_table_counts_odd_and_even_week_slots_apart_from_the_plan():
    data = yaml.safe_load((INSTANCES / "tiny.yaml").read_text(encoding="utf-8"))
    data["grades"][0]["alternating"] = [{"odd": "音乐", "even": "美术"}]
    inst = parse_instance(data)
    table = build_publication(inst, solve(inst, SolveOptions(time_limit=10, workers=1, seed=0)), "zh").assignment
    row = dict(zip(table.header, table.rows[0], strict=True))
    assert row["音乐"] == "赵丽 (2 + 单周1)" and row["美术"] == "赵丽 (2 + 双周1)" and row["语文"] == "王芳 (7)"


def test_every_kind_of_bell_block_has_a_label_in_both_languages():
    from typing import get_args

    from models.bell import BlockKind
    from scheduler.publish.labels import LABELS

    for lang in ("zh", "en"):
        assert all(f"block_{kind}" in LABELS[lang] for kind in get_args(BlockKind)), lang


def test_a_teachers_week_total_counts_odd_and_even_weeks_apart_when_they_differ():
    data = yaml.safe_load((INSTANCES / "tiny.yaml").read_text(encoding="utf-8"))
    data["grades"][0]["alternating"] = [{"odd": "科学", "even": "美术"}]  # 孙伟 科学, 赵丽 美术
    inst = parse_instance(data)
    publication = build_publication(inst, solve(inst, SolveOptions(time_limit=10, workers=1, seed=0)), "zh")
    total = next(g for g in publication.teacher_grids if g.owner == "赵丽").rows[-1]
    assert total.time == "单周 8 节，双周 10 节"  # 音乐 2 + 美术 2 in two classes, and the pair's even weeks
    assert sum(int(cell.split("/")[-1]) for cell in total.cells) == 10
