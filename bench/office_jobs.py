"""Benchmark the office's daily jobs on the shipped 24-class school: check, explain, repair.

    python bench/office_jobs.py [--runs 5]

Prints medians (min-max) measured in this one run:
- check: the independent checker on a verified 24-class timetable (in-process), and the whole
  `jianfu check` command (a fresh process: start-up, reading, checking);
- explain: the shipped impossible instance (CP-SAT core, counting checks skipped) and the 24-class
  school with its playground cut to 3 classes at once (no counting check sees that one);
- repair: the 24-class timetable after one teacher's new leave day, for several teachers.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.loading import load_instance, parse_instance  # noqa: E402
from scheduler.check.checker import check_timetable  # noqa: E402
from scheduler.search.counting import counting_problems  # noqa: E402
from scheduler.search.explain import explain  # noqa: E402
from scheduler.search.repair import repair  # noqa: E402
from scheduler.search.solve import SolveOptions, solve  # noqa: E402

PRIMARY = ROOT / "instances" / "primary_24.yaml"
OPTIONS = SolveOptions(time_limit=20, workers=2, seed=0)


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"


def timed(job) -> tuple[float, object]:
    started = time.perf_counter()
    result = job()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    inst = load_instance(PRIMARY)
    solution = solve(inst, SolveOptions(time_limit=5, workers=2, seed=0))
    assert solution.summary.status in ("optimal", "feasible")

    in_process = [timed(lambda: check_timetable(inst, solution.lessons, solution.homework))[0] for _ in range(args.runs)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "primary_24.json"
        path.write_text(solution.model_dump_json(by_alias=True), encoding="utf-8")
        command = [sys.executable, "-m", "scheduler", "check", str(PRIMARY), str(path)]
        whole = [timed(lambda: subprocess.run(command, capture_output=True, check=True))[0] for _ in range(args.runs)]
    print(f"check, 24 classes ({len(solution.lessons)} lessons), checker only: {spread(in_process)}")
    print(f"check, 24 classes, whole `jianfu check` command: {spread(whole)}")

    impossible = load_instance(ROOT / "instances" / "impossible_activity.yaml")
    runs = [timed(lambda: explain(impossible, time_limit=30)) for _ in range(args.runs)]
    print(f"explain impossible_activity.yaml: {spread([t for t, _ in runs])}, {len(runs[0][1].groups)} requirements")
    data = inst.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["venues"] = [v | {"capacity": 3} if v["name"] == "操场" else v for v in data["venues"]]
    crowded = parse_instance(data)
    runs = [timed(lambda: explain(crowded, time_limit=60)) for _ in range(max(1, args.runs // 2))]
    result = runs[0][1]
    print(
        f"explain primary_24 with a 3-class playground: {spread([t for t, _ in runs])}, "
        f"{len(result.groups)} requirements, minimal={result.minimal}"
    )
    for sentence in result.sentences:
        print(f"    - {sentence}")

    times, moves, impossible_leaves = [], [], []
    for teacher_index in range(len(inst.teachers)):
        if len(times) == args.runs:
            break
        data = inst.model_dump(mode="json", by_alias=True, exclude_none=True)
        teacher = data["teachers"][teacher_index * 5 % len(data["teachers"])]
        teacher.setdefault("blocked", []).append({"day": "星期二"})
        on_leave = parse_instance(data)
        if counting_problems(on_leave):  # e.g. a daily 语文 homework item needs 语文 every day
            impossible_leaves.append(teacher["name"])
            continue
        seconds, repaired = timed(lambda leave=on_leave: repair(leave, solution.lessons, solution.homework, OPTIONS))
        assert repaired.summary.status in ("optimal", "feasible"), repaired.summary
        times.append(seconds)
        moves.append(f"{teacher['name']}: {repaired.summary.moved_lessons} ({repaired.summary.status})")
    print(f"repair after one teacher's Tuesday leave ({len(times)} teachers): {spread(times)}")
    print(f"    moved lessons: {', '.join(moves)}")
    print(f"    leaves the counting checks refute at once (skipped): {', '.join(impossible_leaves) or 'none'}")


if __name__ == "__main__":
    main()
