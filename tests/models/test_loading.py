"""Bad input: one clear message per problem, naming the place in the file."""

from __future__ import annotations

import pytest

from models.loading import load_instance, parse_instance, read_document
from models.policy import resolve_policy
from models.validation import InputError
from tests.conftest import school


def problems_of(data: dict) -> list[str]:
    with pytest.raises(InputError) as error:
        parse_instance(data)
    return [str(problem) for problem in error.value.problems]


def test_base_school_is_valid_and_policy_comes_from_the_preset():
    inst = parse_instance(school())
    assert inst.sections_in_force[0].policy.max_daily_learning_minutes == 360
    assert inst.sections_in_force[0].policy.earliest_lesson_start == 8 * 60 + 20
    junior = resolve_policy(inst.policy, "junior")
    assert junior.max_daily_learning_minutes == 420 and junior.earliest_lesson_start == 8 * 60


def test_policy_override_replaces_one_number():
    inst = parse_instance(school(policy={"preset": "cn-2021", "min_daily_activity_minutes": 120}))
    assert inst.sections_in_force[0].policy.min_daily_activity_minutes == 120
    assert inst.sections_in_force[0].policy.max_daily_learning_minutes == 360


def test_unknown_teacher_class_and_subject_are_each_named():
    data = school()
    data["teachers"][0]["teaches"] = {"语文": ["三年级9班"], "数敎": ["三年级1班"]}
    found = problems_of(data)
    assert "teachers[0].teaches.语文[0]: unknown class '三年级9班' (did you mean 三年级2班?)" in found
    assert "teachers[0].teaches.数敎: unknown subject '数敎' (did you mean 数学?)" in found
    data["teachers"][0]["teaches"] = {"书法": ["三年级1班"]}
    assert "teachers[0].teaches.书法: unknown subject '书法'" in problems_of(data)  # nothing close: no guess


def test_missing_teacher_and_duplicate_names():
    data = school()
    data["teachers"][0]["teaches"] = {}
    data["classes"].append({"name": "三年级1班", "grade": 3})
    found = problems_of(data)
    assert "classes: '三年级1班' is declared twice" in found


def test_class_without_teacher():
    data = school()
    del data["teachers"][0]
    assert problems_of(data) == ["classes[0]: 三年级1班: no teacher teaches 语文 (teachers[].teaches)"]


def test_negative_and_impossible_counts():
    data = school(
        classes=[
            {"name": "三年级1班", "grade": 3, "plan": {"数学": -1}},
            {"name": "三年级2班", "grade": 3, "plan": {"数学": 40}},
        ]
    )
    found = problems_of(data)
    assert "classes[0].plan.数学: -1 lessons: a count cannot be negative" in found
    assert "classes[1].plan.数学: 40 lessons but the week has 30 periods" in found


def test_schema_errors_name_field_paths():
    data = school()
    data["venues"][0]["capacity"] = -2
    data["school"]["stage"] = "senior"
    data["bell"]["periods"][0]["start"] = "8h30"
    data["typo"] = 1
    found = problems_of(data)
    assert any(p.startswith("venues[0].capacity: ") for p in found)
    assert any(p.startswith("school.stage: ") for p in found)
    assert "bell.periods[0].start: Value error, '8h30' is not a clock time like '08:20'" in found
    assert "typo: unknown field (check its spelling)" in found


def test_a_daily_wish_whose_most_is_below_its_fewest_is_named():
    data = school()
    data["teachers"][1]["preferred_per_day"] = {"min": 3, "max": 2}
    data["teachers"][2]["preferred_per_day"] = {"min": 3, "max": 3}  # the boundary: one number of lessons
    name = data["teachers"][1]["name"]
    assert problems_of(data) == [f"teachers[1].preferred_per_day: {name}: at most 2 lessons a day is below at least 3"]
    with pytest.raises(InputError) as error:
        parse_instance(data)
    assert error.value.problems[0].text("zh").endswith(f"“{name}”希望每天最多 2 节，少于最少的 3 节")
    data["teachers"][1]["preferred_per_day"] = {"min": 0}
    assert problems_of(data) == ["teachers[1].preferred_per_day.min: Input should be greater than or equal to 1"]


def test_a_daily_wish_above_the_teachers_maximum_is_named():
    data = school()
    data["teachers"][1] |= {"max_per_day": 3, "preferred_per_day": {"min": 4}}
    data["teachers"][2] |= {"max_per_day": 3, "preferred_per_day": {"min": 3}}  # the boundary: the maximum itself
    name = data["teachers"][1]["name"]
    expected = f"{name}: at least 4 lessons a day is wished, above the most allowed (3)"
    assert problems_of(data) == [f"teachers[1].preferred_per_day: {expected}"]
    with pytest.raises(InputError) as error:
        parse_instance(data)
    assert error.value.problems[0].text("zh").endswith(f"“{name}”希望每天至少 4 节，多于每天最多允许的 3 节")


def test_weekend_day_cites_the_rule():
    found = problems_of(school(days=["星期一", "星期二", "星期三", "星期四", "星期五", "星期六"]))
    assert found == ["days[5]: Saturday is a weekend day: no lessons on Saturday or Sunday (rule calendar.no_weekend)"]


def test_block_overlapping_a_period_and_bad_references():
    data = school(
        forbidden=[{"teacher": "无名", "day": "星期八"}], fixed=[{"subject": "语文", "day": "星期一", "period": 9}]
    )
    data["bell"]["blocks"].append({"name": "眼保健操", "kind": "eye_exercise", "start": "09:00", "end": "09:05"})
    found = problems_of(data)
    assert "bell.blocks[2]: 眼保健操 overlaps period 1" in found
    assert "forbidden[0].teacher: unknown teacher '无名'" in found
    assert any(p.startswith("forbidden[0].day: unknown day '星期八'") for p in found)
    assert "fixed[0].period: period 9 does not exist (the bell has periods 1-6)" in found


def test_a_slot_to_avoid_is_checked_as_a_forbidden_one():
    data = school(preferences={"avoid": [{"teacher": "无名", "day": "星期八"}, {"class": "三年级1班", "subject": "语文"}]})
    found = problems_of(data)
    assert "preferences.avoid[0].teacher: unknown teacher '无名'" in found
    assert any(p.startswith("preferences.avoid[0].day: unknown day '星期八'") for p in found)
    assert "preferences.avoid[1]: name exactly one of class, grade, subject, teacher" in found


def test_grade_outside_the_stage():
    data = school()
    data["grades"][0]["grade"] = 8
    data["classes"] = [{"name": "三年级1班", "grade": 8}, {"name": "三年级2班", "grade": 8}]
    assert "grades[0].grade: grade 8 is not a primary grade" in problems_of(data)


def test_doubles_need_lessons_and_merged_needs_one_teacher():
    data = school(merged=[{"subject": "语文", "classes": ["三年级1班", "三年级2班"]}])
    data["grades"][0]["doubles"] = {"音乐": 2}
    found = problems_of(data)
    assert "classes[0].doubles.音乐: 三年级1班: 2 double lessons need 4 lessons of 音乐, the plan has 2" in found
    assert any(p.startswith("merged[0]: merged classes must share one 语文 teacher") for p in found)


def test_malformed_files(tmp_path):
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("school: {name: x\nbell: [", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_document(bad_yaml)
    assert str(error.value).startswith(f"{bad_yaml}:") and "malformed YAML" in str(error.value)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"school": ', encoding="utf-8")
    with pytest.raises(InputError, match="malformed JSON"):
        read_document(bad_json)
    top_list = tmp_path / "list.yaml"
    top_list.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(InputError, match="list.yaml: the instance file must hold a mapping"):
        load_instance(top_list)
    with pytest.raises(InputError, match="no such file"):
        load_instance(tmp_path / "missing.yaml")


def test_unquoted_yaml_clock_times_are_read_as_written(tmp_path):
    path = tmp_path / "clock.yaml"
    import yaml

    text = yaml.safe_dump(school(), allow_unicode=True).replace("'08:30'", "8:30")
    path.write_text(text, encoding="utf-8")
    assert load_instance(path).bell.periods[0].start == 8 * 60 + 30


def test_a_misspelt_merged_class_is_named_and_caps_keyed_by_grade_read_from_json():
    data = school()
    data["merged"] = [{"subject": "数学", "classes": ["三年级1班", "三年级9班"]}]
    assert any("merged[0].classes: unknown class '三年级9班'" in p for p in problems_of(data))
    data = school()
    data["policy"] = {"homework_caps": {"3": 60}}  # a JSON object's keys are text
    assert parse_instance(data).policy.homework_caps[3] == 60
