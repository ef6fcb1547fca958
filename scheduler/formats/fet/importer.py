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
from models.validation import InputError, Problem
from scheduler.formats.fet.import_constraints import import_constraints
from scheduler.formats.fet.report import ImportReport
from scheduler.formats.fet.xml_io import child_int, child_text, in_file, students_map

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


def import_fet(root: Element, source: str) -> tuple[dict, ImportReport, list[Problem]]:
    """(instance data, report, problems) of a parsed FET file; problems, each placed in `source`, make
    it unusable. InputError, each problem placed in `source`, for values that are not what FET writes there."""
    try:
        return _imported(root, source)
    except InputError as error:
        raise in_file(source, error) from None


def _imported(root: Element, source: str) -> tuple[dict, ImportReport, list[Problem]]:
    report = ImportReport()
    day_names = [child_text(d, "Name") for d in root.findall("Days_List/Day")]
    hour_names = [child_text(h, "Name") for h in root.findall("Hours_List/Hour")]
    problems = _structure_problems(root, source, day_names, hour_names)
    if problems:
        return {}, report, problems
    days = dict(zip(day_names, WEEKDAY_NAMES, strict=False))
    periods, timed = _periods(hour_names)
    subgroups = {child_text(subgroup, "Name") for subgroup in root.iter("Subgroup")}
    teaching = _Teaching(_classes(root, report), students_map(root), subgroups, report)
    for element in root.findall("Activities_List/Activity"):
        if child_text(element, "Active", "true") == "true":
            teaching.add(element)
    noon = any(p["start"] >= "12:00" for p in periods) and any(p["start"] < "12:00" for p in periods)
    if noon and any(a["duration"] == 2 for a in teaching.activities.values()):
        english = "a double lesson never spans the noon boundary (jianfu's 上午/下午)"
        report.add("Hours_List", "approximated", english, "连堂课不跨越中午（上午、下午分开）")
    elif timed:
        report.add("Hours_List", "exact")
    else:
        english = "clock times assumed: 40-minute periods from 08:00"
        report.add("Hours_List", "exact", english, "课时名称中没有时刻：假定从08:00起每节40分钟")
    data = {
        "school": {"name": child_text(root, "Institution_Name") or source, "stage": _stage(teaching.classes)},
        "days": [days[d] for d in day_names],
        "bell": {"periods": periods},
        "policy": NO_BURDEN_RULES,
        "subjects": [{"name": child_text(s, "Name"), "kind": "other"} for s in root.findall("Subjects_List/Subject")],
        **teaching.instance_sections(),
    }
    hours = {name: n for n, name in enumerate(hour_names, start=1)}
    import_constraints(root, data, teaching.activities, days, hours, teaching.sets, report)
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


# FET files carry none of the burden-reduction rules: every cap off, every window open.
NO_BURDEN_RULES = {
    "max_daily_learning_minutes": 1440,
    "min_daily_activity_minutes": 0,
    "earliest_lesson_start": "00:00",
    "latest_dismissal": "23:59",
    "main_subject_daily_max": 20,
    "other_subject_daily_max": 20,
    "max_break_in_double_minutes": 1440,
}


class _Teaching:
    """The file's activities as plans, double lessons, teaching assignments and 合班 entries."""

    def __init__(self, classes: dict[str, int], sets: dict[str, list[str]], subgroups: set[str], report: ImportReport):
        self.classes, self.sets, self.subgroups, self.report = classes, sets, subgroups, report
        self.plan: dict[str, Counter] = defaultdict(Counter)
        self.doubles: dict[str, Counter] = defaultdict(Counter)
        self.teaches: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.assigned: dict[tuple[str, str], str] = {}
        self.merged: list[dict] = []
        self.activities: dict[str, dict] = {}

    def add(self, element: Element) -> None:
        """One active activity: its lessons for each class it names, taught by its first teacher."""
        subject, duration = child_text(element, "Subject"), child_int(element, "Duration", "1", least=1)
        teachers = [(t.text or "").strip() for t in element.findall("Teacher")]
        students = [(s.text or "").strip() for s in element.findall("Students")]
        if self.subgroups.intersection(students):
            english = "a subgroup's activities are taught to its whole group (class)"
            self.report.add("Subgroup", "approximated", english, "子组的教学班改为整个组（班级）一起上")
        names = [c for name in students for c in self.sets.get(name, [])]
        targets = list(dict.fromkeys(c for c in names if c in self.classes))
        if not targets or not teachers:
            english = "an activity without students or without a teacher is left out"
            self.report.add("Activity", "ignored", english, "没有学生或没有教师的教学班未导入")
            return
        if len(teachers) > 1:
            english = "an activity with several teachers keeps its first teacher"
            self.report.add("Activity", "approximated", english, "有几位教师的教学班只保留第一位教师")
        if duration > 2:
            english = "an activity longer than 2 periods becomes single lessons"
            self.report.add("Activity", "approximated", english, "长于2节的教学班拆成单节课")
        for name in targets:
            self._teach(name, subject, teachers[0], duration)
        if len(targets) > 1 and all(self.assigned[name, subject] == teachers[0] for name in targets):
            self.merged.append({"subject": subject, "classes": targets, "lessons": duration, "doubles": int(duration == 2)})
        elif len(targets) > 1:
            english = "classes with other teachers for the subject are taught apart"
            self.report.add("Activity", "approximated", english, "该学科由别的教师任教的班级分开上课")
        self.activities[child_text(element, "Id")] = {"classes": targets, "subject": subject, "duration": duration}

    def _teach(self, name: str, subject: str, teacher: str, duration: int) -> None:
        if self.assigned.setdefault((name, subject), teacher) != teacher:
            english = "a class's subject taught by two teachers keeps the first"
            self.report.add("Activity", "approximated", english, "一个班的同一学科有两位教师时，保留第一位")
        elif name not in self.teaches[teacher][subject]:
            self.teaches[teacher][subject].append(name)
        self.plan[name][subject] += duration
        self.doubles[name][subject] += duration == 2

    def instance_sections(self) -> dict:
        """The grades, classes, teachers and merged sections of the instance."""
        classes = [
            {
                "name": name,
                "grade": grade,
                "plan": dict(self.plan[name]),
                "doubles": {s: n for s, n in self.doubles[name].items() if n},
            }
            for name, grade in self.classes.items()
            if self.plan[name]
        ]
        return {
            "grades": [{"grade": g, "plan": {}} for g in sorted(set(self.classes.values()))],
            "classes": classes,
            "teachers": [{"name": name, "teaches": dict(subjects)} for name, subjects in self.teaches.items()],
            "merged": _merge_entries(self.merged),
        }


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
