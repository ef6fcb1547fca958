"""Counting checks for the rules a preset or profile switches on: a bell that breaks a bell rule
(breaks, their total, 大课间, arrival, after-school service), and a class with fewer PE lessons than
the days that need one. Each proves that no timetable exists, and names the place in the file."""

from __future__ import annotations

from models.calendar import day_label, format_clock
from models.courses import Course
from models.instance import Instance
from models.rules import RULE_BY_ID
from models.section import Section
from models.validation import Problem, placed
from scheduler.model.rules.availability import FreeSlots
from scheduler.model.rules.policy import pe_days


def _rule(rule_id: str) -> tuple[str, str]:
    """How a message names its rule: by id in English, by its title in Chinese."""
    return f" (rule {rule_id})", f"（规则：{RULE_BY_ID[rule_id].title_zh}）"


def _bell_place(inst: Instance, section: Section) -> str:
    """Where a section's bell is written: its own `sections[i].bell`, or the school's `bell`."""
    for index, entry in enumerate(inst.sections):
        if entry.name == section.name and entry.bell is not None:
            return f"sections[{index}].bell"
    return "bell"


def break_problems(inst: Instance, section: Section) -> list[Problem]:
    """Breaks shorter than the minimum, and a day's breaks short of the total."""
    policy, place, problems = section.policy, _bell_place(inst, section), []
    for period, minutes in section.breaks:
        if policy.min_break_minutes and minutes < policy.min_break_minutes:
            en, zh = _rule("time.break_length")
            english = f"the break after period {period} is {minutes} min, at least {policy.min_break_minutes}{en}"
            chinese = f"第{period}节后的课间只有 {minutes} 分钟，至少 {policy.min_break_minutes} 分钟{zh}"
            problems.append(Problem(f"{place}.periods[{period}]", english, chinese))
    total = sum(minutes for _, minutes in section.breaks)
    if policy.min_break_total_minutes and total < policy.min_break_total_minutes:
        en, zh = _rule("time.break_total")
        english = f"the breaks of a day total {total} min, at least {policy.min_break_total_minutes}{en}"
        chinese = f"每天课间合计 {total} 分钟，至少 {policy.min_break_total_minutes} 分钟{zh}"
        problems.append(Problem(f"{place}.periods", english, chinese))
    return problems


def block_problems(inst: Instance, section: Section) -> list[Problem]:
    """Required blocks before the earliest lesson start; grades short of 大课间 or after-school service."""
    policy, place, problems = section.policy, _bell_place(inst, section), []
    for index, block in section.early_blocks if policy.arrival_checked else []:
        en, zh = _rule("time.arrival")
        earliest, start = format_clock(policy.earliest_lesson_start), format_clock(block.start)
        english = f"{block.name} starts at {start}, before {earliest}; mark it voluntary if it is{en}"
        chinese = f"{block.name} {start} 开始，早于 {earliest}，不得要求学生提前到校{zh}"
        problems.append(Problem(f"{place}.blocks[{index}]", english, chinese))
    for grade in inst.grades_taught(section):
        problems += _grade_block_problems(inst, section, grade, place)
    return problems


def _grade_block_problems(inst: Instance, section: Section, grade: int, place: str) -> list[Problem]:
    policy, problems = section.policy, []
    long = section.policy.big_break_minutes
    need_breaks = policy.big_breaks_a_day
    short_days = [day for day in inst.days if need_breaks and section.big_breaks(grade, day) < need_breaks]
    if short_days:
        en, zh = _rule("activity.big_breaks")
        days_en, days_zh = ", ".join(short_days), "、".join(day_label("zh", day) for day in short_days)
        english = f"grade {grade} has fewer than {policy.big_breaks_a_day} big breaks of {long}+ min on {days_en}{en}"
        chinese = f"{grade}年级{days_zh}的 {long} 分钟以上大课间少于 {policy.big_breaks_a_day} 次{zh}"
        problems.append(Problem(f"{place}.blocks", english, chinese))
    need = policy.min_after_school_minutes
    service = {day: section.service_minutes(grade, day) for day in inst.days}
    short = [day for day, minutes in service.items() if need and minutes < need]
    if short:
        en, zh = _rule("service.after_school")
        least = min(service[day] for day in short)
        english = f"grade {grade} has {least} min of after-school service on {', '.join(short)}, at least {need}{en}"
        chinese = (
            f"{grade}年级{'、'.join(day_label('zh', d) for d in short)}的课后服务只有 {least} 分钟，至少 {need} 分钟{zh}"
        )
        problems.append(Problem(f"{place}.blocks", english, chinese))
    return problems


def pe_lesson_problems(inst: Instance, courses: list[Course], domains: FreeSlots) -> list[Problem]:
    """A class with fewer PE lessons than the days that need one (a daily PE lesson, or days whose
    exercise blocks fall short), or such a day on which no PE lesson can be placed."""
    problems = []
    for index, school_class in enumerate(inst.classes):
        name, needed = school_class.name, pe_days(inst, school_class.name)
        pe = [c for c in courses if name in c.classes and not c.alternating and inst.subject_kind(c.odd.subject) == "pe"]
        lessons, possible = sum(c.lessons for c in pe), {day for c in pe for day, _ in domains[c.index]}
        rule = "activity.daily_pe" if inst.section_of(name).policy.daily_pe_lesson else "activity.without_pe"
        en, zh = _rule(rule)
        if needed and lessons < len(needed):
            english = f"{name} needs a PE lesson on {len(needed)} days, its plan has {lessons}{en}"
            chinese = f"{name}有 {len(needed)} 天须上体育课，计划只有 {lessons} 节{zh}"
            problems.append(Problem(f"classes[{index}]", english, chinese))
        elif impossible := [day for day in needed if day not in possible]:
            english = f"{name} needs a PE lesson on {', '.join(impossible)}, where none can be placed{en}"
            chinese = f"{name}{'、'.join(day_label('zh', d) for d in impossible)}须上体育课，但当天排不了体育课{zh}"
            problems.append(Problem(f"classes[{index}]", english, chinese))
    return problems


def policy_problems(inst: Instance, courses: list[Course], domains: FreeSlots) -> list[Problem]:
    """Every counting check of the rules a preset or profile switches on."""
    problems = []
    for section in inst.sections_in_force:
        problems += break_problems(inst, section) + block_problems(inst, section)
    for index, shadow in enumerate(inst.dated_bells):  # 冬季作息 and the like
        for section in shadow.sections_in_force:
            problems += placed(f"calendar.bells[{index}]", break_problems(shadow, section) + block_problems(shadow, section))
    return list(dict.fromkeys(problems)) + pe_lesson_problems(inst, courses, domains)  # sections sharing a bell: once
