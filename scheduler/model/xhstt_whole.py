"""The CP-SAT model of a class-based XHSTT instance whose events are each timed whole: one solution
event of the event's full duration, as where a required SplitEvents constraint forbids splitting.

Each event's start is one integer variable (its domain the starts within one day that no required
PreferTimes or AvoidUnavailableTimes constraint rules out), each resource's events one no-overlap,
and a resource's idle times in a time group its span there (from a first to a last busy time) less
its busy times. CP-SAT finds compact days in this formulation far sooner than in the candidate model of
scheduler.model.xhstt, but it holds only for the constraint types of WHOLE_TYPES; the search carries
its solutions into the candidate model, which costs them exactly.

The idle times are bounded from below only (the first time at or before every busy time, the last at
or after): a solution's model cost may exceed its cost, and equals it where CP-SAT minimises the span.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from ortools.sat.python import cp_model

from models.xhstt import Constraint, Instance
from scheduler.model.xhstt import (
    Candidate,
    binding,
    busy_deviation,
    day_of_each_time,
    events_of_resources,
    hint_values,
    must_be_timed,
    out_of,
    outside,
    starts_within_a_day,
    weighted_cost,
)

WHOLE_TYPES = frozenset(
    {
        "AssignTimeConstraint",
        "SplitEventsConstraint",
        "PreferTimesConstraint",
        "SpreadEventsConstraint",
        "AvoidClashesConstraint",
        "AvoidUnavailableTimesConstraint",
        "LimitBusyTimesConstraint",
        "LimitIdleTimesConstraint",
    }
)


def whole_model_misfits(instance: Instance, constraints: list[Constraint]) -> list[str]:
    """Why the whole-events model does not hold for the instance (empty when it does): a constraint
    type it lacks, an event that may split or need not be timed, a resource of a busy or idle limit
    or of soft unavailable times allowed to clash, an idle limit with a minimum or over a time group
    that is not a run of times or that an event may run partly in."""
    reasons = [f"{c.id}: type {c.type}" for c in constraints if c.type not in WHOLE_TYPES]
    attending, days = events_of_resources(instance), day_of_each_time(instance)
    timed = must_be_timed(instance, constraints)
    whole = {e for c in constraints if _forbids_splitting(c) for e in instance.events_of(c)}
    for event in instance.events.values():
        if event.id not in timed:
            reasons.append(f"{event.id}: not required to be timed")
        if event.duration > 1 and event.id not in whole:
            reasons.append(f"{event.id}: may split")
    apart = {r for c in constraints if c.type == "AvoidClashesConstraint" and binding(c) for r in instance.resources_of(c)}
    for c in constraints:
        if c.type == "AvoidClashesConstraint" and not binding(c):
            reasons.append(f"{c.id}: clashes allowed (soft, or of weight 0)")
        counts_busy_times = c.type == "AvoidUnavailableTimesConstraint" and not binding(c)
        if counts_busy_times or c.type in ("LimitBusyTimesConstraint", "LimitIdleTimesConstraint"):
            reasons += [f"{c.id}: {r} may clash" for r in instance.resources_of(c) if r not in apart]
        if c.type == "LimitIdleTimesConstraint":
            if c.minimum:
                reasons.append(f"{c.id}: a minimum of idle times")
            for group in c.time_groups:
                times = instance.group_times(group)
                if times and times != list(range(times[0], times[-1] + 1)):
                    reasons.append(f"{c.id}: time group {group} is not a run of times")
                elif _straddled(instance, attending, days, c, times):
                    reasons.append(f"{c.id}: an event may run partly in time group {group}")
    for c in constraints:
        if c.type == "SplitEventsConstraint":
            reasons += [f"{c.id}: {e} whole breaks it" for e in instance.events_of(c) if _whole_breaks(instance, c, e)]
    return reasons


def _straddled(
    instance: Instance, attending: dict[str, list[str]], days: list[str | None], c: Constraint, times: list[int]
) -> bool:
    """Whether some event of the constraint's resources (`attending`: each resource's events) may run
    partly within the run `times`: start, within a day (`days`: each time's), before the run and end
    in it, or start in it and end after."""
    first, last = times[0], times[-1]
    events = {e for r in instance.resources_of(c) for e in attending.get(r, ())}
    for duration in {instance.events[e].duration for e in events} - {1}:
        if any(s < first <= s + duration - 1 or s <= last < s + duration - 1 for s in starts_within_a_day(days, duration)):
            return True
    return False


def _forbids_splitting(c: Constraint) -> bool:
    return c.type == "SplitEventsConstraint" and binding(c) and c.maximum_amount == 1


def _whole_breaks(instance: Instance, c: Constraint, event_id: str) -> bool:
    """Whether one solution event of the event's full duration costs something under `c`."""
    duration = instance.events[event_id].duration
    return out_of(duration, c.minimum_duration, c.maximum_duration) or out_of(1, c.minimum_amount, c.maximum_amount)


class WholeEventsModel:
    """The whole-events CP-SAT model of an instance for which whole_model_misfits is empty; required
    costs are held at 0, the others minimised."""

    def __init__(self, instance: Instance, constraints: list[Constraint]):
        self.instance = instance
        self.model = cp_model.CpModel()
        self.horizon = len(instance.times)
        self.days = day_of_each_time(instance)
        self.day_names = sorted({day for day in self.days if day is not None})
        self.terms: list = []
        self._overlaps: dict[tuple[str, frozenset[int]], object] = {}  # see overlap
        self._starts_in: dict[tuple[str, frozenset[int]], object] = {}  # see starts_in
        self.busy_counts: dict[tuple[str, str], tuple] = {}  # see _busy_counts
        self.events_of_resource = events_of_resources(instance)
        self.allowed = allowed = allowed_starts(instance, [c for c in constraints if binding(c)])
        self.start = {e: self.model.new_int_var_from_domain(cp_model.Domain.from_values(s), e) for e, s in allowed.items()}
        self.day_times = {d: frozenset(t for t, day in enumerate(self.days) if day == d) for d in self.day_names}
        self.day_of_times = {times: day for day, times in self.day_times.items()}
        self.on_day = {e: self._on_days(e, allowed[e]) for e in allowed}
        for c in constraints:
            if c.type == "AvoidClashesConstraint" and binding(c):
                for resource in instance.resources_of(c):
                    self._no_overlap(resource)
        for c in constraints:
            if c.type in COSTED:
                COSTED[c.type](self, c)
        self._order_alike(constraints)
        self.model.minimize(sum(self.terms))

    def _order_alike(self, constraints: list[Constraint]) -> None:
        """Events alike (see alike_events) start in the instance's order (at the same time where no
        clash rule keeps them apart)."""
        self.alike = alike_events(self.instance, constraints, self.allowed)
        for events in self.alike:
            for earlier, later in pairwise(events):
                self.model.add(self.start[earlier] <= self.start[later])

    def in_order(self, starts: dict[str, int]) -> dict[str, int]:
        """A timing with the starts of events alike traded into the model's order (the same cost)."""
        return in_order(self.alike, starts)

    def _on_days(self, event_id: str, starts: list[int]) -> dict[str, object] | None:
        """Per day, 1 when the event starts on it (a Boolean, or a constant): its start is the day's
        first time plus a place within the day, so that a day's load is linear in these Booleans
        (CP-SAT finds compact days far sooner so than through a table of starts). None where some
        time is in no day."""
        if None in self.days:
            return None
        days = sorted({self.days[s] for s in starts}, key=self.day_names.index)
        if len(days) < 2:
            return {day: 1 for day in days}
        flags = {day: self.model.new_bool_var("") for day in days}
        self.model.add_exactly_one(flags.values())
        for day, flag in flags.items():  # exact where days differ in length
            on_it = cp_model.Domain.from_values([s for s in starts if self.days[s] == day])
            self.model.add_linear_expression_in_domain(self.start[event_id], on_it).only_enforce_if(flag)
        longest = max(len(self.day_times[day]) for day in days)
        place = self.model.new_int_var(0, longest - 1, "")
        self.model.add(self.start[event_id] == sum(min(self.day_times[day]) * flag for day, flag in flags.items()) + place)
        return flags

    def _no_overlap(self, resource: str) -> None:
        events = self.events_of_resource.get(resource, [])
        durations = {e: self.instance.events[e].duration for e in events}
        self.model.add_no_overlap([self.model.new_fixed_size_interval_var(self.start[e], durations[e], "") for e in events])

    def _day_of(self, event_id: str, times: frozenset[int]) -> str | None:
        """The day whose times are exactly `times`, where the event has a Boolean per day."""
        return self.day_of_times.get(times) if self.on_day[event_id] is not None else None

    def fix_except(
        self,
        trial: cp_model.CpModel,
        starts: dict[str, int],
        free: set[str],
        times: set[int] | None,
        solver: cp_model.CpSolver | None = None,
    ) -> None:
        """In a copy of the model: every event outside `free` fixed at its start in `starts`, those in
        `free` hinted so and, with `times`, left only the starts among them. With `solver`, holding a
        solution of the model with these starts, every variable is hinted with its value there
        instead (a complete hint: CP-SAT starts from that solution, and never ends above it)."""
        variables = trial.proto.variables
        for event_id, start in starts.items():
            domain = variables[self.start[event_id].index].domain
            values = [start] if event_id not in free else [s for s in self.allowed[event_id] if times is None or s in times]
            domain.clear()
            domain.extend(cp_model.Domain.from_values(values).flattened_intervals())
            if event_id in free and solver is None:
                trial.add_hint(self.start[event_id], start)
        if solver is not None:
            hint_values(trial, list(solver.response_proto.solution))

    def overlap(self, event_id: str, times: frozenset[int]):
        """How many of `times` the event runs at: a constant or an integer variable."""
        day = self._day_of(event_id, times)
        if day is not None:
            return self.instance.events[event_id].duration * self.on_day[event_id].get(day, 0)
        duration = self.instance.events[event_id].duration
        return self._by_start(self._overlaps, event_id, times, lambda s: len(times.intersection(range(s, s + duration))))

    def starts_in(self, event_id: str, times: frozenset[int]):
        """1 when the event starts at one of `times` (a constant or a Boolean)."""
        day = self._day_of(event_id, times)
        if day is not None:  # an event starting on a day lies within it
            return self.on_day[event_id].get(day, 0)
        return self._by_start(self._starts_in, event_id, times, lambda s: int(s in times))

    def _by_start(self, cache: dict, event_id: str, times: frozenset[int], value_at: Callable[[int], int]):
        """`value_at` the event's start: a constant where every start it may take gives the same, else
        a variable (an element of the table of values indexed by the start), made once per key."""
        key = (event_id, times)
        if key not in cache:
            table = [value_at(s) for s in range(self.horizon)]
            values = {table[s] for s in self.allowed[event_id]}
            if len(values) == 1:
                cache[key] = values.pop()
            else:
                cache[key] = self.model.new_int_var(min(values), max(values), "")
                self.model.add_element(self.start[event_id], table, cache[key])
        return cache[key]

    def charge(self, c: Constraint, deviation, top: int) -> None:
        """Weight × f(deviation) for one point of application (`top` bounds the deviation), or
        deviation 0 where `c` is required."""
        if isinstance(deviation, int) and deviation == 0 or top <= 0 or c.weight == 0:
            return
        if c.required:
            self.model.add(deviation == 0)
        else:
            self.terms.append(weighted_cost(self.model, c, deviation, top)[0])

    def starts_in_solution(self, solver: cp_model.CpSolver) -> dict[str, int]:
        """Each event's start in the solver's solution."""
        return {event_id: solver.value(start) for event_id, start in self.start.items()}

    def chosen(self, starts: dict[str, int]) -> set[Candidate]:
        """A solution, each event's start, as candidates of the candidate model: each event whole there."""
        return {Candidate(e, start, self.instance.events[e].duration) for e, start in starts.items()}


def allowed_starts(instance: Instance, constraints: list[Constraint]) -> dict[str, list[int]]:
    """Each event's starts at which it lies whole within one day (its preassigned start, if any) and
    which the PreferTimes and AvoidUnavailableTimes constraints among `constraints` leave it."""
    days, attending = day_of_each_time(instance), events_of_resources(instance)
    allowed = {}
    for event in instance.events.values():
        preassigned = event.time is not None
        allowed[event.id] = [instance.time_index[event.time]] if preassigned else starts_within_a_day(days, event.duration)
    for c in constraints:
        if c.type in ("PreferTimesConstraint", "AvoidUnavailableTimesConstraint"):
            _narrow(instance, attending, c, allowed)
    return allowed


def alike_events(instance: Instance, constraints: list[Constraint], allowed: dict[str, list[int]]) -> list[list[str]]:
    """The sets of two or more events no constraint tells apart (the same duration, resources,
    `allowed` starts, course and event groups, and the same constraints applying to them), each in
    the order of the instance: any timing is one where each set starts in that order (each no later
    than the next), with such events traded, at the same cost."""
    applying: dict[str, set[str]] = {e: set() for e in instance.events}
    for c in constraints:
        for e in instance.events_of(c):
            applying[e].add(c.id)
    alike: dict[tuple, list[str]] = {}
    for event in instance.events.values():
        resources, starts = tuple(instance.given_resources(event)), tuple(allowed[event.id])
        key = (event.duration, resources, starts, event.course, frozenset(event.groups), frozenset(applying[event.id]))
        alike.setdefault(key, []).append(event.id)
    return [events for events in alike.values() if len(events) > 1]


def in_order(alike: list[list[str]], starts: dict[str, int]) -> dict[str, int]:
    """A timing with the starts of each set of events `alike` traded into their order (the same cost)."""
    ordered = dict(starts)
    for events in alike:
        ordered.update(zip(events, sorted(starts[e] for e in events), strict=True))
    return ordered


def _narrow(instance: Instance, attending: dict[str, list[str]], c: Constraint, allowed: dict[str, list[int]]) -> None:
    """Starts a PreferTimes (the preferred ones) or AvoidUnavailableTimes (none running at an
    unavailable time) constraint leaves its events (`attending`: each resource's events)."""
    times = instance.times_of(c)
    if c.type == "PreferTimesConstraint":
        for e in instance.events_of(c):
            if c.duration is None or instance.events[e].duration == c.duration:
                allowed[e] = [s for s in allowed[e] if s in times]
        return
    for resource in instance.resources_of(c):
        for e in attending.get(resource, ()):
            span = range(instance.events[e].duration)
            allowed[e] = [s for s in allowed[e] if not any(s + k in times for k in span)]


def _prefer_times(m: WholeEventsModel, c: Constraint) -> None:
    times = frozenset(m.instance.times_of(c))
    for e in m.instance.events_of(c):
        duration = m.instance.events[e].duration
        if c.duration is None or duration == c.duration:
            m.charge(c, duration * (1 - m.starts_in(e, times)), duration)


def _spread_events(m: WholeEventsModel, c: Constraint) -> None:
    for group in c.applies_to.event_groups:
        events = m.instance.event_groups[group].events
        deviation, top = 0, 0
        for limit in c.limits:
            times = frozenset(m.instance.group_times(limit.time_group))
            count = sum(m.starts_in(e, times) for e in events)
            deviation += outside(m.model, count, len(events), limit.minimum, limit.maximum)
            top += max(limit.minimum, len(events) - limit.maximum, 0)
        m.charge(c, deviation, top)


def _avoid_unavailable_times(m: WholeEventsModel, c: Constraint) -> None:
    times = frozenset(m.instance.times_of(c))
    for resource in m.instance.resources_of(c):
        m.charge(c, sum(m.overlap(e, times) for e in m.events_of_resource.get(resource, [])), len(times))


def _busy_counts(m: WholeEventsModel, resource: str, group: str) -> tuple[list[int], object, object]:
    """A time group's times, the resource's busy times there (no clashes) and 1 when it is busy there."""
    key = (resource, group)
    if key not in m.busy_counts:
        times = m.instance.group_times(group)
        count = sum(m.overlap(e, frozenset(times)) for e in m.events_of_resource.get(resource, []))
        if isinstance(count, int):
            m.busy_counts[key] = times, count, int(count > 0)
        else:
            busy = m.model.new_bool_var("")
            m.model.add(count >= busy)
            m.model.add(count <= len(times) * busy)
            m.busy_counts[key] = times, count, busy
    return m.busy_counts[key]


def _limit_busy_times(m: WholeEventsModel, c: Constraint) -> None:
    for resource in m.instance.resources_of(c):
        deviation, top = 0, 0
        for group in c.time_groups:
            times, count, busy = _busy_counts(m, resource, group)
            over, group_top = busy_deviation(m.model, c, count, busy, len(times))
            deviation, top = deviation + over, top + group_top
        m.charge(c, deviation, top)


def _limit_idle_times(m: WholeEventsModel, c: Constraint) -> None:
    for resource in m.instance.resources_of(c):
        idle_times, top = [], 0
        for group in c.time_groups:
            times, count, busy = _busy_counts(m, resource, group)
            if isinstance(busy, int) and busy == 0 or len(times) < 3:
                continue
            first = m.model.new_int_var(times[0], times[-1], "")
            last = m.model.new_int_var(times[0], times[-1], "")
            for e in m.events_of_resource.get(resource, []):
                runs_there = m.starts_in(e, frozenset(times))  # starting there: running there whole (no straddling)
                if isinstance(runs_there, int) and runs_there == 0:
                    continue
                end = m.start[e] + m.instance.events[e].duration - 1
                for bounded in (m.model.add(first <= m.start[e]), m.model.add(last >= end)):
                    if not isinstance(runs_there, int):
                        bounded.only_enforce_if(runs_there)
            idle = m.model.new_int_var(0, len(times) - 2, "")
            spanned = m.model.add(idle >= last - first + 1 - count)
            if not isinstance(busy, int):
                spanned.only_enforce_if(busy)
            idle_times.append(idle)
            top += len(times) - 2
        if idle_times:
            m.charge(c, outside(m.model, sum(idle_times), top, None, c.maximum), max(top - (c.maximum or 0), 0))


COSTED: dict[str, Callable[[WholeEventsModel, Constraint], None]] = {
    "PreferTimesConstraint": _prefer_times,
    "SpreadEventsConstraint": _spread_events,
    "AvoidUnavailableTimesConstraint": _avoid_unavailable_times,
    "LimitBusyTimesConstraint": _limit_busy_times,
    "LimitIdleTimesConstraint": _limit_idle_times,
}
