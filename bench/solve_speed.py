"""Benchmark: time to a verified timetable and peak memory on shipped instances.

    python bench/solve_speed.py [--runs 5] [--time-limit 10] [--workers 2] [instances...]

Each run is a fresh process (so peak memory is that run's own): it loads the instance, builds the
CP-SAT model, records when the first solution arrives, solves to the time limit (or optimality)
through `scheduler.solve.solve` (which runs the independent checker), and reports medians.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import time
from pathlib import Path
from queue import Empty

ROOT = Path(__file__).resolve().parent.parent


def _first_solution_seconds(path: Path, workers: int, seed: int) -> tuple[float, float]:
    """(seconds to build the model, seconds from start to the first solution checked by the checker)."""
    from ortools.sat.python import cp_model

    from models.loading import load_instance
    from scheduler.check import check_timetable
    from scheduler.model import TimetableModel
    from scheduler.solve import SolveOptions, configure, extract_homework, extract_lessons

    started = time.perf_counter()
    inst = load_instance(path)
    tm = TimetableModel.build(inst)
    built = time.perf_counter() - started

    class StopAtFirst(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            self.stop_search()

    solver = cp_model.CpSolver()
    configure(solver, SolveOptions(time_limit=60, workers=workers, seed=seed))
    status = solver.solve(tm.model, StopAtFirst())
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE), solver.status_name(status)
    assert check_timetable(inst, extract_lessons(tm, solver), extract_homework(tm, solver)) == []
    return built, time.perf_counter() - started


def _run(path: str, time_limit: float, workers: int, seed: int, queue: multiprocessing.Queue) -> None:
    from models.loading import load_instance
    from scheduler.solve import SolveOptions, solve

    built, first = _first_solution_seconds(Path(path), workers, seed)
    started = time.perf_counter()
    solution = solve(load_instance(Path(path)), SolveOptions(time_limit=time_limit, workers=workers, seed=seed))
    full = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = solution.summary
    queue.put((built, first, full, summary.status, summary.objective, summary.bound, peak_mb))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="*", default=["instances/primary_24.yaml", "instances/junior_18.yaml"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    print(f"{args.runs} runs each, {args.workers} workers, time limit {args.time_limit} s; medians (min-max)")
    print("| instance | model build s | first verified timetable s | full solve s | status | objective | bound | peak MB |")
    print("|---|---|---|---|---|---|---|---|")
    for name in args.instances:
        rows = []
        for seed in range(args.runs):
            queue = context.Queue()
            process = context.Process(target=_run, args=(str(ROOT / name), args.time_limit, args.workers, seed, queue))
            process.start()
            try:
                rows.append(queue.get(timeout=args.time_limit * 3 + 120))
            except Empty:
                raise SystemExit(f"the run on {name} with seed {seed} failed (exit {process.exitcode})") from None
            process.join()

        def spread(index: int, rows: list[tuple] = rows) -> str:
            values = [row[index] for row in rows]
            return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"

        statuses = "/".join(sorted({row[3] for row in rows}))
        objectives = "/".join(str(v) for v in sorted({row[4] for row in rows}, key=str))
        bounds = "/".join(str(v) for v in sorted({row[5] for row in rows}, key=str))
        print(f"| {name} | {spread(0)} | {spread(1)} | {spread(2)} | {statuses} | {objectives} | {bounds} | {spread(6)} |")


if __name__ == "__main__":
    main()
