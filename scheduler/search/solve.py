"""Solving an instance: counting checks, the CP-SAT model in three stages, then the independent checker.

The stages: a first timetable under the hard rules alone (quick); the full model with the soft rules,
started from it, for half the time left (it proves the bound); then neighbourhood rounds
(scheduler.search.lns) from the best timetable until the time limit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import ortools
from ortools.sat.python import cp_model
from rich.console import Console

from models.calendar import LANGS, Lang
from models.courses import Course, build_courses
from models.instance import Instance
from models.solution import Solution, Summary
from scheduler.check.checker import check_timetable, soft_breakdown, weighted_objective
from scheduler.check.violation import Violation
from scheduler.model.rules.availability import FreeSlots, free_slots
from scheduler.model.timetable import TimetableModel
from scheduler.search.counting import counting_problems
from scheduler.search.explain import explain
from scheduler.search.lns import improve, start_from
from scheduler.search.progress import SearchState, run_search, set_time_limit, set_workers

SEARCH_SHARE = 0.5  # of the time left after the first timetable, for CP-SAT on the whole model
QUICK_SECONDS = 2.0  # at most, for the quick first search; a third of the limit when that is less


class CheckerDisagreement(RuntimeError):
    """The solver produced a timetable the independent checker rejects: a bug, never written out."""

    def __init__(self, violations: list[Violation], detail: str = ""):
        lines = [f"{v.rule}: {v.message}" for v in violations[:20]]
        super().__init__("the checker rejected the solver's timetable (a bug):\n" + "\n".join(lines) + detail)
        self.violations = violations


@dataclass(frozen=True)
class SolveOptions:
    """How to run CP-SAT, and the language of the reasons and progress line it reports."""

    time_limit: float = 30.0
    workers: int = 2
    seed: int = 0
    log: bool = False
    lang: Lang = "zh"
    explain: bool = True  # when CP-SAT proves there is none, the reasons include the explanation


REASONS: dict[str, dict[str, str]] = {  # why a solve gave no timetable, or stopped early
    "zh": {
        "proved": "求解器已证明：没有课表能满足全部硬性规则",
        "stopped": "搜索在 {seconds:.1f} 秒时被 Ctrl-C 或终止信号停止：课表为目前找到的最好一份",
    },
    "en": {
        "proved": "CP-SAT proves that no timetable satisfies every hard rule",
        "stopped": "stopped by Ctrl-C or SIGTERM after {seconds:.1f} s: the best timetable so far",
    },
}

STATUS_NAMES = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
    cp_model.MODEL_INVALID: "unknown",
}


@dataclass
class SearchResult:
    """What one search found: the model searched, the solver that holds its best timetable, the status."""

    tm: TimetableModel
    solver: cp_model.CpSolver
    status: str
    spent: float = 0.0  # deterministic seconds of every search up to this one

    @property
    def found(self) -> bool:
        """Whether the solver holds a timetable."""
        return self.status in ("optimal", "feasible")


def configure(solver: cp_model.CpSolver, options: SolveOptions) -> None:
    """Time limit, workers (see set_workers) and seed. One worker stops on deterministic time, so that
    a single-worker run with the same seed gives the same timetable whatever the machine's load."""
    params = solver.parameters
    set_workers(params, options.workers)
    params.random_seed = options.seed
    params.log_search_progress = options.log
    set_time_limit(params, options.time_limit, options.workers)


def _first_timetable(
    inst: Instance, courses: list[Course], domains: FreeSlots, options: SolveOptions, console: Console | None
) -> tuple[SearchResult, SearchState]:
    """The hard rules alone, stopped at the first timetable: fast, and a start for the full search.
    A light presolve: symmetry detection, probing and further presolve rounds cost most of this
    search's time on big schools (README, Speed)."""
    hard, solver = TimetableModel.build(inst, courses, soft=False, domains=domains), cp_model.CpSolver()
    configure(solver, replace(options, time_limit=max(1.0, min(options.time_limit / 3, QUICK_SECONDS))))
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_presolve_iterations = 1
    if options.workers == 1:  # the feasibility jump finds it; default_lp stays to prove infeasibility
        solver.parameters.ignore_subsolvers.extend(["max_lp", "no_lp", "quick_restart", "quick_restart_no_lp"])
    search = SearchState(phase="first timetable", lang=options.lang)
    status, _ = run_search(solver, hard.model, console, stop_at_first=True, state=search)
    return SearchResult(hard, solver, STATUS_NAMES[status], solver.deterministic_time), search


def hard_rules_status(inst: Instance, options: SolveOptions) -> str:
    """Whether the school has a timetable under its hard rules: "feasible" at the first one found,
    "infeasible" when the counting checks or CP-SAT prove there is none, else "unknown"."""
    started = time.perf_counter()
    courses = build_courses(inst)
    domains = free_slots(inst, courses)
    if counting_problems(inst, courses, domains):
        return "infeasible"
    first, search = _first_timetable(inst, courses, domains, options, None)
    if first.status == "unknown":
        first = _thorough_first(first, options, started, None, search)
    return "feasible" if first.found else first.status


def proof_reasons(inst: Instance, time_limit: float) -> dict[Lang, list[str]]:
    """Why CP-SAT finds no timetable, in each language: the proof, then the explanation (a minimal
    set of requirements that cannot hold together), from one explanation."""
    explanation = explain(inst, time_limit=max(10.0, time_limit))
    return {lang: [REASONS[lang]["proved"], *explanation.text(lang).splitlines()] for lang in LANGS}


def _time_left(options: SolveOptions, started: float, done: SearchResult) -> float:
    """Seconds of the limit left after `done`: deterministic with one worker, wall-clock with more."""
    return options.time_limit - (done.spent if options.workers == 1 else time.perf_counter() - started)


def _thorough_first(
    first: SearchResult, options: SolveOptions, started: float, console: Console | None, search: SearchState
) -> SearchResult:
    """When the quick search found nothing: the hard rules again, with CP-SAT's full presolve and its
    full linear relaxation on one worker, until the limit. On tight schools this finds the timetable
    or proves there is none where the quick search and the multi-worker portfolio stall (README, Speed)."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers, params.random_seed, params.log_search_progress = options.workers, options.seed, options.log
    if options.workers == 1:
        params.linearization_level = 2
    else:  # max_lp is linearization level 2; no first-solution workers: the quick search had those
        params.subsolvers.extend(["max_lp", "default_lp"])
    set_time_limit(params, max(1.0, _time_left(options, started, first)), options.workers)
    search.phase = "proving or finding a first timetable"
    status, _ = run_search(solver, first.tm.model, console, stop_at_first=True, state=search)
    return SearchResult(first.tm, solver, STATUS_NAMES[status], first.spent + solver.deterministic_time)


def _full_search(
    inst: Instance,
    courses: list[Course],
    domains: FreeSlots,
    first: SearchResult,
    options: SolveOptions,
    started: float,
    console: Console | None,
    search: SearchState,
) -> tuple[SearchResult, float]:
    """CP-SAT on the whole model, hinted with the first timetable, for its share of the time left
    once the model is built; the result and that time left."""
    tm, solver = TimetableModel.build(inst, courses, domains=domains), cp_model.CpSolver()
    tm.hint_from(first.tm, first.solver)
    left = _time_left(options, started, first)
    configure(solver, replace(options, time_limit=max(1.0, left * SEARCH_SHARE)))
    if options.workers > 1:  # its fuller linear relaxation raises the bound where default_lp's stalls
        solver.parameters.subsolvers.append("max_lp")
    search.phase = "full model"
    status = STATUS_NAMES[run_search(solver, tm.model, console, state=search)[0]]
    return SearchResult(tm, solver, status, first.spent + solver.deterministic_time), left


def _bound(full: SearchResult) -> float:
    """The best bound on the objective: CP-SAT's, never below the soft rules' own floors."""
    return max(full.solver.best_objective_bound, full.tm.objective_floor())


def _neighbourhood_rounds(
    full: SearchResult,
    first: SearchResult,
    budget: float,
    options: SolveOptions,
    console: Console | None,
    search: SearchState,
) -> tuple[SearchResult, float]:
    """Neighbourhood rounds for `budget` seconds from the full search's best, or, when it found none
    in its share, from the first timetable; the best stage and the rounds' deterministic time."""
    start = start_from(full.tm, full.solver, True) if full.found else start_from(first.tm, first.solver, False)
    bound = _bound(full)
    outcome = improve(full.tm, start, budget, options.workers, options.seed, bound, console, search)
    if outcome.solver is None:  # no round priced the first timetable, so nothing is better than it
        return full, outcome.deterministic_time
    status = "optimal" if outcome.objective <= bound else "feasible"
    return SearchResult(full.tm, outcome.solver, status), outcome.deterministic_time


def solve(
    inst: Instance, options: SolveOptions = SolveOptions(), name: str = "", console: Console | None = None
) -> Solution:
    """Solve an instance. The timetable returned has passed the independent checker.

    With a terminal `console`, a solve longer than a second shows live progress; Ctrl-C stops the
    search and the best timetable found so far is returned (status feasible)."""
    started = time.perf_counter()
    summary = Summary(
        status="unknown",
        solver=f"ortools {ortools.__version__}",
        seed=options.seed,
        workers=options.workers,
        time_limit_s=options.time_limit,
    )
    courses = build_courses(inst)
    domains = free_slots(inst, courses)  # shared by the counting checks and every model
    reasons = counting_problems(inst, courses, domains)
    if reasons:
        summary.status, summary.reasons = "infeasible", [problem.text(options.lang) for problem in reasons]
        return Solution(instance=name, summary=summary)
    first, search = _first_timetable(inst, courses, domains, options, console)
    if first.status == "unknown" and not search.interrupted:
        first = _thorough_first(first, options, started, console, search)
    full, best, rounds_time = None, first, 0.0
    if first.found and not search.interrupted:
        full, left = _full_search(inst, courses, domains, first, options, started, console, search)
        best = full
        if full.status in ("feasible", "unknown") and not search.interrupted:
            spent = full.solver.deterministic_time if options.workers == 1 else full.solver.wall_time
            best, rounds_time = _neighbourhood_rounds(full, first, left - spent, options, console, search)
    _record_times(summary, options, started, search, first, full, rounds_time)
    return _finish(inst, name, summary, first, full, best, options)


def _record_times(
    summary: Summary,
    options: SolveOptions,
    started: float,
    search: SearchState,
    first: SearchResult,
    full: SearchResult | None,
    rounds_time: float,
) -> None:
    """The deterministic time of every stage; wall times too when several workers make them vary."""
    spent = full.spent if full is not None else first.spent
    summary.deterministic_time = round(spent + rounds_time, 3)
    if options.workers > 1:
        summary.wall_time_s = round(time.perf_counter() - started, 3)
        if search.first_solution_s is not None:
            preparation = search.started - started  # counting checks and model building
            summary.first_solution_s = round(preparation + search.first_solution_s, 3)
            summary.best_solution_s = round(preparation + search.best_solution_s, 3)
    if search.interrupted:
        seconds = time.perf_counter() - started
        summary.reasons.append(REASONS[options.lang]["stopped"].format(seconds=seconds))


def _finish(
    inst: Instance,
    name: str,
    summary: Summary,
    first: SearchResult,
    full: SearchResult | None,
    best: SearchResult,
    options: SolveOptions,
) -> Solution:
    """The best stage's timetable, verified by the checker, with its summary; or why there is none."""
    from_full = full is not None and best.found
    if from_full:
        result = best
    elif first.found:  # the full search found nothing better in time: the first timetable stands
        result = replace(first, status="feasible")
    else:
        summary.status = first.status
        if first.status == "infeasible":
            proof = proof_reasons(inst, options.time_limit)[options.lang] if options.explain else None
            summary.reasons = proof or [REASONS[options.lang]["proved"]]
        return Solution(instance=name, summary=summary)
    lessons, homework = result.tm.variables.lessons(result.solver), result.tm.variables.homework_items(result.solver)
    violations = check_timetable(inst, lessons, homework)
    if violations:
        raise CheckerDisagreement(violations)
    breakdown = soft_breakdown(inst, lessons, homework)
    summary.status, summary.soft = result.status, breakdown
    summary.objective = weighted_objective(inst, breakdown)
    if from_full:  # the full model's counts must be the checker's
        solver_breakdown = {rule: int(result.solver.value(count)) for rule, count in result.tm.penalties.items()}
        if breakdown != solver_breakdown:
            raise CheckerDisagreement([], f"\nsoft rules: checker {breakdown}, solver {solver_breakdown}")
        summary.bound = int(round(_bound(full)))
        summary.gap = round((summary.objective - summary.bound) / max(1, abs(summary.objective)), 4)
    return Solution(instance=name, summary=summary, lessons=lessons, homework=homework)
