"""One test per homework rule: it binds, the solver respects it, the checker flags a breach."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from models.loading import parse_instance
from models.validation import InputError
from scheduler.search.counting import counting_problems
from tests.conftest import school, status_of, violations_of

DAYS = ["星期一", "星期二", "星期三", "星期四", "星期五"]


def with_homework(homework: dict, **policy: object) -> dict:
    data = school(policy={"preset": "cn-2021", **policy})
    data["grades"][0]["homework"] = homework
    return data


def solved_homework(data: dict):
    inst = parse_instance(data)
    from scheduler.search.solve import SolveOptions, solve

    solution = solve(inst, SolveOptions(time_limit=20, workers=2, seed=1))
    assert solution.summary.status == "optimal", solution.summary
    return inst, solution


def written_per_day(homework) -> Counter:
    totals: Counter = Counter()
    for item in homework:
        if item.written:
            totals[item.class_, item.day] += item.minutes
    return totals


def test_items_sit_on_lesson_days():
    inst, solution = solved_homework(with_homework({"音乐": {"items": 2, "minutes": 10, "written": False}}))
    for item in solution.homework:
        assert any(l.class_ == item.class_ and l.subject == "音乐" and l.day == item.day for l in solution.lessons)
    item = solution.homework[0]
    music_days = {l.day for l in solution.lessons if l.class_ == item.class_ and l.subject == "音乐"}
    wrong_day = next(d for d in DAYS if d not in music_days)
    moved = [item.model_copy(update={"day": wrong_day})] + solution.homework[1:]
    assert len(violations_of(inst, solution.lessons, "homework.lesson_day", moved)) == 1


def test_daily_cap_binds_and_an_extra_item_breaks_it():
    plan = {"语文": {"items": 5, "minutes": 20}, "数学": {"items": 4, "minutes": 10}}  # 140 of 5 x 30 = 150
    inst, solution = solved_homework(with_homework(plan, homework_caps={3: 30}))
    totals = written_per_day(solution.homework)
    assert max(totals.values()) <= 30 and sum(totals.values()) == 280
    assert status_of(with_homework({**plan, "数学": {"items": 4, "minutes": 15}}, homework_caps={3: 30})) == "infeasible"
    full = next(k for k, v in totals.items() if v == 30)
    extra = solution.homework + [solution.homework[0].model_copy(update={"class_": full[0], "day": full[1]})]
    found = violations_of(inst, solution.lessons, "homework.daily_cap", extra)
    assert len(found) == 1 and "cap 30" in found[0].message


def test_weekend_day_gets_no_more_than_the_weekend_cap():
    plan = {"语文": {"items": 5, "minutes": 20}, "数学": {"items": 3, "minutes": 10}}
    inst, solution = solved_homework(with_homework(plan, weekend_homework_minutes=20))
    totals = written_per_day(solution.homework)
    assert all(totals[c, "星期五"] <= 20 for c in ("三年级1班", "三年级2班"))
    friday = next(i for i, item in enumerate(solution.homework) if item.day == "星期五" and item.class_ == "三年级1班")
    extra = list(solution.homework)
    extra[friday] = extra[friday].model_copy(update={"minutes": 30})  # 30 > 20 on the weekend day
    assert len(violations_of(inst, solution.lessons, "homework.weekend", extra)) == 1


def test_no_written_homework_where_the_cap_is_zero():
    with pytest.raises(InputError, match="homework.none_for_grade"):
        parse_instance(with_homework({"数学": {"items": 2, "minutes": 10}}, homework_caps={3: 0}))
    inst, solution = solved_homework(
        with_homework({"语文": {"items": 3, "minutes": 10, "written": False}}, homework_caps={3: 0})
    )
    assert solution.homework and not any(item.written for item in solution.homework)
    written = [solution.homework[0].model_copy(update={"written": True})] + solution.homework[1:]
    assert len(violations_of(inst, solution.lessons, "homework.none_for_grade", written)) == 1


def test_every_item_is_placed_or_the_reason_is_given():
    inst, solution = solved_homework(with_homework({"数学": {"items": 4, "minutes": 15}}))
    per_class = Counter(item.class_ for item in solution.homework)
    assert per_class == {"三年级1班": 4, "三年级2班": 4}
    assert len(violations_of(inst, solution.lessons, "homework.all_placed", solution.homework[1:])) == 1
    # 音乐 has 2 lessons a week: 3 items cannot each have a lesson day.
    impossible = parse_instance(with_homework({"音乐": {"items": 3, "minutes": 10}}))
    [problem] = counting_problems(impossible)[:1]
    assert "homework.lesson_day" in problem.message and problem.where == "grades[0].homework.音乐 (三年级1班)"


def test_finished_at_school_switch_limits_what_goes_home():
    plan = {"语文": {"items": 5, "minutes": 20}, "数学": {"items": 4, "minutes": 15}}  # 160 a week
    data = with_homework(plan, homework_home_minutes=10)
    data["bell"]["blocks"].append({"name": "作业辅导", "kind": "homework_guidance", "start": "15:40", "end": "16:05"})
    inst, solution = solved_homework(data)  # 25 at school + 10 at home: at most 35 a day
    totals = written_per_day(solution.homework)
    assert max(totals.values()) <= 35
    assert all(item.school_minutes <= item.minutes for item in solution.homework)
    by_day = defaultdict(int)
    for item in solution.homework:
        by_day[item.class_, item.day] += item.school_minutes
    assert max(by_day.values()) <= 25
    heavy = next(k for k, v in totals.items() if v >= 30)
    extra = solution.homework + [solution.homework[0].model_copy(update={"class_": heavy[0], "day": heavy[1]})]
    assert len(violations_of(inst, solution.lessons, "homework.at_school", extra)) == 1


def test_soft_rules_reach_the_derived_optimum():
    # 语文 5 items of 20 min: one every day (at most one a day), so 4 consecutive-day pairs per class.
    # 数学 2 items of 10 min on two days: days total 30 or 20, so the spread per class is exactly 10;
    # the two 数学 items can sit on non-consecutive days. Two classes: even = 20, spread = 8.
    plan = {"语文": {"items": 5, "minutes": 20}, "数学": {"items": 2, "minutes": 10}}
    inst, solution = solved_homework(with_homework(plan))
    assert solution.summary.soft["soft.homework_even"] == 20
    assert solution.summary.soft["soft.homework_spread"] == 8


def test_counting_knows_a_double_lesson_fills_one_day():
    # 5 语文 lessons with one double fall on at most 4 days: 5 items, one a day, cannot have lesson days.
    data = with_homework({"语文": {"items": 5, "minutes": 10}})
    data["grades"][0]["doubles"] = {"语文": 1}
    problems = counting_problems(parse_instance(data))
    assert len(problems) == 2 and all("at most 4 are possible (rules homework.lesson_day" in str(p) for p in problems)
    data["grades"][0]["homework"]["语文"]["items"] = 4
    assert counting_problems(parse_instance(data)) == []


def odd_week_calligraphy() -> dict:
    """书法 in odd weeks and 美术 in even weeks share a slot (单双周); 书法 gives a 30-minute written item in
    its weeks. 语文 gives 4 items of 40 minutes: with the 60-minute cap, 书法's item takes 语文's free day."""
    data = with_homework({"语文": {"items": 4, "minutes": 40}, "书法": {"items": 1, "minutes": 30}})
    data["subjects"].append({"name": "书法"})
    data["grades"][0]["plan"]["美术"] = 1
    data["grades"][0]["alternating"] = [{"odd": "书法", "even": "美术"}]
    data["teachers"][4]["teaches"]["书法"] = ["三年级1班", "三年级2班"]
    return data


def test_homework_of_an_odd_week_subject_is_set_in_its_weeks_on_its_lesson_day():
    inst, solution = solved_homework(odd_week_calligraphy())
    for name in ("三年级1班", "三年级2班"):
        [item] = [i for i in solution.homework if i.class_ == name and i.subject == "书法"]
        [slot] = [l for l in solution.lessons if l.class_ == name and l.subject == "书法"]
        assert item.weeks == "odd" and slot.weeks == "odd" and item.day == slot.day
        assert not any(i.day == item.day for i in solution.homework if i.class_ == name and i.subject == "语文")
    item = next(i for i in solution.homework if i.subject == "书法")
    on_chinese_day = next(i.day for i in solution.homework if i.class_ == item.class_ and i.subject == "语文")
    moved = [i.model_copy(update={"day": on_chinese_day}) if i is item else i for i in solution.homework]
    assert violations_of(inst, solution.lessons, "homework.daily_cap", moved)  # 70 min in odd weeks
    assert violations_of(inst, solution.lessons, "homework.lesson_day", moved)
    every_week = [i.model_copy(update={"weeks": "all"}) if i is item else i for i in solution.homework]
    assert violations_of(inst, solution.lessons, "homework.lesson_day", every_week)  # 美术 in even weeks
    assert violations_of(inst, solution.lessons, "homework.all_placed", every_week)


def test_evening_study_is_a_homework_session_not_learning_time():
    from scheduler.check.rules.daily import learning_minutes

    data = with_homework({"语文": {"items": 4, "minutes": 20}}, homework_home_minutes=0)
    data["bell"]["blocks"].append({"name": "晚自习", "kind": "evening_study", "start": "19:00", "end": "19:20"})
    inst, solution = solved_homework(data)
    assert inst.guidance_minutes("三年级1班", "星期一") == 20
    assert learning_minutes(inst, "三年级1班", "星期一", []) == 0
    assert all(item.done_at == "school" for item in solution.homework)
