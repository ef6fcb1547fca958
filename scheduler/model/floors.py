"""Counting lower bounds for soft rules, from the model's slot variables and the hard rules alone.

Each bound holds for every timetable; the soft rules add them as redundant constraints and return
them as their penalty's floor, so that CP-SAT reports a useful bound from the start.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from itertools import combinations, product
from math import prod

from models.courses import Course
from scheduler.model.variables import Variables


def needs_pe(v: Variables, class_name: str, day: str) -> bool:
    """activity.daily_minimum asks the class for PE-lesson minutes that day."""
    return v.inst.missing_activity_minutes(class_name, day) > 0


def pe_courses(v: Variables, class_name: str) -> list[Course]:
    """The class's courses with a PE part in either week."""
    return [c for c in v.class_courses[class_name] if any(v.inst.subject_kind(p.subject) == "pe" for p in c.parts())]


def forced_courses(v: Variables) -> dict[str, set[int]]:
    """Per day, the weekly courses that must have a lesson that day: a class's only PE course on a
    day it needs PE lessons, or a class's only course able to hold one of its fixed lessons."""
    forced: dict[str, set[int]] = defaultdict(set)
    for school_class in v.inst.classes:
        only = pe_courses(v, school_class.name)
        if len(only) == 1 and not only[0].alternating:
            for day in v.inst.days:
                if needs_pe(v, school_class.name, day):
                    forced[day].add(only[0].index)
    for name, subject, day, period in v.inst.fixed_lessons():
        able = [
            c
            for c in v.class_courses[name]
            if subject in (c.odd.subject, c.even.subject) and (day, period) in v.place[c.index]
        ]
        if len(able) == 1 and not able[0].alternating:
            forced[day].add(able[0].index)
    return forced


def least_pe_misplaced(v: Variables) -> int:
    """Class-lessons of PE that must fall in period 1 or right after lunch: per section and day, the
    classes needing a PE lesson (whose PE courses are all weekly) beyond the PE class-lessons the
    other periods can hold (per slot, within the venues' capacities and one lesson per PE teacher).
    Sections sharing a venue are counted apart, which only lowers the bound."""
    inst = v.inst
    weekly_only = [c.name for c in inst.classes if all(not k.alternating for k in pe_courses(v, c.name))]
    least = 0
    for section in inst.sections_in_force:
        bad = {1, section.first_afternoon_period}
        weekly_pe = [
            c
            for c in v.courses
            if not c.alternating and inst.subject_kind(c.odd.subject) == "pe" and v.section(c) is section
        ]
        for day in inst.days:
            needy = [name for name in weekly_only if needs_pe(v, name, day) and inst.section_of(name) is section]
            if needy:
                room = sum(
                    _pe_room(v, weekly_pe, day, period, section.interval(period)[0])
                    for period in section.periods
                    if period not in bad
                )
                least += max(0, len(needy) - room)
    return least


def _pe_room(v: Variables, weekly_pe: list[Course], day: str, period: int, start: int) -> int:
    """PE class-lessons one slot can hold: within the venues' capacities at its start (minute of the
    day) and one lesson per PE teacher."""
    venue_room: dict[str | None, int] = defaultdict(int)
    teacher_room: dict[str, int] = defaultdict(int)
    for course in weekly_pe:
        if (day, period) in v.place[course.index]:
            size = len(course.classes)
            venue_room[course.odd.venue] += size
            teacher_room[course.odd.teacher] = max(teacher_room[course.odd.teacher], size)
    for venue in venue_room:
        if venue is not None:
            venue_room[venue] = min(venue_room[venue], v.inst.venue_capacity(venue, day, start))
    return min(sum(venue_room.values()), sum(teacher_room.values()))


def least_spread(load: int, low: list[int], high: list[int]) -> int:
    """The smallest busiest-minus-lightest day over daily counts n_d with low_d <= n_d <= high_d
    summing to `load` (0 when none exists: the hard rules will tell)."""
    top = max(high, default=0)
    for spread in range(top + 1):
        for fewest in range(top - spread + 1):
            lows = [max(lo, fewest) for lo in low]
            highs = [min(hi, fewest + spread) for hi in high]
            if all(lo <= hi for lo, hi in zip(lows, highs, strict=True)) and sum(lows) <= load <= sum(highs):
                return spread
    return 0


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
