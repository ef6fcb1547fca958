"""The compliance report: every rule of the catalogue with its verdict and the figures behind it.

Computed by the independent checker from the instance and the timetable alone; each rule's figures
are registered beside its check (scheduler.check.rules).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from models.calendar import Lang
from models.instance import Instance
from models.rules import RULES
from models.solution import HomeworkItem, Lesson
from scheduler.check.checker import check_timetable, soft_breakdown
from scheduler.check.registry import FIGURES, HARD_CHECKS
from scheduler.check.rules.daily import activity_minutes, learning_minutes
from scheduler.check.timetable import class_days, in_parity, written_by_class_day


@dataclass
class RuleResult:
    """One rule's line of the report: hard rules pass or fail, soft rules have a penalty count."""

    rule: str
    title: str
    hard: bool
    passed: bool
    violations: int
    penalty: int | None
    weight: int | None
    figures: str
    in_force: bool = True  # a rule the school switches on (作业在校内完成) and has not


def compliance(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang = "zh") -> list[RuleResult]:
    """Every rule with its verdict: hard rules by the checker's violations, soft rules by their penalty."""
    counts = Counter(violation.rule for violation in check_timetable(inst, lessons, homework))
    soft = soft_breakdown(inst, lessons, homework)
    weights = inst.weights_in_force
    results = []
    for rule in RULES:
        title = rule.title_zh if lang == "zh" else rule.title
        if rule.hard and not HARD_CHECKS[rule.id].in_force(inst):
            results.append(RuleResult(rule.id, title, True, True, 0, None, None, "", in_force=False))
        elif rule.hard:
            found = counts[rule.id]
            text = FIGURES[rule.id](inst, lessons, homework, lang) if rule.id in FIGURES else ""
            if found:
                text = (f"{found} 处违反" if lang == "zh" else f"{found} violations") + (f"; {text}" if text else "")
            results.append(RuleResult(rule.id, title, True, found == 0, found, None, None, text))
        else:
            results.append(RuleResult(rule.id, title, False, True, 0, soft.get(rule.id, 0), weights.get(rule.id), ""))
    return results


def worst_days(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> dict[str, tuple[int, int]]:
    """The school's worst class-day against each daily figure's limit, as (value, limit): the least
    activity minutes against the minimum, the most concentrated learning against the cap, the most
    written homework against that day's cap (in whichever week parity is worse)."""
    written = written_by_class_day(homework)
    activity, learning, minutes = [], [], []
    for parity in ("odd", "even"):
        grouped = class_days(in_parity(lessons, parity))
        for school_class in inst.classes:
            name, policy = school_class.name, inst.section_of(school_class.name).policy
            for day in inst.days:
                day_lessons = grouped[name, day]
                activity.append((activity_minutes(inst, name, day, day_lessons), policy.min_daily_activity_minutes))
                learning.append((learning_minutes(inst, name, day, day_lessons), policy.max_daily_learning_minutes))
                minutes.append((written.get((name, day), 0), inst.day_homework_cap(name, day)))
    if not activity:
        return {}
    return {
        "activity": min(activity, key=lambda pair: (pair[0] - pair[1], pair[0])),
        "learning": max(learning, key=lambda pair: (pair[0] - pair[1], pair[0])),
        "homework": max(minutes, key=lambda pair: (pair[0] - pair[1], pair[0])),
    }
