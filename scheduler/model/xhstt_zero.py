"""The timings of cost 0 of a class-based XHSTT instance whose events are each timed whole (see
scheduler.model.xhstt_whole), as clauses for a SAT solver.

A timing costs 0 when no constraint of some weight deviates, required or not. So every such
constraint becomes clauses: one Boolean per event and start it may take (exactly one of them true),
one per resource and time that is true exactly when one of the resource's events runs then, and
cardinality constraints (pysat.card) on the starts a spread counts, the busy times a busy limit
counts and the idle times an idle limit counts. Events no constraint tells apart start in the
instance's order (see alike_events): a timing of cost 0 with such events traded costs 0 too, and a SAT
solver need not try them all. Where the days are tight, a SAT solver finds a timing of cost 0 far
sooner than CP-SAT's search does (bench/xhstt_log.md, FI-WP-06).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import pairwise

from pysat.card import CardEnc, EncType
from pysat.formula import IDPool

from models.xhstt import Constraint, Instance
from scheduler.model.xhstt import events_of_resources
from scheduler.model.xhstt_whole import alike_events, allowed_starts


class ZeroCostClauses:
    """The clauses whose models are the timings of cost 0 of an instance for which
    whole_model_misfits is empty (`constraints`: the ones modelled)."""

    def __init__(self, instance: Instance, constraints: list[Constraint]):
        self.instance = instance
        self.pool = IDPool()
        self.clauses: list[list[int]] = []
        weighed = [c for c in constraints if c.weight > 0]
        self.allowed = allowed_starts(instance, weighed)
        self.start = {(e, s): self.pool.id(("start", e, s)) for e, starts in self.allowed.items() for s in starts}
        self.attending = events_of_resources(instance)
        self._runs_at: dict[tuple[str, int], list[int]] = defaultdict(list)  # per event and time
        for (event_id, s), literal in self.start.items():
            for time in range(s, s + instance.events[event_id].duration):
                self._runs_at[event_id, time].append(literal)
        self._busy: dict[tuple[str, int], int | None] = {}
        for event_id, starts in self.allowed.items():
            self._exactly_one([self.start[event_id, s] for s in starts])
        for c in weighed:
            ENCODERS[c.type](self, c)
        self.alike = alike_events(instance, constraints, self.allowed)
        for events in self.alike:
            for earlier, later in pairwise(events):
                self._before(earlier, later)

    def running(self, resource: str, time: int) -> list[int]:
        """The start literals at which one of the resource's events runs at `time`."""
        return [lit for e in self.attending.get(resource, ()) for lit in self._runs_at.get((e, time), ())]

    def busy(self, resource: str, time: int) -> int | None:
        """A literal true exactly when one of the resource's events runs at `time` (None where none can)."""
        key = (resource, time)
        if key not in self._busy:
            running = self.running(resource, time)
            self._busy[key] = self.pool.id(("busy", resource, time)) if running else None
            if running:
                self.clauses.append([-self._busy[key], *running])
                self.clauses.extend([-lit, self._busy[key]] for lit in running)
        return self._busy[key]

    def busy_in(self, resource: str, times: Iterable[int]) -> list[int]:
        """The resource's busy literals at `times` (where it can be busy)."""
        return [lit for t in times if (lit := self.busy(resource, t)) is not None]

    def at_most(self, literals: list[int], bound: int) -> None:
        """At most `bound` of the literals true."""
        if bound < len(literals):
            encoding = EncType.ladder if bound == 1 else EncType.seqcounter
            self.clauses.extend(CardEnc.atmost(literals, bound, vpool=self.pool, encoding=encoding).clauses)

    def at_least(self, literals: list[int], bound: int, unless: int | None = None) -> None:
        """At least `bound` of the literals true, or `unless` false (where given)."""
        guard = [] if unless is None else [-unless]
        if bound > len(literals):
            self.clauses.append(guard)
        elif bound > 0:
            encoded = CardEnc.atleast(literals, bound, vpool=self.pool, encoding=EncType.seqcounter)
            self.clauses.extend(clause + guard for clause in encoded.clauses)

    def _before(self, earlier: str, later: str) -> None:
        """`earlier` starts no later than `later` (of events alike: the timings of cost 0 less their
        trades; at the same time where nothing keeps them apart)."""
        for s in self.allowed[later]:
            self.clauses.append([-self.start[later, s], *(self.start[earlier, t] for t in self.allowed[earlier] if t <= s)])

    def _exactly_one(self, literals: list[int]) -> None:
        self.clauses.append(literals)  # an event with no start left: the empty clause, no timing
        self.clauses.extend(CardEnc.atmost(literals, 1, vpool=self.pool, encoding=EncType.pairwise).clauses)

    def starts(self, true_literals: Iterable[int]) -> dict[str, int]:
        """Each event's start in a model of the clauses (its true literals)."""
        chosen = set(true_literals)
        return {e: s for (e, s), lit in self.start.items() if lit in chosen}


def _nothing(_: ZeroCostClauses, __: Constraint) -> None:
    """AssignTime (every event gets exactly one start), SplitEvents (whole costs nothing where the
    whole model holds), PreferTimes and AvoidUnavailableTimes (in the starts allowed)."""


def _avoid_clashes(z: ZeroCostClauses, c: Constraint) -> None:
    for resource in z.instance.resources_of(c):
        for time in range(len(z.instance.times)):
            z.at_most(z.running(resource, time), 1)


def _spread_events(z: ZeroCostClauses, c: Constraint) -> None:
    for group in c.applies_to.event_groups:
        events = z.instance.event_groups[group].events
        for limit in c.limits:
            times = set(z.instance.group_times(limit.time_group))
            starting = [z.start[e, s] for e in events for s in z.allowed[e] if s in times]
            z.at_most(starting, limit.maximum)
            z.at_least(starting, limit.minimum)


def _limit_busy_times(z: ZeroCostClauses, c: Constraint) -> None:
    for resource in z.instance.resources_of(c):
        for group in c.time_groups:
            busy = z.busy_in(resource, z.instance.group_times(group))
            if c.maximum is not None:
                z.at_most(busy, c.maximum)
            if busy and c.minimum and c.minimum > 1:  # one busy time there is busy there at all
                anywhere = z.pool.id(("busy in", resource, group))
                z.clauses.extend([-lit, anywhere] for lit in busy)
                z.at_least(busy, c.minimum, unless=anywhere)


def _limit_idle_times(z: ZeroCostClauses, c: Constraint) -> None:
    """A time of a group is idle when the resource is free then and busy both before and after in the
    group: its idle literal is forced true then (the literals of before and after are only ever forced
    true, by a busy time, which is all this needs)."""
    for resource in z.instance.resources_of(c):
        idle = []
        for group in c.time_groups:
            times = z.instance.group_times(group)
            busy = [z.busy(resource, t) for t in times]
            before = _reach(z, busy, ("before", resource, group))
            after = _reach(z, busy[::-1], ("after", resource, group))[::-1]
            for i in range(1, len(times) - 1):
                idle.append(z.pool.id(("idle", resource, group, times[i])))  # per group: each counts it
                free_then = [] if busy[i] is None else [busy[i]]
                z.clauses.append([*free_then, -before[i - 1], -after[i + 1], idle[-1]])
        if c.maximum is not None:
            z.at_most(idle, c.maximum)


def _reach(z: ZeroCostClauses, busy: list[int | None], name: tuple) -> list[int]:
    """Per place in `busy`, a literal forced true when the resource is busy there or earlier."""
    reached = [z.pool.id((*name, i)) for i in range(len(busy))]
    for i, lit in enumerate(busy):
        if lit is not None:
            z.clauses.append([-lit, reached[i]])
        if i:
            z.clauses.append([-reached[i - 1], reached[i]])
    return reached


ENCODERS: dict[str, Callable[[ZeroCostClauses, Constraint], None]] = {  # one per type of WHOLE_TYPES
    "AssignTimeConstraint": _nothing,
    "SplitEventsConstraint": _nothing,
    "PreferTimesConstraint": _nothing,
    "AvoidUnavailableTimesConstraint": _nothing,
    "AvoidClashesConstraint": _avoid_clashes,
    "SpreadEventsConstraint": _spread_events,
    "LimitBusyTimesConstraint": _limit_busy_times,
    "LimitIdleTimesConstraint": _limit_idle_times,
}
