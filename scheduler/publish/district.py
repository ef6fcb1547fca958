"""The district dashboard: one row per school (status, the hard rules it breaks, its activity,
learning and homework figures, its soft-rule penalty, the first message, the smallest change that
makes an impossible school possible), one row per rule (the schools that break it), and a chart of
each school's worst day against each limit; as a workbook and an offline page with sortable columns,
Chinese by default."""

from __future__ import annotations

import html
from pathlib import Path

from openpyxl import Workbook

from models.calendar import Lang, day_label, format_clock, period_label
from models.loading import atomic_target
from scheduler.formats.sheets import sheet_title
from scheduler.publish.labels import label, labels
from scheduler.publish.tables import Table
from scheduler.publish.workbook import write_table

STATUS = {
    "zh": {
        "ok": "合规",
        "violations": "不合规",
        "infeasible": "无解",
        "unknown": "未定",
        "bad_input": "文件有误",
        "error": "出错",
    },
    "en": {
        "ok": "ok",
        "violations": "violations",
        "infeasible": "infeasible",
        "unknown": "unknown",
        "bad_input": "bad input",
        "error": "error",
    },
}
HEADERS = {
    "zh": [
        "学校",
        "状态",
        "班级",
        "违反硬性规则",
        "未通过的规则",
        "每天体育活动",
        "在校集中学习",
        "书面作业",
        "软性扣分",
        "说明",
        "最小改动",
    ],
    "en": [
        "School",
        "Status",
        "Classes",
        "Hard-rule breaches",
        "Rules failed",
        "Daily activity",
        "Concentrated learning",
        "Written homework",
        "Soft penalty",
        "Note",
        "Smallest change",
    ],
}
FIGURES = ("activity.daily_minimum", "time.max_daily_learning", "homework.daily_cap")


def school_table(results: list[dict], lang: Lang) -> Table:
    """A row per school."""
    rows = []
    for result in results:
        rules = {rule["rule"]: rule for rule in result.get("rules", [])}
        failed = [rule["title"] for rule in result.get("rules", []) if rule["hard"] and not rule["passed"]]
        penalty = sum(rule["penalty"] or 0 for rule in result.get("rules", []) if not rule["hard"])
        figures = [rules[name]["figures"] if name in rules else "" for name in FIGURES]
        note = (result.get("messages" if lang == "zh" else "messages_en") or [""])[0]
        status = STATUS[lang][result.get("status", "error")]
        row = [result["school"], status, result.get("classes", ""), result.get("violations", ""), "、".join(failed)]
        changes = [english if lang == "en" else chinese for english, chinese in result.get("remedies", [])]
        rows.append(
            row + figures + [penalty if rules else "", note, "；".join(changes) if lang == "zh" else "; ".join(changes)]
        )
    return Table(HEADERS[lang], rows)


def rule_table(results: list[dict], lang: Lang) -> Table:
    """A row per hard rule some school breaks: the schools that break it."""
    failing: dict[str, list[str]] = {}
    for result in results:
        for rule in result.get("rules", []):
            if rule["hard"] and not rule["passed"]:
                failing.setdefault(rule["title"], []).append(result["school"])
    header = ["规则", "学校数", "学校"] if lang == "zh" else ["Rule", "Schools", "Which"]
    return Table(header, [[title, len(names), "、".join(names)] for title, names in failing.items()])


def write_dashboard(results: list[dict], out: Path, lang: Lang) -> list[str]:
    """dashboard.xlsx and dashboard.html in `out`, each written atomically; the names written."""
    schools, rules = school_table(results, lang), rule_table(results, lang)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, table in (("学校" if lang == "zh" else "Schools", schools), ("规则" if lang == "zh" else "Rules", rules)):
        write_table(workbook.create_sheet(title), table)
    with atomic_target(out / "dashboard.xlsx") as temporary:
        workbook.save(temporary)
    with atomic_target(out / "dashboard.html") as temporary:
        temporary.write_text(_page(schools, rules, lang, results), encoding="utf-8")
    return ["dashboard.xlsx", "dashboard.html"]


SORT = """document.querySelectorAll('table.sortable th').forEach((th, column) => th.addEventListener('click', () => {
  const body = th.closest('table').tBodies[0], rows = [...body.rows], up = th.dataset.up !== '1';
  const key = row => { const text = row.cells[column].innerText; const n = parseFloat(text); return isNaN(n) ? text : n; };
  rows.sort((a, b) => (key(a) > key(b) ? 1 : key(a) < key(b) ? -1 : 0) * (up ? 1 : -1));
  th.dataset.up = up ? '1' : '0'; rows.forEach(row => body.appendChild(row));
}));"""


def _table_html(table: Table) -> str:
    head = "".join(f"<th>{html.escape(str(name))}</th>" for name in table.header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in table.rows)
    return f'<table class="sortable"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


CHARTS = {
    "zh": {
        "title": "各校最不利的一天与限值",
        "activity": "每天体育活动（最少的一天，分钟；竖线为下限）",
        "learning": "在校集中学习（最多的一天，分钟；竖线为上限）",
        "homework": "书面作业（最多的一天，分钟；竖线为上限）",
    },
    "en": {
        "title": "Each school's worst day against the limit",
        "activity": "Daily physical activity (least day, minutes; the line is the minimum)",
        "learning": "Concentrated learning (longest day, minutes; the line is the cap)",
        "homework": "Written homework (most in a day, minutes; the line is the cap)",
    },
}
ROW, LABEL_WIDTH, BAR_WIDTH = 18, 120, 420


def _chart(results: list[dict], figure: str, title: str) -> str:
    """A bar per school of its worst day's figure, a line at its limit; a bar past the limit (below a
    minimum, above a cap) is drawn red."""
    rows = [(r["school"], *r["figures"][figure]) for r in results if figure in r.get("figures", {})]
    if not rows:
        return ""
    top = max(max(value, limit) for _, value, limit in rows) or 1
    scale = BAR_WIDTH / top
    height = ROW * len(rows) + 4
    parts = []
    for index, (school, value, limit) in enumerate(rows):
        y = index * ROW + 2
        beyond = value < limit if figure == "activity" else value > limit
        colour = "#c0392b" if beyond else "#2e86c1"
        parts.append(
            f'<text x="{LABEL_WIDTH - 4}" y="{y + 13}" text-anchor="end">{html.escape(school)}</text>'
            f'<rect class="{"beyond" if beyond else "within"}" x="{LABEL_WIDTH}" y="{y + 2}" width="{value * scale:.1f}" '
            f'height="{ROW - 5}" fill="{colour}"><title>{value} / {limit}</title></rect>'
            f'<line x1="{LABEL_WIDTH + limit * scale:.1f}" x2="{LABEL_WIDTH + limit * scale:.1f}" y1="{y}" '
            f'y2="{y + ROW}" stroke="#000" stroke-width="2"/>'
            f'<text x="{LABEL_WIDTH + max(value, limit) * scale + 4:.1f}" y="{y + 13}">{value} / {limit}</text>'
        )
    width = LABEL_WIDTH + BAR_WIDTH + 80
    svg = (
        f'<svg class="chart" data-figure="{figure}" width="{width}" height="{height}" font-size="12">{"".join(parts)}</svg>'
    )
    return f"<figure><figcaption>{html.escape(title)}</figcaption>{svg}</figure>"


def _page(schools: Table, rules: Table, lang: Lang, results: list[dict]) -> str:
    title = "区域合规总览" if lang == "zh" else "District compliance"
    words = CHARTS[lang]
    drawn = "".join(_chart(results, figure, words[figure]) for figure in ("activity", "learning", "homework"))
    charts = f"<h2>{words['title']}</h2>{drawn}" if drawn else ""
    by_rule = "按规则" if lang == "zh" else "By rule"
    style = (
        "body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;margin-bottom:2em}"
        "td,th{border:1px solid #999;padding:2px 6px}th{cursor:pointer;background:#eee}"
        "td:nth-child(-n+5),th{white-space:nowrap}"
    )
    return (
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{style}</style></head><body><h1>{title}</h1>{_table_html(schools)}<h2>{by_rule}</h2>{_table_html(rules)}"
        f"{charts}<script>{SORT}</script></body></html>"
    )


HALF_WORDS = {"zh": {None: "", "am": "上午", "pm": "下午"}, "en": {None: "", "am": " am", "pm": " pm"}}


def visits_table(visits: list, teachers: list[str], days: list[str], lang: Lang) -> Table:
    """Where each shared teacher is, day by day (上午 / 下午 where they move by half-days)."""
    rows = []
    for teacher in teachers:
        cells = []
        for day in days:
            here = sorted((v for v in visits if v.teacher == teacher and v.day == day), key=lambda v: v.half or "")
            cells.append("、".join(f"{v.school}{HALF_WORDS[lang][v.half]}" for v in here))
        rows.append([teacher, *cells])
    return Table([label(lang, "teacher"), *(day_label(lang, day) for day in days)], rows)


def plan_table(days: dict[str, list], lang: Lang, week: list[str]) -> Table:
    """A shared teacher's lessons of the week in every school, in time order (`days`: by day, the
    district check's (start, end, school, lesson))."""
    header = labels(lang, "weekday", "time", "school", "period", "class", "subject")
    rows = [
        [
            day_label(lang, day),
            f"{format_clock(start)}–{format_clock(end)}",
            school,
            period_label(lang, lesson.period),
            lesson.class_,
            lesson.subject,
        ]
        for day in week
        for start, end, school, lesson in days.get(day, [])
    ]
    return Table(header, rows)


def write_shared(visits: list, plans: dict[str, dict[str, list]], week: list[str], out: Path, name: str, lang: Lang) -> None:
    """The shared teachers' plans: 走教安排.xlsx (where each is, day by day, and each one's week) and
    site/ pages (the same, a page per teacher), each written atomically."""
    from scheduler.publish.folder import atomic_folder
    from scheduler.publish.site import write_table_pages

    heading = label(lang, "shared_heading")
    overview = visits_table(visits, list(plans), week, lang)
    weeks = {teacher: plan_table(days, lang, week) for teacher, days in plans.items()}
    workbook = Workbook()
    workbook.remove(workbook.active)
    write_table(workbook.create_sheet(heading), overview)
    taken = {heading}
    for teacher, table in weeks.items():
        write_table(workbook.create_sheet(sheet_title(teacher, taken)), table)
    with atomic_target(out / f"{heading}.xlsx") as temporary:
        workbook.save(temporary)
    pages = {teacher: (label(lang, "shared_plan"), "shared-week", table) for teacher, table in weeks.items()}
    with atomic_folder(out / "site") as site:
        write_table_pages(
            site, name, heading, [(None, "shared-visits", overview)], (label(lang, "shared_plans"), pages), lang
        )
