"""The XHSTT solver: a small archive solved to its known optimum, the model's cost of its solution
equal to the independent evaluator's on benchmark instances, the written file read back at the same
cost, and a constraint type it does not model refused unless approximating."""

from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ortools.sat.python import cp_model
from typer.testing import CliRunner

from models.validation import InputError
from models.xhstt import Solution, SolutionEvent
from scheduler.check.xhstt import evaluate
from scheduler.cli import Exit, app
from scheduler.formats.xhstt import BENCHMARKS, read_archive, write_solution_group
from scheduler.model.xhstt import XhsttModel, in_some_split, modelled_constraints
from scheduler.search import xhstt, xhstt_lns
from scheduler.search.xhstt import XhsttOptions, seconds_to_first_solution, solve_xhstt
from scheduler.search.xhstt_lns import KIND_FLOOR, KIND_MEMORY, KINDS, KindScores, neighbourhood

# T1 attends 5 times of work in a day of 4: leaving E2 without a time (cost 1) beats any clash
# (3 × 1²). E1 must start at Mo_3 (else 5); C1 then has E3 at Mo_2, off its preferred Mo_1 (cost 1),
# since at Mo_1 it would idle at Mo_2 (cost 2). The optimum: infeasibility 1, objective 1.
TINY = """<HighSchoolTimetableArchive Id="tiny">
 <Instances><Instance Id="I">
  <MetaData><Name>tiny</Name></MetaData>
  <Times>
   <TimeGroups><Day Id="Mo"><Name>Monday</Name></Day></TimeGroups>
   <Time Id="Mo_1"><Name>Mo_1</Name><Day Reference="Mo"/></Time>
   <Time Id="Mo_2"><Name>Mo_2</Name><Day Reference="Mo"/></Time>
   <Time Id="Mo_3"><Name>Mo_3</Name><Day Reference="Mo"/></Time>
   <Time Id="Mo_4"><Name>Mo_4</Name><Day Reference="Mo"/></Time>
  </Times>
  <Resources>
   <ResourceTypes><ResourceType Id="Teacher"><Name>Teacher</Name></ResourceType>
    <ResourceType Id="Class"><Name>Class</Name></ResourceType></ResourceTypes>
   <Resource Id="T1"><Name>T1</Name><ResourceType Reference="Teacher"/></Resource>
   <Resource Id="C1"><Name>C1</Name><ResourceType Reference="Class"/></Resource>
  </Resources>
  <Events>
   <EventGroups><EventGroup Id="All"><Name>All</Name></EventGroup></EventGroups>
   <Event Id="E1"><Name>E1</Name><Duration>2</Duration>
    <Resources><Resource Reference="T1"/><Resource Reference="C1"/></Resources>
    <EventGroups><EventGroup Reference="All"/></EventGroups></Event>
   <Event Id="E2"><Name>E2</Name><Duration>1</Duration>
    <Resources><Resource Reference="T1"/></Resources><EventGroups><EventGroup Reference="All"/></EventGroups></Event>
   <Event Id="E3"><Name>E3</Name><Duration>1</Duration>
    <Resources><Resource Reference="C1"/></Resources><EventGroups><EventGroup Reference="All"/></EventGroups></Event>
   <Event Id="E5"><Name>E5</Name><Duration>2</Duration>
    <Resources><Resource Reference="T1"/></Resources><EventGroups><EventGroup Reference="All"/></EventGroups></Event>
  </Events>
  <Constraints>
   <AssignTimeConstraint Id="assign"><Name>assign</Name><Required>true</Required><Weight>1</Weight>
    <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="All"/></EventGroups></AppliesTo>
   </AssignTimeConstraint>
   <AvoidClashesConstraint Id="clashes"><Name>clashes</Name><Required>true</Required><Weight>3</Weight>
    <CostFunction>Quadratic</CostFunction>
    <AppliesTo><Resources><Resource Reference="T1"/><Resource Reference="C1"/></Resources></AppliesTo>
   </AvoidClashesConstraint>
   <LimitIdleTimesConstraint Id="idle"><Name>idle</Name><Required>false</Required><Weight>2</Weight>
    <CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="C1"/></Resources></AppliesTo>
    <TimeGroups><TimeGroup Reference="Mo"/></TimeGroups><Minimum>0</Minimum><Maximum>0</Maximum>
   </LimitIdleTimesConstraint>
   <PreferTimesConstraint Id="late"><Name>late</Name><Required>false</Required><Weight>5</Weight>
    <CostFunction>Step</CostFunction><AppliesTo><Events><Event Reference="E1"/></Events></AppliesTo>
    <Times><Time Reference="Mo_3"/></Times>
   </PreferTimesConstraint>
   <PreferTimesConstraint Id="early"><Name>early</Name><Required>false</Required><Weight>1</Weight>
    <CostFunction>Linear</CostFunction><AppliesTo><Events><Event Reference="E3"/></Events></AppliesTo>
    <Times><Time Reference="Mo_1"/></Times>
   </PreferTimesConstraint>
  </Constraints>
 </Instance></Instances>
</HighSchoolTimetableArchive>
"""
WORKLOAD = """   <LimitWorkloadConstraint Id="load"><Name>load</Name><Required>false</Required><Weight>1</Weight>
    <CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="T1"/></Resources></AppliesTo>
    <Minimum>0</Minimum><Maximum>3</Maximum>
   </LimitWorkloadConstraint>
  </Constraints>"""
FAST = XhsttOptions(time_limit=10, workers=2, seed=0)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tiny.xml"
    path.write_text(text, encoding="utf-8")
    return path


def _assert_agrees(instance, run) -> None:
    """The model's cost of its solution, constraint by constraint, is the evaluator's."""
    modelled = [c for c in evaluate(instance, run.solution).constraints if c.id not in run.left_out]
    assert {c.id: c.cost for c in modelled} == run.costs
    totals = (sum(c.cost for c in modelled if c.required), sum(c.cost for c in modelled if not c.required))
    assert totals == (run.infeasibility, run.objective)


def test_tiny_archive_solved_to_its_optimum(tmp_path):
    instance = read_archive(_write(tmp_path, TINY)).instance("I")
    run = solve_xhstt(instance, FAST)
    assert run.status == "optimal"
    assert (run.infeasibility, run.objective) == (1, 1)
    assert run.bound == (1, 1)
    _assert_agrees(instance, run)


def test_written_solution_reads_back_at_the_same_cost(tmp_path):
    instance = read_archive(_write(tmp_path, TINY)).instance("I")
    run = solve_xhstt(instance, FAST)
    target = tmp_path / "out" / "solution.xml"
    target.parent.mkdir()
    write_solution_group(instance, run.solution, target, "jianfu", {"Contributor": "jianfu", "Date": "today"})
    back = read_archive(target, [instance])
    assert [g.id for g in back.solution_groups] == ["jianfu"] and back.solution_groups[0].contributor == "jianfu"
    solution = back.solution_groups[0].solutions[0]
    assert sorted(solution.events, key=repr) == sorted(run.solution.events, key=repr)
    assert evaluate(instance, solution) == evaluate(instance, run.solution)
    assert list(target.parent.iterdir()) == [target]  # no temporary file left


def test_unmodelled_constraint_refused_unless_approximate(tmp_path):
    instance = read_archive(_write(tmp_path, TINY.replace("  </Constraints>", WORKLOAD))).instance("I")
    with pytest.raises(InputError) as refused:
        solve_xhstt(instance, FAST)
    assert any("LimitWorkloadConstraint load" in p.where for p in refused.value.problems)
    run = solve_xhstt(instance, XhsttOptions(time_limit=10, approximate=True))
    assert run.left_out == ("load",)
    _assert_agrees(instance, run)


def test_cli_solves_scores_and_writes(tmp_path):
    archive = _write(tmp_path, TINY)
    runner = CliRunner()
    out = tmp_path / "solution.xml"
    result = runner.invoke(app, ["xhstt-solve", str(archive), "--out", str(out), "--time-limit", "10", "--lang", "en"])
    assert result.exit_code == Exit.VIOLATIONS, result.output  # infeasibility 1: the best there is
    assert "scored independently by the evaluator: infeasibility 1, objective 1" in result.output
    assert out.exists()
    checked = runner.invoke(app, ["xhstt-eval", str(archive), str(out), "--lang", "en"])
    assert checked.exit_code == Exit.OK and "infeasibility 1, objective 1" in checked.output
    unmodelled = _write(tmp_path, TINY.replace("  </Constraints>", WORKLOAD))
    refused = runner.invoke(app, ["xhstt-solve", str(unmodelled), "--out", str(tmp_path / "x.xml")])
    assert refused.exit_code == Exit.BAD_INPUT and "--approximate" in refused.output
    assert not (tmp_path / "x.xml").exists()


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="the XHSTT benchmarks are not here")
@pytest.mark.parametrize("file", ["BrazilInstance1.xml", "Hdtt4.xml", "BR-SA-00.xml"])
def test_model_cost_is_the_evaluators_on_benchmarks(file):
    instance = read_archive(BENCHMARKS / file).instances[0]
    run = solve_xhstt(instance, XhsttOptions(time_limit=4, workers=2, seed=0))
    assert run.solution is not None
    _assert_agrees(instance, run)


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="the XHSTT benchmarks are not here")
def test_one_worker_interleaves_and_finds_the_first_steps_timing():
    """One worker interleaves CP-SAT's subsolvers: BR-SN-00's first step (the fewest busy days, then
    the fewest unwanted splits) finds a timing within its share of the limit, where CP-SAT's single
    tree search alone does not (README, "One worker")."""
    instance = read_archive(BENCHMARKS / "BR-SN-00.xml").instances[0]
    model = XhsttModel(instance, modelled_constraints(instance), required_hard=True)
    options = XhsttOptions(time_limit=200, workers=1, seed=0)
    found, status = xhstt._splits_first(model, options, time.monotonic() + options.time_limit)
    assert found.parameters.interleave_search and status in xhstt.FOUND


def _full_week(size: int) -> str:
    """An Hdtt-like archive: `size` classes, teachers and rooms, each (class, teacher) pair an event of
    duration 2 in room (class + teacher) mod size, filling every resource's 2 × size times exactly."""
    times = "".join(f'<Time Id="t{n}"><Name>t{n}</Name><Day Reference="D{n // 3}"/></Time>' for n in range(2 * size))
    days = "".join(f'<Day Id="D{d}"><Name>D{d}</Name></Day>' for d in range((2 * size + 2) // 3))
    kinds = [("C", "Class"), ("T", "Teacher"), ("R", "Room")]
    types = "".join(f'<ResourceType Id="{t}"><Name>{t}</Name></ResourceType>' for _, t in kinds)
    resources = "".join(
        f'<Resource Id="{p}{i}"><Name>{p}{i}</Name><ResourceType Reference="{t}"/></Resource>'
        for p, t in kinds
        for i in range(size)
    )
    events = "".join(
        f'<Event Id="C{c}T{t}"><Name>C{c}T{t}</Name><Duration>2</Duration><Resources><Resource Reference="C{c}"/>'
        f'<Resource Reference="T{t}"/><Resource Reference="R{(c + t) % size}"/></Resources>'
        '<EventGroups><EventGroup Reference="All"/></EventGroups></Event>'
        for c in range(size)
        for t in range(size)
    )
    every = "".join(f'<Resource Reference="{p}{i}"/>' for p, _ in kinds for i in range(size))
    head = "<Required>true</Required><Weight>1</Weight><CostFunction>Linear</CostFunction>"
    return (
        '<HighSchoolTimetableArchive Id="full"><Instances><Instance Id="I"><MetaData><Name>full</Name></MetaData>'
        f"<Times><TimeGroups>{days}</TimeGroups>{times}</Times>"
        f"<Resources><ResourceTypes>{types}</ResourceTypes>{resources}</Resources>"
        f'<Events><EventGroups><EventGroup Id="All"><Name>All</Name></EventGroup></EventGroups>{events}</Events>'
        f'<Constraints><AssignTimeConstraint Id="assign"><Name>assign</Name>{head}'
        '<AppliesTo><EventGroups><EventGroup Reference="All"/></EventGroups></AppliesTo></AssignTimeConstraint>'
        f'<AvoidClashesConstraint Id="clashes"><Name>clashes</Name>{head}<AppliesTo><Resources>{every}</Resources>'
        "</AppliesTo></AvoidClashesConstraint></Constraints></Instance></Instances></HighSchoolTimetableArchive>"
    )


def test_a_week_every_resource_fills_is_timed_without_a_clash(tmp_path):
    instance = read_archive(_write(tmp_path, _full_week(5))).instance("I")
    run = solve_xhstt(instance, FAST)
    assert run.status == "optimal" and (run.infeasibility, run.objective) == (0, 0)
    assert {e.duration for e in run.solution.events} == {1}  # no constraint reads how an event splits
    _assert_agrees(instance, run)


def test_a_required_constraint_of_weight_0_costs_nothing_and_binds_nothing(tmp_path):
    instance = read_archive(_write(tmp_path, TINY.replace("<Weight>3</Weight>", "<Weight>0</Weight>"))).instance("I")
    run = solve_xhstt(instance, FAST)
    assert run.status == "optimal" and run.infeasibility == 0  # E2 is timed, clashing at no cost
    _assert_agrees(instance, run)


def _searches_on_a_clock(tmp_path, monkeypatch, status_at):
    """TINY's model, its first solution, and the list of the time limits CP-SAT is given from then on:
    each search returns that solution with the status `status_at(limit)`, and takes its whole limit
    on a fake clock."""
    instance = read_archive(_write(tmp_path, TINY)).instance("I")
    model = XhsttModel(instance, list(instance.constraints))
    first, _ = xhstt._solve(model.model, FAST, 5)
    clock, limits = [0.0], []

    def search(trial, options, limit, settle_after=None, lns_only=False, interrupt=None):
        limits.append(limit)
        clock[0] += limit
        return first, status_at(limit)

    monkeypatch.setattr(xhstt, "_solve", search)
    monkeypatch.setattr(xhstt.time, "monotonic", lambda: clock[0])
    return model, first, limits


def test_a_stalled_neighbourhood_search_searches_the_whole_model_perturbs_then_gives_each_neighbourhood_twice_the_time(
    tmp_path, monkeypatch
):
    """Nothing improves: each neighbourhood gets 1 s, then 2, 4 and 8 s, after every STALL_ROUNDS, a
    search of the whole model of WHOLE_SECONDS and a perturbation (its move, then its solution read
    again), each neighbourhood counted; none at all from a solution at the bound."""
    model, first, limits = _searches_on_a_clock(tmp_path, monkeypatch, lambda limit: cp_model.FEASIBLE)
    progress = xhstt._Progress()
    _, proven = xhstt._improve(model, first, FAST, deadline=800.0, floor=-1, progress=progress)
    solved = sum(kind.solved for kind in progress.kinds.values())
    whole, rounds, most = xhstt.WHOLE_SECONDS, xhstt.STALL_ROUNDS, xhstt.LNS_MAX_SECONDS
    stall = [whole, xhstt.PERTURB_SECONDS, most]
    assert solved == len(limits) - len(stall) * limits.count(whole) and not proven
    assert limits[: 3 * (rounds + 3)] == [1.0] * rounds + stall + [2.0] * rounds + stall + [4.0] * rounds + stall
    assert set(limits[3 * (rounds + 3) : -1]) == set(stall) and sum(limits) == pytest.approx(800.0)
    limits.clear()
    xhstt._improve(model, first, FAST, deadline=1600.0, floor=first.objective_value)  # as good as a bound: done
    assert limits == []


def test_a_perturbation_moves_the_solution_at_a_bounded_rise_of_its_cost(tmp_path, monkeypatch):
    """Every event freed: a solution unlike the first, its infeasibility no higher, its objective at
    most PERTURB_RISE of the first's above it, at least 1; the first again when the move finds nothing."""
    instance = read_archive(_write(tmp_path, TINY)).instance("I")
    model = XhsttModel(instance, list(instance.constraints))
    first, _ = xhstt._solve(model.model, FAST, 5)
    monkeypatch.setattr(xhstt, "PERTURB_FREED", 1.0)
    moved = xhstt._perturbed(model, first, FAST, xhstt.time.monotonic() + 10, random.Random(0))

    def cost(solver, terms):
        return solver.value(sum(terms))

    assert model.chosen_in(moved) != model.chosen_in(first)
    assert cost(moved, model.required_terms) <= cost(first, model.required_terms)
    rise = max(1, int(xhstt.PERTURB_RISE * cost(first, model.other_terms)))
    assert cost(moved, model.other_terms) <= cost(first, model.other_terms) + rise
    monkeypatch.setattr(xhstt, "_solve", lambda *args, **kwargs: (first, cp_model.UNKNOWN))
    assert xhstt._perturbed(model, first, FAST, xhstt.time.monotonic() + 10, random.Random(0)) is first


def test_the_whole_model_is_searched_from_the_current_solution_with_nothing_fixed(tmp_path, monkeypatch):
    """The stall's search: a copy of the whole model, no domain narrowed, the current solution as its
    complete hint, for WHOLE_SECONDS, every worker on CP-SAT's own neighbourhoods; its solution kept
    when no worse; a proof of optimality kept."""
    instance = read_archive(_write(tmp_path, TINY)).instance("I")
    model = XhsttModel(instance, list(instance.constraints))
    first, _ = xhstt._solve(model.model, FAST, 5)
    seen = []

    def record(trial, options, limit, settle_after=None, lns_only=False, interrupt=None):
        seen.append((trial, limit, lns_only))
        return first, cp_model.OPTIMAL

    monkeypatch.setattr(xhstt, "_solve", record)
    found, status = xhstt._from_whole_model(model, first, FAST, deadline=xhstt.time.monotonic() + 1000)
    (trial, limit, lns_only) = seen[0]
    assert found is first and status == cp_model.OPTIMAL and limit == xhstt.WHOLE_SECONDS and lns_only
    assert [list(v.domain) for v in trial.proto.variables] == [list(v.domain) for v in model.model.proto.variables]
    assert list(trial.proto.solution_hint.values) == list(first.response_proto.solution)


def test_a_search_of_cp_sats_own_neighbourhoods_alone_starts_from_its_hint(tmp_path):
    """With `lns_only`, every worker runs CP-SAT's neighbourhoods: from the complete hint of a solution,
    it finds one at least as good."""
    instance = read_archive(_write(tmp_path, TINY)).instance("I")
    model = XhsttModel(instance, list(instance.constraints))
    first, _ = xhstt._solve(model.model, FAST, 5)
    trial = model.model.clone()
    model.hint(trial, first)
    found, status = xhstt._solve(trial, FAST, 5, lns_only=True)
    assert found.parameters.use_lns_only and not first.parameters.use_lns_only
    assert status in xhstt.FOUND and found.objective_value <= first.objective_value


def test_a_whole_model_search_that_proves_its_solution_optimal_ends_the_neighbourhood_search(tmp_path, monkeypatch):
    """At the first stall the whole model's search proves optimality: the search stops there, proven."""

    def proves_on_the_whole_model(limit: float) -> int:
        return cp_model.OPTIMAL if limit == xhstt.WHOLE_SECONDS else cp_model.FEASIBLE

    model, first, limits = _searches_on_a_clock(tmp_path, monkeypatch, proves_on_the_whole_model)
    progress = xhstt._Progress()
    best, proven = xhstt._improve(model, first, FAST, deadline=600.0, floor=-1, progress=progress)
    solved = sum(kind.solved for kind in progress.kinds.values())
    assert proven and best is first and solved == xhstt.STALL_ROUNDS
    assert limits == [1.0] * xhstt.STALL_ROUNDS + [xhstt.WHOLE_SECONDS]


def test_a_neighbourhood_keeps_every_candidate_outside_it_and_starts_from_the_solution(tmp_path):
    """In the copy: the candidates outside the neighbourhood take their values in the solution, those
    inside may change; the whole solution is the hint; the model itself is left as it was."""
    instance = read_archive(_write(tmp_path, TINY)).instance("I")
    model = XhsttModel(instance, list(instance.constraints))
    first, _ = xhstt._solve(model.model, FAST, 5)
    values = list(first.response_proto.solution)
    free = {model.candidate_indices[0]}
    trial = model.model.clone()
    model.fix_except(trial, free, first)
    domains = {i: list(trial.proto.variables[i].domain) for i in model.candidate_indices}
    assert all(domains[i] == [values[i]] * 2 for i in model.candidate_indices if i not in free)
    assert domains[model.candidate_indices[0]] == [0, 1]
    assert list(trial.proto.solution_hint.values) == values
    assert all(list(model.model.proto.variables[i].domain) == [0, 1] for i in model.candidate_indices)


def test_a_neighbourhood_of_a_few_resources_days_frees_their_events_on_two_days(tmp_path):
    """The fourth kind: every candidate, on two random days, of the events of random resources until
    about `share` of the candidates (share x events x days / 2 events), and nothing else."""

    class FourthKind(random.Random):
        def randrange(self, *args) -> int:
            return 3

    instance = read_archive(_write(tmp_path, _full_week(5))).instance("I")  # 25 events, 4 days
    model = XhsttModel(instance, list(instance.constraints))
    kind, free = neighbourhood(model, FourthKind(0), 0.2, solver=None)
    assert kind == "two_days_of_resources"
    placed = {x.index: (event, part) for event, parts in model.parts.items() for part, x in parts if part.start is not None}
    days = {model.days[placed[i][1].start] for i in free}
    events = {placed[i][0] for i in free}
    assert len(days) == 2 and 10 <= len(events) < 25  # 0.2 x 25 x 4 / 2 events wanted
    on_days = {i for i, (event, part) in placed.items() if event in events and model.days[part.start] in days}
    assert free == on_days


def test_a_first_search_that_finds_nothing_starts_again_from_the_next_seed_for_twice_as_long(monkeypatch):
    """Nothing found: attempts of the given length, then twice as long, within the share, each from
    the next seed; the first solution found ends the attempts, and so does a proof that there is none."""
    clock, calls = [0.0], []

    def nothing_until(found_at: int):
        def solve(model, options, limit, settle_after=None, interrupt=None):
            calls.append((limit, options.seed, settle_after))
            clock[0] += limit
            return None, cp_model.FEASIBLE if len(calls) == found_at else cp_model.UNKNOWN

        return solve

    monkeypatch.setattr(xhstt.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(xhstt, "_solve", nothing_until(found_at=99))
    xhstt._first_solution(None, FAST, share=180.0, first_attempt=60.0, settle=30.0)
    assert calls == [(60.0, FAST.seed, 30.0), (120.0, FAST.seed + 1, 0.0)]  # the share spent
    calls.clear()
    monkeypatch.setattr(xhstt, "_solve", nothing_until(found_at=2))
    clock[0] = 0.0
    assert xhstt._first_solution(None, FAST, share=1000.0, first_attempt=60.0, settle=30.0)[1] == cp_model.FEASIBLE
    assert [limit for limit, _, _ in calls] == [60.0, 120.0]
    calls.clear()
    monkeypatch.setattr(xhstt, "_solve", lambda *args, **kwargs: (calls.append(args), (None, cp_model.INFEASIBLE))[1])
    proved = xhstt._first_solution(None, FAST, share=1000.0, first_attempt=60.0, settle=30.0)[1]
    assert proved == cp_model.INFEASIBLE and len(calls) == 1


# Events that may split into parts of 1 or 2 times (required), each wished to hold a double (soft).
SPLIT_INTO_DOUBLES = """<SplitEventsConstraint Id="split"><Name>split</Name><Required>true</Required><Weight>1</Weight>
 <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="All"/></EventGroups></AppliesTo>
 <MinimumDuration>1</MinimumDuration><MaximumDuration>2</MaximumDuration>
 <MinimumAmount>1</MinimumAmount><MaximumAmount>2</MaximumAmount></SplitEventsConstraint>
<DistributeSplitEventsConstraint Id="double"><Name>double</Name><Required>false</Required><Weight>1</Weight>
 <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="All"/></EventGroups></AppliesTo>
 <Duration>2</Duration><Minimum>1</Minimum><Maximum>1</Maximum></DistributeSplitEventsConstraint></Constraints>"""


def _part_durations(model, timed: bool = False) -> set[int]:
    """The durations of a model's candidate parts (with `timed`, of those given a start only)."""
    return {part.duration for parts in model.parts.values() for part, _ in parts if not timed or part.start is not None}


def test_the_single_times_model_splits_each_event_into_single_times_where_it_may(tmp_path):

    text = _full_week(3).replace("</Constraints>", SPLIT_INTO_DOUBLES)
    instance = read_archive(_write(tmp_path, text)).instance("I")
    whole = XhsttModel(instance, list(instance.constraints), required_hard=True)
    single = XhsttModel(instance, list(instance.constraints), required_hard=True, single_times=True)
    assert _part_durations(whole) == {1, 2}
    assert _part_durations(single) == {1, 2}  # 2: whole, untimed
    assert _part_durations(single, timed=True) == {1}
    doubles_only = text.replace("<MinimumDuration>1</MinimumDuration>", "<MinimumDuration>2</MinimumDuration>")
    instance = read_archive(_write(tmp_path, doubles_only)).instance("I")
    single = XhsttModel(instance, list(instance.constraints), required_hard=True, single_times=True)
    assert _part_durations(single) == {2}  # 1 is not allowed
    triples = text.replace("<Duration>2</Duration>", "<Duration>3</Duration>")  # at most 2 parts: 1 + 2
    instance = read_archive(_write(tmp_path, triples)).instance("I")
    single = XhsttModel(instance, list(instance.constraints), required_hard=True, single_times=True)
    assert _part_durations(single, timed=True) == {1, 2}  # three single times would be 3 parts


def test_a_first_search_that_finds_nothing_goes_on_in_single_times_carried_into_the_whole_model(tmp_path, monkeypatch):
    """The whole model's search finds nothing in its share: the single-times model's solution (no
    doubles: each of the 9 events' wish costs 1) is carried into the whole model, whose neighbourhood
    search then builds doubles, down to the optimum 3: a class's 3 events fill its 2 days of 3 times,
    a day holds one double, so one event of each class has none. The restriction's bound says nothing
    of the whole: the optimum is proven by the whole model's search from that solution, when the
    neighbourhoods stall."""
    instance = read_archive(_write(tmp_path, _full_week(3).replace("</Constraints>", SPLIT_INTO_DOUBLES))).instance("I")
    solve, models = xhstt._solve, []

    def whole_finds_nothing(model, options, limit, settle_after=None, lns_only=False, interrupt=None):
        models.append(model)
        if model is models[0]:  # the whole model itself (the carried solve and neighbourhoods are copies)
            time.sleep(limit)
            return cp_model.CpSolver(), cp_model.UNKNOWN
        return solve(model, options, limit, settle_after, lns_only)

    monkeypatch.setattr(xhstt, "_solve", whole_finds_nothing)
    run = solve_xhstt(instance, replace(FAST, splits_first=False))  # no search for the doubles first
    sizes = [len(model.proto.variables) for model in models if model is not models[0]]
    assert sizes[0] < len(models[0].proto.variables) == sizes[1]  # single times, then the whole one carried
    carried = [model for model in models if model is not models[0]][1]
    candidates = [v for v in carried.proto.variables if "@" in v.name]  # named event@start+duration
    assert candidates and all(len(set(v.domain)) == 1 for v in candidates)  # each fixed as carried
    assert run.status == "optimal" and run.bound == (0, 3)
    assert (run.infeasibility, run.objective) == (0, 3)
    _assert_agrees(instance, run)


def test_seconds_to_a_first_solution_of_either_model_none_when_there_is_none(tmp_path):
    week = read_archive(_write(tmp_path, _full_week(3).replace("</Constraints>", SPLIT_INTO_DOUBLES))).instance("I")
    for single_times in (False, True):
        assert 0 < seconds_to_first_solution(week, FAST, single_times) < FAST.time_limit
    tiny = read_archive(_write(tmp_path, TINY)).instance("I")
    assert seconds_to_first_solution(tiny, FAST) is None  # T1's 5 times in a day of 4 cost something


@given(
    total=st.integers(1, 9),
    durations=st.sets(st.integers(1, 9), min_size=1).map(sorted),
    fewest=st.integers(0, 9),
    most=st.integers(1, 9),
)
def test_the_durations_in_some_split_are_those_of_the_splits_counted_one_by_one(total, durations, fewest, most):
    def splits(left: int):
        if left == 0:
            yield ()
        for d in durations:
            if d <= left:
                yield from ((d, *rest) for rest in splits(left - d))

    used = {d for split in splits(total) if fewest <= len(split) <= most for d in split}
    assert set(in_some_split(total, durations, fewest, most)) == used


# Every event required to stay whole (one part), as in the Finnish and Italian instances.
UNSPLIT = """<SplitEventsConstraint Id="whole"><Name>whole</Name><Required>true</Required><Weight>1000</Weight>
 <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="All"/></EventGroups></AppliesTo>
 <MinimumDuration>1</MinimumDuration><MaximumDuration>999</MaximumDuration>
 <MinimumAmount>1</MinimumAmount><MaximumAmount>1</MaximumAmount></SplitEventsConstraint></Constraints>"""


def test_with_required_costs_held_at_0_an_event_that_must_not_split_has_only_whole_parts(tmp_path):

    undivided_week = re.sub(r'<Day Reference="D\d"/>', "", _full_week(3))  # parts may not cross a day
    instance = read_archive(_write(tmp_path, undivided_week.replace("</Constraints>", UNSPLIT))).instance("I")
    hard = XhsttModel(instance, list(instance.constraints), required_hard=True)
    weighed = XhsttModel(instance, list(instance.constraints))
    assert _part_durations(hard) == {2}
    assert _part_durations(weighed) == {1, 2}
    run = solve_xhstt(instance, FAST)
    assert (run.infeasibility, run.objective) == (0, 0) and {e.duration for e in run.solution.events} == {2}
    _assert_agrees(instance, run)


def test_a_search_from_a_given_solution_ends_no_worse_than_it(tmp_path):
    """--start: from a solution with every event timed (T1 clashing at Mo_3, so the model whose required
    costs are weighed), the search ends at the optimum, never above the start's cost."""
    instance = read_archive(_write(tmp_path, TINY)).instance("I")
    parts = [("E1", 2, "Mo_1"), ("E5", 2, "Mo_3"), ("E2", 1, "Mo_3"), ("E3", 1, "Mo_4")]
    start = Solution("I", tuple(SolutionEvent(event, duration, time) for event, duration, time in parts))
    scored = evaluate(instance, start)
    run = solve_xhstt(instance, FAST, start)
    assert (run.infeasibility, run.objective) <= (scored.infeasibility, scored.objective)
    assert (run.infeasibility, run.objective) == (1, 1)
    _assert_agrees(instance, run)


def test_a_start_timing_an_event_in_part_is_refused_by_its_place(tmp_path):
    instance = read_archive(_write(tmp_path, TINY)).instance("I")
    start = Solution("I", (SolutionEvent("E1", 1, "Mo_1"), SolutionEvent("E3", 1, "Mo_2")))
    with pytest.raises(InputError) as refused:
        solve_xhstt(instance, FAST, start)
    assert [p.where for p in refused.value.problems] == ["Solution to start from: Event E1, part 1 / 2"]


def test_a_start_with_two_parts_of_an_event_at_one_time_is_refused_by_its_place(tmp_path):
    """The model runs an event's parts at distinct times: a start whose parts overlap is refused (it
    was left, unsaid, for a search from scratch)."""
    instance = read_archive(_write(tmp_path, TINY)).instance("I")
    parts = [("E1", 1, "Mo_1"), ("E1", 1, "Mo_1"), ("E5", 2, "Mo_3"), ("E2", 1, "Mo_3"), ("E3", 1, "Mo_4")]
    start = Solution("I", tuple(SolutionEvent(event, duration, time) for event, duration, time in parts))
    with pytest.raises(InputError) as refused:
        solve_xhstt(instance, FAST, start)
    assert [p.where for p in refused.value.problems] == [
        "Solution to start from: Event E1, part 1 @ Mo_1",
        "Solution to start from: Event E1, part 1 / 2",
    ]


def test_cli_starts_from_the_best_solution_of_a_file(tmp_path):
    """The best of the file's solutions, as the evaluator scores them, is announced; a file without a
    solution of the instance is refused, exit 2."""
    archive = _write(tmp_path, TINY)
    instance = read_archive(archive).instance("I")
    start = Solution("I", (SolutionEvent("E1", 2, "Mo_3"), SolutionEvent("E5", 2, "Mo_1"), SolutionEvent("E3", 1, "Mo_2")))
    solutions = tmp_path / "start.xml"
    write_solution_group(instance, start, solutions, "s", {"Contributor": "test"})
    runner = CliRunner()
    out = tmp_path / "out.xml"
    command = ["xhstt-solve", str(archive), "--out", str(out), "--time-limit", "5", "--lang", "en"]
    result = runner.invoke(app, [*command, "--start", str(solutions)])
    assert f"starting from the best solution in {solutions}: infeasibility 1, objective 1" in result.output
    assert result.exit_code == Exit.VIOLATIONS and out.exists(), result.output
    empty = runner.invoke(app, [*command, "--start", str(archive)])
    assert empty.exit_code == Exit.BAD_INPUT and "holds no solution of instance 'I'" in empty.output


# TINY without E2 (no infeasibility left), E1 wished split into two single times: split, one of its
# parts is off its preferred Mo_3 (5); whole at Mo_3 the wish costs 2, E3 off Mo_1 1: the optimum 3.
E1_IN_SINGLES = """   <DistributeSplitEventsConstraint Id="singles"><Name>singles</Name><Required>false</Required>
    <Weight>1</Weight><CostFunction>Linear</CostFunction><AppliesTo><Events><Event Reference="E1"/></Events>
    </AppliesTo><Duration>1</Duration><Minimum>2</Minimum><Maximum>2</Maximum></DistributeSplitEventsConstraint>
  </Constraints>"""


def _without_e2(text: str) -> str:
    return re.sub(r'<Event Id="E2">.*?</Event>', "", text, flags=re.S)


def test_wanted_splits_are_searched_first_and_traded_against_the_other_costs_after(tmp_path, monkeypatch):
    """The first search minimises the non-required DistributeSplitEvents costs alone (E1 in two single
    times, its other costs aside); the search from there keeps E1 whole at the optimum 3. An instance
    without such a constraint starts with the search for the lowest cost."""
    instance = read_archive(_write(tmp_path, _without_e2(TINY).replace("  </Constraints>", E1_IN_SINGLES))).instance("I")
    model = XhsttModel(instance, list(instance.constraints), required_hard=True)
    first, status = xhstt._splits_first(model, FAST, time.monotonic() + 10)
    assert status == xhstt.cp_model.FEASIBLE and first.value(sum(model.terms["singles"])) == 0
    assert first.objective_value >= 5
    assert sorted(e.duration for e in model.solution(first).events if e.reference == "E1") == [1, 1]
    real, called = xhstt._splits_first, []
    monkeypatch.setattr(xhstt, "_splits_first", lambda *args: (called.append(args[0].instance), real(*args))[1])
    run = solve_xhstt(instance, XhsttOptions(time_limit=3, workers=2, seed=0))
    assert called == [instance] and (run.infeasibility, run.objective) == (0, 3)
    assert [(e.duration, e.time) for e in run.solution.events if e.reference == "E1"] == [(2, "Mo_3")]
    _assert_agrees(instance, run)
    solve_xhstt(read_archive(_write(tmp_path, _without_e2(TINY))).instance("I"), XhsttOptions(time_limit=1))
    assert called == [instance]


T1_DAYS = """   <ClusterBusyTimesConstraint Id="days"><Name>days</Name><Required>false</Required><Weight>7</Weight>
    <CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="T1"/></Resources></AppliesTo>
    <TimeGroups><TimeGroup Reference="Mo"/></TimeGroups><Minimum>0</Minimum><Maximum>0</Maximum>
   </ClusterBusyTimesConstraint>
"""


def _first_step_on_days_and_singles(tmp_path, monkeypatch, days_proven: bool) -> tuple:
    """_splits_first on TINY with T1's days and E1 wished in single times: the model, the models its
    searches solved in order, and the step's solver and status; with days_proven False, the days
    search reports its solution as not proven the best (as when it stalls)."""
    text = _without_e2(TINY).replace("  </Constraints>", T1_DAYS + E1_IN_SINGLES)
    instance = read_archive(_write(tmp_path, text)).instance("I")
    model = XhsttModel(instance, list(instance.constraints), required_hard=True)
    real, solved = xhstt._solve, []

    def recorded(trial, *args, **kw):
        solved.append(trial)
        found, status = real(trial, *args, **kw)
        return found, xhstt.cp_model.FEASIBLE if len(solved) == 1 and not days_proven else status

    monkeypatch.setattr(xhstt, "_solve", recorded)
    return model, solved, *xhstt._splits_first(model, FAST, time.monotonic() + 10)


def test_the_first_search_takes_the_fewest_busy_days_then_the_fewest_splits(tmp_path, monkeypatch):
    """The step first minimises the non-required ClusterBusyTimes costs (T1's days) alone, then, those
    held at most as found (proven the fewest), the unwanted splits alone, from the first solution; on
    TINY, T1 is busy on Monday whatever the timing: 7 at least."""
    model, solved, first, status = _first_step_on_days_and_singles(tmp_path, monkeypatch, days_proven=True)

    def minimising(costs: list) -> tuple[list, list]:
        expected = model.model.clone()
        expected.minimize(sum(costs))
        return list(expected.proto.objective.vars), list(expected.proto.objective.coeffs)

    days_first, splits_after = (trial.proto for trial in solved[:2])
    assert (list(days_first.objective.vars), list(days_first.objective.coeffs)) == minimising(model.terms["days"])
    assert (list(splits_after.objective.vars), list(splits_after.objective.coeffs)) == minimising(model.terms["singles"])
    added = len(model.model.proto.constraints)  # the days at most as the first search found them
    assert len(splits_after.constraints) == added + 1 and list(splits_after.constraints[added].linear.domain)[1] == 7
    assert len(splits_after.solution_hint.vars) == len(model.model.proto.variables)
    assert status == xhstt.cp_model.FEASIBLE and first.value(sum(model.terms["days"])) == 7


def test_busy_days_the_first_search_did_not_prove_fewest_are_not_held(tmp_path, monkeypatch):
    """Where the days search ends without proving its days the fewest (stalled, or out of time), the
    search for the splits starts from its solution but may change the days (held, days that search
    could not lower would stay, since the neighbourhoods seldom free a teacher's day)."""
    model, solved, first, status = _first_step_on_days_and_singles(tmp_path, monkeypatch, days_proven=False)
    splits_after = solved[1].proto
    assert len(splits_after.constraints) == len(model.model.proto.constraints)
    assert len(splits_after.solution_hint.vars) == len(model.model.proto.variables)
    assert status == xhstt.cp_model.FEASIBLE and first.value(sum(model.terms["singles"])) == 0


def _random_max_3sat(variables: int, clauses: int, seed: int):
    """A model of the fewest violated random 3-clauses: CP-SAT finds a good assignment in a second and
    cannot prove one the best for long (its bound stays at 0)."""
    rng, model = random.Random(seed), cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(variables)]
    violated = [model.new_bool_var(f"v{k}") for k in range(clauses)]
    for v in violated:
        model.add_bool_or([x[i] if rng.random() < 0.5 else ~x[i] for i in rng.sample(range(variables), 3)] + [v])
    model.minimize(sum(violated))
    return model


def test_a_search_given_patience_ends_once_it_finds_nothing_better_for_that_long():
    """With a patience of half a second, a search that cannot prove its solution ends soon after its
    last better solution, far before its time limit, with that solution; without, it runs to the limit."""
    model = _random_max_3sat(variables=50, clauses=400, seed=1)
    solver, status = xhstt._solve(model, FAST, 60.0, patience=0.5)
    assert status == cp_model.FEASIBLE and solver.wall_time < 30 and solver.best_objective_bound < solver.objective_value
    solver, status = xhstt._solve(model, FAST, 3.0)
    assert status == cp_model.FEASIBLE and solver.wall_time >= 2.9


def no_solution_soon():
    """A model CP-SAT finds no solution of, nor proves it has none, for many seconds: a Golomb ruler
    of 11 marks no longer than 71 (the shortest is 72 long)."""
    model = cp_model.CpModel()
    marks = [model.new_int_var(0, 71, f"mark{i}") for i in range(11)]
    model.add(marks[0] == 0)
    for i in range(10):
        model.add(marks[i] < marks[i + 1])
    model.add_all_different([marks[j] - marks[i] for i in range(11) for j in range(i + 1, 11)])
    return model


def test_an_interrupt_stops_a_search_at_once():
    """A search with nothing found is stopped soon after its interrupt is set, far before its time limit."""
    interrupt = threading.Event()
    threading.Timer(0.5, interrupt.set).start()
    solver, status = xhstt._solve(no_solution_soon(), FAST, 60.0, interrupt=interrupt)
    assert status == cp_model.UNKNOWN and solver.wall_time < 5


def test_the_stall_watch_stops_a_search_only_after_a_solution_its_patience_and_its_age():
    """Before any solution the watch never stops the search; after one, it stops it once, no sooner than
    the patience, nor than the time the search took to find that solution."""

    class Search:
        def __init__(self):
            self.stopped_at: list[float] = []

        def stop_search(self):
            self.stopped_at.append(time.monotonic())

    search, watch = Search(), xhstt._Watched(patience=0.3)
    threading.Timer(0.5, watch.done.set).start()
    watch.watch(search)
    assert search.stopped_at == []
    search, watch = Search(), xhstt._Watched(patience=0.3)
    watch.on_solution_callback()
    found = time.monotonic()
    watch.watch(search)
    assert len(search.stopped_at) == 1 and search.stopped_at[0] - found >= 0.3
    search, watch = Search(), xhstt._Watched(patience=0.1)
    watch.started -= 0.6  # a search that took 0.6 s to its solution
    watch.on_solution_callback()
    found = time.monotonic()
    watch.watch(search)
    assert len(search.stopped_at) == 1 and search.stopped_at[0] - found >= 0.6


def test_an_out_no_file_can_be_written_to_is_refused_before_the_search(tmp_path, monkeypatch):
    archive, searched = _write(tmp_path, TINY), []
    monkeypatch.setattr(xhstt, "solve_xhstt", lambda *args: searched.append(args))
    for out in (tmp_path, tmp_path / "a_file.xml" / "below.xml"):
        (tmp_path / "a_file.xml").write_text("kept", encoding="utf-8")
        result = CliRunner().invoke(app, ["xhstt-solve", str(archive), "--out", str(out), "--lang", "en"])
        assert result.exit_code == Exit.BAD_INPUT and str(out) in result.output, result.output
    assert searched == [] and (tmp_path / "a_file.xml").read_text(encoding="utf-8") == "kept"


def test_no_splits_first_turns_the_step_off_in_the_options_and_the_cli(tmp_path, monkeypatch):
    """With splits_first off (xhstt-solve --no-splits-first) the step is not run on an instance that
    wants E1 split; xhstt-solve without the flag runs it."""
    archive = _write(tmp_path, _without_e2(TINY).replace("  </Constraints>", E1_IN_SINGLES))
    real, called = xhstt._splits_first, []
    monkeypatch.setattr(xhstt, "_splits_first", lambda *args: (called.append(args[0].instance.id), real(*args))[1])
    solve_xhstt(read_archive(archive).instance("I"), XhsttOptions(time_limit=1, splits_first=False))
    assert called == []
    command = ["xhstt-solve", str(archive), "--out", str(tmp_path / "out.xml"), "--time-limit", "1", "--lang", "en"]
    result = CliRunner().invoke(app, [*command, "--no-splits-first"])
    assert result.exit_code == 0 and called == [], result.output
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0 and called == ["I"], result.output


def test_each_better_solution_is_passed_on_as_found_and_kept_in_the_run(tmp_path):
    """Progress: from a start that clashes (the model where required costs are weighed), the first
    entry is the start at the evaluator's cost, each later one strictly better and later, the last the
    run's own cost; what is passed on as found is what the run keeps."""
    instance = read_archive(_write(tmp_path, TINY)).instance("I")
    parts = [("E1", 2, "Mo_1"), ("E5", 2, "Mo_3"), ("E2", 1, "Mo_3"), ("E3", 1, "Mo_4")]
    start = Solution("I", tuple(SolutionEvent(event, duration, time) for event, duration, time in parts))
    scored = evaluate(instance, start)
    passed = []
    run = solve_xhstt(instance, FAST, start, passed.append)
    assert passed == list(run.progress) and len(passed) >= 2
    costs = [(found.infeasibility, found.objective) for found in passed]
    assert passed[0].step == "first" and costs[0] == (scored.infeasibility, scored.objective)
    assert costs == sorted(costs, reverse=True) and len(set(costs)) == len(costs)
    assert costs[-1] == (run.infeasibility, run.objective) == (1, 1)
    seconds = [found.seconds for found in passed]
    assert seconds == sorted(seconds) and seconds[0] >= 0 and seconds[-1] <= FAST.time_limit + 1
    assert {found.step for found in passed[1:]} <= {"neighbourhood", "whole_model"}
    kinds = {"random_days", "costly_points", "resources", "two_days_of_resources"}
    assert run.neighbourhoods > 0 and {k.kind for k in run.kinds} <= kinds  # counted exactly: the clock tests
    assert all(k.optimal <= k.solved and k.improved <= k.solved and k.seconds > 0 for k in run.kinds)
    assert all(k.gain >= k.improved for k in run.kinds)


def test_each_kind_of_neighbourhood_is_counted_with_its_outcome():
    progress = xhstt._Progress()
    progress.tally("resources", 0.5, cp_model.OPTIMAL, 0.0)
    progress.tally("resources", 1.0, cp_model.FEASIBLE, 3.0)
    progress.tally("random_days", 2.0, cp_model.UNKNOWN, 0.0)
    resources, days = progress.kinds["resources"], progress.kinds["random_days"]
    assert (resources.solved, resources.optimal, resources.improved, resources.gain, resources.seconds) == (2, 1, 1, 3, 1.5)
    assert (days.solved, days.optimal, days.improved, days.gain, days.seconds) == (1, 0, 0, 0, 2.0)


def test_a_kind_that_gains_more_per_second_is_drawn_more_and_every_kind_keeps_its_floor():
    """Scores start alike; a kind's score keeps KIND_MEMORY of itself and takes the rest from its last
    gain per second, so the kind that pays is drawn the more, and one that pays nothing keeps at least
    KIND_FLOOR / kinds of the draws."""
    scores = KindScores()
    assert scores.weights() == pytest.approx([1 / len(KINDS)] * len(KINDS))
    for kind in KINDS:
        scores.learn(kind, gain=0.0, seconds=1.0)
    scores.learn("resources", gain=30.0, seconds=2.0)
    assert scores.recent["resources"] == pytest.approx(KIND_MEMORY * KIND_MEMORY + (1 - KIND_MEMORY) * 15.0)
    weights = dict(zip(KINDS, scores.weights(), strict=True))
    assert sum(weights.values()) == pytest.approx(1.0)
    share = scores.recent["resources"] / (scores.recent["resources"] + 3 * KIND_MEMORY)  # the others at 1 x 0.8
    assert weights["resources"] == pytest.approx(KIND_FLOOR / len(KINDS) + (1 - KIND_FLOOR) * share)
    assert weights["resources"] > 3 * max(w for kind, w in weights.items() if kind != "resources")
    drawn = Counter()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(xhstt_lns, "KINDS", dict.fromkeys(KINDS, lambda *args: {0}))  # draws only, nothing freed
        for seed in range(400):
            drawn[xhstt_lns.neighbourhood(None, random.Random(seed), 0.2, None, scores)[0]] += 1
    assert drawn["resources"] / 400 == pytest.approx(weights["resources"], abs=0.06)
    assert all(drawn[kind] > 0 for kind in KINDS)


def test_the_neighbourhood_search_draws_each_kind_by_one_set_of_scores_that_learns_from_each_solve(tmp_path, monkeypatch):
    """Every neighbourhood of a search is drawn with the same scores, and each solve (here no gain, on
    the fake clock) lowers the score of its kind, and of no other."""
    model, first, _ = _searches_on_a_clock(tmp_path, monkeypatch, lambda limit: cp_model.FEASIBLE)
    draws, drawn, drawing = [], [], xhstt.neighbourhood

    def recorded(model, rng, share, solver, scores=None):
        draws.append(scores)
        kind, free = drawing(model, rng, share, solver, scores)
        drawn.append(kind)
        return kind, free

    monkeypatch.setattr(xhstt, "neighbourhood", recorded)
    xhstt._improve(model, first, FAST, deadline=10.0, floor=-1)
    scores = draws[0]
    assert len(draws) == 10 and isinstance(scores, KindScores) and all(d is scores for d in draws)
    assert {kind for kind, score in scores.recent.items() if score < 1.0} == set(drawn)


def test_a_kind_that_stops_paying_falls_to_its_floor_and_kinds_with_no_gain_are_drawn_alike():
    scores = KindScores()
    scores.learn("random_days", gain=50.0, seconds=1.0)
    for _ in range(200):
        scores.learn("random_days", gain=0.0, seconds=1.0)
    scores.learn("costly_points", gain=5.0, seconds=1.0)
    weights = dict(zip(KINDS, scores.weights(), strict=True))
    assert weights["random_days"] == pytest.approx(KIND_FLOOR / len(KINDS), abs=0.01)
    for kind in KINDS:
        scores.recent[kind] = 0.0
    assert scores.weights() == pytest.approx([1 / len(KINDS)] * len(KINDS))


def test_progress_keeps_only_a_better_cost_than_the_last_kept():
    passed = []
    progress = xhstt._Progress(passed.append)
    for step, cost in [("first", (1, 9)), ("neighbourhood", (1, 9)), ("neighbourhood", (0, 40)), ("whole_model", (1, 0))]:
        progress.record(step, cost)
    assert [(f.step, f.infeasibility, f.objective) for f in passed] == [("first", 1, 9), ("neighbourhood", 0, 40)]
    assert progress.found == passed


@pytest.mark.parametrize("lang, first", [("zh", "初始解：不可行度"), ("en", "first solution: infeasibility")])
def test_cli_progress_shows_each_better_solution_in_the_language(tmp_path, lang, first):
    archive = _write(tmp_path, TINY)
    command = ["xhstt-solve", str(archive), "--out", str(tmp_path / "out.xml"), "--time-limit", "2", "--lang", lang]
    shown = CliRunner().invoke(app, [*command, "--progress"])
    assert shown.exit_code == Exit.VIOLATIONS and first in shown.output, shown.output
    assert first not in CliRunner().invoke(app, command).output
