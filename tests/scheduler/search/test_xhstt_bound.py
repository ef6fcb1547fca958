"""The column-generation bound: at most the optimum on small schools solved to optimality, equal to it
where only the classes couple the teachers' costs, points spanning blocks left out and named, what the
solver's model leaves out of an instance named, and the command's verdict on a file's solutions."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from pathlib import Path

import pytest
from ortools.sat.python import cp_model
from typer.testing import CliRunner

from scheduler.check.xhstt import evaluate
from scheduler.cli import Exit, app
from scheduler.formats.xhstt import BENCHMARKS, read_archive
from scheduler.model.xhstt import model_leaves_out, modelled_constraints
from scheduler.search.xhstt import XhsttOptions, solve_xhstt
from scheduler.search.xhstt_bound import _blocks, block_type, bound_xhstt

ASSIGN = """<AssignTimeConstraint Id="assign"><Name>assign</Name><Required>true</Required><Weight>1</Weight>
 <CostFunction>Linear</CostFunction><AppliesTo><EventGroups><EventGroup Reference="All"/></EventGroups></AppliesTo>
</AssignTimeConstraint>
<AvoidClashesConstraint Id="clashes"><Name>clashes</Name><Required>true</Required><Weight>1</Weight>
 <CostFunction>Linear</CostFunction><AppliesTo><ResourceGroups><ResourceGroup Reference="Teachers"/>
 <ResourceGroup Reference="Classes"/></ResourceGroups></AppliesTo></AvoidClashesConstraint>"""


def _archive(days: int, per_day: int, events: list[tuple[str, str, str, int]], constraints: str, solutions: str = "") -> str:
    """An archive of `days` days of `per_day` times; events (id, teacher, class, duration); every event
    in group All, every teacher in Teachers, every class in Classes."""
    times = "".join(
        f'<Time Id="D{d}_{p}"><Name>D{d}_{p}</Name><Day Reference="D{d}"/></Time>'
        for d in range(days)
        for p in range(per_day)
    )
    day_groups = "".join(f'<Day Id="D{d}"><Name>D{d}</Name></Day>' for d in range(days))
    teachers = sorted({e[1] for e in events})
    classes = sorted({e[2] for e in events})
    resources = "".join(
        f'<Resource Id="{r}"><Name>{r}</Name><ResourceType Reference="{kind}"/>'
        f'<ResourceGroups><ResourceGroup Reference="{group}"/></ResourceGroups></Resource>'
        for kind, group, names in (("Teacher", "Teachers", teachers), ("Class", "Classes", classes))
        for r in names
    )
    event_xml = "".join(
        f'<Event Id="{e}"><Name>{e}</Name><Duration>{n}</Duration><Resources><Resource Reference="{t}"/>'
        f'<Resource Reference="{c}"/></Resources><EventGroups><EventGroup Reference="All"/></EventGroups></Event>'
        for e, t, c, n in events
    )
    return f"""<HighSchoolTimetableArchive Id="small"><Instances><Instance Id="I">
 <MetaData><Name>small</Name></MetaData>
 <Times><TimeGroups>{day_groups}</TimeGroups>{times}</Times>
 <Resources><ResourceTypes><ResourceType Id="Teacher"><Name>Teacher</Name></ResourceType>
  <ResourceType Id="Class"><Name>Class</Name></ResourceType></ResourceTypes>
  <ResourceGroups><ResourceGroup Id="Teachers"><Name>Teachers</Name><ResourceType Reference="Teacher"/></ResourceGroup>
  <ResourceGroup Id="Classes"><Name>Classes</Name><ResourceType Reference="Class"/></ResourceGroup></ResourceGroups>
  {resources}</Resources>
 <Events><EventGroups><EventGroup Id="All"><Name>All</Name></EventGroup></EventGroups>{event_xml}</Events>
 <Constraints>{ASSIGN}{constraints}</Constraints>
</Instance></Instances>{solutions}</HighSchoolTimetableArchive>"""


def _prefer(cid: str, events: list[str], times: list[str], weight: int = 1) -> str:
    refs = "".join(f'<Event Reference="{e}"/>' for e in events)
    at = "".join(f'<Time Reference="{t}"/>' for t in times)
    return (
        f'<PreferTimesConstraint Id="{cid}"><Name>{cid}</Name><Required>false</Required><Weight>{weight}</Weight>'
        f"<CostFunction>Linear</CostFunction><AppliesTo><Events>{refs}</Events></AppliesTo><Times>{at}</Times>"
        "</PreferTimesConstraint>"
    )


def _idle(cid: str, group: str, weight: int, days: int) -> str:
    day_refs = "".join(f'<TimeGroup Reference="D{d}"/>' for d in range(days))
    return (
        f'<LimitIdleTimesConstraint Id="{cid}"><Name>{cid}</Name><Required>false</Required><Weight>{weight}</Weight>'
        f'<CostFunction>Linear</CostFunction><AppliesTo><ResourceGroups><ResourceGroup Reference="{group}"/>'
        f"</ResourceGroups></AppliesTo><TimeGroups>{day_refs}</TimeGroups><Minimum>0</Minimum><Maximum>0</Maximum>"
        "</LimitIdleTimesConstraint>"
    )


# Two teachers each teach both classes once, in a day of two times that fills both classes. Each
# teacher's lesson with C1 prefers the first time: only one of them can have it, through the class.
COUPLED = [("A1", "TA", "C1", 1), ("A2", "TA", "C2", 1), ("B1", "TB", "C1", 1), ("B2", "TB", "C2", 1)]
COUPLED_PREFERENCE = _prefer("first", ["A1", "B1"], ["D0_0"])
SOLVED = """<SolutionGroups><SolutionGroup Id="G"><MetaData><Contributor>test</Contributor><Date>today</Date>
 <Description>hand-made</Description></MetaData><Solution Reference="I"><Events>
 <Event Reference="A1"><Duration>1</Duration><Time Reference="D0_0"/></Event>
 <Event Reference="A2"><Duration>1</Duration><Time Reference="D0_1"/></Event>
 <Event Reference="B1"><Duration>1</Duration><Time Reference="D0_1"/></Event>
 <Event Reference="B2"><Duration>1</Duration><Time Reference="D0_0"/></Event>
 </Events></Solution></SolutionGroup></SolutionGroups>"""


def _instance(tmp_path: Path, text: str):
    path = tmp_path / "small.xml"
    path.write_text(text, encoding="utf-8")
    return read_archive(path).instance("I")


def _optimum(instance) -> int:
    run = solve_xhstt(instance, XhsttOptions(time_limit=20, workers=2))
    assert run.status == "optimal" and run.infeasibility == 0
    return run.objective


def test_the_bound_sees_a_cost_only_the_classes_couple(tmp_path):
    instance = _instance(tmp_path, _archive(1, 2, COUPLED, COUPLED_PREFERENCE))
    result = bound_xhstt(instance, time_limit=30)
    assert (result.status, result.resource_type, result.left_out) == ("converged", "Teacher", ())
    assert result.bound == 1 == _optimum(instance)  # each teacher alone costs 0


def _random_school(rng: random.Random) -> tuple[list, str]:
    """Three teachers, two classes of six lessons each; random preferred times and teachers' idle times."""
    lessons = {"C1": 6, "C2": 6}
    events, n, load = [], 0, {"T1": 0, "T2": 0, "T3": 0}
    for c, left in lessons.items():
        while left:
            duration = min(left, rng.choice([1, 1, 2]))
            teacher = rng.choice([t for t, busy in load.items() if busy + duration <= 5])  # a week of six times
            events.append((f"E{n}", teacher, c, duration))
            left, n, load[teacher] = left - duration, n + 1, load[teacher] + duration
    times = [f"D{d}_{p}" for d in range(2) for p in range(3)]
    preferences = "".join(
        _prefer(f"p{k}", [e[0] for e in rng.sample(events, 2)], rng.sample(times, 3), rng.randint(1, 3)) for k in range(4)
    )
    return events, preferences + _idle("idle", "Teachers", 2, 2)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("per_day", [3, 4])  # the classes fill the week, or not
def test_the_bound_is_at_most_the_optimum_of_a_small_school(tmp_path, seed, per_day):
    events, constraints = _random_school(random.Random(seed))
    instance = _instance(tmp_path, _archive(2, per_day, events, constraints))
    optimum = _optimum(instance)
    result = bound_xhstt(instance, time_limit=60)
    assert result.status == "converged"
    assert result.bound <= optimum


def test_a_point_spanning_blocks_is_left_out_and_named(tmp_path):
    of_c1 = _idle("class idle", "Classes", 5, 1).replace(
        '<ResourceGroups><ResourceGroup Reference="Classes"/></ResourceGroups>',
        '<Resources><Resource Reference="C1"/></Resources>',
    )
    constraints = COUPLED_PREFERENCE + _idle("idle", "Teachers", 1, 1) + of_c1
    instance = _instance(tmp_path, _archive(1, 3, COUPLED, constraints))
    result = bound_xhstt(instance, time_limit=30)
    assert (result.resource_type, result.left_out) == ("Teacher", ("class idle",))  # two teachers' idle times, one class's
    assert result.bound <= _optimum(instance)


def test_the_blocks_are_of_the_type_with_the_soft_resource_constraints(tmp_path):
    assert block_type(_instance(tmp_path, _archive(1, 2, COUPLED, _idle("idle", "Teachers", 1, 1)))) == "Teacher"
    assert block_type(_instance(tmp_path, _archive(1, 2, COUPLED, _idle("idle", "Classes", 1, 1)))) == "Class"
    two_teachers = _archive(1, 2, COUPLED, "").replace('<Resource Reference="C1"/>', '<Resource Reference="TB"/>', 1)
    assert block_type(_instance(tmp_path, two_teachers)) is None  # A1 has two teachers and no class


def test_what_the_solvers_model_leaves_out_of_an_instance_is_named(tmp_path):
    assert model_leaves_out(_instance(tmp_path, _archive(2, 2, COUPLED, COUPLED_PREFERENCE))) == {}
    double = [("A1", "TA", "C1", 2), ("A2", "TA", "C2", 2)]
    split = (
        '<SplitEventsConstraint Id="split"><Name>split</Name><Required>false</Required><Weight>1</Weight>'
        '<CostFunction>Linear</CostFunction><AppliesTo><Events><Event Reference="A1"/></Events></AppliesTo>'
        "<MinimumDuration>2</MinimumDuration><MaximumDuration>2</MaximumDuration>"
        "<MinimumAmount>1</MinimumAmount><MaximumAmount>1</MaximumAmount></SplitEventsConstraint>"
    )
    leaves = model_leaves_out(_instance(tmp_path, _archive(2, 2, double, split)))
    assert leaves == {"soft_splits": ["split"], "crossing": ["A1"]}  # A1 whole may start at D0_1
    untimed = _archive(1, 2, COUPLED, "").replace(
        '<EventGroups><EventGroup Reference="All"/></EventGroups></Event>', "</Event>", 1
    )
    assert model_leaves_out(_instance(tmp_path, untimed)) == {"untimed": ["A1"]}


def test_the_command_proves_the_files_best_solution_optimal(tmp_path):
    runner = CliRunner()
    archive = tmp_path / "coupled.xml"
    archive.write_text(_archive(1, 2, COUPLED, COUPLED_PREFERENCE, SOLVED), encoding="utf-8")
    result = runner.invoke(app, ["xhstt-bound", str(archive), "--time-limit", "30", "--lang", "en"])
    assert result.exit_code == Exit.OK, result.output
    assert "objective of at least 1" in result.output and "objective 1: proven optimal" in result.output
    chinese = runner.invoke(app, ["xhstt-bound", str(archive), "--time-limit", "30"])
    assert "已证明最优" in chinese.output and "Teacher" in chinese.output
    unsolved = tmp_path / "unsolved.xml"
    unsolved.write_text(_archive(1, 2, COUPLED, COUPLED_PREFERENCE), encoding="utf-8")
    result = runner.invoke(app, ["xhstt-bound", str(unsolved), str(archive), "--time-limit", "30", "--lang", "en"])
    assert result.exit_code == Exit.OK and "proven optimal" in result.output  # the other file's solution


def test_the_command_without_blocks_or_with_an_unknown_instance(tmp_path):
    runner = CliRunner()
    archive = tmp_path / "two.xml"
    archive.write_text(_archive(1, 2, COUPLED, "").replace('<Resource Reference="C1"/>', '<Resource Reference="TB"/>', 1))
    result = runner.invoke(app, ["xhstt-bound", str(archive), "--lang", "en"])
    assert result.exit_code == Exit.UNKNOWN and "no blocks, no bound" in result.output
    unknown = runner.invoke(app, ["xhstt-bound", str(archive), "--instance", "nope", "--lang", "en"])
    assert unknown.exit_code == Exit.BAD_INPUT and "nope" in unknown.output


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="the XHSTT benchmarks are not here")
@pytest.mark.parametrize("file", ["BR-SA-00.xml", "BrazilInstance1.xml", "BrazilInstance5.xml", "GR-H1-97.xml"])
def test_the_bound_is_at_most_the_best_known_on_benchmarks(file):
    archive = read_archive(BENCHMARKS / file)
    result = bound_xhstt(archive.instances[0], time_limit=10)
    assert result.bound is not None
    scored = [evaluate(archive.instances[0], s) for g in archive.solution_groups for s in g.solutions]
    assert result.bound <= min(r.objective for r in scored if r.infeasibility == 0)


def test_the_weeks_of_a_solution_cost_what_the_evaluator_says(tmp_path):
    path = tmp_path / "solved.xml"
    path.write_text(_archive(1, 2, COUPLED, COUPLED_PREFERENCE, SOLVED), encoding="utf-8")
    archive = read_archive(path)
    instance, solution = archive.instances[0], archive.solution_groups[0].solutions[0]
    blocks, rows, _ = _blocks(instance, modelled_constraints(instance), "Teacher")
    weeks = [block.week_of(solution) for block in blocks]
    assert sum(cost for cost, _ in weeks) == evaluate(instance, solution).objective == 1
    occupied = sorted(rows[k][:2] for _, week in weeks for k in week)
    assert occupied == [("C1", 0), ("C1", 1), ("C2", 0), ("C2", 1)]  # each class time once, by one teacher
    clashing = replace(solution, events=tuple(replace(e, time="D0_0") for e in solution.events))
    assert [block.week_of(clashing) for block in blocks] == [None, None]  # a teacher's two lessons at once


def test_the_solver_proves_its_solution_optimal_when_asked(tmp_path):
    archive = tmp_path / "coupled.xml"
    archive.write_text(_archive(1, 2, COUPLED, COUPLED_PREFERENCE), encoding="utf-8")
    command = ["xhstt-solve", str(archive), "--out", str(tmp_path / "s.xml"), "--time-limit", "5", "--lang", "en"]
    result = CliRunner().invoke(app, [*command, "--prove", "30"])
    assert result.exit_code == Exit.OK, result.output
    assert "objective of at least 1" in result.output and "objective 1: proven optimal" in result.output
    plain = CliRunner().invoke(app, command)
    assert plain.exit_code == Exit.OK and "proven optimal" not in plain.output
    refused = CliRunner().invoke(app, [*command, "--prove", "0"])
    assert refused.exit_code == Exit.BAD_INPUT


def test_a_pricing_problem_stopped_before_a_solution_bounds_nothing(tmp_path, monkeypatch):
    instance = _instance(tmp_path, _archive(1, 2, COUPLED, COUPLED_PREFERENCE))
    block = _blocks(instance, modelled_constraints(instance), "Teacher")[0][0]

    class Stopped:  # what CP-SAT reports when its time runs out before any solution
        best_objective_bound = 0.0

    monkeypatch.setattr(block, "_solve", lambda *args, **kwargs: ((Stopped(), cp_model.UNKNOWN), []))
    priced = block.price([1000, -1000, 0, 0], deadline=0.0)
    assert priced.bound == -math.inf and not priced.exact and not priced.weeks
