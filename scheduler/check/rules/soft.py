"""The soft rules of the lessons on the checker side: each penalty count from the timetable alone."""

from __future__ import annotations

from collections import Counter, defaultdict

from models.calendar import iso_weekday
from models.instance import Instance
from models.solution import Lesson
from scheduler.check.registry import soft_count
from scheduler.check.timetable import lesson_teachers, running_at, teacher_day_lessons, teacher_periods, weekly


@soft_count("soft.main_in_morning")
def main_in_morning(inst: Instance, lessons: list[Lesson]) -> int:
    """Weekly lessons of main subjects in afternoon periods."""
    return sum(
        1
        for l in weekly(lessons)
        if inst.subject_kind(l.subject) == "main" and not inst.section_of(l.class_).is_morning(l.period)
    )


@soft_count("soft.subject_spread")
def subject_spread(inst: Instance, lessons: list[Lesson]) -> int:
    """(class, subject, day) with 2+ weekly lessons, minus the wanted double lessons."""
    count = Counter((l.class_, l.subject, l.day) for l in weekly(lessons))
    return sum(1 for n in count.values() if n >= 2) - sum(inst.wanted_doubles.values())


@soft_count("soft.two_lessons_apart")
def two_lessons_apart(inst: Instance, lessons: list[Lesson]) -> int:
    """Subjects with 2 lessons a week taught on consecutive days."""
    days = {(l.class_, l.subject, iso_weekday(l.day)) for l in weekly(lessons)}
    return sum(
        1
        for name, subject, number in days
        if inst.class_plan(name).get(subject) == 2 and (name, subject, number + 1) in days
    )


@soft_count("soft.pe_placement")
def pe_placement(inst: Instance, lessons: list[Lesson]) -> int:
    """Weekly PE lessons in period 1 or right after lunch (of their section)."""
    return sum(
        1
        for l in weekly(lessons)
        if inst.subject_kind(l.subject) == "pe" and l.period in (1, inst.section_of(l.class_).first_afternoon_period)
    )


@soft_count("soft.teacher_idle")
def teacher_idle(inst: Instance, lessons: list[Lesson]) -> int:
    """Periods without a lesson between a teacher's first and last lesson of a day."""
    return sum(max(p) - min(p) + 1 - len(p) for p in teacher_periods(inst, lessons).values())


@soft_count("soft.teacher_balance")
def teacher_balance(inst: Instance, lessons: list[Lesson]) -> int:
    """Per teacher with lessons, lessons on the busiest minus the lightest school day."""
    per_day: dict[tuple[str, str], int] = defaultdict(int)
    for (teacher, _, day), taught in teacher_periods(inst, lessons).items():
        per_day[teacher, day] += len(taught)
    total = 0
    for teacher in {t for t, _ in per_day}:
        counts = [per_day.get((teacher, day), 0) for day in inst.days]
        total += max(counts) - min(counts)
    return total


@soft_count("soft.teacher_noon")
def teacher_noon(inst: Instance, lessons: list[Lesson]) -> int:
    """Configured teachers teaching the last morning period and the first afternoon period of a day."""
    sections = {section.name: section for section in inst.sections_in_force}
    crossing = 0
    for (teacher, section, _), taught in teacher_periods(inst, lessons).items():
        after = sections[section].first_afternoon_period
        if after not in (None, 1) and inst.prefers(inst.preferences.no_noon_crossing, teacher):
            crossing += after - 1 in taught and after in taught
    return crossing


@soft_count("soft.teacher_days")
def days_beyond_wish(inst: Instance, lessons: list[Lesson]) -> int:
    """School days a teacher teaches on (in any week) beyond the days they wish to teach on."""
    days: dict[str, set[str]] = defaultdict(set)
    for teacher, _, day in teacher_periods(inst, lessons):
        days[teacher].add(day)
    wishes = {t.name: t.preferred_days for t in inst.teachers if t.preferred_days is not None}
    return sum(max(0, len(days[name]) - wish) for name, wish in wishes.items())


@soft_count("soft.teacher_daily_range")
def lessons_outside_daily_wish(inst: Instance, lessons: list[Lesson]) -> int:
    """On each school day a teacher teaches, the periods taught (in either week: one period of an
    odd/even pair) short of the lessons they wish to teach at least that day, or beyond those they
    wish to teach at most."""
    outside = 0
    for (teacher, _), load in teacher_day_lessons(inst, lessons).items():
        wish = inst.teacher_by_name[teacher].preferred_per_day
        if wish is not None:
            outside += max(0, wish.min - load) + (max(0, load - wish.max) if wish.max is not None else 0)
    return outside


@soft_count("soft.parallel_half_day")
def parallel_half_day(inst: Instance, lessons: list[Lesson]) -> int:
    """Configured teachers teaching a subject (to 2+ classes a week) in the morning and afternoon of a day."""
    classes: dict[tuple[str, str], set[str]] = defaultdict(set)
    halves: dict[tuple[str, str, str], set[bool]] = defaultdict(set)
    for lesson in weekly(lessons):
        for teacher in lesson_teachers(inst, lesson):
            if inst.prefers(inst.preferences.parallel_same_half_day, teacher):
                classes[teacher, lesson.subject].add(lesson.class_)
                halves[teacher, lesson.subject, lesson.day].add(inst.section_of(lesson.class_).is_morning(lesson.period))
    return sum(1 for (t, s, _), h in halves.items() if len(h) == 2 and len(classes[t, s]) >= 2)


@soft_count("soft.subject_order")
def subject_order(inst: Instance, lessons: list[Lesson]) -> int:
    """A class with `first` in the period right before `then`, for each configured order."""
    taught = {(l.class_, l.subject, l.day, l.period) for l in weekly(lessons)}
    return sum(
        1
        for order in inst.preferences.not_before
        for (name, subject, day, period) in taught
        if subject == order.first and (name, order.then, day, period + 1) in taught
    )


@soft_count("soft.subject_exclusion")
def subject_exclusion(inst: Instance, lessons: list[Lesson]) -> int:
    """A class with both subjects of a configured pair on one day."""
    days = {(l.class_, l.subject, l.day) for l in weekly(lessons)}
    return sum(
        1
        for first, second in inst.preferences.not_same_day
        for c in inst.classes
        for day in inst.days
        if (c.name, first, day) in days and (c.name, second, day) in days
    )


@soft_count("soft.teacher_exclusion")
def teacher_exclusion(inst: Instance, lessons: list[Lesson]) -> int:
    """Moments at which both teachers of a configured pair teach (in whichever section's bell)."""
    teaching = {
        (teacher, moment)
        for moment, running in running_at(inst, lessons).items()
        for lesson in running
        for teacher in lesson_teachers(inst, lesson)
    }
    return sum(
        1
        for first, second in inst.preferences.teachers_apart
        for moment in inst.moments
        if (first, moment) in teaching and (second, moment) in teaching
    )


@soft_count("soft.avoided_slots")
def avoided_slots(inst: Instance, lessons: list[Lesson]) -> int:
    """Lessons (a 合班 lesson once, an odd- and an even-week one apart) in a slot a 尽量不排 entry names
    for one of their classes, its grade, their subject or their teacher."""
    hit = set()
    for l in lessons if inst.preferences.avoid else ():
        section, teachers = inst.section_of(l.class_), lesson_teachers(inst, l)
        grade = inst.class_by_name[l.class_].grade
        if any(
            section.slot_in(e, l.day, l.period) and e.names(l.class_, grade, l.subject, teachers)
            for e in inst.preferences.avoid
        ):
            hit.add((l.subject, tuple(sorted(teachers)), section.name, l.day, l.period, l.weeks))  # a 合班 lesson once
    return len(hit)
