"""The cost of an XHSTT solution, computed from the instance's constraints alone (no solver).

Per the XHSTT specification, each constraint has points of application (events, event groups or
resources). At each point it finds deviations; their sum d costs Weight × f(d), where f is the
constraint's CostFunction (Linear d, Quadratic d², Step 1 if d > 0). The costs of the Required
constraints add up to the infeasibility value, those of the others to the objective value.

A solution event's resources are its event's preassigned ones, the resources of its event's
resource groups, and those the solution assigns to its event's unfilled roles. Every constraint type
of the 2014 specification's high-school set is evaluated; an instance using another type is named in
`Evaluation.unsupported`, its constraints left out of the totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil

from models.xhstt import Constraint, Event, Instance, Solution, SolutionEvent


@dataclass(frozen=True)
class ConstraintCost:
    """One constraint's cost in a solution: `deviations` is the number of points with a deviation."""

    id: str
    type: str
    required: bool
    cost: int
    deviations: int


@dataclass(frozen=True)
class Evaluation:
    """A solution's cost: each constraint's, the totals, and the constraint types not evaluated."""

    constraints: tuple[ConstraintCost, ...]
    infeasibility: int
    objective: int
    unsupported: tuple[str, ...] = field(default=())

    @property
    def supported(self) -> bool:
        """Whether every constraint of the instance was evaluated."""
        return not self.unsupported


def unsupported_types(instance: Instance) -> tuple[str, ...]:
    """The constraint types of an instance that this evaluator does not compute, in file order."""
    return tuple(dict.fromkeys(c.type for c in instance.constraints if c.type not in DEVIATIONS))


def evaluate(instance: Instance, solution: Solution) -> Evaluation:
    """Every supported constraint's cost in `solution`, with infeasibility and objective totals.

    Constraints of unsupported types are left out of the totals and named in `unsupported`.
    """
    state = _Timetable(instance, solution)
    costs = tuple(_constraint_cost(state, c) for c in instance.constraints if c.type in DEVIATIONS)
    infeasibility = sum(c.cost for c in costs if c.required)
    objective = sum(c.cost for c in costs if not c.required)
    return Evaluation(costs, infeasibility, objective, unsupported_types(instance))


def cost_of(constraint: Constraint, deviation: int) -> int:
    """Weight × the cost function of one point of application's total deviation."""
    if constraint.cost_function == "Quadratic":
        return constraint.weight * deviation * deviation
    if constraint.cost_function == "Step":
        return constraint.weight if deviation > 0 else 0
    return constraint.weight * deviation


def outside(value: int | Fraction, minimum: int | None, maximum: int | None) -> int | Fraction:
    """How far `value` falls below `minimum` or above `maximum` (0 inside; a missing bound is no bound)."""
    if minimum is not None and value < minimum:
        return minimum - value
    if maximum is not None and value > maximum:
        return value - maximum
    return 0


@dataclass(frozen=True)
class _Slot:
    """One resource of a solution event, by role, with its share of the event resource's workload."""

    role: str | None
    resource: str | None  # None while unassigned
    workload: Fraction


class _Timetable:
    """A solution laid out on the instance's times: each solution event's times and resources."""

    def __init__(self, instance: Instance, solution: Solution):
        self.instance = instance
        self.index = instance.time_index
        self.parts: dict[str, list[SolutionEvent]] = defaultdict(list)
        for part in solution.events:
            self.parts[part.reference].append(part)
        self.busy: dict[str, list[int]] = defaultdict(list)  # resource → occupied time indices, repeated on clashes
        self.workload: dict[str, Fraction] = defaultdict(Fraction)
        for event in instance.events.values():
            for part in self.event_parts(event):
                self.place(event, part)

    def event_parts(self, event: Event) -> list[SolutionEvent]:
        """The solution events of an event; an event absent from the solution is one part with no time."""
        parts = self.parts.get(event.id)
        if parts:
            return parts
        return [SolutionEvent(event.id, event.duration, event.time)]

    def start(self, part: SolutionEvent) -> int | None:
        """The index of a solution event's starting time (its own, else its event's preassigned one)."""
        time = part.time or self.instance.events[part.reference].time
        return None if time is None else self.index[time]

    def occupied(self, part: SolutionEvent) -> range:
        """The indices of the times a solution event occupies (none when it has no time)."""
        start = self.start(part)
        if start is None:
            return range(0)
        return range(start, min(start + part.duration, len(self.instance.times)))

    def slots(self, event: Event, part: SolutionEvent) -> list[_Slot]:
        """The resources of a solution event: its event's, filled in by role from the solution, and its event's groups'."""
        assigned = {r.role: r.resource for r in part.resources}
        share = Fraction(part.duration, event.duration)
        workload = event.duration if event.workload is None else event.workload
        slots = []
        for r in event.resources:
            resource = r.resource or assigned.pop(r.role, None)
            slots.append(_Slot(r.role, resource, (workload if r.workload is None else r.workload) * share))
        for group in event.resource_groups:
            slots.extend(_Slot(None, r, workload * share) for r in self.instance.resource_groups[group].resources)
        slots.extend(_Slot(role, r, workload * share) for role, r in assigned.items() if role is not None)
        return slots

    def place(self, event: Event, part: SolutionEvent) -> None:
        """Mark a solution event's times busy for each of its resources, and add its workload to theirs."""
        occupied = self.occupied(part)
        slots = self.slots(event, part)
        for resource in dict.fromkeys(slot.resource for slot in slots if slot.resource is not None):
            self.busy[resource].extend(occupied)
        for slot in slots:
            if slot.resource is not None:
                self.workload[slot.resource] += slot.workload

    # --- points of application ---------------------------------------------------------------

    def events_of(self, constraint: Constraint) -> list[Event]:
        """The events a constraint applies to."""
        return [self.instance.events[i] for i in self.instance.events_of(constraint)]


def _constraint_cost(state: _Timetable, constraint: Constraint) -> ConstraintCost:
    """A constraint's cost: its deviation at each point of application through the cost function."""
    deviations = [d for d in DEVIATIONS[constraint.type](state, constraint) if d > 0]
    cost = sum(cost_of(constraint, d) for d in deviations)
    return ConstraintCost(constraint.id, constraint.type, constraint.required, cost, len(deviations))


# --- event constraints (a deviation per event) --------------------------------------------------


def _assign_time(state: _Timetable, c: Constraint) -> Iterable[int]:
    """The total duration of each event's solution events that have no time."""
    for event in state.events_of(c):
        yield sum(part.duration for part in state.event_parts(event) if state.start(part) is None)


def _split_events(state: _Timetable, c: Constraint) -> Iterable[int]:
    """Solution events of a duration out of range, plus the number of solution events out of range."""
    for event in state.events_of(c):
        parts = state.event_parts(event)
        wrong = sum(1 for part in parts if outside(part.duration, c.minimum_duration, c.maximum_duration))
        yield wrong + outside(len(parts), c.minimum_amount, c.maximum_amount)


def _distribute_split_events(state: _Timetable, c: Constraint) -> Iterable[int]:
    """How far the number of solution events of the given duration is out of range."""
    for event in state.events_of(c):
        count = sum(1 for part in state.event_parts(event) if part.duration == c.duration)
        yield outside(count, c.minimum, c.maximum)


def _prefer_times(state: _Timetable, c: Constraint) -> Iterable[int]:
    """The total duration of solution events (of the given duration, if any) starting at a time not preferred."""
    preferred = state.instance.times_of(c)
    for event in state.events_of(c):
        yield sum(
            part.duration
            for part in state.event_parts(event)
            if (c.duration is None or part.duration == c.duration)
            and (start := state.start(part)) is not None
            and start not in preferred
        )


def _spread_events(state: _Timetable, c: Constraint) -> Iterable[int]:
    """Per event group: over its time groups, how far the number of solution events starting there is out of range."""
    for group in c.applies_to.event_groups:
        events = [state.instance.events[e] for e in state.instance.event_groups[group].events]
        starts = [s for event in events for part in state.event_parts(event) if (s := state.start(part)) is not None]
        deviation = 0
        for limit in c.limits:
            times = set(state.instance.group_times(limit.time_group))
            deviation += outside(sum(1 for s in starts if s in times), limit.minimum, limit.maximum)
        yield deviation


def _link_events(state: _Timetable, c: Constraint) -> Iterable[int]:
    """Per event group: the number of times occupied by some of its events but not all."""
    for group in c.applies_to.event_groups:
        events = [state.instance.events[e] for e in state.instance.event_groups[group].events]
        occupied = [{i for part in state.event_parts(e) for i in state.occupied(part)} for e in events]
        if occupied:
            yield len(set.union(*occupied) - set.intersection(*occupied))


def _role_slots(state: _Timetable, c: Constraint) -> Iterable[tuple[Event, list[tuple[SolutionEvent, _Slot]]]]:
    """For each event of the constraint, its solution events with their resource of the constraint's role."""
    for event in state.events_of(c):
        parts = []
        for part in state.event_parts(event):
            parts.extend((part, slot) for slot in state.slots(event, part) if slot.role is not None and slot.role == c.role)
        yield event, parts


def _assign_resource(state: _Timetable, c: Constraint) -> Iterable[int]:
    """Per event: the total duration of its solution events with no resource in the role."""
    for _, parts in _role_slots(state, c):
        yield sum(part.duration for part, slot in parts if slot.resource is None)


def _prefer_resources(state: _Timetable, c: Constraint) -> Iterable[int]:
    """Per event: the total duration of its solution events whose resource in the role is not a preferred one."""
    preferred = set(c.resources)
    for group in c.resource_groups:
        preferred.update(state.instance.resource_groups[group].resources)
    for _, parts in _role_slots(state, c):
        yield sum(part.duration for part, slot in parts if slot.resource is not None and slot.resource not in preferred)


def _avoid_split_assignments(state: _Timetable, c: Constraint) -> Iterable[int]:
    """Per event group: the number of distinct resources given the role in its solution events, beyond one."""
    for group in c.applies_to.event_groups:
        resources = set()
        for event_id in state.instance.event_groups[group].events:
            event = state.instance.events[event_id]
            for part in state.event_parts(event):
                resources.update(s.resource for s in state.slots(event, part) if s.role == c.role and s.resource)
        yield max(0, len(resources) - 1)


# --- resource constraints (a deviation per resource) --------------------------------------------


def _avoid_clashes(state: _Timetable, c: Constraint) -> Iterable[int]:
    """Per resource: at each time it is busy more than once, the number of events beyond the first."""
    for resource in state.instance.resources_of(c):
        busy = state.busy.get(resource, [])
        yield len(busy) - len(set(busy))


def _avoid_unavailable_times(state: _Timetable, c: Constraint) -> Iterable[int]:
    """Per resource: the number of the constraint's times at which it is busy."""
    unavailable = state.instance.times_of(c)
    for resource in state.instance.resources_of(c):
        yield len(unavailable.intersection(state.busy.get(resource, ())))


def _busy_in_groups(state: _Timetable, c: Constraint, resource: str) -> list[tuple[list[int], set[int]]]:
    """For each of the constraint's time groups: its time indices and those at which the resource is busy."""
    busy = set(state.busy.get(resource, ()))
    groups = []
    for group in c.time_groups:
        indices = state.instance.group_times(group)
        groups.append((indices, busy.intersection(indices)))
    return groups


def _limit_idle_times(state: _Timetable, c: Constraint) -> Iterable[int]:
    """Per resource: how far its idle times (free between busy times of a group), summed over groups, are out of range."""
    for resource in state.instance.resources_of(c):
        idle = 0
        for indices, busy in _busy_in_groups(state, c, resource):
            if busy:
                first, last = min(busy), max(busy)
                idle += sum(1 for i in indices if first < i < last and i not in busy)
        yield outside(idle, c.minimum, c.maximum)


def _cluster_busy_times(state: _Timetable, c: Constraint) -> Iterable[int]:
    """Per resource: how far the number of time groups in which it is busy is out of range."""
    for resource in state.instance.resources_of(c):
        busy_groups = sum(1 for _, busy in _busy_in_groups(state, c, resource) if busy)
        yield outside(busy_groups, c.minimum, c.maximum)


def _limit_busy_times(state: _Timetable, c: Constraint) -> Iterable[int]:
    """Per resource: over the time groups in which it is busy, how far its busy times there are out of range."""
    for resource in state.instance.resources_of(c):
        groups = _busy_in_groups(state, c, resource)
        yield sum(outside(len(busy), c.minimum, c.maximum) for _, busy in groups if busy)


def _limit_workload(state: _Timetable, c: Constraint) -> Iterable[int]:
    """Per resource: how far its total workload is out of range."""
    for resource in state.instance.resources_of(c):
        yield ceil(outside(state.workload.get(resource, Fraction(0)), c.minimum, c.maximum))


DEVIATIONS: dict[str, Callable[[_Timetable, Constraint], Iterable[int]]] = {
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
    "LimitWorkloadConstraint": _limit_workload,
    "AssignResourceConstraint": _assign_resource,
    "PreferResourcesConstraint": _prefer_resources,
    "AvoidSplitAssignmentsConstraint": _avoid_split_assignments,
}
