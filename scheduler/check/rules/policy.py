"""The rules a preset or profile switches on (cn-2025, beijing-2025, guangdong-2025, jiangsu) on the
checker side: a PE lesson every day, exercise on days without PE, and what the bell must give —
breaks between lessons, their daily total, 大课间, no required block before the earliest lesson
start, and after-school service. The bell's rules are read from the instance alone: a bell that
breaks one makes every timetable of the school break it."""

from __future__ import annotations

from collections.abc import Callable

from models.bell import ACTIVITY_BLOCKS
from models.calendar import Lang, day_label, format_clock
from models.instance import Instance
from models.policy import Policy
from models.section import Section
from models.solution import HomeworkItem, Lesson
from scheduler.check.registry import figures, hard_check
from scheduler.check.timetable import class_days, per_parity
from scheduler.check.violation import Violation


def _switched_on(setting: Callable[[Policy], object]) -> Callable[[Instance], bool]:
    """Whether some section's policy sets the rule's number (or switches it on)."""
    return lambda inst: any(setting(section.policy) not in (None, False) for section in inst.sections_in_force)


def _has_pe(inst: Instance, day_lessons: list[Lesson]) -> bool:
    return any(inst.subject_kind(lesson.subject) == "pe" for lesson in day_lessons)


@hard_check("activity.daily_pe", applies=_switched_on(lambda policy: policy.daily_pe_lesson))
@per_parity
def check_daily_pe(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """A PE lesson on every school day, for every class whose policy asks for one."""
    grouped, found = class_days(lessons), []
    for school_class in inst.classes:
        if not inst.section_of(school_class.name).policy.daily_pe_lesson:
            continue
        for day in inst.days:
            if not _has_pe(inst, grouped[school_class.name, day]):
                message = f"{school_class.name} has no PE lesson on {day}"
                chinese = f"{school_class.name}当天没有体育课"
                found.append(Violation("activity.daily_pe", message, school_class.name, day=day, message_zh=chinese))
    return found


@hard_check("activity.without_pe", applies=_switched_on(lambda policy: policy.min_activity_minutes_without_pe))
@per_parity
def check_without_pe(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """On a day without a PE lesson, the exercise blocks (大课间, 课后体育) reach the minimum."""
    grouped, found = class_days(lessons), []
    for school_class in inst.classes:
        need = inst.section_of(school_class.name).policy.min_activity_minutes_without_pe
        for day in inst.days if need else []:
            minutes = inst.block_minutes(school_class.name, day, ACTIVITY_BLOCKS)
            if minutes < need and not _has_pe(inst, grouped[school_class.name, day]):
                message = f"{school_class.name} has no PE on {day} and {minutes} min of exercise, at least {need}"
                chinese = f"{school_class.name}当天没有体育课，锻炼 {minutes} 分钟，至少 {need} 分钟"
                found.append(Violation("activity.without_pe", message, school_class.name, day=day, message_zh=chinese))
    return found


def _grade_days(inst: Instance) -> list[tuple[Section, int, str]]:
    """(section, grade, day) for every grade with classes and school day: the bell's rules concern grades."""
    return [(s, grade, day) for s in inst.sections_in_force for grade in inst.grades_taught(s) for day in inst.days]


@hard_check("activity.big_breaks", applies=_switched_on(lambda policy: policy.big_breaks_a_day))
def check_big_breaks(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """At least the policy's number of 大课间 (exercise blocks of 30 minutes or more) each day."""
    found = []
    for section, grade, day in _grade_days(inst):
        need, long, held = section.policy.big_breaks_a_day, section.policy.big_break_minutes, section.big_breaks(grade, day)
        if need and held < need:
            message = f"grade {grade} has {held} big breaks of {long}+ min on {day}, at least {need}"
            chinese = f"{grade}年级当天有 {held} 次 {long} 分钟以上的大课间，至少 {need} 次"
            found.append(Violation("activity.big_breaks", message, day=day, message_zh=chinese))
    return found


@hard_check("service.after_school", applies=_switched_on(lambda policy: policy.min_after_school_minutes))
def check_after_school(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """课后服务 (homework guidance, after-school sport, clubs, evening study, voluntary ones too) each
    school day at least the minimum."""
    found = []
    for section, grade, day in _grade_days(inst):
        need, minutes = section.policy.min_after_school_minutes, section.service_minutes(grade, day)
        if need and minutes < need:
            message = f"grade {grade} has {minutes} min of after-school service on {day}, at least {need}"
            chinese = f"{grade}年级当天课后服务 {minutes} 分钟，至少 {need} 分钟"
            found.append(Violation("service.after_school", message, day=day, message_zh=chinese))
    return found


@hard_check("time.break_length", applies=_switched_on(lambda policy: policy.min_break_minutes))
def check_break_length(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """Every break between two lessons of a half-day (课间) at least the minimum, in each bell."""
    found = []
    for section in inst.sections_in_force:
        need = section.policy.min_break_minutes
        for period, minutes in section.breaks if need else []:
            if minutes < need:
                message = f"the break after period {period} is {minutes} min ({section.name}), at least {need}"
                chinese = f"第{period}节后的课间 {minutes} 分钟（{section.name}），至少 {need} 分钟"
                found.append(Violation("time.break_length", message, period=period, message_zh=chinese))
    return found


@hard_check("time.break_total", applies=_switched_on(lambda policy: policy.min_break_total_minutes))
def check_break_total(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """The breaks between lessons of a day (大课间 included) at least the minimum in total, in each bell."""
    found = []
    for section in inst.sections_in_force:
        need, total = section.policy.min_break_total_minutes, sum(minutes for _, minutes in section.breaks)
        if need and total < need:
            message = f"the breaks of a day total {total} min ({section.name}), at least {need}"
            chinese = f"每天课间合计 {total} 分钟（{section.name}），至少 {need} 分钟"
            found.append(Violation("time.break_total", message, message_zh=chinese))
    return found


@hard_check("time.arrival", applies=_switched_on(lambda policy: policy.arrival_checked))
def check_arrival(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """No required block (早读, 晨会...) before the earliest lesson start: pupils may not be made to
    arrive early; a block pupils may skip is marked voluntary."""
    found = []
    early = [
        (s.name, block, s.policy.earliest_lesson_start)
        for s in inst.sections_in_force
        if s.policy.arrival_checked
        for _, block in s.early_blocks
    ]
    for section, block, earliest in early:
        when = f"{format_clock(block.start)}-{format_clock(block.end)}"
        message = f"{block.name} ({when}, {section}) starts before {format_clock(earliest)}; mark it voluntary if it is"
        chinese = (
            f"{block.name}（{when}，{section}）早于 {format_clock(earliest)}，不得要求学生提前到校"
            + "（学生自愿参加的时段请在作息表中标为自愿）"
        )
        found.append(Violation("time.arrival", message, message_zh=chinese))
    return found


@figures("time.break_length")
def _break_figures(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang) -> str:
    shortest = min((minutes for s in inst.sections_in_force for _, minutes in s.breaks), default=None)
    if shortest is None:
        return ""
    return f"最短课间 {shortest} 分钟" if lang == "zh" else f"shortest break {shortest} min"


@figures("activity.daily_pe")
def _daily_pe_figures(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang) -> str:
    grouped = class_days([lesson for lesson in lessons if lesson.weeks != "even"])
    missing = [(c.name, day) for c in inst.classes for day in inst.days if not _has_pe(inst, grouped[c.name, day])]
    if lang == "zh":
        return f"无体育课的班级日 {len(missing)} 个" + (
            f"（如 {missing[0][0]} {day_label(lang, missing[0][1])}）" if missing else ""
        )
    return f"{len(missing)} class-days without PE" + (
        f" (e.g. {missing[0][0]}, {day_label(lang, missing[0][1])})" if missing else ""
    )
