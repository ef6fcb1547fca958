"""The homework plan on the model side: its hard rules and its two soft rules.

`v.homework[class, subject, day]` is true when the class gets one item of the subject that day (at
most one item of a subject a day).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.calendar import consecutive_day_pairs
from scheduler.model.floors import least_homework_spread
from scheduler.model.literals import both
from scheduler.model.registry import Busy, Penalty, Requirement, hard_rule, met_by_construction, soft_rule
from scheduler.model.variables import Variables

met_by_construction(
    "homework.none_for_grade",
    "an instance asking for written homework in a grade whose cap is 0 is rejected (models/validation.py)",
)


def written_expr(v: Variables, class_name: str, day: str) -> cp_model.LinearExprT:
    """Written-homework minutes set for a class on a day, as a linear expression."""
    plan = v.inst.class_homework(class_name)
    return sum(entry.minutes * v.homework[class_name, subject, day] for subject, entry in plan.items() if entry.written)


@hard_rule("homework.lesson_day")
def lesson_day(v: Variables):
    """An item of subject S only on a day the class has a (weekly) lesson of S."""
    courses_of_class = v.class_courses
    for (name, subject, day), var in v.homework.items():
        lessons = [
            place
            for course in courses_of_class[name]
            if not course.alternating and course.odd.subject == subject
            for _, place in v.on_day(course, day)
        ]
        yield Requirement(v.model.add(var <= sum(lessons)), name)


@hard_rule("homework.all_placed")
def all_placed(v: Variables):
    """Every item of the weekly plan is set."""
    for school_class in v.inst.classes:
        for subject, plan in v.inst.class_homework(school_class.name).items():
            placed = sum(v.homework[school_class.name, subject, day] for day in v.inst.days)
            yield Requirement(v.model.add(placed == plan.items), school_class.name)


@hard_rule("homework.daily_cap")
def daily_cap(v: Variables):
    """Written minutes per class and day within the grade's cap."""
    for school_class in v.inst.classes:
        cap = v.inst.homework_cap(school_class.name)
        for day in v.inst.days:
            yield Requirement(v.model.add(written_expr(v, school_class.name, day) <= cap), school_class.name)


@hard_rule("homework.weekend")
def weekend(v: Variables):
    """The last school day of the week gets no more than the weekend cap."""
    last = v.inst.days[-1]
    for school_class in v.inst.classes:
        cap = v.inst.weekend_homework_cap(school_class.name)
        yield Requirement(v.model.add(written_expr(v, school_class.name, last) <= cap), school_class.name)


@hard_rule("homework.at_school")
def at_school(v: Variables):
    """Written minutes beyond the guidance session stay within the home allowance (when switched on)."""
    for school_class in v.inst.classes:
        allowance = v.inst.section_of(school_class.name).policy.homework_home_minutes
        if allowance is None:
            continue
        for day in v.inst.days:
            session = v.inst.guidance_minutes(school_class.name, day)
            limit = v.model.add(written_expr(v, school_class.name, day) <= session + allowance)
            yield Requirement(limit, school_class.name)


@soft_rule("soft.homework_even")
def homework_even(v: Variables, busy: Busy) -> Penalty:
    """Per class, the most minus the fewest written minutes of a school day."""
    spreads, floor = [], 0
    for school_class in v.inst.classes:
        plan = v.inst.class_homework(school_class.name)
        weekly = sum(p.items * p.minutes for p in plan.values() if p.written)
        if not weekly:
            continue
        totals = [written_expr(v, school_class.name, day) for day in v.inst.days]
        most = v.model.new_int_var(0, weekly, f"hw_max[{school_class.name}]")
        fewest = v.model.new_int_var(0, weekly, f"hw_min[{school_class.name}]")
        v.model.add_max_equality(most, totals)
        v.model.add_min_equality(fewest, totals)
        # Redundant bound for the LP, from the item sizes alone.
        written = tuple(sorted((p.items, p.minutes) for p in plan.values() if p.written))
        cap, last = v.inst.homework_cap(school_class.name), v.inst.weekend_homework_cap(school_class.name)
        least = least_homework_spread(written, len(v.inst.days), cap, last)
        v.model.add(most - fewest >= least)
        floor += least
        spreads.append(most - fewest)
    return Penalty(sum(spreads), floor)


@soft_rule("soft.homework_spread")
def homework_spread(v: Variables, busy: Busy) -> Penalty:
    """Pairs of consecutive days with an item of the same subject."""
    both_days, floor, pairs = [], 0, consecutive_day_pairs(v.inst.days)
    for school_class in v.inst.classes:
        for subject, plan in v.inst.class_homework(school_class.name).items():
            pairs_here = [
                both(
                    v.model,
                    v.homework[school_class.name, subject, first],
                    v.homework[school_class.name, subject, second],
                    f"hw_pair[{school_class.name},{subject},{first}]",
                )
                for first, second in pairs
            ]
            both_days += pairs_here
            # Redundant bound for the LP: k items on n days in a row leave at least 2k - n - 1 adjacent pairs.
            least = 2 * plan.items - len(v.inst.days) - 1
            if len(pairs) == len(v.inst.days) - 1 and least > 0:
                v.model.add(sum(pairs_here) >= least)
                floor += least
    return Penalty(sum(both_days), floor)
