"""Clashes on the checker side: a class, a teacher, a venue at one time, in odd and in even weeks."""

from __future__ import annotations

from collections import Counter, defaultdict

from models.instance import Instance
from models.solution import Lesson
from scheduler.check.registry import hard_check
from scheduler.check.timetable import lesson_teachers, per_parity, running_at
from scheduler.check.violation import Violation


@hard_check("clash.class")
@per_parity
def check_class_clash(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """At most one lesson per class and slot."""
    count = Counter((lesson.class_, lesson.day, lesson.period) for lesson in lessons)
    return [
        Violation("clash.class", f"{name} has {n} lessons at {day} period {period}", name, None, None, day, period)
        for (name, day, period), n in sorted(count.items())
        if n > 1
    ]


@hard_check("clash.teacher")
@per_parity
def check_teacher_clash(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """One lesson per teacher at a time, in whichever section's bell; several classes only as a
    declared merged lesson."""
    taught: dict[tuple[str, str, int], list[Lesson]] = defaultdict(list)
    for (day, minute), running in running_at(inst, lessons).items():
        for lesson in running:
            for teacher in lesson_teachers(inst, lesson):
                taught[teacher, day, minute].append(lesson)
    found, seen = [], set()
    for (teacher, day, _), group in sorted(taught.items(), key=lambda item: _in_week(inst, item[0])):
        key = (teacher, frozenset(id(lesson) for lesson in group))
        if len(group) > 1 and not _one_merged_lesson(inst, group) and key not in seen:
            seen.add(key)
            names = ", ".join(sorted(f"{lesson.class_} {lesson.subject}" for lesson in group))
            period = group[0].period
            found.append(Violation("clash.teacher", f"{teacher} teaches {names} at once", None, teacher, None, day, period))
    return found


def _in_week(inst: Instance, key: tuple[str, str, int]) -> tuple[str, int, int]:
    """(owner, day's place in the week, minute): the order violations are reported in."""
    owner, day, minute = key
    return owner, inst.days.index(day), minute


def _one_merged_lesson(inst: Instance, group: list[Lesson]) -> bool:
    """The lessons are one declared merged (合班) lesson: one subject, different classes of one entry."""
    subjects = {lesson.subject for lesson in group}
    classes = {lesson.class_ for lesson in group}
    if len(subjects) != 1 or len(classes) != len(group):
        return False
    return any(e.subject in subjects and classes <= set(e.classes) for e in inst.merged)


@hard_check("venue.capacity")
@per_parity
def check_venue_capacity(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """The classes in a venue at once, in whichever section's bell, stay within its capacity."""
    using: dict[tuple[str, str, int], list[Lesson]] = defaultdict(list)
    for (day, minute), running in running_at(inst, lessons).items():
        for lesson in running:
            venue = inst.subject_venue(lesson.subject)
            if venue is not None:
                using[venue, day, minute].append(lesson)
    found, seen = [], set()
    for (venue, day, _), group in sorted(using.items(), key=lambda item: _in_week(inst, item[0])):
        capacity, key = inst.venue_by_name[venue].capacity, (venue, frozenset(id(lesson) for lesson in group))
        if len(group) > capacity and key not in seen:
            seen.add(key)
            period = group[0].period
            message = f"{venue} holds {len(group)} classes at {day} period {period}, capacity {capacity}"
            found.append(Violation("venue.capacity", message, None, None, venue, day, period))
    return found
