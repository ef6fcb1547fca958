"""The homework plan on the model side: its hard rules and its two soft rules.

`v.homework[class, subject, day]` is true when the class gets one item of the subject that day (at
most one item of a subject a day).
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from models.calendar import Lang, consecutive_day_pairs, day_label
from models.instance import Instance
from models.rules import RuleId
from scheduler.model.floors import least_homework_spread
from scheduler.model.literals import both
from scheduler.model.registry import (
    Busy,
    Penalty,
    Requirement,
    hard_rule,
    in_general,
    met_by_construction,
    of_class,
    sentence,
    soft_rule,
)
from scheduler.model.variables import Variables

met_by_construction(
    "homework.none_for_grade",
    "an instance asking for written homework in a grade whose cap is 0 is rejected (models/validation.py)",
)


def week_views(v: Variables, class_name: str) -> tuple[str, ...]:
    """The weeks a class's homework is counted in: every week alike, or odd and even weeks apart when
    some of its homework is of a 单双周 subject."""
    alternating = any(v.inst.homework_weeks(class_name, s) != "all" for s in v.inst.class_homework(class_name))
    return ("odd", "even") if alternating else ("all",)


def written_expr(v: Variables, class_name: str, day: str, weeks: str = "all") -> cp_model.LinearExprT:
    """Written-homework minutes set for a class on a day (in odd or even weeks), as a linear expression."""
    plan = v.inst.class_homework(class_name)
    return sum(
        entry.minutes * v.homework[class_name, subject, day]
        for subject, entry in plan.items()
        if entry.written and v.inst.homework_weeks(class_name, subject) in ("all", weeks)
    )


@hard_rule("homework.lesson_day")
def lesson_day(v: Variables):
    """An item of subject S only on a day the class has a lesson of S in the weeks it is set (every week,
    or S's weeks of an odd/even pair)."""
    courses_of_class = v.class_courses
    for (name, subject, day), var in v.homework.items():
        weeks = v.inst.homework_weeks(name, subject)
        lessons = [
            place
            for course in courses_of_class[name]
            if course.alternating == (weeks != "all") and course.part("odd" if weeks == "all" else weeks).subject == subject
            for _, place in v.on_day(course, day)
        ]
        yield Requirement(v.model.add(var <= sum(lessons)), name)


@hard_rule("homework.all_placed")
def all_placed(v: Variables):
    """Every item of the weekly plan is set."""
    for school_class in v.inst.classes:
        for subject, plan in v.inst.class_homework(school_class.name).items():
            placed = sum(v.homework[school_class.name, subject, day] for day in v.inst.days)
            yield Requirement(v.model.add(placed == plan.items), school_class.name)


@hard_rule("homework.daily_cap")
def daily_cap(v: Variables):
    """Written minutes per class and day within the grade's cap."""
    for school_class in v.inst.classes:
        cap = v.inst.homework_cap(school_class.name)
        for weeks in week_views(v, school_class.name):
            for day in v.inst.days:
                yield Requirement(v.model.add(written_expr(v, school_class.name, day, weeks) <= cap), school_class.name)


@hard_rule("homework.weekend")
def weekend(v: Variables):
    """The last school day of the week gets no more than the weekend cap."""
    last = v.inst.days[-1]
    for school_class in v.inst.classes:
        cap = v.inst.weekend_homework_cap(school_class.name)
        for weeks in week_views(v, school_class.name):
            yield Requirement(v.model.add(written_expr(v, school_class.name, last, weeks) <= cap), school_class.name)


@hard_rule("homework.at_school")
def at_school(v: Variables):
    """Written minutes beyond the guidance session stay within the home allowance (when switched on)."""
    for school_class in v.inst.classes:
        allowance = v.inst.section_of(school_class.name).policy.homework_home_minutes
        if allowance is None:
            continue
        for weeks in week_views(v, school_class.name):
            for day in v.inst.days:
                session = v.inst.guidance_minutes(school_class.name, day)
                limit = v.model.add(written_expr(v, school_class.name, day, weeks) <= session + allowance)
                yield Requirement(limit, school_class.name)


@soft_rule("soft.homework_even")
def homework_even(v: Variables, busy: Busy) -> Penalty:
    """Per class, the most minus the fewest written minutes of a school day (in the busier of odd and
    even weeks, for a class with 单双周 homework)."""
    spreads, floor = [], 0
    for school_class in v.inst.classes:
        name, plan = school_class.name, v.inst.class_homework(school_class.name)
        views = week_views(v, name)
        per_view = [_homework_spread(v, name, weeks, views) for weeks in views]
        per_view = [spread for spread in per_view if spread is not None]
        if not per_view:
            continue
        if len(per_view) == 1:
            ((spread, least),) = per_view
        else:
            weekly = sum(p.items * p.minutes for p in plan.values() if p.written)
            spread = v.model.new_int_var(0, weekly, f"hw_spread[{name}]")
            v.model.add_max_equality(spread, [s for s, _ in per_view])
            least = max(least for _, least in per_view)
        floor += least
        spreads.append(spread)
    return Penalty(sum(spreads), floor)


def _homework_spread(v: Variables, name: str, weeks: str, views: tuple[str, ...]):
    """(most - fewest written minutes of a day, its floor) of a class in these weeks; None without any."""
    plan = {
        subject: entry
        for subject, entry in v.inst.class_homework(name).items()
        if entry.written and v.inst.homework_weeks(name, subject) in ("all", weeks)
    }
    weekly = sum(p.items * p.minutes for p in plan.values())
    if not weekly:
        return None
    suffix = "" if views == ("all",) else f",{weeks}"
    totals = [written_expr(v, name, day, weeks) for day in v.inst.days]
    most = v.model.new_int_var(0, weekly, f"hw_max[{name}{suffix}]")
    fewest = v.model.new_int_var(0, weekly, f"hw_min[{name}{suffix}]")
    v.model.add_max_equality(most, totals)
    v.model.add_min_equality(fewest, totals)
    # Redundant bound for the LP, from the item sizes alone.
    written = tuple(sorted((p.items, p.minutes) for p in plan.values()))
    cap, last = v.inst.homework_cap(name), v.inst.weekend_homework_cap(name)
    least = least_homework_spread(written, len(v.inst.days), cap, last)
    v.model.add(most - fewest >= least)
    return most - fewest, least


@soft_rule("soft.homework_spread")
def homework_spread(v: Variables, busy: Busy) -> Penalty:
    """Pairs of consecutive days with an item of the same subject."""
    both_days, floor, pairs = [], 0, consecutive_day_pairs(v.inst.days)
    for school_class in v.inst.classes:
        for subject, plan in v.inst.class_homework(school_class.name).items():
            pairs_here = [
                both(
                    v.model,
                    v.homework[school_class.name, subject, first],
                    v.homework[school_class.name, subject, second],
                    f"hw_pair[{school_class.name},{subject},{first}]",
                )
                for first, second in pairs
            ]
            both_days += pairs_here
            # Redundant bound for the LP: k items on n days in a row leave at least 2k - n - 1 adjacent pairs.
            least = 2 * plan.items - len(v.inst.days) - 1
            if len(pairs) == len(v.inst.days) - 1 and least > 0:
                v.model.add(sum(pairs_here) >= least)
                floor += least
    return Penalty(sum(both_days), floor)


def _planned(inst: Instance, name: str) -> str:
    listed = "、".join(f"{subject} {plan.items} 次" for subject, plan in inst.class_homework(name).items())
    return f"每周作业计划全部布置（{listed}）"


def _weekend(inst: Instance, name: str) -> str:
    last = day_label("zh", inst.days[-1])
    return f"{last}书面作业不超过 {inst.weekend_homework_cap(name)} 分钟（双休日不加大作业量）"


def _home(inst: Instance, name: str) -> str:
    allowance = inst.section_of(name).policy.homework_home_minutes
    return f"书面作业在校内基本完成，每天带回家的不超过 {allowance} 分钟"


HOMEWORK_WORDS_ZH: dict[RuleId, Callable[[Instance, str], str]] = {
    "homework.lesson_day": lambda inst, name: "各科作业只布置在当天有该科课的日子",
    "homework.all_placed": _planned,
    "homework.daily_cap": lambda inst, name: f"每天书面作业不超过 {inst.homework_cap(name)} 分钟",
    "homework.weekend": _weekend,
    "homework.at_school": _home,
}


def _homework_words(rule_id: RuleId) -> None:
    """Register the words of a homework rule: in Chinese with its figures, in English by its title."""

    def words(inst: Instance, name: str, lang: Lang = "zh", named: bool = True) -> str:
        if lang == "zh":
            return of_class(name, HOMEWORK_WORDS_ZH[rule_id](inst, name), lang, named)
        return in_general(rule_id, (name,), lang, named)

    sentence(rule_id)(words)


for _rule_id in HOMEWORK_WORDS_ZH:
    _homework_words(_rule_id)
