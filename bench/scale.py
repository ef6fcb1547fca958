"""Benchmark: generated schools from 12 to 72 classes (or given instance files), one fresh process each.

    python bench/scale.py [--time-limit 60] [--seed 0] [--only primary-24 ...] [--files instances/x.yaml ...]

For each school: time to the first verified timetable (counting checks + model building + first
CP-SAT solution + the independent check), time to the best one, objective, bound and gap at the time
limit, peak memory (the process's max RSS). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time
from pathlib import Path
from queue import Empty

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = [("primary", 2), ("primary", 4), ("primary", 6), ("primary", 8), ("primary", 12), ("junior", 6), ("junior", 12)]


def _run(school: str | tuple[str, int], seed: int, time_limit: float, queue: multiprocessing.Queue) -> None:
    import sys

    sys.path.insert(0, str(ROOT))
    from models.loading import load_instance, parse_instance
    from scheduler.check.checker import check_timetable
    from scheduler.generate import generate_school
    from scheduler.search.solve import SolveOptions, solve

    inst = load_instance(Path(school)) if isinstance(school, str) else parse_instance(generate_school(*school, seed))
    solution = solve(inst, SolveOptions(time_limit=time_limit, workers=2, seed=seed))
    started = time.perf_counter()
    assert check_timetable(inst, solution.lessons, solution.homework) == []
    check_s = time.perf_counter() - started
    s = solution.summary
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lessons = len([lesson for lesson in solution.lessons if lesson.weeks != "even"])
    first = None if s.first_solution_s is None else s.first_solution_s + check_s
    queue.put((len(inst.classes), lessons, first, s.best_solution_s, s.status, s.objective, s.bound, s.gap, peak_mb))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="*", help="e.g. primary-24 junior-18")
    parser.add_argument("--files", nargs="*", help="instance files to run instead of generated schools")
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    print(f"2 workers, time limit {args.time_limit:.0f} s, seed {args.seed}")
    print(
        "| school | classes | lessons/week | first verified s | best found s | status | objective | bound | gap | peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    schools = [(name, str(ROOT / name)) for name in args.files or []] or [
        (f"{stage}-{per_grade * (6 if stage == 'primary' else 3)}", (stage, per_grade)) for stage, per_grade in SCHOOLS
    ]
    for name, school in schools:
        if args.only and name not in args.only:
            continue
        queue = context.Queue()
        process = context.Process(target=_run, args=(school, args.seed, args.time_limit, queue))
        process.start()
        try:
            classes, lessons, first, best, status, objective, bound, gap, peak = queue.get(timeout=args.time_limit * 4 + 300)
        except Empty:
            print(f"| {name} | run failed (exit {process.exitcode}) |")
            continue
        process.join()
        first_text = "—" if first is None else f"{first:.2f}"
        best_text = "—" if best is None else f"{best:.1f}"
        gap_text = "—" if gap is None else f"{gap:.1%}"
        print(
            f"| {name} | {classes} | {lessons} | {first_text} | {best_text} | {status} | {objective} | {bound} | "
            f"{gap_text} | {peak:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
