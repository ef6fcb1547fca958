"""The soft rules of the lessons on the model side: each returns its penalty count and floor.

The checker recomputes every count from the timetable alone (scheduler.check.rules.soft); the two
must agree on every solution, so every auxiliary literal is defined exactly (scheduler.model.literals).
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from models.calendar import consecutive_day_pairs
from models.courses import Course, least_busy_slots
from models.section import Section
from scheduler.model.floors import forced_courses, least_pe_misplaced, least_spread
from scheduler.model.literals import BoolTerm, both, either
from scheduler.model.registry import Busy, Penalty, soft_rule
from scheduler.model.rules.availability import names_part
from scheduler.model.variables import Variables


def teacher_busy(v: Variables, teachers: set[str] | None = None) -> Busy:
    """Per teacher (of `teachers`, all when None), a term per (section, day, period) of the sections
    they teach in: teaching then (in any week). The teacher-level soft rules count only these teachers."""
    busy: Busy = {}
    for teacher, mine in v.teacher_courses.items():
        if teachers is not None and teacher not in teachers:
            continue
        busy[teacher] = {}
        for section in _sections_of(v, mine):
            place = [v.place[c.index] for c in mine if v.section(c) is section]
            for slot in section.week_slots:
                here = [lessons[slot] for lessons in place if slot in lessons]
                busy[teacher][section.name, *slot] = either(v.model, here, f"busy[{teacher},{slot}]")
    return busy


def _sections_of(v: Variables, courses: list[Course]) -> list[Section]:
    """The sections these courses are taught in, in the school's order."""
    used = {v.section(c).name for c in courses}
    return [section for section in v.inst.sections_in_force if section.name in used]


def _class_subject_day(v: Variables) -> dict[tuple[str, str, str], list[cp_model.IntVar]]:
    """Weekly-course lesson variables per (class, subject, day)."""
    grouped: dict[tuple[str, str, str], list[cp_model.IntVar]] = defaultdict(list)
    for course in v.courses:
        if course.alternating:
            continue
        for (day, _), var in v.place[course.index].items():
            for name in course.classes:
                grouped[name, course.odd.subject, day].append(var)
    return grouped


@soft_rule("soft.main_in_morning")
def main_in_morning(v: Variables, busy: Busy) -> Penalty:
    """Class-lessons of main subjects (语数英) in afternoon periods (weekly courses)."""
    inst = v.inst
    return Penalty(
        sum(
            len(course.classes) * var
            for course in v.courses
            if not course.alternating and inst.subject_kind(course.odd.subject) == "main"
            for (_, period), var in v.place[course.index].items()
            if not v.section(course).is_morning(period)
        )
    )


@soft_rule("soft.subject_spread")
def subject_spread(v: Variables, busy: Busy) -> Penalty:
    """(class, subject, day) with 2+ lessons, beyond the wanted double lessons."""
    crowded_days: dict[tuple[str, str], list[cp_model.IntVar]] = defaultdict(list)
    for (name, subject, day), lessons in _class_subject_day(v).items():
        if len(lessons) < 2:
            continue
        crowded = v.model.new_bool_var(f"crowded[{name},{subject},{day}]")
        v.model.add(sum(lessons) >= 2).only_enforce_if(crowded)
        v.model.add(sum(lessons) <= 1).only_enforce_if(crowded.negated())
        crowded_days[name, subject].append(crowded)
    wanted = v.inst.wanted_doubles
    floor = -sum(wanted.values())
    # Redundant bound for the LP: each double lesson makes a crowded day, and so do the lessons beyond
    # one a day, at most `most - 1` of them on each crowded day.
    for school_class in v.inst.classes:
        name = school_class.name
        for subject, count in v.inst.class_plan(name).items():
            doubles = wanted.get((name, subject), 0)
            beyond = max(0, count - len(v.inst.days))
            most = v.inst.subject_day_most(subject, name, doubles > 0)
            least = max(doubles, -(-beyond // max(1, most - 1)))
            if least > 0:
                v.model.add(sum(crowded_days[name, subject]) >= least)
                floor += least
    return Penalty(sum(var for days in crowded_days.values() for var in days) - sum(wanted.values()), floor)


@soft_rule("soft.two_lessons_apart")
def two_lessons_apart(v: Variables, busy: Busy) -> Penalty:
    """A subject with 2 lessons a week on consecutive days."""
    grouped, pairs = _class_subject_day(v), []
    for school_class in v.inst.classes:
        name = school_class.name
        for subject, count in v.inst.class_plan(name).items():
            if count != 2:
                continue
            for first, second in consecutive_day_pairs(v.inst.days):
                a = either(v.model, grouped[name, subject, first], f"has[{name},{subject},{first}]")
                b = either(v.model, grouped[name, subject, second], f"has[{name},{subject},{second}]")
                pairs.append(both(v.model, a, b, f"apart[{name},{subject},{first}]"))
    return Penalty(sum(pairs))


@soft_rule("soft.pe_placement")
def pe_placement(v: Variables, busy: Busy) -> Penalty:
    """Class-lessons of PE in period 1 or the first afternoon period (of their section)."""
    misplaced = sum(
        len(course.classes) * var
        for course in v.courses
        if not course.alternating and v.inst.subject_kind(course.odd.subject) == "pe"
        for (_, period), var in v.place[course.index].items()
        if period in (1, v.section(course).first_afternoon_period)
    )
    least = least_pe_misplaced(v)
    if least > 0:
        v.model.add(misplaced >= least)
    return Penalty(misplaced, least)


@soft_rule("soft.teacher_idle")
def teacher_idle(v: Variables, busy: Busy) -> Penalty:
    """Periods without a lesson between a teacher's first and last lesson of a day."""
    idle = []
    for teacher, slots in busy.items():
        for section in _sections_of(v, v.teacher_courses[teacher]):
            for day in v.inst.days:
                row = [slots[section.name, day, p] for p in section.periods]
                for index in range(1, len(row) - 1):
                    if isinstance(row[index], int) and row[index]:
                        continue
                    idle.append(_idle_at(v.model, row, index, f"{teacher},{day},{index}"))
    return Penalty(sum(idle))


def _idle_at(model: cp_model.CpModel, row: list[BoolTerm], index: int, key: str) -> BoolTerm:
    """A term equal to: a lesson before `index`, one after it, and none at it."""
    before = either(model, row[:index], f"before[{key}]")
    after = either(model, row[index + 1 :], f"after[{key}]")
    around = both(model, before, after, f"around[{key}]")
    if isinstance(around, int):
        return around
    gap, free = model.new_bool_var(f"idle[{key}]"), row[index]
    # gap == around AND NOT busy
    if isinstance(free, int):
        model.add(gap == around)
    else:
        model.add_bool_and([around, free.negated()]).only_enforce_if(gap)
        model.add_bool_or([around.negated(), free, gap])
    return gap


@soft_rule("soft.teacher_balance")
def teacher_balance(v: Variables, busy: Busy) -> Penalty:
    """Per teacher, lessons on the busiest minus the lightest school day."""
    spreads, floor, days = [], 0, len(v.inst.days)
    forced = forced_courses(v)
    for teacher, slots in busy.items():
        mine = v.teacher_courses[teacher]
        load, least_load = sum(c.lessons for c in mine), least_busy_slots(mine, teacher)
        periods = [(section.name, p) for section in _sections_of(v, mine) for p in section.periods]
        per_day = [sum(slots[name, day, p] for name, p in periods) for day in v.inst.days]
        most = v.model.new_int_var(0, len(periods), f"most[{teacher}]")
        fewest = v.model.new_int_var(0, len(periods), f"fewest[{teacher}]")
        v.model.add_max_equality(most, per_day)
        v.model.add_min_equality(fewest, per_day)
        # Redundant bounds for the LP: the week's busy slots (between least_load and load: odd/even
        # pairs may share one) cannot all fall evenly unless days divide them.
        v.model.add(most >= -(-least_load // days))
        v.model.add(fewest <= load // days)
        least = -(-load // days) - load // days if least_load == load else 0
        if not any(c.alternating for c in mine):  # then each lesson is one busy slot
            # Days' counts within what the slots allow and what the hard rules force onto a day.
            cap = v.inst.teacher_by_name[teacher].max_per_day or len(periods)
            high = [
                min(cap, sum(not isinstance(slots[n, d, p], int) or slots[n, d, p] for n, p in periods)) for d in v.inst.days
            ]
            low = [sum(c.index in forced[d] for c in mine) for d in v.inst.days]
            least = max(least, least_spread(load, low, high))
        v.model.add(most - fewest >= least)
        floor += least
        spreads.append(most - fewest)
    return Penalty(sum(spreads), floor)


@soft_rule("soft.teacher_noon")
def teacher_noon(v: Variables, busy: Busy) -> Penalty:
    """A configured teacher teaching the last morning and the first afternoon period (of a section)."""
    setting, crossing = v.inst.preferences.no_noon_crossing, []
    for teacher, slots in busy.items():
        if not v.inst.prefers(setting, teacher):
            continue
        for section in _sections_of(v, v.teacher_courses[teacher]):
            after = section.first_afternoon_period
            if after is None or after == 1:
                continue
            for day in v.inst.days:
                before_lunch, after_lunch = slots[section.name, day, after - 1], slots[section.name, day, after]
                crossing.append(both(v.model, before_lunch, after_lunch, f"noon[{teacher},{day}]"))
    return Penalty(sum(crossing))


def _by_day(slots: dict[tuple[str, str, int], BoolTerm]) -> dict[str, list[BoolTerm]]:
    """A teacher's busy terms (see teacher_busy) grouped by day, over the sections."""
    on_day: dict[str, list[BoolTerm]] = defaultdict(list)
    for (_, day, _), term in slots.items():
        on_day[day].append(term)
    return on_day


@soft_rule("soft.teacher_days")
def days_beyond_wish(v: Variables, busy: Busy) -> Penalty:
    """A teacher's school days with a lesson (in any week) beyond the days they wish to teach on."""
    beyond = []
    for teacher, slots in busy.items():
        wish = v.inst.teacher_by_name[teacher].preferred_days
        if wish is None:
            continue
        days = [either(v.model, terms, f"teaches[{teacher},{day}]") for day, terms in _by_day(slots).items()]
        if len(days) > wish:
            extra = v.model.new_int_var(0, len(days) - wish, f"days_beyond[{teacher}]")
            v.model.add_max_equality(extra, [sum(days) - wish, 0])
            beyond.append(extra)
    return Penalty(sum(beyond))


@soft_rule("soft.teacher_daily_range")
def lessons_outside_daily_wish(v: Variables, busy: Busy) -> Penalty:
    """On each school day a teacher teaches, the periods taught (in either week: one period of an
    odd/even pair) short of the lessons they wish to teach at least that day, or beyond those they
    wish to teach at most."""
    outside = []
    for teacher, slots in busy.items():
        wish = v.inst.teacher_by_name[teacher].preferred_per_day
        if wish is None:
            continue
        for day, terms in _by_day(slots).items():
            if wish.min > 1:
                teaches = either(v.model, terms, f"teaches[{teacher},{day}]")
                short = v.model.new_int_var(0, wish.min - 1, f"short_of_wish[{teacher},{day}]")
                v.model.add_max_equality(short, [wish.min * teaches - sum(terms), 0])
                outside.append(short)
            if wish.max is not None and len(terms) > wish.max:
                beyond = v.model.new_int_var(0, len(terms) - wish.max, f"beyond_wish[{teacher},{day}]")
                v.model.add_max_equality(beyond, [sum(terms) - wish.max, 0])
                outside.append(beyond)
    return Penalty(sum(outside))


@soft_rule("soft.parallel_half_day")
def parallel_half_day(v: Variables, busy: Busy) -> Penalty:
    """A configured teacher teaching one subject both morning and afternoon of a day."""
    setting, split = v.inst.preferences.parallel_same_half_day, []
    by_teacher_subject: dict[tuple[str, str], list] = defaultdict(list)
    for course in v.courses:
        if not course.alternating and course.odd.teacher in busy and v.inst.prefers(setting, course.odd.teacher):
            by_teacher_subject[course.odd.teacher, course.odd.subject].append(course)
    for (teacher, subject), courses in by_teacher_subject.items():
        if sum(len(c.classes) for c in courses) < 2:
            continue
        for day in v.inst.days:
            halves = [
                either(
                    v.model,
                    [var for c in courses for p, var in v.on_day(c, day) if v.section(c).is_morning(p) == morning],
                    f"half[{teacher},{subject},{day},{morning}]",
                )
                for morning in (True, False)
            ]
            split.append(both(v.model, *halves, f"split[{teacher},{subject},{day}]"))
    return Penalty(sum(split))


@soft_rule("soft.subject_order")
def subject_order(v: Variables, busy: Busy) -> Penalty:
    """A class has `first` in the period right before `then` (same day)."""
    grouped: dict[tuple[str, str, str, int], list[BoolTerm]] = defaultdict(list)
    for course in v.courses:
        if not course.alternating:
            for (day, period), var in v.place[course.index].items():
                for name in course.classes:
                    grouped[name, course.odd.subject, day, period].append(var)
    adjacent = []
    for order in v.inst.preferences.not_before:
        for school_class in v.inst.classes:
            last = len(v.inst.section_of(school_class.name).periods)
            for day in v.inst.days:
                for period in range(1, last):
                    a = either(v.model, grouped[school_class.name, order.first, day, period], "order_a")
                    b = either(v.model, grouped[school_class.name, order.then, day, period + 1], "order_b")
                    adjacent.append(both(v.model, a, b, f"order[{school_class.name},{day},{period}]"))
    return Penalty(sum(adjacent))


@soft_rule("soft.subject_exclusion")
def subject_exclusion(v: Variables, busy: Busy) -> Penalty:
    """A class has both subjects of a configured pair on one day."""
    grouped, together = _class_subject_day(v), []
    for first, second in v.inst.preferences.not_same_day:
        for school_class in v.inst.classes:
            for day in v.inst.days:
                a = either(v.model, grouped[school_class.name, first, day], "excl_a")
                b = either(v.model, grouped[school_class.name, second, day], "excl_b")
                together.append(both(v.model, a, b, f"excl[{school_class.name},{first},{second},{day}]"))
    return Penalty(sum(together))


@soft_rule("soft.teacher_exclusion")
def teacher_exclusion(v: Variables, busy: Busy) -> Penalty:
    """Both teachers of a configured pair teaching at the same slot."""
    at_once = []
    for first, second in v.inst.preferences.teachers_apart:
        if first in busy and second in busy:
            for day, minute in v.inst.moments:
                a, b = (_busy_at(v, busy, teacher, day, minute) for teacher in (first, second))
                at_once.append(both(v.model, a, b, f"at_once[{first},{second},{day},{minute}]"))
    return Penalty(sum(at_once))


@soft_rule("soft.avoided_slots")
def avoided_slots(v: Variables, busy: Busy) -> Penalty:
    """Lessons (a 合班 lesson once, an odd- and an even-week one apart) in a slot a 尽量不排 entry names
    for one of their classes, its grade, their subject or their teacher."""
    entries, hits = v.inst.preferences.avoid, []
    for course in v.courses if entries else ():
        section = v.section(course)
        for (day, period), var in v.place[course.index].items():
            here = [entry for entry in entries if section.slot_in(entry, day, period)]
            count = sum(any(names_part(v.inst, entry, course, part) for entry in here) for part in course.parts())
            if count:
                hits.append(count * var)
    return Penalty(sum(hits))


def _busy_at(v: Variables, busy: Busy, teacher: str, day: str, minute: int) -> BoolTerm:
    """Whether the teacher teaches at that moment, in any of their sections."""
    terms = []
    for section in _sections_of(v, v.teacher_courses[teacher]):
        period = section.covering(minute)
        if period is not None:
            terms.append(busy[teacher][section.name, day, period])
    return either(v.model, terms, f"busy_at[{teacher},{day},{minute}]")
