"""Reading FET results: the `<name>_activities.xml` of a FET output folder (activity id, day, hour, room).

The activities themselves come from `<name>_data_and_timetable.fet` beside it (FET writes it); when
that file is missing, from `fet_activities(instance)`, i.e. a file jianfu exported.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

from models.instance import Instance
from models.solution import Lesson
from models.validation import InputError, Problem
from scheduler.formats.fet.activities import FetActivity, fet_activities
from scheduler.formats.fet.xml_io import child_int, child_text, in_file, students_map
from scheduler.formats.xml_file import parse_xml


def _definitions(inst: Instance, result: Path) -> tuple[dict[str, FetActivity], dict[str, str], dict[str, int]]:
    """Activities by id, FET day name -> instance day, FET hour name -> period."""
    stem = result.name.removesuffix("_activities.xml")
    data_file = result.with_name(f"{stem}_data_and_timetable.fet")
    if not data_file.exists():
        days = {day: day for day in inst.days}
        hours = {str(n): n for n in inst.sections_in_force[0].periods}
        return {str(a.id): a for a in fet_activities(inst)}, days, hours
    try:
        return _file_definitions(inst, parse_xml(data_file))
    except InputError as error:
        raise in_file(data_file, error) from None


def _file_definitions(inst: Instance, root: Element) -> tuple[dict[str, FetActivity], dict[str, str], dict[str, int]]:
    day_names = [child_text(d, "Name") for d in root.iter("Day") if d.find("Name") is not None]
    hour_names = [child_text(h, "Name") for h in root.iter("Hour") if h.find("Name") is not None]
    days = {name: inst.days[i] for i, name in enumerate(day_names) if i < len(inst.days)}
    hours = {name: i + 1 for i, name in enumerate(hour_names)}
    sets = students_map(root)
    activities = {}
    for element in root.iter("Activity"):
        if element.find("Subject") is None:
            continue
        classes = [c for s in element.findall("Students") for c in sets.get((s.text or "").strip(), [])]
        duration = child_int(element, "Duration", "1", least=1)
        activities[child_text(element, "Id")] = FetActivity(
            child_int(element, "Id", "0"),
            child_int(element, "Activity_Group_Id", "0"),
            tuple(dict.fromkeys(classes)),
            child_text(element, "Subject"),
            tuple((t.text or "").strip() for t in element.findall("Teacher")),
            duration,
            child_int(element, "Total_Duration", str(duration), least=1),
        )
    return activities, days, hours


def read_fet_result(inst: Instance, path: Path) -> list[Lesson]:
    """The lessons of a FET result (`*_activities.xml`), for `jianfu check`."""
    path = Path(path)
    root = parse_xml(path)
    if root.tag != "Activities_Timetable":
        english = f"not a FET activities timetable (root <{root.tag}>)"
        raise InputError([Problem(str(path), english, f"不是FET输出的教学班时间表（根元素是“{root.tag}”）")])
    activities, days, hours = _definitions(inst, path)
    lessons, problems = [], []
    for number, placed in enumerate(root.iter("Activity"), start=1):
        where = f"{path.name}: <Activity> #{number}"  # the place in either language
        key, day, hour = child_text(placed, "Id"), child_text(placed, "Day"), child_text(placed, "Hour")
        if key not in activities:
            english = f"activity id '{key}' is not in the FET data"
            problems.append(Problem(where, english, f"教学班编号“{key}”不在FET数据中"))
            continue
        if day not in days or hour not in hours:
            english = f"day '{day}' / hour '{hour}' is not a slot of the instance"
            problems.append(Problem(where, english, f"日期“{day}”、课时“{hour}”不是本校的上课时段"))
            continue
        activity = activities[key]
        venue = re.sub(r"#\d+$", "", child_text(placed, "Room")) or None
        parts = activity.subject.split("/")
        for offset in range(activity.duration):
            for class_name in activity.classes:
                for subject, weeks in zip(parts, ("all",) if len(parts) == 1 else ("odd", "even"), strict=False):
                    assigned = inst.teacher_of.get((class_name, subject))
                    lessons.append(
                        Lesson(
                            **{"class": class_name},
                            subject=subject,
                            teachers=[assigned] if assigned in activity.teachers else list(activity.teachers[:1]),
                            venue=venue if venue in inst.venue_by_name else None,
                            day=days[day],
                            period=hours[hour] + offset,
                            weeks=weeks,
                        )
                    )
    if problems:
        raise InputError(problems)
    return lessons
