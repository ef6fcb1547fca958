"""bench/xhstt_depth.py: how deep a solution's local optimum is, in either model of the solver."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from models.xhstt import Solution
from tests.conftest import INSTANCES
from tests.scheduler.model.test_xhstt_whole import _part, _week

spec = importlib.util.spec_from_file_location("bench_xhstt_depth", INSTANCES.parent / "bench" / "xhstt_depth.py")
bench = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = bench  # its dataclass looks its module up
spec.loader.exec_module(bench)

# _week: two days of four times; C1 and C2 idle at D1_3 and D2_3 here (1² each), at none when E3
# and E4 follow E1 and E2 straight away.
IDLE = {"E1": 0, "E3": 3, "E2": 4, "E4": 7}
COMPACT = {"E1": 0, "E3": 2, "E2": 4, "E4": 6}


def _probe(tmp_path, whole: bool, starts: dict[str, int]):
    instance = _week(tmp_path)
    solution = Solution("I", tuple(_part(instance, e, s) for e, s in starts.items()))
    probe = bench.WholeEventsProbe if whole else bench.CandidateProbe
    return probe(instance, solution, 10, 0)


@pytest.mark.parametrize("whole", [True, False])
def test_the_two_days_free_find_the_compact_timing_and_search_it_out(tmp_path, whole):
    probe = _probe(tmp_path, whole, IDLE)
    assert probe.carried.objective_value == 2
    probed = list(bench.depth(probe, [0.5], 2, 10, 0))
    assert [p.name for p in probed] == ["days D1+D2", "resources 50% #1", "resources 50% #2"]
    days = probed[0]
    assert (days.freed, days.best, days.searched_out) == (4, 0, True)


@pytest.mark.parametrize("whole", [True, False])
def test_from_the_optimum_every_neighbourhood_is_searched_out_with_nothing_better(tmp_path, whole):
    probed = list(bench.depth(_probe(tmp_path, whole, COMPACT), [0.3, 0.6], 2, 10, 0))
    assert len(probed) == 5
    assert all(p.searched_out and p.best == 0 for p in probed)


@pytest.mark.parametrize("whole", [True, False])
def test_a_neighbourhood_of_random_resources_frees_whole_resources_over_the_week(tmp_path, whole):
    probe = _probe(tmp_path, whole, IDLE)
    resources = probe.model.events_of_resource
    for name, free, days in bench.neighbourhoods(probe, [0.5], 3, 0):
        if name.startswith("resources"):
            covered = {r for r, events in resources.items() if set(events) <= free}
            assert days is None and len(free) >= 2
            assert free == {e for r in covered for e in resources[r]}


class _ThreeDays:
    """A probe: E1 on D1, E2 on D2, E3 on D3, one resource each."""

    class model:  # the parts of a model the neighbourhoods read
        day_names = ["D1", "D2", "D3"]
        events_of_resource = {"R1": ["E1"], "R2": ["E2"], "R3": ["E3"]}

    events = ["E1", "E2", "E3"]

    def days_of(self, event_id: str) -> set[str]:
        return {f"D{event_id[1]}"}


def test_a_pair_of_days_frees_only_the_events_on_them_within_those_days():
    pairs = list(bench.neighbourhoods(_ThreeDays(), [0.5], 0, 0))
    assert pairs == [
        ("days D1+D2", {"E1", "E2"}, ("D1", "D2")),
        ("days D1+D3", {"E1", "E3"}, ("D1", "D3")),
        ("days D2+D3", {"E2", "E3"}, ("D2", "D3")),
    ]


def _free_starts(probe, trial, event_id: str) -> set[int]:
    """The starts the event may still take in a neighbourhood's model."""
    domains = trial.proto.variables
    if isinstance(probe, bench.WholeEventsProbe):
        bounds = list(domains[probe.model.start[event_id].index].domain)
        return {t for low, high in zip(bounds[::2], bounds[1::2], strict=True) for t in range(low, high + 1)}
    parts = probe.model.parts[event_id]
    return {part.start for part, x in parts if part.start is not None and list(domains[x.index].domain) != [0, 0]}


@pytest.mark.parametrize("whole", [True, False])
def test_an_event_freed_on_a_day_may_start_on_that_day_only(tmp_path, whole):
    probe = _probe(tmp_path, whole, IDLE)
    assert _free_starts(probe, probe.trial({"E3"}, ("D1",)), "E3") == {0, 1, 2, 3}
    assert _free_starts(probe, probe.trial({"E3"}, None), "E3") == set(range(8))
    assert _free_starts(probe, probe.trial({"E3"}, ("D1",)), "E4") == {7}


@pytest.mark.parametrize("whole", [True, False])
def test_a_solution_breaking_a_required_constraint_is_refused_with_exit_2(tmp_path, whole, capsys):
    with pytest.raises(SystemExit) as stopped:
        _probe(tmp_path, whole, {"E1": 0, "E2": 2, "E3": 4, "E4": 6})  # E1 and E2 on D1: the spread broken
    assert stopped.value.code == 2
    assert "breaks a required constraint" in capsys.readouterr().err


def test_a_file_without_a_solution_of_the_instance_is_refused_with_exit_2(tmp_path, capsys):
    instance = _week(tmp_path)
    archive = tmp_path / "archive.xml"
    with pytest.raises(SystemExit) as stopped:
        bench.load_probe(str(archive), archive.with_name("none.xml"), 10, 0)
    assert stopped.value.code == 2 and "none.xml" in capsys.readouterr().err
    empty = tmp_path / "empty.xml"
    empty.write_text('<HighSchoolTimetableArchive Id="x"><Instances/></HighSchoolTimetableArchive>', encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        bench.load_probe(str(empty), archive, 10, 0)
    assert stopped.value.code == 2 and "no instance" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        bench.load_probe(str(archive), archive, 10, 0)  # the archive itself: no solution group
    assert stopped.value.code == 2 and f"no solution of the instance {instance.id}" in capsys.readouterr().err


@pytest.mark.parametrize("whole", [True, False])
def test_a_solution_leaving_an_event_untimed_is_refused_with_exit_2(tmp_path, whole):
    with pytest.raises(SystemExit) as stopped:
        _probe(tmp_path, whole, {e: s for e, s in IDLE.items() if e != "E4"})
    assert stopped.value.code == 2
