"""A lower bound on the objective of a class-based XHSTT instance, by column generation over the
weeks of one resource type (a Dantzig-Wolfe decomposition of the solver's model).

When every event is given exactly one resource of some type (its teacher), the events of each such
resource are a block, and a week of a block (when each of its events runs, how it splits) a column.
A linear programme (the master) mixes weeks per block so that a resource shared by several blocks (a
class) runs at most one event at each time, exactly one where its events fill the week, at the
lowest cost; each block's pricing problem, the solver's model of that block's events alone solved by
CP-SAT, finds its week of lowest reduced cost. Each round's Lagrangian value (the multipliers' sum
plus each block's lowest reduced cost, as CP-SAT bounds it) bounds from below the objective of every
solution of the model at infeasibility 0, whether or not the master has converged; costs are
integers, so the bound is that value rounded up. A point of application spanning blocks (a class's
idle times) is left out of the blocks, which only weakens the bound, except for a required
AvoidClashes or AvoidUnavailableTimes, which every part of a solution at infeasibility 0 keeps.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from models.xhstt import Constraint, Instance, Solution
from scheduler.model.xhstt import (
    XhsttModel,
    binding,
    events_of_resources,
    fills_the_week,
    modelled_constraints,
    must_be_timed,
)

SCALE = 1000  # multipliers in thousandths, so that every pricing objective is integral
SMOOTHING = 0.8  # weight of the best multipliers so far in the next round's (Wentges smoothing)
PRICING_SECONDS = 10.0  # per pricing problem, at most
EVENT_TYPES = {"AssignTimeConstraint", "SplitEventsConstraint", "DistributeSplitEventsConstraint", "PreferTimesConstraint"}
GROUP_TYPES = {"SpreadEventsConstraint", "LinkEventsConstraint"}
LP_SOLVERS = (("CLP", ""), ("GLOP", "use_preprocessing: false"))
KEPT_BY_PARTS = {"AvoidClashesConstraint", "AvoidUnavailableTimesConstraint"}  # when required: held by every part


@dataclass(frozen=True)
class XhsttBound:
    """The outcome: `bound`, when not None, is at most the objective of every solution of the solver's
    model at infeasibility 0. `status`: "converged" (the master's optimum reached), "reached" (the
    bound met the objective it was asked to prove), "time limit", "no blocks" (no resource type gives
    every event exactly one resource) or "infeasible" (some block has no week at infeasibility 0, so the
    model has no solution there). `left_out`: the constraints some point of which spans blocks."""

    status: str
    resource_type: str | None = None
    bound: int | None = None
    lagrangian: float | None = None
    master: float | None = None
    rounds: int = 0
    columns: int = 0
    left_out: tuple[str, ...] = ()


def block_type(instance: Instance) -> str | None:
    """The resource type giving every event exactly one resource, with the most soft resource
    constraints on its resources (teachers rather than classes, when teachers carry the idle times)."""
    candidates = []
    for kind in instance.resource_types:
        counts = [
            sum(instance.resources[r].resource_type == kind for r in instance.given_resources(e))
            for e in instance.events.values()
        ]
        if counts and all(n == 1 for n in counts):
            soft = sum(
                1
                for c in instance.constraints
                if not c.required and c.weight > 0
                for r in instance.resources_of(c)
                if instance.resources[r].resource_type == kind
            )
            candidates.append((soft, sum(res.resource_type == kind for res in instance.resources.values()), kind))
    return max(candidates)[2] if candidates else None


def bound_xhstt(
    instance: Instance,
    time_limit: float = 60.0,
    workers: int = 2,
    target: int | None = None,
    start: Iterable[Solution] = (),
) -> XhsttBound:
    """The best lower bound column generation proves within the time limit; it stops early when the
    master converges or when the bound reaches `target` (an objective already found). The weeks of
    the `start` solutions are the first columns (with the cheapest week of each block)."""
    deadline = time.monotonic() + time_limit
    kind = block_type(instance)
    if kind is None:
        return XhsttBound("no blocks")
    blocks, rows, left_out = _blocks(instance, modelled_constraints(instance), kind)
    master = _Master(blocks, rows)
    with ThreadPoolExecutor(max(1, workers)) as pool:
        cheapest = _price(pool, blocks, [0] * len(rows), deadline)
        if any(p.bound == math.inf for p in cheapest):
            return XhsttBound("infeasible", kind, left_out=left_out)
        master.add([p.weeks for p in cheapest])
        master.add([[w for s in start if (w := block.week_of(s))] for block in blocks])
        if not all(master.weeks):
            return XhsttBound("time limit", kind, left_out=left_out)  # a block without a week within the time
        return _generate(master, pool, deadline, target, kind, left_out)


def _generate(master: _Master, pool, deadline: float, target: int | None, kind: str, left_out) -> XhsttBound:
    """Rounds of master and pricing until convergence, the target or the deadline."""
    best, centre, rounds, value = -math.inf, None, 0, None
    while time.monotonic() < deadline:
        value, duals, block_duals = master.solve()
        rounds += 1
        smoothing = SMOOTHING if centre is not None else 0.0
        while True:
            multipliers = master.multipliers(duals, centre, smoothing)
            priced = _price(pool, master.blocks, multipliers, deadline)
            lagrangian = sum(multipliers) + sum(p.bound for p in priced)
            if lagrangian > best:
                best, centre = lagrangian, multipliers
            added = master.add([p.weeks for p in priced], duals, block_duals)
            if added or smoothing == 0.0:
                break
            smoothing = 0.0  # no column from the smoothed multipliers: price at the master's own
        status = _status(added, priced, best, target)
        if status:
            return _result(status, kind, best, value, rounds, master, left_out)
    return _result("time limit", kind, best, value, rounds, master, left_out)


def _price(pool: ThreadPoolExecutor, blocks: list[_Block], multipliers: list[int], deadline: float) -> list[_Priced]:
    """Every block's pricing problem, as many at once as the pool has threads (CP-SAT releases the GIL)."""
    return list(pool.map(lambda block: block.price(multipliers, deadline), blocks))


def _status(added: int, priced: list, best: float, target: int | None) -> str | None:
    """Why column generation stops after a round, or None to go on."""
    bound = _bound_of(best)
    if target is not None and bound is not None and bound >= target:
        return "reached"
    if not added and all(p.exact for p in priced):
        return "converged"
    return None


def _result(status: str, kind: str, best: float, value, rounds: int, master: _Master, left_out) -> XhsttBound:
    lagrangian = best / SCALE if best > -math.inf else None
    return XhsttBound(status, kind, _bound_of(best), lagrangian, value, rounds, master.size(), left_out)


def _bound_of(scaled: float) -> int | None:
    """The smallest integer objective, at least 0, at least `scaled` / SCALE (an integer, or -inf: none)."""
    return max(0, -(-int(scaled) // SCALE)) if scaled > -math.inf else None


# --- blocks ---------------------------------------------------------------------------------------


def _blocks(instance: Instance, constraints: list[Constraint], kind: str):
    """One block per resource of the type; the rows of the shared resources; the constraints left out."""
    events_of = events_of_resources(instance)
    block_of = {e: r for r, ids in events_of.items() if instance.resources[r].resource_type == kind for e in ids}
    shared = {r for r, ids in events_of.items() if len({block_of[e] for e in ids}) > 1}
    rows = _rows(instance, constraints, shared, events_of)
    left_out: set[str] = set()
    blocks = []
    for owner, ids in events_of.items():
        if instance.resources[owner].resource_type == kind:
            resources = {r for e in ids for r in instance.given_resources(instance.events[e])}
            narrowed = [_narrowed(instance, c, set(ids), resources, shared, left_out) for c in constraints]
            blocks.append(_Block(_sub_instance(instance, ids), narrowed, rows))
    return blocks, rows, tuple(sorted(left_out))


def _rows(
    instance: Instance, constraints: list[Constraint], shared: set[str], events_of: dict[str, list[str]]
) -> list[tuple[str, int, bool]]:
    """(resource, time, exactly one) for each shared resource a binding AvoidClashes applies to."""
    clashing = {
        r for c in constraints if binding(c) and c.type == "AvoidClashesConstraint" for r in instance.resources_of(c)
    }
    must_time = must_be_timed(instance, constraints)
    rows = []
    for resource in sorted(shared & clashing):
        full = fills_the_week(instance, events_of[resource], must_time)
        rows += [(resource, t, full) for t in range(len(instance.times))]
    return rows


def _narrowed(
    instance: Instance, c: Constraint, events: set[str], attending: set[str], shared: set[str], left_out: set[str]
) -> Constraint:
    """The constraint on one block (its `events`, attended by the resources `attending`): its events'
    points; a point spanning blocks left out (named in `left_out`) unless every part of a solution at
    infeasibility 0 keeps it."""
    applies = c.applies_to
    if c.type in EVENT_TYPES:
        groups = tuple(g for g in applies.event_groups if set(instance.event_groups[g].events) & events)
        narrowed = replace(applies, events=tuple(e for e in applies.events if e in events), event_groups=groups)
    elif c.type in GROUP_TYPES:
        inside = [g for g in applies.event_groups if set(instance.event_groups[g].events) & events]
        whole = tuple(g for g in inside if set(instance.event_groups[g].events) <= events)
        if len(whole) < len(inside):
            left_out.add(c.id)
        narrowed = replace(applies, event_groups=whole)
    else:
        resources = [r for r in instance.resources_of(c) if r in attending]
        kept_by_parts = c.type in KEPT_BY_PARTS and binding(c)
        if not kept_by_parts and any(r in shared for r in resources):
            left_out.add(c.id)
            resources = [r for r in resources if r not in shared]
        narrowed = replace(applies, resources=tuple(resources), resource_groups=())
    return replace(c, applies_to=narrowed)


def _sub_instance(instance: Instance, ids: list[str]) -> Instance:
    """The instance with only these events (its event groups narrowed to them)."""
    keep = set(ids)
    groups = {
        g: replace(group, events=tuple(e for e in group.events if e in keep)) for g, group in instance.event_groups.items()
    }
    return replace(instance, events={e: instance.events[e] for e in ids}, event_groups=groups)


@dataclass(frozen=True)
class _Priced:
    """A block's pricing outcome: its weeks found (cost, rows occupied), CP-SAT's bound on the lowest
    scaled reduced cost (without the block's dual), and whether that bound is the optimum."""

    weeks: list[tuple[int, frozenset[int]]]
    bound: float
    exact: bool


class _Block:
    """The solver's model of one block's events, with required costs held at 0."""

    def __init__(self, instance: Instance, constraints: list[Constraint], rows: list[tuple[str, int, bool]]):
        self.model = XhsttModel(instance, constraints, required_hard=True)
        busy = [(k, self.model.busy(r)[t]) for k, (r, t, _) in enumerate(rows) if self.model.attending(r)]
        self.busy = [(k, b) for k, b in busy if not (isinstance(b, int) and b == 0)]  # 0: never busy then
        self.cost = sum(self.model.other_terms)

    def price(self, multipliers: list[int], deadline: float) -> _Priced:
        """The weeks of lowest reduced cost under the multipliers (in thousandths)."""
        reduced = SCALE * self.cost - sum(multipliers[k] * b for k, b in self.busy)
        seconds = min(PRICING_SECONDS, max(0.05, deadline - time.monotonic()))
        (solver, status), weeks = self._solve(reduced, seconds, collect=True)
        if status == cp_model.INFEASIBLE:
            return _Priced([], math.inf, True)  # no week at infeasibility 0: the model has no such solution
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _Priced([], -math.inf, False)  # stopped before a solution, CP-SAT reports 0, not a bound
        bound = math.ceil(solver.best_objective_bound - 1e-6)  # the objective is integral
        return _Priced(weeks, bound, status == cp_model.OPTIMAL)

    def _solve(self, objective, seconds: float, collect: bool = False):
        self.model.model.minimize(objective)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2
        solver.parameters.max_time_in_seconds = seconds
        weeks: list[tuple[int, frozenset[int]]] = []
        callback = _Weeks(self, weeks) if collect else None
        return (solver, solver.solve(self.model.model, callback)), weeks

    def week_of(self, solution: Solution) -> tuple[int, frozenset[int]] | None:
        """The block's week in a solution, or None when the model has none such (a part of a duration or
        start it has no candidate for, an event partly timed, a required cost above 0)."""
        chosen = {(s.reference, self.model.index[s.time], s.duration) for s in solution.events if s.time is not None}
        timed = {event for event, _, _ in chosen}
        fixed = [
            x if (event, part.start, part.duration) in chosen or (part.start is None and event not in timed) else ~x
            for event, parts in self.model.parts.items()
            for part, x in parts
        ]
        self.model.model.clear_assumptions()
        self.model.model.add_assumptions(fixed)
        (solver, status), _ = self._solve(self.cost, PRICING_SECONDS)
        self.model.model.clear_assumptions()
        return self.week(solver.value) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None

    def week(self, value) -> tuple[int, frozenset[int]]:
        """The cost and rows occupied of the solution `value` reads."""
        return int(value(self.cost)), frozenset(k for k, b in self.busy if isinstance(b, int) or value(b))


class _Weeks(cp_model.CpSolverSolutionCallback):
    """Keeps every week CP-SAT finds on the way (more columns per round, fewer rounds)."""

    def __init__(self, block: _Block, weeks: list):
        super().__init__()
        self.block, self.weeks = block, weeks

    def on_solution_callback(self) -> None:
        self.weeks.append(self.block.week(self.value))


# --- master ---------------------------------------------------------------------------------------


class _Master:
    """The weeks found so far per block; a linear programme over them, with costly slack on each row
    so that it is always feasible."""

    def __init__(self, blocks: list[_Block], rows: list[tuple[str, int, bool]]):
        self.blocks, self.rows = blocks, rows
        self.weeks: list[list[tuple[int, frozenset[int]]]] = [[] for _ in blocks]
        self.known: list[set] = [set() for _ in blocks]
        self.slack_cost = 1 + sum(block.model.objective_bound for block in blocks)

    def size(self) -> int:
        return sum(len(weeks) for weeks in self.weeks)

    def add(self, found: list[list[tuple[int, frozenset[int]]]], duals=None, block_duals=None) -> int:
        """Each new week found per block, of negative reduced cost under the master's duals when given."""
        added = 0
        for b, weeks in enumerate(found):
            for cost, rows in weeks:
                if (cost, rows) in self.known[b]:
                    continue
                if duals is not None and cost - sum(duals[k] for k in rows) - block_duals[b] >= -1e-6:
                    continue
                self.known[b].add((cost, rows))
                self.weeks[b].append((cost, rows))
                added += 1
        return added

    def solve(self) -> tuple[float, list[float], list[float]]:
        """The master's optimum, its row duals and its block duals: by COIN-OR CLP, else GLOP without
        its presolve (which fails on some of these degenerate programmes)."""
        for backend, parameters in LP_SOLVERS:
            lp = pywraplp.Solver.CreateSolver(backend)
            if lp is None:
                continue
            lp.SetSolverSpecificParametersAsString(parameters)
            constraints, convexity = self._build(lp)
            if lp.Solve() == pywraplp.Solver.OPTIMAL:
                return lp.Objective().Value(), [c.dual_value() for c in constraints], [c.dual_value() for c in convexity]
        raise RuntimeError("the master linear programme has no optimum")

    def _build(self, lp: pywraplp.Solver) -> tuple[list, list]:
        """The master in `lp`: its covering rows (with slack) and its convexity rows."""
        covering = [[] for _ in self.rows]
        objective = []
        convexity = []
        for weeks in self.weeks:
            mix = [lp.NumVar(0, 1, "") for _ in weeks]
            convexity.append(lp.Add(sum(mix) == 1))
            for (cost, rows), x in zip(weeks, mix, strict=True):
                objective.append(cost * x)
                for k in rows:
                    covering[k].append(x)
        constraints = []
        for (_, _, exactly), terms in zip(self.rows, covering, strict=True):
            over = lp.NumVar(0, lp.infinity(), "")
            objective.append(self.slack_cost * over)
            if exactly:
                under = lp.NumVar(0, lp.infinity(), "")
                objective.append(self.slack_cost * under)
                constraints.append(lp.Add(sum(terms) - over + under == 1))
            else:
                constraints.append(lp.Add(sum(terms) - over <= 1))
        lp.Minimize(sum(objective))
        return constraints, convexity

    def multipliers(self, duals: list[float], centre: list[int] | None, smoothing: float) -> list[int]:
        """The next multipliers in thousandths: the duals moved towards the best so far, those of an
        at-most-one row kept at most 0 (a Lagrangian multiplier of an inequality)."""
        result = []
        for k, (_, _, exactly) in enumerate(self.rows):
            value = SCALE * duals[k] if centre is None else smoothing * centre[k] + (1 - smoothing) * SCALE * duals[k]
            value = round(value)
            result.append(value if exactly else min(value, 0))
        return result
