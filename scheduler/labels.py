"""Labels of everything jianfu publishes, in Chinese (the default) and English.

User-given names (classes, subjects, teachers, venues) are never translated; day names are shown
in the chosen language whatever spelling the instance uses.
"""

from __future__ import annotations

from typing import Literal

from models.calendar import iso_weekday

Lang = Literal["zh", "en"]
LANGS: tuple[str, ...] = ("zh", "en")

_DAYS = {
    "zh": ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "period": "节次",
        "time": "时间",
        "class": "班级",
        "classes": "班级课表",
        "teacher": "教师",
        "teachers": "教师课表",
        "venue": "场地",
        "venues": "场地使用",
        "subject": "学科",
        "lessons": "节数",
        "homework": "作业",
        "homework_plan": "作业统筹公示",
        "written_total": "书面合计",
        "cap": "上限",
        "minutes": "分钟",
        "school_minutes": "校内完成",
        "not_written": "非书面",
        "compliance": "合规检查",
        "rule": "规则",
        "title": "名称",
        "kind": "类别",
        "hard": "硬性",
        "soft": "软性",
        "verdict": "结论",
        "pass": "通过",
        "fail": "未通过",
        "penalty": "扣分",
        "weight": "权重",
        "figures": "数据",
        "bell": "作息时间表",
        "block": "项目",
        "start": "开始",
        "end": "结束",
        "days": "日期",
        "every_day": "每天",
        "assignment": "任课安排表",
        "loads": "教师课时",
        "load_heatmap": "教师每日课时热力图",
        "week_total": "周合计",
        "publication": "开学一周内公示",
        "index": "首页",
        "timetable": "课程表",
        "capacity": "容量",
        "status": "求解状态",
        "objective": "目标值",
        "print": "打印",
        "generated_by": "由 jianfu 减负排课生成并经独立检查器核验",
        "chart_caption": "每天书面作业分钟数与上限",
        "odd_even": "单/双周",
        "no_written": "不布置书面家庭作业",
        "grades": "年级",
        "daily_max": "每日上限",
        "written": "书面",
        "done_at": "完成地点",
    },
    "en": {
        "period": "Period",
        "time": "Time",
        "class": "Class",
        "classes": "Class timetables",
        "teacher": "Teacher",
        "teachers": "Teacher timetables",
        "venue": "Venue",
        "venues": "Venue usage",
        "subject": "Subject",
        "lessons": "Lessons",
        "homework": "Homework",
        "homework_plan": "Homework-control plan",
        "written_total": "Written total",
        "cap": "Cap",
        "minutes": "min",
        "school_minutes": "Done at school",
        "not_written": "not written",
        "compliance": "Compliance",
        "rule": "Rule",
        "title": "Title",
        "kind": "Kind",
        "hard": "hard",
        "soft": "soft",
        "verdict": "Verdict",
        "pass": "pass",
        "fail": "fail",
        "penalty": "penalty",
        "weight": "Weight",
        "figures": "Figures",
        "bell": "Bell schedule",
        "block": "Item",
        "start": "Start",
        "end": "End",
        "days": "Days",
        "every_day": "every day",
        "assignment": "Teacher assignment",
        "loads": "Teacher loads",
        "load_heatmap": "Teacher lessons per day (heatmap)",
        "week_total": "Week",
        "publication": "To publish in the first week of term",
        "index": "Index",
        "timetable": "Timetable",
        "capacity": "Capacity",
        "status": "Solve status",
        "objective": "Objective",
        "print": "Print",
        "generated_by": "Made by jianfu and verified by its independent checker",
        "chart_caption": "Written homework minutes per day against the cap",
        "odd_even": "odd/even weeks",
        "no_written": "no written homework",
        "grades": "Grades",
        "daily_max": "Max/day",
        "written": "Written",
        "done_at": "Done at",
    },
}

# Names of the workbook's sheets that are not class timetables, so that the workbook can be read back.
TEACHER_SHEET_PREFIX = {"zh": "教师-", "en": "T-"}
SHEET_NAMES = {
    "zh": {
        "venues": "场地使用",
        "homework": "作业",
        "compliance": "合规检查",
        "bell": "作息时间表",
        "assignment": "任课安排",
        "loads": "教师课时",
    },
    "en": {
        "venues": "Venues",
        "homework": "Homework",
        "compliance": "Compliance",
        "bell": "Bell",
        "assignment": "Assignment",
        "loads": "Loads",
    },
}


def label(lang: Lang, key: str) -> str:
    """The label `key` in the language."""
    return LABELS[lang][key]


def labels(lang: Lang, *keys: str) -> list[str]:
    """The labels `keys` in the language, in order (a table header)."""
    return [LABELS[lang][key] for key in keys]


def day_labels(lang: Lang, days: list[str]) -> list[str]:
    """School days' names in the language."""
    return [day_label(lang, day) for day in days]


def day_label(lang: Lang, day: str) -> str:
    """A school day's name in the language (星期一 / Monday), whatever spelling the instance uses."""
    number = iso_weekday(day)
    return _DAYS[lang][number - 1] if number else day


def period_name(lang: Lang, number: int, given: str | None = None) -> str:
    """A period's name: the bell schedule's own name, else 第N节 / Period N."""
    if given:
        return given
    return f"第{number}节" if lang == "zh" else f"Period {number}"


def is_export_sheet(title: str) -> bool:
    """Whether a sheet title is one of the exported non-class sheets (teacher, venue, homework...)."""
    names = {n for by_lang in SHEET_NAMES.values() for n in by_lang.values()}
    return title in names or title.startswith(tuple(TEACHER_SHEET_PREFIX.values()))
