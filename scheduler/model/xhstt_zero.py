"""The timings of cost 0 of a class-based XHSTT instance, as clauses for a SAT solver: of an instance
whose events are each timed whole (see scheduler.model.xhstt_whole), with one start per event
(ZeroCostClauses); of any other, with the candidate solution events of scheduler.model.xhstt, which
also choose how each event splits (PartsZeroClauses).

A timing costs 0 when no constraint of some weight deviates, required or not. So every such
constraint becomes clauses: one Boolean per event and start it may take (exactly one of them true),
or per candidate solution event (an event's chosen ones running at exactly as many times as its
duration, none two at once), one per resource and time that is true exactly when one of the
resource's events runs then, and
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

from models.xhstt import Constraint, Instance, Solution, SolutionEvent
from scheduler.model.xhstt import Candidate, events_of_resources, out_of
from scheduler.model.xhstt_whole import alike_events, allowed_starts


class Clauses:
    """What both kinds of clauses share: the pool of variables, the clauses, each resource's busy
    literals and the cardinality constraints. A subclass says which literals run an event at a time
    (`running`) and which start its solution events within some times (`starting`)."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.pool = IDPool()
        self.clauses: list[list[int]] = []
        self.attending = events_of_resources(instance)
        self._busy: dict[tuple[str, int], int | None] = {}

    def running(self, resource: str, time: int) -> list[int]:
        """Literals of which at most one is true where the resource attends one event at `time`, and
        one is true exactly when it attends some event then."""
        raise NotImplementedError

    def starting(self, events: list[str], times: set[int]) -> list[int]:
        """Literals, one per solution event of `events` that starts at one of `times`."""
        raise NotImplementedError

    def chosen(self, true_literals: Iterable[int]) -> set[Candidate]:
        """The timing of a model of the clauses (its true literals), as candidates of the candidate model."""
        raise NotImplementedError

    def busy(self, resource: str, time: int) -> int | None:
        """A literal true exactly when one of the resource's events runs at `time` (None where none can)."""
        key = (resource, time)
        if key not in self._busy:
            self._busy[key] = self.any_of(("busy", resource, time), self.running(resource, time))
        return self._busy[key]

    def any_of(self, name: tuple, literals: list[int]) -> int | None:
        """A new literal true exactly when one of `literals` is (None for none)."""
        if not literals:
            return None
        either = self.pool.id(name)
        self.clauses.append([-either, *literals])
        self.clauses.extend([-lit, either] for lit in literals)
        return either

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

    def within(self, literals: list[int], minimum: int | None, maximum: int | None) -> None:
        """Between `minimum` and `maximum` of the literals true (a missing bound is no bound)."""
        if maximum is not None:
            self.at_most(literals, maximum)
        self.at_least(literals, minimum or 0)


class ZeroCostClauses(Clauses):
    """The clauses whose models are the timings of cost 0 of an instance for which
    whole_model_misfits is empty (`constraints`: the ones modelled)."""

    def __init__(self, instance: Instance, constraints: list[Constraint]):
        super().__init__(instance)
        weighed = [c for c in constraints if c.weight > 0]
        self.allowed = allowed_starts(instance, weighed)
        self.start = {(e, s): self.pool.id(("start", e, s)) for e, starts in self.allowed.items() for s in starts}
        self._runs_at: dict[tuple[str, int], list[int]] = defaultdict(list)  # per event and time
        for (event_id, s), literal in self.start.items():
            for time in range(s, s + instance.events[event_id].duration):
                self._runs_at[event_id, time].append(literal)
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

    def starting(self, events: list[str], times: set[int]) -> list[int]:
        """The events' start literals at `times`."""
        return [self.start[e, s] for e in events for s in self.allowed[e] if s in times]

    def _exactly_one(self, literals: list[int]) -> None:
        self.clauses.append(literals)  # an event with no start left: the empty clause, no timing
        self.clauses.extend(CardEnc.atmost(literals, 1, vpool=self.pool, encoding=EncType.pairwise).clauses)

    def _before(self, earlier: str, later: str) -> None:
        """`earlier` starts no later than `later` (of events alike: the timings of cost 0 less their
        trades; at the same time where nothing keeps them apart)."""
        for s in self.allowed[later]:
            self.clauses.append([-self.start[later, s], *(self.start[earlier, t] for t in self.allowed[earlier] if t <= s)])

    def starts(self, true_literals: Iterable[int]) -> dict[str, int]:
        """Each event's start in a model of the clauses (its true literals)."""
        chosen = set(true_literals)
        return {e: s for (e, s), lit in self.start.items() if lit in chosen}

    def chosen(self, true_literals: Iterable[int]) -> set[Candidate]:
        """Each event whole at its start in a model of the clauses."""
        duration = {e: event.duration for e, event in self.instance.events.items()}
        return {Candidate(e, s, duration[e]) for e, s in self.starts(true_literals).items()}


class PartsZeroClauses(Clauses):
    """The clauses whose models are timings of cost 0 of an instance for which parts_zero_misfits is
    empty (`constraints`: the ones modelled), each event timed in `parts`, its candidate solution
    events (those of scheduler.model.xhstt's model with required costs held at 0; a candidate
    without a start is left out, so every event is timed). Every timing of cost 0 with each event
    timed in such parts is a model."""

    def __init__(self, instance: Instance, constraints: list[Constraint], parts: dict[str, list[Candidate]]):
        super().__init__(instance)
        self.part = {
            p: self.pool.id(("part", p)) for candidates in parts.values() for p in candidates if p.start is not None
        }
        self.parts = {e: [p for p in candidates if p in self.part] for e, candidates in parts.items()}
        self._runs_at: dict[tuple[str, int], list[int]] = defaultdict(list)  # per event and time
        for p, literal in self.part.items():
            for time in range(p.start, p.start + p.duration):
                self._runs_at[p.event, time].append(literal)
        self._occupied: dict[tuple[str, int], int | None] = {}
        for event_id in self.parts:
            self._timed_once(event_id)
        for c in constraints:
            if c.weight > 0:
                PARTS_ENCODERS[c.type](self, c)

    def occupied(self, event_id: str, time: int) -> int | None:
        """A literal true exactly when one of the event's parts runs at `time` (None where none can)."""
        key = (event_id, time)
        if key not in self._occupied:
            self._occupied[key] = self.any_of(("occupied", event_id, time), self._runs_at.get(key, []))
        return self._occupied[key]

    def running(self, resource: str, time: int) -> list[int]:
        """The occupied literals at `time` of the resource's events."""
        return [lit for e in self.attending.get(resource, ()) if (lit := self.occupied(e, time)) is not None]

    def starting(self, events: list[str], times: set[int]) -> list[int]:
        """The events' part literals starting at `times`."""
        return [self.part[p] for e in events for p in self.parts[e] if p.start in times]

    def _timed_once(self, event_id: str) -> None:
        """No two of the event's chosen parts at one time, and as many times run as its duration."""
        occupied = []
        for time in range(len(self.instance.times)):
            self.at_most(self._runs_at.get((event_id, time), []), 1)
            if (lit := self.occupied(event_id, time)) is not None:
                occupied.append(lit)
        duration = self.instance.events[event_id].duration
        self.within(occupied, duration, duration)

    def chosen(self, true_literals: Iterable[int]) -> set[Candidate]:
        """The parts chosen in a model of the clauses (its true literals)."""
        true = set(true_literals)
        return {p for p, lit in self.part.items() if lit in true}


def timing_solution(instance: Instance, chosen: Iterable[Candidate]) -> Solution:
    """A timing as chosen candidates (of a model of the clauses, see Clauses.chosen), as solution events."""
    parts = sorted(chosen, key=lambda p: (p.event, p.start))
    return Solution(instance.id, tuple(SolutionEvent(p.event, p.duration, instance.times[p.start].id) for p in parts))


def parts_zero_misfits(constraints: list[Constraint]) -> list[str]:
    """Why PartsZeroClauses do not hold for the constraints (empty when they do): a type it lacks, an
    idle limit with a minimum."""
    reasons = [f"{c.id}: type {c.type}" for c in constraints if c.weight > 0 and c.type not in PARTS_ENCODERS]
    idle = "LimitIdleTimesConstraint"
    return reasons + [
        f"{c.id}: a minimum of idle times" for c in constraints if c.type == idle and c.minimum and c.weight > 0
    ]


def _nothing(_: Clauses, __: Constraint) -> None:
    """AssignTime (every event gets exactly one start), SplitEvents (whole costs nothing where the
    whole model holds), PreferTimes and AvoidUnavailableTimes (in the starts allowed)."""


def _avoid_clashes(z: Clauses, c: Constraint) -> None:
    for resource in z.instance.resources_of(c):
        for time in range(len(z.instance.times)):
            z.at_most(z.running(resource, time), 1)


def _spread_events(z: Clauses, c: Constraint) -> None:
    for group in c.applies_to.event_groups:
        events = z.instance.event_groups[group].events
        for limit in c.limits:
            starting = z.starting(events, set(z.instance.group_times(limit.time_group)))
            z.at_most(starting, limit.maximum)
            z.at_least(starting, limit.minimum)


def _limit_busy_times(z: Clauses, c: Constraint) -> None:
    for resource in z.instance.resources_of(c):
        for group in c.time_groups:
            busy = z.busy_in(resource, z.instance.group_times(group))
            if c.maximum is not None:
                z.at_most(busy, c.maximum)
            if busy and c.minimum and c.minimum > 1:  # one busy time there is busy there at all
                anywhere = z.pool.id(("busy in", resource, group))
                z.clauses.extend([-lit, anywhere] for lit in busy)
                z.at_least(busy, c.minimum, unless=anywhere)


def _limit_idle_times(z: Clauses, c: Constraint) -> None:
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


def _reach(z: Clauses, busy: list[int | None], name: tuple) -> list[int]:
    """Per place in `busy`, a literal forced true when the resource is busy there or earlier."""
    reached = [z.pool.id((*name, i)) for i in range(len(busy))]
    for i, lit in enumerate(busy):
        if lit is not None:
            z.clauses.append([-lit, reached[i]])
        if i:
            z.clauses.append([-reached[i - 1], reached[i]])
    return reached


def _no_part_of(z: PartsZeroClauses, parts: Iterable[Candidate]) -> None:
    z.clauses.extend([-z.part[p]] for p in parts)


def _split_events(z: PartsZeroClauses, c: Constraint) -> None:
    """Parts of durations within the limits, as many as the limits allow."""
    for event_id in z.instance.events_of(c):
        parts = z.parts[event_id]
        _no_part_of(z, (p for p in parts if out_of(p.duration, c.minimum_duration, c.maximum_duration)))
        z.within([z.part[p] for p in parts], c.minimum_amount, c.maximum_amount)


def _distribute_split_events(z: PartsZeroClauses, c: Constraint) -> None:
    for event_id in z.instance.events_of(c):
        z.within([z.part[p] for p in z.parts[event_id] if p.duration == c.duration], c.minimum, c.maximum)


def _prefer_times(z: PartsZeroClauses, c: Constraint) -> None:
    preferred = z.instance.times_of(c)
    for event_id in z.instance.events_of(c):
        _no_part_of(z, (p for p in z.parts[event_id] if p.start not in preferred and c.duration in (None, p.duration)))


def _avoid_unavailable_times(z: PartsZeroClauses, c: Constraint) -> None:
    for resource in z.instance.resources_of(c):
        z.clauses.extend([-lit] for t in sorted(z.instance.times_of(c)) for lit in z.running(resource, t))


def _link_events(z: PartsZeroClauses, c: Constraint) -> None:
    """At each time, the group's events all run or none does (each implies the next, round)."""
    for group in c.applies_to.event_groups:
        events = z.instance.event_groups[group].events
        for time in range(len(z.instance.times)):
            occupied = [z.occupied(e, time) for e in events]
            if None in occupied:  # one of them cannot run then: none does
                z.clauses.extend([-lit] for lit in occupied if lit is not None)
            elif len(occupied) > 1:
                z.clauses.extend([-a, b] for a, b in pairwise([*occupied, occupied[0]]))


def _cluster_busy_times(z: PartsZeroClauses, c: Constraint) -> None:
    for resource in z.instance.resources_of(c):
        groups = [
            z.any_of(("busy in group", resource, g), z.busy_in(resource, z.instance.group_times(g))) for g in c.time_groups
        ]
        z.within([lit for lit in groups if lit is not None], c.minimum, c.maximum)


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
PARTS_ENCODERS: dict[str, Callable[[PartsZeroClauses, Constraint], None]] = {  # one per type the model has
    "AssignTimeConstraint": _nothing,  # every event is timed
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
