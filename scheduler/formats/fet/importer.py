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
from xml.etree.ElementTree import Element

from models.calendar import WEEKDAY_NAMES
from models.validation import InputError, Problem
from scheduler.formats.fet.import_constraints import import_constraints
from scheduler.formats.fet.terms import type_zh
from scheduler.formats.fet.xml_io import child_int, child_text, in_file, students_map
from scheduler.formats.import_report import ImportReport
from scheduler.formats.teaching import NO_BURDEN_RULES, Teaching, bell_periods, crosses_noon, stage_of


def _grade_of(year: str, index: int) -> int:
    digits = re.search(r"\d+", year)
    number = int(digits.group()) if digits else index + 1
    return number if 1 <= number <= 9 else min(9, index + 1)


def import_fet(root: Element, source: str) -> tuple[dict, ImportReport, list[Problem]]:
    """(instance data, report, problems) of a parsed FET file; problems, each placed in `source`, make
    it unusable. InputError, each problem placed in `source`, for values that are not what FET writes there."""
    try:
        return _imported(root, source)
    except InputError as error:
        raise in_file(source, error) from None


def _imported(root: Element, source: str) -> tuple[dict, ImportReport, list[Problem]]:
    report = ImportReport(type_zh)
    day_names = [child_text(d, "Name") for d in root.findall("Days_List/Day")]
    hour_names = [child_text(h, "Name") for h in root.findall("Hours_List/Hour")]
    problems = _structure_problems(root, source, day_names, hour_names)
    if problems:
        return {}, report, problems
    days = dict(zip(day_names, WEEKDAY_NAMES, strict=False))
    periods, timed = bell_periods(hour_names)
    subgroups = {child_text(subgroup, "Name") for subgroup in root.iter("Subgroup")}
    teaching = Teaching(_classes(root, report), report, "Activity", ("activity", "教学班", "students", "学生"))
    sets, activities = students_map(root), {}
    for element in root.findall("Activities_List/Activity"):
        if child_text(element, "Active", "true") == "true":
            activity = _add_activity(teaching, element, sets, subgroups)
            if activity is not None:
                activities[child_text(element, "Id")] = activity
    if crosses_noon(periods) and any(a["duration"] == 2 for a in activities.values()):
        english = "a double lesson never spans the noon boundary (jianfu's 上午/下午)"
        report.add("Hours_List", "approximated", english, "连堂课不跨越中午（上午、下午分开）")
    elif timed:
        report.add("Hours_List", "exact")
    else:
        english = "clock times assumed: 40-minute periods from 08:00"
        report.add("Hours_List", "exact", english, "课时名称中没有时刻：假定从08:00起每节40分钟")
    data = {
        "school": {"name": child_text(root, "Institution_Name") or source, "stage": stage_of(teaching.classes)},
        "days": [days[d] for d in day_names],
        "bell": {"periods": periods},
        "policy": NO_BURDEN_RULES,
        "subjects": [{"name": child_text(s, "Name"), "kind": "other"} for s in root.findall("Subjects_List/Subject")],
        **teaching.instance_sections(),
    }
    hours = {name: n for n, name in enumerate(hour_names, start=1)}
    import_constraints(root, data, activities, days, hours, sets, report)
    return data, report, []


def _structure_problems(root: Element, source: str, day_names: list[str], hour_names: list[str]) -> list[Problem]:
    """What makes a file unusable: not FET, a week jianfu cannot plan, no hours."""
    if root.tag != "fet":
        return [Problem(source, f"not a FET file (root <{root.tag}>)", f"不是FET文件（根元素是“{root.tag}”）")]
    problems = []
    if not 1 <= len(day_names) <= 5:
        english = f"Days_List has {len(day_names)} days; jianfu plans Monday to Friday (1 to 5 days)"
        chinese = f"文件中有{len(day_names)}天；减负排课只排星期一至星期五（1至5天）"
        problems.append(Problem(source, english, chinese))
    if not hour_names:
        problems.append(Problem(source, "Hours_List is empty", "课时列表是空的"))
    return problems


def _classes(root: Element, report: ImportReport) -> dict[str, int]:
    """Class (a group, or a year without groups) -> grade, from the years' names or their order."""
    years = root.findall("Students_List/Year")
    grades = [_grade_of(child_text(year, "Name"), index) for index, year in enumerate(years)]
    if not (all(g <= 6 for g in grades) or all(g >= 7 for g in grades)):
        grades = [min(6, index + 1) for index in range(len(years))]
        english = "years numbered as grades 1-6 in file order (later years share 6)"
        report.add("Students_List", "approximated", english, "学年按文件中的顺序算作一至六年级（其后的学年都算六年级）")
    classes: dict[str, int] = {}
    for grade, year in zip(grades, years, strict=True):
        for group in year.findall("Group") or [year]:
            classes.setdefault(child_text(group, "Name"), grade)
    return classes


def _add_activity(teaching: Teaching, element: Element, sets: dict[str, list[str]], subgroups: set[str]) -> dict | None:
    """One active activity for each class it names, taught by its first teacher; its classes, subject
    and duration (None when it is left out)."""
    subject, duration = child_text(element, "Subject"), child_int(element, "Duration", "1", least=1)
    teachers = [(t.text or "").strip() for t in element.findall("Teacher")]
    students = [(s.text or "").strip() for s in element.findall("Students")]
    if subgroups.intersection(students):
        english = "a subgroup's activities are taught to its whole group (class)"
        teaching.report.add("Subgroup", "approximated", english, "子组的教学班改为整个组（班级）一起上")
    targets = list(dict.fromkeys(c for name in students for c in sets.get(name, []) if c in teaching.classes))
    longer = (
        ("an activity longer than 2 periods becomes single lessons", "长于2节的教学班拆成单节课") if duration > 2 else ()
    )
    if not teaching.add(subject, teachers, targets, duration, int(duration == 2), longer):
        return None
    return {"classes": targets, "subject": subject, "duration": duration}
