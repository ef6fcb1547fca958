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
    return bench.WholeEventsProbe(instance, solution) if whole else bench.CandidateProbe(instance, solution, 10, 0)


@pytest.mark.parametrize("whole", [True, False])
def test_the_two_days_free_find_the_compact_timing_and_search_it_out(tmp_path, whole):
    probed = list(bench.depth(_probe(tmp_path, whole, IDLE), [0.5], 2, 10, 0))
    assert [p.name for p in probed] == ["days D1+D2", "resources 50% #1", "resources 50% #2"]
    days = probed[0]
    assert (days.freed, days.best, days.searched_out) == (4, 0, True)


@pytest.mark.parametrize("whole", [True, False])
def test_from_the_optimum_every_neighbourhood_is_searched_out_with_nothing_better(tmp_path, whole):
    probed = list(bench.depth(_probe(tmp_path, whole, COMPACT), [0.3, 0.6], 2, 10, 0))
    assert len(probed) == 5
    assert all(p.searched_out and p.best == 0 for p in probed)


def test_a_neighbourhood_of_random_resources_frees_only_their_events_over_the_week(tmp_path):
    probe = _probe(tmp_path, True, IDLE)
    for name, free, times in bench.neighbourhoods(probe, [0.25], 3, 0):
        if name.startswith("resources"):
            assert times is None
            assert any(set(probe.events_of_resource[r]) <= free for r in probe.events_of_resource)


@pytest.mark.parametrize("whole", [True, False])
def test_a_solution_leaving_an_event_untimed_is_refused_with_exit_2(tmp_path, whole):
    with pytest.raises(SystemExit) as stopped:
        _probe(tmp_path, whole, {e: s for e, s in IDLE.items() if e != "E4"})
    assert stopped.value.code == 2
