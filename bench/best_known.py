"""The best timetable known for each benchmark school, and how far a solve lands from it.

    python bench/best_known.py report [--time-limit 60] [--seeds 0 1 2] [--schools ...] [--record]
    python bench/best_known.py record SCHOOL SOLUTION.json --how "what found it"
    python bench/best_known.py verify

`bench/best_known/` holds, per school, the best timetable anyone found (`SCHOOL.solution.json`, a
solution file `jianfu check` passes), the instance it is for (`SCHOOL.yaml`: a copy of the shipped
file, or the generator's output for its seed), and in `index.json` its objective (the checker's
weighted soft penalty) and how it was found. `record` keeps a timetable only when the independent
checker passes it and it beats the stored one; `report --record` offers every solve's timetable the
same way. `report` solves each school once per seed (2 workers) and prints the objective, the
distance to the best known, (objective - best known) / best known, with its median over the seeds,
and CP-SAT's bound and gap.
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.instance import Instance  # noqa: E402
from models.loading import load_instance, parse_model, read_document, write_atomically  # noqa: E402
from models.solution import Solution  # noqa: E402
from models.validation import InputError  # noqa: E402
from scheduler.check.checker import check_timetable, soft_breakdown, weighted_objective  # noqa: E402
from scheduler.generate import generate_school  # noqa: E402
from scheduler.search.solve import SolveOptions, solve  # noqa: E402

STORE = ROOT / "bench" / "best_known"
INDEX = STORE / "index.json"


def _shipped(name: str) -> Callable[[], str]:
    return lambda: (ROOT / "instances" / name).read_text(encoding="utf-8")


def _generated(stage: str, per_grade: int, seed: int) -> Callable[[], str]:
    command = f"jianfu generate --stage {stage} --classes-per-grade {per_grade} --seed {seed}"
    return lambda: (
        f"# {command}\n" + yaml.safe_dump(generate_school(stage, per_grade, seed), allow_unicode=True, sort_keys=False)
    )


SCHOOLS: dict[str, tuple[str, Callable[[], str]]] = {  # name -> (where it comes from, its instance text)
    "primary_24": ("instances/primary_24.yaml", _shipped("primary_24.yaml")),
    "junior_18": ("instances/junior_18.yaml", _shipped("junior_18.yaml")),
    "primary-24-seed0": ("jianfu generate --stage primary --classes-per-grade 4 --seed 0", _generated("primary", 4, 0)),
    "primary-36-seed0": ("jianfu generate --stage primary --classes-per-grade 6 --seed 0", _generated("primary", 6, 0)),
}


def instance_of(school: str) -> Instance:
    """The school's instance, as stored next to its best timetable (written there on first use)."""
    path = STORE / f"{school}.yaml"
    if not path.exists():
        write_atomically(path, SCHOOLS[school][1]())
    return load_instance(path)


def index() -> dict[str, dict]:
    """The stored best objectives and how they were found, per school."""
    return json.loads(INDEX.read_text(encoding="utf-8")) if INDEX.exists() else {}


def objective_of(inst: Instance, solution: Solution) -> int:
    """The checker's weighted soft penalty of a timetable; ValueError if it breaks a hard rule."""
    violations = check_timetable(inst, solution.lessons, solution.homework)
    if violations:
        raise ValueError(f"{len(violations)} hard-rule violations, first: {violations[0].message}")
    return weighted_objective(inst, soft_breakdown(inst, solution.lessons, solution.homework))


def record(school: str, solution: Solution, how: str) -> bool:
    """Store the timetable if the checker passes it and it beats the best known; whether it did."""
    objective = objective_of(instance_of(school), solution)
    stored = index()
    if school in stored and stored[school]["objective"] <= objective:
        return False
    write_atomically(STORE / f"{school}.solution.json", solution.model_dump_json(indent=2, by_alias=True) + "\n")
    stored[school] = {
        "instance": f"bench/best_known/{school}.yaml ({SCHOOLS[school][0]})",
        "objective": objective,
        "found_by": how,
        "recorded": datetime.date.today().isoformat(),
    }
    write_atomically(INDEX, json.dumps(stored, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    return True


def verify() -> list[str]:
    """Problems with the stored files: a timetable the checker rejects, or an objective that differs."""
    problems = []
    for school, entry in index().items():
        solution = parse_model(Solution, read_document(STORE / f"{school}.solution.json"), "solution")
        try:
            objective = objective_of(instance_of(school), solution)
        except ValueError as error:
            problems.append(f"{school}: {error}")
            continue
        if objective != entry["objective"]:
            problems.append(f"{school}: objective {objective}, {entry['objective']} recorded")
    return problems


def report(schools: list[str], time_limit: float, seeds: list[int], keep: bool) -> None:
    """Solve each school per seed and print the distance of each objective to the best known."""
    print(f"time limit {time_limit:.0f} s, 2 workers, solve seeds {seeds}")
    print("| school | best known | objectives | distances | median distance | bound | gap |")
    print("|---|---|---|---|---|---|---|")
    for school in schools:
        inst, objectives, bounds = instance_of(school), [], []
        for seed in seeds:
            solution = solve(inst, SolveOptions(time_limit=time_limit, workers=2, seed=seed))
            if solution.summary.objective is None:
                continue
            objectives.append(solution.summary.objective)
            bounds.append(solution.summary.bound)
            if keep:
                record(school, solution, f"bench/best_known.py report, {time_limit:.0f} s, 2 workers, seed {seed}")
        best = index().get(school, {}).get("objective")
        distances = [(o - best) / best for o in objectives] if best else []
        median = f"{statistics.median(distances):.1%}" if distances else "—"
        bound = max((b for b in bounds if b is not None), default=None)
        gap = f"{(min(objectives) - bound) / min(objectives):.1%}" if objectives and bound is not None else "—"
        print(
            f"| {school} | {best if best is not None else '—'} | {', '.join(map(str, objectives))} "
            f"| {', '.join(f'{d:.1%}' for d in distances)} | {median} | {bound if bound is not None else '—'} | {gap} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    verbs = parser.add_subparsers(dest="verb", required=True)
    run = verbs.add_parser("report", help="solve each school per seed; distances to the best known")
    run.add_argument("--time-limit", type=float, default=60.0)
    run.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2])
    run.add_argument("--schools", nargs="*", choices=sorted(SCHOOLS), default=list(SCHOOLS))
    run.add_argument("--record", action="store_true", help="keep a solve's timetable when it beats the best known")
    keep = verbs.add_parser("record", help="keep a solution file if it passes the checker and beats the best known")
    keep.add_argument("school", choices=sorted(SCHOOLS))
    keep.add_argument("solution", type=Path)
    keep.add_argument("--how", required=True, help="what found it (command, time limit, seed)")
    verbs.add_parser("verify", help="every stored timetable passes the checker with its recorded objective")
    args = parser.parse_args()
    if args.verb == "report":
        report(args.schools, args.time_limit, args.seeds, args.record)
    elif args.verb == "record":
        _record_file(args.school, args.solution, args.how)
    else:
        problems = verify()
        print("\n".join(problems) or f"{len(index())} best-known timetables pass the checker")
        sys.exit(1 if problems else 0)


def _record_file(school: str, path: Path, how: str) -> None:
    try:
        solution = parse_model(Solution, read_document(path), "solution")
        kept = record(school, solution, how)
    except (InputError, ValueError) as error:
        print(f"{path}: not recorded: {error}", file=sys.stderr)
        sys.exit(2)
    best = index()[school]["objective"]
    print(f"{school}: {'recorded' if kept else 'not better than the best known'} (best known {best})")


if __name__ == "__main__":
    main()
