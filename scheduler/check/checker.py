"""The independent checker: a timetable against every rule, knowing the rules from the instance alone.

This package never looks at the CP-SAT model. Each rule family (scheduler.check.rules) registers
one check per rule id; `check_timetable` runs the hard ones in catalogue order and `soft_breakdown`
recomputes every soft rule's count.
"""

from __future__ import annotations

from collections.abc import Sequence

import scheduler.check.rules  # noqa: F401  (registers every check)
from models.calendar import is_weekend
from models.instance import Instance
from models.rules import in_catalogue_order
from models.solution import OWN_ROOM, HomeworkItem, Lesson
from models.validation import InputError, Problem, unknown
from scheduler.check.registry import HARD_CHECKS, SOFT_COUNTS
from scheduler.check.violation import Violation


def unknown_in_lessons(inst: Instance, lessons: list[Lesson]) -> list[Problem]:
    """Names in a timetable that the instance does not know: bad input, not rule breaches."""
    problems = []
    known_days = set(inst.days)
    for index, lesson in enumerate(lessons):
        where = f"lessons[{index}]"
        if lesson.class_ not in inst.class_by_name:
            problems.append(unknown(f"{where}.class", "class", lesson.class_, inst.class_by_name))
        if lesson.subject not in inst.subject_names:
            problems.append(unknown(f"{where}.subject", "subject", lesson.subject, inst.subject_names))
        for teacher in lesson.teachers:
            if teacher not in inst.teacher_by_name:
                problems.append(unknown(f"{where}.teachers", "teacher", teacher, inst.teacher_by_name))
        if lesson.venue not in (None, OWN_ROOM) and lesson.venue not in inst.venue_by_name:
            problems.append(unknown(f"{where}.venue", "venue", lesson.venue, inst.venue_by_name))
        if lesson.day not in known_days and not is_weekend(lesson.day):
            problems.append(_not_a_school_day(f"{where}.day", lesson.day))
        known = lesson.class_ in inst.class_by_name
        if known and not 1 <= lesson.period <= len(inst.section_of(lesson.class_).periods):
            english, chinese = f"period {lesson.period} does not exist", f"第{lesson.period}节不存在"
            problems.append(Problem(f"{where}.period", english, chinese))
    return problems


def _not_a_school_day(where: str, day: str) -> Problem:
    return Problem(where, f"'{day}' is not a school day of the instance", f"“{day}”不是本校的上课日")


def unknown_in_homework(inst: Instance, homework: list[HomeworkItem]) -> list[Problem]:
    """Names in a homework plan that the instance does not know."""
    problems = []
    for index, item in enumerate(homework):
        if item.class_ not in inst.class_by_name:
            problems.append(unknown(f"homework[{index}].class", "class", item.class_, inst.class_by_name))
        if item.subject not in inst.subject_names:
            problems.append(unknown(f"homework[{index}].subject", "subject", item.subject, inst.subject_names))
        if item.day not in inst.days:
            problems.append(_not_a_school_day(f"homework[{index}].day", item.day))
    return problems


def refuse_unknown_names(inst: Instance, lessons: list[Lesson], homework: Sequence[HomeworkItem] | None) -> None:
    """InputError naming every class, subject, teacher, venue, day or period the instance does not know."""
    problems = unknown_in_lessons(inst, lessons) + unknown_in_homework(inst, list(homework or ()))
    if problems:
        raise InputError(problems)


def check_timetable(inst: Instance, lessons: list[Lesson], homework: Sequence[HomeworkItem] | None = ()) -> list[Violation]:
    """Every hard-rule violation of a timetable and its homework plan; InputError if they name unknown
    things. `homework=None` means no homework plan was given: the homework rules are not checked."""
    refuse_unknown_names(inst, lessons, homework)
    plan = None if homework is None else list(homework)
    return [
        violation
        for _, check in in_catalogue_order(HARD_CHECKS)
        if plan is not None or not check.reads_homework
        for violation in check.run(inst, lessons, plan)
    ]


def soft_breakdown(inst: Instance, lessons: list[Lesson], homework: Sequence[HomeworkItem] = ()) -> dict[str, int]:
    """Each soft rule's penalty count (before weights), in catalogue order."""
    return {rule: count.run(inst, lessons, list(homework)) for rule, count in in_catalogue_order(SOFT_COUNTS)}


def weighted_objective(inst: Instance, breakdown: dict[str, int]) -> int:
    """The objective value: the penalty counts times their weights."""
    weights = inst.weights_in_force
    return sum(weights[rule] * count for rule, count in breakdown.items())
