"""The term audit: the weekly timetable lived as the dates of the school calendar (校历), checked by
the independent checker from the instance alone.

Rules (models/rules.py, TERM_RULES): no lesson on a date that is not a teaching or make-up day
(term.off_days); each dated bell schedule passes the daily minute rules with the weekly timetable
(term.bells); the last teaching day before a holiday or weekend within the weekend homework cap
(term.holiday_homework); and two findings: at most one exam per term (term.one_exam), and each
class's lessons of each subject over the term against its weekly plan × the term's teaching weeks
(term.hours_delivered), each shortfall with the dates that took it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from models.calendar import iso_weekday
from models.instance import Instance
from models.rules import BELL_RULES
from models.solution import HomeworkItem, Lesson
from models.term import TermDay
from scheduler.check.checker import check_timetable
from scheduler.check.timetable import written_in_weeks
from scheduler.check.violation import Violation

TEACHING = ("teaching", "makeup")


@dataclass(frozen=True)
class DatedLesson:
    """A lesson of the weekly timetable on a date of the term."""

    date: dt.date
    lesson: Lesson


def dated_lessons(days: list[TermDay], lessons: list[Lesson]) -> list[DatedLesson]:
    """Every lesson of the term: on each teaching or make-up date, the lessons of the weekday it runs,
    in that teaching week's parity (单双周)."""
    by_day: dict[str, list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        by_day[lesson.day].append(lesson)
    return [
        DatedLesson(day.date, lesson)
        for day in days
        if day.status in TEACHING
        for lesson in by_day[day.runs or ""]
        if lesson.weeks in ("all", day.parity)
    ]


def off_day_lessons(days: list[TermDay], dated: list[DatedLesson]) -> list[Violation]:
    """Lessons on a date that is a holiday, an exam or non-teaching day, or a weekend day that is not
    a make-up working day."""
    status = {day.date: day for day in days}
    found = []
    for item in dated:
        day = status.get(item.date)
        if day is None or day.status not in TEACHING:
            why = day.name if day and day.name else "weekend"
            english = f"{item.lesson.class_} has {item.lesson.subject} on {item.date} ({why})"
            chinese = (
                f"{item.lesson.class_}在{item.date}（{day.name if day and day.name else '周末'}）有{item.lesson.subject}课"
            )
            found.append(Violation("term.off_days", english, item.lesson.class_, message_zh=chinese))
    return found


def exam_findings(inst: Instance) -> list[Violation]:
    """More than one exam in the term (the seeds allow one)."""
    exams = inst.calendar.exams if inst.calendar else []
    if len(exams) <= 1:
        return []
    names = "、".join(exam.name for exam in exams)
    return [
        Violation(
            "term.one_exam",
            f"{len(exams)} exams in the term: {names}",
            message_zh=f"一个学期有 {len(exams)} 次考试：{names}",
        )
    ]


@dataclass(frozen=True)
class Hours:
    """A class's lessons of a subject over the term: planned (weekly plan × teaching weeks), delivered,
    and the dates whose status took the missing ones."""

    class_: str
    subject: str
    planned: int
    delivered: int
    lost: tuple[dt.date, ...]

    @property
    def short(self) -> int:
        return max(0, self.planned - self.delivered)


def teaching_weeks(inst: Instance, days: list[TermDay]) -> int:
    """The term's teaching weeks: its teaching and make-up days in school weeks, to the nearest whole
    week (a term of 24 five-day-week teaching days has 5: the lessons of the missing day fall short)."""
    teaching, per_week = sum(day.status in TEACHING for day in days), len(inst.days)
    return (2 * teaching + per_week) // (2 * per_week)


def hours_delivered(inst: Instance, days: list[TermDay], lessons: list[Lesson]) -> list[Hours]:
    """Per class and subject: the weekly lessons (an odd/even-week subject's by half) × the teaching
    weeks, the lessons the dates deliver, and the dates of the weekdays that would have held them."""
    weeks = teaching_weeks(inst, days)
    delivered = Counter((item.lesson.class_, item.lesson.subject) for item in dated_lessons(days, lessons))
    weekly: Counter[tuple[str, str]] = Counter()
    on_weekday: dict[tuple[str, str], set[str]] = defaultdict(set)
    for lesson in lessons:
        weekly[lesson.class_, lesson.subject] += 1 if lesson.weeks == "all" else 0.5
        on_weekday[lesson.class_, lesson.subject].add(lesson.day)
    school_day = {iso_weekday(day): day for day in inst.days}
    off = [day for day in days if day.status in ("holiday", "exam", "non_teaching")]
    found = []
    for (name, subject), per_week in sorted(weekly.items()):
        lost = tuple(day.date for day in off if school_day.get(day.date.isoweekday()) in on_weekday[name, subject])
        found.append(Hours(name, subject, int(per_week * weeks), delivered[name, subject], lost))
    return found


def hours_findings(hours: list[Hours]) -> list[Violation]:
    """Each class and subject delivered short of its plan over the term, with the dates that took it."""
    found = []
    for entry in hours:
        if entry.short:
            dates = ", ".join(str(date) for date in entry.lost) or "—"
            name, subject, counts = entry.class_, entry.subject, f"{entry.delivered}/{entry.planned}"
            english = f"{name}: {subject} {counts} lessons over the term (lost on {dates})"
            chinese = f"{name}：{subject}全学期 {counts} 节，少 {entry.short} 节（占用日期：{dates}）"
            found.append(Violation("term.hours_delivered", english, entry.class_, message_zh=chinese))
    return found


def holiday_homework(inst: Instance, days: list[TermDay], homework: list[HomeworkItem]) -> list[Violation]:
    """The written homework set on the last teaching day before a holiday or weekend within the
    weekend cap (双休日、节假日不加大作业量)."""
    found, seen = [], set()
    for day, following in zip(days, days[1:], strict=False):
        if day.status not in TEACHING or following.status in TEACHING:
            continue
        minutes = written_in_weeks(homework, day.parity)
        for school_class in inst.classes:
            set_then, cap = minutes.get((school_class.name, day.runs), 0), inst.weekend_homework_cap(school_class.name)
            if set_then > cap and (school_class.name, day.date) not in seen:
                seen.add((school_class.name, day.date))
                english = (
                    f"{school_class.name} has {set_then} min of written homework on {day.date}, before a day off; cap {cap}"
                )
                chinese = f"{school_class.name}在{day.date}（假前最后一个上课日）书面作业 {set_then} 分钟，上限 {cap} 分钟"
                found.append(Violation("term.holiday_homework", english, school_class.name, message_zh=chinese))
    return found


def bell_violations(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """Each dated bell schedule with the weekly timetable: the daily minute rules must hold as under
    the weekly bell (learning cap, activity minimum, lesson window)."""
    found = []
    for entry, under in zip(inst.calendar.bells if inst.calendar else [], inst.dated_bells, strict=True):
        for violation in check_timetable(under, lessons, homework):
            if violation.rule in BELL_RULES:
                english, chinese = f"{entry.name}: {violation.message}", f"{entry.name}：{violation.message_zh}"
                found.append(Violation("term.bells", english, violation.class_, day=violation.day, message_zh=chinese))
    return found


def audit_term(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """The term audit of a weekly timetable (empty when the instance has no calendar)."""
    if inst.calendar is None:
        return []
    days = list(inst.term.values())
    found = off_day_lessons(days, dated_lessons(days, lessons)) + bell_violations(inst, lessons, homework)
    found += holiday_homework(inst, days, homework) + exam_findings(inst)
    return found + hours_findings(hours_delivered(inst, days, lessons))
