"""One rule registry: the catalogue declares every id once; the model side and the checker side each
register one function per id; the README and every message that cites a rule use catalogue ids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from models.rules import RULE_IDS, RULES
from scheduler.check import registry as check_registry
from scheduler.check.checker import check_timetable  # noqa: F401  (registers every check)
from scheduler.model import registry as model_registry
from scheduler.model.timetable import TimetableModel  # noqa: F401  (registers every model rule)

ROOT = Path(__file__).resolve().parents[2]
HARD = {rule.id for rule in RULES if rule.hard}
SOFT = {rule.id for rule in RULES if not rule.hard}


def test_the_catalogue_declares_each_typed_id_once_in_order():
    assert [rule.id for rule in RULES] == list(RULE_IDS)
    assert len(set(RULE_IDS)) == len(RULE_IDS)


def test_model_ids_and_those_met_by_construction_equal_the_checker_ids_and_the_catalogue():
    model = model_registry
    model_ids = set(model.DOMAIN_RULES) | set(model.HARD_RULES) | set(model.SOFT_RULES) | set(model.MET_BY_CONSTRUCTION)
    checker_ids = set(check_registry.HARD_CHECKS) | set(check_registry.SOFT_COUNTS)
    assert model_ids == checker_ids == set(RULE_IDS)


def test_each_side_registers_a_rule_as_its_kind():
    model = model_registry
    assert set(model.SOFT_RULES) == SOFT == set(check_registry.SOFT_COUNTS)
    assert set(model.DOMAIN_RULES) | set(model.HARD_RULES) | set(model.MET_BY_CONSTRUCTION) == HARD
    assert set(check_registry.HARD_CHECKS) == HARD
    tables = (model.DOMAIN_RULES, model.HARD_RULES, model.SOFT_RULES, model.MET_BY_CONSTRUCTION)
    assert sum(len(table) for table in tables) == len(RULE_IDS)  # no id on the model side twice


def test_every_catalogue_entry_is_described():
    for rule in RULES:
        assert rule.title and rule.title_zh and rule.source, rule
        assert (rule.weight is None) == rule.hard, rule
    for reason in model_registry.MET_BY_CONSTRUCTION.values():
        assert reason
    # Words for the explanations only where a rule has requirements to drop, figures only for hard rules.
    assert set(model_registry.SENTENCES) <= set(model_registry.HARD_RULES) | set(model_registry.DOMAIN_RULES)
    assert set(check_registry.FIGURES) <= HARD


@pytest.mark.parametrize(
    "register",
    [model_registry.hard_rule, model_registry.soft_rule, check_registry.hard_check, check_registry.soft_count],
)
def test_an_unknown_or_a_second_registration_is_refused(register):
    with pytest.raises(ValueError, match="not in the rule catalogue"):
        register("curriculum.full_hour")(lambda *args: None)
    taken = "soft.teacher_idle" if register in (model_registry.soft_rule, check_registry.soft_count) else "clash.class"
    with pytest.raises(ValueError, match="registered twice"):
        register(taken)(lambda *args: None)


def test_the_readme_rule_table_lists_the_catalogue_with_each_source():
    pattern = r"^\| `([a-z_]+\.[a-z_]+)` \| (hard|soft \((\d+)\)) \| .* \| ([^|]+) \|$"
    rows = re.findall(pattern, (ROOT / "README.md").read_text(encoding="utf-8"), re.M)
    assert [row[0] for row in rows] == list(RULE_IDS)
    for (rule_id, kind, weight, source), rule in zip(rows, RULES, strict=True):
        assert kind.startswith("hard") == rule.hard and (int(weight) if weight else None) == rule.weight, rule_id
        assert source == rule.source, rule_id


def test_every_rule_a_message_or_docstring_cites_is_in_the_catalogue():
    cited = {
        (path.relative_to(ROOT), match)
        for path in [*ROOT.glob("models/*.py"), *ROOT.glob("scheduler/**/*.py")]
        for match in re.findall(r"rules? ([a-z_]+\.[a-z_]+)", path.read_text(encoding="utf-8"))
        if not match.startswith(("models.", "scheduler."))
    }
    assert cited and {(path, rule) for path, rule in cited if rule not in RULE_IDS} == set()


def test_the_readme_states_the_preset_numbers_of_the_code():
    from models.calendar import format_clock
    from models.policy import PolicySettings, resolve_policy

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    defaults = PolicySettings()
    primary, junior = (resolve_policy(defaults, stage) for stage in ("primary", "junior"))
    beijing = resolve_policy(PolicySettings(preset="beijing-2025"), "primary")
    beijing_junior = resolve_policy(PolicySettings(preset="beijing-2025"), "junior")
    stated = [
        f"{primary.max_daily_learning_minutes} min of concentrated learning a day in primary, "
        f"{junior.max_daily_learning_minutes} in junior",
        f"{primary.min_daily_activity_minutes} min of physical activity a day",
        f"lessons not before {format_clock(primary.earliest_lesson_start)} (primary) / "
        f"{format_clock(junior.earliest_lesson_start)} (junior)",
        f"not after {format_clock(primary.latest_dismissal)} / {format_clock(junior.latest_dismissal)}",
        f"at most {defaults.main_subject_daily_max} lessons a day of a main subject, "
        f"{defaults.other_subject_daily_max} of any other",
        f"a break of at most {defaults.max_break_in_double_minutes} minutes",
        f"cn-2021: {primary.homework_caps[1]} / {primary.homework_caps[3]} / {junior.homework_caps[7]}",
        f"ends by `latest_evening_study_end` ({format_clock(primary.latest_evening_study_end)})",
        f"cn-2025 | {beijing.min_daily_activity_minutes} min of physical activity a day, breaks of at least "
        f"{beijing.min_break_minutes} min",
        f"beijing-2025 | cn-2025, a PE lesson every day, {beijing.min_activity_minutes_without_pe} min of exercise on a "
        f"day without PE, breaks totalling {beijing.min_break_total_minutes} min a day "
        f"({beijing_junior.min_break_total_minutes} junior), {beijing.big_breaks_a_day} 大课间",
    ]
    assert [text for text in stated if text not in readme] == []
