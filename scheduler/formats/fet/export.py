"""An instance as a FET 6.8 file (`jianfu export-fet`): what FET can express, and in its Comments
what it cannot (minutes, activity minimum, homework, soft rules). The activities, years and rooms
are named as in scheduler.formats.fet.activities.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, indent, tostring

from models.calendar import Lang, format_clock
from models.instance import Instance
from scheduler.formats.fet.activities import FetActivity, fet_activities, room_names, year_name
from scheduler.formats.fet.export_constraints import (
    fet_bell,
    period_length,
    space_constraints,
    time_constraints,
    together_pairs,
)
from scheduler.formats.fet.xml_io import text_child

FET_VERSION = "6.8.5"


def _section_rules(inst: Instance) -> list[tuple[str, str]]:
    """Each section's rules FET cannot express, in English and Chinese."""
    rules = []
    for section in inst.sections_in_force:
        policy, several = section.policy, len(inst.sections_in_force) > 1
        named, named_zh = (f" ({section.name})", f"（{section.name}）") if several else ("", "")
        window = f"{format_clock(policy.earliest_lesson_start)}-{format_clock(policy.latest_dismissal)}"
        learning, most = policy.max_daily_learning_minutes, policy.main_subject_daily_max
        rules.append(
            (
                f"concentrated learning at most {learning} min a day (bell minutes and blocks){named}",
                f"每天集中学习不超过{learning}分钟（按作息时间表的课时和时段计）{named_zh}",
            )
        )
        if period_length(inst) is None:  # else exported as PE periods a day
            least = policy.min_daily_activity_minutes
            rules.append(
                (
                    f"physical activity at least {least} min a day (PE lessons plus activity blocks){named}",
                    f"每天体育活动不少于{least}分钟（体育课加活动时段）{named_zh}",
                )
            )
        rules.append((f"lessons within {window}{named}", f"上课时间在{window}之内{named_zh}"))
        rules.append(
            (
                f"at most {most} lessons of a main subject a day (asked of FET only as spreading, 95 %){named}",
                f"主科每天最多{most}节（在FET中只作为分散要求，权重95%）{named_zh}",
            )
        )
    return rules


def _comments(inst: Instance, activities: list[FetActivity], lang: Lang) -> str:
    """The file's Comments: the rules FET cannot express, which `jianfu check` checks on FET's result."""
    rules = _section_rules(inst)
    if any(v.capacity_at for v in inst.venues):
        rules.append(("venues' capacities at some times (venue capacity_at)", "场地在某些时段的容量"))
    if any((n := inst.venue_need(s.name)).lessons is not None or n.double_venues for s in inst.subjects):
        english = "venues needed by some lessons or by double lessons only (venue_lessons, double_venue)"
        rules.append((english, "只有部分课或只有连堂课需要的场地"))
    for entry in inst.together:
        if sum(pair[0].duration for pair in together_pairs(inst, activities, entry)) < inst.together_lessons(entry):
            rules.append(("lessons together (together) FET's activities cannot pair", "FET的教学班无法配成对的同时上课"))
            break
    rules += [
        (
            "odd/even-week pairs (exported as one weekly activity 'odd/even')",
            "单双周成对的课（导出为每周一个教学班，学科写作“单周学科/双周学科”）",
        ),
        (
            "the homework plan and its caps; every soft rule (main subjects in the morning, teacher idle periods...).",
            "作业安排及其上限；所有软性要求（主科排在上午、教师空堂少等）。",
        ),
    ]
    if lang == "zh":
        head = f"由减负排课从“{inst.school.name}”导出。以下规则FET无法表达，请用 jianfu check 检查FET排出的结果："
        return head + "；".join(zh for _, zh in rules)
    return (
        f"Exported by jianfu from {inst.school.name}. Rules FET cannot express, checked by `jianfu check` on the result: "
        + "; ".join(en for en, _ in rules)
    )


def export_fet(inst: Instance, lang: Lang = "en") -> str:
    """The FET file's text, its Comments in the language."""
    activities = fet_activities(inst)
    periods = fet_bell(inst).periods
    root = Element("fet", version=FET_VERSION)
    text_child(root, "Institution_Name", inst.school.name)
    text_child(root, "Comments", _comments(inst, activities, lang))
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
    names_of_rooms = room_names(inst)
    for names in names_of_rooms.values():
        for name in names:
            room = SubElement(rooms, "Room")
            for tag, value in (("Name", name), ("Building", ""), ("Capacity", 1000), ("Virtual", False)):
                text_child(room, tag, value)
    root.append(time_constraints(inst, activities))
    root.append(space_constraints(inst, names_of_rooms))
    indent(root, space="\t")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"
