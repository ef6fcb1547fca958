"""A district's schools at once: every instance of a folder validated, checked, explained or solved as
a task of a Dask cluster (a local one by default, or a running scheduler), each school's result
written atomically as soon as it is done, so that a batch stopped and started again skips the schools
already done. One school's bad file or failure is that school's result and never stops the others.

Each task runs CP-SAT on one thread and the local cluster runs one task per worker process and core:
no oversubscription.
"""

from __future__ import annotations

import hashlib
import json
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from models.district import load_district, school_key, serves, shared_maximum
from models.loading import load_instance, parse_model, read_document, write_atomically
from models.solution import Solution
from models.validation import InputError

MODES = ("validate", "check", "solve", "explain")
INSTANCE_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Task:
    """One school's job: its instance file (and timetable, for check), the mode and its settings."""

    instance: str
    mode: str
    policy: str | None = None
    time_limit: float = 30.0
    timetable: str | None = None


def schools(folder: Path, mode: str) -> list[Task]:
    """The instance files of a folder, in name order; for check, each with `<name>.solution.json`."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in INSTANCE_SUFFIXES and ".solution." not in p.name)
    tasks = []
    for path in files:
        timetable = path.with_name(f"{path.stem}.solution.json")
        tasks.append(Task(str(path), mode, timetable=str(timetable) if mode == "check" else None))
    return tasks


def digest(task: Task) -> str:
    """What a result was made from: the task and its files' bytes (a changed file is run again)."""
    sha = hashlib.sha256(json.dumps(task.__dict__, sort_keys=True).encode())
    for name in (task.instance, task.timetable):
        if name and Path(name).is_file():
            sha.update(Path(name).read_bytes())
    return sha.hexdigest()


def run_school(task: Task) -> dict:
    """One school's result as plain data: status (ok, violations, infeasible, unknown, bad_input,
    error), its figures and messages; never raises."""
    result: dict = {"school": Path(task.instance).stem, "file": task.instance, "mode": task.mode, "digest": digest(task)}
    try:
        result |= _run(task)
    except InputError as error:
        result |= {"status": "bad_input"} | _said(
            [p.text("zh") for p in error.problems], [p.text("en") for p in error.problems]
        )
    except Exception as error:  # one school's failure is its own result, never the batch's
        failure = [f"{type(error).__name__}: {error}"]
        result |= {"status": "error", "trace": traceback.format_exc()} | _said(failure, failure)
    return result


def _run(task: Task) -> dict:
    from scheduler.check.checker import check_timetable
    from scheduler.check.compliance import compliance, worst_days
    from scheduler.search.counting import counting_problems

    inst = load_instance(Path(task.instance), task.policy)
    problems = counting_problems(inst)
    summary: dict = {"classes": len(inst.classes), "teachers": len(inst.teachers)}
    if problems and task.mode != "check":
        return summary | {"status": "infeasible"} | _said([p.text("zh") for p in problems], [p.text("en") for p in problems])
    if task.mode == "validate":
        return summary | {"status": "ok"} | _said([], [])
    if task.mode == "explain":
        return summary | _explained(inst, task)
    if task.mode == "check":
        solution = parse_model(Solution, read_document(Path(task.timetable)), "solution", task.timetable)
        lessons, homework = solution.lessons, solution.homework
    else:
        lessons, homework, summary = _solved(inst, task, summary)
        if not lessons:
            return summary
    violations = check_timetable(inst, lessons, homework)
    rules = [
        {
            "rule": r.rule,
            "title": r.title,
            "hard": r.hard,
            "passed": r.passed,
            "in_force": r.in_force,
            "figures": r.figures,
            "penalty": r.penalty,
        }
        for r in compliance(inst, lessons, homework)
    ]
    status = "violations" if violations else "ok"
    return summary | {
        "figures": {name: list(pair) for name, pair in worst_days(inst, lessons, homework).items()},
        "status": status,
        "violations": len(violations),
        "rules": rules,
        **_said([v.message_zh for v in violations[:20]], [v.message for v in violations[:20]]),
    }


def _unsolved(inst, summary, task: Task) -> dict:
    """Why a school has no timetable, in both languages: the proof and its explanation, or the time
    limit."""
    from scheduler.search.solve import proof_reasons

    if summary.status != "infeasible":
        return _said(["时限内未找到课表"], ["no timetable found within the time limit"])
    reasons = proof_reasons(inst, task.time_limit)
    return _said(reasons["zh"], reasons["en"])


def _said(chinese: list[str], english: list[str]) -> dict:
    """A result's messages in both languages (`messages` in Chinese, `messages_en` in English)."""
    return {"messages": chinese, "messages_en": english}


def _explained(inst, task: Task) -> dict:
    from scheduler.search.explain import explain
    from scheduler.search.remedy import remedies

    explanation = explain(inst, task.time_limit)
    if explanation.feasible:
        return {"status": "ok"} | _said([], [])
    changes = remedies(inst, explanation.groups, task.time_limit) if explanation.groups else []
    return {
        "status": "infeasible" if explanation.groups else "unknown",
        **_said(explanation.sentences_zh, explanation.sentences),
        "remedies": [[change.english, change.chinese] for change in changes],
    }


def _solved(inst, task: Task, summary: dict):
    from scheduler.search.solve import SolveOptions, solve

    solution = solve(inst, SolveOptions(time_limit=task.time_limit, workers=1, seed=0, explain=False))
    summary = summary | {"objective": solution.summary.objective, "solve_status": solution.summary.status}
    if not solution.lessons:
        return [], [], summary | {"status": solution.summary.status} | _unsolved(inst, solution.summary, task)
    summary["solution"] = json.loads(solution.model_dump_json(by_alias=True))
    return solution.lessons, solution.homework, summary


@dataclass
class Batch:
    """A batch's results by school, in name order, and the schools skipped as already done."""

    results: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def result_path(out: Path, task: Task) -> Path:
    return out / "results" / f"{Path(task.instance).stem}.json"


def run_batch(
    tasks: list[Task],
    out: Path,
    scheduler: str | None = None,
    workers: int = 2,
    progress: Callable[[dict], None] | None = None,
) -> Batch:
    """Every task on Dask (`scheduler`: a running scheduler's address, else a local cluster of
    `workers` processes with one thread each), each result written as it arrives; a task whose result
    is already there, made from the same files, is skipped."""
    from dask.distributed import Client, LocalCluster, as_completed

    batch, todo = Batch(), []
    for task in tasks:
        done = result_path(out, task)
        if done.is_file() and json.loads(done.read_text(encoding="utf-8")).get("digest") == digest(task):
            batch.skipped.append(task.instance)
        else:
            todo.append(task)
    cluster = (
        None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    )
    with Client(scheduler or cluster) as client:
        futures = client.map(run_school, todo, pure=False)
        for future in as_completed(futures):
            result = future.result()
            solved = out / "solutions" / f"{result['school']}.json"
            if solution := result.pop("solution", None):
                write_atomically(solved, json.dumps(solution, ensure_ascii=False, indent=1))
            elif result.get("mode") == "solve":
                solved.unlink(missing_ok=True)  # an earlier run's timetable no longer stands
            write_atomically(out / "results" / f"{result['school']}.json", json.dumps(result, ensure_ascii=False, indent=1))
            if progress:
                progress(result)
    if cluster is not None:
        cluster.close()
    for task in tasks:
        batch.results.append(json.loads(result_path(out, task).read_text(encoding="utf-8")))
    return batch


@dataclass
class DistrictRun:
    """A district's run: the shared teachers' visits (None when none hold), the schools' batch, the
    district check's violations and the rounds it took."""

    visits: list | None
    batch: Batch | None
    violations: list = field(default_factory=list)
    rounds: int = 0
    district: object = None
    instances: dict = field(default_factory=dict)
    timetables: dict = field(default_factory=dict)  # school -> its checked timetable's lessons
    unplaced: list = field(default_factory=list)  # with no visits: the shared teachers who have none
    failed: list = field(default_factory=list)  # the last round's schools with no timetable (their results)


def run_district(
    path: Path,
    out: Path,
    scheduler: str | None = None,
    workers: int = 2,
    time_limit: float = 30.0,
    progress: Callable[[dict], None] | None = None,
    rounds: int = 4,
) -> DistrictRun:
    """走教: the shared teachers' days at each school, then each school solved on Dask with the
    teachers away on the other days (its file as solved in `out/schools/`); a school that finds no
    timetable gets one more visit of its shared teachers next round (none when some school that fails
    has no shared teacher: more days cannot help it). The timetables are then checked together by the
    district check."""
    from scheduler.check.district import check_district
    from scheduler.search.district import assign_visits, unplaceable

    district, instances, files = load_district(path)
    more: dict[tuple[str, str], int] = {}
    run = DistrictRun(None, None, district=district, instances=instances)
    for round_number in range(1, rounds + 1):
        run.rounds, run.visits = round_number, assign_visits(district, instances, more)
        if run.visits is None:
            run.unplaced = unplaceable(district, instances, more)
            return run
        tasks = [
            Task(str(_school_file(district, instances, files[key], run.visits, out)), "solve", None, time_limit)
            for key in instances
        ]
        run.batch = run_batch(tasks, out, scheduler, workers, progress)
        run.failed = [r for r in run.batch.results if r["status"] in ("infeasible", "unknown")]
        sharing = [
            r["school"] for r in run.failed if any(r["school"] in serves(instances, s.teacher) for s in district.shared)
        ]
        if not run.failed or len(sharing) < len(run.failed):
            break  # done, or a school fails with no shared teacher to give it more days
        for school in sharing:
            for shared in district.shared:
                if school in serves(instances, shared.teacher):
                    visits = sum(1 for v in run.visits if v.teacher == shared.teacher and v.school == school)
                    more[shared.teacher, school] = visits + 1
    timetables = {}
    solved_now = {r["school"] for r in run.batch.results if r["status"] in ("ok", "violations")}
    for key in instances:
        solved = out / "solutions" / f"{key}.json"
        if key in solved_now and solved.is_file():
            timetables[key] = parse_model(Solution, read_document(solved), "solution", str(solved)).lessons
    run.violations, run.timetables = check_district(district, instances, timetables), timetables
    return run


def _school_file(district, instances: dict, original: Path, visits: list, out: Path) -> Path:
    """The school's file as solved: its own, each shared teacher blocked wherever they are not there;
    a profile it names by a relative path is named from its own folder."""
    from scheduler.search.district import blocked_at

    data = read_document(original)
    key = school_key(str(original))
    per = {shared.teacher: shared.per for shared in district.shared}
    for teacher in data.get("teachers", []):
        if (name := teacher.get("name")) in per:
            daily = shared_maximum(instances, name)
            teacher["blocked"] = blocked_at(instances[key], visits, key, name, per[name], daily)
            teacher |= {"max_per_day": daily} if daily is not None else {}
    for policy in [data.get("policy") or {}, *((section.get("policy") or {}) for section in data.get("sections", []))]:
        preset = policy.get("preset", "")
        if (
            isinstance(preset, str)
            and preset.lower().endswith((".yaml", ".yml", ".json"))
            and not Path(preset).is_absolute()
        ):
            policy["preset"] = str((original.parent / preset).resolve())
    target = out / "schools" / f"{key}.yaml"
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        write_atomically(target, text)
    return target
