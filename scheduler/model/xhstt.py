"""The CP-SAT model of timing the events of a class-based XHSTT instance, its objective the XHSTT cost.

Every event's resources are preassigned; what is chosen is how each event splits into solution
events and when each starts. A Boolean per candidate solution event (start, duration) of an event:
durations allowed by every SplitEvents constraint on it (with required costs held at 0, in a split
into as many parts as the required ones allow), times within one day when the instance has days, no
two solution events of one event overlapping; one more Boolean per event leaves it without
a time (whole, as the evaluator reads an event absent from a solution). Each constraint's deviation
at each point of application is an exact expression of these Booleans, so the model's cost of a
solution is the evaluator's (scheduler.check.xhstt). The objective is lexicographic: infeasibility
(required constraints) times a factor above the largest possible objective, plus the objective.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.validation import InputError, Problem
from models.xhstt import Constraint, Event, Instance, Solution, SolutionEvent


@dataclass(frozen=True)
class Candidate:
    """A candidate solution event: `start` is a time index, None for the event left without a time."""

    event: str
    start: int | None
    duration: int


def left_out_constraints(instance: Instance, approximate: bool) -> tuple[Constraint, ...]:
    """The constraints of types the model lacks; refused, by place, unless `approximate`."""
    missing = tuple(c for c in instance.constraints if c.type not in ADD)
    if missing and not approximate:
        problems = [
            Problem(
                f"Instance {instance.id}: {c.type} {c.id}",
                "this constraint type is not modelled by the XHSTT solver (use --approximate to leave it out)",
                "XHSTT 求解器不支持这种约束类型（可用 --approximate 忽略它）",
            )
            for c in missing
        ]
        raise InputError(problems)
    return missing


def modelled_constraints(instance: Instance) -> list[Constraint]:
    """The instance's constraints of the types the model has."""
    return [c for c in instance.constraints if c.type in ADD]


def binding(c: Constraint) -> bool:
    """A required constraint of some weight: its cost is held at 0 in the model with required costs held."""
    return c.required and c.weight > 0


def must_be_timed(instance: Instance, constraints: list[Constraint]) -> set[str]:
    """The events a binding AssignTime constraint applies to."""
    return {e for c in constraints if binding(c) and c.type == "AssignTimeConstraint" for e in instance.events_of(c)}


def events_of_resources(instance: Instance) -> dict[str, list[str]]:
    """For each resource, the events it attends (preassigned or through a resource group), in the
    instance's order; a resource no event names is absent."""
    events = defaultdict(list)
    for event in instance.events.values():
        for resource in instance.given_resources(event):
            events[resource].append(event.id)
    return dict(events)


def fills_the_week(instance: Instance, events: list[str], must_time: set[str]) -> bool:
    """Whether these events (a resource's), all to be timed, fill every time: then, clash-free, the
    resource attends exactly one of them at each time."""
    load = sum(instance.events[e].duration for e in events)
    return load == len(instance.times) and all(e in must_time for e in events)


def model_leaves_out(instance: Instance) -> dict[str, list[str]]:
    """Why some solution of the instance at infeasibility 0 may be missing from the model (whose
    bounds, then, are not the instance's), by reason: "untimed", events it may leave partly untimed;
    "soft_splits", SplitEvents constraints whose durations it applies although soft; "crossing",
    events whose parts could run over two days. Empty when none applies."""
    constraints = modelled_constraints(instance)
    held = defaultdict(list)  # per event, the binding constraints on it
    for c in constraints:
        for e in instance.events_of(c) if binding(c) else ():
            held[e].append(c)
    timed = must_be_timed(instance, constraints)
    shaped = {e for c in constraints if c.type in SHAPING for e in instance.events_of(c)}
    days = [time.day for time in instance.times]
    reasons = {
        "untimed": [e.id for e in instance.events.values() if e.id not in timed and e.time is None],
        "soft_splits": [c.id for c in constraints if c.type == "SplitEventsConstraint" and not binding(c)],
        "crossing": [
            e for e in sorted(shaped) if instance.events[e].time is None and _may_cross_days(instance, e, held[e], days)
        ],
    }
    return {reason: ids for reason, ids in reasons.items() if ids}


def _may_cross_days(instance: Instance, event: str, applying: list[Constraint], days: list[str | None]) -> bool:
    """Whether a part of the event could run over two days at infeasibility 0: of a duration the
    binding SplitEvents on it (`applying`, its binding constraints) allow, from a start the binding
    PreferTimes allow; `days` gives each time's day."""
    longest = min(
        [c.maximum_duration for c in applying if c.type == "SplitEventsConstraint" and c.maximum_duration]
        + [instance.events[event].duration]
    )
    for duration in range(2, longest + 1):
        allowed = set(range(len(days)))
        for c in applying:
            if c.type == "PreferTimesConstraint" and c.duration in (None, duration):
                allowed &= instance.times_of(c)
        if any(len(set(days[s : s + duration])) > 1 for s in allowed if s + duration <= len(days)):
            return True
    return False


def day_of_each_time(instance: Instance) -> list[str | None]:
    """Each time's Day time group (None when the instance has none for it)."""
    day: list[str | None] = [None] * len(instance.times)
    for group in instance.time_groups.values():
        if group.kind == "Day":
            for time in group.times:
                index = instance.time_index[time]
                day[index] = day[index] or group.id
    return day


def starts_within_a_day(days: list[str | None], duration: int) -> list[int]:
    """The starts of a solution event of that duration whose times lie in one day (`days`: each time's)."""
    return [s for s in range(len(days) - duration + 1) if len(set(days[s : s + duration])) == 1]


def _fix_values(trial: cp_model.CpModel, values: Iterable[tuple[int, int]]) -> None:
    """In a copy of a model: each variable, by its index, fixed to its value by narrowing its domain
    (far cheaper than a constraint each)."""
    variables = trial.proto.variables
    for index, value in values:
        domain = variables[index].domain
        domain.clear()
        domain.extend((value, value))


def hint_values(trial: cp_model.CpModel, values: list[int]) -> None:
    """In a copy of a model: every variable hinted with its value (a complete hint)."""
    hint = trial.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


class XhsttModel:
    """The CP-SAT model of one instance under the given constraints; with `single_times`, each event
    whose parts may be of duration 1 is split into single times (a restriction of the model)."""

    def __init__(
        self,
        instance: Instance,
        constraints: list[Constraint],
        required_hard: bool = False,
        single_times: bool = False,
    ):
        self.instance = instance
        self.constraints = constraints
        self.required_hard = required_hard
        self.single_times = single_times
        self.model = cp_model.CpModel()
        self.horizon = len(instance.times)
        self.index = instance.time_index
        self.days = day_of_each_time(instance)
        self.day_names = sorted({day for day in self.days if day is not None})
        self.parts: dict[str, list[tuple[Candidate, cp_model.IntVar]]] = {}
        self.occupancy: dict[str, list] = {}
        self.running: dict[str, list[list]] = {}  # per event, per time: its candidates running then
        splits = defaultdict(list)
        self.shaped: set[str] = set()  # the events whose cost depends on how they split
        for c in constraints:
            if c.type in SHAPING:
                self.shaped.update(self.instance.events_of(c))
            if c.type == "SplitEventsConstraint":
                for event_id in self.instance.events_of(c):
                    splits[event_id].append(c)
        for event in instance.events.values():
            self._add_event(event, splits[event.id], event.id in self.shaped)
        self.events_of_resource = events_of_resources(instance)
        self.candidate_indices = [x.index for parts in self.parts.values() for _, x in parts]
        self._busy: dict[str, list] = {}
        self._group_busy: dict[tuple[str, str], object] = {}
        self.terms: dict[str, list] = {c.id: [] for c in constraints}
        self.points: list[tuple[object, list[str]]] = []  # each point's cost and the events it concerns
        self.required_terms: list = []
        self.other_terms: list = []
        self.objective_bound = 0
        for constraint in constraints:
            ADD[constraint.type](self, constraint)
        self.factor = self.objective_bound + 1
        if required_hard:
            for term in self.required_terms:
                self.model.add(term == 0)
            self.model.minimize(sum(self.other_terms))
        else:
            self.model.minimize(self.factor * sum(self.required_terms) + sum(self.other_terms))

    # --- events and their candidate solution events ---------------------------------------------

    def _durations(self, event: Event, splits: list[Constraint]) -> list[int]:
        """The durations every SplitEvents constraint on the event allows its solution events, each in
        some split of the event; with the required costs held at 0, a split into as many parts as every
        required one allows (an event that must not split: its whole duration). In the single-times
        model, duration 1 alone where a split into single times is such a split."""
        low, high = 1, event.duration
        for c in splits:
            low = max(low, c.minimum_duration or 1)
            high = min(high, event.duration if c.maximum_duration is None else c.maximum_duration)
        held = [c for c in splits if binding(c)] if self.required_hard else []
        fewest = max((c.minimum_amount or 0 for c in held), default=0)
        most = min((c.maximum_amount for c in held if c.maximum_amount is not None), default=event.duration)
        durations = list(range(low, high + 1))
        if self.single_times and 1 in durations and fewest <= event.duration <= most:
            return [1]
        return in_some_split(event.duration, durations, fewest, most)

    def _add_event(self, event: Event, splits: list[Constraint], shaped: bool) -> None:
        """The event's candidates, their durations summing to the event's, none overlapping another.

        An event no constraint reads the solution events of (`shaped` False) costs the same however it
        is split, so its candidates are of duration 1: one per time, any set of times being a split.
        """
        if event.time is not None:  # a preassigned time: the evaluator reads every part as starting there
            candidates = [Candidate(event.id, self.index[event.time], event.duration)]
        else:
            durations = self._durations(event, splits) if shaped else [1]
            candidates = [Candidate(event.id, None, event.duration)]
            candidates += [Candidate(event.id, s, d) for d in durations for s in starts_within_a_day(self.days, d)]
        parts = [(part, self.model.new_bool_var(f"{event.id}@{part.start}+{part.duration}")) for part in candidates]
        self.parts[event.id] = parts
        self.model.add(sum(part.duration * x for part, x in parts) == event.duration)
        running: list[list] = [[] for _ in range(self.horizon)]
        for part, x in parts:
            for t in range(part.start, part.start + part.duration) if part.start is not None else ():
                running[t].append(x)
        for occupied in running:
            if len(occupied) > 1:
                self.model.add(sum(occupied) <= 1)
        self.running[event.id] = running
        self.occupancy[event.id] = [sum(occupied) if occupied else 0 for occupied in running]

    def candidates(self) -> dict[str, list[Candidate]]:
        """Each event's candidate solution events."""
        return {event_id: [part for part, _ in parts] for event_id, parts in self.parts.items()}

    def attending(self, resource: str) -> list[str]:
        """The events the resource attends (none for a resource no event names)."""
        return self.events_of_resource.get(resource, [])

    def must_time(self) -> set[str]:
        """The events a required AssignTime constraint of some weight applies to (with required costs held at 0)."""
        return must_be_timed(self.instance, self.constraints) if self.required_hard else set()

    def fix_except(self, trial: cp_model.CpModel, free: set[int], solver: cp_model.CpSolver) -> None:
        """In a copy of the model: every candidate outside `free` fixed as in the solver's solution (its
        domain narrowed to that value); every variable hinted with its value there, so that the search
        starts from that solution."""
        values = list(solver.response_proto.solution)
        _fix_values(trial, ((index, values[index]) for index in self.candidate_indices if index not in free))
        hint_values(trial, values)

    def fix_chosen(self, trial: cp_model.CpModel, chosen: set[Candidate]) -> None:
        """In a copy of the model: every candidate fixed, chosen or not (a solution carried into it)."""
        _fix_values(trial, ((x.index, int(part in chosen)) for parts in self.parts.values() for part, x in parts))

    def hint(self, trial: cp_model.CpModel, solver: cp_model.CpSolver) -> None:
        """In a copy of the model: every variable hinted with its value in the solver's solution (a
        complete hint, so that the search starts from that solution)."""
        hint_values(trial, list(solver.response_proto.solution))

    def chosen_by(self, solution: Solution) -> tuple[set[Candidate], list[Problem]]:
        """The candidates a solution of the instance chooses, and a problem for each of its parts the
        model has no candidate for (a part overlapping another of its event, whose times the model
        counts once, and an event it times only in part count as such)."""
        chosen, problems = set(), []
        timed = defaultdict(set)  # per event, the times its parts run
        for event in solution.events:
            if event.time is None or event.reference not in self.parts:
                continue
            start, candidates = self.index[event.time], {p for p, _ in self.parts[event.reference]}
            parts = [Candidate(event.reference, start, event.duration)]
            if parts[0] not in candidates and event.reference not in self.shaped:  # its split costs nothing
                parts = [Candidate(event.reference, t, 1) for t in range(start, start + event.duration)]
            running = set(range(start, start + event.duration))
            if not candidates.issuperset(parts) or running & timed[event.reference]:
                problems.append(_start_problem(event.reference, f"{event.duration} @ {event.time}"))
            chosen.update(parts)
            timed[event.reference] |= running
        for event_id, parts in self.parts.items():
            duration, untimed = self.instance.events[event_id].duration, parts[0][0]
            if not timed[event_id] and untimed.start is None:
                chosen.add(untimed)
            elif len(timed[event_id]) != duration:
                problems.append(_start_problem(event_id, f"{len(timed[event_id])} / {duration}"))
        return chosen, problems

    def chosen_in(self, solver: cp_model.CpSolver) -> set[Candidate]:
        """The candidates the solver's solution chooses."""
        return {part for parts in self.parts.values() for part, x in parts if solver.boolean_value(x)}

    def solution(self, solver: cp_model.CpSolver) -> Solution:
        """The solution events chosen; an event left without a time is left out of the solution."""
        events = []
        for event_id, parts in self.parts.items():
            for part, x in parts:
                if part.start is not None and solver.boolean_value(x):
                    events.append(SolutionEvent(event_id, part.duration, self.instance.times[part.start].id))
        return Solution(self.instance.id, tuple(events))

    def busy(self, resource: str) -> list:
        """Per time, 1 when the resource attends some event then (a Boolean, or the constant 0)."""
        if resource not in self._busy:
            rows = [self.occupancy[e] for e in self.attending(resource)]
            self._busy[resource] = [self._any([row[t] for row in rows]) for t in range(self.horizon)]
        return self._busy[resource]

    def group_busy(self, resource: str, group: str):
        """1 when the resource is busy at some time of the time group."""
        key = (resource, group)
        if key not in self._group_busy:
            self._group_busy[key] = self._any([self.busy(resource)[t] for t in self.instance.group_times(group)])
        return self._group_busy[key]

    # --- exact expressions ---------------------------------------------------------------------

    def _any(self, values: list):
        """The maximum of 0/1 values (0 for none); a new Boolean only when needed."""
        values = [v for v in values if not isinstance(v, int) or v]
        if any(isinstance(v, int) for v in values):
            return 1
        if not values:
            return 0
        if len(values) == 1 and isinstance(values[0], cp_model.IntVar):
            return values[0]
        result = self.model.new_bool_var("")
        self.model.add_max_equality(result, values)
        return result

    def _all(self, values: list):
        """The minimum of 0/1 values."""
        if any(isinstance(v, int) and v == 0 for v in values) or not values:
            return 0
        result = self.model.new_bool_var("")
        self.model.add_min_equality(result, values)
        return result

    def charge(self, c: Constraint, deviation, top: int, events: list[str]) -> None:
        """Add Weight × f(deviation) for one point of application (`top` bounds the deviation), which
        concerns `events` (those a neighbourhood frees when the point costs something)."""
        if isinstance(deviation, int) and deviation == 0 or top <= 0 or c.weight == 0:
            return
        cost, cost_top = weighted_cost(self.model, c, deviation, top)
        self.terms[c.id].append(cost)
        self.points.append((cost, events))
        if c.required:
            self.required_terms.append(cost)
        else:
            self.other_terms.append(cost)
            self.objective_bound += cost_top


def outside(model: cp_model.CpModel, value, top: int, minimum: int | None, maximum: int | None):
    """How far `value` (between 0 and `top`) falls below `minimum` or above `maximum`, exactly: 0 or
    an integer variable of `model`."""
    terms = []
    if minimum is not None and minimum > 0:
        terms.append(minimum - value)
    if maximum is not None and maximum < top:
        terms.append(value - maximum)
    if not terms:
        return 0
    deviation = model.new_int_var(0, max(minimum or 0, top - (maximum or 0), 0), "")
    model.add_max_equality(deviation, [*terms, 0])
    return deviation


def weighted_cost(model: cp_model.CpModel, c: Constraint, deviation, top: int) -> tuple[object, int]:
    """A point's cost under `c`, Weight × f(deviation) by its cost function (`top` bounds the
    deviation), exactly, and the most it can be."""
    if c.cost_function == "Linear" or top == 1:
        return c.weight * deviation, c.weight * top
    if c.cost_function == "Quadratic":
        value = model.new_int_var(0, top, "")
        model.add(value == deviation)
        square = model.new_int_var(0, top * top, "")
        model.add_multiplication_equality(square, [value, value])
        return c.weight * square, c.weight * top * top
    positive = model.new_bool_var("")
    model.add(deviation >= 1).only_enforce_if(positive)
    model.add(deviation == 0).only_enforce_if(~positive)
    return c.weight * positive, c.weight


def busy_deviation(model: cp_model.CpModel, c: Constraint, count, busy, size: int) -> tuple[object, int]:
    """How far a resource's busy times in a time group of `size` times (`count`; `busy` 1 when it
    is busy there at all) fall outside the limits of LimitBusyTimes `c`, below its minimum only where
    busy: 0 or an integer variable of `model`; and the most it can be."""
    terms = [c.minimum * busy - count] if c.minimum else []
    terms += [count - c.maximum] if c.maximum is not None and c.maximum < size else []
    if not terms:
        return 0, 0
    top = max(c.minimum or 0, size - (c.maximum or 0), 0)
    over = model.new_int_var(0, top, "")
    model.add_max_equality(over, [*terms, 0])
    return over, top


# --- event constraints ----------------------------------------------------------------------------


def _assign_time(m: XhsttModel, c: Constraint) -> None:
    for event_id in m.instance.events_of(c):
        unplaced = [x for part, x in m.parts[event_id] if part.start is None]
        duration = m.instance.events[event_id].duration
        m.charge(c, duration * sum(unplaced), duration, [event_id])


def _split_events(m: XhsttModel, c: Constraint) -> None:
    for event_id in m.instance.events_of(c):
        parts = m.parts[event_id]
        wrong = sum(x for part, x in parts if out_of(part.duration, c.minimum_duration, c.maximum_duration))
        top = m.instance.events[event_id].duration
        amount = outside(m.model, sum(x for _, x in parts), top, c.minimum_amount, c.maximum_amount)
        m.charge(c, wrong + amount, 2 * top, [event_id])


def _distribute_split_events(m: XhsttModel, c: Constraint) -> None:
    for event_id in m.instance.events_of(c):
        count = sum(x for part, x in m.parts[event_id] if part.duration == c.duration)
        top = m.instance.events[event_id].duration
        m.charge(c, outside(m.model, count, top, c.minimum, c.maximum), top, [event_id])


def _prefer_times(m: XhsttModel, c: Constraint) -> None:
    preferred = m.instance.times_of(c)
    for event_id in m.instance.events_of(c):
        elsewhere = [
            part.duration * x
            for part, x in m.parts[event_id]
            if part.start is not None and part.start not in preferred and c.duration in (None, part.duration)
        ]
        m.charge(c, sum(elsewhere), m.instance.events[event_id].duration, [event_id])


def _spread_events(m: XhsttModel, c: Constraint) -> None:
    for group in c.applies_to.event_groups:
        parts = [(p, x) for e in m.instance.event_groups[group].events for p, x in m.parts[e] if p.start is not None]
        top = sum(m.instance.events[e].duration for e in m.instance.event_groups[group].events)
        deviation, deviation_top = 0, 0
        for limit in c.limits:
            times = set(m.instance.group_times(limit.time_group))
            count = sum(x for p, x in parts if p.start in times)
            deviation += outside(m.model, count, top, limit.minimum, limit.maximum)
            deviation_top += max(limit.minimum, top - limit.maximum, 0)
        m.charge(c, deviation, deviation_top, m.instance.event_groups[group].events)


def _link_events(m: XhsttModel, c: Constraint) -> None:
    for group in c.applies_to.event_groups:
        events = m.instance.event_groups[group].events
        if len(events) < 2:
            continue
        deviation, top = 0, 0
        for t in range(m.horizon):
            occupied = [m.occupancy[e][t] for e in events]
            if all(isinstance(o, int) for o in occupied):
                continue
            deviation += m._any(occupied) - m._all(occupied)
            top += 1
        m.charge(c, deviation, top, m.instance.event_groups[group].events)


# --- resource constraints -------------------------------------------------------------------------


def _avoid_clashes(m: XhsttModel, c: Constraint) -> None:
    if binding(c) and m.required_hard:
        _forbid_clashes(m, c)
        return
    for resource in m.instance.resources_of(c):
        events = m.attending(resource)
        deviation, top = 0, 0
        for t in range(m.horizon):
            occupied = [o for e in events if not isinstance(o := m.occupancy[e][t], int)]
            if len(occupied) < 2:
                continue
            extra = m.model.new_int_var(0, len(occupied) - 1, "")
            m.model.add_max_equality(extra, [sum(occupied) - 1, 0])
            deviation += extra
            top += len(occupied) - 1
        m.charge(c, deviation, top, m.attending(resource))


def _forbid_clashes(m: XhsttModel, c: Constraint) -> None:
    """Required clashes held at 0 as at-most-one over the solution events running at each time;
    exactly one at every time for a resource whose events, all required to be timed, fill the week."""
    must_time = m.must_time()
    for resource in m.instance.resources_of(c):
        events = m.attending(resource)
        full = fills_the_week(m.instance, events, must_time)
        for t in range(m.horizon):
            running = [x for e in events for x in m.running[e][t]]
            if full:
                m.model.add_exactly_one(running)
            elif len(running) > 1:
                m.model.add_at_most_one(running)


def _avoid_unavailable_times(m: XhsttModel, c: Constraint) -> None:
    unavailable = sorted(m.instance.times_of(c))
    for resource in m.instance.resources_of(c):
        busy = m.busy(resource)
        m.charge(c, sum(busy[t] for t in unavailable), len(unavailable), m.attending(resource))


def _idle_times(m: XhsttModel, busy: list) -> list:
    """Per time of a group (in order): 1 when free between two busy times of the group."""
    before, after = [0] * len(busy), [0] * len(busy)
    for k in range(1, len(busy)):
        before[k] = m._any([before[k - 1], busy[k - 1]])
    for k in range(len(busy) - 2, -1, -1):
        after[k] = m._any([after[k + 1], busy[k + 1]])
    idle = []
    for k, here in enumerate(busy):
        if isinstance(before[k], int) and before[k] == 0 or isinstance(after[k], int) and after[k] == 0:
            continue
        if isinstance(here, int) and here == 1:
            continue
        free = m.model.new_bool_var("")
        m.model.add(free <= before[k])
        m.model.add(free <= after[k])
        m.model.add(free <= 1 - here)
        m.model.add(free >= before[k] + after[k] - here - 1)
        idle.append(free)
    return idle


def _limit_idle_times(m: XhsttModel, c: Constraint) -> None:
    for resource in m.instance.resources_of(c):
        busy = m.busy(resource)
        idle = [i for group in c.time_groups for i in _idle_times(m, [busy[t] for t in m.instance.group_times(group)])]
        top = len(idle)
        m.charge(
            c,
            outside(m.model, sum(idle), top, c.minimum, c.maximum),
            max(top, c.minimum or 0),
            m.attending(resource),
        )


def _cluster_busy_times(m: XhsttModel, c: Constraint) -> None:
    top = len(c.time_groups)
    for resource in m.instance.resources_of(c):
        count = sum(m.group_busy(resource, group) for group in c.time_groups)
        m.charge(c, outside(m.model, count, top, c.minimum, c.maximum), max(top, c.minimum or 0), m.attending(resource))


def _limit_busy_times(m: XhsttModel, c: Constraint) -> None:
    for resource in m.instance.resources_of(c):
        busy = m.busy(resource)
        deviation, top = 0, 0
        for group in c.time_groups:
            times = m.instance.group_times(group)
            count = sum(busy[t] for t in times)
            if isinstance(count, int) and count == 0:
                continue
            over, group_top = busy_deviation(m.model, c, count, m.group_busy(resource, group), len(times))
            deviation, top = deviation + over, top + group_top
        m.charge(c, deviation, top, m.attending(resource))


def _start_problem(event_id: str, part: str) -> Problem:
    """A part of a start solution the model has no candidate for."""
    return Problem(
        f"Solution to start from: Event {event_id}, part {part}",
        "the solver's model has no such part (a part over two days, of a duration a SplitEvents constraint"
        " rules out, a part overlapping another of its event, or an event timed only in part): it cannot start"
        " from this solution",
        "求解器的模型中没有这样的部分（跨天、时长不符合 SplitEvents 约束、与同一事件的另一部分重叠，"
        "或事件只排了一部分）：无法从该解开始",
    )


def in_some_split(total: int, durations: list[int], fewest: int, most: int) -> list[int]:
    """The durations that are part of some split of `total` into between `fewest` and `most` parts,
    each of one of the given durations."""
    counts: list[set[int]] = [set() for _ in range(total + 1)]  # counts[s]: how many parts can sum to s
    counts[0].add(0)
    for subtotal in range(1, total + 1):
        for d in durations:
            if d <= subtotal:
                counts[subtotal] |= {k + 1 for k in counts[subtotal - d] if k < most}
    return [d for d in durations if d <= total and any(fewest <= k + 1 <= most for k in counts[total - d])]


def out_of(value: int, minimum: int | None, maximum: int | None) -> bool:
    """Whether `value` falls below `minimum` or above `maximum` (a missing bound is no bound)."""
    return (minimum is not None and value < minimum) or (maximum is not None and value > maximum)


SHAPING = {  # the types whose cost depends on how an event splits, not only on the times it runs
    "SplitEventsConstraint",
    "DistributeSplitEventsConstraint",
    "PreferTimesConstraint",
    "SpreadEventsConstraint",
}
ADD = {
    "AssignTimeConstraint": _assign_time,
    "SplitEventsConstraint": _split_events,
    "DistributeSplitEventsConstraint": _distribute_split_events,
    "PreferTimesConstraint": _prefer_times,
    "SpreadEventsConstraint": _spread_events,
    "LinkEventsConstraint": _link_events,
    "AvoidClashesConstraint": _avoid_clashes,
    "AvoidUnavailableTimesConstraint": _avoid_unavailable_times,
    "LimitIdleTimesConstraint": _limit_idle_times,
    "ClusterBusyTimesConstraint": _cluster_busy_times,
    "LimitBusyTimesConstraint": _limit_busy_times,
}
