"""A tight school: the quick first search gives up, the thorough one settles it within the limit."""

from __future__ import annotations

from models.loading import load_instance
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import DATA


def test_an_impossible_tight_school_is_proved_impossible_before_the_time_limit():
    # a generated primary school of 24 classes where 55% of the teachers lose two more mornings:
    # the counting checks pass, the quick search finds nothing in its second, the thorough search proves it
    inst = load_instance(DATA / "tight_impossible.yaml")
    solution = solve(inst, SolveOptions(time_limit=3, workers=1, seed=0, lang="en"))
    assert solution.summary.status == "infeasible"
    assert solution.summary.deterministic_time < 3
    assert any("is not available" in reason for reason in solution.summary.reasons)
