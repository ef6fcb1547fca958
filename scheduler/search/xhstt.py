"""The search for a class-based XHSTT instance's timing at the lowest XHSTT cost, on the CP-SAT model
of scheduler.model.xhstt: a first solution with the required costs held at 0, then neighbourhood
search (scheduler.search.xhstt_lns), CP-SAT on the whole model at each stall, and a perturbation where
that leaves the solution as it is."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from ortools.sat.python import cp_model

from models.validation import InputError
from models.xhstt import Instance, Solution
from scheduler.model.xhstt import (
    Candidate,
    XhsttModel,
    left_out_constraints,
    model_leaves_out,
    modelled_constraints,
)
from scheduler.model.xhstt_whole import WholeEventsModel, whole_model_misfits
from scheduler.model.xhstt_zero import PartsZeroClauses, ZeroCostClauses, parts_zero_misfits
from scheduler.search.progress import set_workers
from scheduler.search.solve import STATUS_NAMES
from scheduler.search.xhstt_lns import KindScores, neighbourhood, whole_neighbourhood
from scheduler.search.xhstt_zero import ZeroCostOutcome, ZeroCostSearch

ZERO_SHARE = 0.4  # of the time left, at most, for the SAT solvers' timing of cost 0 alone (whole events, before the search)
BESIDE_SHARE = 0.25  # of the time limit, at most, for the SAT solver's timing of cost 0 beside the search
BESIDE_COPIES = 1  # SAT solvers beside CP-SAT's search: each takes one core from it while it runs
SEARCH_SHARE = 0.3  # of the time left, at most, for CP-SAT on the whole model before neighbourhood search
SETTLE_SHARE = 0.05  # of the time limit, after which the whole model's first solution found ends that search
LNS_SECONDS = 1.0  # per neighbourhood, at first and after each improvement
LNS_MAX_SECONDS = 8.0  # per neighbourhood, at most, after the search has stalled
STALL_ROUNDS = 30  # neighbourhoods without improvement after which each gets twice the time
WHOLE_SECONDS = 60.0  # of CP-SAT on the whole model from the current solution, at each stall
WHOLE_LNS_ONLY = True  # that search: every worker on CP-SAT's own neighbourhoods, none on its tree search
LNS_MIN_SECONDS = 0.2
PERTURB_FREED = 0.3  # of the events, freed in a perturbation
PERTURB_RISE = 0.1  # of the objective, the most a perturbation may add to it (at least 1)
PERTURB_SECONDS = 2.0  # per perturbation, at most
LNS_START_SHARE = 0.2  # of the events, freed in a neighbourhood at first
WHOLE_SHARE = 0.2  # of the events, freed in a whole-events neighbourhood of random resources
WHOLE_STALL_SHARE = 0.2  # of the time limit without improvement, after which the whole-events search hands over
SPLITS_FIRST_SHARE = 0.1  # of the time limit, at most, for the timing with the lowest slow costs first
DAYS_PATIENCE_SHARE = 0.25  # of that step's time: its days search ends after this long (at least) without fewer
WATCH_SECONDS = 0.1  # between two looks of the watch that stops a stalled search
FOUND = (cp_model.OPTIMAL, cp_model.FEASIBLE)
STATUS = STATUS_NAMES | {cp_model.MODEL_INVALID: "invalid"}
DISTRIBUTE = "DistributeSplitEventsConstraint"
CLUSTER = "ClusterBusyTimesConstraint"


@dataclass(frozen=True)
class XhsttOptions:
    """How long and how to search; `approximate` leaves out constraints of types not modelled;
    `splits_first` searches first for the lowest slow costs (busy days, then unwanted splits) where
    the instance has wanted splits (see _splits_first)."""

    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    approximate: bool = False
    splits_first: bool = True


@dataclass(frozen=True)
class XhsttRun:
    """A solve's outcome: the solution (None when none was found) and the model's view of its cost.

    `bound` is CP-SAT's lexicographic lower bound (infeasibility, then objective at that infeasibility);
    `costs` each modelled constraint's cost by Id; `left_out` the Ids of constraints not modelled;
    `progress` each better solution as it was found (see Improvement); `kinds` what each kind of
    neighbourhood did (see KindRecord).
    """

    status: str
    solution: Solution | None
    infeasibility: int | None = None
    objective: int | None = None
    bound: tuple[int, int] | None = None
    costs: dict[str, int] = field(default_factory=dict)
    left_out: tuple[str, ...] = ()
    progress: tuple[Improvement, ...] = ()
    kinds: tuple[KindRecord, ...] = ()

    @property
    def neighbourhoods(self) -> int:
        """How many neighbourhoods the search after the first solution solved."""
        return sum(kind.solved for kind in self.kinds)


@dataclass(frozen=True)
class Improvement:
    """A better solution found in a solve: `seconds` after the solve started, the `step` that found
    it (first: the solution the search starts from; neighbourhood; whole_model: CP-SAT on the whole
    model at a stall; whole_events: the whole-events model's search; zero_cost: the SAT solver's
    timing of cost 0), its infeasibility and objective."""

    seconds: float
    step: str
    infeasibility: int
    objective: int


@dataclass
class KindRecord:
    """What the neighbourhoods of one kind did in a solve: how many CP-SAT solved, how many of those it
    searched out (proved optimal), how many improved the solution they started from and by how much
    of the model's objective in all, and their seconds. Kinds that free far more or less than the
    search asks, or that improve little per second, show here."""

    kind: str
    solved: int = 0
    optimal: int = 0
    improved: int = 0
    gain: int = 0
    seconds: float = 0.0


class _Progress:
    """The improvements of one solve, in order, each passed on to `on_improvement` as it is found, and
    what each kind of neighbourhood did."""

    def __init__(self, on_improvement: Callable[[Improvement], None] | None = None):
        self.started = time.monotonic()
        self.found: list[Improvement] = []
        self.on_improvement = on_improvement
        self.kinds: dict[str, KindRecord] = {}

    def record(self, step: str, cost: tuple[int, int]) -> None:
        """Keep the solution of that cost, found by `step`, when it is better than the last kept."""
        if self.found and cost >= (self.found[-1].infeasibility, self.found[-1].objective):
            return
        self.found.append(Improvement(time.monotonic() - self.started, step, *cost))
        if self.on_improvement is not None:
            self.on_improvement(self.found[-1])

    def tally(self, kind: str, seconds: float, status: int, gain: float) -> None:
        """Count a neighbourhood of that kind, solved in `seconds` with that status, that lowered the
        model's objective by `gain` (0 when it did not)."""
        record = self.kinds.setdefault(kind, KindRecord(kind))
        record.solved += 1
        record.optimal += status == cp_model.OPTIMAL
        record.improved += gain > 0
        record.gain += max(0, int(round(gain)))
        record.seconds += seconds


def _cost(model: XhsttModel, value: float) -> tuple[int, int]:
    """A value of the model's objective as infeasibility and objective (required costs weigh `factor`
    each in the model where they are not held at 0)."""
    value = max(0, int(round(value)))  # every cost is at least 0
    return (0, value) if model.required_hard else divmod(value, model.factor)


def solve_xhstt(
    instance: Instance,
    options: XhsttOptions = XhsttOptions(),
    start: Solution | None = None,
    on_improvement: Callable[[Improvement], None] | None = None,
) -> XhsttRun:
    """The best timing CP-SAT finds for `instance` within the time limit, with its model costs.

    First with every required constraint's cost held at 0 (a strong model, where the bound holds
    among solutions of infeasibility 0): for the lowest slow costs (busy days, then unwanted splits)
    when the instance has non-required DistributeSplitEvents constraints (see _splits_first) unless
    the options turn that off, else for the lowest cost;
    then, if that finds nothing within its share of the time, with every event split into single
    times where it may be; when neither finds a solution, or the first proves there is none, the
    model where required costs are weighed. The rest of the time goes to neighbourhood search from
    the best solution: the parts on a few days, or the events of a few resources or of points that
    cost something, free, the others fixed; whenever that stalls, to CP-SAT on the whole model for a
    while, and when that does not improve either, on from a perturbation of its solution (the best
    solution kept apart). An instance whose events are each timed whole (see
    scheduler.model.xhstt_whole) is first asked of SAT solvers at cost 0, then searched in the
    whole-events model instead while one of them goes on beside, its solution carried into the
    candidate model (see _whole_events_search) and searched there on when the whole-events search
    stalls, the model above only where that finds nothing. On any other instance whose constraints
    the clauses of scheduler.model.xhstt_zero hold for, a SAT solver looks for a timing of cost 0
    beside the search from its start (see _zero_beside), in a process of its own. With `start`, a solution of the
    instance (a published one, or one of a previous run), the first searches are skipped: the search
    starts from it (see _from_start; an InputError names its parts the model has no candidate for).
    Each better solution is passed to `on_improvement` as it is found, and kept in the run's progress.
    """
    progress = _Progress(on_improvement)
    ids = tuple(c.id for c in left_out_constraints(instance, options.approximate))
    constraints = modelled_constraints(instance)
    deadline = time.monotonic() + options.time_limit
    model = XhsttModel(instance, constraints, required_hard=True)
    with _NoneBeside() if start is not None else _zero_beside(model, options, deadline) as beside:
        return replace(_search(model, options, deadline, progress, start, beside), left_out=ids)


def _search(
    model: XhsttModel,
    options: XhsttOptions,
    deadline: float,
    progress: _Progress,
    start: Solution | None,
    beside: _ZeroBeside | _NoneBeside,
) -> XhsttRun:
    """solve_xhstt's search in `model` (required costs held at 0), with the SAT solver `beside` it
    (or none)."""
    instance, constraints = model.instance, model.constraints
    share, settle = options.time_limit * SEARCH_SHARE, options.time_limit * SETTLE_SHARE
    status, floor = cp_model.UNKNOWN, 0.0
    if start is not None:
        model, solver, status = _from_start(model, start, options, deadline)
    elif not whole_model_misfits(instance, constraints):
        solver, status, floor = _whole_events_search(model, options, deadline, progress, beside)
    if start is None and status not in FOUND and options.splits_first and _wanted_splits(model):
        solver, status = _splits_first(model, options, deadline, beside.timing_found)
        floor = 0.0  # a carried solution: the bound of a search on other costs says nothing of these
    if start is None and status not in FOUND:
        solver, status, floor = _hard_search(model, options, deadline, share, settle, beside.timing_found)
    if status not in FOUND and (zero := beside.found(options, deadline, progress)):
        solver, status = zero, cp_model.OPTIMAL  # a timing the first searches missed: cost 0
    if status not in FOUND and deadline > time.monotonic():
        model, beside = XhsttModel(instance, constraints), _NoneBeside()
        left = deadline - time.monotonic()
        solver, status = _solve(model.model, options, left, settle_after=min(left * SEARCH_SHARE, settle))
        floor = solver.best_objective_bound
    if status not in FOUND:
        return XhsttRun(STATUS[status], None)
    progress.record("first", _cost(model, solver.objective_value))
    if status != cp_model.OPTIMAL and (zero := beside.found(options, deadline, progress)):
        solver, status = zero, cp_model.OPTIMAL
    floor = max(floor, 0.0, beside.floor)  # every cost is at least 0
    if status != cp_model.OPTIMAL:
        solver, proven = _improve(model, solver, options, deadline, floor, progress, beside)
        if proven:
            status, floor = cp_model.OPTIMAL, solver.objective_value
    floor = max(floor, beside.floor)
    bounds = _cost(model, floor)
    infeasibility, objective = (int(solver.value(sum(terms))) for terms in (model.required_terms, model.other_terms))
    costs = {cid: int(solver.value(sum(terms))) for cid, terms in model.terms.items()}
    solution, found, kinds = model.solution(solver), tuple(progress.found), tuple(progress.kinds.values())
    return XhsttRun(STATUS[status], solution, infeasibility, objective, bounds, costs, (), found, kinds)


def seconds_to_first_solution(instance: Instance, options: XhsttOptions, single_times: bool = False) -> float | None:
    """Seconds (building aside) CP-SAT takes to a first solution with the required costs held at 0,
    on the whole model or on its single-times restriction (constraints of types not modelled left
    out); None when it finds none within the options' time limit or proves there is none."""
    model = XhsttModel(instance, modelled_constraints(instance), required_hard=True, single_times=single_times)
    start = time.monotonic()
    _, status = _solve(model.model, options, options.time_limit, settle_after=0.0)
    return time.monotonic() - start if status in FOUND else None


def _solve(
    model: cp_model.CpModel,
    options: XhsttOptions,
    time_limit: float,
    settle_after: float | None = None,
    lns_only: bool = False,
    patience: float | None = None,
    interrupt: threading.Event | None = None,
) -> tuple[cp_model.CpSolver, int]:
    """CP-SAT on one model, with the options' workers and seed; with `settle_after`, it stops at the
    first solution found after that many seconds; with `patience`, once that many seconds, and as long
    as it took to find it, pass after its last better solution; with `interrupt`, once that is set
    (see _Watched); with `lns_only`, every worker runs CP-SAT's own neighbourhoods (none searches the
    whole tree, so none proves a bound). One worker interleaves CP-SAT's subsolvers (see set_workers)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.01)
    set_workers(solver.parameters, options.workers)
    solver.parameters.random_seed = options.seed
    solver.parameters.use_lns_only = lns_only
    if settle_after is None and patience is None and interrupt is None:
        return solver, solver.solve(model)
    settle_at = None if settle_after is None else time.monotonic() + settle_after
    return solver, _Watched(settle_at, patience, interrupt).solve(solver, model)


def _tallied_solve(
    trial: cp_model.CpModel,
    options: XhsttOptions,
    time_limit: float,
    progress: _Progress,
    kind: str,
    before: float,
    scores: KindScores | None = None,
) -> tuple[cp_model.CpSolver, int]:
    """_solve on a neighbourhood of that kind, counted in `progress` with its gain on the objective
    `before` it (see _Progress.tally), and taken into `scores` where given."""
    started = time.monotonic()
    attempt, status = _solve(trial, options, time_limit)
    seconds = time.monotonic() - started
    gain = before - attempt.objective_value if status in FOUND else 0.0
    progress.tally(kind, seconds, status, gain)
    if scores is not None:
        scores.learn(kind, gain, seconds)
    return attempt, status


def _hard_search(
    model: XhsttModel,
    options: XhsttOptions,
    deadline: float,
    share: float,
    settle: float,
    interrupt: threading.Event | None = None,
) -> tuple[cp_model.CpSolver, int, float]:
    """The model with required costs held at 0, searched for at most `share` seconds, stopping at the
    first solution found after `settle`; when that finds nothing, the same model with every event
    split into single times where it may be, to its first solution, within SEARCH_SHARE of the time
    left (in attempts, see _first_solution), carried into the whole model. The single-times model is
    a restriction (its solutions are the whole model's) with far fewer ways to split an event: on some
    tight instances its first solution takes seconds where the whole model's takes minutes. Returns
    the solver, its status and a lower bound on the objective: CP-SAT's, or 0 for a carried solution
    (the restriction's bound says nothing of the whole). Each search stops once `interrupt` is set."""
    solver, status = _solve(model.model, options, share, settle_after=settle, interrupt=interrupt)
    if status != cp_model.UNKNOWN or _is_set(interrupt):
        return solver, status, solver.best_objective_bound if status in FOUND else 0.0
    single = XhsttModel(model.instance, model.constraints, required_hard=True, single_times=True)
    single_share = (deadline - time.monotonic()) * SEARCH_SHARE
    found, status = _first_solution(single.model, options, single_share, 2 * settle, settle=0.0, interrupt=interrupt)
    if status not in FOUND:
        return found, cp_model.UNKNOWN, 0.0  # a restriction without a solution proves nothing of the whole
    return *_carried_found(model, single.chosen_in(found), options, deadline - time.monotonic()), 0.0


def _wanted_splits(model: XhsttModel) -> list:
    """The costs of the instance's non-required DistributeSplitEvents constraints (how many parts of
    each duration an event should split into: a school's wanted double lessons)."""
    return _soft_costs(model, DISTRIBUTE)


def _soft_costs(model: XhsttModel, kind: str) -> list:
    """The costs of the instance's non-required constraints of that type."""
    return [t for c in model.constraints if c.type == kind and not c.required for t in model.terms[c.id]]


def _splits_first(
    model: XhsttModel, options: XhsttOptions, deadline: float, interrupt: threading.Event | None = None
) -> tuple[cp_model.CpSolver, int]:
    """The timing with the lowest slow costs, required costs held at 0, searched for SPLITS_FIRST_SHARE
    of the time limit at most: first the fewest busy days (the non-required ClusterBusyTimes costs, a
    teacher's days), a search that ends once DAYS_PATIENCE_SHARE of the step, and as long as it took to
    find its last, pass without fewer (it finds its fewest in seconds, where proving them the fewest
    may take the whole step); then, from its solution, the fewest unwanted splits (see _wanted_splits),
    the days held at most as found only where that search proved them the fewest (days it could not
    lower, held, might stay to the end where a better timing has fewer); carried into the model (which
    costs it whole); unknown when none is found. Each search stops once `interrupt` is set.

    A double lesson made late needs two adjacent times free for its class and teacher on one day, and
    a day off made late every lesson of the teacher on that day moved at once, which a neighbourhood of
    a few days or resources seldom frees, so the search starts where these are low and trades them
    against the other costs from there. The days go first: with the splits held at their fewest, few
    timings are left that free a teacher's day, while with the days held many splits remain."""
    end = time.monotonic() + min(options.time_limit * SPLITS_FIRST_SHARE, deadline - time.monotonic())
    trial, days, found = model.model.clone(), _soft_costs(model, CLUSTER), None
    if days:
        trial.minimize(sum(days))
        left = end - time.monotonic()
        found, status = _solve(trial, options, left, patience=DAYS_PATIENCE_SHARE * left, interrupt=interrupt)
        if status not in FOUND:
            return found, cp_model.UNKNOWN
        trial = model.model.clone()
        if status == cp_model.OPTIMAL:
            trial.add(sum(days) <= round(found.objective_value))
        model.hint(trial, found)  # so the search for the splits starts from a solution
    trial.minimize(sum(_wanted_splits(model)))
    fewer, status = _solve(trial, options, max(end - time.monotonic(), LNS_MIN_SECONDS), interrupt=interrupt)
    if status in FOUND:
        found = fewer
    elif found is None:
        return fewer, cp_model.UNKNOWN
    return _carried_found(model, model.chosen_in(found), options, max(deadline - time.monotonic(), LNS_MIN_SECONDS))


def _whole_events_search(
    model: XhsttModel, options: XhsttOptions, deadline: float, progress: _Progress, beside: _ZeroBeside | _NoneBeside
) -> tuple[cp_model.CpSolver, int, float]:
    """The instance searched in the whole-events model (scheduler.model.xhstt_whole, for an instance
    whose events are each timed whole): first a timing of cost 0 awaited from the SAT solvers `beside`
    it (see _zero_beside) for ZERO_SHARE of the time, the search's end where they find one; else, with
    BESIDE_COPIES of them still at work beside it (their timing ends it whenever it comes), a first
    solution within SEARCH_SHARE of the time left, stopping at the first found after SETTLE_SHARE of
    it, then neighbourhoods of LNS_SECONDS each, each moving the search when no worse, until
    WHOLE_STALL_SHARE of the time limit passes without improvement or the deadline is LNS_SECONDS
    away (kept for the carry; the caller's neighbourhood search in `model` goes on from it with the
    time left). Its best solution carried into `model`, which costs it exactly; the solver, its
    status (unknown when the first search found nothing) and the least objective left: 1 where the
    SAT solver proved that no timing costs 0 and the model leaves no timing out (model_leaves_out),
    else 0. Each neighbourhood is counted in `progress`."""
    whole = WholeEventsModel(model.instance, model.constraints)
    if (zero := beside.found(options, deadline, progress, wait=(deadline - time.monotonic()) * ZERO_SHARE)) is not None:
        return zero, cp_model.FEASIBLE, beside.floor
    beside.keep(BESIDE_COPIES)
    left, interrupt = deadline - time.monotonic(), beside.timing_found
    solver, status = _solve(whole.model, options, left * SEARCH_SHARE, settle_after=left * SETTLE_SHARE, interrupt=interrupt)
    if (zero := beside.found(options, deadline, progress)) is not None:
        return zero, cp_model.FEASIBLE, beside.floor
    if status not in FOUND:
        return solver, cp_model.UNKNOWN, beside.floor
    starts, objective = whole.starts_in_solution(solver), solver.objective_value
    progress.record("first", _cost(model, objective))  # the same costs, required ones held at 0
    stall = WHOLE_STALL_SHARE * options.time_limit
    rng, stalls_at = random.Random(options.seed), time.monotonic() + stall
    while (left := min(deadline - LNS_SECONDS, stalls_at) - time.monotonic()) > LNS_MIN_SECONDS and objective > beside.floor:
        if (zero := beside.found(options, deadline, progress)) is not None:
            return zero, cp_model.FEASIBLE, beside.floor
        kind, free, times = whole_neighbourhood(whole, rng, WHOLE_SHARE, starts)
        trial = whole.model.clone()
        # the free events' starts alone hinted, on purpose: a complete hint (every variable's value in
        # the current solution) came down faster on FI-WP-06 but stalled higher (bench/xhstt_log.md)
        whole.fix_except(trial, starts, free, times)
        attempt, status = _tallied_solve(trial, options, min(left, LNS_SECONDS), progress, kind, objective)
        if status in FOUND and attempt.objective_value <= objective:
            if attempt.objective_value < objective:
                stalls_at = time.monotonic() + stall
                progress.record("whole_events", _cost(model, attempt.objective_value))
            starts, objective = whole.starts_in_solution(attempt), attempt.objective_value
    left = max(deadline - time.monotonic(), LNS_MIN_SECONDS)
    return (*_carried_found(model, whole.chosen(starts), options, left), beside.floor)


def _zero_beside(model: XhsttModel, options: XhsttOptions, deadline: float) -> _ZeroBeside | _NoneBeside:
    """SAT solvers looking for a timing of cost 0 from the start of the search, where their clauses
    hold for the instance: of its events timed whole (ZeroCostClauses), where the whole-events model
    holds, a copy per worker alone for ZERO_SHARE of the time left (see _whole_events_search), then
    BESIDE_COPIES of them beside the search for BESIDE_SHARE of the time limit at most; else of its
    candidate parts (PartsZeroClauses), BESIDE_COPIES beside the search from the start, for
    BESIDE_SHARE of the time limit at most. _NoneBeside where neither holds."""
    instance, constraints = model.instance, model.constraints
    beside_seconds = options.time_limit * BESIDE_SHARE
    if not whole_model_misfits(instance, constraints):
        build = partial(ZeroCostClauses, instance, constraints)
        seconds = (deadline - time.monotonic()) * ZERO_SHARE + beside_seconds
        return _ZeroBeside(model, ZeroCostSearch(build, seconds, options.workers, options.seed))
    if not parts_zero_misfits(constraints):
        build = partial(PartsZeroClauses, instance, constraints, model.candidates())
        return _ZeroBeside(model, ZeroCostSearch(build, beside_seconds, BESIDE_COPIES, options.seed))
    return _NoneBeside()


class _ZeroBeside:
    """SAT solvers looking for a timing of cost 0 (`search`, see _zero_beside), each in a process of
    its own, beside CP-SAT's search: where they find none at once, that search has lost only the
    share of the machine they take. `floor` becomes 1 once one proves that no timing costs 0, where
    the model leaves no timing out (model_leaves_out)."""

    def __init__(self, model: XhsttModel, search: ZeroCostSearch):
        self.model, self.search = model, search
        self.timing_found = self.search.timing_found  # stops CP-SAT's longer searches (see _Watched)
        self.floor, self.done = 0.0, False

    def found(
        self, options: XhsttOptions, deadline: float, progress: _Progress, wait: float = 0.0
    ) -> cp_model.CpSolver | None:
        """Their timing of cost 0 carried into the model, the first time it is asked after a solver has
        found one, waiting up to `wait` seconds for it (else None)."""
        outcome = None if self.done else self.search.wait(timeout=wait)
        if outcome is None:
            return None
        self.done = True
        solver, self.floor = _taken_at_zero(self.model, outcome, options, deadline, progress)
        return solver

    def keep(self, copies: int) -> None:
        """End every solver but the first `copies`: the others go on beside the search."""
        self.search.keep(copies)

    def __enter__(self) -> _ZeroBeside:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        """End the solvers (again: nothing)."""
        self.search.stop()


class _NoneBeside:
    """No SAT solver beside the search: nothing found, nothing proven, nothing to stop."""

    floor = 0.0
    timing_found = None

    def found(self, options: XhsttOptions, deadline: float, progress: _Progress, wait: float = 0.0) -> None:
        return None

    def keep(self, copies: int) -> None:
        return None

    def __enter__(self) -> _NoneBeside:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def stop(self) -> None:
        return None


def _taken_at_zero(
    model: XhsttModel, zero: ZeroCostOutcome, options: XhsttOptions, deadline: float, progress: _Progress
) -> tuple[cp_model.CpSolver | None, float]:
    """A SAT solver's answer taken into the search: its timing of cost 0 carried into
    the model (recorded in `progress`; None when there is none, or it does not hold there), and the
    least objective left: 1 where it proved that no timing costs 0 and the model leaves no timing out
    (model_leaves_out), else 0."""
    floor = 1.0 if zero.impossible and not model_leaves_out(model.instance) else 0.0
    if zero.chosen is None:
        return None, floor
    left = max(deadline - time.monotonic(), LNS_MIN_SECONDS)
    solver, status = _carried_found(model, set(zero.chosen), options, left)
    if status not in FOUND:
        return None, floor
    progress.record("zero_cost", _cost(model, solver.objective_value))
    return solver, floor


def _carried(
    model: XhsttModel, chosen: set[Candidate], options: XhsttOptions, time_limit: float
) -> tuple[cp_model.CpSolver, int]:
    """The model solved with each of its candidates fixed: chosen or not (a solution carried into it)."""
    trial = model.model.clone()
    model.fix_chosen(trial, chosen)
    return _solve(trial, options, time_limit)


def _carried_found(
    model: XhsttModel, chosen: set[Candidate], options: XhsttOptions, time_limit: float
) -> tuple[cp_model.CpSolver, int]:
    """A solution found elsewhere carried into the model (see _carried): feasible, or unknown when it
    does not hold there; never optimal, since it is so only with every candidate fixed."""
    carried, status = _carried(model, chosen, options, time_limit)
    return carried, cp_model.FEASIBLE if status in FOUND else cp_model.UNKNOWN


def _from_start(
    model: XhsttModel, start: Solution, options: XhsttOptions, deadline: float
) -> tuple[XhsttModel, cp_model.CpSolver, int]:
    """The model (with required costs held at 0, or weighed when the start breaks a required
    constraint) solved with each candidate fixed as in `start`; an InputError names each part of
    `start` that is no candidate of the model (a part over two days, of a duration some SplitEvents
    constraint on its event rules out, a part overlapping another of its event, or an event timed
    only in part)."""
    chosen, problems = model.chosen_by(start)
    if problems:
        raise InputError(problems)
    solver, status = _carried(model, chosen, options, max(deadline - time.monotonic(), LNS_MIN_SECONDS))
    if status not in FOUND:  # it breaks a required constraint: the model where they are weighed
        model = XhsttModel(model.instance, model.constraints)
        solver, status = _carried(model, chosen, options, max(deadline - time.monotonic(), LNS_MIN_SECONDS))
    # optimal with every candidate fixed: no more than feasible in the model
    return model, solver, cp_model.FEASIBLE if status in FOUND else status


def _first_solution(
    model: cp_model.CpModel,
    options: XhsttOptions,
    share: float,
    first_attempt: float,
    settle: float,
    interrupt: threading.Event | None = None,
) -> tuple[cp_model.CpSolver, int]:
    """CP-SAT on the model for at most `share` seconds, stopping at the first solution found after
    `settle` seconds, or once `interrupt` is set; in attempts of `first_attempt` seconds, then twice as
    long each time, each from the next seed, since a search that finds nothing for long is often stuck
    where a new start is not."""
    start, length, seed = time.monotonic(), first_attempt, options.seed
    while True:
        elapsed = time.monotonic() - start
        seeded = replace(options, seed=seed)
        limit, settle_after = min(length, share - elapsed), max(0.0, settle - elapsed)
        solver, status = _solve(model, seeded, limit, settle_after=settle_after, interrupt=interrupt)
        if status != cp_model.UNKNOWN or time.monotonic() - start >= share - LNS_MIN_SECONDS or _is_set(interrupt):
            return solver, status
        length, seed = 2 * length, seed + 1


class _Watched(cp_model.CpSolverSolutionCallback):
    """Stops a search at the first solution found after `settle_at` (a moment); once it has gone
    without a better solution for `patience` seconds and for as long as it took to find its last one
    (never before its first: CP-SAT may take far longer to prove a solution optimal, or to find a
    better one, than it took to find it, while a search that has stalled for less than its own age may
    still be on its way down); or once `interrupt` is set (by another thread: the SAT solver beside
    the search has a timing of cost 0). CP-SAT calls back at each better solution; `watch`, in a
    thread of its own while `solve` lasts, stops the search on the other two."""

    def __init__(
        self, settle_at: float | None = None, patience: float | None = None, interrupt: threading.Event | None = None
    ):
        super().__init__()
        self.settle_at, self.patience, self.interrupt = settle_at, patience, interrupt
        self.started = time.monotonic()
        self.last: float | None = None
        self.done = threading.Event()

    def on_solution_callback(self) -> None:
        self.last = time.monotonic()
        if self.settle_at is not None and self.last >= self.settle_at:
            self.stop_search()

    def solve(self, solver: cp_model.CpSolver, model: cp_model.CpModel) -> int:
        """The solver's status on the model, searched with this callback and watched."""
        watch = threading.Thread(target=self.watch, args=(solver,), daemon=True)
        watch.start()
        try:
            return solver.solve(model, self)
        finally:
            self.done.set()
            watch.join()

    def watch(self, solver: cp_model.CpSolver) -> None:
        """Until `done` is set: stop the solver's search once stalled or interrupted."""
        while not self.done.wait(WATCH_SECONDS):
            if _is_set(self.interrupt) or self._stalled():
                solver.stop_search()
                return

    def _stalled(self) -> bool:
        if self.patience is None or self.last is None:
            return False
        return time.monotonic() - self.last > max(self.patience, self.last - self.started)


def _is_set(interrupt: threading.Event | None) -> bool:
    return interrupt is not None and interrupt.is_set()


def _improve(
    model: XhsttModel,
    solver: cp_model.CpSolver,
    options: XhsttOptions,
    deadline: float,
    floor: float,
    progress: _Progress | None = None,
    beside: _ZeroBeside | _NoneBeside | None = None,
) -> tuple[cp_model.CpSolver, bool]:
    """Neighbourhood search until the deadline; the solver holding the best solution found and whether
    that solution is proven optimal (each neighbourhood counted in `progress`).

    The search moves from a current solution: a neighbourhood's solution no worse replaces it, each
    neighbourhood of a kind drawn by the kinds' recent gain per second (KindScores). The share freed
    grows when a neighbourhood is solved to optimality and shrinks when not. When the search stalls,
    CP-SAT searches the whole model from the current solution for WHOLE_SECONDS with every worker on
    its own neighbourhoods, drawn from the model's variables and constraints: they find moves the
    school-shaped ones miss, and these improve again from its solution. When that does not improve
    either, the search goes on from a perturbation of it (see _perturbed), the best solution kept
    apart, and each neighbourhood gets twice the time (bigger ones then solve), back to the first time
    at the next improvement.
    It ends early, proven optimal, at a solution of objective `floor` (a bound) or one the whole model
    proves optimal.
    Each better solution is recorded in `progress` with the step that found it. The SAT solver
    `beside` the search, where there is one, is asked before each neighbourhood: its timing of cost 0
    ends the search, and its proof that there is none raises the floor to 1."""
    progress = progress or _Progress()
    rng, scores = random.Random(options.seed), KindScores()
    beside = beside or _NoneBeside()
    best = current = solver
    size, seconds, stalled = LNS_START_SHARE, LNS_SECONDS, 0
    while (left := deadline - time.monotonic()) > LNS_MIN_SECONDS and best.objective_value > floor:
        if (zero := beside.found(options, deadline, progress)) is not None:
            return zero, True
        floor = max(floor, beside.floor)
        kind, free = neighbourhood(model, rng, size, current, scores)
        trial = model.model.clone()
        model.fix_except(trial, free, current)
        before = current.objective_value
        attempt, status = _tallied_solve(trial, options, min(left, seconds), progress, kind, before, scores)
        stalled += 1
        if status in FOUND and attempt.objective_value <= before:
            if attempt.objective_value < before:
                seconds, stalled = LNS_SECONDS, 0
            current = attempt
        size = min(size * 1.1, 0.9) if status == cp_model.OPTIMAL else max(size * 0.9, 0.05)
        step = "whole_model" if stalled >= STALL_ROUNDS else "neighbourhood"
        if stalled >= STALL_ROUNDS:
            whole, whole_status = _from_whole_model(model, current, options, deadline, beside.timing_found)
            if whole_status == cp_model.OPTIMAL:
                progress.record(step, _cost(model, whole.objective_value))
                return whole, True
            improved = whole.objective_value < current.objective_value
            current = whole if improved else _perturbed(model, whole, options, deadline, rng)
            stalled, seconds = 0, LNS_SECONDS if improved else min(2 * seconds, LNS_MAX_SECONDS)
        best = current if current.objective_value <= best.objective_value else best
        progress.record(step, _cost(model, best.objective_value))
    return best, best.objective_value <= floor  # a solution at the bound is optimal


def _perturbed(
    model: XhsttModel, current: cp_model.CpSolver, options: XhsttOptions, deadline: float, rng: random.Random
) -> cp_model.CpSolver:
    """A solution unlike `current`, to go on from where the search is stuck: a neighbourhood of
    PERTURB_FREED of the events solved for the fewest of its candidates chosen in `current` still
    chosen, its infeasibility no higher and its objective at most PERTURB_RISE of `current`'s above
    it; `current` when none is found within PERTURB_SECONDS, or no time is left."""
    if deadline - time.monotonic() <= LNS_MIN_SECONDS:
        return current
    _, free = neighbourhood(model, rng, PERTURB_FREED, current)
    trial = model.model.clone()
    model.fix_except(trial, free, current)
    infeasibility, objective = (int(current.value(sum(terms))) for terms in (model.required_terms, model.other_terms))
    trial.add(sum(model.required_terms) <= infeasibility)
    trial.add(sum(model.other_terms) <= objective + max(1, int(PERTURB_RISE * objective)))
    trial.minimize(
        sum(x for parts in model.parts.values() for _, x in parts if x.index in free and current.boolean_value(x))
    )
    moved, status = _solve(trial, options, min(PERTURB_SECONDS, deadline - time.monotonic()))
    if status not in FOUND:
        return current
    # the move's objective is how much it kept: its candidates carried into the model, for its cost
    left = max(LNS_MIN_SECONDS, min(LNS_MAX_SECONDS, deadline - time.monotonic()))
    again, status = _carried(model, model.chosen_in(moved), options, left)
    return again if status in FOUND else current


def _from_whole_model(
    model: XhsttModel,
    current: cp_model.CpSolver,
    options: XhsttOptions,
    deadline: float,
    interrupt: threading.Event | None = None,
) -> tuple[cp_model.CpSolver, int]:
    """CP-SAT on the whole model for WHOLE_SECONDS at most, started from the current solution (a complete
    hint, so it finds one at least as good at once), every worker on CP-SAT's own neighbourhoods
    (WHOLE_LNS_ONLY: its tree search's bound on this model is too weak to prune); the solver holding
    the better of the two, and its status (optimal when CP-SAT proves it, as it may on a small model).
    It stops once `interrupt` is set."""
    trial = model.model.clone()
    model.hint(trial, current)
    limit = min(WHOLE_SECONDS, deadline - time.monotonic())
    attempt, status = _solve(trial, options, limit, lns_only=WHOLE_LNS_ONLY, interrupt=interrupt)
    if status in FOUND and attempt.objective_value <= current.objective_value:
        return attempt, status
    return current, cp_model.FEASIBLE
