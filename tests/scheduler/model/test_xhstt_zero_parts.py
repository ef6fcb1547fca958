"""The clauses of the timings of cost 0 in candidate parts (events that may split): their models are
exactly the timings in the model's candidate parts the evaluator scores 0, rule by rule at each
bound (the bound itself passes, one past it fails)."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from pysat.solvers import Solver

from models.xhstt import Instance, Solution, SolutionEvent
from scheduler.check.xhstt import evaluate
from scheduler.formats.xhstt import read_archive
from scheduler.model.xhstt import ADD, Candidate, XhsttModel, modelled_constraints
from scheduler.model.xhstt_zero import PARTS_ENCODERS, PartsZeroClauses, parts_zero_misfits

# Two days of three times. T1 teaches C1 (A, 2 times) and C2 (B, 1 time); C1 has E (2 times) and C2
# has F (2 times) besides, E and F linked (an option block). A, E and F may split into parts of one
# or two times. Each constraint's bounds and weights come from the test.
ARCHIVE = """<HighSchoolTimetableArchive Id="parts"><Instances><Instance Id="I"><MetaData><Name>parts</Name></MetaData>
 <Times><TimeGroups><Day Id="D1"><Name>D1</Name></Day><Day Id="D2"><Name>D2</Name></Day>
  <TimeGroup Id="first"><Name>first</Name></TimeGroup><TimeGroup Id="last"><Name>last</Name></TimeGroup></TimeGroups>
  {times}</Times>
 <Resources><ResourceTypes><ResourceType Id="Teacher"><Name>Teacher</Name></ResourceType>
   <ResourceType Id="Class"><Name>Class</Name></ResourceType></ResourceTypes>
  <Resource Id="T1"><Name>T1</Name><ResourceType Reference="Teacher"/></Resource>
  <Resource Id="C1"><Name>C1</Name><ResourceType Reference="Class"/></Resource>
  <Resource Id="C2"><Name>C2</Name><ResourceType Reference="Class"/></Resource></Resources>
 <Events><EventGroups><EventGroup Id="All"><Name>All</Name></EventGroup><EventGroup Id="Block"><Name>Block</Name>
   </EventGroup><EventGroup Id="GA"><Name>GA</Name></EventGroup><EventGroup Id="Split"><Name>Split</Name></EventGroup>
   </EventGroups>
  <Event Id="A"><Name>A</Name><Duration>2</Duration><Resources><Resource Reference="T1"/><Resource Reference="C1"/>
   </Resources><EventGroups><EventGroup Reference="All"/><EventGroup Reference="GA"/>
   <EventGroup Reference="Split"/></EventGroups></Event>
  <Event Id="B"><Name>B</Name><Duration>1</Duration><Resources><Resource Reference="T1"/><Resource Reference="C2"/>
   </Resources><EventGroups><EventGroup Reference="All"/></EventGroups></Event>
  <Event Id="E"><Name>E</Name><Duration>2</Duration><Resources><Resource Reference="C1"/></Resources>
   <EventGroups><EventGroup Reference="All"/><EventGroup Reference="Block"/><EventGroup Reference="Split"/>
   </EventGroups></Event>
  <Event Id="F"><Name>F</Name><Duration>2</Duration><Resources><Resource Reference="C2"/></Resources>
   <EventGroups><EventGroup Reference="All"/><EventGroup Reference="Block"/><EventGroup Reference="Split"/>
   </EventGroups></Event>
 </Events>
 <Constraints>
  <AssignTimeConstraint Id="assign"><Name>assign</Name><Required>true</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="All"/></EventGroups></AppliesTo>
  </AssignTimeConstraint>
  <SplitEventsConstraint Id="split"><Name>split</Name><Required>{split_required}</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="Split"/></EventGroups></AppliesTo>
   <MinimumDuration>1</MinimumDuration><MaximumDuration>{longest}</MaximumDuration>
   <MinimumAmount>{parts_least}</MinimumAmount><MaximumAmount>{parts_most}</MaximumAmount></SplitEventsConstraint>
  <DistributeSplitEventsConstraint Id="doubles"><Name>doubles</Name><Required>false</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="GA"/></EventGroups></AppliesTo>
   <Duration>2</Duration><Minimum>{doubles_least}</Minimum><Maximum>{doubles_most}</Maximum>
  </DistributeSplitEventsConstraint>
  <PreferTimesConstraint Id="early_doubles"><Name>early_doubles</Name><Required>{prefer_required}</Required>
   <Weight>{prefer_weight}</Weight><CostFunction>Linear</CostFunction>
   <AppliesTo><EventGroups><EventGroup Reference="All"/></EventGroups></AppliesTo>
   <TimeGroups><TimeGroup Reference="first"/></TimeGroups><Duration>2</Duration></PreferTimesConstraint>
  <SpreadEventsConstraint Id="spread"><Name>spread</Name><Required>false</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="GA"/></EventGroups></AppliesTo>
   <TimeGroups><TimeGroup Reference="D1"><Minimum>{spread_least}</Minimum><Maximum>{spread_most}</Maximum></TimeGroup>
    <TimeGroup Reference="D2"><Minimum>{spread_least}</Minimum><Maximum>{spread_most}</Maximum></TimeGroup></TimeGroups>
  </SpreadEventsConstraint>
  <LinkEventsConstraint Id="link"><Name>link</Name><Required>false</Required><Weight>{link_weight}</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="Block"/></EventGroups></AppliesTo>
  </LinkEventsConstraint>
  <AvoidClashesConstraint Id="clashes"><Name>clashes</Name><Required>true</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction>
   <AppliesTo><Resources><Resource Reference="T1"/><Resource Reference="C1"/><Resource Reference="C2"/></Resources>
   </AppliesTo></AvoidClashesConstraint>
  <AvoidUnavailableTimesConstraint Id="away"><Name>away</Name><Required>false</Required><Weight>{away_weight}</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="C2"/></Resources></AppliesTo>
   <Times><Time Reference="D2_3"/></Times></AvoidUnavailableTimesConstraint>
  <LimitIdleTimesConstraint Id="idle"><Name>idle</Name><Required>false</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction>
   <AppliesTo><Resources><Resource Reference="T1"/><Resource Reference="C1"/></Resources></AppliesTo>
   <TimeGroups><TimeGroup Reference="D1"/><TimeGroup Reference="D2"/></TimeGroups>
   <Minimum>{idle_least}</Minimum><Maximum>{idle_most}</Maximum></LimitIdleTimesConstraint>
  <ClusterBusyTimesConstraint Id="days"><Name>days</Name><Required>false</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="T1"/></Resources></AppliesTo>
   <TimeGroups><TimeGroup Reference="D1"/><TimeGroup Reference="D2"/></TimeGroups>
   <Minimum>{days_least}</Minimum><Maximum>{days_most}</Maximum></ClusterBusyTimesConstraint>
  <LimitBusyTimesConstraint Id="busy"><Name>busy</Name><Required>false</Required><Weight>1</Weight>
   <CostFunction>Linear</CostFunction><AppliesTo><Resources><Resource Reference="T1"/></Resources></AppliesTo>
   <TimeGroups><TimeGroup Reference="D1"/><TimeGroup Reference="D2"/></TimeGroups>
   <Minimum>{busy_least}</Minimum><Maximum>{busy_most}</Maximum></LimitBusyTimesConstraint>
 </Constraints></Instance></Instances></HighSchoolTimetableArchive>"""

LOOSE = {
    "split_required": "false",
    "prefer_required": "false",
    "longest": 2,
    "parts_least": 1,
    "parts_most": 3,
    "doubles_least": 0,
    "doubles_most": 2,
    "prefer_weight": 0,
    "spread_least": 0,
    "spread_most": 3,
    "link_weight": 0,
    "away_weight": 0,
    "idle_least": 0,
    "idle_most": 3,
    "days_least": 0,
    "days_most": 2,
    "busy_least": 0,
    "busy_most": 3,
}


def _instance(tmp_path: Path, **bounds: int | str) -> Instance:
    times = "".join(
        f'<Time Id="{d}_{k}"><Name>{d}_{k}</Name><Day Reference="{d}"/><TimeGroups>'
        + ('<TimeGroup Reference="first"/>' if k == 1 else "")
        + ('<TimeGroup Reference="last"/>' if k == 3 else "")
        + "</TimeGroups></Time>"
        for d in ("D1", "D2")
        for k in range(1, 4)
    )
    path = tmp_path / "parts.xml"
    path.write_text(ARCHIVE.format(times=times, **(LOOSE | bounds)), encoding="utf-8")
    return read_archive(path).instance("I")


def _candidates(instance: Instance) -> dict[str, list[Candidate]]:
    """Each event's timed candidate parts in the model with required costs held at 0."""
    model = XhsttModel(instance, modelled_constraints(instance), required_hard=True)
    return {e: [p for p, _ in parts if p.start is not None] for e, parts in model.parts.items()}


def _splits(instance: Instance, parts: list[Candidate]) -> list[frozenset[Candidate]]:
    """Every set of the parts, none two at one time, running at as many times as the event's duration."""
    duration = instance.events[parts[0].event].duration
    found = []
    for k in range(1, duration + 1):
        for chosen in combinations(parts, k):
            times = [t for p in chosen for t in range(p.start, p.start + p.duration)]
            if len(times) == duration == len(set(times)):
                found.append(frozenset(chosen))
    return found


def _evaluator_zeros(instance: Instance) -> set[frozenset[Candidate]]:
    """Every timing in the candidate parts, no two events of one resource at once, the evaluator
    scores 0."""
    candidates = _candidates(instance)
    resources = {e: set(instance.given_resources(instance.events[e])) for e in candidates}
    zeros: set[frozenset[Candidate]] = set()

    def extend(events: list[str], chosen: frozenset[Candidate]) -> None:
        if not events:
            parts = tuple(SolutionEvent(p.event, p.duration, instance.times[p.start].id) for p in chosen)
            evaluation = evaluate(instance, Solution("I", parts))
            if (evaluation.infeasibility, evaluation.objective) == (0, 0):
                zeros.add(chosen)
            return
        event, rest = events[0], events[1:]
        for split in _splits(instance, candidates[event]):
            times = {t for p in split for t in range(p.start, p.start + p.duration)}
            if not any(
                resources[p.event] & resources[event] and p.start <= t < p.start + p.duration for p in chosen for t in times
            ):
                extend(rest, chosen | split)

    extend(sorted(candidates), frozenset())
    return zeros


def _clause_zeros(instance: Instance) -> set[frozenset[Candidate]]:
    """Every timing the clauses allow, each model's parts blocked in turn."""
    clauses = PartsZeroClauses(instance, modelled_constraints(instance), _candidates(instance))
    zeros = set()
    with Solver(name="minisat22", bootstrap_with=clauses.clauses) as solver:
        while solver.solve():
            chosen = clauses.chosen(solver.get_model())
            zeros.add(frozenset(chosen))
            solver.add_clause([-lit if p in chosen else lit for p, lit in clauses.part.items()])
    return zeros


@pytest.mark.parametrize(
    "bounds",
    [
        {},
        {"longest": 1},  # every part a single time
        {"parts_least": 2},  # A, E and F split
        {"parts_most": 1},  # none splits
        {"parts_least": 3},  # more parts than times: impossible
        {"doubles_least": 1},  # A one double lesson
        {"doubles_most": 0},
        {"doubles_least": 2},  # A has 2 times: impossible
        {"prefer_weight": 1},  # doubles start at a day's first time
        {"spread_most": 1},  # A's parts: one a day
        {"spread_least": 1},
        {"spread_least": 2},  # two parts of A a day: impossible
        {"link_weight": 1},  # E and F at the same times
        {"away_weight": 1},  # C2 free at D2_3
        {"idle_most": 0},
        {"days_most": 1},  # T1's 3 times on one day
        {"days_least": 2},
        {"busy_most": 2},
        {"busy_most": 1},  # T1's 3 times in two days: impossible
        {"busy_least": 2},  # a day of T1's is of 2 times or more: all 3 on one
        {"busy_least": 3, "busy_most": 3},
        {"doubles_least": 1, "prefer_weight": 1, "link_weight": 1, "idle_most": 0, "spread_most": 1},
    ],
)
def test_the_clauses_allow_exactly_the_timings_in_parts_the_evaluator_scores_0(tmp_path, bounds):
    instance = _instance(tmp_path, **bounds)
    assert parts_zero_misfits(modelled_constraints(instance)) == []
    assert _clause_zeros(instance) == _evaluator_zeros(instance)


def test_some_bounds_leave_timings_of_cost_0_and_others_none(tmp_path):
    assert _evaluator_zeros(_instance(tmp_path, doubles_least=1, link_weight=1, idle_most=0))
    assert _evaluator_zeros(_instance(tmp_path, busy_least=2)) < _evaluator_zeros(_instance(tmp_path))
    assert not _evaluator_zeros(_instance(tmp_path, busy_most=1))
    assert not _evaluator_zeros(_instance(tmp_path, doubles_least=2))


def test_every_type_the_model_has_has_its_clauses():
    assert set(PARTS_ENCODERS) == set(ADD)


def test_an_idle_limit_with_a_minimum_is_named_as_a_misfit(tmp_path):
    instance = _instance(tmp_path, idle_least=1)
    assert parts_zero_misfits(modelled_constraints(instance)) == ["idle: a minimum of idle times"]
