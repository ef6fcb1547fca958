"""The district dashboard: one row per school (status, the hard rules it breaks, its activity,
learning and homework figures, its soft-rule penalty, the first message), one row per rule (the
schools that break it); as a workbook and an offline page with sortable columns, Chinese by default."""

from __future__ import annotations

import html
from pathlib import Path

from openpyxl import Workbook

from models.calendar import Lang
from models.loading import atomic_target
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
        note = (result.get("messages") or [""])[0]
        status = STATUS[lang][result.get("status", "error")]
        row = [result["school"], status, result.get("classes", ""), result.get("violations", ""), "、".join(failed)]
        rows.append(row + figures + [penalty if rules else "", note])
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
        temporary.write_text(_page(schools, rules, lang), encoding="utf-8")
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


def _page(schools: Table, rules: Table, lang: Lang) -> str:
    title = "区域合规总览" if lang == "zh" else "District compliance"
    by_rule = "按规则" if lang == "zh" else "By rule"
    style = (
        "body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;margin-bottom:2em}"
        "td,th{border:1px solid #999;padding:2px 6px}th{cursor:pointer;background:#eee}"
        "td:nth-child(-n+5),th{white-space:nowrap}"
    )
    return (
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{style}</style></head><body><h1>{title}</h1>{_table_html(schools)}<h2>{by_rule}</h2>{_table_html(rules)}"
        f"<script>{SORT}</script></body></html>"
    )
