"""One test per hard rule: a tiny school where the rule binds; the solver respects it; the checker
flags a hand-made timetable that breaks it, with the exact number of violations."""

from __future__ import annotations

from collections import Counter

import pytest

from models.loading import parse_instance
from models.validation import InputError
from scheduler.search.counting import counting_problems
from tests.conftest import lesson, moved, school, solved, status_of, violations_of

DAYS = ["星期一", "星期二", "星期三", "星期四", "星期五"]


def test_full_hours_solver_gives_every_planned_lesson_and_checker_counts_each_gap():
    inst, lessons = solved(school())
    got = Counter((l.class_, l.subject) for l in lessons)
    assert got == Counter({(c, s): n for c in ("三年级1班", "三年级2班") for s, n in inst.class_plan(c).items()})
    assert violations_of(inst, lessons, "curriculum.full_hours") == []
    maths = [i for i, l in enumerate(lessons) if l.class_ == "三年级1班" and l.subject == "数学"]
    short = [l for i, l in enumerate(lessons) if i != maths[0]]
    extra = short + [lesson("三年级2班", "语文", "星期五", 6)]
    found = violations_of(inst, extra, "curriculum.full_hours")
    assert len(found) == 2
    assert {v.class_ for v in found} == {"三年级1班", "三年级2班"}


def test_class_clash():
    inst, lessons = solved(school())
    mine = [l for l in lessons if l.class_ == "三年级1班"]
    assert len({(l.day, l.period) for l in mine}) == len(mine)
    first, second = [i for i, l in enumerate(lessons) if l.class_ == "三年级1班" and l.subject == "语文"][:2]
    clash = moved(lessons, second, lessons[first].day, lessons[first].period)
    assert len(violations_of(inst, clash, "clash.class")) == 1


def test_teacher_clash_binds_when_one_teacher_has_both_classes():
    data = school()
    data["teachers"][0]["teaches"]["语文"] = ["三年级1班", "三年级2班"]
    del data["teachers"][1]
    inst, lessons = solved(data)
    slots = [(l.day, l.period) for l in lessons if l.subject == "语文"]
    assert len(slots) == len(set(slots)) == 10
    a = next(i for i, l in enumerate(lessons) if l.class_ == "三年级1班" and l.subject == "语文")
    b = next(i for i, l in enumerate(lessons) if l.class_ == "三年级2班" and l.subject == "语文")
    clash = moved(lessons, b, lessons[a].day, lessons[a].period)
    found = violations_of(inst, clash, "clash.teacher")
    assert len(found) == 1 and found[0].teacher == "王芳"


def test_venue_capacity():
    data = school(venues=[{"name": "操场", "capacity": 1}])
    data["teachers"].append({"name": "周强", "teaches": {"体育": ["三年级2班"]}})
    data["teachers"][3]["teaches"]["体育"] = ["三年级1班"]
    inst, lessons = solved(data)
    pe_slots = Counter((l.day, l.period) for l in lessons if l.subject == "体育")
    assert max(pe_slots.values()) == 1
    a = next(i for i, l in enumerate(lessons) if l.class_ == "三年级1班" and l.subject == "体育")
    b = next(i for i, l in enumerate(lessons) if l.class_ == "三年级2班" and l.subject == "体育")
    crowded = moved(lessons, b, lessons[a].day, lessons[a].period)
    found = violations_of(inst, crowded, "venue.capacity")
    assert len(found) == 1 and found[0].venue == "操场"


def test_teacher_blocked_half_day():
    data = school()
    data["teachers"][2]["blocked"] = [{"day": day, "half": "pm"} for day in DAYS]
    inst, lessons = solved(data)
    assert all(inst.section_of(l.class_).is_morning(l.period) for l in lessons if l.subject == "数学")
    index = next(i for i, l in enumerate(lessons) if l.subject == "数学")
    assert len(violations_of(inst, moved(lessons, index, "星期三", 5), "availability.teacher_blocked")) == 1


def test_forbidden_subject_slots():
    data = school(forbidden=[{"subject": "音乐", "periods": [1, 2, 3, 4]}])
    inst, lessons = solved(data)
    assert all(l.period >= 5 for l in lessons if l.subject == "音乐")
    index = next(i for i, l in enumerate(lessons) if l.subject == "音乐")
    assert len(violations_of(inst, moved(lessons, index, "星期一", 1), "availability.forbidden")) == 1


def test_fixed_lesson():
    # Both classes' 音乐 fixed at one slot: one teacher cannot take them at once (no 合班 declared).
    assert status_of(school(fixed=[{"subject": "音乐", "day": "星期三", "period": 6}])) == "infeasible"
    data = school(fixed=[{"subject": "音乐", "day": "星期三", "period": 6, "classes": ["三年级2班"]}])
    inst, lessons = solved(data)
    assert any(l.class_ == "三年级2班" and l.subject == "音乐" and (l.day, l.period) == ("星期三", 6) for l in lessons)
    index = next(i for i, l in enumerate(lessons) if l.subject == "音乐" and (l.day, l.period) == ("星期三", 6))
    assert len(violations_of(inst, moved(lessons, index, "星期一", 1), "availability.fixed")) == 1


def test_teacher_daily_max():
    data = school()
    data["teachers"][2]["max_per_day"] = 2
    inst, lessons = solved(data)
    per_day = Counter(l.day for l in lessons if l.subject == "数学")
    assert max(per_day.values()) <= 2
    data["teachers"][2]["max_per_day"] = 1
    assert status_of(data) == "infeasible"  # 8 lessons, 5 days, at most 1 a day
    busiest = per_day.most_common(1)[0][0]
    free_day = next(d for d in DAYS if per_day[d] == 2 and d != busiest)
    index = next(i for i, l in enumerate(lessons) if l.subject == "数学" and l.day == free_day)
    over = moved(lessons, index, busiest, 6)
    found = violations_of(inst, over, "teacher.daily_max")
    assert len(found) == 1 and found[0].day == busiest


def test_weekend_instance_rejected_and_weekend_lesson_flagged():
    with pytest.raises(InputError) as error:
        parse_instance(school(days=DAYS + ["星期六"]))
    assert "calendar.no_weekend" in str(error.value)
    inst, lessons = solved(school())
    on_saturday = moved(lessons, 0, "星期六", 1)
    assert len(violations_of(inst, on_saturday, "calendar.no_weekend")) == 1
    # A Saturday lesson is not one of the week's lessons: the class is a lesson short of its plan.
    short = violations_of(inst, on_saturday, "curriculum.full_hours")
    assert len(short) == 1 and short[0].class_ == lessons[0].class_


def test_lesson_window_keeps_lessons_after_the_earliest_start():
    data = school()
    data["bell"]["periods"].insert(0, {"start": "07:40", "end": "08:20"})  # before 8:20: no lessons
    inst, lessons = solved(data)
    assert all(l.period != 1 for l in lessons)
    assert len(violations_of(inst, moved(lessons, 0, "星期一", 1), "time.lesson_window")) == 1


def test_daily_learning_cap_counts_real_minutes_and_learning_blocks():
    # 6 periods of 40 min = 240 min, plus a 100-minute self-study block: cap 300 allows 5 lessons a day.
    data = school(policy={"max_daily_learning_minutes": 300})
    data["bell"]["blocks"].append({"name": "午自习", "kind": "self_study", "start": "12:10", "end": "13:50"})
    data["grades"][0]["plan"].update({"语文": 9, "数学": 6})  # 22 lessons, at most 5 a day: some day has 5
    inst, lessons = solved(data)
    per_day = Counter((l.class_, l.day) for l in lessons)
    assert max(per_day.values()) == 5
    data["grades"][0]["plan"]["语文"] = 10  # 26 > 25 lessons the cap allows
    data["grades"][0]["plan"]["数学"] = 10
    assert status_of(data) == "infeasible"
    full_day = next(day for (c, day), n in per_day.items() if c == "三年级1班" and n == 5)
    empty = next(
        p for p in range(1, 7) if not any(l.class_ == "三年级1班" and l.day == full_day and l.period == p for l in lessons)
    )
    other = next(i for i, l in enumerate(lessons) if l.class_ == "三年级1班" and l.day != full_day)
    found = violations_of(inst, moved(lessons, other, full_day, empty), "time.max_daily_learning")
    assert len(found) == 1 and "340 min" in found[0].message


def test_daily_activity_puts_pe_on_days_without_sport():
    inst, lessons = solved(school())
    for class_name in ("三年级1班", "三年级2班"):
        pe_days = {l.day for l in lessons if l.class_ == class_name and l.subject == "体育"}
        assert pe_days == {"星期一", "星期三", "星期五"}
    index = next(i for i, l in enumerate(lessons) if l.subject == "体育" and l.day == "星期一")
    found = violations_of(inst, moved(lessons, index, "星期二", 1), "activity.daily_minimum")
    assert len(found) == 1 and found[0].day == "星期一"


def test_subject_daily_max_main_two_other_one():
    data = school()
    data["grades"][0]["plan"].update({"语文": 10, "音乐": 5})
    inst, lessons = solved(data)
    per_day = Counter((l.class_, l.subject, l.day) for l in lessons)
    assert all(n == 2 for (c, s, d), n in per_day.items() if s == "语文")
    assert all(n == 1 for (c, s, d), n in per_day.items() if s == "音乐")
    index = next(i for i, l in enumerate(lessons) if l.subject == "音乐" and l.class_ == "三年级1班")
    day = next(d for d in DAYS if d != lessons[index].day)
    found = violations_of(inst, moved(lessons, index, day, lessons[index].period), "subject.daily_max")
    assert len(found) == 1 and "2 lessons of 音乐" in found[0].message


def test_double_lessons_sit_in_one_half_day():
    data = school()
    data["grades"][0]["doubles"] = {"美术": 1}
    inst, lessons = solved(data)
    for class_name in ("三年级1班", "三年级2班"):
        art = sorted((DAYS.index(l.day), l.period) for l in lessons if l.class_ == class_name and l.subject == "美术")
        assert (
            art[0][0] == art[1][0] and art[1][1] == art[0][1] + 1 and art[0][1] in inst.section_of(class_name).double_starts
        )
    assert {2, 4}.isdisjoint(inst.sections_in_force[0].double_starts)  # 大课间 and lunch
    index = next(i for i, l in enumerate(lessons) if l.class_ == "三年级1班" and l.subject == "美术")
    other_day = next(d for d in DAYS if d != lessons[index].day)
    found = violations_of(inst, moved(lessons, index, other_day, 6), "curriculum.double_lessons")
    assert len(found) == 1


def test_merged_classes_share_the_slot_and_teacher():
    data = school(
        merged=[{"subject": "体育", "classes": ["三年级1班", "三年级2班"]}], venues=[{"name": "操场", "capacity": 2}]
    )
    inst, lessons = solved(data)
    slots = {
        c: {(l.day, l.period) for l in lessons if l.class_ == c and l.subject == "体育"} for c in ("三年级1班", "三年级2班")
    }
    assert slots["三年级1班"] == slots["三年级2班"] and len(slots["三年级1班"]) == 3
    assert violations_of(inst, lessons, "clash.teacher") == []
    index = next(i for i, l in enumerate(lessons) if l.class_ == "三年级1班" and l.subject == "体育")
    other_period = lessons[index].period % 6 + 1
    found = violations_of(inst, moved(lessons, index, lessons[index].day, other_period), "curriculum.merged")
    assert len(found) == 1


def test_alternating_weeks_pair_holds_one_slot():
    data = school()
    data["grades"][0]["plan"].update({"音乐": 1, "美术": 1})
    data["grades"][0]["alternating"] = [{"odd": "音乐", "even": "美术"}]
    inst, lessons = solved(data)
    odd = [l for l in lessons if l.weeks == "odd" and l.class_ == "三年级1班"]
    even = [l for l in lessons if l.weeks == "even" and l.class_ == "三年级1班"]
    assert [(l.subject, l.day, l.period) for l in odd] == [("音乐", even[0].day, even[0].period)]
    assert [l.subject for l in even] == ["美术"]
    without_even = [l for l in lessons if not (l.weeks == "even" and l.class_ == "三年级1班")]
    assert len(violations_of(inst, without_even, "curriculum.full_hours")) == 2  # pair short, a lone odd lesson


def test_assigned_teacher():
    inst, lessons = solved(school())
    wrong = list(lessons)
    chinese = next(i for i, l in enumerate(wrong) if l.subject == "语文")
    wrong[chinese] = wrong[chinese].model_copy(update={"teachers": ["赵丽"]})  # 赵丽 teaches 音乐 and 美术
    assert len(violations_of(inst, wrong, "assignment.teacher")) == 1


def _one_class(plan: dict[str, int], doubles: dict[str, int], **policy: object) -> dict:
    """One class with this plan and doubles; no activity minimum, so only the subject rules bind."""
    data = school(classes=[{"name": "三年级1班", "grade": 3}], policy={"min_daily_activity_minutes": 0, **policy})
    data["grades"][0].update(plan=plan, doubles=doubles)
    for teacher in data["teachers"]:
        teacher["teaches"] = {s: ["三年级1班"] for s, c in teacher["teaches"].items() if "三年级1班" in c and s in plan}
    data["teachers"] = [t for t in data["teachers"] if t["teaches"]]
    return data


@pytest.mark.parametrize("counts", ["lessons", "occurrences"])
def test_a_double_lesson_and_a_single_one_on_a_day_follow_the_daily_max_setting(counts):
    # 11 语文 lessons with one double, at most 2 a day on 5 days: only a day with the double and one
    # more lesson holds them, which counts as 2 occurrences but 3 lessons.
    data = _one_class({"语文": 11, "数学": 4}, {"语文": 1}, daily_max_counts=counts)
    inst = parse_instance(data)
    problems = counting_problems(inst)
    if counts == "lessons":
        assert len(problems) == 1 and "rule subject.daily_max" in str(problems[0])
        assert status_of(data) == "infeasible"
        return
    assert problems == []
    inst, lessons = solved(data)
    per_day = Counter(l.day for l in lessons if l.subject == "语文")
    assert sorted(per_day.values()) == [2, 2, 2, 2, 3]
    lessons_mode = parse_instance(_one_class({"语文": 11, "数学": 4}, {"语文": 1}))
    found = violations_of(lessons_mode, lessons, "subject.daily_max")
    assert len(found) == 1 and "3 lessons of 语文" in found[0].message


def test_double_lessons_fall_on_different_days():
    # 美术 10 lessons with 5 doubles, at most one double a day: one on each day; 6 doubles cannot be.
    data = _one_class({"美术": 10, "语文": 5}, {"美术": 5})
    inst, lessons = solved(data)
    assert Counter(l.day for l in lessons if l.subject == "美术") == Counter({day: 2 for day in DAYS})
    assert counting_problems(parse_instance(_one_class({"美术": 12, "语文": 5}, {"美术": 6}))) != []
    monday = [i for i, l in enumerate(lessons) if l.subject == "美术" and l.day == "星期一"]
    tuesday = [l.period for l in lessons if l.day == "星期二"]
    free = next(p for p in (1, 3, 5) if p not in tuesday and p + 1 not in tuesday)  # a double start free on Tuesday
    both_on_tuesday = moved(moved(lessons, monday[0], "星期二", free), monday[1], "星期二", free + 1)
    found = violations_of(inst, both_on_tuesday, "curriculum.double_lessons")
    assert len(found) == 1 and "on 4 days" in found[0].message
