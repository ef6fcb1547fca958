"""Absences (缺勤) on dates of the term: a teacher away (病假, 培训, 公出...) for whole days, a half-day or
some periods, and a class away (研学, 体检), whose teachers are then free; and the covers an office
decides for them (代课, 调课, 自习), each a dated change to the timetable."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from models.bell import Strict
from models.instance import Instance
from models.term import Date
from models.validation import Problem, unknown

ChangeKind = Literal["substitute", "swap", "self_study", "makeup", "indoor", "merge"]


class Dates(Strict):
    """Dates of the term from `start` to `end` (the start alone if left out), with a reason."""

    start: Date
    end: Date | None = None
    reason: str = ""

    @property
    def last(self) -> dt.date:
        return self.end or self.start


class DatedTimes(Dates):
    """Dates, each whole, a half-day (`half: am|pm`) or some periods."""

    half: Literal["am", "pm"] | None = None
    periods: list[int] | None = Field(None, min_length=1, description="Some periods only; give half or periods, not both.")


class Absence(DatedTimes):
    """A teacher away (病假, 培训, 公出, 产假...) on some dates: whole days, a half-day or some periods."""

    teacher: str = Field(min_length=1)


class ClassAway(Dates):
    """A class away from school (研学, 体检): its lessons are not held and its teachers are free."""

    class_: str = Field(alias="class", min_length=1)


class VenueClosed(DatedTimes):
    """A shared venue closed on some dates: whole days, a half-day or some periods. Its lessons then
    move to another time or into the class's own room."""

    venue: str = Field(min_length=1)


class Absences(Strict):
    """An absences file: who is away when, venues closed, the subjects whose classes the office lets
    merge (合班) when a teacher is away, and the most lessons a teacher covers in a week."""

    absences: list[Absence] = []
    classes_away: list[ClassAway] = []
    venues_closed: list[VenueClosed] = []
    merge_subjects: list[str] = Field(
        [],
        description="Subjects where a class whose teacher is away may join another class of its grade "
        "having that subject at that time (合班); none unless named.",
    )
    max_covers_per_week: int = Field(
        4, ge=0, le=40, description="Covers (代课, 合班 and 自习 duty) a teacher takes at most in a week."
    )


class CoverChange(Strict):
    """One change of the record (调代课记录): a lesson of a date covered by a substitute, swapped with
    another lesson of its class in the same week, held as self-study with a duty teacher, joined to
    another class's lesson of its subject then (合班, taught by `cover`), held in the class's own room
    because its venue is closed (室内课), or a make-up lesson (补课) on a later free period, by the
    subject teacher (`teacher`)."""

    kind: ChangeKind
    date: Date
    period: int
    class_: str = Field(alias="class")
    subject: str
    teacher: str = Field(description="The teacher whose lesson this was (away, or present for an indoor lesson).")
    cover: str | None = Field(None, description="The substitute, duty teacher or the teacher of the merged lesson.")
    merge_with: str | None = Field(None, description="The class whose lesson a merged (合班) cover joins.")
    indoor: bool = Field(False, description="Held in the class's own room: its venue is closed then.")
    swap_date: Date | None = None
    swap_period: int | None = None
    swap_subject: str | None = None
    swap_teacher: str | None = None
    makes_up: Date | None = Field(None, description="A make-up lesson (补课): the date of the self-study it makes up.")
    reason: str = ""


def absence_problems(inst: Instance, absences: Absences) -> list[Problem]:
    """Unknown teachers and classes, dates outside the term or with no teaching day, periods the bell
    does not have, and one teacher's absences that overlap: each by its place in the file."""
    if inst.calendar is None:
        english = "covers work on the term's dates: give the instance a calendar: section (校历)"
        return [Problem("calendar", english, "代课和调课按学期的日期安排：请先在实例中写 calendar:（校历）")]
    teaching = {date for date, day in inst.term.items() if day.status in ("teaching", "makeup")}
    problems = []
    named = (
        ("absences", absences.absences, "teacher", "teacher", inst.teacher_by_name),
        ("classes_away", absences.classes_away, "class_", "class", inst.class_by_name),
        ("venues_closed", absences.venues_closed, "venue", "venue", inst.venue_by_name),
    )
    for key, entries, field_name, kind, known in named:
        for index, entry in enumerate(entries):
            where, name = f"{key}[{index}]", getattr(entry, field_name)
            if name not in known:
                problems.append(unknown(f"{where}.{kind}", kind, name, known))
            problems += _part_problems(inst, where, entry, teaching)
    for index, subject in enumerate(absences.merge_subjects):
        if subject not in inst.subject_names:
            problems.append(unknown(f"merge_subjects[{index}]", "subject", subject, inst.subject_names))
    return problems + _overlaps(absences)


def _part_problems(inst: Instance, where: str, entry: Dates, teaching: set[dt.date]) -> list[Problem]:
    """An entry's dates, and its half-day or periods where it has them."""
    problems = _date_problems(inst, where, entry.start, entry.last, teaching)
    if not isinstance(entry, DatedTimes):
        return problems
    if entry.half is not None and entry.periods is not None:
        problems.append(Problem(where, "give either half or periods, not both", "half 和 periods 只能写一个"))
    most = max(len(section.periods) for section in inst.sections_in_force)
    for number, period in enumerate(entry.periods or []):
        if not 1 <= period <= most:
            problems.append(Problem(f"{where}.periods[{number}]", f"period {period} does not exist", f"第{period}节不存在"))
    return problems


def _date_problems(inst: Instance, where: str, start: dt.date, last: dt.date, teaching: set[dt.date]) -> list[Problem]:
    term = inst.calendar
    if last < start:
        return [Problem(where, "ends before it starts", "结束日期早于开始日期")]
    if start < term.start or last > term.end:
        inside = f"{term.start} – {term.end}"
        return [
            Problem(where, f"{start} – {last} is outside the term ({inside})", f"{start} – {last} 不在学期内（{inside}）")
        ]
    if not any(start + dt.timedelta(days=n) in teaching for n in range((last - start).days + 1)):
        return [
            Problem(
                where,
                f"{start} – {last} holds no teaching day (a holiday or weekend)",
                f"{start} – {last} 没有上课日（放假或周末）",
            )
        ]
    return []


def _overlaps(absences: Absences) -> list[Problem]:
    problems, seen = [], {}
    for index, entry in enumerate(absences.absences):
        for other_index, other in seen.get(entry.teacher, []):
            if entry.start <= other.last and other.start <= entry.last:
                english = f"{entry.teacher}'s absence overlaps absences[{other_index}]"
                problems.append(
                    Problem(f"absences[{index}]", english, f"{entry.teacher}的缺勤与 absences[{other_index}] 的日期重叠")
                )
        seen.setdefault(entry.teacher, []).append((index, entry))
    return problems


def away_at(absence: DatedTimes, date: dt.date, morning: bool, period: int) -> bool:
    """Whether an absence (or a closure) takes a teacher (a venue) away from a period of a date
    (`morning`: the period is an 上午 period of its section's bell)."""
    if not absence.start <= date <= absence.last:
        return False
    if absence.periods is not None:
        return period in absence.periods
    return absence.half is None or (absence.half == "am") == morning


def teacher_away(inst: Instance, absences: Absences, teacher: str, date: dt.date, class_name: str, period: int) -> bool:
    """Whether a teacher is away at a period of a date, in the bell of the class taught then."""
    morning = inst.section_of(class_name).is_morning(period)
    return any(a.teacher == teacher and away_at(a, date, morning, period) for a in absences.absences)


def venue_closure(inst: Instance, absences: Absences, venue: str | None, date: dt.date, class_name: str, period: int):
    """The closure that shuts a venue at a period of a date, in the bell of the class using it (None if
    open, or no shared venue)."""
    morning = inst.section_of(class_name).is_morning(period)
    return next((c for c in absences.venues_closed if c.venue == venue and away_at(c, date, morning, period)), None)


def class_away(absences: Absences, class_name: str, date: dt.date) -> bool:
    """Whether a class is away from school on a date (its lessons are not held)."""
    return any(a.class_ == class_name and a.start <= date <= a.last for a in absences.classes_away)


def record_problems(inst: Instance, changes: list[CoverChange]) -> list[Problem]:
    """A record's changes that name an unknown teacher or class, a date that is no teaching day of the
    term, or lack what their kind needs (a cover teacher, the other lesson of a swap)."""
    if inst.calendar is None:
        return absence_problems(inst, Absences())
    teaching = {date for date, day in inst.term.items() if day.status in ("teaching", "makeup")}
    needs = {
        "substitute": ("cover",),
        "self_study": ("cover",),
        "merge": ("cover", "merge_with"),
        "swap": ("swap_date", "swap_period", "swap_teacher"),
    }
    problems = []
    for index, change in enumerate(changes):
        where = f"[{index}]"
        for field_name in ("teacher", "cover", "swap_teacher"):
            name = getattr(change, field_name)
            if name is not None and name not in inst.teacher_by_name:
                problems.append(unknown(f"{where}.{field_name}", "teacher", name, inst.teacher_by_name))
        for field_name in ("class_", "merge_with"):
            name = getattr(change, field_name)
            if name is not None and name not in inst.class_by_name:
                place = f"{where}.{field_name.rstrip('_')}"
                problems.append(unknown(place, "class", name, inst.class_by_name))
        for field_name in ("date", "swap_date"):
            date = getattr(change, field_name)
            if date is not None and date not in teaching:
                problems.append(
                    Problem(f"{where}.{field_name}", f"{date} is no teaching day of the term", f"{date}不是本学期的上课日")
                )
        most = max(len(section.periods) for section in inst.sections_in_force)
        for field_name in ("period", "swap_period"):
            period = getattr(change, field_name)
            if period is not None and not 1 <= period <= most:
                problems.append(Problem(f"{where}.{field_name}", f"period {period} does not exist", f"第{period}节不存在"))
        for field_name in needs.get(change.kind, ()):
            if getattr(change, field_name) is None:
                problems.append(Problem(f"{where}.{field_name}", "required for this kind of change", "这类调整必须写明此项"))
    return problems
