"""jianfu and FET side by side: the same instances, the same time limit, one after the other.

    python bench/vs_fet.py [--time-limit 60] [--runs 3] [--only primary-24 ...]

Each instance is exported with `export_fet` and given to `fet-cl` (Debian package fet); jianfu solves
the instance itself in a fresh process. For each: both statuses, both times to a complete timetable
(fet-cl: its whole run; jianfu: from its first import, in a fresh process, to the first timetable
that passed the independent checker: the Python interpreter's own start, about 0.16 s, is not
counted; also without its start-up: imports and loading), their ratio, and both
timetables' hard violations and soft-rule penalties by jianfu's checker (homework left out: FET has
none). On an impossible instance jianfu's times are to the proof (its explanation follows; fet-cl:
to its refusal or its time limit).
Prints a markdown table.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCHOOLS = [("primary", 2), ("primary", 4), ("primary", 6), ("primary", 8), ("primary", 12), ("junior", 6), ("junior", 12)]


def impossible_afternoons() -> dict:
    """A class whose afternoons only 9 lessons can fill: the 语文 and 数学 teachers are out every
    afternoon. Each subject fits on its own, so the counting checks do not see it; fet-cl refuses it
    before searching, but only through a limit of its own min-days constraint (11 数学 activities,
    at most 2 a day)."""
    from tests.conftest import out_every_afternoon

    return out_every_afternoon({"语文": 10, "数学": 11, "体育": 3, "音乐": 3, "美术": 3}, {"语文", "数学"})


def impossible_mornings() -> dict:
    """A class whose 语文, 数学 and 体育 teachers are out every afternoon: 23 lessons for its 20
    morning periods. No subject has more than 10 lessons (FET's min-days constraint fits at most 2 a
    day), so every count FET checks before its search passes, and fet-cl searches to its limit."""
    from tests.conftest import mornings_school

    return mornings_school()


def impossible_shared_window() -> dict:
    """The 语文 and 数学 teachers of a class are both free only on Monday and Tuesday mornings: 8
    periods for their 9 lessons. Each teacher, each lesson and the class fit on their own; only the
    three together show it (a Hall condition). fet-cl refuses it at once too, but for a limit of its
    own (its min-days constraint cannot put more than 2 of a set's activities on one day)."""
    from tests.conftest import school

    data = school()
    data["policy"] = {"min_daily_activity_minutes": 0, "main_subject_daily_max": 4}
    away = [{"day": day} for day in ("星期三", "星期四", "星期五")]
    away += [{"day": day, "half": "pm"} for day in ("星期一", "星期二")]
    for teacher in data["teachers"]:
        if set(teacher["teaches"]) & {"语文", "数学"}:
            teacher["blocked"] = away
    return data


def run_jianfu(data: dict, time_limit: float, queue: multiprocessing.Queue) -> None:
    """Solve in this (fresh) process on 2 workers; put on the queue: status, seconds from the process
    start to the first verified timetable or the proof, the same after start-up, the soft penalty at
    the limit, and seconds of the whole run (with an impossible school's explanation)."""
    started = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    from models.loading import parse_instance
    from scheduler.check.checker import check_timetable, soft_breakdown, weighted_objective
    from scheduler.search.solve import SolveOptions, solve

    inst = parse_instance(data)
    solve_started = time.perf_counter()
    solution = solve(inst, SolveOptions(time_limit=time_limit, workers=2))
    s = solution.summary
    if not solution.lessons:  # the proof's time from the summary; the whole run's with its explanation
        proved = s.status == "infeasible" and s.wall_time_s is not None  # None: the counting checks refuted it
        proof = s.wall_time_s if proved else time.perf_counter() - solve_started
        queue.put((s.status, solve_started - started + proof, proof, None, time.perf_counter() - started))
        return
    checked = time.perf_counter()
    assert check_timetable(inst, solution.lessons, None) == []  # the check a first timetable also gets
    in_process = s.first_solution_s + (time.perf_counter() - checked)
    first = (solve_started - started) + in_process
    soft = weighted_objective(inst, soft_breakdown(inst, solution.lessons))
    queue.put((s.status, first, in_process, soft, time.perf_counter() - started))


def jianfu_in_a_process(context, data: dict, time_limit: float) -> tuple:
    """`run_jianfu` in a fresh process (its imports timed); RuntimeError if the process dies instead
    of answering."""
    queue = context.Queue()
    process = context.Process(target=run_jianfu, args=(data, time_limit, queue))
    process.start()
    try:
        return queue.get(timeout=4 * time_limit + 300)
    except Empty:
        raise RuntimeError(f"the jianfu process gave no answer (exit code {process.exitcode})") from None
    finally:
        process.join(timeout=60)


def run_fet(data: dict, time_limit: float) -> tuple[str, float, int | None, int | None]:
    """Export to FET, run fet-cl with the limit: its status, seconds, and its timetable's hard
    violations and soft penalty by jianfu's checker (None without a timetable)."""
    from models.loading import parse_instance
    from scheduler.check.checker import check_timetable, soft_breakdown, weighted_objective
    from scheduler.formats.fet.export import export_fet
    from scheduler.formats.fet.result import read_fet_result

    inst = parse_instance(data)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "school.fet").write_text(export_fet(inst), encoding="utf-8")
        started = time.perf_counter()
        run = subprocess.run(
            [
                "fet-cl",
                "--inputfile=school.fet",
                "--outputdir=out",
                f"--timelimitseconds={int(time_limit)}",
                "--htmllevel=0",
            ],
            cwd=folder,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        result = Path(folder) / "out" / "timetables" / "school" / "school_activities.xml"
        said = run.stdout + run.stderr
        if "Simulation successful" not in said or not result.exists():
            return ("ran out of time" if "Time exceeded" in said else "refused the data"), seconds, None, None
        lessons = read_fet_result(inst, result)
        hard = len(check_timetable(inst, lessons, None))
        return "complete", seconds, hard, weighted_objective(inst, soft_breakdown(inst, lessons))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--runs", type=int, default=1, help="runs of each side per instance; medians are shown")
    args = parser.parse_args()
    from scheduler.generate import generate_school

    cases = [
        (f"{st}-{n * (6 if st == 'primary' else 3)}", lambda st=st, n=n: generate_school(st, n, 0)) for st, n in SCHOOLS
    ]
    cases += [
        ("impossible-afternoons", impossible_afternoons),
        ("impossible-mornings", impossible_mornings),
        ("impossible-shared-window", impossible_shared_window),
    ]
    context = multiprocessing.get_context("spawn")
    print(f"time limit {args.time_limit:.0f} s each; medians of {args.runs} runs; jianfu on 2 workers; fet-cl 6.8.5")
    print(
        "| instance | fet-cl | fet-cl s | FET hard violations (jianfu checker) | FET soft | jianfu | "
        "jianfu first verified s | of which after start-up | jianfu soft at limit | FET s / jianfu s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, make in cases:
        if args.only and name not in args.only:
            continue
        data = make()
        mine, theirs = [], []
        for _ in range(args.runs):
            mine.append(jianfu_in_a_process(context, data, args.time_limit))
            theirs.append(run_fet(data, args.time_limit))
        status, jianfu_s, in_process, soft, _ = _medians(mine)
        fet_status, fet_s, fet_hard, fet_soft = _medians(theirs)
        fet_figures = f"{_figure(fet_hard)} | {_figure(fet_soft)}"
        print(
            f"| {name} | {fet_status} | {fet_s:.2f} | {fet_figures} | {status} | {jianfu_s:.2f} | {in_process:.2f} "
            f"| {_figure(soft)} | {fet_s / jianfu_s:.2f} |",
            flush=True,
        )


def _medians(runs: list[tuple]) -> tuple:
    """Per column: the statuses seen (joined), else the median of the figures (None if any run had none)."""
    columns = []
    for values in zip(*runs, strict=True):
        if isinstance(values[0], str):
            columns.append(" / ".join(dict.fromkeys(values)))
        else:
            columns.append(None if None in values else statistics.median(values))
    return tuple(columns)


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


if __name__ == "__main__":
    main()
