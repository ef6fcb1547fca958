"""Daily limits on the checker side: a teacher's lessons, a class's learning and activity minutes, and
a subject's lessons per day, each in odd and in even weeks."""

from __future__ import annotations

from collections import defaultdict

from models.bell import ACTIVITY_BLOCKS, LEARNING_BLOCKS
from models.calendar import Lang, day_label
from models.instance import Instance
from models.solution import PARITIES, HomeworkItem, Lesson
from scheduler.check.registry import figures, hard_check
from scheduler.check.timetable import (
    class_days,
    in_parity,
    max_disjoint_doubles,
    per_parity,
    teacher_day_lessons,
)
from scheduler.check.violation import Violation


@hard_check("teacher.daily_max")
@per_parity
def check_teacher_daily_max(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """A teacher's lessons a day (a merged lesson counts once) within their maximum."""
    found = []
    for (name, day), count in sorted(teacher_day_lessons(inst, lessons).items()):
        limit = inst.teacher_by_name[name].max_per_day if name in inst.teacher_by_name else None
        if limit is not None and count > limit:
            message = f"{name} teaches {count} lessons on {day}, at most {limit}"
            chinese = f"{name}当天 {count} 节课，最多 {limit} 节"
            found.append(Violation("teacher.daily_max", message, None, name, None, day, message_zh=chinese))
    return found


@hard_check("teacher.max_days")
@per_parity
def check_teacher_max_days(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """A teacher's days with a lesson within their maximum of days a week."""
    found = []
    for name, days in sorted(teacher_days(inst, lessons).items()):
        limit = inst.teacher_by_name[name].max_days if name in inst.teacher_by_name else None
        if limit is not None and len(days) > limit:
            message = f"{name} teaches on {len(days)} days ({', '.join(days)}), at most {limit}"
            chinese = f"{name}每周 {len(days)} 天有课（{'、'.join(days)}），最多 {limit} 天"
            found.append(Violation("teacher.max_days", message, None, name, message_zh=chinese))
    return found


def teacher_days(inst: Instance, lessons: list[Lesson]) -> dict[str, list[str]]:
    """Per teacher, the days they teach on (of one week parity), in the week's order."""
    taught = {key for key, count in teacher_day_lessons(inst, lessons).items() if count}
    days: dict[str, list[str]] = defaultdict(list)
    for day in inst.days:
        for name in sorted({name for name, on in taught if on == day}):
            days[name].append(day)
    return days


def learning_minutes(inst: Instance, class_name: str, day: str, day_lessons: list[Lesson]) -> int:
    """Concentrated learning minutes of a class's day (one week parity): lessons plus learning blocks."""
    periods, section = {lesson.period for lesson in day_lessons}, inst.section_of(class_name)
    return sum(section.period_minutes(p) for p in periods) + inst.block_minutes(class_name, day, LEARNING_BLOCKS)


def activity_minutes(inst: Instance, class_name: str, day: str, day_lessons: list[Lesson]) -> int:
    """Physical-activity minutes of a class's day (one week parity): PE lessons plus activity blocks."""
    pe = {lesson.period for lesson in day_lessons if inst.subject_kind(lesson.subject) == "pe"}
    section = inst.section_of(class_name)
    return sum(section.period_minutes(p) for p in pe) + inst.block_minutes(class_name, day, ACTIVITY_BLOCKS)


@hard_check("time.max_daily_learning")
@per_parity
def check_daily_learning(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """Lesson minutes plus learning blocks per class and day within the cap."""
    grouped, found = class_days(lessons), []
    for school_class in inst.classes:
        cap = inst.section_of(school_class.name).policy.max_daily_learning_minutes
        for day in inst.days:
            minutes = learning_minutes(inst, school_class.name, day, grouped[school_class.name, day])
            if minutes > cap:
                message = f"{school_class.name} has {minutes} min of concentrated learning on {day}, cap {cap}"
                chinese = f"{school_class.name}当天集中学习 {minutes} 分钟，上限 {cap} 分钟"
                found.append(
                    Violation("time.max_daily_learning", message, school_class.name, None, None, day, message_zh=chinese)
                )
    return found


@hard_check("activity.daily_minimum")
@per_parity
def check_daily_activity(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """PE-lesson minutes plus activity blocks per class and day reach the minimum."""
    grouped, found = class_days(lessons), []
    for school_class in inst.classes:
        need = inst.section_of(school_class.name).policy.min_daily_activity_minutes
        for day in inst.days:
            minutes = activity_minutes(inst, school_class.name, day, grouped[school_class.name, day])
            if minutes < need:
                message = f"{school_class.name} has {minutes} min of physical activity on {day}, at least {need} needed"
                chinese = f"{school_class.name}当天体育活动 {minutes} 分钟，至少 {need} 分钟"
                found.append(
                    Violation("activity.daily_minimum", message, school_class.name, None, None, day, message_zh=chinese)
                )
    return found


@hard_check("subject.daily_max")
@per_parity
def check_subject_daily_max(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """Lessons of a subject per class and day within its daily maximum: a day with one of its wanted
    double lessons may have 2 (`daily_max_counts: lessons`), or a wanted double counts once (`occurrences`)."""
    periods: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for lesson in lessons:
        periods[lesson.class_, lesson.day, lesson.subject].append(lesson.period)
    found = []
    for (name, day, subject), taught in sorted(periods.items()):
        once = inst.section_of(name).policy.daily_max_counts == "occurrences"
        limit, count = inst.subject_daily_max(subject, name), len(taught)
        if (name, subject) in inst.wanted_doubles and max_disjoint_doubles(inst, name, taught) > 0:
            count, limit = (count - 1, limit) if once else (count, max(limit, 2))
        if count > limit:
            what = "occurrences (a double lesson once)" if once else "lessons"
            message = f"{name} has {count} {what} of {subject} on {day}, at most {limit}"
            chinese = f"{name}当天{subject} {count} {'次（连堂算一次）' if once else '节'}，最多 {limit}"
            found.append(Violation("subject.daily_max", message, name, None, None, day, message_zh=chinese))
    return found


def _extremes(inst: Instance, lessons: list[Lesson], measure) -> list[tuple[int, str, str]]:
    """(minutes, class, day) for every class-day and week parity, by `measure`."""
    found = []
    for parity in PARITIES:
        grouped = class_days(in_parity(lessons, parity))
        found += [(measure(inst, c.name, day, grouped[c.name, day]), c.name, day) for c in inst.classes for day in inst.days]
    return found


@figures("time.max_daily_learning")
def _learning_figures(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang) -> str:
    most, name, day = max(_extremes(inst, lessons, learning_minutes))
    cap = inst.section_of(name).policy.max_daily_learning_minutes
    if lang == "zh":
        return f"最长 {most} 分钟 ({name} {day_label(lang, day)}), 上限 {cap}"
    return f"longest {most} min ({name}, {day_label(lang, day)}), cap {cap}"


@figures("teacher.max_days")
def _teacher_days_figures(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang) -> str:
    counts = [
        (len(days), name)
        for parity in PARITIES
        for name, days in teacher_days(inst, in_parity(lessons, parity)).items()
        if inst.teacher_by_name.get(name) and inst.teacher_by_name[name].max_days is not None
    ]
    if not counts:
        return ""
    most, name = max(counts)
    limit = inst.teacher_by_name[name].max_days
    return f"最多 {most} 天 ({name}), 至多 {limit}" if lang == "zh" else f"most {most} days ({name}), at most {limit}"


@figures("activity.daily_minimum")
def _activity_figures(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang) -> str:
    least, name, day = min(_extremes(inst, lessons, activity_minutes))
    need = inst.section_of(name).policy.min_daily_activity_minutes
    if lang == "zh":
        return f"最少 {least} 分钟 ({name} {day_label(lang, day)}), 至少 {need}"
    return f"least {least} min ({name}, {day_label(lang, day)}), at least {need}"


@figures("teacher.daily_max")
def _teacher_figures(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang) -> str:
    busiest = [
        (count, teacher, day)
        for parity in PARITIES
        for (teacher, day), count in teacher_day_lessons(inst, in_parity(lessons, parity)).items()
    ]
    if not busiest:
        return ""
    count, teacher, day = max(busiest, key=lambda found: found[0])
    if lang == "zh":
        return f"最多 {count} 节 ({teacher} {day_label(lang, day)})"
    return f"most {count} ({teacher}, {day_label(lang, day)})"
