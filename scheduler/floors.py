"""Counting lower bounds for soft rules, from the model's slot variables and the hard rules alone.

Each bound holds for every timetable; the objective adds them as redundant constraints (and as
floors, so that CP-SAT reports a useful bound from the start).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.courses import Course
    from scheduler.model import TimetableModel


def needs_pe(tm: TimetableModel, class_name: str, day: str) -> bool:
    """activity.daily_minimum asks the class for PE-lesson minutes that day."""
    return tm.inst.missing_activity_minutes(class_name, day) > 0


def pe_courses(tm: TimetableModel, class_name: str) -> list[Course]:
    """The class's courses with a PE part in either week."""
    return [c for c in tm.class_courses[class_name] if any(tm.inst.subject_kind(p.subject) == "pe" for p in c.parts())]


def forced_courses(tm: TimetableModel) -> dict[str, set[int]]:
    """Per day, the weekly courses that must have a lesson that day: a class's only PE course on a
    day it needs PE lessons, or a class's only course able to hold one of its fixed lessons."""
    forced: dict[str, set[int]] = defaultdict(set)
    for school_class in tm.inst.classes:
        only = pe_courses(tm, school_class.name)
        if len(only) == 1 and not only[0].alternating:
            for day in tm.inst.days:
                if needs_pe(tm, school_class.name, day):
                    forced[day].add(only[0].index)
    for name, subject, day, period in tm.inst.fixed_lessons():
        able = [
            c
            for c in tm.class_courses[name]
            if subject in (c.odd.subject, c.even.subject) and (day, period) in tm.place[c.index]
        ]
        if len(able) == 1 and not able[0].alternating:
            forced[day].add(able[0].index)
    return forced


def least_pe_misplaced(tm: TimetableModel, bad_periods: set[int]) -> int:
    """Class-lessons of PE that must fall in `bad_periods`: per day, the classes needing a PE lesson
    (whose PE courses are all weekly) beyond the PE class-lessons the other periods can hold
    (per slot, within the venues' capacities and one lesson per PE teacher)."""
    weekly_pe = [c for c in tm.courses if not c.alternating and tm.inst.subject_kind(c.odd.subject) == "pe"]
    weekly_only = [c.name for c in tm.inst.classes if all(not k.alternating for k in pe_courses(tm, c.name))]
    least = 0
    for day in tm.inst.days:
        needy = [name for name in weekly_only if needs_pe(tm, name, day)]
        if not needy:
            continue
        room = 0
        for period in range(1, len(tm.inst.bell.periods) + 1):
            if period in bad_periods:
                continue
            venue_room: dict[str | None, int] = defaultdict(int)
            teacher_room: dict[str, int] = defaultdict(int)
            for course in weekly_pe:
                if (day, period) in tm.place[course.index]:
                    size = len(course.classes)
                    venue_room[course.odd.venue] += size
                    teacher_room[course.odd.teacher] = max(teacher_room[course.odd.teacher], size)
            for venue in venue_room:
                if venue is not None:
                    venue_room[venue] = min(venue_room[venue], tm.inst.venue_by_name[venue].capacity)
            room += min(sum(venue_room.values()), sum(teacher_room.values()))
        least += max(0, len(needy) - room)
    return least


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
