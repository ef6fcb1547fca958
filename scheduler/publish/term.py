"""What a school posts about its term (校历): the calendar grid of weeks and dates with their status,
each class's lessons of each subject over the term against the plan, and calendar files (ICS) per
class and per teacher with one event per dated lesson, at the times of the bell in force that day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from models.calendar import Lang, day_label
from models.instance import Instance
from models.solution import HomeworkItem, Lesson
from models.term import TermDay
from scheduler.check.term import DatedLesson, audit_term, dated_lessons, hours_delivered, teaching_weeks
from scheduler.check.timetable import lesson_teachers
from scheduler.check.violation import Violation
from scheduler.publish.labels import label, labels
from scheduler.publish.tables import Table

HARD_TERM_RULES = ("term.off_days", "term.bells", "term.holiday_homework")
TIMEZONE = ZoneInfo("Asia/Shanghai")  # written into each file as its VTIMEZONE


@dataclass
class TermTables:
    """The term's tables and calendar files, labelled in one language."""

    days: list[TermDay]
    weeks: int
    calendar: Table
    hours: Table
    audit: list[Violation]
    lessons: Table  # the dated term timetable: every lesson on every date of the term
    ics: dict[str, bytes] = field(default_factory=dict)  # file name -> content

    @property
    def hard(self) -> list[Violation]:
        """The audit's breaches of hard term rules (a timetable with one is not published)."""
        return [violation for violation in self.audit if violation.rule in HARD_TERM_RULES]


def status_text(day: TermDay, lang: Lang) -> str:
    """`9/1`, then the status: `国庆节`, `调休（星期四）`, `期末考试`; a teaching day its week's date only."""
    text = f"{day.date.month}/{day.date.day}"
    if day.status == "makeup":
        runs = day_label(lang, day.runs or "")
        return (
            f"{text} {label(lang, 'status_makeup')}（{runs}）"
            if lang == "zh"
            else f"{text} {label(lang, 'status_makeup')} ({runs})"
        )
    if day.name:
        return f"{text} {day.name}"
    return text if day.status in ("teaching", "weekend") else f"{text} {label(lang, 'status_' + day.status)}"


def calendar_table(days: list[TermDay], lang: Lang) -> Table:
    """The 校历 grid: a row per teaching week, a column per day of the week (Monday to Sunday)."""
    header = [
        label(lang, "week_no"),
        *(day_label(lang, name) for name in ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")),
    ]
    rows: dict[int, list[object]] = {}
    for day in days:
        row = rows.setdefault(day.week, [day.week, *[""] * 7])
        row[day.date.isoweekday()] = status_text(day, lang)
    return Table(header, list(rows.values()))


def hours_table(inst: Instance, days: list[TermDay], lessons: list[Lesson], lang: Lang) -> Table:
    """Each class's lessons of each subject over the term: planned, delivered, short, and the dates
    that took the missing ones."""
    header = labels(lang, "class", "subject", "planned", "delivered", "short", "lost_dates")
    rows = [
        [
            h.class_,
            h.subject,
            h.planned,
            h.delivered,
            h.short,
            label(lang, "list_separator").join(f"{d.month}/{d.day}" for d in h.lost) if h.short else "",
        ]
        for h in hours_delivered(inst, days, lessons)
    ]
    return Table(header, rows)


def dated_table(inst: Instance, days: list[TermDay], dated: list[DatedLesson], lang: Lang) -> Table:
    """Every lesson of the term by date: the date, its teaching week, the weekday whose timetable runs
    (a make-up day's too), the class, period, subject and teachers."""
    by_date = {day.date: day for day in days}
    header = [
        label(lang, "date"),
        label(lang, "week_no"),
        label(lang, "runs"),
        *labels(lang, "class", "period", "subject", "teacher"),
    ]
    rows = [
        [
            str(item.date),
            by_date[item.date].week,
            day_label(lang, by_date[item.date].runs or ""),
            item.lesson.class_,
            item.lesson.period,
            item.lesson.subject,
            label(lang, "list_separator").join(lesson_teachers(inst, item.lesson)),
        ]
        for item in dated
    ]
    return Table(header, rows)


def _event(inst: Instance, item: DatedLesson, title: str, uid: str) -> Event:
    """One dated lesson as a calendar event, at the times of the bell in force that day."""
    start, end = inst.on_date(item.date).section_of(item.lesson.class_).interval(item.lesson.period)
    event = Event()
    event.add("uid", uid)
    event.add("summary", title)
    event.add("dtstart", dt.datetime.combine(item.date, dt.time(start // 60, start % 60), TIMEZONE))
    event.add("dtend", dt.datetime.combine(item.date, dt.time(end // 60, end % 60), TIMEZONE))
    event.add("dtstamp", dt.datetime.combine(inst.calendar.start, dt.time(0, 0), dt.UTC))
    return event


def ics_files(inst: Instance, dated: list[DatedLesson], lang: Lang) -> dict[str, bytes]:
    """A calendar file per class and per teacher (`class-001.ics`, `teacher-001.ics`), one event per
    dated lesson."""
    owners: dict[str, tuple[str, Calendar]] = {}
    for kind, names in (("class", [c.name for c in inst.classes]), ("teacher", [t.name for t in inst.teachers])):
        for number, name in enumerate(names, start=1):
            calendar = Calendar()
            calendar.add("prodid", "-//jianfu//term//CN")
            calendar.add("version", "2.0")
            calendar.add("x-wr-calname", f"{inst.school.name} {name}")
            owners[f"{kind}:{name}"] = (f"{kind}-{number:03d}.ics", calendar)
    for item in dated:
        lesson, stamp = item.lesson, f"{item.date:%Y%m%d}-{item.lesson.period}"
        teachers = lesson_teachers(inst, lesson)
        owners[f"class:{lesson.class_}"][1].add_component(
            _event(inst, item, f"{lesson.subject} {' '.join(teachers)}".strip(), f"{stamp}-{lesson.class_}@jianfu")
        )
        for teacher in teachers:
            title, uid = f"{lesson.class_} {lesson.subject}", f"{stamp}-{lesson.class_}-{teacher}@jianfu"
            owners[f"teacher:{teacher}"][1].add_component(_event(inst, item, title, uid))
    for _, calendar in owners.values():
        calendar.add_missing_timezones()
    return {name: calendar.to_ical() for name, calendar in owners.values()}


def build_term(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang) -> TermTables | None:
    """The term's tables, audit and calendar files; None for an instance without a calendar."""
    if inst.calendar is None:
        return None
    days = list(inst.term.values())
    dated = dated_lessons(days, lessons)
    return TermTables(
        days=days,
        weeks=teaching_weeks(inst, days),
        calendar=calendar_table(days, lang),
        hours=hours_table(inst, days, lessons, lang),
        audit=audit_term(inst, lessons, homework),
        lessons=dated_table(inst, days, dated, lang),
        ics=ics_files(inst, dated, lang),
    )


def weekday_counts(inst: Instance, days: list[TermDay]) -> dict[str, int]:
    """How many teaching and make-up dates run each school day's timetable over the term."""
    counts = dict.fromkeys(inst.days, 0)
    for day in days:
        if day.status in ("teaching", "makeup") and day.runs in counts:
            counts[day.runs] += 1
    return counts
