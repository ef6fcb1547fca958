"""Presets and profiles: every shipped preset loads with a source for each number, a profile extends
a preset and may tighten it, loosening only when it says so, and bad profiles are refused by place."""

from __future__ import annotations

import copy

import pytest
import yaml
from typer.testing import CliRunner

from models.loading import load_instance, parse_instance
from models.policy import PRESET_NAMES, PolicySettings, profile_chain, resolve_policy, shipped_preset
from models.validation import InputError
from scheduler.cli import Exit, app
from tests.conftest import BASE, INSTANCES

runner = CliRunner()


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_shipped_preset_cites_a_document_for_every_number(name):
    preset = shipped_preset(name)
    assert preset.name == name and preset.title
    for key, setting in preset.settings.items():
        assert setting.sources and all(preset.sources[s].body and preset.sources[s].title for s in setting.sources), key
    assert profile_chain(preset)[0].name == "cn-2021"
    for stage in ("primary", "junior"):
        policy = resolve_policy(PolicySettings(preset=name), stage)
        assert set(policy.sources) >= set(preset.settings)


def test_the_provinces_tighten_the_national_rules():
    national = resolve_policy(PolicySettings(preset="cn-2025"), "primary")
    beijing = resolve_policy(PolicySettings(preset="beijing-2025"), "junior")
    assert national.min_daily_activity_minutes == 120 and national.min_break_minutes == 15 and national.arrival_checked
    assert beijing.daily_pe_lesson and beijing.min_break_total_minutes == 105 and beijing.big_breaks_a_day == 2
    assert not resolve_policy(PolicySettings(), "primary").daily_pe_lesson  # cn-2021 leaves them off


def _school_with_profile(tmp_path, profile: dict) -> object:
    (tmp_path / "district.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    data = copy.deepcopy(BASE) | {"policy": {"preset": "district.yaml"}}
    (tmp_path / "school.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path / "school.yaml"


DISTRICT = {
    "name": "海淀区",
    "extends": "cn-2025",
    "sources": {"district": {"body": "海淀区教育委员会", "title": "课后服务安排", "date": "2026-08"}},
    "settings": {"min_after_school_minutes": {"value": 60, "source": "district"}},
}


def test_a_profile_file_beside_the_instance_extends_its_preset(tmp_path):
    inst = load_instance(_school_with_profile(tmp_path, DISTRICT))
    policy = inst.sections_in_force[0].policy
    assert policy.min_after_school_minutes == 60 and policy.min_break_minutes == 15  # its own, and cn-2025's
    assert policy.sources["min_after_school_minutes"][0].body == "海淀区教育委员会"


def test_a_profile_that_loosens_its_base_must_say_why(tmp_path):
    looser = copy.deepcopy(DISTRICT)
    looser["settings"]["min_daily_activity_minutes"] = {"value": 60, "source": "district"}
    with pytest.raises(InputError) as error:
        load_instance(_school_with_profile(tmp_path, looser))
    [problem, *_] = error.value.problems
    assert "settings.min_daily_activity_minutes" in problem.where and "relaxes" in problem.message
    assert "宽松" in problem.message_zh
    looser["relaxes"] = {"min_daily_activity_minutes": "区里把一小时校外锻炼计入每天2小时"}
    inst = load_instance(_school_with_profile(tmp_path, looser))
    assert inst.sections_in_force[0].policy.min_daily_activity_minutes == 60


def test_unknown_presets_sources_and_settings_are_refused_by_place(tmp_path):
    with pytest.raises(InputError) as error:
        parse_instance(copy.deepcopy(BASE) | {"policy": {"preset": "cn-2052"}})
    assert error.value.problems[0].where == "policy.preset" and "cn-2025" in error.value.problems[0].message
    bad = copy.deepcopy(DISTRICT)
    bad["settings"]["min_after_school_minutes"]["source"] = "nowhere"
    with pytest.raises(InputError) as error:
        load_instance(_school_with_profile(tmp_path, bad))
    assert "nowhere" in str(error.value) and "district.yaml" in error.value.problems[0].where
    bad = copy.deepcopy(DISTRICT) | {"extends": "shanghai"}
    with pytest.raises(InputError, match="not a shipped preset"):
        load_instance(_school_with_profile(tmp_path, bad))


def test_validate_under_another_policy_lists_what_the_school_breaks():
    school = str(INSTANCES / "primary_24.yaml")
    assert runner.invoke(app, ["validate", school]).exit_code == Exit.OK
    result = runner.invoke(app, ["validate", school, "--policy", "cn-2025"])
    assert result.exit_code == Exit.INFEASIBLE
    assert "第1节后的课间只有 10 分钟，至少 15 分钟" in result.output and "早读 08:05 开始，早于 08:20" in result.output
    refused = runner.invoke(app, ["validate", school, "--policy", "beijing-2024"])
    assert refused.exit_code == Exit.BAD_INPUT and "beijing-2025" in refused.output


@pytest.mark.parametrize(
    ("value", "words"),
    [("abc", "abc"), ("90", "90"), (75.5, "75.5"), (-5, "-5"), ("yes", "yes")],
)
def test_a_profile_value_that_is_not_one_of_its_setting_is_refused(tmp_path, value, words):
    bad = copy.deepcopy(DISTRICT)
    bad["settings"]["min_after_school_minutes"]["value"] = value
    if value == "yes":
        bad["settings"] = {"daily_pe_lesson": {"value": value, "source": "district"}}
    with pytest.raises(InputError) as error:
        load_instance(_school_with_profile(tmp_path, bad))
    assert words in error.value.problems[0].message_zh and "有效取值" in error.value.problems[0].message_zh


def test_a_setting_for_one_stage_keeps_the_other_stage_of_its_base(tmp_path):
    tighter = copy.deepcopy(DISTRICT)
    tighter["settings"]["max_daily_learning_minutes"] = {"primary": 330, "source": "district"}
    inst = load_instance(_school_with_profile(tmp_path, tighter))
    assert inst.sections_in_force[0].policy.max_daily_learning_minutes == 330


def test_a_profile_extending_nothing_sets_every_number_and_cannot_loosen_the_national_base(tmp_path):
    bare = copy.deepcopy(DISTRICT) | {"extends": None}
    with pytest.raises(InputError, match="missing"):
        load_instance(_school_with_profile(tmp_path, bare))
    copied = shipped_preset("cn-2021").model_dump() | {"name": "我的预设"}
    copied["settings"]["min_daily_activity_minutes"]["value"] = 10
    with pytest.raises(InputError) as error:
        load_instance(_school_with_profile(tmp_path, copied))
    assert "min_daily_activity_minutes" in error.value.problems[0].where


def test_a_section_keeps_its_own_preset_and_policy_replaces_every_one(tmp_path):
    data = yaml.safe_load((INSTANCES / "nine_year.yaml").read_text(encoding="utf-8"))
    (tmp_path / "district.yaml").write_text(yaml.safe_dump(DISTRICT, allow_unicode=True), encoding="utf-8")
    data["policy"] = {"preset": "district.yaml"}
    data["sections"][1]["policy"] = {"preset": "cn-2021"}
    path = tmp_path / "school.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    primary, junior = (section.policy for section in load_instance(path).sections_in_force)
    assert primary.min_after_school_minutes == 60 and junior.min_after_school_minutes is None
    assert {section.policy.preset for section in load_instance(path, "cn-2025").sections_in_force} == {"cn-2025"}
