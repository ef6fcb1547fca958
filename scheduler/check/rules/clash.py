"""Clashes on the checker side: a class, a teacher, a venue at one time, in odd and in even weeks."""

from __future__ import annotations

from collections import Counter, defaultdict

from models.instance import Instance
from models.solution import Lesson
from scheduler.check.registry import hard_check
from scheduler.check.timetable import lesson_teachers, per_parity
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
    """One lesson per teacher and slot; several classes only as a declared merged lesson."""
    taught: dict[tuple[str, str, int], list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        for teacher in lesson_teachers(inst, lesson):
            taught[teacher, lesson.day, lesson.period].append(lesson)
    found = []
    for (teacher, day, period), group in sorted(taught.items()):
        if len(group) > 1 and not _one_merged_lesson(inst, group):
            names = ", ".join(sorted(f"{lesson.class_} {lesson.subject}" for lesson in group))
            found.append(Violation("clash.teacher", f"{teacher} teaches {names} at once", None, teacher, None, day, period))
    return found


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
    """The classes in a venue at once stay within its capacity."""
    count: Counter[tuple[str, str, int]] = Counter()
    for lesson in lessons:
        venue = inst.subject_venue(lesson.subject)
        if venue is not None:
            count[venue, lesson.day, lesson.period] += 1
    found = []
    for (venue, day, period), n in sorted(count.items()):
        capacity = inst.venue_by_name[venue].capacity
        if n > capacity:
            message = f"{venue} holds {n} classes at {day} period {period}, capacity {capacity}"
            found.append(Violation("venue.capacity", message, None, None, venue, day, period))
    return found
