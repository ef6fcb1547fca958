"""Courses: the units the CP-SAT model places, derived once from a validated instance.

A course is `lessons` weekly lessons of one or more classes (several for 合班) with one teacher, or
an odd/even-week pair (单双周) whose odd-week part and even-week part differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.instance import Instance


@dataclass(frozen=True)
class Part:
    """What a course is in weeks of one parity: subject, teacher and the venue it needs."""

    subject: str
    teacher: str
    venue: str | None


@dataclass(frozen=True)
class Course:
    """A unit the model places `lessons` times a week, `doubles` of them as double lessons."""

    index: int
    classes: tuple[str, ...]
    odd: Part
    even: Part
    lessons: int
    doubles: int

    @property
    def alternating(self) -> bool:
        return self.odd != self.even

    def parts(self) -> tuple[Part, ...]:
        """The distinct parts: one for a weekly course, two for an odd/even pair."""
        return (self.odd,) if not self.alternating else (self.odd, self.even)

    def part(self, parity: str) -> Part:
        """What the course is in weeks of one parity."""
        return self.odd if parity == "odd" else self.even


def least_busy_slots(courses: list[Course], teacher: str) -> int:
    """The fewest weekly slots a teacher's courses can take: an odd/even pair's slot is theirs in odd
    weeks or in even weeks only, so a pair they teach in odd weeks may share a slot with one they teach
    in even weeks."""
    weekly = odd = even = 0
    for course in courses:
        in_odd, in_even = course.odd.teacher == teacher, course.even.teacher == teacher
        if in_odd and in_even:
            weekly += course.lessons
        elif in_odd:
            odd += course.lessons
        elif in_even:
            even += course.lessons
    return weekly + max(odd, even)


def build_courses(inst: Instance) -> list[Course]:
    """Every course of the instance, in a fixed order (classes, then subjects as written)."""
    courses: list[Course] = []

    def part(class_name: str, subject: str) -> Part:
        return Part(subject, inst.teacher_of[class_name, subject], inst.subject_venue(subject))

    def add(classes: tuple[str, ...], odd: Part, even: Part, lessons: int, doubles: int) -> None:
        if lessons > 0:
            courses.append(Course(len(courses), classes, odd, even, lessons, doubles))

    merged_lessons: dict[tuple[str, str], int] = {}
    for entry in inst.merged:
        first = entry.classes[0]
        lessons = entry.lessons if entry.lessons is not None else inst.class_plan(first).get(entry.subject, 0)
        shared = part(first, entry.subject)
        add(tuple(entry.classes), shared, shared, lessons, entry.doubles)
        for name in entry.classes:
            merged_lessons[name, entry.subject] = merged_lessons.get((name, entry.subject), 0) + lessons

    for school_class in inst.classes:
        name = school_class.name
        doubles = inst.class_doubles(name)
        for subject, count in inst.class_plan(name).items():
            single = part(name, subject)
            add((name,), single, single, count - merged_lessons.get((name, subject), 0), doubles.get(subject, 0))
        for pair in inst.class_alternating(name):
            add((name,), part(name, pair.odd), part(name, pair.even), pair.lessons, 0)
    return courses
