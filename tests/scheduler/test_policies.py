"""The rules schools live under now, end to end: a school generated for each preset meets it by
counting, the shipped Beijing school solves under beijing-2025 with the playground it needs and is
proved impossible with one place less, and a profile given on the command line applies."""

from __future__ import annotations

import pytest
import yaml

from models.loading import load_instance, parse_instance
from models.policy import PRESET_NAMES
from scheduler.check.checker import check_timetable
from scheduler.generate import generate_school
from scheduler.search.counting import counting_problems
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import INSTANCES

BEIJING = INSTANCES / "beijing_primary_24.yaml"


@pytest.mark.parametrize("policy", PRESET_NAMES)
@pytest.mark.parametrize("kind", ["primary", "junior", "nine-year"])
def test_a_school_generated_for_a_preset_meets_it_by_counting(policy, kind):
    inst = parse_instance(generate_school(kind, 2, 0, policy))
    assert all(section.policy.preset == policy for section in inst.sections_in_force)
    assert counting_problems(inst) == []


def test_the_beijing_school_solves_with_a_pe_lesson_every_day():
    inst = load_instance(BEIJING)
    solution = solve(inst, SolveOptions(time_limit=20, workers=2, seed=0))
    assert solution.lessons and check_timetable(inst, solution.lessons, solution.homework) == []
    pe_days = {(lesson.class_, lesson.day) for lesson in solution.lessons if lesson.subject == "体育"}
    assert len(pe_days) == len(inst.classes) * len(inst.days)


def test_the_beijing_school_needs_its_six_playground_places():
    data = yaml.safe_load(BEIJING.read_text(encoding="utf-8"))
    playground = next(venue for venue in data["venues"] if venue["name"] == "操场")
    assert playground["capacity"] == 6
    playground["capacity"] = 5
    solution = solve(parse_instance(data), SolveOptions(time_limit=20, workers=2, seed=0, lang="en"))
    assert solution.summary.status == "infeasible"
    assert any("操场" in reason for reason in solution.summary.reasons), solution.summary.reasons


def test_the_compliance_figures_say_whether_the_national_weekly_totals_still_hold():
    from scheduler.check.rules.curriculum import national_totals

    assert national_totals(load_instance(BEIJING), "zh") == "；各年级周课时与国家课程方案一致"  # PE from 综合实践
    junior = national_totals(load_instance(INSTANCES / "junior_18.yaml"), "en")
    assert "grade 7: 33 a week (national plan 34)" in junior
