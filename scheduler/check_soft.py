"""The independent checker's soft rules: each penalty count recomputed from the timetable alone."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from models.calendar import iso_weekday
from models.instance import Instance
from models.rules import DEFAULT_WEIGHTS
from models.solution import HomeworkItem, Lesson
from scheduler.check_homework import soft_homework_even, soft_homework_spread


def lesson_teachers(inst: Instance, lesson: Lesson) -> list[str]:
    """The lesson's teachers as written, or the assigned teacher when the timetable names none."""
    if lesson.teachers:
        return lesson.teachers
    assigned = inst.teacher_of.get((lesson.class_, lesson.subject))
    return [assigned] if assigned else []


def _weekly(lessons: list[Lesson]) -> list[Lesson]:
    return [lesson for lesson in lessons if lesson.weeks == "all"]


def _teacher_periods(inst: Instance, lessons: list[Lesson]) -> dict[tuple[str, str], set[int]]:
    periods: dict[tuple[str, str], set[int]] = defaultdict(set)
    for lesson in lessons:
        for teacher in lesson_teachers(inst, lesson):
            periods[teacher, lesson.day].add(lesson.period)
    return periods


def main_in_morning(inst: Instance, lessons: list[Lesson]) -> int:
    """Weekly lessons of main subjects in afternoon periods."""
    return sum(1 for l in _weekly(lessons) if inst.subject_kind(l.subject) == "main" and not inst.is_morning(l.period))


def subject_spread(inst: Instance, lessons: list[Lesson]) -> int:
    """(class, subject, day) with 2+ weekly lessons, minus the wanted double lessons."""
    count = Counter((l.class_, l.subject, l.day) for l in _weekly(lessons))
    wanted = sum(sum(inst.class_doubles(c.name).values()) for c in inst.classes)
    wanted += sum(entry.doubles * len(entry.classes) for entry in inst.merged)
    return sum(1 for n in count.values() if n >= 2) - wanted


def two_lessons_apart(inst: Instance, lessons: list[Lesson]) -> int:
    """Subjects with 2 lessons a week taught on consecutive days."""
    days = {(l.class_, l.subject, iso_weekday(l.day)) for l in _weekly(lessons)}
    return sum(
        1
        for name, subject, number in days
        if inst.class_plan(name).get(subject) == 2 and (name, subject, number + 1) in days
    )


def pe_placement(inst: Instance, lessons: list[Lesson]) -> int:
    """Weekly PE lessons in period 1 or right after lunch."""
    after_lunch = inst.first_afternoon_period()
    return sum(1 for l in _weekly(lessons) if inst.subject_kind(l.subject) == "pe" and l.period in (1, after_lunch))


def teacher_idle(inst: Instance, lessons: list[Lesson]) -> int:
    """Periods without a lesson between a teacher's first and last lesson of a day."""
    return sum(max(p) - min(p) + 1 - len(p) for p in _teacher_periods(inst, lessons).values())


def teacher_balance(inst: Instance, lessons: list[Lesson]) -> int:
    """Per teacher with lessons, lessons on the busiest minus the lightest school day."""
    periods = _teacher_periods(inst, lessons)
    total = 0
    for teacher in {t for t, _ in periods}:
        per_day = [len(periods.get((teacher, day), ())) for day in inst.days]
        total += max(per_day) - min(per_day)
    return total


def teacher_noon(inst: Instance, lessons: list[Lesson]) -> int:
    """Configured teachers teaching the last morning period and the first afternoon period of a day."""
    after = inst.first_afternoon_period()
    if after is None or after == 1:
        return 0
    return sum(
        1
        for (teacher, _), p in _teacher_periods(inst, lessons).items()
        if inst.prefers(inst.preferences.no_noon_crossing, teacher) and after - 1 in p and after in p
    )


def parallel_half_day(inst: Instance, lessons: list[Lesson]) -> int:
    """Configured teachers teaching a subject (to 2+ classes a week) in the morning and afternoon of a day."""
    classes: dict[tuple[str, str], set[str]] = defaultdict(set)
    halves: dict[tuple[str, str, str], set[bool]] = defaultdict(set)
    for lesson in _weekly(lessons):
        for teacher in lesson_teachers(inst, lesson):
            if inst.prefers(inst.preferences.parallel_same_half_day, teacher):
                classes[teacher, lesson.subject].add(lesson.class_)
                halves[teacher, lesson.subject, lesson.day].add(inst.is_morning(lesson.period))
    return sum(1 for (t, s, _), h in halves.items() if len(h) == 2 and len(classes[t, s]) >= 2)


def subject_order(inst: Instance, lessons: list[Lesson]) -> int:
    """A class with `first` in the period right before `then`, for each configured order."""
    taught = {(l.class_, l.subject, l.day, l.period) for l in _weekly(lessons)}
    return sum(
        1
        for order in inst.preferences.not_before
        for (name, subject, day, period) in taught
        if subject == order.first and (name, order.then, day, period + 1) in taught
    )


def subject_exclusion(inst: Instance, lessons: list[Lesson]) -> int:
    """A class with both subjects of a configured pair on one day."""
    days = {(l.class_, l.subject, l.day) for l in _weekly(lessons)}
    return sum(
        1
        for first, second in inst.preferences.not_same_day
        for c in inst.classes
        for day in inst.days
        if (c.name, first, day) in days and (c.name, second, day) in days
    )


def teacher_exclusion(inst: Instance, lessons: list[Lesson]) -> int:
    """Slots at which both teachers of a configured pair teach."""
    periods = _teacher_periods(inst, lessons)
    return sum(
        len(periods.get((first, day), set()) & periods.get((second, day), set()))
        for first, second in inst.preferences.teachers_apart
        for day in inst.days
    )


LESSON_RULES: dict[str, Callable[[Instance, list[Lesson]], int]] = {
    "soft.main_in_morning": main_in_morning,
    "soft.subject_spread": subject_spread,
    "soft.two_lessons_apart": two_lessons_apart,
    "soft.pe_placement": pe_placement,
    "soft.teacher_idle": teacher_idle,
    "soft.teacher_balance": teacher_balance,
    "soft.teacher_noon": teacher_noon,
    "soft.parallel_half_day": parallel_half_day,
    "soft.subject_order": subject_order,
    "soft.subject_exclusion": subject_exclusion,
    "soft.teacher_exclusion": teacher_exclusion,
}
HOMEWORK_RULES: dict[str, Callable[[Instance, list[Lesson], list[HomeworkItem]], int]] = {
    "soft.homework_even": soft_homework_even,
    "soft.homework_spread": soft_homework_spread,
}


def soft_breakdown(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem] = ()) -> dict[str, int]:
    """Each soft rule's penalty count (before weights), in catalogue order."""
    counts = {rule: count(inst, lessons) for rule, count in LESSON_RULES.items()}
    counts |= {rule: count(inst, lessons, list(homework)) for rule, count in HOMEWORK_RULES.items()}
    return counts


def weighted_objective(inst: Instance, breakdown: dict[str, int]) -> int:
    """The objective value: the penalty counts times their weights."""
    weights = DEFAULT_WEIGHTS | inst.weights
    return sum(weights[rule] * count for rule, count in breakdown.items())
