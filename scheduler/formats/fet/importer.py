"""A FET file as a jianfu instance (`jianfu import-fet`), with a report saying, for every FET
constraint type in the file, whether it was imported exactly, approximated, or ignored, and why.

Days map to 星期一.. by position; hours to periods (clock times read from hour names such as
'08:10' or '08:10-08:50', else 40-minute periods from 08:00); groups (or years without groups) to
classes; activities to weekly lessons, duration-2 activities to double lessons, activities of several
groups to 合班. FET files carry none of the burden-reduction rules, so the instance switches the
minute caps off (policy overrides) and keeps only what the file says.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from xml.etree.ElementTree import Element

from models.calendar import WEEKDAY_NAMES, format_clock
from scheduler.formats.fet.import_constraints import import_constraints
from scheduler.formats.fet.report import ImportReport
from scheduler.formats.fet.xml_io import child_text, students_map

_TIME = re.compile(r"(\d{1,2})[:.h](\d{2})")


def _periods(hour_names: list[str]) -> tuple[list[dict], bool]:
    """Bell periods from FET hour names: their clock times if every name starts with one, else assumed."""
    starts = [_TIME.search(name) for name in hour_names]
    minutes = [int(m.group(1)) * 60 + int(m.group(2)) for m in starts] if all(starts) else []
    timed = bool(minutes) and minutes == sorted(set(minutes))
    if timed:
        ends = [min(start + 40, nxt) for start, nxt in zip(minutes, minutes[1:] + [minutes[-1] + 45], strict=True)]
    else:
        minutes = [8 * 60 + 50 * number for number in range(len(hour_names))]
        ends = [start + 40 for start in minutes]
    periods = [
        {"name": name, "start": format_clock(start), "end": format_clock(end)}
        for name, start, end in zip(hour_names, minutes, ends, strict=True)
    ]
    return periods, timed


def _stage(classes: dict[str, int]) -> str:
    return "primary" if all(grade <= 6 for grade in classes.values()) else "junior"


def _grade_of(year: str, index: int) -> int:
    digits = re.search(r"\d+", year)
    number = int(digits.group()) if digits else index + 1
    return number if 1 <= number <= 9 else min(9, index + 1)


def import_fet(root: Element, source: str) -> tuple[dict, ImportReport, list[str]]:
    """(instance data, report, problems) of a parsed FET file; problems make it unusable."""
    report, problems = ImportReport(), []
    if root.tag != "fet":
        return {}, report, [f"{source}: not a FET file (root <{root.tag}>)"]
    day_names = [child_text(d, "Name") for d in root.findall("Days_List/Day")]
    hour_names = [child_text(h, "Name") for h in root.findall("Hours_List/Hour")]
    if not 1 <= len(day_names) <= 5:
        problems.append(f"{source}: Days_List has {len(day_names)} days; jianfu plans Monday to Friday (1 to 5 days)")
    if not hour_names:
        problems.append(f"{source}: Hours_List is empty")
    if problems:
        return {}, report, problems
    days = dict(zip(day_names, WEEKDAY_NAMES, strict=False))
    periods, timed = _periods(hour_names)
    sets = students_map(root)
    years = root.findall("Students_List/Year")
    grades = [_grade_of(child_text(year, "Name"), index) for index, year in enumerate(years)]
    if not (all(g <= 6 for g in grades) or all(g >= 7 for g in grades)):
        grades = [min(6, index + 1) for index in range(len(years))]
        report.add("Students_List", "approximated", "years numbered as grades 1-6 in file order (later years share 6)")
    classes: dict[str, int] = {}
    for grade, year in zip(grades, years, strict=True):
        for group in year.findall("Group") or [year]:
            classes.setdefault(child_text(group, "Name"), grade)
    subgroups = {child_text(subgroup, "Name") for subgroup in root.iter("Subgroup")}
    plan: dict[str, Counter] = defaultdict(Counter)
    doubles: dict[str, Counter] = defaultdict(Counter)
    teaches: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    assigned: dict[tuple[str, str], str] = {}
    merged: list[dict] = []
    activities: dict[str, dict] = {}
    for element in root.findall("Activities_List/Activity"):
        if child_text(element, "Active", "true") != "true":
            continue
        subject, duration = child_text(element, "Subject"), int(child_text(element, "Duration", "1"))
        teachers = [(t.text or "").strip() for t in element.findall("Teacher")]
        students = [(s.text or "").strip() for s in element.findall("Students")]
        if subgroups.intersection(students):
            report.add("Subgroup", "approximated", "a subgroup's activities are taught to its whole group (class)")
        names = [c for name in students for c in sets.get(name, [])]
        targets = list(dict.fromkeys(c for c in names if c in classes))
        if not targets or not teachers:
            report.add("Activity", "ignored", "an activity without students or without a teacher is left out")
            continue
        if len(teachers) > 1:
            report.add("Activity", "approximated", "an activity with several teachers keeps its first teacher")
        if duration > 2:
            report.add("Activity", "approximated", "an activity longer than 2 periods becomes single lessons")
        teacher = teachers[0]
        for name in targets:
            if assigned.setdefault((name, subject), teacher) != teacher:
                report.add("Activity", "approximated", "a class's subject taught by two teachers keeps the first")
            elif name not in teaches[teacher][subject]:
                teaches[teacher][subject].append(name)
            plan[name][subject] += duration
            doubles[name][subject] += duration == 2
        if len(targets) > 1 and all(assigned[name, subject] == teacher for name in targets):
            merged.append({"subject": subject, "classes": targets, "lessons": duration, "doubles": int(duration == 2)})
        elif len(targets) > 1:
            report.add("Activity", "approximated", "classes with other teachers for the subject are taught apart")
        activities[child_text(element, "Id")] = {"classes": targets, "subject": subject, "duration": duration}
    noon = any(p["start"] >= "12:00" for p in periods) and any(p["start"] < "12:00" for p in periods)
    if noon and any(a["duration"] == 2 for a in activities.values()):
        report.add("Hours_List", "approximated", "a double lesson never spans the noon boundary (jianfu's 上午/下午)")
    else:
        report.add("Hours_List", "exact", "" if timed else "clock times assumed: 40-minute periods from 08:00")
    data: dict = {
        "school": {"name": child_text(root, "Institution_Name") or source, "stage": _stage(classes)},
        "days": [days[d] for d in day_names],
        "bell": {"periods": periods},
        "policy": {
            "max_daily_learning_minutes": 1440,
            "min_daily_activity_minutes": 0,
            "earliest_lesson_start": "00:00",
            "latest_dismissal": "23:59",
            "main_subject_daily_max": 20,
            "other_subject_daily_max": 20,
            "max_break_in_double_minutes": 1440,
        },
        "subjects": [{"name": child_text(s, "Name"), "kind": "other"} for s in root.findall("Subjects_List/Subject")],
        "grades": [{"grade": g, "plan": {}} for g in sorted(set(classes.values()))],
        "classes": [
            {
                "name": name,
                "grade": grade,
                "plan": dict(plan[name]),
                "doubles": {s: n for s, n in doubles[name].items() if n},
            }
            for name, grade in classes.items()
            if plan[name]
        ],
        "teachers": [{"name": name, "teaches": dict(subjects)} for name, subjects in teaches.items()],
        "merged": _merge_entries(merged),
    }
    import_constraints(root, data, activities, days, {name: n for n, name in enumerate(hour_names, start=1)}, sets, report)
    return data, report, problems


def _merge_entries(entries: list[dict]) -> list[dict]:
    """One 合班 entry per (subject, classes), lessons and doubles summed."""
    combined: dict[tuple[str, tuple[str, ...]], dict] = {}
    for entry in entries:
        key = (entry["subject"], tuple(entry["classes"]))
        found = combined.setdefault(
            key, {"subject": entry["subject"], "classes": entry["classes"], "lessons": 0, "doubles": 0}
        )
        found["lessons"] += entry["lessons"]
        found["doubles"] += entry["doubles"]
    return [{k: v for k, v in e.items() if k != "doubles" or v} for e in combined.values()]
