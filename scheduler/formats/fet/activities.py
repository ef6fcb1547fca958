"""The FET side of an instance as jianfu exports it: its activities, years and rooms.

Students: a year per grade, a group per class. Activities: each course's double lessons as
duration-2 activities and the rest as duration-1 activities, split from one activity group; a 合班
course is one activity of several groups; an odd/even pair is one activity named `odd/even`.
`fet_activities` numbers them the same way every time, so a FET result can be read back.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.courses import build_courses
from models.instance import Instance


@dataclass(frozen=True)
class FetActivity:
    """One FET activity: `duration` consecutive periods of a course."""

    id: int
    group_id: int
    classes: tuple[str, ...]
    subject: str
    teachers: tuple[str, ...]
    duration: int
    total_duration: int


def fet_activities(inst: Instance) -> list[FetActivity]:
    """Every activity of the instance, numbered from 1 in course order."""
    activities: list[FetActivity] = []
    for course in build_courses(inst):
        parts = course.parts()
        subject = "/".join(part.subject for part in parts)
        teachers = tuple(dict.fromkeys(part.teacher for part in parts))
        durations = [2] * course.doubles + [1] * (course.lessons - 2 * course.doubles)
        group = len(activities) + 1
        for duration in durations:
            activities.append(
                FetActivity(len(activities) + 1, group, course.classes, subject, teachers, duration, course.lessons)
            )
    return activities


def year_name(grade: int) -> str:
    """The FET year of a grade."""
    return f"{grade}年级"


def room_names(inst: Instance) -> dict[str, list[str]]:
    """A FET room holds one activity: a venue for k classes at once becomes k rooms."""
    return {
        v.name: [v.name] if v.capacity == 1 else [f"{v.name}#{n}" for n in range(1, v.capacity + 1)] for v in inst.venues
    }
