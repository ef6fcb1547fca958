"""The SAT solver's timing of cost 0 in the XHSTT search: taken at once where it finds one, a bound
where it proves there is none, and its time limit kept."""

from __future__ import annotations

import multiprocessing
import signal
import time
from functools import partial

import pytest
from ortools.sat.python import cp_model
from pysat.formula import IDPool

import scheduler.search.xhstt as search
import scheduler.search.xhstt_zero as zero_search
from scheduler.check.xhstt import evaluate
from scheduler.formats.xhstt import BENCHMARKS, read_archive
from scheduler.model.xhstt import Candidate, XhsttModel, model_leaves_out, modelled_constraints
from scheduler.model.xhstt_whole import whole_model_misfits
from scheduler.model.xhstt_zero import PartsZeroClauses, ZeroCostClauses, parts_zero_misfits
from scheduler.search.xhstt import XhsttOptions, solve_xhstt
from scheduler.search.xhstt_zero import ZeroCostOutcome, ZeroCostSearch
from tests.scheduler.model.test_xhstt_zero import _instance
from tests.scheduler.model.test_xhstt_zero_parts import _instance as parts_instance
from tests.scheduler.search.test_xhstt_solve import no_solution_soon

FAST = XhsttOptions(time_limit=10, workers=2, seed=0)
BESIDE = XhsttOptions(time_limit=30, workers=2, seed=0, splits_first=False)  # the first search: _hard_search


def _answer(build, seconds: float) -> ZeroCostOutcome:
    """The SAT solver's answer on the clauses `build` makes, within `seconds`."""
    with ZeroCostSearch(build, seconds) as zero:
        return zero.wait()


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
    assert _answer(partial(ZeroCostClauses, instance, constraints), 10).impossible and not model_leaves_out(instance)
    model = XhsttModel(instance, constraints, required_hard=True)
    deadline = time.monotonic() + 10
    with search._zero_beside(model, FAST, deadline) as beside:
        *_, floor = search._whole_events_search(model, FAST, deadline, search._Progress(), beside)
    assert floor == 1.0
    run = solve_xhstt(instance, FAST)
    assert run.objective == 1 and run.status == "optimal" and run.bound == (0, 1)


def test_where_the_model_may_leave_timings_out_a_proof_of_none_at_0_bounds_nothing(tmp_path, monkeypatch):
    instance = _instance(tmp_path, spread_most=1)
    monkeypatch.setattr(search, "model_leaves_out", lambda instance: {"crossing": ["E1"]})
    model = XhsttModel(instance, modelled_constraints(instance), required_hard=True)
    deadline = time.monotonic() + 10
    with search._zero_beside(model, FAST, deadline) as beside:
        *_, floor = search._whole_events_search(model, FAST, deadline, search._Progress(), beside)
    assert floor == 0.0


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="the XHSTT benchmarks are not here")
def test_the_sat_solver_is_stopped_at_its_time_limit():
    instance = read_archive(BENCHMARKS / "FI-PB-98.xml").instances[0]
    started = time.monotonic()
    outcome = _answer(partial(ZeroCostClauses, instance, modelled_constraints(instance)), 1.0)
    assert outcome.chosen is None and not outcome.impossible
    assert time.monotonic() - started < 10


def test_beside_the_search_in_parts_a_timing_of_cost_0_ends_it(tmp_path, monkeypatch):
    instance = parts_instance(tmp_path, doubles_least=1, link_weight=1, idle_most=0, prefer_weight=1, spread_most=1)
    constraints = modelled_constraints(instance)
    assert whole_model_misfits(instance, constraints) and not parts_zero_misfits(constraints)
    monkeypatch.setattr(search, "_hard_search", _held_at_first_solution(search._hard_search))
    run = solve_xhstt(instance, BESIDE)
    evaluation = evaluate(instance, run.solution)
    assert (run.infeasibility, run.objective) == (evaluation.infeasibility, evaluation.objective) == (0, 0)
    steps = [found.step for found in run.progress]
    assert run.status == "optimal" and steps == ["first", "zero_cost"]  # no neighbourhood after it


def test_the_clauses_are_built_in_the_solvers_process_not_in_the_searchs(tmp_path, monkeypatch):
    """The search's process never builds the clauses (millions on the largest files): building them
    fails there, and the solver beside, which builds its own, still ends the search at its timing."""
    instance = parts_instance(tmp_path, doubles_least=1, link_weight=1, idle_most=0, prefer_weight=1, spread_most=1)

    def not_here(*args, **kwargs):
        raise AssertionError("clauses built in the search's process")

    monkeypatch.setattr(PartsZeroClauses, "__init__", not_here)  # a spawned process imports its own
    monkeypatch.setattr(search, "_hard_search", _held_at_first_solution(search._hard_search))
    run = solve_xhstt(instance, BESIDE)
    assert (run.status, run.objective, [found.step for found in run.progress]) == ("optimal", 0, ["first", "zero_cost"])


def test_beside_the_search_its_timing_stops_a_first_search_still_at_work(tmp_path, monkeypatch):
    """The first searches are stopped once the solver beside has a timing (they take a model here that
    CP-SAT finds nothing in for long), and the search ends at that timing, long before their share."""
    instance = parts_instance(tmp_path, doubles_least=1, link_weight=1, idle_most=0, prefer_weight=1, spread_most=1)
    solve = search._solve

    def slow_first_searches(model, options, time_limit, **kwargs):
        stoppable = kwargs.get("interrupt") is not None  # the first searches, and the whole model's at a stall
        return solve(no_solution_soon() if stoppable else model, options, time_limit, **kwargs)

    monkeypatch.setattr(search, "_solve", slow_first_searches)
    run = solve_xhstt(instance, XhsttOptions(time_limit=60, workers=2, seed=0, splits_first=False))
    evaluation = evaluate(instance, run.solution)
    assert (run.infeasibility, run.objective) == (evaluation.infeasibility, evaluation.objective) == (0, 0)
    assert run.status == "optimal" and [found.step for found in run.progress] == ["zero_cost"]
    assert run.progress[0].seconds < 0.5 * search.SEARCH_SHARE * 60  # the first search's share: 18 s


def test_beside_the_search_a_proof_of_none_at_0_is_its_bound_of_1(tmp_path, monkeypatch):
    held = {"split_required": "true", "prefer_required": "true", "prefer_weight": 1}  # no part over two days
    instance = parts_instance(tmp_path, doubles_least=2, **held)  # A has 2 times: two double lessons never fit
    assert not model_leaves_out(instance)
    model = XhsttModel(instance, modelled_constraints(instance), required_hard=True)
    beside = search._zero_beside(model, BESIDE, time.monotonic() + BESIDE.time_limit)
    assert beside.search.wait().impossible
    assert beside.found(BESIDE, time.monotonic() + 10, search._Progress()) is None and beside.floor == 1.0
    monkeypatch.setattr(search, "_hard_search", _held_at_first_solution(search._hard_search))
    run = solve_xhstt(instance, BESIDE)
    assert run.objective == 1 and run.status == "optimal" and run.bound == (0, 1)


def test_beside_the_search_where_the_model_may_leave_timings_out_a_proof_of_none_bounds_nothing(tmp_path):
    instance = parts_instance(tmp_path, doubles_least=2)  # parts of two times may run over two days
    assert model_leaves_out(instance)
    model = XhsttModel(instance, modelled_constraints(instance), required_hard=True)
    beside = search._zero_beside(model, BESIDE, time.monotonic() + BESIDE.time_limit)
    assert beside.search.wait().impossible
    assert beside.found(BESIDE, time.monotonic() + 10, search._Progress()) is None and beside.floor == 0.0


def _held_at_first_solution(hard_search):
    """The first search stopped at its first solution, waiting until the SAT solver beside has
    answered (so that the neighbourhood search, not CP-SAT's first search, meets the answer)."""

    def first(model, options, deadline, share, settle, interrupt=None):
        solver, status, _ = hard_search(model, options, deadline, share, 0.0)
        time.sleep(3)
        return solver, cp_model.FEASIBLE if status in search.FOUND else status, 0.0

    return first


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="the XHSTT benchmarks are not here")
def test_a_solver_nobody_asks_is_ended_at_its_time_limit():
    instance = read_archive(BENCHMARKS / "FI-PB-98.xml").instances[0]
    search = ZeroCostSearch(partial(ZeroCostClauses, instance, modelled_constraints(instance)), 1.0)
    try:
        time.sleep(6)  # a child's start (its imports) and its second
        assert search.children and not any(child.is_alive() for child in search.children)
        assert search.wait(timeout=0) == ZeroCostOutcome()
    finally:
        search.stop()


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="the XHSTT benchmarks are not here")
def test_a_solver_process_whose_parent_never_ends_it_ends_itself_at_its_time_limit():
    instance = read_archive(BENCHMARKS / "FI-PB-98.xml").instances[0]
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    build = partial(ZeroCostClauses, instance, modelled_constraints(instance))
    child = context.Process(target=zero_search._solve, args=(build, 0, 0, sending, 1))
    child.start()
    try:
        child.join(timeout=20)  # its start (its imports) and its second
        assert child.exitcode == -signal.SIGALRM
    finally:
        child.kill()
        child.join()
        receiving.close()


class _SlowClauses(ZeroCostClauses):
    """ZeroCostClauses built only after SLOW_SECONDS: solvers that answer late."""

    def __init__(self, *args):
        time.sleep(SLOW_SECONDS)
        super().__init__(*args)


SLOW_SECONDS = 18.0
WHOLE = XhsttOptions(time_limit=40, workers=2, seed=0)  # the solvers alone for 16 s, then one beside for 10 s more


def test_a_whole_events_search_goes_on_beside_one_solver_whose_late_timing_then_ends_it(tmp_path, monkeypatch):
    instance = _instance(tmp_path, idle_most=0, busy_most=2, spread_most=2, away_weight=1)
    solve = search._solve

    def stopped_searches_find_nothing(model, options, time_limit, **kwargs):
        stoppable = kwargs.get("interrupt") is not None  # the whole-events model's first search among them
        return solve(no_solution_soon() if stoppable else model, options, time_limit, **kwargs)

    monkeypatch.setattr(search, "_solve", stopped_searches_find_nothing)
    monkeypatch.setattr(search, "ZeroCostClauses", _SlowClauses)
    run = solve_xhstt(instance, WHOLE)
    evaluation = evaluate(instance, run.solution)
    assert (run.infeasibility, run.objective) == (evaluation.infeasibility, evaluation.objective) == (0, 0)
    assert run.status == "optimal" and [found.step for found in run.progress] == ["zero_cost"]
    assert run.progress[0].seconds > search.ZERO_SHARE * WHOLE.time_limit  # found beside, after the solvers' share alone


def test_keeping_one_solver_ends_the_others_and_leaves_it_at_work(tmp_path):
    instance = _instance(tmp_path, idle_most=0, busy_most=2, spread_most=2, away_weight=1)
    search = ZeroCostSearch(partial(_SlowClauses, instance, modelled_constraints(instance)), 30.0, copies=2)
    try:
        search.keep(1)
        time.sleep(1)
        assert search.children[0].is_alive() and not search.children[1].is_alive()
        assert search.wait(timeout=0) is None
    finally:
        search.stop()


class _ManyVariables:
    """Clauses whose one model, a candidate per variable, is too large for a pipe's buffer: its
    process blocks sending it until the answer is read."""

    def __init__(self, count: int):
        self.pool = IDPool()
        self.clauses = [[self.pool.id(i)] for i in range(count)]

    def chosen(self, true_literals):
        return {Candidate(f"E{lit}", 0, 1) for lit in true_literals}


def test_an_answer_is_taken_as_it_comes_and_kept_past_the_time_limit():
    search = ZeroCostSearch(partial(_ManyVariables, 200_000), 10.0)
    try:
        time.sleep(14)  # past the limit, where the solver's process has ended itself (its start imports this module)
        outcome = search.wait(timeout=0)
        assert outcome is not None and outcome.chosen is not None and len(outcome.chosen) == 200_000
    finally:
        search.stop()


def test_a_timing_once_signalled_is_there_to_take_while_the_solvers_are_being_ended(monkeypatch):
    """The search stopped by `timing_found` asks for the timing at once, while the reader may still be
    ending the solvers' processes (slow here): the timing is there already."""
    end_children = ZeroCostSearch._end_children

    def slowly(self):
        time.sleep(2)
        end_children(self)

    monkeypatch.setattr(ZeroCostSearch, "_end_children", slowly)
    search = ZeroCostSearch(partial(_ManyVariables, 10), 10.0)
    try:
        assert search.timing_found.wait(10)
        outcome = search.wait(timeout=0)
        assert outcome is not None and outcome.chosen is not None
    finally:
        search.stop()
