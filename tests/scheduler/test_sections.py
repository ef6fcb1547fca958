"""Sections in one school (九年一贯制, 五四制): their own bells and policies, one staff, one playground.
Lessons of different sections clash when they overlap in time, whatever their period numbers."""

from __future__ import annotations

import pytest

from models.loading import parse_instance
from models.validation import InputError
from tests.conftest import lesson, solved, status_of, violations_of

PRIMARY_BELL = {
    "periods": [
        {"start": "08:30", "end": "09:10"},
        {"start": "09:20", "end": "10:00"},
        {"start": "10:30", "end": "11:10"},
        {"start": "14:00", "end": "14:40"},
    ],
    "blocks": [{"name": "大课间", "kind": "exercise", "start": "10:00", "end": "10:30"}],
}
JUNIOR_BELL = {
    "periods": [
        {"start": "08:00", "end": "08:45"},
        {"start": "08:55", "end": "09:40"},
        {"start": "10:10", "end": "10:55"},
        {"start": "14:00", "end": "14:45"},
        {"start": "14:55", "end": "15:40"},
    ],
    "blocks": [{"name": "大课间", "kind": "exercise", "start": "09:40", "end": "10:10"}],
}


def two_sections(**changes: object) -> dict:
    """Grade 3 in a primary section, grade 7 in a junior one; 刘洋 teaches PE to both classes; one
    playground for one class at a time. No activity minimum, so PE goes where the test puts it."""
    data = {
        "school": {"name": "九年一贯制测试学校"},
        "sections": [
            {"name": "小学部", "stage": "primary", "grades": [3], "bell": PRIMARY_BELL},
            {"name": "初中部", "stage": "junior", "grades": [7], "bell": JUNIOR_BELL},
        ],
        "policy": {"min_daily_activity_minutes": 0},
        "subjects": ["语文", {"name": "体育", "venue": "操场"}],
        "venues": [{"name": "操场", "capacity": 1}],
        "grades": [{"grade": 3, "plan": {"语文": 5, "体育": 1}}, {"grade": 7, "plan": {"语文": 5, "体育": 1}}],
        "classes": [{"name": "三年级1班", "grade": 3}, {"name": "七年级1班", "grade": 7}],
        "teachers": [
            {"name": "王芳", "teaches": {"语文": ["三年级1班"]}},
            {"name": "李强", "teaches": {"语文": ["七年级1班"]}},
            {"name": "刘洋", "teaches": {"体育": ["三年级1班", "七年级1班"]}},
        ],
    }
    data.update(changes)
    return data


def test_a_shared_teacher_is_placed_apart_in_time_across_bells():
    # 三年级1班's PE is fixed Monday 08:30-09:10; 七年级1班 (语文 2, PE 1) may only use Monday's periods
    # 1-3, of which 08:00-08:45 and 08:55-09:40 overlap it: the solver must put PE at 10:10-10:55.
    data = two_sections(
        fixed=[{"subject": "体育", "day": "星期一", "period": 1, "classes": ["三年级1班"]}],
        forbidden=[
            {"class": "七年级1班", "day": d, "periods": [1, 2, 3, 4, 5]} for d in ("星期二", "星期三", "星期四", "星期五")
        ]
        + [{"class": "七年级1班", "day": "星期一", "periods": [4, 5]}],
    )
    data["grades"][1]["plan"] = {"语文": 2, "体育": 1}
    inst, lessons = solved(data)
    junior_pe = next(l for l in lessons if l.class_ == "七年级1班" and l.subject == "体育")
    assert (junior_pe.day, junior_pe.period) == ("星期一", 3)
    data["fixed"].append({"subject": "体育", "day": "星期一", "period": 2, "classes": ["七年级1班"]})
    assert status_of(data) == "infeasible"  # 08:55-09:40 overlaps 08:30-09:10
    clash = [lesson("三年级1班", "体育", "星期一", 1), lesson("七年级1班", "体育", "星期一", 2)]
    found = violations_of(inst, clash, "clash.teacher")
    assert len(found) == 1 and found[0].teacher == "刘洋"
    assert violations_of(inst, [clash[0], lesson("七年级1班", "体育", "星期一", 3)], "clash.teacher") == []


def test_one_playground_counts_the_classes_of_both_sections_at_once():
    data = two_sections()
    data["teachers"][2]["teaches"] = {"体育": ["三年级1班"]}
    data["teachers"].append({"name": "周强", "teaches": {"体育": ["七年级1班"]}})
    inst = parse_instance(data)
    both = [lesson("三年级1班", "体育", "星期二", 1), lesson("七年级1班", "体育", "星期二", 2)]  # 08:30 and 08:55
    found = violations_of(inst, both, "venue.capacity")
    assert len(found) == 1 and found[0].venue == "操场"
    apart = [both[0], lesson("七年级1班", "体育", "星期二", 3)]  # 10:10, after 09:10
    assert violations_of(inst, apart, "venue.capacity") == []


def test_each_section_has_its_own_policy_numbers():
    data = two_sections()
    inst = parse_instance(data)
    primary, junior = inst.sections_in_force
    assert (primary.policy.max_daily_learning_minutes, junior.policy.max_daily_learning_minutes) == (360, 420)
    assert (primary.policy.earliest_lesson_start, junior.policy.earliest_lesson_start) == (8 * 60 + 20, 8 * 60)
    assert inst.homework_cap("三年级1班") == 60 and inst.homework_cap("七年级1班") == 90


def test_a_five_four_junior_section_holds_grade_six_with_the_junior_homework_cap():
    data = two_sections()
    data["sections"][1]["grades"] = [6]
    data["grades"][1]["grade"] = 6
    data["classes"][1] = {"name": "六年级1班", "grade": 6}
    for teacher in data["teachers"]:
        teacher["teaches"] = {s: [c.replace("七", "六") for c in cs] for s, cs in teacher["teaches"].items()}
    inst = parse_instance(data)
    assert inst.section_of("六年级1班").stage == "junior" and inst.homework_cap("六年级1班") == 90


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        (lambda d: d["sections"][1]["grades"].append(3), "sections[1].grades", "grade 3 is in sections 小学部 and 初中部"),
        (lambda d: d["sections"][1].update(grades=[8]), "grades[1]", "grade 7 is in no section"),
        (lambda d: d["school"].update(stage="primary"), "school.stage", "not both"),
        (lambda d: d["sections"][0].update(grades=[3, 7]), "sections[0].grades[1]", "grade 7 is not a primary grade"),
        (lambda d: d.update(sections=[]), "school.stage", "give the school's stage"),
        (
            lambda d: d.update(merged=[{"subject": "体育", "classes": ["三年级1班", "七年级1班"]}]),
            "merged[0].classes",
            "merged classes must be in one section",
        ),
        (
            lambda d: JUNIOR_BELL_WITH(d, {"name": "晚自习", "kind": "evening_study", "start": "19:00", "end": "21:00"}),
            "sections[1].bell.blocks[1]",
            "晚自习 ends at 21:00, after 20:30",
        ),
    ],
)
def test_sections_that_do_not_hold_together_get_one_message_each(change, where, words):
    data = two_sections()
    change(data)
    with pytest.raises(InputError) as error:
        parse_instance(data)
    assert any(p.where == where and words in p.message for p in error.value.problems), error.value.problems


def JUNIOR_BELL_WITH(data: dict, block: dict) -> None:  # noqa: N802 (used in the table above)
    data["sections"][1]["bell"] = {**JUNIOR_BELL, "blocks": [*JUNIOR_BELL["blocks"], block]}


def test_a_section_policy_changes_only_the_numbers_it_names():
    data = two_sections(policy={"min_daily_activity_minutes": 0, "homework_home_minutes": 10})
    data["sections"][1]["policy"] = {"max_daily_learning_minutes": 400, "homework_caps": {7: 80}}
    junior = parse_instance(data).sections_in_force[1].policy
    assert junior.max_daily_learning_minutes == 400 and junior.homework_caps[7] == 80
    assert (junior.min_daily_activity_minutes, junior.homework_home_minutes) == (0, 10)  # the school's


def test_periods_are_checked_against_the_bell_of_the_classes_they_name():
    data = two_sections(
        fixed=[{"subject": "体育", "day": "星期一", "period": 5}],  # only 七年级1班 could have PE at period 5...
        forbidden=[{"class": "三年级1班", "day": "星期一", "periods": [5]}],  # ...the primary bell has 4 periods
    )
    data["grades"][0]["plan"] = {"语文": 5}
    data["teachers"][2]["teaches"] = {"体育": ["七年级1班"]}
    data["teachers"][0]["blocked"] = [{"day": "星期二", "periods": [5]}]
    with pytest.raises(InputError) as error:
        parse_instance(data)
    where = {p.where for p in error.value.problems}
    assert where == {"forbidden[0].periods[0]", "teachers[0].blocked[0].periods[0]"}, error.value.problems
    del data["forbidden"], data["teachers"][0]["blocked"]
    data["sections"][1]["policy"] = {"homework_caps": {7: -1}}
    with pytest.raises(InputError) as error:
        parse_instance(data)
    assert [p.where for p in error.value.problems] == ["sections[1].policy.homework_caps.7"]


def test_teacher_loads_count_the_periods_of_each_bell_apart():
    from scheduler.check.registry import FIGURES
    from scheduler.publish.tables import teacher_loads

    data = two_sections()
    data["sections"][1]["bell"] = {
        **JUNIOR_BELL,
        "periods": [{"start": "07:30", "end": "08:15"}, *JUNIOR_BELL["periods"][1:]],
    }
    data["teachers"][2]["max_per_day"] = 1
    inst = parse_instance(data)
    two = [lesson("三年级1班", "体育", "星期一", 1), lesson("七年级1班", "体育", "星期一", 1)]  # 08:30 and 07:30
    assert len(violations_of(inst, two, "teacher.daily_max")) == 1
    row = next(r for r in teacher_loads(inst, two, "zh").rows if r[0] == "刘洋")
    assert row[1] == 2
    assert FIGURES["teacher.daily_max"](inst, two, [], "zh").startswith("最多 2 节")


def test_a_venue_page_shows_every_section_whose_lessons_may_use_it():
    from scheduler.publish.tables import venue_grids

    data = two_sections(venues=[{"name": "操场", "capacity": 1}, {"name": "体育馆", "capacity": 1}])
    data["subjects"][1] = {"name": "体育", "venue": ["操场", "体育馆"]}
    inst = parse_instance(data)
    used = [lesson("三年级1班", "体育", "星期一", 1, venue="体育馆"), lesson("七年级1班", "体育", "星期二", 1, venue="操场")]
    text = {g.owner: " ".join(cell for row in g.rows for cell in row.cells) for g in venue_grids(inst, used, "zh")}
    assert "三年级1班 体育" in text["体育馆"] and "七年级1班 体育" in text["操场"], text
