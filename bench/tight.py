"""Schools made tighter step by step, each step solved by jianfu and by fet-cl with the same limit.

    python bench/tight.py [--time-limit 60] [--seeds 0 1 2] [--steps 0 0.25 0.5 ...] [--knob mornings]
                          [--no-fet]

A family starts from a generated primary school (`jianfu generate --stage primary --classes-per-grade 4
--seed S`) and tightens it by one knob, a step at a time; each step keeps the previous step's
restrictions and adds to them, so a family that turns impossible stays impossible:

- `mornings` (the default): the share of the non-PE teachers who lose two more mornings (Tuesday to
  Friday, never a whole day off), in a fixed random order of the teachers;
- `playground`: the playground holds fewer classes at once (the step is the share of its capacity
  taken away);
- `daily-max`: the share of the teachers who may teach at most 4 lessons a day.

For each step: both statuses, both times to a complete timetable or to a proof (jianfu: from its
process start, as in `bench/vs_fet.py`; on an impossible step, to the proof, and to the end of its
explanation),
jianfu's soft penalty at the limit, the hard-rule violations jianfu's checker finds in FET's
timetable, and what is settled about the step: possible when either side found a timetable that
passes the checker, impossible when jianfu proved it. The schools carry no homework plan unless
`--with-homework` (FET plans none). Prints a markdown table per seed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vs_fet import jianfu_in_a_process, run_fet  # noqa: E402

MORNINGS = ["星期二", "星期三", "星期四", "星期五"]
DEFAULT_STEPS = [0.0, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 1.0]


def tighter_mornings(data: dict, share: float, seed: int) -> dict:
    """`share` of the non-PE teachers, in a fixed random order, each lose two more mornings."""
    rng = random.Random(seed)
    teachers = [t for t in data["teachers"] if "体育" not in t["teaches"]]
    rng.shuffle(teachers)
    extra = {id(t): [] for t in teachers}
    for teacher in teachers:  # the draws do not depend on the share, so the steps nest
        taken = {b.get("day") for b in teacher.get("blocked", [])}
        for _ in range(2):
            days = [d for d in MORNINGS if d not in taken]
            if days:
                day = rng.choice(days)
                taken.add(day)
                extra[id(teacher)].append({"day": day, "half": "am"})
    for teacher in teachers[: round(share * len(teachers))]:
        teacher.setdefault("blocked", []).extend(extra[id(teacher)])
    return data


def smaller_playground(data: dict, share: float, seed: int) -> dict:
    """The playground loses `share` of its capacity (at least one class keeps it)."""
    for venue in data.get("venues", []):
        if venue["name"] == "操场":
            venue["capacity"] = max(1, round(venue["capacity"] * (1 - share)))
    return data


def daily_max_four(data: dict, share: float, seed: int) -> dict:
    """`share` of the teachers, in a fixed random order, teach at most 4 lessons a day."""
    teachers = list(data["teachers"])
    random.Random(seed).shuffle(teachers)
    for teacher in teachers[: round(share * len(teachers))]:
        teacher["max_per_day"] = min(4, teacher.get("max_per_day", 4))
    return data


KNOBS = {"mornings": tighter_mornings, "playground": smaller_playground, "daily-max": daily_max_four}


def without_homework(data: dict) -> dict:
    """The school without its homework plan: FET plans no homework, so both sides get the same hard
    rules (with it, a step FET's timetable passes can still be impossible for jianfu: a subject's
    homework days need that subject's lessons)."""
    for entry in data["grades"] + data["classes"]:
        entry.pop("homework", None)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2], help="generator seeds")
    parser.add_argument("--steps", type=float, nargs="*", default=DEFAULT_STEPS)
    parser.add_argument("--knob", choices=sorted(KNOBS), default="mornings")
    parser.add_argument("--no-fet", action="store_true", help="jianfu only")
    parser.add_argument("--with-homework", action="store_true", help="keep the homework plan (jianfu's rules only)")
    args = parser.parse_args()
    from scheduler.generate import generate_school

    context = multiprocessing.get_context("spawn")
    print(f"knob {args.knob}; time limit {args.time_limit:.0f} s each; jianfu on 2 workers; fet-cl 6.8.5")
    for seed in args.seeds:
        print(f"\ngenerated primary-24, seed {seed}:\n")
        print(
            "| step | fet-cl | fet-cl s | FET hard violations | jianfu | jianfu s | with explanation s "
            "| jianfu soft | settled |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for step in args.steps:
            data = KNOBS[args.knob](generate_school("primary", 4, seed), step, seed)
            if not args.with_homework:
                data = without_homework(data)
            status, seconds, _, soft, whole = jianfu_in_a_process(context, data, args.time_limit)
            fet_status, fet_s, fet_hard = run_fet(data, args.time_limit)[:3] if not args.no_fet else ("—", None, None)
            print(
                f"| {step:g} | {fet_status} | {_figure(fet_s, 2)} | {_figure(fet_hard, 0)} | {status} | {seconds:.2f} "
                f"| {_figure(whole if status == 'infeasible' else None, 2)} | {_figure(soft, 0)} "
                f"| {_settled(status, fet_status == 'complete' and fet_hard == 0)} |",
                flush=True,
            )


def _settled(status: str, fet_found: bool) -> str:
    if status == "infeasible" and fet_found:
        return "CONTRADICTION: jianfu's proof against FET's checked timetable"
    if status in ("feasible", "optimal") or fet_found:
        return "possible"
    return "impossible" if status == "infeasible" else "open"


def _figure(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


if __name__ == "__main__":
    main()
