"""The compliance report: every rule of the catalogue with its verdict and the figures behind it.

Computed by the independent checker from the instance and the timetable alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from models.calendar import format_clock, is_weekend
from models.instance import Instance
from models.rules import DEFAULT_WEIGHTS, RULES
from models.solution import HomeworkItem, Lesson
from scheduler.check import PARITIES, activity_minutes, check_timetable, class_days, in_parity, learning_minutes
from scheduler.check_homework import written_minutes
from scheduler.check_soft import lesson_teachers, soft_breakdown
from scheduler.labels import Lang, day_label


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


def _extremes(inst: Instance, lessons: list[Lesson], measure) -> list[tuple[int, str, str]]:
    """(minutes, class, day) for every class-day and week parity, by `measure`."""
    found = []
    for parity in PARITIES:
        grouped = class_days(inst, in_parity(lessons, parity))
        found += [(measure(inst, c.name, day, grouped[c.name, day]), c.name, day) for c in inst.classes for day in inst.days]
    return found


def _figures(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang) -> dict[str, str]:
    policy, zh = inst.policy_in_force, lang == "zh"
    figures: dict[str, str] = {}
    planned = sum(sum(inst.class_plan(c.name).values()) for c in inst.classes)
    weekly = sum(1 for lesson in lessons if lesson.weeks == "all")
    figures["curriculum.full_hours"] = f"{weekly}/{planned} 节/周" if zh else f"{weekly}/{planned} lessons a week"
    learning = _extremes(inst, lessons, learning_minutes)
    if learning:
        most, name, day = max(learning)
        cap = policy.max_daily_learning_minutes
        figures["time.max_daily_learning"] = (
            f"最长 {most} 分钟 ({name} {day_label(lang, day)}), 上限 {cap}"
            if zh
            else f"longest {most} min ({name}, {day_label(lang, day)}), cap {cap}"
        )
        least, name, day = min(_extremes(inst, lessons, activity_minutes))
        need = policy.min_daily_activity_minutes
        figures["activity.daily_minimum"] = (
            f"最少 {least} 分钟 ({name} {day_label(lang, day)}), 至少 {need}"
            if zh
            else f"least {least} min ({name}, {day_label(lang, day)}), at least {need}"
        )
    weekend = sum(1 for lesson in lessons if is_weekend(lesson.day))
    figures["calendar.no_weekend"] = f"周末 {weekend} 节" if zh else f"{weekend} weekend lessons"
    if lessons:
        starts = [inst.bell.periods[lesson.period - 1] for lesson in lessons]
        first, last = min(p.start for p in starts), max(p.end for p in starts)
        allowed = f"{format_clock(policy.earliest_lesson_start)}-{format_clock(policy.latest_dismissal)}"
        figures["time.lesson_window"] = f"{format_clock(first)}-{format_clock(last)} / {allowed}"
        per_day = Counter((t, lesson.day, lesson.period) for lesson in lessons for t in lesson_teachers(inst, lesson))
        busiest = Counter((t, day) for t, day, _ in per_day)
        (teacher, day), count = busiest.most_common(1)[0]
        figures["teacher.daily_max"] = (
            f"最多 {count} 节 ({teacher} {day_label(lang, day)})"
            if zh
            else f"most {count} ({teacher}, {day_label(lang, day)})"
        )
    written = written_minutes(homework)
    if written:
        share = max(written, key=lambda key: written[key] / max(1, inst.homework_cap(key[0])))
        figures["homework.daily_cap"] = (
            f"最多 {written[share]}/{inst.homework_cap(share[0])} 分钟 ({share[0]} {day_label(lang, share[1])})"
            if zh
            else f"highest {written[share]}/{inst.homework_cap(share[0])} min ({share[0]}, {day_label(lang, share[1])})"
        )
    items = len(homework)
    figures["homework.all_placed"] = f"{items} 项" if zh else f"{items} items"
    return figures


def compliance(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang = "zh") -> list[RuleResult]:
    """Every rule with its verdict: hard rules by the checker's violations, soft rules by their penalty."""
    counts = Counter(violation.rule for violation in check_timetable(inst, lessons, homework))
    soft = soft_breakdown(inst, lessons, homework)
    weights = DEFAULT_WEIGHTS | inst.weights
    figures = _figures(inst, lessons, homework, lang)
    results = []
    for rule in RULES:
        title = rule.title_zh if lang == "zh" else rule.title
        if rule.hard:
            found = counts[rule.id]
            text = figures.get(rule.id, "")
            if found:
                text = (f"{found} 处违反" if lang == "zh" else f"{found} violations") + (f"; {text}" if text else "")
            results.append(RuleResult(rule.id, title, True, found == 0, found, None, None, text))
        else:
            penalty = soft.get(rule.id, 0)
            weight = weights.get(rule.id)
            results.append(RuleResult(rule.id, title, False, True, 0, penalty, weight, ""))
    return results
