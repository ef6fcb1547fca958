"""The workbook's sheet titles: a sheet per class, named after it, and the export's own sheets, so
that a workbook jianfu wrote (scheduler.publish.workbook) can be read back (scheduler.formats.spreadsheet)."""

from __future__ import annotations

import re

from models.instance import Instance

TEACHER_SHEET_PREFIX = {"zh": "教师-", "en": "T-"}
SHEET_NAMES = {
    "zh": {
        "master": "总课表",
        "venues": "场地使用",
        "homework": "作业",
        "compliance": "合规检查",
        "bell": "作息时间表",
        "assignment": "任课安排",
        "loads": "教师课时",
    },
    "en": {
        "master": "School week",
        "venues": "Venues",
        "homework": "Homework",
        "compliance": "Compliance",
        "bell": "Bell",
        "assignment": "Assignment",
        "loads": "Loads",
    },
}
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def is_export_sheet(title: str) -> bool:
    """Whether a sheet title is one of the exported non-class sheets (teacher, venue, homework...)."""
    names = {n for by_lang in SHEET_NAMES.values() for n in by_lang.values()}
    return title in names or title.startswith(tuple(TEACHER_SHEET_PREFIX.values()))


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unused sheet title for a name (Excel forbids []:*?/\\ and allows 31 characters)."""
    base = _BAD_TITLE.sub("_", name)[:31] or "_"
    title, number = base, 2
    while title.lower() in taken:
        suffix = f"~{number}"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


def class_sheet_titles(inst: Instance, taken: set[str] | None = None) -> dict[str, str]:
    """Each class's sheet title: its name made valid and unique, never a name the export uses."""
    taken = set() if taken is None else taken
    taken |= {name.lower() for by_lang in SHEET_NAMES.values() for name in by_lang.values()}
    return {school_class.name: sheet_title(school_class.name, taken) for school_class in inst.classes}
