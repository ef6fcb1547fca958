"""The record of a change set (调代课记录), as an office posts and files it: every dated change, a
ledger per teacher (covers given, lessons missed, swaps: for 课时 accounting), and each affected
class's and teacher's week as held, date by date, the changed lessons marked."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from openpyxl import Workbook

from models.absence import CoverChange
from models.calendar import Lang, day_label, period_label
from models.instance import Instance
from scheduler.check.term import DatedLesson
from scheduler.check.timetable import lesson_teachers
from scheduler.formats.sheets import sheet_title
from scheduler.publish.labels import label, labels
from scheduler.publish.site import write_table_pages
from scheduler.publish.tables import Table
from scheduler.publish.workbook import write_table

KIND_LABELS = {
    "zh": {
        "substitute": "代课",
        "swap": "调课",
        "self_study": "自习",
        "makeup": "补课",
        "indoor": "室内课",
        "merge": "合班",
    },
    "en": {
        "substitute": "substitute",
        "swap": "swap",
        "self_study": "self-study",
        "makeup": "make-up",
        "indoor": "indoor",
        "merge": "merged",
    },
}


def describe(change: CoverChange, lang: Lang) -> str:
    """A change in words: `代课：李强` / `调课：与 10-14 第3节 数学（张敏）对调` / `自习：王芳值班` /
    `合班：与三年级2班合上（孙涛）` / `室内课：在本班教室上`."""
    kind = KIND_LABELS[lang][change.kind]
    if change.kind == "swap":
        when = f"{change.swap_date} {period_label(lang, change.swap_period or 0)}"
        other = (
            f"{when} {change.swap_subject}（{change.swap_teacher}）"
            if lang == "zh"
            else f"{when} {change.swap_subject} ({change.swap_teacher})"
        )
        return f"{kind}：与 {other} 对调" if lang == "zh" else f"{kind} with {other}"
    if change.kind == "makeup":
        return (
            f"{kind}：{change.teacher}，补 {change.makes_up} 的自习"
            if lang == "zh"
            else f"{kind} by {change.teacher} for {change.makes_up}"
        )
    if change.kind == "self_study":
        return f"{kind}：{change.cover}值班" if lang == "zh" else f"{kind}, {change.cover} on duty"
    if change.kind == "merge":
        return (
            f"{kind}：与{change.merge_with}合上（{change.cover}）"
            if lang == "zh"
            else f"{kind} with {change.merge_with} ({change.cover})"
        )
    room = ("（在本班教室）" if lang == "zh" else " (in the class's own room)") if change.indoor else ""
    if change.kind == "indoor":
        return f"{kind}：在本班教室上" if lang == "zh" else f"{kind}: in the class's own room"
    return f"{kind}：{change.cover}{room}" if lang == "zh" else f"{kind}: {change.cover}{room}"


def record_table(changes: list[CoverChange], lang: Lang) -> Table:
    """Every change by date, period and class."""
    header = [
        *labels(lang, "date", "period", "class", "subject"),
        label(lang, "teacher_away"),
        label(lang, "change"),
        label(lang, "reason"),
    ]
    rows = [
        [str(c.date), period_label(lang, c.period), c.class_, c.subject, c.teacher, describe(c, lang), c.reason]
        for c in sorted(changes, key=lambda c: (c.date, c.period, c.class_))
    ]
    return Table(header, rows)


def ledger_table(inst: Instance, changes: list[CoverChange], lang: Lang) -> Table:
    """Per teacher: lessons covered (代课 and 自习 duty), lessons missed while away, lessons swapped."""
    covered = Counter(c.cover for c in changes if c.cover)
    missed = Counter(c.teacher for c in changes if c.kind in ("substitute", "self_study", "merge"))
    made_up = Counter(c.teacher for c in changes if c.kind == "makeup")
    swapped = Counter(t for c in changes if c.kind == "swap" for t in (c.teacher, c.swap_teacher))
    header = [label(lang, "teacher"), *labels(lang, "covers_given", "lessons_missed", "swaps", "made_up")]
    names = [t.name for t in inst.teachers if covered[t.name] or missed[t.name] or swapped[t.name] or made_up[t.name]]
    return Table(header, [[name, covered[name], missed[name], swapped[name], made_up[name]] for name in names])


def owner_weeks(inst: Instance, held: list[DatedLesson], changes: list[CoverChange], lang: Lang) -> dict[str, Table]:
    """Each affected class's and teacher's teaching week as held: a row per period, a column per date,
    a changed lesson marked with its change."""
    days = inst.term
    marks = {(c.class_, c.date, c.period): KIND_LABELS[lang][c.kind] for c in changes}
    marks |= {(c.class_, c.swap_date, c.swap_period): KIND_LABELS[lang]["swap"] for c in changes if c.kind == "swap"}
    classes = sorted({c.class_ for c in changes})
    teachers = sorted({t for c in changes for t in (c.teacher, c.cover, c.swap_teacher) if t})
    tables = {}
    for owner in classes + teachers:
        mine = [c for c in changes if owner in (c.class_, c.teacher, c.cover, c.swap_teacher)]
        weeks = {days[c.date].week for c in mine}
        dates = sorted(d for d, day in days.items() if day.week in weeks and day.status in ("teaching", "makeup"))
        cells = _owner_cells(inst, held, owner, owner in classes)
        for c in mine:  # a self-study holds no lesson: its class and its duty teacher still see it
            if c.kind == "self_study" and owner in (c.class_, c.cover):
                study = label(lang, "self_study_cell")
                cells[c.date, c.period] = (c.class_, study if owner == c.class_ else f"{c.class_} {study}")
        periods = range(1, max(len(section.periods) for section in inst.sections_in_force) + 1)
        header = [label(lang, "period"), *(f"{d} {day_label(lang, days[d].runs or '')}" for d in dates)]
        rows = [[period_label(lang, p), *(_cell(cells, marks, d, p, lang) for d in dates)] for p in periods]
        tables[owner] = Table(header, rows)
    return tables


def _owner_cells(inst: Instance, held: list[DatedLesson], owner: str, is_class: bool) -> dict:
    """(date, period) -> (class, the cell's text) of a class's or a teacher's dated lessons as held."""
    cells = {}
    for item in held:
        lesson, teachers = item.lesson, lesson_teachers(inst, item.lesson)
        if is_class and lesson.class_ == owner:
            cells[item.date, lesson.period] = (lesson.class_, f"{lesson.subject} {' '.join(teachers)}".strip())
        elif not is_class and owner in teachers:
            cells[item.date, lesson.period] = (lesson.class_, f"{lesson.class_} {lesson.subject}")
    return cells


def _cell(cells: dict, marks: dict, date: dt.date, period: int, lang: Lang) -> str:
    class_name, text = cells.get((date, period), (None, ""))
    if class_name is None:  # a self-study: no lesson held, the class still marked
        class_name = next(
            (c for c, d, p in marks if d == date and p == period and marks[c, d, p] == KIND_LABELS[lang]["self_study"]), None
        )
        text = label(lang, "self_study_cell") if class_name else ""
    mark = marks.get((class_name, date, period))
    return f"{text}（{mark}）" if mark and lang == "zh" else (f"{text} ({mark})" if mark else text)


def write_record_site(inst: Instance, held: list[DatedLesson], changes: list[CoverChange], folder: Path, lang: Lang) -> None:
    """The record as offline pages: index.html (the record, the ledger, links) and a page per affected
    class's and teacher's week as held, ready to print and post."""
    sections = [
        (None, "cover-record", record_table(changes, lang)),
        (label(lang, "ledger"), "cover-ledger", ledger_table(inst, changes, lang)),
    ]
    pages = {
        owner: (label(lang, "weeks_as_held"), "cover-week", table)
        for owner, table in owner_weeks(inst, held, changes, lang).items()
    }
    heading = label(lang, "record")
    write_table_pages(folder, inst.school.name, heading, sections, (label(lang, "weeks_as_held"), pages), lang)


def write_record(inst: Instance, held: list[DatedLesson], changes: list[CoverChange], path: Path, lang: Lang) -> None:
    """The record as a workbook: 记录, 台账, and a sheet per affected class's and teacher's week."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for title, table in (
        (label(lang, "record"), record_table(changes, lang)),
        (label(lang, "ledger"), ledger_table(inst, changes, lang)),
    ):
        write_table(workbook.create_sheet(sheet_title(title, taken)), table)
    for name, table in owner_weeks(inst, held, changes, lang).items():
        write_table(workbook.create_sheet(sheet_title(name, taken)), table)
    workbook.save(path)
