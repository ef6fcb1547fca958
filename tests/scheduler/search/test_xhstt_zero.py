"""The SAT solver's timing of cost 0 in the XHSTT search: taken at once where it finds one, a bound
where it proves there is none, and its time limit kept."""

from __future__ import annotations

import time

import pytest

import scheduler.search.xhstt as search
from scheduler.check.xhstt import evaluate
from scheduler.formats.xhstt import BENCHMARKS, read_archive
from scheduler.model.xhstt import XhsttModel, model_leaves_out, modelled_constraints
from scheduler.search.xhstt import XhsttOptions, solve_xhstt
from scheduler.search.xhstt_zero import timing_at_zero
from tests.scheduler.model.test_xhstt_zero import _instance

FAST = XhsttOptions(time_limit=10, workers=2, seed=0)


def _never(*args):
    raise AssertionError("CP-SAT searched")


def test_a_timing_of_cost_0_found_by_the_sat_solver_ends_the_search(tmp_path, monkeypatch):
    instance = _instance(tmp_path, idle_most=0, busy_most=2, spread_most=2, away_weight=1)
    monkeypatch.setattr(search, "_tallied_solve", _never)  # no neighbourhood, of either model
    run = solve_xhstt(instance, FAST)
    evaluation = evaluate(instance, run.solution)
    assert (run.infeasibility, run.objective) == (evaluation.infeasibility, evaluation.objective) == (0, 0)
    steps = [(found.step, found.infeasibility, found.objective) for found in run.progress]
    assert run.status == "optimal" and steps == [("zero_cost", 0, 0)]


def test_a_proof_that_no_timing_costs_0_is_the_searchs_bound_of_1(tmp_path):
    instance = _instance(tmp_path, spread_most=1)  # the course's 3 lessons in two days: 2 on one of them
    constraints = modelled_constraints(instance)
    assert timing_at_zero(instance, constraints, 10).impossible and not model_leaves_out(instance)
    model = XhsttModel(instance, constraints, required_hard=True)
    deadline = time.monotonic() + 10
    *_, floor = search._whole_events_search(model, FAST, deadline, search._Progress())
    assert floor == 1.0
    run = solve_xhstt(instance, FAST)
    assert run.objective == 1 and run.status == "optimal" and run.bound == (0, 1)


def test_where_the_model_may_leave_timings_out_a_proof_of_none_at_0_bounds_nothing(tmp_path, monkeypatch):
    instance = _instance(tmp_path, spread_most=1)
    monkeypatch.setattr(search, "model_leaves_out", lambda instance: {"crossing": ["E1"]})
    model = XhsttModel(instance, modelled_constraints(instance), required_hard=True)
    *_, floor = search._whole_events_search(model, FAST, time.monotonic() + 10, search._Progress())
    assert floor == 0.0


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="the XHSTT benchmarks are not here")
def test_the_sat_solver_is_stopped_at_its_time_limit():
    instance = read_archive(BENCHMARKS / "FI-PB-98.xml").instances[0]
    started = time.monotonic()
    outcome = timing_at_zero(instance, modelled_constraints(instance), 1.0)
    assert outcome.starts is None and not outcome.impossible
    assert time.monotonic() - started < 10
