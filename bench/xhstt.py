"""jianfu's XHSTT solver on the class-based benchmark instances, against the best published solutions.

    python bench/xhstt.py --time-limit 20 [--files BrazilInstance1.xml ...] [--seed 0] [--workers 2] [--imported]
    python bench/xhstt.py --time-limit 600 --runs 3 --files BrazilInstance7.xml FI-WP-06.xml [--solutions DIR]
    python bench/xhstt.py --time-limit 60 --first-solution --runs 6 --files ZA-WD-09.xml
    python bench/xhstt.py --time-limit 600 --bound --files BR-SA-00.xml
    python bench/xhstt.py --time-limit 600 --no-splits-first --files BR-SN-00.xml
    python bench/xhstt.py --time-limit 600 --progress --files BR-SN-00.xml

With --runs N, each file is solved N times, from seeds --seed to --seed + N - 1, one line each, then a
line with the objectives of the runs at the best known infeasibility, their median, and in how many
runs the objective is within 10 % of the best known (equal to it where it is 0): the issue's target,
which one run cannot show met reliably. With --solutions DIR, each run's solution is written there as an
XHSTT solution file named after the file, seed and cost (BrazilInstance7-seed3-0-52.xml), for
`jianfu xhstt-eval` or the reference evaluator to score.

With --progress, under each run's line, each better solution the search found: the seconds since it
started, the step that found it (first, neighbourhood, whole_model, whole_events, zero_cost) and its cost; where
runs of a file part (how low the first neighbourhoods take it, what each stall's search gains). Then,
per kind of neighbourhood, how many were solved, how many CP-SAT searched out (proved optimal), how
many improved, their gain in all (each on the solution it started from), their seconds and the gain
per second: which kinds pay. Not with --imported, whose solver is jianfu's own.

With --no-splits-first, the search does not start with the fewest busy days, then unwanted splits, where
a file wants events split a certain way (jianfu xhstt-solve --no-splits-first): the search before that step.

With --first-solution, each file's seconds to a first solution with the required costs held at 0,
of the whole model and of its single-times restriction (the two first searches of the solver), for
seeds --seed to --seed + runs - 1, capped at the time limit, and their medians.

With --bound, each file's lower bound by column generation (jianfu xhstt-bound) within the time
limit, from the weeks of the file's embedded solutions, stopping early when it reaches the best known
objective (then proven optimal, unless the solver's model leaves out some solutions of the
instance), with its seconds and rounds.

With --imported, each instance is imported into a jianfu instance (jianfu import-xhstt) and solved by
jianfu's own timetable solver, and its timetable, written back as an XHSTT solution, is scored the same
way; an instance the import refuses is shown as such.

For each instance: the infeasibility and objective of jianfu's solution at the time limit as the
independent evaluator scores it, the best known (lowest infeasibility, then lowest objective, among
the rows of solution_costs.csv for that file), the ratio of the objectives (when both solutions
have the best known infeasibility and the best known objective is not 0), and CP-SAT's bound.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.loading import parse_instance  # noqa: E402
from scheduler.check.xhstt import evaluate  # noqa: E402
from scheduler.formats.xhstt import BENCHMARKS, CLASS_BASED, read_archive, write_solution_group  # noqa: E402
from scheduler.formats.xhstt_import import import_xhstt, timetable_solution  # noqa: E402
from scheduler.model.xhstt import model_leaves_out  # noqa: E402
from scheduler.search.solve import SolveOptions, solve  # noqa: E402
from scheduler.search.xhstt import XhsttOptions, seconds_to_first_solution, solve_xhstt  # noqa: E402
from scheduler.search.xhstt_bound import bound_xhstt  # noqa: E402

LITERATURE = {  # proven figures of the objective from the literature, as the issue gives them
    "BR-SA-00.xml": "optimum 5",
    "IT-I4-96.xml": "lower bound 27",
}


def best_known(folder: Path) -> dict[str, tuple[int, int]]:
    """Per file, the (infeasibility, objective) of its best published solution."""
    best: dict[str, tuple[int, int]] = {}
    with (folder / "solution_costs.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            cost = (int(row["infeasibility"]), int(row["objective"]))
            best[row["file"]] = min(cost, best.get(row["file"], cost))
    return best


def bench_file(path: Path, options: XhsttOptions, best: tuple[int, int] | None, solutions: Path | None = None) -> dict:
    """Solve one file's instance and score the solution with the evaluator; with `solutions`, a
    folder, write the solution there."""
    instance = read_archive(path).instances[0]
    started = time.monotonic()
    run = solve_xhstt(instance, options)
    seconds = time.monotonic() - started
    line = {"file": path.name, "seed": options.seed, "status": run.status, "seconds": seconds, "best": best}
    line["bound"] = run.bound
    line["neighbourhoods"] = run.neighbourhoods
    line["progress"] = run.progress
    line["kinds"] = run.kinds
    if run.solution is None:
        return line
    line = scored(line, path, instance, run.solution, solutions, "jianfu xhstt-solve")
    line["agrees"] = (run.infeasibility, run.objective) == line["cost"]
    return line


def bench_imported(path: Path, options: XhsttOptions, best: tuple[int, int] | None, solutions: Path | None = None) -> dict:
    """Import one file's instance into jianfu's own, solve that with jianfu's solver, score the timetable
    (written back as an XHSTT solution, into `solutions` when given)."""
    instance = read_archive(path).instances[0]
    line = {"file": path.name, "seed": options.seed, "best": best, "bound": None, "seconds": 0.0}
    data, _, problems = import_xhstt(instance, path.name)
    if problems:
        return line | {"status": "refused"}
    started = time.monotonic()
    timetable = solve(parse_instance(data), SolveOptions(options.time_limit, options.workers, options.seed, lang="en"))
    line |= {"status": timetable.summary.status, "seconds": time.monotonic() - started}
    if not timetable.lessons:
        return line
    solution = timetable_solution(instance, timetable.lessons)
    return scored(line, path, instance, solution, solutions, "jianfu solve on the imported instance") | {"agrees": True}


def scored(line: dict, path: Path, instance, solution, solutions: Path | None, how: str) -> dict:
    """The line with the solution's cost by the evaluator and its ratio to the best known; with
    `solutions`, a folder, the solution written there."""
    score = evaluate(instance, solution)
    line = line | {"cost": (score.infeasibility, score.objective)}
    best = line["best"]
    if best is not None and score.infeasibility == best[0] and best[1] > 0:
        line["ratio"] = score.objective / best[1]
    if solutions is not None:
        line["written"] = keep_solution(solutions, path, instance, solution, line["seed"], line["cost"], how)
    return line


def keep_solution(folder: Path, path: Path, instance, solution, seed: int, cost: tuple[int, int], how: str) -> Path:
    """Write one run's solution into `folder` as an XHSTT solution file named after the file, seed and
    cost; `how` names what found it."""
    folder.mkdir(parents=True, exist_ok=True)
    written = folder / f"{path.stem}-seed{seed}-{cost[0]}-{cost[1]}.xml"
    metadata = {
        "Contributor": "jianfu (bench/xhstt.py)",
        "Date": time.strftime("%Y-%m-%d"),
        "Description": f"{how}, seed {seed}; infeasibility {cost[0]}, objective {cost[1]} by jianfu xhstt-eval",
    }
    write_solution_group(instance, solution, written, f"jianfu-{path.stem}-seed{seed}", metadata)
    return written


def show(line: dict) -> str:
    """One instance's line."""
    cost = line.get("cost")
    figures = [
        f"{line['file']:22}",
        f"seed {line['seed']}",
        f"{line['status']:10}",
        f"jianfu {cost[0]}/{cost[1]}" if cost else "jianfu -",
        f"best {line['best'][0]}/{line['best'][1]}" if line["best"] else "best -",
        f"ratio {line['ratio']:.2f}" if "ratio" in line else "ratio -",
        f"literature: {LITERATURE[line['file']]}" if line["file"] in LITERATURE else "",
        f"bound {line['bound'][0]}/{line['bound'][1]}" if line["bound"] else "bound -",
        f"{line['seconds']:.0f} s",
        f"{line['neighbourhoods']} neighbourhoods" if "neighbourhoods" in line else "",
    ]
    if cost and not line["agrees"]:
        figures.append("MODEL AND EVALUATOR DISAGREE")
    if "written" in line:
        figures.append(f"written {line['written']}")
    return "  ".join(f for f in figures if f)


def progress_lines(line: dict) -> str:
    """A run's better solutions in the order found: seconds, the step that found it, its cost."""
    shown = [f"    {f.seconds:6.1f} s  {f.step:13} {f.infeasibility}/{f.objective}" for f in line["progress"]]
    return "\n".join(shown + kind_lines(line["kinds"])) or "    no solution"


def kind_lines(kinds) -> list[str]:
    """Per kind of neighbourhood: how many were solved and searched out, how many improved and by how
    much of the model's objective, in how many seconds, and that gain per second."""
    return [
        f"    {k.kind:24} {k.solved:5} solved  {k.optimal:5} optimal  {k.improved:4} improved  gain {k.gain:6}"
        f"  {k.seconds:7.1f} s  {k.gain / max(k.seconds, 0.001):6.2f}/s"
        for k in kinds
    ]


def spread(lines: list[dict]) -> str:
    """One file's runs: the objectives at the best known infeasibility, their median, and how many
    runs are within 10 % of the best known objective (equal to it where it is 0)."""
    best = lines[0]["best"]
    reached = [line["cost"][1] for line in lines if "cost" in line and best and line["cost"][0] <= best[0]]
    shown = ", ".join(str(objective) for objective in reached) or "none"
    median = f"median {statistics.median(reached):g}" if reached else "median -"
    target = f"within 10 % of {best[1]} in {sum(o <= 1.1 * best[1] for o in reached)} of {len(lines)}" if best else ""
    seeds = f"seeds {lines[0]['seed']}-{lines[-1]['seed']}"
    return "  ".join(f for f in [f"{lines[0]['file']:22}", seeds, f"objectives {shown}", median, target] if f)


def counted(lines: list[dict]) -> str:
    """How many instances the lines are of, and how many runs when a file was run more than once."""
    files = len({line["file"] for line in lines})
    return f"{files} instances" if files == len(lines) else f"{len(lines)} runs of {files} instances"


def summary(lines: list[dict]) -> str:
    """How many instances got a solution, how many of infeasibility 0 and as good as the best known."""
    solved = [line for line in lines if "cost" in line]
    feasible = [line for line in solved if line["cost"][0] == 0]
    matched = [line for line in solved if line["best"] and line["cost"] <= line["best"]]
    ratios = [line["ratio"] for line in solved if "ratio" in line]
    median = f"{statistics.median(ratios):.2f}" if ratios else "-"
    disagree = sum(1 for line in solved if not line["agrees"])
    return (
        f"{counted(lines)}: {len(solved)} solved, {len(feasible)} of infeasibility 0, "
        f"{len(matched)} as good as the best known, median ratio {median}, {disagree} model/evaluator disagreements"
    )


def first_solutions(path: Path, options: XhsttOptions, runs: int) -> str:
    """Seconds to a first solution of the whole model and of the single-times model, seed by seed."""
    instance = read_archive(path).instances[0]
    seeds = range(options.seed, options.seed + runs)
    whole = [seconds_to_first_solution(instance, replace(options, seed=seed)) for seed in seeds]
    single = [seconds_to_first_solution(instance, replace(options, seed=seed), single_times=True) for seed in seeds]

    def figures(seconds: list[float | None]) -> str:
        capped = [options.time_limit if s is None else s for s in seconds]  # none found: the cap, for the median
        shown = ", ".join("none" if s is None else f"{s:.1f}" for s in seconds)
        return f"{shown} (median {statistics.median(capped):.1f})"

    return f"{path.name:22}  seeds {seeds.start}-{seeds.stop - 1}  whole: {figures(whole)}  single times: {figures(single)}"


def bound_line(path: Path, options: XhsttOptions, best: tuple[int, int] | None) -> str:
    """One file's column-generation bound against its best known objective."""
    archive = read_archive(path)
    instance = archive.instances[0]
    target = best[1] if best and best[0] == 0 else None
    started = time.monotonic()
    embedded = [s for group in archive.solution_groups for s in group.solutions]
    result = bound_xhstt(instance, options.time_limit, options.workers, target=target, start=embedded)
    seconds = time.monotonic() - started
    figures = [f"{path.name:22}", f"{result.status:10}", f"blocks {result.resource_type or '-'}"]
    if result.bound is not None:
        figures += [f"bound {result.bound}", f"Lagrangian {result.lagrangian:.3f}", f"master {result.master:.3f}"]
    figures += [f"best {best[0]}/{best[1]}" if best else "best -", f"{result.rounds} rounds", f"{result.columns} columns"]
    figures.append(f"{seconds:.0f} s")
    if result.bound is not None and target is not None and result.bound >= target:
        figures.append("proven optimal" if not model_leaves_out(instance) else "optimal in the model")
    if result.left_out:
        more = f" and {len(result.left_out) - 3} more" if len(result.left_out) > 3 else ""
        figures.append(f"left out: {', '.join(result.left_out[:3])}{more}")
    return "  ".join(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, required=True)
    parser.add_argument("--files", nargs="*", default=list(CLASS_BASED))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--folder", type=Path, default=BENCHMARKS)
    parser.add_argument("--imported", action="store_true", help="solve the imported jianfu instance with jianfu's solver")
    parser.add_argument("--first-solution", action="store_true", help="seconds to a first solution, by model")
    parser.add_argument("--runs", type=int, default=1, help="seeds per file, from --seed")
    parser.add_argument("--bound", action="store_true", help="the lower bound by column generation, by file")
    parser.add_argument("--solutions", type=Path, help="a folder to write each run's solution into")
    parser.add_argument("--no-splits-first", action="store_true", help="no first search for the fewest unwanted splits")
    parser.add_argument("--progress", action="store_true", help="each run's better solutions as found, under its line")
    args = parser.parse_args()
    if args.bound:
        best = best_known(args.folder)
        for name in args.files:
            print(bound_line(args.folder / name, XhsttOptions(args.time_limit, args.workers), best.get(name)), flush=True)
        return
    if args.first_solution:
        for name in args.files:
            print(first_solutions(args.folder / name, XhsttOptions(args.time_limit, args.workers, args.seed), args.runs))
        return
    run = bench_imported if args.imported else bench_file
    best = best_known(args.folder)
    options = XhsttOptions(args.time_limit, args.workers, args.seed, splits_first=not args.no_splits_first)
    lines = []
    for name in args.files:
        runs = []
        for seed in range(args.seed, args.seed + args.runs):
            runs.append(run(args.folder / name, replace(options, seed=seed), best.get(name), args.solutions))
            print(show(runs[-1]), flush=True)
            if args.progress and "progress" in runs[-1]:  # the imported path has no XHSTT search to show
                print(progress_lines(runs[-1]), flush=True)
        if args.runs > 1:
            print(spread(runs), flush=True)
        lines += runs
    print(summary(lines))


if __name__ == "__main__":
    main()
