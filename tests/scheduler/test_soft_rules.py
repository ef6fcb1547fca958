"""Each soft rule on a tiny school whose optimum is derived in a comment: the solver reaches it
(proven optimal) and the checker's breakdown equals the solver's (solve() raises otherwise)."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from models.loading import parse_instance
from models.rules import SOFT_RULE_IDS
from scheduler.model.rules.soft import teacher_busy
from scheduler.model.timetable import TimetableModel
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import school

MON_TO_THU = ["星期一", "星期二", "星期三", "星期四"]


def fixed(class_name: str, subject: str, day: str, period: int) -> dict:
    return {"subject": subject, "day": day, "period": period, "classes": [class_name]}


CASES = {
    # Class 1 has mornings only at P4 Mon-Thu and P1-P4 Friday: 8 morning slots for 9 main lessons
    # (语文 5 + 数学 4, at most 2 of each a day); class 2 has all mornings free. Optimum 1.
    "soft.main_in_morning": (
        {"forbidden": [{"class": "三年级1班", "day": d, "periods": [1, 2, 3]} for d in MON_TO_THU]},
        1,
    ),
    # 语文 7 lessons in 5 days: 2 crowded days per class; the 美术 double's day is wanted. Optimum 4.
    "soft.subject_spread": ({"plan": {"语文": 7}, "doubles": {"美术": 1}}, 4),
    # 音乐 (2 a week, 1 a day) allowed only Monday and Tuesday: consecutive in both classes. Optimum 2.
    "soft.two_lessons_apart": ({"forbidden": [{"subject": "音乐", "day": d} for d in ("星期三", "星期四", "星期五")]}, 2),
    # PE allowed only in period 1 or period 5 (right after lunch): all 6 PE lessons penalised. Optimum 6.
    "soft.pe_placement": ({"forbidden": [{"subject": "体育", "periods": [2, 3, 4, 6]}]}, 6),
    # 数学 at most 1 a day per class, fixed Monday P1 (class 1) and P3 (class 2): 张敏 idles at P2. Optimum 1.
    "soft.teacher_idle": (
        {
            "max_per_day": {"数学": 1},
            "fixed": [fixed("三年级1班", "数学", "星期一", 1), fixed("三年级2班", "数学", "星期一", 3)],
        },
        1,
    ),
    # PE must be Mon/Wed/Fri (activity rule): 刘洋 teaches 2,0,2,0,2 -> 2; 张敏 (8) and 赵丽 (8) -> 1 each. Optimum 4.
    "soft.teacher_balance": ({}, 4),
    # 王芳's 语文 fixed Monday P4 and P5 (class 1): across the noon break once. Optimum 1.
    "soft.teacher_noon": (
        {
            "prefs": {"no_noon_crossing": True},
            "fixed": [fixed("三年级1班", "语文", "星期一", 4), fixed("三年级1班", "语文", "星期一", 5)],
        },
        1,
    ),
    # 刘洋 wishes to teach on 2 days, but PE must be Mon/Wed/Fri (activity rule): 3 days. Optimum 1.
    "soft.teacher_days": ({"teachers": {"刘洋": {"preferred_days": 2}}}, 1),
    # 张敏 teaches 8 数学 lessons, at most 4 a day (2 per class), and wishes 5 a day: every day he
    # teaches is short, by 1 at best (two days of 4). Optimum 2.
    "soft.teacher_daily_range": ({"teachers": {"张敏": {"preferred_per_day": {"min": 5}}}}, 2),
    # 张敏's 数学 fixed Monday P1 (class 1) and Monday P5 (class 2): one split day. Optimum 1.
    "soft.parallel_half_day": (
        {
            "prefs": {"parallel_same_half_day": ["张敏"]},
            "fixed": [fixed("三年级1班", "数学", "星期一", 1), fixed("三年级2班", "数学", "星期一", 5)],
        },
        1,
    ),
    # 体育 fixed Monday P2 and 数学 Monday P3 for class 1, with 体育 not before 数学. Optimum 1.
    "soft.subject_order": (
        {
            "prefs": {"not_before": [{"first": "体育", "then": "数学"}]},
            "fixed": [fixed("三年级1班", "体育", "星期一", 2), fixed("三年级1班", "数学", "星期一", 3)],
        },
        1,
    ),
    # 语文 7 needs 4+ days, 数学 4 needs 2+ days of 5: one shared day per class at least. Optimum 2.
    "soft.subject_exclusion": ({"plan": {"语文": 7}, "prefs": {"not_same_day": [["语文", "数学"]]}}, 2),
    # Both 语文 teachers fixed at Monday P1, and asked never to teach at once. Optimum 1.
    "soft.teacher_exclusion": (
        {
            "prefs": {"teachers_apart": [["王芳", "李强"]]},
            "fixed": [fixed("三年级1班", "语文", "星期一", 1), fixed("三年级2班", "语文", "星期一", 1)],
        },
        1,
    ),
    # 尽量不排: 音乐 everywhere (2 a week in each class: 4) and 刘洋 on Monday, where PE must be (2). Optimum 6.
    "soft.avoided_slots": ({"prefs": {"avoid": [{"subject": "音乐"}, {"teacher": "刘洋", "day": "星期一"}]}}, 6),
}


def build(rule: str, setup: dict) -> dict:
    data = school(weights={r: 0 for r in SOFT_RULE_IDS} | {rule: 1})
    data["grades"][0]["plan"].update(setup.get("plan", {}))
    data["grades"][0]["doubles"] = setup.get("doubles", {})
    for subject, limit in setup.get("max_per_day", {}).items():
        next(s for s in data["subjects"] if s["name"] == subject)["max_per_day"] = limit
    data["forbidden"] = setup.get("forbidden", [])
    data["fixed"] = setup.get("fixed", [])
    data["preferences"] = setup.get("prefs", {})
    for teacher in data["teachers"]:
        teacher.update(setup.get("teachers", {}).get(teacher["name"], {}))
    return data


@pytest.mark.parametrize("rule", sorted(CASES))
def test_soft_rule_reaches_its_derived_optimum(rule):
    setup, optimum = CASES[rule]
    solution = solve(parse_instance(build(rule, setup)), SolveOptions(time_limit=30, workers=2, seed=0))
    assert solution.summary.status == "optimal", solution.summary
    assert solution.summary.soft[rule] == optimum
    assert solution.summary.objective == optimum


@pytest.mark.parametrize(
    ("rule", "teachers", "optimum"),
    [
        ("soft.teacher_idle", None, 1),
        ("soft.teacher_idle", {"张敏"}, 1),
        ("soft.teacher_idle", {"王芳", "李强"}, 0),
        ("soft.parallel_half_day", {"张敏"}, 1),
        ("soft.parallel_half_day", {"王芳", "李强"}, 0),
        ("soft.teacher_days", {"刘洋"}, 1),
        ("soft.teacher_days", {"王芳", "李强"}, 0),
        ("soft.teacher_daily_range", {"张敏"}, 2),
        ("soft.teacher_daily_range", {"王芳", "李强"}, 0),
    ],
)
def test_teacher_rules_count_only_for_the_teachers_a_model_is_built_for(rule, teachers, optimum):
    # Only 张敏 (刘洋 for the days) must be penalised, so a model that leaves them out reaches 0.
    tm = TimetableModel.build(parse_instance(build(rule, CASES[rule][0])), teachers=teachers)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 30
    assert solver.solve(tm.model) == cp_model.OPTIMAL
    assert solver.objective_value == optimum
    assert set(teacher_busy(tm.variables, teachers)) == (set(tm.variables.teacher_courses) if teachers is None else teachers)


def test_a_wish_of_as_many_days_as_needed_costs_nothing():
    # PE on Mon/Wed/Fri puts 刘洋 on 3 days: a wish of 3 is met, a wish of 2 costs 1 (CASES).
    data = build("soft.teacher_days", {"teachers": {"刘洋": {"preferred_days": 3}}})
    solution = solve(parse_instance(data), SolveOptions(time_limit=30, workers=2, seed=0))
    assert solution.summary.status == "optimal"
    assert solution.summary.soft["soft.teacher_days"] == 0


@pytest.mark.parametrize(
    ("wish", "cost"),
    [
        ({"min": 2, "max": 2}, 0),  # PE on Mon/Wed/Fri in both classes: 刘洋 teaches 2 on each of 3 days
        ({"min": 3}, 3),  # one short on each day
        ({"max": 1}, 3),  # one beyond on each day
        ({"min": 3, "max": 3}, 3),
    ],
)
def test_a_daily_wish_counts_each_lesson_short_of_it_or_beyond_it_on_the_days_taught(wish, cost):
    # 刘洋's days are forced (the activity rule puts each class's 3 PE lessons on Mon/Wed/Fri): the
    # wish met to the lesson costs nothing, one lesson past it on either side costs 1 a day.
    data = build("soft.teacher_daily_range", {"teachers": {"刘洋": {"preferred_per_day": wish}}})
    solution = solve(parse_instance(data), SolveOptions(time_limit=30, workers=2, seed=0))
    assert solution.summary.status == "optimal"
    assert solution.summary.soft["soft.teacher_daily_range"] == cost


def test_a_daily_wish_counts_an_odd_and_even_week_pair_as_one_period():
    # 赵丽 teaches each class 音乐 2, 美术 2 and the 音乐/美术 odd/even slot: 10 periods a week (12
    # lessons, the pair's two in one period). At most 1 a day over 5 days: 5 beyond at best (7 if the
    # pair counted twice).
    data = build("soft.teacher_daily_range", {"teachers": {"赵丽": {"preferred_per_day": {"max": 1}}}})
    data["grades"][0]["alternating"] = [{"odd": "音乐", "even": "美术"}]
    solution = solve(parse_instance(data), SolveOptions(time_limit=30, workers=2, seed=0))
    assert solution.summary.status == "optimal"
    assert solution.summary.soft["soft.teacher_daily_range"] == 5


def test_avoided_slots_count_odd_and_even_week_lessons_apart_and_a_merged_lesson_once():
    # 音乐: 2 weekly lessons and the odd weeks of the 音乐/美术 slot, in each class: 6. 三年级1班 on
    # Monday: its PE lesson must be there (activity rule): 1. 刘洋 on Wednesday, where both classes
    # need PE: 1 with the 合班 PE lesson there (2 without). Optimum 8.
    avoid = [{"subject": "音乐"}, {"class": "三年级1班", "day": "星期一"}, {"teacher": "刘洋", "day": "星期三"}]
    setup = {"prefs": {"avoid": avoid}}
    data = build("soft.avoided_slots", setup)
    data["grades"][0]["alternating"] = [{"odd": "音乐", "even": "美术"}]
    data["merged"] = [{"subject": "体育", "classes": ["三年级1班", "三年级2班"], "lessons": 1}]
    solution = solve(parse_instance(data), SolveOptions(time_limit=30, workers=2, seed=0))
    assert solution.summary.status == "optimal"
    assert solution.summary.soft["soft.avoided_slots"] == 8
