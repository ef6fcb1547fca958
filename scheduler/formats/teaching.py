"""What an imported timetabling file (FET, XHSTT) becomes in a jianfu instance: its units of teaching
as plans, double lessons, teaching assignments and 合班 entries; its hours as bell periods; and the
policy of a file that carries none of the burden-reduction rules."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from models.calendar import format_clock
from models.instance import WISHED_MOST
from scheduler.formats.import_report import ImportReport

_TIME = re.compile(r"(\d{1,2})[:.h](\d{2})")

# Such files carry none of the burden-reduction rules: every cap off, every window open.
NO_BURDEN_RULES = {
    "max_daily_learning_minutes": 1440,
    "min_daily_activity_minutes": 0,
    "earliest_lesson_start": "00:00",
    "latest_dismissal": "23:59",
    "main_subject_daily_max": 20,
    "other_subject_daily_max": 20,
    "max_break_in_double_minutes": 1440,
}


WISH_LOWERED = (
    "a wished minimum a day above the teacher's maximum a day (or a day's periods) is lowered to it",
    "高于该教师每天最多课时（或每天节数）的希望最少课时降为该数",
)


def wished_minimum_lowered(teacher: dict, periods: int) -> bool:
    """Lower an imported teacher's wished fewest lessons a day (`preferred_per_day.min`) to the most
    they may or wish to teach on a day, or to the `periods` of a day: the files let these conflict, a
    jianfu instance does not. Whether it was lowered (for the report, WISH_LOWERED)."""
    wish = teacher.get("preferred_per_day") or {}
    most = min(teacher.get("max_per_day", WISHED_MOST), wish.get("max", WISHED_MOST), periods)
    if wish.get("min", 1) <= most:
        return False
    wish["min"] = most
    return True


def bell_periods(hour_names: list[str]) -> tuple[list[dict], bool]:
    """Bell periods from hour names: their clock times if every name starts with one (and whether it
    did), else 40-minute periods every 50 minutes from 08:00."""
    starts = [_TIME.search(name) for name in hour_names]
    minutes = [int(m.group(1)) * 60 + int(m.group(2)) for m in starts] if all(starts) else []
    timed = bool(minutes) and minutes == sorted(set(minutes))
    if timed:
        ends = [min(start + 40, nxt) for start, nxt in zip(minutes, minutes[1:] + [minutes[-1] + 45], strict=True)]
    else:
        minutes = [8 * 60 + 50 * number for number in range(len(hour_names))]
        ends = [start + 40 for start in minutes]
    periods = [
        {"name": name, "start": format_clock(start), "end": format_clock(end)}
        for name, start, end in zip(hour_names, minutes, ends, strict=True)
    ]
    return periods, timed


def crosses_noon(periods: list[dict]) -> bool:
    """Whether the day has periods both before and after noon (jianfu's 上午 and 下午)."""
    return any(p["start"] >= "12:00" for p in periods) and any(p["start"] < "12:00" for p in periods)


def stage_of(classes: dict[str, int]) -> str:
    """primary when every class is in grades 1-6, else junior."""
    return "primary" if all(grade <= 6 for grade in classes.values()) else "junior"


class Teaching:
    """A file's units of teaching (FET activities, XHSTT events) as plans, double lessons, teaching
    assignments and 合班 entries; what had to change is recorded in the report under `unit`, the unit's
    name in the file, with `words` naming it and whom it is for in the reasons (English, Chinese:
    "activity", "教学班", "students", "学生")."""

    def __init__(self, classes: dict[str, int], report: ImportReport, unit: str, words: tuple[str, str, str, str]):
        self.classes, self.report, self.unit, self.words = classes, report, unit, words
        self.plan: dict[str, Counter] = defaultdict(Counter)
        self.doubles: dict[str, Counter] = defaultdict(Counter)
        self.teaches: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.assigned: dict[tuple[str, str], str] = {}
        self.merged: list[dict] = []

    def add(
        self, subject: str, teachers: list[str], classes: list[str], lessons: int, doubles: int, note: tuple[str, str] = ()
    ) -> bool:
        """One unit: `lessons` a week of `subject`, `doubles` of them double lessons, for each class,
        taught by the first teacher; False when it has no class or no teacher and is left out. A `note`
        (English, Chinese) is an approximation of the caller's, reported after the teachers'. The unit
        is counted once in the report, whatever it notes (the caller's notes on it count 0)."""
        english, chinese, members, members_zh = self.words
        if not classes or not teachers:
            why = (
                f"an {english} without {members} or without a teacher is left out",
                f"没有{members_zh}或没有教师的{chinese}未导入",
            )
            self.report.add(self.unit, "ignored", *why)
            return False
        self.report.add(self.unit, "exact")
        if len(teachers) > 1:
            why = f"an {english} with several teachers keeps its first teacher", f"有几位教师的{chinese}只保留第一位教师"
            self.report.add(self.unit, "approximated", *why, count=0)
        if note:
            self.report.add(self.unit, "approximated", *note, count=0)
        for name in classes:
            self._teach(name, subject, teachers[0], lessons, doubles)
        if len(classes) > 1 and all(self.assigned[name, subject] == teachers[0] for name in classes):
            self.merged.append({"subject": subject, "classes": classes, "lessons": lessons, "doubles": doubles})
        elif len(classes) > 1:
            why = "classes with other teachers for the subject are taught apart", "该学科由别的教师任教的班级分开上课"
            self.report.add(self.unit, "approximated", *why, count=0)
        return True

    def _teach(self, name: str, subject: str, teacher: str, lessons: int, doubles: int) -> None:
        if self.assigned.setdefault((name, subject), teacher) != teacher:
            why = "a class's subject taught by two teachers keeps the first", "一个班的同一学科有两位教师时，保留第一位"
            self.report.add(self.unit, "approximated", *why, count=0)
        elif name not in self.teaches[teacher][subject]:
            self.teaches[teacher][subject].append(name)
        self.plan[name][subject] += lessons
        self.doubles[name][subject] += doubles

    def instance_sections(self) -> dict:
        """The grades, classes, teachers and merged sections of the instance."""
        classes = [
            {
                "name": name,
                "grade": grade,
                "plan": dict(self.plan[name]),
                "doubles": {s: n for s, n in self.doubles[name].items() if n},
            }
            for name, grade in self.classes.items()
            if self.plan[name]
        ]
        return {
            "grades": [{"grade": g, "plan": {}} for g in sorted(set(self.classes.values()))],
            "classes": classes,
            "teachers": [{"name": name, "teaches": dict(subjects)} for name, subjects in self.teaches.items()],
            "merged": _merge_entries(self.merged),
        }


def _merge_entries(entries: list[dict]) -> list[dict]:
    """One 合班 entry per (subject, classes), lessons and doubles summed."""
    combined: dict[tuple[str, tuple[str, ...]], dict] = {}
    for entry in entries:
        key = (entry["subject"], tuple(entry["classes"]))
        found = combined.setdefault(
            key, {"subject": entry["subject"], "classes": entry["classes"], "lessons": 0, "doubles": 0}
        )
        found["lessons"] += entry["lessons"]
        found["doubles"] += entry["doubles"]
    return [{k: v for k, v in e.items() if k != "doubles" or v} for e in combined.values()]
