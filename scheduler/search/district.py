"""走教: which days (or half-days) each shared teacher spends at which school, then each school's own
timetable with the teacher away on the others.

A small CP-SAT model places each shared teacher, per day (or half-day), at one school or none: every
school gets enough of the teacher's free periods for their weekly lessons there, on enough different
days for each class's lessons of the subject under its daily maximum; a morning at one school and an
afternoon at another only when the travel between them fits in the noon break. Fewest visits. Each
school is then solved alone (on Dask, in parallel) with the teacher blocked wherever they are not
there. A school that has no timetable so gets one more visit of its shared teachers next round.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.courses import build_courses
from models.district import District, serves, shared_maximum
from models.instance import Instance
from models.section import Section

HALVES = {"day": (None,), "half_day": ("am", "pm")}


@dataclass(frozen=True)
class Visit:
    """A shared teacher at a school on a day (the whole day, or its 上午 / 下午)."""

    teacher: str
    school: str
    day: str
    half: str | None = None


def teacher_section(inst: Instance, teacher: str) -> Section:
    """The section (bell) the teacher's classes at a school are in."""
    classes = [name for names in inst.teacher_by_name[teacher].teaches.values() for name in names]
    return inst.section_of(classes[0]) if classes else inst.sections_in_force[0]


def usable_periods(inst: Instance, teacher: str, day: str, half: str | None, most: int | None) -> list[int]:
    """The teacher's periods at a school on a day (or half-day) outside their blocked time and not
    fixed (固排) for all their classes, within their daily maximum over all schools (`most`); on a
    half-day, the first half of it only, so that a day split between two schools keeps it in all."""
    section = teacher_section(inst, teacher)
    blocked = inst.teacher_blocked(teacher, section)
    classes = {name for names in inst.teacher_by_name[teacher].teaches.values() for name in names}
    fixed = {(name, period) for name, _, fixed_day, period in inst.fixed_lessons() if fixed_day == day}
    periods = [
        p
        for p in section.periods
        if (day, p) not in blocked
        and (half is None or section.is_morning(p) == (half == "am"))
        and not all((name, p) in fixed for name in classes)
    ]
    if most is not None:
        periods = periods[: most if half is None else most // 2]
    return periods


def assign_visits(
    district: District, schools: dict[str, Instance], more: dict[tuple[str, str], int], time_limit: float = 10.0
) -> list[Visit] | None:
    """Every shared teacher's visits, fewest in all (`more`: the visits a (teacher, school) must get at
    least, after a school found no timetable with fewer); None when there are none that hold."""
    model = cp_model.CpModel()
    days = next(iter(schools.values())).days
    at: dict[Visit, cp_model.IntVar] = {}
    for shared in district.shared:
        teacher, halves = shared.teacher, HALVES[shared.per]
        places = serves(schools, teacher)
        for day in days:
            for half in halves:
                here = [Visit(teacher, school, day, half) for school in places]
                for visit in here:
                    at[visit] = model.new_bool_var("")
                model.add_at_most_one(at[visit] for visit in here)
        for school in places:
            least, daily = more.get((teacher, school), 0), shared_maximum(schools, teacher)
            _owed(model, at, schools[school], teacher, school, days, halves, least, daily)
        if shared.per == "half_day":
            _travel(model, at, district, schools, teacher, places, days)
    model.minimize(sum(at.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds, solver.parameters.num_workers = time_limit, 2
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [visit for visit, var in at.items() if solver.value(var)]


def _owed(model, at, inst: Instance, teacher: str, school: str, days, halves, least: int, daily: int | None) -> None:
    """The teacher's lessons at the school fit the visits: each course's lessons spread over the days
    the teacher is there, at most its subject's daily maximum and the class's periods not fixed (固排)
    a day, and no more a day than the teacher's usable periods then; at least `least` visits."""
    fixed = {(name, day, period) for name, _, day, period in inst.fixed_lessons()}
    section = teacher_section(inst, teacher)
    present = {}
    for day in days:
        present[day] = model.new_bool_var("")
        model.add_max_equality(present[day], [at[Visit(teacher, school, day, half)] for half in halves])
    taught = defaultdict(list)
    for course in (c for c in build_courses(inst) if any(part.teacher == teacher for part in c.parts())):
        most = inst.subject_daily_max(course.odd.subject, course.classes[0])
        spread = []
        for day in days:
            open_periods = sum(1 for p in section.periods if not any((name, day, p) in fixed for name in course.classes))
            share = model.new_int_var(0, min(most, open_periods), "")
            model.add(share == 0).only_enforce_if(present[day].Not())
            spread.append(share)
            taught[day].append(share)
        model.add(sum(spread) == course.lessons)
    visits = []
    for day in days:
        sizes = [
            (at[Visit(teacher, school, day, half)], len(usable_periods(inst, teacher, day, half, daily))) for half in halves
        ]
        model.add(sum(taught[day]) <= sum(size * var for var, size in sizes))
        visits += [var for var, _ in sizes]
    model.add(sum(visits) >= least)


def _travel(model, at, district: District, schools: dict[str, Instance], teacher: str, places, days) -> None:
    """A morning at one school and an afternoon at another only when the teacher, leaving after the
    first's last morning period, arrives before the second's first afternoon period."""
    for first in places:
        for second in (other for other in places if other != first):
            morning, afternoon = teacher_section(schools[first], teacher), teacher_section(schools[second], teacher)
            leaves = max((morning.interval(p)[1] for p in morning.periods if morning.is_morning(p)), default=0)
            arrives = min(
                (afternoon.interval(p)[0] for p in afternoon.periods if not afternoon.is_morning(p)), default=24 * 60
            )
            if leaves + (district.travel(first, second) or 0) > arrives:
                for day in days:
                    model.add_bool_or(
                        [at[Visit(teacher, first, day, "am")].Not(), at[Visit(teacher, second, day, "pm")].Not()]
                    )


def blocked_at(inst: Instance, visits: list[Visit], school: str, teacher: str, per: str, daily: int | None) -> list[dict]:
    """The teacher's blocked times at a school (its own, then 走教): every day (or half-day) spent
    elsewhere or nowhere, and on a half-day here the periods beyond its share of the daily maximum."""
    here = {(v.day, v.half) for v in visits if v.teacher == teacher and v.school == school}
    elsewhere = {(v.day, v.half): v.school for v in visits if v.teacher == teacher and v.school != school}
    blocked = [ref.model_dump(exclude_none=True) for ref in inst.teacher_by_name[teacher].blocked]
    section = teacher_section(inst, teacher)
    for day in inst.days:
        for half in HALVES[per]:
            where = elsewhere.get((day, half))
            note = f"走教：在{where}" if where else "走教：不在本校"
            if (day, half) not in here:
                blocked.append({"day": day, "note": note} | ({"half": half} if half else {}))
            elif half is not None and any((day, other) in elsewhere for other in HALVES[per] if other != half):
                kept = usable_periods(inst, teacher, day, half, daily)
                rest = [p for p in section.periods if section.is_morning(p) == (half == "am") and p not in kept]
                if rest:
                    blocked.append({"day": day, "periods": rest, "note": "走教：当天课时上限"})
    return blocked


def unplaceable(district: District, schools: dict[str, Instance], more: dict[tuple[str, str], int]) -> list[str]:
    """The shared teachers who have no days that hold, each tried alone (one teacher's days never bind
    another's, so these are all of them)."""
    return [
        shared.teacher
        for shared in district.shared
        if assign_visits(district.model_copy(update={"shared": [shared]}), schools, more) is None
    ]
