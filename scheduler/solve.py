"""Solving an instance: counting checks, the CP-SAT model, then the independent checker."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import ortools
from ortools.sat.python import cp_model
from rich.console import Console

from models.instance import Instance
from models.solution import HomeworkItem, Lesson, Solution, Summary
from scheduler.check import check_timetable
from scheduler.check_soft import soft_breakdown, weighted_objective
from scheduler.constraints import FreeSlots, free_slots
from scheduler.counting import counting_problems
from scheduler.courses import build_courses
from scheduler.explain import explain
from scheduler.lns import improve, start_from
from scheduler.model import TimetableModel
from scheduler.progress import SearchState, run_search, set_time_limit
from scheduler.violation import Violation

SEARCH_SHARE = 0.5  # of the time left after the first timetable, for CP-SAT on the whole model


class CheckerDisagreement(RuntimeError):
    """The solver produced a timetable the independent checker rejects: a bug, never written out."""

    def __init__(self, violations: list[Violation], detail: str = ""):
        lines = [f"{v.rule}: {v.message}" for v in violations[:20]]
        super().__init__("the checker rejected the solver's timetable (a bug):\n" + "\n".join(lines) + detail)
        self.violations = violations


@dataclass(frozen=True)
class SolveOptions:
    """How to run CP-SAT."""

    time_limit: float = 30.0
    workers: int = 2
    seed: int = 0
    log: bool = False


STATUS_NAMES = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
    cp_model.MODEL_INVALID: "unknown",
}


def extract_lessons(tm: TimetableModel, solver: cp_model.CpSolver) -> list[Lesson]:
    """The solver's values as named lessons, ordered by class, day and period."""
    lessons = []
    for course in tm.courses:
        for (day, period), var in tm.place[course.index].items():
            if not solver.boolean_value(var):
                continue
            for class_name in course.classes:
                weeks = ("odd", "even") if course.alternating else ("all",)
                for parity in weeks:
                    part = course.part("odd" if parity == "all" else parity)
                    lessons.append(
                        Lesson(
                            **{"class": class_name},
                            subject=part.subject,
                            teachers=[part.teacher],
                            venue=part.venue,
                            day=day,
                            period=period,
                            weeks=parity,
                        )
                    )
    class_order = {c.name: i for i, c in enumerate(tm.inst.classes)}
    day_order = {d: i for i, d in enumerate(tm.inst.days)}
    lessons.sort(key=lambda l: (class_order[l.class_], day_order[l.day], l.period, l.weeks))
    return lessons


def extract_homework(tm: TimetableModel, solver: cp_model.CpSolver) -> list[HomeworkItem]:
    """The homework items set, each class's written items filling its guidance session in plan order."""
    items = []
    for school_class in tm.inst.classes:
        name, plan = school_class.name, tm.inst.class_homework(school_class.name)
        for day in tm.inst.days:
            session = tm.inst.guidance_minutes(name, day)
            for subject, entry in plan.items():
                if not solver.boolean_value(tm.homework[name, subject, day]):
                    continue
                at_school = min(session, entry.minutes) if entry.written else 0
                session -= at_school
                done_at = "school" if at_school == entry.minutes else "school+home" if at_school else "home"
                items.append(
                    HomeworkItem(
                        **{"class": name},
                        day=day,
                        subject=subject,
                        minutes=entry.minutes,
                        written=entry.written,
                        done_at=done_at,
                        school_minutes=at_school,
                    )
                )
    return items


def configure(solver: cp_model.CpSolver, options: SolveOptions) -> None:
    """Time limit, workers and seed. One worker interleaves CP-SAT's subsolvers in its one thread
    (alone, its default search found no first timetable for 24 classes in 20 s; the interleaved
    feasibility jump finds one in 0.35 s) and stops on deterministic time, so that a single-worker
    run with the same seed gives the same timetable whatever the machine's load."""
    params = solver.parameters
    params.num_workers = options.workers
    params.random_seed = options.seed
    params.log_search_progress = options.log
    params.interleave_search = options.workers == 1
    set_time_limit(params, options.time_limit, options.workers)


def _first_timetable(
    inst: Instance, domains: FreeSlots, options: SolveOptions, console: Console | None
) -> tuple[TimetableModel, cp_model.CpSolver, int, SearchState]:
    """The hard rules alone, stopped at the first timetable: fast, and a start for the full search.
    A light presolve: symmetry detection, probing and further presolve rounds took about 1 s of the
    1.4-2.1 s this search needed on a 72-class school; without them it needs 0.35-0.8 s."""
    hard, solver = TimetableModel.build(inst, soft=False, domains=domains), cp_model.CpSolver()
    configure(solver, replace(options, time_limit=max(1.0, options.time_limit / 3)))
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_presolve_iterations = 1
    if options.workers == 1:  # the feasibility jump finds it; default_lp stays to prove infeasibility
        solver.parameters.ignore_subsolvers.extend(["max_lp", "no_lp", "quick_restart", "quick_restart_no_lp"])
    status, search = run_search(solver, hard.model, console, stop_at_first=True)
    return hard, solver, status, search


def solve(
    inst: Instance, options: SolveOptions = SolveOptions(), name: str = "", console: Console | None = None
) -> Solution:
    """Solve an instance. The timetable returned has passed the independent checker.

    First a timetable under the hard rules alone (quick), then the full model with the soft rules,
    started from it, for half the time left (it proves the bound), then neighbourhood rounds
    (scheduler.lns) from the best timetable until the time limit. With a terminal `console`, a solve
    longer than a second shows live progress; Ctrl-C stops the search and the best timetable found so
    far is returned (status feasible)."""
    started = time.perf_counter()
    summary = Summary(
        status="unknown",
        solver=f"ortools {ortools.__version__}",
        seed=options.seed,
        workers=options.workers,
        time_limit_s=options.time_limit,
    )
    domains = free_slots(inst, build_courses(inst))  # shared by the counting checks and both models
    reasons = counting_problems(inst, domains)
    if reasons:
        summary.status = "infeasible"
        summary.reasons = [str(problem) for problem in reasons]
        return Solution(instance=name, summary=summary)

    hard, first, first_status, search = _first_timetable(inst, domains, options, console)
    found_first = first_status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    tm, solver, status = None, cp_model.CpSolver(), STATUS_NAMES[first_status]
    best, lns_time = solver, 0.0
    if found_first and not search.interrupted:
        tm = TimetableModel.build(inst, domains=domains)
        tm.hint_from(hard, first)
        left = options.time_limit - (first.deterministic_time if options.workers == 1 else time.perf_counter() - started)
        # CP-SAT on the whole model first (it also proves the bound), then neighbourhood rounds.
        configure(solver, replace(options, time_limit=max(1.0, left * SEARCH_SHARE)))
        if options.workers > 1:  # its fuller linear relaxation raises the bound where default_lp's stalls
            solver.parameters.subsolvers.append("max_lp")
        status = STATUS_NAMES[run_search(solver, tm.model, console, state=search)[0]]
        if status in ("feasible", "unknown") and not search.interrupted:
            # From the full search's best, or, when it found none in its share, from the first timetable.
            start = start_from(tm, solver, True) if status == "feasible" else start_from(hard, first, False)
            spent = solver.deterministic_time if options.workers == 1 else solver.wall_time
            bound = max(solver.best_objective_bound, tm.objective_floor())
            outcome = improve(tm, start, left - spent, options.workers, options.seed, bound, console, search)
            lns_time = outcome.deterministic_time
            if outcome.solver is not None:
                best, status = outcome.solver, "optimal" if outcome.objective <= bound else "feasible"
    second = solver.deterministic_time if tm is not None else 0.0
    summary.deterministic_time = round(first.deterministic_time + second + lns_time, 3)
    if options.workers > 1:
        summary.wall_time_s = round(time.perf_counter() - started, 3)
        if search.first_solution_s is not None:
            preparation = search.started - started  # counting checks and model building
            summary.first_solution_s = round(preparation + search.first_solution_s, 3)
            summary.best_solution_s = round(preparation + search.best_solution_s, 3)
    if search.interrupted:
        summary.reasons.append(f"stopped by Ctrl-C after {time.perf_counter() - started:.1f} s: the best timetable so far")

    full_found = tm is not None and status in ("optimal", "feasible")
    if full_found:
        lessons, homework = extract_lessons(tm, best), extract_homework(tm, best)
    elif found_first:  # the full search found nothing better in time: the first timetable stands
        status, lessons, homework = "feasible", extract_lessons(hard, first), extract_homework(hard, first)
    else:
        summary.status = status
        if status == "infeasible":
            explanation = explain(inst, time_limit=max(10.0, options.time_limit))
            summary.reasons = ["CP-SAT proves that no timetable satisfies every hard rule"] + explanation.text().splitlines()
        return Solution(instance=name, summary=summary)

    violations = check_timetable(inst, lessons, homework)
    if violations:
        raise CheckerDisagreement(violations)
    breakdown = soft_breakdown(inst, lessons, homework)
    summary.status, summary.soft = status, breakdown
    summary.objective = weighted_objective(inst, breakdown)
    if full_found:
        solver_breakdown = {rule: int(best.value(expr)) for rule, expr in tm.penalties.items()}
        if breakdown != solver_breakdown:
            raise CheckerDisagreement([], f"\nsoft rules: checker {breakdown}, solver {solver_breakdown}")
        summary.bound = int(round(max(solver.best_objective_bound, tm.objective_floor())))
        summary.gap = round((summary.objective - summary.bound) / max(1, abs(summary.objective)), 4)
    return Solution(instance=name, summary=summary, lessons=lessons, homework=homework)
