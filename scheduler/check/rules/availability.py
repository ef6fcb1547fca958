"""Availability on the checker side: blocked teachers, 禁排, 固排, weekends and the lesson window."""

from __future__ import annotations

from models.calendar import Lang, day_label, format_clock, is_weekend
from models.instance import Instance
from models.solution import HomeworkItem, Lesson
from scheduler.check.registry import figures, hard_check
from scheduler.check.timetable import lesson_teachers
from scheduler.check.violation import Violation


@hard_check("availability.teacher_blocked")
def check_teacher_blocked(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """No lesson in a teacher's blocked time (教研, meetings)."""
    found = []
    for lesson in lessons:
        for name in lesson_teachers(inst, lesson):
            teacher, section = inst.teacher_by_name.get(name), inst.section_of(lesson.class_)
            if teacher and any(section.slot_in(ref, lesson.day, lesson.period) for ref in teacher.blocked):
                message = f"{name} is blocked at {lesson.day} period {lesson.period} ({lesson.class_} {lesson.subject})"
                chinese = f"{name}此时不排课，却有{lesson.class_}{lesson.subject}"
                found.append(
                    Violation(
                        "availability.teacher_blocked",
                        message,
                        lesson.class_,
                        name,
                        None,
                        lesson.day,
                        lesson.period,
                        chinese,
                    )
                )
    return found


@hard_check("availability.forbidden")
def check_forbidden(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """No lesson in a slot forbidden (禁排) to its class, grade, subject or teacher."""
    found = []
    for index, entry in enumerate(inst.forbidden):
        for lesson in lessons:
            if not inst.section_of(lesson.class_).slot_in(entry, lesson.day, lesson.period):
                continue
            grade = inst.class_by_name[lesson.class_].grade
            if entry.names(lesson.class_, grade, lesson.subject, lesson_teachers(inst, lesson)):
                where = f"{lesson.day} period {lesson.period}"
                message = f"{lesson.class_} {lesson.subject} at {where} is forbidden (forbidden[{index}])"
                chinese = f"{lesson.class_}{lesson.subject}排在禁排时间（禁排第{index + 1}条）"
                found.append(
                    Violation(
                        "availability.forbidden", message, lesson.class_, None, None, lesson.day, lesson.period, chinese
                    )
                )
    return found


@hard_check("availability.fixed")
def check_fixed(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """Every fixed lesson sits in its slot."""
    present = {(lesson.class_, lesson.subject, lesson.day, lesson.period) for lesson in lessons}
    return [
        Violation(
            "availability.fixed",
            f"{name} {subject} must be at {day} period {period}",
            name,
            None,
            None,
            day,
            period,
            f"{name}{subject}固定排在此时，却不在",
        )
        for name, subject, day, period in inst.fixed_lessons()
        if (name, subject, day, period) not in present
    ]


@hard_check("calendar.no_weekend")
def check_no_weekend(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """No lesson on Saturday or Sunday."""
    return [
        Violation(
            "calendar.no_weekend",
            f"{lesson.class_} {lesson.subject} on {lesson.day}",
            lesson.class_,
            None,
            None,
            lesson.day,
            lesson.period,
            f"{lesson.class_}{lesson.subject}排在{day_label('zh', lesson.day)}",
        )
        for lesson in lessons
        if is_weekend(lesson.day)
    ]


@hard_check("time.lesson_window")
def check_lesson_window(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """Lessons start no earlier than the policy of their class's section allows and end by dismissal."""
    found = []
    for lesson in lessons:
        section = inst.section_of(lesson.class_)
        start, end = section.interval(lesson.period)
        if start < section.policy.earliest_lesson_start or end > section.policy.latest_dismissal:
            message = f"{lesson.class_} {lesson.subject} at period {lesson.period} lies outside the allowed lesson hours"
            chinese = f"{lesson.class_}{lesson.subject}在规定上课时间之外"
            found.append(
                Violation("time.lesson_window", message, lesson.class_, None, None, lesson.day, lesson.period, chinese)
            )
    return found


@figures("calendar.no_weekend")
def _weekend_figures(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang) -> str:
    weekend = sum(1 for lesson in lessons if is_weekend(lesson.day))
    return f"周末 {weekend} 节" if lang == "zh" else f"{weekend} weekend lessons"


@figures("time.lesson_window")
def _window_figures(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang) -> str:
    figures = []
    for section in inst.sections_in_force:
        times = [section.interval(lesson.period) for lesson in lessons if inst.section_of(lesson.class_) is section]
        if times:
            policy = section.policy
            allowed = f"{format_clock(policy.earliest_lesson_start)}-{format_clock(policy.latest_dismissal)}"
            used = f"{format_clock(min(t[0] for t in times))}-{format_clock(max(t[1] for t in times))}"
            named = f"{section.name} " if len(inst.sections_in_force) > 1 else ""
            figures.append(f"{named}{used} / {allowed}")
    return "; ".join(figures)
