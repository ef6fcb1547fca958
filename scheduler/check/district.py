"""The independent check of a district's shared teachers (走教) over its schools' timetables: read
from the district file, the schools' instances and their timetables alone.

Rules (models/rules.py, DISTRICT_RULES): a shared teacher teaches at one school a day, or a half-day
where the district says so (district.one_school); between lessons at two schools the travel time fits
(district.travel); their lessons of a day, in all schools, stay within their daily maximum, the
smallest any school gives (district.daily_max).
"""

from __future__ import annotations

from collections import defaultdict

from models.district import District, serves, shared_maximum
from models.instance import Instance
from models.solution import Lesson
from scheduler.check.timetable import lesson_teachers
from scheduler.check.violation import Violation


def teacher_days(
    instances: dict[str, Instance], timetables: dict[str, list[Lesson]], teacher: str
) -> dict[str, list[tuple[int, int, str, Lesson]]]:
    """A shared teacher's lessons in every school, by day: (start, end, school, lesson) in time order
    (a merged lesson's classes at one time are one entry)."""
    days: dict[str, dict[tuple[str, int], tuple[int, int, str, Lesson]]] = defaultdict(dict)
    for school in serves(instances, teacher):
        inst = instances[school]
        for lesson in timetables.get(school, []):
            if teacher in lesson_teachers(inst, lesson):
                start, end = inst.section_of(lesson.class_).interval(lesson.period)
                days[lesson.day].setdefault((school, start), (start, end, school, lesson))
    return {day: sorted(entries.values(), key=lambda entry: entry[0]) for day, entries in days.items()}


def check_district(
    district: District, instances: dict[str, Instance], timetables: dict[str, list[Lesson]]
) -> list[Violation]:
    """Every breach of the district's rules by the shared teachers' lessons."""
    found = []
    for shared in district.shared:
        teacher = shared.teacher
        most = shared_maximum(instances, teacher)
        for day, entries in teacher_days(instances, timetables, teacher).items():
            found += _one_school(instances, teacher, day, entries, shared.per)
            found += _travel(district, teacher, day, entries)
            if most is not None and len(entries) > most:
                english = f"{teacher} teaches {len(entries)} lessons on {day} in all schools, at most {most}"
                chinese = f"{teacher}{day}在各校共上 {len(entries)} 节课，最多 {most} 节"
                found.append(Violation("district.daily_max", english, teacher=teacher, day=day, message_zh=chinese))
    return found


def _one_school(instances, teacher: str, day: str, entries, per: str) -> list[Violation]:
    halves: dict[str, set[str]] = defaultdict(set)
    for _, _, school, lesson in entries:
        morning = instances[school].section_of(lesson.class_).is_morning(lesson.period)
        halves["day" if per == "day" else ("am" if morning else "pm")].add(school)
    found = []
    for half, schools in halves.items():
        if len(schools) > 1:
            names = "、".join(sorted(schools))
            when_zh, when_en = {"day": ("", ""), "am": ("上午", " am"), "pm": ("下午", " pm")}[half]
            english = f"{teacher} teaches at {len(schools)} schools on {day}{when_en} ({', '.join(sorted(schools))})"
            chinese = f"{teacher}{day}{when_zh}在 {len(schools)} 所学校上课（{names}）"
            found.append(Violation("district.one_school", english, teacher=teacher, day=day, message_zh=chinese))
    return found


def _travel(district: District, teacher: str, day: str, entries) -> list[Violation]:
    found = []
    for (_, end, first, _), (start, _, second, _) in zip(entries, entries[1:], strict=False):
        need = district.travel(first, second)
        if first != second and need is not None and start - end < need:
            english = f"{teacher} has {start - end} min on {day} from {first} to {second}, {need} min needed"
            chinese = f"{teacher}{day}从{first}到{second}只有 {start - end} 分钟，路程需 {need} 分钟"
            found.append(Violation("district.travel", english, teacher=teacher, day=day, message_zh=chinese))
    return found
