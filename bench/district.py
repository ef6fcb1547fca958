"""A generated district on a local Dask cluster against the same schools one after another.

`python bench/district.py [--schools N] [--seed S] [--time-limit T] [--workers W] [--most-per-grade M]`
writes N generated schools (primary and junior, 1 to M (3) classes per grade, seeds from S) into a
temporary folder, solves them with `run_batch` on a local cluster of W one-thread workers, then with
`run_school` one after another in this process, and prints both wall times, the speed-up, and whether
every school's timetable is the same both ways (one CP-SAT worker and seed 0 per school, T
deterministic seconds each).

`--rural` runs a rural cluster instead (`generate_district`: N one-class-a-grade schools whose music
and art teachers are shared by pairs, `--shared` of them): `run_district` (the shared teachers' days,
then the schools on the cluster), the district check, then the same school files one after another;
with the peak memory of this process and of the largest worker.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from pathlib import Path

import yaml

from scheduler.batch import Task, run_batch, run_district, run_school
from scheduler.generate import generate_district, generate_school


def _district(folder: Path, schools: int, seed: int, most: int) -> list[Path]:
    rng = random.Random(seed)
    for number in range(schools):
        kind, size = rng.choice(["primary", "junior"]), rng.randint(1, most)
        data = generate_school(kind, size, seed + number)
        (folder / f"school{number:02d}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return sorted(folder.glob("*.yaml"))


def _rural(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder, out = Path(scratch) / "district", Path(scratch) / "out"
        folder.mkdir()
        district, files = generate_district(args.schools, args.shared, args.seed)
        for name, data in files.items():
            (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        (folder / "district.yaml").write_text(yaml.safe_dump(district, allow_unicode=True), encoding="utf-8")
        started = time.perf_counter()
        run = run_district(folder / "district.yaml", out, workers=args.workers, time_limit=args.time_limit)
        parallel = time.perf_counter() - started
        tasks = [Task(str(out / "schools" / name), "solve", None, args.time_limit) for name in files]
        started = time.perf_counter()
        alone = [run_school(task) for task in tasks]
        sequential = time.perf_counter() - started
        same = all(
            json.loads((out / "solutions" / f"{a['school']}.json").read_text(encoding="utf-8")) == a.get("solution")
            for a in alone
            if a["status"] == "ok"
        )
    statuses = sorted(r["status"] for r in run.batch.results) if run.batch else None
    print(
        f"rural cluster: {args.schools} schools, {args.shared} shared teachers (seed {args.seed}, {args.time_limit} s each)"
    )
    print(f"rounds {run.rounds}; schools {statuses}; district check violations {len(run.violations)}")
    visits = len(run.visits or [])
    print(f"Dask, {args.workers} workers (days of the shared teachers, {visits} visits, included): {parallel:.1f} s")
    print(f"the school files one after another: {sequential:.1f} s; speed-up {sequential / parallel:.2f}")
    print(f"the same timetable both ways: {same}")
    print(_memory())


def _memory() -> str:
    """Peak resident memory of this process and of the largest worker process that has ended."""
    mine, worker = (resource.getrusage(who).ru_maxrss // 1024 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return f"peak memory: this process {mine} MB, largest worker {worker} MB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rural", action="store_true", help="a rural cluster with shared teachers (走教)")
    parser.add_argument("--shared", type=int, default=9)
    parser.add_argument("--most-per-grade", type=int, default=3, help="classes per grade: 1 to this")
    args = parser.parse_args()
    if args.rural:
        _rural(args)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "district"
        folder.mkdir()
        tasks = [
            Task(str(path), "solve", None, args.time_limit)
            for path in _district(folder, args.schools, args.seed, args.most_per_grade)
        ]
        started = time.perf_counter()
        batch = run_batch(tasks, Path(scratch) / "out", workers=args.workers)
        parallel = time.perf_counter() - started
        started = time.perf_counter()
        alone = [run_school(task) for task in tasks]
        sequential = time.perf_counter() - started
        same = all(
            json.loads((Path(scratch) / "out" / "solutions" / f"{r['school']}.json").read_text(encoding="utf-8"))
            == a.get("solution")
            for r, a in zip(batch.results, alone, strict=True)
            if r["status"] == "ok"
        )
    statuses = sorted(r["status"] for r in batch.results)
    print(f"{args.schools} schools (seed {args.seed}, {args.time_limit} s each): {statuses}")
    timing = f"Dask, {args.workers} workers: {parallel:.1f} s; one after another: {sequential:.1f} s"
    print(f"{timing}; speed-up {sequential / parallel:.2f}")
    print(f"the same timetable both ways: {same}")
    print(_memory())


if __name__ == "__main__":
    main()
