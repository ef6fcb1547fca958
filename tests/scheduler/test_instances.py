"""Every shipped instance: valid, and solve -> check round trip (or the stated impossibility)."""

from __future__ import annotations

import pytest

from models.loading import load_instance
from scheduler.check import check_timetable, soft_breakdown
from scheduler.counting import counting_problems
from scheduler.solve import SolveOptions, solve
from tests.conftest import INSTANCES

FEASIBLE = ["tiny.yaml", "primary_24.yaml", "junior_18.yaml"]


@pytest.mark.parametrize("name", FEASIBLE)
def test_shipped_instance_solves_and_checks(name):
    inst = load_instance(INSTANCES / name)
    solution = solve(inst, SolveOptions(time_limit=8, workers=2, seed=0))
    assert solution.summary.status in ("optimal", "feasible")
    assert check_timetable(inst, solution.lessons) == []
    assert soft_breakdown(inst, solution.lessons) == solution.summary.soft
    assert len({(l.class_, l.weeks, l.day, l.period) for l in solution.lessons}) == len(solution.lessons)


def test_impossible_activity_instance_is_refuted_by_counting():
    inst = load_instance(INSTANCES / "impossible_activity.yaml")
    [problem] = counting_problems(inst)
    assert problem.where == "classes[0]" and "activity.daily_minimum" in problem.message


def test_every_shipped_instance_is_described():
    readme = (INSTANCES / "README.md").read_text(encoding="utf-8")
    for path in INSTANCES.glob("*.yaml"):
        assert path.name in readme
