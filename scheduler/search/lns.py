"""Large-neighbourhood search shaped like a school: free a few classes, teachers or days, fix the
rest of the week to the best timetable so far, and let CP-SAT re-place what is free.

CP-SAT's own neighbourhoods are drawn from the model's variables and constraints; these follow the
school's structure instead (a class's week, a teacher's week, two days of a group of classes), which
is where the soft rules' trade-offs lie. Each round solves a copy of the full model whose fixed
variables have one-value domains, so presolve shrinks it to the free part; the objective is the
full one, so a round's objective is the whole timetable's.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from ortools.sat.python import cp_model
from rich.console import Console

from scheduler.model.timetable import TimetableModel
from scheduler.model.variables import Decision, Variables
from scheduler.search.progress import SearchState, progress_display, run_search, set_time_limit

ROUND_SECONDS = 0.5  # per round
NEIGHBOURS = 2  # classes or teachers freed per round; a day round frees 3 times as many classes


@dataclass(frozen=True)
class Neighbourhood:
    """What a round frees: these courses and these classes' homework, on these days (all if None)."""

    courses: frozenset[int]
    classes: frozenset[str]
    days: frozenset[str] | None

    def frees(self, decision: Decision) -> bool:
        if self.days is not None and decision.day not in self.days:
            return False
        if decision.course is None:
            return bool(self.classes.intersection(decision.classes))
        return decision.course in self.courses


def _courses_of(v: Variables, names: set[str] | list[str]) -> frozenset[int]:
    return frozenset(c.index for name in names for c in v.class_courses[name])


def _classes(v: Variables, rng: random.Random, count: int) -> list[str]:
    return rng.sample([c.name for c in v.inst.classes], min(count, len(v.inst.classes)))


def _two_days(v: Variables, rng: random.Random) -> frozenset[str]:
    return frozenset(rng.sample(v.inst.days, min(2, len(v.inst.days))))


def by_classes(v: Variables, rng: random.Random) -> Neighbourhood:
    """A few classes' whole week, homework included."""
    names = _classes(v, rng, NEIGHBOURS)
    return Neighbourhood(_courses_of(v, names), frozenset(names), None)


def by_teachers(v: Variables, rng: random.Random) -> Neighbourhood:
    """A few teachers' whole week (homework stays)."""
    teachers = rng.sample(sorted(v.teacher_courses), min(NEIGHBOURS, len(v.teacher_courses)))
    return Neighbourhood(frozenset(c.index for t in teachers for c in v.teacher_courses[t]), frozenset(), None)


def by_days(v: Variables, rng: random.Random) -> Neighbourhood:
    """Two days of a larger group of classes: lessons and homework may swap between those days."""
    names = _classes(v, rng, 3 * NEIGHBOURS)
    return Neighbourhood(_courses_of(v, names), frozenset(names), _two_days(v, rng))


def by_teacher_days(v: Variables, rng: random.Random) -> Neighbourhood:
    """Two days of every class one teacher teaches: that teacher's lessons may move between the days."""
    teacher = rng.choice(sorted(v.teacher_courses))
    names = {name for course in v.teacher_courses[teacher] for name in course.classes}
    return Neighbourhood(_courses_of(v, names), frozenset(names), _two_days(v, rng))


NEIGHBOURHOODS: list[Callable[[Variables, random.Random], Neighbourhood]] = [
    by_classes,
    by_teachers,
    by_days,
    by_teacher_days,
]


@dataclass
class Outcome:
    """The best timetable of the search: the solver holding its values (None while the start is an
    unpriced timetable), its objective, rounds run."""

    solver: cp_model.CpSolver | None
    objective: float
    rounds: int = 0
    deterministic_time: float = 0.0
    values: list[int] = field(default_factory=list)  # of the decisions, in order


def start_from(model: TimetableModel, solver: cp_model.CpSolver, priced: bool) -> Outcome:
    """The timetable `solver` holds for `model` as a start: the full model's (`priced`, with its
    objective), or the hard-rules-only model's of the same instance (same decisions, same order),
    which the first round prices."""
    values = [solver.value(d.var) for d in model.variables.decisions()]
    return Outcome(solver if priced else None, solver.objective_value if priced else math.inf, values=values)


def improve(
    tm: TimetableModel,
    best: Outcome,
    budget: float,
    workers: int,
    seed: int,
    bound: float,
    console: Console | None = None,
    state: SearchState | None = None,
) -> Outcome:
    """Rounds of neighbourhood search from the `best` timetable (see `start_from`), which they
    replace, within `budget` seconds (deterministic seconds with one worker, so that a seeded
    single-worker solve is reproducible). Stops early at the `bound` or on Ctrl-C (`state.interrupted`)."""
    state = state or SearchState()
    rng, chosen = random.Random(seed), tm.variables.decisions()
    spent, state.phase = 0.0, "neighbourhood rounds"
    give_up_at = time.perf_counter() + 10 * budget  # a wall-clock safety net, as for one worker's single searches
    display = progress_display(state, console) if console else nullcontext()
    with display:
        try:
            while spent < budget and best.objective > bound and not state.interrupted and time.perf_counter() < give_up_at:
                spent += _round(tm, chosen, best, min(ROUND_SECONDS, budget - spent), workers, seed, rng, state)
        except KeyboardInterrupt:  # pressed between two rounds' searches: the best so far stands
            state.interrupted = True
    return best


def _round(
    tm: TimetableModel,
    chosen: list[Decision],
    best: Outcome,
    seconds: float,
    workers: int,
    seed: int,
    rng: random.Random,
    state: SearchState,
) -> float:
    """One neighbourhood searched from the best timetable, which it replaces when no worse; the
    seconds (deterministic with one worker) it took, copying the model included."""
    started = time.perf_counter()
    neighbourhood = rng.choice(NEIGHBOURHOODS)(tm.variables, rng)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers, params.random_seed = workers, (seed + best.rounds + 2**31) % 2**32 - 2**31  # stays 32-bit
    set_time_limit(params, seconds, workers)
    rounds_model = tm.variables.fixed_copy(chosen, best.values, neighbourhood.frees)
    status, _ = run_search(solver, rounds_model, state=state, record_bound=False)
    best.rounds += 1
    best.deterministic_time += solver.deterministic_time
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value <= best.objective:
        best.solver, best.objective = solver, solver.objective_value
        best.values = [solver.value(d.var) for d in chosen]
    return solver.deterministic_time if workers == 1 else time.perf_counter() - started
