"""The soft rules on the CP-SAT side: one function per rule id, each returning its penalty count.

The checker recomputes every count from the timetable alone (scheduler.check_soft); the two must
agree on every solution, so every auxiliary variable here is defined exactly (equal to the AND /
OR / max it stands for), never only bounded by it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from scheduler.floors import forced_courses, least_pe_misplaced, least_spread
from scheduler.homework_rules import consecutive_day_pairs, homework_even, homework_spread

if TYPE_CHECKING:
    from scheduler.courses import Course
    from scheduler.model import TimetableModel

Literal = cp_model.IntVar | int


def either(tm: TimetableModel, literals: list[Literal], name: str) -> Literal:
    """A literal equal to the OR of `literals` (0 when there are none)."""
    literals = [lit for lit in literals if not isinstance(lit, int) or lit]
    if not literals:
        return 0
    if len(literals) == 1:
        return literals[0]
    result = tm.model.new_bool_var(name)
    tm.model.add_max_equality(result, literals)
    return result


def both(tm: TimetableModel, a: Literal, b: Literal, name: str) -> Literal:
    """A literal equal to a AND b."""
    if isinstance(a, int):
        return b if a else 0
    if isinstance(b, int):
        return a if b else 0
    result = tm.model.new_bool_var(name)
    tm.model.add_bool_and([a, b]).only_enforce_if(result)
    tm.model.add_bool_or([a.negated(), b.negated(), result])
    return result


def _class_subject_day(tm: TimetableModel) -> dict[tuple[str, str, str], list[cp_model.IntVar]]:
    """Weekly-course lesson variables per (class, subject, day)."""
    grouped: dict[tuple[str, str, str], list[cp_model.IntVar]] = defaultdict(list)
    for course in tm.courses:
        if course.alternating:
            continue
        for (day, _), var in tm.place[course.index].items():
            for name in course.classes:
                grouped[name, course.odd.subject, day].append(var)
    return grouped


def main_in_morning(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.main_in_morning: class-lessons of main subjects (语数英) in afternoon periods (weekly courses)."""
    inst = tm.inst
    return sum(
        len(course.classes) * var
        for course in tm.courses
        if not course.alternating and inst.subject_kind(course.odd.subject) == "main"
        for (_, period), var in tm.place[course.index].items()
        if not inst.is_morning(period)
    )


def subject_spread(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.subject_spread: (class, subject, day) with 2+ lessons, beyond the wanted double lessons."""
    crowded_days: dict[tuple[str, str], list[cp_model.IntVar]] = defaultdict(list)
    for (name, subject, day), lessons in _class_subject_day(tm).items():
        if len(lessons) < 2:
            continue
        crowded = tm.model.new_bool_var(f"crowded[{name},{subject},{day}]")
        tm.model.add(sum(lessons) >= 2).only_enforce_if(crowded)
        tm.model.add(sum(lessons) <= 1).only_enforce_if(crowded.negated())
        crowded_days[name, subject].append(crowded)
    wanted: dict[tuple[str, str], int] = defaultdict(int)
    for school_class in tm.inst.classes:
        for subject, count in tm.inst.class_doubles(school_class.name).items():
            wanted[school_class.name, subject] += count
    for entry in tm.inst.merged:
        for name in entry.classes:
            wanted[name, entry.subject] += entry.doubles
    # Redundant bound for the LP: each double lesson, and each lesson beyond one a day, makes a crowded day.
    for school_class in tm.inst.classes:
        for subject, count in tm.inst.class_plan(school_class.name).items():
            least = max(wanted[school_class.name, subject], count - len(tm.inst.days))
            if least > 0:
                tm.model.add(sum(crowded_days[school_class.name, subject]) >= least)
                tm.floors["soft.subject_spread"] += least
    tm.floors["soft.subject_spread"] -= sum(wanted.values())
    return sum(v for days in crowded_days.values() for v in days) - sum(wanted.values())


def two_lessons_apart(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.two_lessons_apart: a subject with 2 lessons a week on consecutive days."""
    grouped, pairs = _class_subject_day(tm), []
    for school_class in tm.inst.classes:
        for subject, count in tm.inst.class_plan(school_class.name).items():
            if count != 2:
                continue
            for first, second in consecutive_day_pairs(tm.inst.days):
                a = either(tm, grouped[school_class.name, subject, first], f"has[{school_class.name},{subject},{first}]")
                b = either(tm, grouped[school_class.name, subject, second], f"has[{school_class.name},{subject},{second}]")
                pairs.append(both(tm, a, b, f"apart[{school_class.name},{subject},{first}]"))
    return sum(pairs)


def pe_placement(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.pe_placement: class-lessons of PE in period 1 or the first afternoon period."""
    after_lunch = tm.inst.first_afternoon_period()
    misplaced = sum(
        len(course.classes) * var
        for course in tm.courses
        if not course.alternating and tm.inst.subject_kind(course.odd.subject) == "pe"
        for (_, period), var in tm.place[course.index].items()
        if period in (1, after_lunch)
    )
    least = least_pe_misplaced(tm, {1, after_lunch})
    if least > 0:
        tm.model.add(misplaced >= least)
        tm.floors["soft.pe_placement"] += least
    return misplaced


def teacher_busy(tm: TimetableModel, teachers: set[str] | None = None) -> dict[str, dict[tuple[str, int], Literal]]:
    """Per teacher (of `teachers`, all when None), a literal per slot: teaching then (in any week)."""
    busy: dict[str, dict[tuple[str, int], Literal]] = {}
    for teacher, mine in tm.teacher_courses.items():
        if teachers is not None and teacher not in teachers:
            continue
        busy[teacher] = {
            slot: either(tm, [tm.place[c.index][slot] for c in mine if slot in tm.place[c.index]], f"busy[{teacher},{slot}]")
            for slot in tm.slots()
        }
    return busy


def teacher_idle(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.teacher_idle: periods without a lesson between a teacher's first and last lesson of a day."""
    idle = []
    periods = range(1, len(tm.inst.bell.periods) + 1)
    for teacher, busy in tm.busy.items():
        for day in tm.inst.days:
            row = [busy[day, p] for p in periods]
            for index in range(1, len(row) - 1):
                if isinstance(row[index], int) and row[index]:
                    continue
                before = either(tm, row[:index], f"before[{teacher},{day},{index}]")
                after = either(tm, row[index + 1 :], f"after[{teacher},{day},{index}]")
                around = both(tm, before, after, f"around[{teacher},{day},{index}]")
                if isinstance(around, int):
                    idle.append(around)
                    continue
                gap = tm.model.new_bool_var(f"idle[{teacher},{day},{index}]")
                free = row[index]
                # gap == around AND NOT busy
                if isinstance(free, int):
                    tm.model.add(gap == around)
                else:
                    tm.model.add_bool_and([around, free.negated()]).only_enforce_if(gap)
                    tm.model.add_bool_or([around.negated(), free, gap])
                idle.append(gap)
    return sum(idle)


def teacher_balance(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.teacher_balance: per teacher, lessons on the busiest minus the lightest school day."""
    spreads, days, periods = [], len(tm.inst.days), range(1, len(tm.inst.bell.periods) + 1)
    forced = forced_courses(tm)
    for teacher, busy in tm.busy.items():
        mine = tm.teacher_courses[teacher]
        load = sum(c.lessons for c in mine)
        per_day = [sum(busy[day, p] for p in periods) for day in tm.inst.days]
        most = tm.model.new_int_var(0, len(periods), f"most[{teacher}]")
        fewest = tm.model.new_int_var(0, len(periods), f"fewest[{teacher}]")
        tm.model.add_max_equality(most, per_day)
        tm.model.add_min_equality(fewest, per_day)
        # Redundant bounds for the LP: the week's lessons cannot all fall evenly unless days divide them.
        tm.model.add(most >= -(-load // days))
        tm.model.add(fewest <= load // days)
        least = -(-load // days) - load // days
        if not any(c.alternating for c in mine):  # then each lesson is one busy slot
            # Days' counts within what the slots allow and what the hard rules force onto a day.
            cap = tm.inst.teacher_by_name[teacher].max_per_day or len(periods)
            high = [min(cap, sum(not isinstance(busy[d, p], int) or busy[d, p] for p in periods)) for d in tm.inst.days]
            low = [sum(c.index in forced[d] for c in mine) for d in tm.inst.days]
            least = max(least, least_spread(load, low, high))
        tm.model.add(most - fewest >= least)
        tm.floors["soft.teacher_balance"] += least
        spreads.append(most - fewest)
    return sum(spreads)


def teacher_noon(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.teacher_noon: a configured teacher teaching the last morning and the first afternoon period."""
    after = tm.inst.first_afternoon_period()
    if after is None or after == 1:
        return 0
    setting = tm.inst.preferences.no_noon_crossing
    return sum(
        both(tm, busy[day, after - 1], busy[day, after], f"noon[{teacher},{day}]")
        for teacher, busy in tm.busy.items()
        if tm.inst.prefers(setting, teacher)
        for day in tm.inst.days
    )


def parallel_half_day(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.parallel_half_day: a configured teacher teaching one subject both morning and afternoon of a day."""
    setting, split = tm.inst.preferences.parallel_same_half_day, []
    by_teacher_subject: dict[tuple[str, str], list[Course]] = defaultdict(list)
    for course in tm.courses:
        if not course.alternating and course.odd.teacher in tm.busy and tm.inst.prefers(setting, course.odd.teacher):
            by_teacher_subject[course.odd.teacher, course.odd.subject].append(course)
    for (teacher, subject), courses in by_teacher_subject.items():
        if sum(len(c.classes) for c in courses) < 2:
            continue
        for day in tm.inst.days:
            halves = [
                either(
                    tm,
                    [v for c in courses for p, v in tm.on_day(c, day) if tm.inst.is_morning(p) == morning],
                    f"half[{teacher},{subject},{day},{morning}]",
                )
                for morning in (True, False)
            ]
            split.append(both(tm, *halves, f"split[{teacher},{subject},{day}]"))
    return sum(split)


def subject_order(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.subject_order: a class has `first` in the period right before `then` (same day)."""
    grouped: dict[tuple[str, str, str, int], list[Literal]] = defaultdict(list)
    for course in tm.courses:
        if not course.alternating:
            for (day, period), var in tm.place[course.index].items():
                for name in course.classes:
                    grouped[name, course.odd.subject, day, period].append(var)
    adjacent = []
    for order in tm.inst.preferences.not_before:
        for school_class in tm.inst.classes:
            for day in tm.inst.days:
                for period in range(1, len(tm.inst.bell.periods)):
                    a = either(tm, grouped[school_class.name, order.first, day, period], "order_a")
                    b = either(tm, grouped[school_class.name, order.then, day, period + 1], "order_b")
                    adjacent.append(both(tm, a, b, f"order[{school_class.name},{day},{period}]"))
    return sum(adjacent)


def subject_exclusion(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.subject_exclusion: a class has both subjects of a configured pair on one day."""
    grouped, together = _class_subject_day(tm), []
    for first, second in tm.inst.preferences.not_same_day:
        for school_class in tm.inst.classes:
            for day in tm.inst.days:
                a = either(tm, grouped[school_class.name, first, day], "excl_a")
                b = either(tm, grouped[school_class.name, second, day], "excl_b")
                together.append(both(tm, a, b, f"excl[{school_class.name},{first},{second},{day}]"))
    return sum(together)


def teacher_exclusion(tm: TimetableModel) -> cp_model.LinearExprT:
    """soft.teacher_exclusion: both teachers of a configured pair teaching at the same slot."""
    at_once = []
    for first, second in tm.inst.preferences.teachers_apart:
        if first in tm.busy and second in tm.busy:
            for slot in tm.slots():
                at_once.append(both(tm, tm.busy[first][slot], tm.busy[second][slot], f"apart[{first},{second},{slot}]"))
    return sum(at_once)


SOFT_RULES: dict[str, Callable[[TimetableModel], cp_model.LinearExprT]] = {
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
    "soft.homework_even": homework_even,
    "soft.homework_spread": homework_spread,
}
