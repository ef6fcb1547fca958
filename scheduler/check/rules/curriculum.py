"""The curriculum on the checker side: full weekly hours, double lessons, merged classes, classes
together, assignment."""

from __future__ import annotations

from collections import Counter, defaultdict

from models.calendar import Lang
from models.instance import Instance
from models.solution import HomeworkItem, Lesson
from scheduler.check.registry import figures, hard_check
from scheduler.check.timetable import lesson_teachers, max_disjoint_doubles, weekly
from scheduler.check.violation import Violation


@hard_check("curriculum.full_hours")
def check_full_hours(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """Each subject's weekly lessons on the school days exactly as planned, odd/even pairs included
    (a lesson on a weekend day is no school lesson: calendar.no_weekend flags it)."""
    found, school_days = [], set(inst.days)
    by_class: dict[str, list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        if lesson.day in school_days:
            by_class[lesson.class_].append(lesson)
    for school_class in inst.classes:
        name = school_class.name
        found += _weekly_shortfalls(inst, name, by_class[name]) + _alternating_shortfalls(inst, name, by_class[name])
    return found


def _weekly_shortfalls(inst: Instance, name: str, mine: list[Lesson]) -> list[Violation]:
    weekly_count = Counter(lesson.subject for lesson in weekly(mine))
    plan = inst.class_plan(name)
    return [
        Violation(
            "curriculum.full_hours",
            f"{name} {subject}: {weekly_count[subject]} lessons a week, the plan says {plan.get(subject, 0)}",
            class_=name,
            message_zh=f"{name}{subject}每周 {weekly_count[subject]} 节，计划 {plan.get(subject, 0)} 节",
        )
        for subject in sorted(set(plan) | set(weekly_count))
        if weekly_count[subject] != plan.get(subject, 0)
    ]


def _alternating_shortfalls(inst: Instance, name: str, mine: list[Lesson]) -> list[Violation]:
    odd = {(lesson.day, lesson.period): lesson.subject for lesson in mine if lesson.weeks == "odd"}
    even = {(lesson.day, lesson.period): lesson.subject for lesson in mine if lesson.weeks == "even"}
    pairs = Counter((odd.get(slot), even.get(slot)) for slot in set(odd) | set(even))
    wanted: Counter[tuple[str | None, str | None]] = Counter()
    for pair in inst.class_alternating(name):
        wanted[pair.odd, pair.even] += pair.lessons
    found = []
    for odd_subject, even_subject in sorted(set(pairs) | set(wanted), key=str):
        if pairs[odd_subject, even_subject] != wanted[odd_subject, even_subject]:
            message = (
                f"{name} {odd_subject or '-'} (odd weeks) / {even_subject or '-'} (even weeks): "
                f"{pairs[odd_subject, even_subject]} a week, the plan says {wanted[odd_subject, even_subject]}"
            )
            chinese = (
                f"{name}单周{odd_subject or '无'}/双周{even_subject or '无'}：每周 {pairs[odd_subject, even_subject]} 节，"
                f"计划 {wanted[odd_subject, even_subject]} 节"
            )
            found.append(Violation("curriculum.full_hours", message, class_=name, message_zh=chinese))
    return found


@hard_check("curriculum.double_lessons")
def check_double_lessons(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """The wanted number of double lessons per class and subject, on different days."""
    periods: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for lesson in weekly(lessons):
        periods[lesson.class_, lesson.subject, lesson.day].append(lesson.period)
    found = []
    for (name, subject), count in sorted(inst.wanted_doubles.items()):
        got = sum(1 for day in inst.days if max_disjoint_doubles(inst, name, periods[name, subject, day]))
        if got < count:
            message = f"{name} {subject}: double lessons on {got} days a week, {count} wanted"
            chinese = f"{name}{subject}每周连堂 {got} 次，应为 {count} 次"
            found.append(Violation("curriculum.double_lessons", message, class_=name, message_zh=chinese))
    return found


@hard_check("curriculum.merged")
def check_merged(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """Merged classes (合班) have their lessons together, with one teacher."""
    slots: dict[tuple[str, str], set[tuple[str, int, str]]] = defaultdict(set)
    for lesson in lessons:
        for teacher in lesson_teachers(inst, lesson):
            slots[lesson.class_, lesson.subject].add((lesson.day, lesson.period, teacher))
    found = []
    for entry in inst.merged:
        together = set.intersection(*(slots[name, entry.subject] for name in entry.classes))
        lessons_wanted = entry.lessons or inst.class_plan(entry.classes[0]).get(entry.subject, 0)
        if len(together) < lessons_wanted:
            names = "+".join(entry.classes)
            message = f"{names} {entry.subject}: {len(together)} merged lessons, {lessons_wanted} wanted"
            chinese = f"{'、'.join(entry.classes)}{entry.subject}合班 {len(together)} 节，应为 {lessons_wanted} 节"
            found.append(Violation("curriculum.merged", message, class_=entry.classes[0], message_zh=chinese))
    return found


@hard_check("curriculum.together")
def check_together(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """Each 同时上课 entry's classes with that many weekly lessons of their subjects at common slots."""
    found = []
    slots: dict[tuple[str, str], set[tuple[str, int]]] = defaultdict(set)
    for lesson in weekly(lessons):
        slots[lesson.class_, lesson.subject].add((lesson.day, lesson.period))
    for index, entry in enumerate(inst.together):
        common = set.intersection(*(slots[m.class_, m.subject] for m in entry.of))
        wanted = inst.together_lessons(entry)
        if len(common) < wanted:
            english = ", ".join(f"{m.class_} {m.subject}" for m in entry.of)
            chinese = "、".join(f"{m.class_}{m.subject}" for m in entry.of)
            message = f"{english}: {len(common)} lessons at the same times, {wanted} wanted (together[{index}])"
            message_zh = f"{chinese}同时上课 {len(common)} 节，应为 {wanted} 节（同时上课第{index + 1}条）"
            found.append(Violation("curriculum.together", message, entry.of[0].class_, message_zh=message_zh))
    return found


@hard_check("assignment.teacher")
def check_assignment(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """A lesson's teacher is the one the teaching assignment names."""
    found = []
    for lesson in lessons:
        assigned = inst.teacher_of.get((lesson.class_, lesson.subject))
        if lesson.teachers and assigned not in lesson.teachers:
            message = f"{lesson.class_} {lesson.subject} taught by {'/'.join(lesson.teachers)}, assigned to {assigned}"
            chinese = f"{lesson.class_}{lesson.subject}由{'/'.join(lesson.teachers)}上，任课教师是{assigned}"
            found.append(
                Violation(
                    "assignment.teacher",
                    message,
                    lesson.class_,
                    lesson.teachers[0],
                    None,
                    lesson.day,
                    lesson.period,
                    chinese,
                )
            )
    return found


@figures("curriculum.full_hours")
def _full_hours_figures(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang) -> str:
    planned = sum(inst.class_week_lessons(c.name) for c in inst.classes)
    school_days = set(inst.days)
    held = sum(1 for lesson in lessons if lesson.weeks != "even" and lesson.day in school_days)  # a pair's slot once
    figures = f"{held}/{planned} 节/周" if lang == "zh" else f"{held}/{planned} lessons a week"
    return figures + national_totals(inst, lang)


# Weekly lessons by grade in the national plan (义务教育课程方案（2022年版）): 26, 30 and 34.
NATIONAL_WEEKLY = {1: 26, 2: 26, 3: 30, 4: 30, 5: 30, 6: 30, 7: 34, 8: 34, 9: 34}


def national_totals(inst: Instance, lang: Lang) -> str:
    """Whether each grade's week keeps the national plan's total (a daily PE lesson moves lessons
    between subjects, not the total): `；各年级周课时与国家课程方案一致`, or the grades that differ."""
    differ = []
    for grade in inst.grades:
        name = next((c.name for c in inst.classes if c.grade == grade.grade), None)
        week = inst.class_week_lessons(name) if name else None
        if week is not None and grade.grade in NATIONAL_WEEKLY and week != NATIONAL_WEEKLY[grade.grade]:
            differ.append((grade.grade, week, NATIONAL_WEEKLY[grade.grade]))
    if lang == "zh":
        if not differ:
            return "；各年级周课时与国家课程方案一致"
        return "；" + "、".join(f"{g}年级每周 {w} 节（国家课程方案 {n} 节）" for g, w, n in differ)
    if not differ:
        return "; every grade's week has the national plan's total"
    return "; " + ", ".join(f"grade {g}: {w} a week (national plan {n})" for g, w, n in differ)
