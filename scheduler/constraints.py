"""The hard rules on the CP-SAT side: one function per rule id, in two registries.

DOMAIN_RULES decide which slots get a variable at all (a course never gets a variable where its
teacher is blocked, say): each returns the requirement that rules a slot out, or None. HARD_RULES
add constraints over those variables, in registry order. Every constraint a requirement can be
dropped from is tied to its requirement group through `tm.require` (used by `jianfu explain`);
class and teacher clashes and the definitions of auxiliary variables always hold.
Rules met by construction or by validation: `homework.none_for_grade` (an instance asking for written
homework in a grade whose cap is 0 is rejected), `curriculum.merged` (a merged course is one set of variables shared by
its classes), `assignment.teacher` (a course's teacher is the assigned one) and
`calendar.no_weekend` (an instance listing a weekend day is rejected before any model is built).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from models.instance import LEARNING_BLOCKS, Instance
from scheduler.courses import Course
from scheduler.homework_rules import (
    add_homework_all_placed,
    add_homework_at_school,
    add_homework_daily_cap,
    add_homework_lesson_day,
    add_homework_weekend,
)

if TYPE_CHECKING:
    from scheduler.model import TimetableModel

PARITIES = ("odd", "even")


Group = tuple[str | int, ...]  # a requirement group: (rule id, whom it concerns...)


def teacher_blocking(inst: Instance, course: Course, day: str, period: int) -> Group | None:
    """availability.teacher_blocked: the course's teacher blocked at the slot, if any."""
    for part in course.parts():
        if (day, period) in inst.teacher_blocked_slots[part.teacher]:
            return ("availability.teacher_blocked", part.teacher)
    return None


def forbidding(inst: Instance, course: Course, day: str, period: int) -> Group | None:
    """availability.forbidden: the 禁排 entry naming the course's classes, grade, subject or teacher here."""
    for index, entry in enumerate(inst.forbidden):
        if not inst.slot_in(entry, day, period):
            continue
        grades = {inst.class_by_name[name].grade for name in course.classes}
        hit = entry.class_ in course.classes or entry.grade in grades
        if hit or any(entry.subject == part.subject or entry.teacher == part.teacher for part in course.parts()):
            return ("availability.forbidden", index)
    return None


def outside_lesson_window(inst: Instance, course: Course, day: str, period: int) -> Group | None:
    """time.lesson_window: the period starts before the earliest start or ends after dismissal."""
    policy, bell_period = inst.policy_in_force, inst.bell.periods[period - 1]
    inside = bell_period.start >= policy.earliest_lesson_start and bell_period.end <= policy.latest_dismissal
    return None if inside else ("time.lesson_window",)


DOMAIN_RULES: dict[str, Callable[[Instance, Course, str, int], Group | None]] = {
    "availability.teacher_blocked": teacher_blocking,
    "availability.forbidden": forbidding,
    "time.lesson_window": outside_lesson_window,
}


def slot_blockers(inst: Instance, course: Course, day: str, period: int) -> list[Group]:
    """The requirements that rule a course out of a slot (empty: the slot is allowed)."""
    return [group for check in DOMAIN_RULES.values() if (group := check(inst, course, day, period)) is not None]


FreeSlots = dict[int, list[tuple[str, int]]]  # course index -> slots no domain rule rules out, in week order


def free_slots(inst: Instance, courses: list[Course]) -> FreeSlots:
    """Each course's slots that no domain rule rules out (computed once for the counting checks and models)."""
    return {c.index: [slot for slot in inst.week_slots if not slot_blockers(inst, c, *slot)] for c in courses}


def add_full_hours(tm: TimetableModel) -> None:
    """curriculum.full_hours: each course gets exactly its weekly lessons."""
    for course in tm.courses:
        tm.require(
            tm.model.add(sum(tm.place[course.index].values()) == course.lessons), "curriculum.full_hours", course.classes[0]
        )


def add_double_lessons(tm: TimetableModel) -> None:
    """curriculum.double_lessons: `doubles` double starts, each covering two placed lessons."""
    for course in tm.courses:
        if not course.doubles:
            continue
        starts = tm.double[course.index]
        place = tm.place[course.index]
        for (day, period), start in starts.items():
            tm.model.add_implication(start, place[day, period])
            tm.model.add_implication(start, place[day, period + 1])
        tm.require(tm.model.add(sum(starts.values()) == course.doubles), "curriculum.double_lessons", course.classes[0])


def add_class_clash(tm: TimetableModel) -> None:
    """clash.class: one lesson per class and slot (an odd/even pair holds its slot in both weeks)."""
    for courses in tm.class_courses.values():
        for slot in tm.slots():
            here = [tm.place[c.index][slot] for c in courses if slot in tm.place[c.index]]
            if len(here) > 1:
                tm.model.add_at_most_one(here)


def _by_parity_and_slot(tm: TimetableModel, key: Callable[[Course, str], str | None]):
    """Variables grouped by (key, parity, slot); identical odd/even groups are kept once."""
    owned: dict[str, dict[str, list[Course]]] = defaultdict(lambda: {parity: [] for parity in PARITIES})
    for course in tm.courses:
        for parity in PARITIES:
            owner = key(course, parity)
            if owner is not None:
                owned[owner][parity].append(course)
    for owner, by_parity in owned.items():
        odd, even = by_parity["odd"], by_parity["even"]
        weeks = [odd] if [c.index for c in odd] == [c.index for c in even] else [odd, even]
        for slot in tm.slots():
            seen: set[tuple[int, ...]] = set()
            for courses in weeks:
                members = [(c, tm.place[c.index][slot]) for c in courses if slot in tm.place[c.index]]
                signature = tuple(c.index for c, _ in members)
                if members and signature not in seen:
                    seen.add(signature)
                    yield owner, slot, members


def add_teacher_clash(tm: TimetableModel) -> None:
    """clash.teacher: one lesson per teacher, slot and week parity (a merged course is one lesson)."""
    for _teacher, _slot, members in _by_parity_and_slot(tm, lambda c, parity: c.part(parity).teacher):
        if len(members) > 1:
            tm.model.add_at_most_one(var for _, var in members)


def add_venue_capacity(tm: TimetableModel) -> None:
    """venue.capacity: classes in a venue at once (a merged course counts all its classes) within capacity."""
    for venue, _slot, members in _by_parity_and_slot(tm, lambda c, parity: c.part(parity).venue):
        capacity = tm.inst.venue_by_name[venue].capacity
        if sum(len(course.classes) for course, _ in members) > capacity:
            limit = tm.model.add(sum(len(course.classes) * var for course, var in members) <= capacity)
            tm.require(limit, "venue.capacity", venue)


def add_fixed(tm: TimetableModel) -> None:
    """availability.fixed: the class has a lesson of the subject at the fixed slot."""
    courses_of_class = tm.class_courses
    for name, subject, day, period in tm.inst.fixed_lessons():
        here = [
            tm.place[c.index][day, period]
            for c in courses_of_class[name]
            if subject in (c.odd.subject, c.even.subject) and (day, period) in tm.place[c.index]
        ]
        tm.require(tm.model.add_bool_or(here), "availability.fixed", name, subject, day, period)


def add_teacher_daily_max(tm: TimetableModel) -> None:
    """teacher.daily_max: a teacher's lessons per day and week parity within their maximum."""
    for teacher in tm.inst.teachers:
        if teacher.max_per_day is None:
            continue
        for parity in PARITIES:
            mine = [c for c in tm.teacher_courses[teacher.name] if c.part(parity).teacher == teacher.name]
            for day in tm.inst.days:
                limit = tm.model.add(sum(var for c in mine for _, var in tm.on_day(c, day)) <= teacher.max_per_day)
                tm.require(limit, "teacher.daily_max", teacher.name)


def add_daily_learning(tm: TimetableModel) -> None:
    """time.max_daily_learning: lesson minutes plus learning blocks per class and day within the cap."""
    cap = tm.inst.policy_in_force.max_daily_learning_minutes
    for name, courses in tm.class_courses.items():
        for day in tm.inst.days:
            blocks = tm.inst.block_minutes(name, day, LEARNING_BLOCKS)
            lessons = [(tm.inst.period_minutes(p), var) for c in courses for p, var in tm.on_day(c, day)]
            if blocks + sum(minutes for minutes, _ in lessons) > cap:
                limit = tm.model.add(sum(minutes * var for minutes, var in lessons) <= cap - blocks)
                tm.require(limit, "time.max_daily_learning", name, day)


def add_daily_activity(tm: TimetableModel) -> None:
    """activity.daily_minimum: PE-lesson minutes plus activity blocks per class, day and parity."""
    for name, courses in tm.class_courses.items():
        for day in tm.inst.days:
            missing = tm.inst.missing_activity_minutes(name, day)
            if not missing:
                continue
            for parity in PARITIES:
                pe = [c for c in courses if tm.inst.subject_kind(c.part(parity).subject) == "pe"]
                pe_minutes = sum(tm.inst.period_minutes(p) * var for c in pe for p, var in tm.on_day(c, day))
                tm.require(tm.model.add(pe_minutes >= missing), "activity.daily_minimum", name, day)


def add_subject_daily_max(tm: TimetableModel) -> None:
    """subject.daily_max: lessons of a subject per class and day; at most one double a day, which
    may take a 1-a-day subject to 2 (a double lesson is one occurrence of the subject)."""
    for name, courses in tm.class_courses.items():
        for parity in PARITIES:
            by_subject: dict[str, list[Course]] = defaultdict(list)
            for course in courses:
                by_subject[course.part(parity).subject].append(course)
            for subject, group in by_subject.items():
                limit = tm.inst.subject_daily_max(subject)
                for day in tm.inst.days:
                    lessons = [var for c in group for _, var in tm.on_day(c, day)]
                    starts = [var for c in group for (d, _), var in tm.double[c.index].items() if d == day]
                    if starts:
                        tm.require(tm.model.add(sum(starts) <= 1), "subject.daily_max", name)
                    if len(lessons) > limit:
                        most = tm.model.add(sum(lessons) <= limit + max(0, 2 - limit) * sum(starts))
                        tm.require(most, "subject.daily_max", name)


HARD_RULES: dict[str, Callable[[TimetableModel], None]] = {
    "curriculum.full_hours": add_full_hours,
    "curriculum.double_lessons": add_double_lessons,
    "clash.class": add_class_clash,
    "clash.teacher": add_teacher_clash,
    "venue.capacity": add_venue_capacity,
    "availability.fixed": add_fixed,
    "teacher.daily_max": add_teacher_daily_max,
    "time.max_daily_learning": add_daily_learning,
    "activity.daily_minimum": add_daily_activity,
    "subject.daily_max": add_subject_daily_max,
    "homework.lesson_day": add_homework_lesson_day,
    "homework.all_placed": add_homework_all_placed,
    "homework.daily_cap": add_homework_daily_cap,
    "homework.weekend": add_homework_weekend,
    "homework.at_school": add_homework_at_school,
}
