"""bench/xhstt.py: the line that sums up a file's runs against the issue's target."""

from __future__ import annotations

import importlib.util

import pytest

from scheduler.formats.xhstt import BENCHMARKS
from tests.conftest import INSTANCES

spec = importlib.util.spec_from_file_location("bench_xhstt", INSTANCES.parent / "bench" / "xhstt.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def _run(seed: int, cost: tuple[int, int] | None, best: tuple[int, int] = (0, 50)) -> dict:
    line = {"file": "X.xml", "seed": seed, "best": best}
    return line | {"cost": cost} if cost else line


def test_runs_within_ten_percent_of_the_best_known_are_counted_at_its_infeasibility_only():
    runs = [_run(0, (0, 55)), _run(1, (0, 56)), _run(2, (1, 10)), _run(3, None)]
    line = bench.spread(runs)
    assert "seeds 0-3" in line and "objectives 55, 56" in line and "median 55.5" in line
    assert "within 10 % of 50 in 1 of 4" in line


def test_a_best_known_of_0_is_met_only_by_0():
    line = bench.spread([_run(0, (0, 0), (0, 0)), _run(1, (0, 1), (0, 0))])
    assert "within 10 % of 0 in 1 of 2" in line


def test_the_summary_counts_runs_apart_from_instances():
    assert bench.counted([_run(0, None), _run(1, None)]) == "2 runs of 1 instances"
    assert bench.counted([_run(0, None)]) == "1 instances"


@pytest.mark.parametrize("imported", [False, True])
def test_a_runs_solution_is_written_where_asked_and_reads_back_at_its_cost(tmp_path, imported):
    """--solutions: the run's solution (of the XHSTT solver, or of jianfu's on the imported instance),
    named after the file, seed and cost, scores what the line says."""
    from scheduler.check.xhstt import evaluate
    from scheduler.formats.xhstt import read_archive
    from scheduler.search.xhstt import XhsttOptions
    from tests.scheduler.search.test_xhstt_solve import _full_week, _write

    archive = _write(tmp_path, _full_week(3))
    run = bench.bench_imported if imported else bench.bench_file
    line = run(archive, XhsttOptions(time_limit=5, seed=2), None, tmp_path / "solutions")
    instance = read_archive(archive).instances[0]
    written = read_archive(line["written"], [instance]).solution_groups[0].solutions[0]
    assert line["written"].name == f"{archive.stem}-seed2-{line['cost'][0]}-{line['cost'][1]}.xml"
    score = evaluate(instance, written)
    assert (score.infeasibility, score.objective) == line["cost"]


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="the XHSTT benchmarks are not here")
def test_the_kept_solution_of_brazilinstance7_scores_below_the_published_best():
    """bench/xhstt_solutions/BrazilInstance7-0-51.xml, found by xhstt-solve --start from the best published
    solution (0/53 in solution_costs.csv), scores 0/51 by the evaluator."""
    from scheduler.check.xhstt import evaluate
    from scheduler.formats.xhstt import read_archive

    instance = read_archive(BENCHMARKS / "BrazilInstance7.xml").instances[0]
    kept = read_archive(INSTANCES.parent / "bench" / "xhstt_solutions" / "BrazilInstance7-0-51.xml", [instance])
    score = evaluate(instance, kept.solution_groups[0].solutions[0])
    assert (score.infeasibility, score.objective) == (0, 51)
    assert bench.best_known(BENCHMARKS)["BrazilInstance7.xml"] == (0, 53)


def test_progress_lines_show_each_better_solution_of_a_run_in_order():
    from scheduler.search.xhstt import Improvement

    found = (Improvement(1.25, "first", 0, 144), Improvement(30.0, "whole_model", 0, 41))
    lines = bench.progress_lines({"progress": found, "kinds": ()}).splitlines()
    assert [line.split() for line in lines] == [["1.2", "s", "first", "0/144"], ["30.0", "s", "whole_model", "0/41"]]
    assert bench.progress_lines({"progress": (), "kinds": ()}) == "    no solution"


def test_progress_lines_end_with_what_each_kind_of_neighbourhood_did():
    from scheduler.search.xhstt import Improvement, KindRecord

    kinds = (KindRecord("resources", 8, 6, 2, 10, 4.0), KindRecord("random_days", 3, 0, 0, 0, 3.0))
    lines = bench.progress_lines({"progress": (Improvement(1.0, "first", 0, 50),), "kinds": kinds}).splitlines()
    assert lines[1].split() == [
        "resources",
        "8",
        "solved",
        "6",
        "optimal",
        "2",
        "improved",
        "gain",
        "10",
        "4.0",
        "s",
        "2.50/s",
    ]
    assert lines[2].split()[-1] == "0.00/s" and len(lines) == 3
