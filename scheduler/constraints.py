"""The hard rules on the CP-SAT side: one function per rule id, in two registries.

DOMAIN_RULES decide which slots get a variable at all (a course never gets a variable where its
teacher is blocked, say). HARD_RULES add constraints over those variables, in registry order.
Rules met by construction or by validation: `homework.none_for_grade` (an instance asking for written
homework in a grade whose cap is 0 is rejected), `curriculum.merged` (a merged course is one set of variables shared by
its classes), `assignment.teacher` (a course's teacher is the assigned one) and
`calendar.no_weekend` (an instance listing a weekend day is rejected before any model is built).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from models.instance import ACTIVITY_BLOCKS, LEARNING_BLOCKS, Instance
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


def teacher_free(inst: Instance, course: Course, day: str, period: int) -> bool:
    """availability.teacher_blocked: the course's teachers are not blocked at the slot."""
    return not any(
        inst.slot_in(ref, day, period) for part in course.parts() for ref in inst.teacher_by_name[part.teacher].blocked
    )


def not_forbidden(inst: Instance, course: Course, day: str, period: int) -> bool:
    """availability.forbidden: no 禁排 entry names the course's classes, grade, subject or teacher here."""
    grades = {inst.class_by_name[name].grade for name in course.classes}
    for entry in inst.forbidden:
        if not inst.slot_in(entry, day, period):
            continue
        if entry.class_ in course.classes or entry.grade in grades:
            return False
        if any(entry.subject == part.subject or entry.teacher == part.teacher for part in course.parts()):
            return False
    return True


def in_lesson_window(inst: Instance, course: Course, day: str, period: int) -> bool:
    """time.lesson_window: the period starts no earlier than allowed and ends by dismissal."""
    policy, bell_period = inst.policy_in_force, inst.bell.periods[period - 1]
    return bell_period.start >= policy.earliest_lesson_start and bell_period.end <= policy.latest_dismissal


DOMAIN_RULES: dict[str, Callable[[Instance, Course, str, int], bool]] = {
    "availability.teacher_blocked": teacher_free,
    "availability.forbidden": not_forbidden,
    "time.lesson_window": in_lesson_window,
}


def add_full_hours(tm: TimetableModel) -> None:
    """curriculum.full_hours: each course gets exactly its weekly lessons."""
    for course in tm.courses:
        tm.model.add(sum(tm.place[course.index].values()) == course.lessons)


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
        tm.model.add(sum(starts.values()) == course.doubles)


def add_class_clash(tm: TimetableModel) -> None:
    """clash.class: one lesson per class and slot (an odd/even pair holds its slot in both weeks)."""
    for courses in tm.courses_of_class().values():
        for slot in tm.slots():
            here = [tm.place[c.index][slot] for c in courses if slot in tm.place[c.index]]
            if len(here) > 1:
                tm.model.add_at_most_one(here)


def _by_parity_and_slot(tm: TimetableModel, key: Callable[[Course, str], str | None]):
    """Variables grouped by (key, parity, slot); identical odd/even groups are kept once."""
    groups: dict[tuple[str, str, tuple[str, int]], list[tuple[Course, object]]] = defaultdict(list)
    for course in tm.courses:
        for parity in PARITIES:
            owner = key(course, parity)
            if owner is not None:
                for slot, var in tm.place[course.index].items():
                    groups[owner, parity, slot].append((course, var))
    seen: set[tuple[str, tuple[str, int], tuple[int, ...]]] = set()
    for (owner, _parity, slot), members in groups.items():
        signature = (owner, slot, tuple(course.index for course, _ in members))
        if signature not in seen:
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
            tm.model.add(sum(len(course.classes) * var for course, var in members) <= capacity)


def add_fixed(tm: TimetableModel) -> None:
    """availability.fixed: the class has a lesson of the subject at the fixed slot."""
    courses_of_class = tm.courses_of_class()
    for name, subject, day, period in tm.inst.fixed_lessons():
        here = [
            tm.place[c.index][day, period]
            for c in courses_of_class[name]
            if subject in (c.odd.subject, c.even.subject) and (day, period) in tm.place[c.index]
        ]
        tm.model.add_bool_or(here)


def add_teacher_daily_max(tm: TimetableModel) -> None:
    """teacher.daily_max: a teacher's lessons per day and week parity within their maximum."""
    for teacher in tm.inst.teachers:
        if teacher.max_per_day is None:
            continue
        for parity in PARITIES:
            mine = [c for c in tm.courses if c.part(parity).teacher == teacher.name]
            for day in tm.inst.days:
                tm.model.add(sum(var for c in mine for _, var in tm.on_day(c, day)) <= teacher.max_per_day)


def add_daily_learning(tm: TimetableModel) -> None:
    """time.max_daily_learning: lesson minutes plus learning blocks per class and day within the cap."""
    cap = tm.inst.policy_in_force.max_daily_learning_minutes
    for name, courses in tm.courses_of_class().items():
        for day in tm.inst.days:
            blocks = sum(b.minutes for b in tm.inst.blocks_for(name, day) if b.kind in LEARNING_BLOCKS)
            lessons = [(tm.inst.period_minutes(p), var) for c in courses for p, var in tm.on_day(c, day)]
            if blocks + sum(minutes for minutes, _ in lessons) > cap:
                tm.model.add(sum(minutes * var for minutes, var in lessons) <= cap - blocks)


def add_daily_activity(tm: TimetableModel) -> None:
    """activity.daily_minimum: PE-lesson minutes plus activity blocks per class, day and parity."""
    need = tm.inst.policy_in_force.min_daily_activity_minutes
    for name, courses in tm.courses_of_class().items():
        for day in tm.inst.days:
            missing = need - sum(b.minutes for b in tm.inst.blocks_for(name, day) if b.kind in ACTIVITY_BLOCKS)
            if missing <= 0:
                continue
            for parity in PARITIES:
                pe = [c for c in courses if tm.inst.subject_kind(c.part(parity).subject) == "pe"]
                tm.model.add(sum(tm.inst.period_minutes(p) * var for c in pe for p, var in tm.on_day(c, day)) >= missing)


def add_subject_daily_max(tm: TimetableModel) -> None:
    """subject.daily_max: lessons of a subject per class and day; at most one double a day, which
    may take a 1-a-day subject to 2 (a double lesson is one occurrence of the subject)."""
    for courses in tm.courses_of_class().values():
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
                        tm.model.add(sum(starts) <= 1)
                    if len(lessons) > limit:
                        tm.model.add(sum(lessons) <= limit + max(0, 2 - limit) * sum(starts))


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
