"""The FET time and space constraints of an instance (used by `export_fet`)."""

from __future__ import annotations

from collections import defaultdict
from xml.etree.ElementTree import Element, SubElement

from models.bell import LEARNING_BLOCKS
from models.instance import Instance, Together
from models.section import Section
from models.validation import InputError, Problem
from scheduler.formats.fet.activities import FetActivity, year_name
from scheduler.formats.fet.xml_io import Slot, slot_children, text_child


def _constraint(parent: Element, tag: str, weight: int = 100) -> Element:
    element = SubElement(parent, tag)
    text_child(element, "Weight_Percentage", weight)
    return element


def fet_bell(inst: Instance) -> Section:
    """A section whose bell is the whole school's: FET has one bell for every class."""
    first = inst.sections_in_force[0]
    if any(section.bell != first.bell for section in inst.sections_in_force):
        names = ", ".join(section.name for section in inst.sections_in_force)
        message = f"FET has one bell for the whole school, and the sections ({names}) have bells of their own"
        listed = "、".join(f"“{section.name}”" for section in inst.sections_in_force)
        raise InputError([Problem("sections", message, f"FET全校只用一张作息时间表，而学段{listed}各有自己的作息时间表")])
    return first


def _outside_window(inst: Instance, sections: list[Section]) -> list[Slot]:
    """Slots outside the allowed lesson hours of every one of these sections."""
    return [slot for slot in fet_bell(inst).week_slots if not any(s.in_lesson_window(slot[1]) for s in sections)]


def _students_blocked(inst: Instance) -> dict[str, list[Slot]]:
    """Slots forbidden to a whole class or grade (no subject, no teacher named), and a class's slots
    outside its own section's lesson hours when the school's break times do not cover them."""
    blocked: dict[str, list[Slot]] = defaultdict(list)
    for entry in inst.forbidden:
        if entry.subject is None and entry.teacher is None and (entry.class_ or entry.grade):
            name = entry.class_ or year_name(entry.grade)
            blocked[name] += [slot for slot in fet_bell(inst).week_slots if fet_bell(inst).slot_in(entry, *slot)]
    breaks = set(_outside_window(inst, inst.sections_in_force))
    for school_class in inst.classes:
        own = [slot for slot in _outside_window(inst, [inst.section_of(school_class.name)]) if slot not in breaks]
        if own:
            blocked[school_class.name] += own
    return blocked


def _teacher_blocked(inst: Instance) -> dict[str, list[Slot]]:
    blocked: dict[str, list[Slot]] = defaultdict(list)
    bell = fet_bell(inst)
    for teacher in inst.teachers:
        if teacher.blocked:
            blocked[teacher.name] += inst.teacher_blocked(teacher.name, bell)
    for entry in inst.forbidden:
        if entry.teacher and entry.subject is None and entry.class_ is None and entry.grade is None:
            blocked[entry.teacher] += [slot for slot in bell.week_slots if bell.slot_in(entry, *slot)]
    return blocked


def period_length(inst: Instance) -> int | None:
    """The minutes of every period, when all are equally long (FET counts periods, not minutes)."""
    bell = fet_bell(inst)
    lengths = {bell.period_minutes(p) for p in bell.periods}
    return lengths.pop() if len(lengths) == 1 else None


def _max_lessons_a_day(inst: Instance, class_name: str) -> int | None:
    """The concentrated-learning cap as lessons a day, when all periods are equally long."""
    length = period_length(inst)
    if length is None:
        return None
    section = inst.section_of(class_name)
    cap = section.policy.max_daily_learning_minutes
    most = max((cap - inst.block_minutes(class_name, day, LEARNING_BLOCKS)) // length for day in inst.days)
    return most if most < len(section.periods) else None


def time_constraints(inst: Instance, activities: list[FetActivity]) -> Element:
    """Time_Constraints_List: availability, breaks, fixed lessons, daily maxima, spreading."""
    root = Element("Time_Constraints_List")
    text_child(_constraint(root, "ConstraintBasicCompulsoryTime"), "Active", True)
    _availability(root, inst)
    _forbidden_subjects(root, inst)
    _fixed(root, inst, activities)
    _daily_maxima(root, inst)
    for activity in activities:
        if activity.duration == 2:  # a double lesson starts where it stays in one half-day, over a short break
            section = inst.section_of(activity.classes[0])
            starts = [(day, period) for day in inst.days for period in section.double_starts]
            element = _constraint(root, "ConstraintActivityPreferredStartingTimes")
            text_child(element, "Activity_Id", activity.id)
            text_child(element, "Number_of_Preferred_Starting_Times", len(starts))
            slot_children(element, "Preferred_Starting_Time", starts, "Preferred_Starting_Day", "Preferred_Starting_Hour")
    _daily_activity(root, inst, activities)
    _spreading(root, inst, activities)
    for entry in inst.together:
        for pair in together_pairs(inst, activities, entry):
            element = _constraint(root, "ConstraintActivitiesSameStartingTime")
            text_child(element, "Number_of_Activities", len(pair))
            for activity in pair:
                text_child(element, "Activity_Id", activity.id)
    return root


def together_pairs(inst: Instance, activities: list[FetActivity], entry: Together) -> list[tuple[FetActivity, ...]]:
    """A 同时上课 entry's classes' activities of their subjects paired in order (one of each class,
    equally long) until the entry's lessons are paired, or no more pairs are alike."""
    mine = [[a for a in activities if m.class_ in a.classes and a.subject == m.subject] for m in entry.of]
    pairs, paired = [], 0
    for group in zip(*mine, strict=False):
        if paired >= inst.together_lessons(entry) or len({a.duration for a in group}) > 1:
            break
        pairs.append(group)
        paired += group[0].duration
    return pairs


def _availability(root: Element, inst: Instance) -> None:
    """Break times (outside every section's lesson window), teachers' and students' not-available times."""
    breaks = _outside_window(inst, inst.sections_in_force)
    if breaks:
        element = _constraint(root, "ConstraintBreakTimes")
        text_child(element, "Number_of_Break_Times", len(breaks))
        slot_children(element, "Break_Time", breaks, "Day", "Hour")
    for kind, owner_tag, blocked in (
        ("ConstraintTeacherNotAvailableTimes", "Teacher", _teacher_blocked(inst)),
        ("ConstraintStudentsSetNotAvailableTimes", "Students", _students_blocked(inst)),
    ):
        for owner, slots in blocked.items():
            element = _constraint(root, kind)
            text_child(element, owner_tag, owner)
            unique = sorted(set(slots), key=fet_bell(inst).week_slots.index)
            text_child(element, "Number_of_Not_Available_Times", len(unique))
            slot_children(element, "Not_Available_Time", unique, "Day", "Hour")


def _forbidden_subjects(root: Element, inst: Instance) -> None:
    """禁排 of a subject, or of a teacher within a class or grade, as the slots its activities may use."""
    for entry in inst.forbidden:
        if entry.subject is None and (entry.teacher is None or (entry.class_ is None and entry.grade is None)):
            continue  # exported by _availability as teacher or students-set times
        bell = fet_bell(inst)
        allowed = [slot for slot in bell.week_slots if not bell.slot_in(entry, *slot)]
        element = _constraint(root, "ConstraintActivitiesPreferredTimeSlots")
        students = entry.class_ or (year_name(entry.grade) if entry.grade else "")
        for tag, value in (("Teacher_Name", entry.teacher or ""), ("Students_Name", students)):
            text_child(element, tag, value)
        for tag, value in (("Subject_Name", entry.subject or ""), ("Activity_Tag_Name", "")):
            text_child(element, tag, value)
        text_child(element, "Number_of_Preferred_Time_Slots", len(allowed))
        slot_children(element, "Preferred_Time_Slot", allowed, "Preferred_Day", "Preferred_Hour")


def _fixed(root: Element, inst: Instance, activities: list[FetActivity]) -> None:
    """固排: each fixed lesson as one single-period activity of its class and subject at its slot."""
    used: set[int] = set()
    for class_name, subject, day, period in inst.fixed_lessons():
        activity = next(
            a
            for a in activities
            if a.id not in used and class_name in a.classes and a.subject == subject and a.duration == 1
        )
        used.add(activity.id)
        element = _constraint(root, "ConstraintActivityPreferredStartingTime")
        for tag, value in (("Activity_Id", activity.id), ("Preferred_Day", day), ("Preferred_Hour", period)):
            text_child(element, tag, value)
        text_child(element, "Permanently_Locked", False)


def _daily_maxima(root: Element, inst: Instance) -> None:
    """Teachers' lessons a day and days a week, and the learning cap as a class's lessons a day (equal periods)."""
    for teacher in inst.teachers:
        if teacher.max_per_day is not None:
            element = _constraint(root, "ConstraintTeacherMaxHoursDaily")
            text_child(element, "Teacher_Name", teacher.name)
            text_child(element, "Maximum_Hours_Daily", teacher.max_per_day)
        if teacher.max_days is not None:
            element = _constraint(root, "ConstraintTeacherMaxDaysPerWeek")
            text_child(element, "Teacher_Name", teacher.name)
            text_child(element, "Max_Days_Per_Week", teacher.max_days)
    for school_class in inst.classes:
        most = _max_lessons_a_day(inst, school_class.name)
        if most is not None:
            element = _constraint(root, "ConstraintStudentsSetMaxHoursDaily")
            text_child(element, "Maximum_Hours_Daily", most)
            text_child(element, "Students", school_class.name)


def _spreading(root: Element, inst: Instance, activities: list[FetActivity]) -> None:
    """A course's activities on different days: required for a 1-a-day subject, else preferred (95 %)."""
    groups: dict[int, list[FetActivity]] = defaultdict(list)
    for activity in activities:
        groups[activity.group_id].append(activity)
    for group in groups.values():
        subject = group[0].subject.split("/")[0]
        if len(group) < 2:
            continue
        weight = 100 if inst.subject_daily_max(subject, group[0].classes[0]) == 1 else 95
        element = _constraint(root, "ConstraintMinDaysBetweenActivities", weight)
        text_child(element, "Consecutive_If_Same_Day", True)
        text_child(element, "Number_of_Activities", len(group))
        for activity in group:
            text_child(element, "Activity_Id", activity.id)
        text_child(element, "MinDays", 1)


def _daily_activity(root: Element, inst: Instance, activities: list[FetActivity]) -> None:
    """activity.daily_minimum, when all periods are equally long: on each day its activity blocks
    leave short, a class's PE activities (every week's part PE) occupy enough of that day's periods."""
    length = period_length(inst)
    if length is None:
        return
    for school_class in inst.classes:
        pe = [
            a.id
            for a in activities
            if school_class.name in a.classes and all(inst.subject_kind(s) == "pe" for s in a.subject.split("/"))
        ]
        for day in inst.days:
            missing = inst.missing_activity_minutes(school_class.name, day)
            if not missing or not pe:
                continue
            element = _constraint(root, "ConstraintActivitiesOccupyMinTimeSlotsFromSelection")
            text_child(element, "Number_of_Activities", len(pe))
            for activity_id in pe:
                text_child(element, "Activity_Id", activity_id)
            day_slots = [slot for slot in fet_bell(inst).week_slots if slot[0] == day]
            text_child(element, "Number_of_Selected_Time_Slots", len(day_slots))
            slot_children(element, "Selected_Time_Slot", day_slots, "Selected_Day", "Selected_Hour")
            text_child(element, "Min_Number_of_Occupied_Time_Slots", -(-missing // length))


def space_constraints(inst: Instance, rooms: dict[str, list[str]]) -> Element:
    """Space_Constraints_List: each subject whose every lesson needs a shared venue in the rooms of
    that venue (or of its choice of venues)."""
    root = Element("Space_Constraints_List")
    text_child(_constraint(root, "ConstraintBasicCompulsorySpace"), "Active", True)
    for subject in inst.subjects:
        need = inst.venue_need(subject.name)
        if need.venues and need.lessons is None and not need.double_venues:
            names = [room for venue in need.venues for room in rooms[venue]]
            element = _constraint(root, "ConstraintSubjectPreferredRooms")
            text_child(element, "Subject", subject.name)
            text_child(element, "Number_of_Preferred_Rooms", len(names))
            for room in names:
                text_child(element, "Preferred_Room", room)
    return root
