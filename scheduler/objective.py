"""The soft rules on the CP-SAT side: one function per rule id, each returning its penalty count.

The checker recomputes every count from the timetable alone (scheduler.check.SOFT_CHECKS); the two
must agree on every solution.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from scheduler.homework_rules import homework_even, homework_spread

if TYPE_CHECKING:
    from scheduler.model import TimetableModel


def main_in_morning(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.main_in_morning: class-lessons of main subjects (语数英) in afternoon periods.

    Only weekly courses count; an odd/even pair is never penalised.
    """
    inst = tm.inst
    return sum(
        len(course.classes) * var
        for course in tm.courses
        if not course.alternating and inst.subject_kind(course.odd.subject) == "main"
        for (_, period), var in tm.place[course.index].items()
        if not inst.is_morning(period)
    )


SOFT_RULES: dict[str, Callable[[TimetableModel], cp_model.LinearExprT]] = {
    "soft.main_in_morning": main_in_morning,
    "soft.homework_even": homework_even,
    "soft.homework_spread": homework_spread,
}
