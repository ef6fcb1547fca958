"""The homework rules on the CP-SAT side: one function per rule id (registered in constraints.py).

`tm.homework[class, subject, day]` is true when the class gets one homework item of the subject
that day (at most one item of a subject a day).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations, product
from math import prod
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from models.calendar import iso_weekday

if TYPE_CHECKING:
    from scheduler.model import TimetableModel


def written_minutes(tm: TimetableModel, class_name: str, day: str) -> cp_model.LinearExprT:
    """Written-homework minutes set for a class on a day."""
    plan = tm.inst.class_homework(class_name)
    return sum(entry.minutes * tm.homework[class_name, subject, day] for subject, entry in plan.items() if entry.written)


def add_homework_lesson_day(tm: TimetableModel) -> None:
    """homework.lesson_day: an item of subject S only on a day the class has a (weekly) lesson of S."""
    courses_of_class = tm.class_courses
    for (name, subject, day), var in tm.homework.items():
        lessons = [
            place
            for course in courses_of_class[name]
            if not course.alternating and course.odd.subject == subject
            for _, place in tm.on_day(course, day)
        ]
        tm.require(tm.model.add(var <= sum(lessons)), "homework.lesson_day", name)


def add_homework_all_placed(tm: TimetableModel) -> None:
    """homework.all_placed: every item of the weekly plan is set."""
    for school_class in tm.inst.classes:
        for subject, plan in tm.inst.class_homework(school_class.name).items():
            placed = sum(tm.homework[school_class.name, subject, day] for day in tm.inst.days)
            tm.require(tm.model.add(placed == plan.items), "homework.all_placed", school_class.name)


def add_homework_daily_cap(tm: TimetableModel) -> None:
    """homework.daily_cap: written minutes per class and day within the grade's cap."""
    for school_class in tm.inst.classes:
        cap = tm.inst.homework_cap(school_class.name)
        for day in tm.inst.days:
            limit = tm.model.add(written_minutes(tm, school_class.name, day) <= cap)
            tm.require(limit, "homework.daily_cap", school_class.name)


def add_homework_weekend(tm: TimetableModel) -> None:
    """homework.weekend: the last school day of the week gets no more than the weekend cap."""
    last = tm.inst.days[-1]
    for school_class in tm.inst.classes:
        limit = tm.model.add(written_minutes(tm, school_class.name, last) <= tm.inst.weekend_homework_cap(school_class.name))
        tm.require(limit, "homework.weekend", school_class.name)


def add_homework_at_school(tm: TimetableModel) -> None:
    """homework.at_school: written minutes beyond the guidance session stay within the home allowance."""
    allowance = tm.inst.policy_in_force.homework_home_minutes
    if allowance is None:
        return
    for school_class in tm.inst.classes:
        for day in tm.inst.days:
            session = tm.inst.guidance_minutes(school_class.name, day)
            limit = tm.model.add(written_minutes(tm, school_class.name, day) <= session + allowance)
            tm.require(limit, "homework.at_school", school_class.name)


@lru_cache(maxsize=256)
def least_homework_spread(items: tuple[tuple[int, int], ...], days: int, cap: int, last_cap: int) -> int:
    """The smallest (busiest - lightest day) written minutes that k items of m minutes per subject
    can give on `days` days, at most one item of a subject a day, within the caps. Lesson days are
    ignored, so this is a lower bound for any timetable; 0 when there are too many cases to try."""
    choices = [list(combinations(range(days), k)) for k, _ in items]
    if prod(len(c) for c in choices) > 20_000:
        return 0
    best = None
    for pick in product(*choices):
        totals = [0] * days
        for (_, minutes), chosen in zip(items, pick, strict=True):
            for day in chosen:
                totals[day] += minutes
        if max(totals[:-1], default=0) > cap or totals[-1] > last_cap:
            continue
        spread = max(totals) - min(totals)
        best = spread if best is None else min(best, spread)
    return best or 0


def homework_even(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.homework_even: per class, the most minus the fewest written minutes of a school day."""
    spreads = []
    for school_class in tm.inst.classes:
        plan = tm.inst.class_homework(school_class.name)
        weekly = sum(p.items * p.minutes for p in plan.values() if p.written)
        if not weekly:
            continue
        totals = [written_minutes(tm, school_class.name, day) for day in tm.inst.days]
        most = tm.model.new_int_var(0, weekly, f"hw_max[{school_class.name}]")
        fewest = tm.model.new_int_var(0, weekly, f"hw_min[{school_class.name}]")
        tm.model.add_max_equality(most, totals)
        tm.model.add_min_equality(fewest, totals)
        # Redundant bound for the LP, from the item sizes alone.
        written = tuple(sorted((p.items, p.minutes) for p in plan.values() if p.written))
        cap, last = tm.inst.homework_cap(school_class.name), tm.inst.weekend_homework_cap(school_class.name)
        least = least_homework_spread(written, len(tm.inst.days), cap, last)
        tm.model.add(most - fewest >= least)
        tm.floors["soft.homework_even"] += least
        spreads.append(most - fewest)
    return sum(spreads)


def consecutive_day_pairs(days: list[str]) -> list[tuple[str, str]]:
    """Pairs of school days that follow each other in the calendar."""
    return [(a, b) for a, b in zip(days, days[1:], strict=False) if iso_weekday(b) == iso_weekday(a) + 1]


def homework_spread(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.homework_spread: pairs of consecutive days with an item of the same subject."""
    both_days, pairs = [], consecutive_day_pairs(tm.inst.days)
    for school_class in tm.inst.classes:
        for subject in tm.inst.class_homework(school_class.name):
            pairs_here: list[cp_model.IntVar] = []
            for first, second in pairs:
                a = tm.homework[school_class.name, subject, first]
                b = tm.homework[school_class.name, subject, second]
                pair = tm.model.new_bool_var(f"hw_pair[{school_class.name},{subject},{first}]")
                tm.model.add_bool_and([a, b]).only_enforce_if(pair)
                tm.model.add_bool_or([a.negated(), b.negated(), pair])
                both_days.append(pair)
                pairs_here.append(pair)
            # Redundant bound for the LP: k items on n days in a row leave at least 2k - n - 1 adjacent pairs.
            if len(pairs) == len(tm.inst.days) - 1:
                items = tm.inst.class_homework(school_class.name)[subject].items
                least = 2 * items - len(tm.inst.days) - 1
                if least > 0:
                    tm.model.add(sum(pairs_here) >= least)
                    tm.floors["soft.homework_spread"] += least
    return sum(both_days)
