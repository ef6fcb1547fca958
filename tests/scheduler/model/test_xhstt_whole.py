"""The whole-events model of an XHSTT instance: where it holds, its costs against the evaluator's, and
the search through it."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

import scheduler.search.xhstt as search
from models.xhstt import Instance, Solution, SolutionEvent
from scheduler.check.xhstt import evaluate
from scheduler.formats.xhstt import BENCHMARKS, read_archive
from scheduler.model.xhstt import modelled_constraints
from scheduler.model.xhstt_whole import WholeEventsModel, whole_model_misfits
from scheduler.search.xhstt import XhsttOptions, solve_xhstt
from scheduler.search.xhstt_lns import whole_neighbourhood

# Two days of four times. T1 teaches C1 (E1, 2 times) and C2 (E2, 2 times); C1 and C2 have a lesson of
# one time each alone (E3, E4). Each class's idle times cost 1 each, T1's busy times above 2 a day
# cost 1 each, and the Day time groups hold one event of the course {E1, E2} each (required). A
# timing of cost 0: E1 at D1_1, E3 at D1_3, E2 at D2_1, E4 at D2_3.
WEEK = """<HighSchoolTimetableArchive Id="week">
 <Instances><Instance Id="I">
  <MetaData><Name>week</Name></MetaData>
  <Times>
   <TimeGroups><Day Id="D1"><Name>D1</Name></Day><Day Id="D2"><Name>D2</Name></Day>
    <TimeGroup Id="am"><Name>am</Name></TimeGroup></TimeGroups>
   {times}
  </Times>
  <Resources>
   <ResourceTypes><ResourceType Id="Teacher"><Name>Teacher</Name></ResourceType>
    <ResourceType Id="Class"><Name>Class</Name></ResourceType></ResourceTypes>
   <Resource Id="T1"><Name>T1</Name><ResourceType Reference="Teacher"/></Resource>
   <Resource Id="C1"><Name>C1</Name><ResourceType Reference="Class"/></Resource>
   <Resource Id="C2"><Name>C2</Name><ResourceType Reference="Class"/></Resource>
  </Resources>
  <Events>
   <EventGroups><EventGroup Id="All"><Name>All</Name></EventGroup><Course Id="K"><Name>K</Name></Course></EventGroups>
   <Event Id="E1"><Name>E1</Name><Duration>2</Duration><Course Reference="K"/>
    <Resources><Resource Reference="T1"/><Resource Reference="C1"/></Resources>
    <EventGroups><EventGroup Reference="All"/></EventGroups></Event>
   <Event Id="E2"><Name>E2</Name><Duration>2</Duration><Course Reference="K"/>
    <Resources><Resource Reference="T1"/><Resource Reference="C2"/></Resources>
    <EventGroups><EventGroup Reference="All"/></EventGroups></Event>
   <Event Id="E3"><Name>E3</Name><Duration>1</Duration>
    <Resources><Resource Reference="C1"/></Resources><EventGroups><EventGroup Reference="All"/></EventGroups></Event>
   <Event Id="E4"><Name>E4</Name><Duration>1</Duration>
    <Resources><Resource Reference="C2"/></Resources><EventGroups><EventGroup Reference="All"/></EventGroups></Event>
  </Events>
  <Constraints>
   <AssignTimeConstraint Id="assign"><Name>assign</Name><Required>true</Required><Weight>1</Weight>
    <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="All"/></EventGroups></AppliesTo>
   </AssignTimeConstraint>
   <SplitEventsConstraint Id="whole"><Name>whole</Name><Required>true</Required><Weight>1</Weight>
    <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="All"/></EventGroups></AppliesTo>
    <MinimumDuration>1</MinimumDuration><MaximumDuration>9</MaximumDuration>
    <MinimumAmount>1</MinimumAmount><MaximumAmount>1</MaximumAmount></SplitEventsConstraint>
   <AvoidClashesConstraint Id="clashes"><Name>clashes</Name><Required>{clashes}</Required><Weight>1</Weight>
    <CostFunction>Linear</CostFunction>
    <AppliesTo><Resources><Resource Reference="T1"/><Resource Reference="C1"/><Resource Reference="C2"/></Resources>
    </AppliesTo>
   </AvoidClashesConstraint>
   <SpreadEventsConstraint Id="spread"><Name>spread</Name><Required>true</Required><Weight>1</Weight>
    <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="K"/></EventGroups></AppliesTo>
    <TimeGroups><TimeGroup Reference="D1"><Minimum>0</Minimum><Maximum>1</Maximum></TimeGroup>
     <TimeGroup Reference="D2"><Minimum>0</Minimum><Maximum>1</Maximum></TimeGroup></TimeGroups>
   </SpreadEventsConstraint>
   <LimitIdleTimesConstraint Id="idle"><Name>idle</Name><Required>false</Required><Weight>1</Weight>
    <CostFunction>Quadratic</CostFunction>
    <AppliesTo><Resources><Resource Reference="C1"/><Resource Reference="C2"/></Resources></AppliesTo>
    <TimeGroups><TimeGroup Reference="{idle_group}"/><TimeGroup Reference="D2"/></TimeGroups>
    <Minimum>0</Minimum><Maximum>0</Maximum>
   </LimitIdleTimesConstraint>
   <LimitBusyTimesConstraint Id="busy"><Name>busy</Name><Required>false</Required><Weight>1</Weight>
    <CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="T1"/></Resources></AppliesTo>
    <TimeGroups><TimeGroup Reference="D1"/><TimeGroup Reference="D2"/></TimeGroups>
    <Minimum>0</Minimum><Maximum>{busy_most}</Maximum>
   </LimitBusyTimesConstraint>
  </Constraints>
 </Instance></Instances>
</HighSchoolTimetableArchive>
"""
FAST = XhsttOptions(time_limit=10, workers=2, seed=0)


def _week(tmp_path: Path, clashes: str = "true", idle_group: str = "D1", busy_most: int = 2) -> Instance:
    times = "".join(
        f'<Time Id="{d}_{k}"><Name>{d}_{k}</Name><Day Reference="{d}"/>'
        + ('<TimeGroups><TimeGroup Reference="am"/></TimeGroups>' if d == "D1" and k <= 2 else "")
        + "</Time>"
        for d in ("D1", "D2")
        for k in range(1, 5)
    )
    return _read(tmp_path, WEEK.format(times=times, clashes=clashes, idle_group=idle_group, busy_most=busy_most))


def _read(tmp_path: Path, text: str) -> Instance:
    """The instance "I" of an archive written to a file."""
    path = tmp_path / "archive.xml"
    path.write_text(text, encoding="utf-8")
    return read_archive(path).instance("I")


def _cost_of(model: WholeEventsModel, starts: dict[str, int]) -> int:
    """The model's objective with every event fixed at its start, events alike traded into the model's
    order (CP-SAT minimising what is left: the spans)."""
    trial = model.model.clone()
    model.fix_except(trial, model.in_order(starts), set(), None)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 30
    assert solver.solve(trial) == cp_model.OPTIMAL
    return int(solver.objective_value)


def _starts(instance: Instance, solution: Solution) -> dict[str, int] | None:
    """Each event's start where the solution times every event whole, else None."""
    starts = {}
    for part in solution.events:
        if part.time is None or part.duration != instance.events[part.reference].duration or part.reference in starts:
            return None
        starts[part.reference] = instance.time_index[part.time]
    return starts if len(starts) == len(instance.events) else None


def test_the_model_holds_for_whole_events_and_says_why_not_otherwise(tmp_path):
    week = _week(tmp_path)
    assert whole_model_misfits(week, modelled_constraints(week)) == []
    soft = _week(tmp_path, clashes="false")
    assert "clashes: clashes allowed (soft, or of weight 0)" in whole_model_misfits(soft, modelled_constraints(soft))
    half = _week(tmp_path, idle_group="am")  # E1 may start at D1_2 and run into D1_3
    assert "idle: an event may run partly in time group am" in whole_model_misfits(half, modelled_constraints(half))


@pytest.mark.parametrize(
    ("starts", "cost"),
    [
        ({"E1": 0, "E3": 2, "E2": 4, "E4": 6}, 0),
        ({"E1": 0, "E3": 3, "E2": 4, "E4": 6}, 1),  # C1 idle at D1_3
        ({"E1": 0, "E3": 3, "E2": 4, "E4": 7}, 2),  # and C2 idle at D2_3: 1² each
    ],
)
def test_its_cost_of_a_timing_is_the_evaluators(tmp_path, starts, cost):
    instance = _week(tmp_path)
    model = WholeEventsModel(instance, modelled_constraints(instance))
    solution = Solution("I", tuple(_part(instance, e, s) for e, s in starts.items()))
    assert _cost_of(model, starts) == evaluate(instance, solution).objective == cost


def _part(instance: Instance, event: str, start: int) -> SolutionEvent:
    return SolutionEvent(event, instance.events[event].duration, instance.times[start].id)


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="the XHSTT benchmarks are not here")
@pytest.mark.parametrize("file", ["FI-WP-06.xml", "FI-MP-06.xml", "FI-PB-98.xml"])
def test_its_cost_of_each_published_solution_is_the_evaluators(file):
    archive = read_archive(BENCHMARKS / file)
    instance = archive.instances[0]
    model = WholeEventsModel(instance, modelled_constraints(instance))
    scored = 0
    for solution in (s for group in archive.solution_groups for s in group.solutions if s.instance == instance.id):
        evaluation = evaluate(instance, solution)
        if evaluation.infeasibility == 0 and (starts := _starts(instance, solution)) is not None:
            assert _cost_of(model, starts) == evaluation.objective
            scored += 1
    assert scored >= 1


def test_the_search_goes_through_it_and_its_solution_costs_what_the_evaluator_says(tmp_path, monkeypatch):
    instance = _week(tmp_path)

    def no_candidate_search(*args):
        raise AssertionError("the candidate model's first search ran")

    drawn = []

    def counted_draw(*args):
        drawn.append(whole_neighbourhood(*args))
        return drawn[-1]

    monkeypatch.setattr(search, "_hard_search", no_candidate_search)
    monkeypatch.setattr(search, "whole_neighbourhood", counted_draw)
    monkeypatch.setattr(search, "_zero_beside", lambda *args: search._NoneBeside())  # no SAT solver: CP-SAT's search
    run = solve_xhstt(instance, FAST)
    evaluation = evaluate(instance, run.solution)
    assert (run.infeasibility, run.objective) == (evaluation.infeasibility, evaluation.objective) == (0, 0)
    steps = [(found.step, found.infeasibility, found.objective) for found in run.progress]
    assert steps[0][0] == "first" and {step for step, *_ in steps[1:]} <= {"whole_events"} and steps[-1][1:] == (0, 0)
    whole_kinds = {"whole_events_two_days", "whole_events_resources"}
    assert {k.kind for k in run.kinds} <= whole_kinds and run.neighbourhoods == len(drawn)


def test_a_stalled_search_hands_its_solution_over_to_the_candidate_models_search(tmp_path, monkeypatch):
    instance = _week(tmp_path, busy_most=1)  # T1's two double lessons: 1 too many each day, 2 at best
    handed = []
    improve = search._improve

    def recorded(model, solver, options, deadline, floor, progress, beside):
        handed.append((solver.objective_value, deadline - time.monotonic()))
        return improve(model, solver, options, deadline, floor, progress, beside)

    monkeypatch.setattr(search, "_improve", recorded)
    run = solve_xhstt(instance, FAST)
    evaluation = evaluate(instance, run.solution)
    assert (run.infeasibility, run.objective) == (evaluation.infeasibility, evaluation.objective) == (0, 2)
    [(objective, left)] = handed  # after WHOLE_STALL_SHARE of the limit without improvement, not at the end
    assert search.WHOLE_STALL_SHARE <= 0.25 and objective == 2 and left > FAST.time_limit / 2
    assert (run.progress[-1].infeasibility, run.progress[-1].objective) == (0, 2)


def test_a_neighbourhood_from_a_solution_hints_every_variable_with_its_value_there(tmp_path):
    instance = _week(tmp_path)
    model = WholeEventsModel(instance, modelled_constraints(instance))
    starts = model.in_order({"E1": 0, "E3": 3, "E2": 4, "E4": 7})
    fixed = model.model.clone()
    model.fix_except(fixed, starts, set(), None)
    solver = cp_model.CpSolver()
    assert solver.solve(fixed) == cp_model.OPTIMAL
    values = list(solver.response_proto.solution)
    for given, hinted in (
        (None, {model.start[e].index: starts[e] for e in ("E1", "E3")}),
        (solver, dict(enumerate(values))),
    ):
        trial = model.model.clone()
        model.fix_except(trial, starts, {"E1", "E3"}, None, given)
        hint = trial.proto.solution_hint
        assert dict(zip(hint.vars, hint.values, strict=True)) == hinted


def test_a_two_day_neighbourhood_frees_the_events_on_them_to_start_on_either():
    class Week:  # the parts of the model a neighbourhood reads
        days = ["D1"] * 4 + ["D2"] * 4 + ["D3"] * 4
        day_names = ["D1", "D2", "D3"]
        events_of_resource = {"C1": ["E1", "E3"], "C2": ["E2", "E4"]}

    starts = {"E1": 0, "E2": 4, "E3": 9, "E4": 10}
    seen = set()
    for seed in range(40):
        kind, free, times = whole_neighbourhood(Week(), random.Random(seed), 0.5, starts)
        if times is None:
            assert kind == "whole_events_resources" and free in ({"E1", "E3"}, {"E2", "E4"})
            continue
        assert kind == "whole_events_two_days"
        days = {Week.days[t] for t in times}
        assert len(days) == 2 and times == {t for t, day in enumerate(Week.days) if day in days}
        assert free == {e for e, s in starts.items() if Week.days[s] in days}
        seen.add(frozenset(days))
    assert len(seen) == 3


# A short day and a long one: C1's one lesson costs 1 on the long day (at most 0 busy times there).
UNEVEN = """<HighSchoolTimetableArchive Id="uneven"><Instances><Instance Id="I"><MetaData><Name>uneven</Name></MetaData>
 <Times><TimeGroups><Day Id="D1"><Name>D1</Name></Day><Day Id="D2"><Name>D2</Name></Day></TimeGroups>{times}</Times>
 <Resources><ResourceTypes><ResourceType Id="Class"><Name>Class</Name></ResourceType></ResourceTypes>
  <Resource Id="C1"><Name>C1</Name><ResourceType Reference="Class"/></Resource></Resources>
 <Events><Event Id="E1"><Name>E1</Name><Duration>1</Duration>
  <Resources><Resource Reference="C1"/></Resources></Event></Events>
 <Constraints>
  <AssignTimeConstraint Id="assign"><Name>assign</Name><Required>true</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><Events><Event Reference="E1"/></Events></AppliesTo></AssignTimeConstraint>
  <AvoidClashesConstraint Id="clashes"><Name>clashes</Name><Required>true</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="C1"/></Resources></AppliesTo>
  </AvoidClashesConstraint>
  <LimitBusyTimesConstraint Id="busy"><Name>busy</Name><Required>false</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="C1"/></Resources></AppliesTo>
   <TimeGroups><TimeGroup Reference="D2"/></TimeGroups><Minimum>0</Minimum><Maximum>0</Maximum>
  </LimitBusyTimesConstraint>
 </Constraints></Instance></Instances></HighSchoolTimetableArchive>"""


@pytest.mark.parametrize("start", range(6))
def test_on_days_of_unequal_length_an_event_is_on_the_day_of_its_start(tmp_path, start):
    times = "".join(
        f'<Time Id="{d}_{k}"><Name>{d}_{k}</Name><Day Reference="{d}"/></Time>'
        for d, length in (("D1", 2), ("D2", 4))
        for k in range(1, length + 1)
    )
    instance = _read(tmp_path, UNEVEN.format(times=times))
    model = WholeEventsModel(instance, modelled_constraints(instance))
    solution = Solution("I", (_part(instance, "E1", start),))
    assert _cost_of(model, {"E1": start}) == evaluate(instance, solution).objective == int(start >= 2)


# C1's two lessons are preassigned to the first and third times of a day: an idle time in between.
PRESET = """<HighSchoolTimetableArchive Id="preset"><Instances><Instance Id="I"><MetaData><Name>preset</Name></MetaData>
 <Times><TimeGroups><Day Id="D1"><Name>D1</Name></Day></TimeGroups>
  <Time Id="t1"><Name>t1</Name><Day Reference="D1"/></Time><Time Id="t2"><Name>t2</Name><Day Reference="D1"/></Time>
  <Time Id="t3"><Name>t3</Name><Day Reference="D1"/></Time></Times>
 <Resources><ResourceTypes><ResourceType Id="Class"><Name>Class</Name></ResourceType></ResourceTypes>
  <Resource Id="C1"><Name>C1</Name><ResourceType Reference="Class"/></Resource></Resources>
 <Events>
  <Event Id="E1"><Name>E1</Name><Duration>1</Duration><Time Reference="t1"/>
   <Resources><Resource Reference="C1"/></Resources></Event>
  <Event Id="E2"><Name>E2</Name><Duration>1</Duration><Time Reference="t3"/>
   <Resources><Resource Reference="C1"/></Resources></Event></Events>
 <Constraints>
  <AssignTimeConstraint Id="assign"><Name>assign</Name><Required>true</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><Events><Event Reference="E1"/><Event Reference="E2"/></Events>
   </AppliesTo></AssignTimeConstraint>
  <AvoidClashesConstraint Id="clashes"><Name>clashes</Name><Required>true</Required><Weight>{clash_weight}</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="C1"/></Resources></AppliesTo>
  </AvoidClashesConstraint>
  <LimitIdleTimesConstraint Id="idle"><Name>idle</Name><Required>false</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="C1"/></Resources></AppliesTo>
   <TimeGroups><TimeGroup Reference="D1"/></TimeGroups><Minimum>0</Minimum><Maximum>0</Maximum>
  </LimitIdleTimesConstraint>
 </Constraints></Instance></Instances></HighSchoolTimetableArchive>"""


def test_idle_times_between_preassigned_lessons_cost_in_it_too(tmp_path):
    instance = _read(tmp_path, PRESET.format(clash_weight=1))
    assert whole_model_misfits(instance, modelled_constraints(instance)) == []
    model = WholeEventsModel(instance, modelled_constraints(instance))
    solution = Solution("I", (_part(instance, "E1", 0), _part(instance, "E2", 2)))
    assert _cost_of(model, {"E1": 0, "E2": 2}) == evaluate(instance, solution).objective == 1


def test_a_required_avoid_clashes_of_weight_0_binds_nothing_so_the_model_does_not_hold(tmp_path):
    instance = _read(tmp_path, PRESET.format(clash_weight=0))
    assert whole_model_misfits(instance, modelled_constraints(instance)) == [
        "clashes: clashes allowed (soft, or of weight 0)",
        "idle: C1 may clash",
    ]
