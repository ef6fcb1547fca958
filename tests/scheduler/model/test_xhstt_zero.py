"""The clauses of an XHSTT instance's timings of cost 0: their models are exactly the timings the
evaluator scores 0, rule by rule at each bound (the bound itself passes, one past it fails)."""

from __future__ import annotations

from itertools import product
from pathlib import Path

import pytest
from pysat.solvers import Solver

from models.xhstt import Instance, Solution, SolutionEvent
from scheduler.check.xhstt import evaluate
from scheduler.formats.xhstt import BENCHMARKS, read_archive
from scheduler.model.xhstt import modelled_constraints
from scheduler.model.xhstt_whole import WHOLE_TYPES, alike_events, allowed_starts, in_order, whole_model_misfits
from scheduler.model.xhstt_zero import ENCODERS, ZeroCostClauses

# Two days of four times. T1 teaches C1 (E1, 2 times) and C2 (E2, 2 times), C1 and C2 have a lesson
# of one time each alone (E3, E4) and C1 one more (E5); with `twin`, C2 a second lesson like E4 (E6).
# Double lessons start at a day's first or third time (required). Each constraint's bounds come from
# the test.
ARCHIVE = """<HighSchoolTimetableArchive Id="zero"><Instances><Instance Id="I"><MetaData><Name>zero</Name></MetaData>
 <Times><TimeGroups><Day Id="D1"><Name>D1</Name></Day><Day Id="D2"><Name>D2</Name></Day>
  <TimeGroup Id="doubles"><Name>doubles</Name></TimeGroup><TimeGroup Id="late"><Name>late</Name></TimeGroup>
  <TimeGroup Id="early"><Name>early</Name></TimeGroup></TimeGroups>
  {times}</Times>
 <Resources><ResourceTypes><ResourceType Id="Teacher"><Name>Teacher</Name></ResourceType>
   <ResourceType Id="Class"><Name>Class</Name></ResourceType></ResourceTypes>
  <Resource Id="T1"><Name>T1</Name><ResourceType Reference="Teacher"/></Resource>
  <Resource Id="C1"><Name>C1</Name><ResourceType Reference="Class"/></Resource>
  <Resource Id="C2"><Name>C2</Name><ResourceType Reference="Class"/></Resource></Resources>
 <Events><EventGroups><EventGroup Id="All"><Name>All</Name></EventGroup><Course Id="K"><Name>K</Name></Course>
   <EventGroup Id="Doubles"><Name>Doubles</Name></EventGroup></EventGroups>
  <Event Id="E1"><Name>E1</Name><Duration>2</Duration><Course Reference="K"/>
   <Resources><Resource Reference="T1"/><Resource Reference="C1"/></Resources>
   <EventGroups><EventGroup Reference="All"/><EventGroup Reference="Doubles"/></EventGroups></Event>
  <Event Id="E2"><Name>E2</Name><Duration>2</Duration><Course Reference="K"/>
   <Resources><Resource Reference="T1"/><Resource Reference="C2"/></Resources>
   <EventGroups><EventGroup Reference="All"/><EventGroup Reference="Doubles"/></EventGroups></Event>
  <Event Id="E3"><Name>E3</Name><Duration>1</Duration><Course Reference="K"/>
   <Resources><Resource Reference="C1"/></Resources><EventGroups><EventGroup Reference="All"/></EventGroups></Event>
  <Event Id="E4"><Name>E4</Name><Duration>1</Duration>
   <Resources><Resource Reference="C2"/></Resources><EventGroups><EventGroup Reference="All"/></EventGroups></Event>
  <Event Id="E5"><Name>E5</Name><Duration>1</Duration>
   <Resources><Resource Reference="C1"/></Resources><EventGroups><EventGroup Reference="All"/></EventGroups></Event>
  {twin}
 </Events>
 <Constraints>
  <AssignTimeConstraint Id="assign"><Name>assign</Name><Required>true</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="All"/></EventGroups></AppliesTo>
  </AssignTimeConstraint>
  <SplitEventsConstraint Id="whole"><Name>whole</Name><Required>true</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="All"/></EventGroups></AppliesTo>
   <MinimumDuration>1</MinimumDuration><MaximumDuration>9</MaximumDuration>
   <MinimumAmount>1</MinimumAmount><MaximumAmount>1</MaximumAmount></SplitEventsConstraint>
  <PreferTimesConstraint Id="doubles"><Name>doubles</Name><Required>true</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="Doubles"/></EventGroups></AppliesTo>
   <TimeGroups><TimeGroup Reference="doubles"/></TimeGroups></PreferTimesConstraint>
  <AvoidClashesConstraint Id="clashes"><Name>clashes</Name><Required>true</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction>
   <AppliesTo><Resources><Resource Reference="T1"/><Resource Reference="C1"/><Resource Reference="C2"/></Resources>
   </AppliesTo></AvoidClashesConstraint>
  <SpreadEventsConstraint Id="spread"><Name>spread</Name><Required>false</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="K"/></EventGroups></AppliesTo>
   <TimeGroups><TimeGroup Reference="D1"><Minimum>{spread_least}</Minimum><Maximum>{spread_most}</Maximum></TimeGroup>
    <TimeGroup Reference="D2"><Minimum>{spread_least}</Minimum><Maximum>{spread_most}</Maximum></TimeGroup></TimeGroups>
  </SpreadEventsConstraint>
  <AvoidUnavailableTimesConstraint Id="away"><Name>away</Name><Required>false</Required><Weight>{away_weight}</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="C2"/></Resources></AppliesTo>
   <TimeGroups><TimeGroup Reference="late"/></TimeGroups></AvoidUnavailableTimesConstraint>
  <LimitIdleTimesConstraint Id="idle"><Name>idle</Name><Required>false</Required><Weight>1</Weight>
   <CostFunction>Quadratic</CostFunction>
   <AppliesTo><Resources><Resource Reference="C1"/><Resource Reference="T1"/></Resources></AppliesTo>
   <TimeGroups><TimeGroup Reference="D1"/><TimeGroup Reference="D2"/></TimeGroups>
   <Minimum>0</Minimum><Maximum>{idle_most}</Maximum></LimitIdleTimesConstraint>
  <LimitBusyTimesConstraint Id="busy"><Name>busy</Name><Required>false</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="C1"/></Resources></AppliesTo>
   <TimeGroups><TimeGroup Reference="D1"/><TimeGroup Reference="D2"/></TimeGroups>
   <Minimum>{busy_least}</Minimum><Maximum>{busy_most}</Maximum></LimitBusyTimesConstraint>
  {extra}
 </Constraints></Instance></Instances></HighSchoolTimetableArchive>"""

LOOSE = {"spread_least": 0, "spread_most": 3, "away_weight": 0, "idle_most": 2, "busy_least": 0, "busy_most": 4}
TWIN = """<Event Id="E6"><Name>E6</Name><Duration>1</Duration>
   <Resources><Resource Reference="C2"/></Resources><EventGroups><EventGroup Reference="All"/></EventGroups></Event>"""
# Two events alike with no resource, both preassigned to D1_1: nothing keeps them apart.
PAIR = """<Event Id="F1"><Name>F1</Name><Duration>1</Duration><Time Reference="D1_1"/>
   <EventGroups><EventGroup Reference="All"/></EventGroups></Event>
  <Event Id="F2"><Name>F2</Name><Duration>1</Duration><Time Reference="D1_1"/>
   <EventGroups><EventGroup Reference="All"/></EventGroups></Event>"""
# C1's idle times at most 0 in the day's first three times as well: a time idle there is idle in D1 too.
EARLY_IDLE = """<LimitIdleTimesConstraint Id="idle_early"><Name>idle_early</Name><Required>false</Required>
   <Weight>1</Weight><CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="C1"/></Resources>
   </AppliesTo><TimeGroups><TimeGroup Reference="early"/></TimeGroups><Minimum>0</Minimum><Maximum>0</Maximum>
  </LimitIdleTimesConstraint>"""


def _instance(tmp_path: Path, twin: bool = False, pair: bool = False, early_idle: bool = False, **bounds: int) -> Instance:
    times = "".join(
        f'<Time Id="{d}_{k}"><Name>{d}_{k}</Name><Day Reference="{d}"/><TimeGroups>'
        + ('<TimeGroup Reference="doubles"/>' if k in (1, 3) else "")
        + ('<TimeGroup Reference="late"/>' if k == 4 else "")
        + ('<TimeGroup Reference="early"/>' if d == "D1" and k <= 3 else "")
        + "</TimeGroups></Time>"
        for d in ("D1", "D2")
        for k in range(1, 5)
    )
    path = tmp_path / "archive.xml"
    events = (TWIN if twin else "") + (PAIR if pair else "")
    text = ARCHIVE.format(times=times, twin=events, extra=EARLY_IDLE if early_idle else "", **(LOOSE | bounds))
    path.write_text(text, encoding="utf-8")
    return read_archive(path).instance("I")


def _evaluator_zeros(instance: Instance) -> set[tuple[int, ...]]:
    """Every timing (within days, at the starts the required constraints leave) the evaluator scores
    0, events alike traded into the clauses' order."""
    constraints = modelled_constraints(instance)
    allowed = allowed_starts(instance, [c for c in constraints if c.required])
    events = sorted(instance.events)
    zeros = set()
    for starts in product(*(allowed[e] for e in events)):
        timing = dict(zip(events, starts, strict=True))
        parts = tuple(SolutionEvent(e, instance.events[e].duration, instance.times[s].id) for e, s in timing.items())
        evaluation = evaluate(instance, Solution("I", parts))
        if (evaluation.infeasibility, evaluation.objective) == (0, 0):
            ordered = in_order(alike_events(instance, constraints, allowed), timing)
            zeros.add(tuple(ordered[e] for e in events))
    return zeros


def _clause_zeros(instance: Instance) -> set[tuple[int, ...]]:
    """Every timing the clauses allow, each model's starts blocked in turn."""
    clauses = ZeroCostClauses(instance, modelled_constraints(instance))
    events = sorted(instance.events)
    zeros = set()
    with Solver(name="minisat22", bootstrap_with=clauses.clauses) as solver:
        while solver.solve():
            starts = clauses.starts(solver.get_model())
            zeros.add(tuple(starts[e] for e in events))
            solver.add_clause([-clauses.start[e, starts[e]] for e in events])
    return zeros


def test_events_alike_are_ordered_and_every_other_timing_of_cost_0_is_kept(tmp_path):
    instance = _instance(tmp_path, twin=True, idle_most=0, busy_most=2)
    assert alike_events(instance, modelled_constraints(instance), allowed_starts(instance, [])) == [["E4", "E6"]]
    zeros = _clause_zeros(instance)
    assert zeros == _evaluator_zeros(instance) and zeros
    events = sorted(instance.events)
    assert all(t[events.index("E4")] < t[events.index("E6")] for t in zeros)


def test_events_alike_that_nothing_keeps_apart_may_start_together(tmp_path):
    instance = _instance(tmp_path, pair=True, idle_most=0)
    assert ["F1", "F2"] in alike_events(instance, modelled_constraints(instance), allowed_starts(instance, []))
    zeros = _clause_zeros(instance)
    assert zeros == _evaluator_zeros(instance) and zeros


def test_a_time_idle_in_two_groups_counts_in_each_as_the_evaluator_counts_it(tmp_path):
    instance = _instance(tmp_path, early_idle=True)  # D1's limit 2, the early times' 0
    zeros = _clause_zeros(instance)
    assert zeros == _evaluator_zeros(instance) and zeros
    assert zeros != _clause_zeros(_instance(tmp_path))  # the early times' limit binds


@pytest.mark.parametrize(
    "bounds",
    [
        {},
        {"spread_most": 1},  # E1, E2 and E3: two on one day at least
        {"spread_most": 2},
        {"spread_least": 2},  # the course needs 4 lessons for two a day
        {"spread_least": 1},  # not all three on one day
        {"away_weight": 1},  # C2 not at a day's last time
        {"idle_most": 0},
        {"idle_most": 1},
        {"busy_most": 2},  # C1's 4 times: 2 a day
        {"busy_most": 1},
        {"busy_least": 3},  # all 4 on one day
        {"busy_least": 2, "busy_most": 3},
        {"busy_least": 5},  # more than C1 has: never busy at all, impossible
        {"idle_most": 0, "busy_most": 2, "spread_most": 2, "away_weight": 1},
    ],
)
def test_the_clauses_allow_exactly_the_timings_the_evaluator_scores_0(tmp_path, bounds):
    instance = _instance(tmp_path, **bounds)
    assert whole_model_misfits(instance, modelled_constraints(instance)) == []
    assert _clause_zeros(instance) == _evaluator_zeros(instance)


def test_every_type_the_whole_events_model_holds_for_has_its_clauses():
    assert set(ENCODERS) == WHOLE_TYPES


def test_some_bounds_leave_timings_of_cost_0_and_others_none(tmp_path):
    assert _evaluator_zeros(_instance(tmp_path, busy_most=2))
    assert not _evaluator_zeros(_instance(tmp_path, busy_most=1))
    assert not _evaluator_zeros(_instance(tmp_path, busy_least=5))


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="the XHSTT benchmarks are not here")
def test_fi_wp_06s_published_timing_of_cost_0_is_a_model_and_its_timing_of_cost_1_is_not():
    archive = read_archive(BENCHMARKS / "FI-WP-06.xml")
    instance = archive.instances[0]
    clauses = ZeroCostClauses(instance, modelled_constraints(instance))
    seen = set()
    for solution in (s for group in archive.solution_groups for s in group.solutions):
        objective = evaluate(instance, solution).objective
        starts = in_order(clauses.alike, {part.reference: instance.time_index[part.time] for part in solution.events})
        chosen = [clauses.start[event, start] for event, start in starts.items()]
        with Solver(name="minisat22", bootstrap_with=clauses.clauses) as solver:
            assert solver.solve(assumptions=chosen) == (objective == 0)
        seen.add(objective)
    assert seen == {0, 1}
