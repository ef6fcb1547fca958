"""Covers on the shipped term school: one teacher away for a day, and three teachers away for a week.

`python bench/cover.py [--teachers N] [--seed S]` solves `instances/term_2026_autumn.yaml` (one
worker, 10 deterministic seconds, the seed), then times `plan_covers` (the CP-SAT change set and the
independent check on its dates) for N single-day absences (teachers chosen with the seed, on the
Monday of week 7) and N week-long absences of three teachers (week 7), and prints each case and the
medians."""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter
from pathlib import Path

from models.absence import Absences
from models.loading import load_instance
from scheduler.search.cover import plan_covers
from scheduler.search.solve import SolveOptions, solve

SCHOOL = Path(__file__).resolve().parent.parent / "instances" / "term_2026_autumn.yaml"


def _time(inst, lessons, entries: list[dict]) -> tuple[float, str]:
    absences = Absences.model_validate({"absences": entries})
    started = time.perf_counter()
    plan = plan_covers(inst, lessons, absences)
    seconds = time.perf_counter() - started
    assert plan.found and not plan.violations, plan
    kinds = Counter(change.kind for change in plan.changes)
    return seconds, f"{len(plan.changes)} lessons: {dict(kinds)}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teachers", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    inst = load_instance(SCHOOL)
    lessons = solve(inst, SolveOptions(time_limit=10, workers=1, seed=args.seed)).lessons
    rng = random.Random(args.seed)
    names = [teacher.name for teacher in inst.teachers]
    for label, size, start, end in (
        ("one day", 1, "2026-10-12", "2026-10-12"),
        ("a week, three teachers", 3, "2026-10-12", "2026-10-16"),
    ):
        times = []
        for _ in range(args.teachers):
            away = rng.sample(names, size)
            seconds, what = _time(inst, lessons, [{"teacher": t, "start": start, "end": end} for t in away])
            times.append(seconds)
            print(f"{label}: {'、'.join(away)}: {seconds:.2f} s, {what}")
        print(f"{label}: median {statistics.median(times):.2f} s over {len(times)} cases (seed {args.seed})")


if __name__ == "__main__":
    main()
