"""An instance as a FET 6.8 file (`jianfu export-fet`): what FET can express, and in its Comments
what it cannot (minutes, activity minimum, homework, soft rules).

Students: a year per grade, a group per class. Activities: each course's double lessons as
duration-2 activities and the rest as duration-1 activities, split from one activity group; a 合班
course is one activity of several groups; an odd/even pair is one activity named `odd/even`.
`fet_activities` numbers them the same way every time, so a FET result can be read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from models.calendar import format_clock
from models.instance import Instance
from scheduler.courses import build_courses
from scheduler.fet_constraints import period_length, space_constraints, text_child, time_constraints, year_name

FET_VERSION = "6.8.5"


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


def _room_names(inst: Instance) -> dict[str, list[str]]:
    """A FET room holds one activity: a venue for k classes at once becomes k rooms."""
    return {
        v.name: [v.name] if v.capacity == 1 else [f"{v.name}#{n}" for n in range(1, v.capacity + 1)] for v in inst.venues
    }


def _comments(inst: Instance) -> str:
    policy = inst.policy_in_force
    window = f"{format_clock(policy.earliest_lesson_start)}-{format_clock(policy.latest_dismissal)}"
    rules = [f"concentrated learning at most {policy.max_daily_learning_minutes} min a day (bell minutes and blocks)"]
    if period_length(inst) is None:  # else exported as PE periods a day
        minimum = policy.min_daily_activity_minutes
        rules.append(f"physical activity at least {minimum} min a day (PE lessons plus activity blocks)")
    rules += [
        f"lessons within {window}",
        f"at most {policy.main_subject_daily_max} lessons of a main subject a day (asked of FET only as spreading, 95 %)",
        "odd/even-week pairs (exported as one weekly activity 'odd/even')",
        "the homework plan and its caps; every soft rule (main subjects in the morning, teacher idle periods...).",
    ]
    return (
        f"Exported by jianfu from {inst.school.name}. Rules FET cannot express, checked by `jianfu check` on the result: "
        + "; ".join(rules)
    )


def export_fet(inst: Instance) -> str:
    """The FET file's text."""
    activities = fet_activities(inst)
    periods = range(1, len(inst.bell.periods) + 1)
    root = Element("fet", version=FET_VERSION)
    text_child(root, "Institution_Name", inst.school.name)
    text_child(root, "Comments", _comments(inst))
    days = SubElement(root, "Days_List")
    text_child(days, "Number_of_Days", len(inst.days))
    for day in inst.days:
        text_child(SubElement(days, "Day"), "Name", day)
    hours = SubElement(root, "Hours_List")
    text_child(hours, "Number_of_Hours", len(periods))
    for number in periods:
        text_child(SubElement(hours, "Hour"), "Name", number)
    subjects = SubElement(root, "Subjects_List")
    for name in dict.fromkeys(a.subject for a in activities):
        text_child(SubElement(subjects, "Subject"), "Name", name)
    SubElement(root, "Activity_Tags_List")
    teachers = SubElement(root, "Teachers_List")
    for teacher in inst.teachers:
        text_child(SubElement(teachers, "Teacher"), "Name", teacher.name)
    students = SubElement(root, "Students_List")
    for grade in sorted({c.grade for c in inst.classes}):
        year = SubElement(students, "Year")
        text_child(year, "Name", year_name(grade))
        text_child(year, "Number_of_Students", 0)
        for school_class in (c for c in inst.classes if c.grade == grade):
            group = SubElement(year, "Group")
            text_child(group, "Name", school_class.name)
            text_child(group, "Number_of_Students", 0)
    listed = SubElement(root, "Activities_List")
    for activity in activities:
        element = SubElement(listed, "Activity")
        for teacher in activity.teachers:
            text_child(element, "Teacher", teacher)
        text_child(element, "Subject", activity.subject)
        for class_name in activity.classes:
            text_child(element, "Students", class_name)
        for tag, value in (("Duration", activity.duration), ("Total_Duration", activity.total_duration)):
            text_child(element, tag, value)
        for tag, value in (("Id", activity.id), ("Activity_Group_Id", activity.group_id), ("Active", True)):
            text_child(element, tag, value)
    SubElement(root, "Buildings_List")
    rooms = SubElement(root, "Rooms_List")
    room_names = _room_names(inst)
    for names in room_names.values():
        for name in names:
            room = SubElement(rooms, "Room")
            for tag, value in (("Name", name), ("Building", ""), ("Capacity", 1000), ("Virtual", False)):
                text_child(room, tag, value)
    root.append(time_constraints(inst, activities))
    root.append(space_constraints(inst, room_names))
    indent(root, space="\t")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"
