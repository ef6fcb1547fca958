"""The rules a preset or profile switches on, on the model side: a PE lesson every day, a PE lesson
on each day whose exercise blocks fall short of the minimum, and the bell's own rules (breaks, their
daily total, 大课间, arrival, after-school service), which no timetable can change: a bell that
breaks one gives a requirement that cannot hold (the counting checks say so before any search)."""

from __future__ import annotations

from models.bell import ACTIVITY_BLOCKS
from models.calendar import Lang, day_label
from models.instance import Instance
from models.rules import RULE_BY_ID
from models.section import Section
from models.solution import PARITIES
from scheduler.model.registry import Requirement, hard_rule, of_class, sentence
from scheduler.model.variables import Variables


def _pe_on_day(v: Variables, name: str, day: str, parity: str):
    """The sum of a class's PE lessons on a day in one week parity."""
    courses = [c for c in v.class_courses[name] if v.inst.subject_kind(c.part(parity).subject) == "pe"]
    return sum(var for c in courses for _, var in v.on_day(c, day))


def pe_days(inst: Instance, name: str) -> list[str]:
    """The days on which a class must have a PE lesson: every day under a daily PE lesson, else the
    days whose exercise blocks fall short of the minimum for a day without PE."""
    policy = inst.section_of(name).policy
    if policy.daily_pe_lesson:
        return list(inst.days)
    need = policy.min_activity_minutes_without_pe
    return [day for day in inst.days if need and inst.block_minutes(name, day, ACTIVITY_BLOCKS) < need]


@hard_rule("activity.daily_pe")
def daily_pe(v: Variables):
    """At least one PE lesson per class, day and week parity, where the policy asks for it."""
    for name in v.class_courses:
        if v.inst.section_of(name).policy.daily_pe_lesson:
            for day in v.inst.days:
                for parity in PARITIES:
                    yield Requirement(v.model.add(_pe_on_day(v, name, day, parity) >= 1), name, day)


@hard_rule("activity.without_pe")
def without_pe(v: Variables):
    """A PE lesson on each day whose exercise blocks alone fall short of the minimum for a day without PE."""
    for name in v.class_courses:
        if v.inst.section_of(name).policy.daily_pe_lesson:
            continue  # every day has PE already
        for day in pe_days(v.inst, name):
            for parity in PARITIES:
                yield Requirement(v.model.add(_pe_on_day(v, name, day, parity) >= 1), name, day)


def _section_breaches(inst: Instance, section: Section) -> list[str]:
    """The bell rules one section's bell breaks, each by its rule id."""
    policy, breaks = section.policy, [minutes for _, minutes in section.breaks]
    grade_days = [(grade, day) for grade in inst.grades_taught(section) for day in inst.days]
    service = [section.service_minutes(g, d) for g, d in grade_days]
    tests = {
        "time.break_length": bool(policy.min_break_minutes) and any(m < policy.min_break_minutes for m in breaks),
        "time.break_total": bool(policy.min_break_total_minutes) and sum(breaks) < policy.min_break_total_minutes,
        "activity.big_breaks": bool(policy.big_breaks_a_day)
        and any(section.big_breaks(g, d) < policy.big_breaks_a_day for g, d in grade_days),
        "time.arrival": policy.arrival_checked and bool(section.early_blocks),
        "service.after_school": bool(policy.min_after_school_minutes)
        and any(m < policy.min_after_school_minutes for m in service),
    }
    return [rule for rule, broken in tests.items() if broken]


def bell_breaches(inst: Instance) -> list[tuple[str, str]]:
    """(rule id, section) for each bell rule a section's bell breaks: the model's own reading of the
    bell, apart from the checker's."""
    return [(rule, section.name) for section in inst.sections_in_force for rule in _section_breaches(inst, section)]


def _bell_rule(rule_id: str):
    def build(v: Variables):
        for rule, section in bell_breaches(v.inst):
            if rule == rule_id:
                yield Requirement(v.model.add_bool_or([]), section)  # the bell breaks it: no timetable can hold

    build.__doc__ = f"The bell's rule {rule_id}: a requirement that cannot hold when the bell breaks it."
    return build


for _rule_id in ("time.break_length", "time.break_total", "activity.big_breaks", "time.arrival", "service.after_school"):
    hard_rule(_rule_id)(_bell_rule(_rule_id))


@sentence("activity.daily_pe")
def _daily_pe_words(inst: Instance, name: str, day: str, lang: Lang = "zh", named: bool = True) -> str:
    if lang == "zh":
        return of_class(name, f"{day_label(lang, day)}有一节体育课（每天一节体育课）", lang, named)
    return of_class(name, f"has a PE lesson on {day} (a PE lesson every day)", lang, named)


@sentence("activity.without_pe")
def _without_pe_words(inst: Instance, name: str, day: str, lang: Lang = "zh", named: bool = True) -> str:
    need = inst.section_of(name).policy.min_activity_minutes_without_pe
    minutes = inst.block_minutes(name, day, ACTIVITY_BLOCKS)
    if lang == "zh":
        words = f"{day_label(lang, day)}锻炼时段只有 {minutes} 分钟（不足 {need} 分钟），须有体育课"
        return of_class(name, words, lang, named)
    return of_class(name, f"has a PE lesson on {day}: its exercise blocks give {minutes} min, less than {need}", lang, named)


def _bell_words(rule_id: str):
    def words(inst: Instance, section: str, lang: Lang = "zh") -> str:
        if lang == "zh":
            return f"作息时间表（{section}）须符合“{RULE_BY_ID[rule_id].title_zh}”"
        return f"the bell schedule ({section}) keeps the rule: {RULE_BY_ID[rule_id].title}"

    return words


for _rule_id in ("time.break_length", "time.break_total", "activity.big_breaks", "time.arrival", "service.after_school"):
    sentence(_rule_id)(_bell_words(_rule_id))
