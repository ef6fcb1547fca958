"""The neighbourhoods of the XHSTT search: which candidates of the model a neighbourhood frees (the
others are fixed as in the current solution), of four kinds drawn by their recent gain per second
(KindScores); and those of the whole-events model, of two kinds drawn alike."""

from __future__ import annotations

import random
from collections.abc import Iterable

from ortools.sat.python import cp_model

from scheduler.model.xhstt import XhsttModel
from scheduler.model.xhstt_whole import WholeEventsModel

KIND_FLOOR = 0.1  # of the draws, at least, shared alike among the kinds
KIND_MEMORY = 0.8  # of a kind's score kept at each of its neighbourhoods, the rest from its gain per second


def neighbourhood(
    model: XhsttModel, rng: random.Random, share: float, solver: cp_model.CpSolver, scores: KindScores | None = None
) -> tuple[str, set[int]]:
    """The kind of a neighbourhood, drawn with the chances of `scores` (see KindScores.weights; alike
    without), and the candidates it frees, about `share` of them (the day kinds free the events of
    random resources on an instance without days)."""
    kinds = list(KINDS)
    kind = kinds[rng.randrange(len(kinds))] if scores is None else rng.choices(kinds, scores.weights())[0]
    return kind, KINDS[kind](model, rng, share, solver)


class KindScores:
    """Each kind's recent gain per second: an exponential average over its own neighbourhoods
    (KIND_MEMORY), each kind starting at 1. The kinds that pay in this instance and at this stage of
    the search are drawn more (adaptive large neighbourhood search), each keeping at least KIND_FLOOR /
    kinds of the draws: a kind that pays nothing now may pay again from another solution."""

    def __init__(self) -> None:
        self.recent = dict.fromkeys(KINDS, 1.0)

    def learn(self, kind: str, gain: float, seconds: float) -> None:
        """Take in a neighbourhood of that kind that lowered the objective by `gain` in `seconds`."""
        rate = max(gain, 0.0) / max(seconds, 0.01)
        self.recent[kind] = KIND_MEMORY * self.recent[kind] + (1 - KIND_MEMORY) * rate

    def weights(self) -> list[float]:
        """Each kind's chance of being drawn, in the order of KINDS."""
        total = sum(self.recent.values())
        alike = 1 / len(self.recent)
        return [
            KIND_FLOOR * alike + (1 - KIND_FLOOR) * (score / total if total > 0 else alike) for score in self.recent.values()
        ]


def whole_neighbourhood(
    model: WholeEventsModel, rng: random.Random, share: float, starts: dict[str, int]
) -> tuple[str, set[str], set[int] | None]:
    """The kind of a neighbourhood of the whole-events model, the events it frees, and the times they
    may start at (None: any of their own), of one of two kinds drawn at random: the events starting on
    two random days, each free to start on either (lessons trade days as well as places); or the
    events of random resources, about `share` of all, over the week."""
    if len(model.day_names) >= 2 and rng.random() < 0.5:
        days = set(rng.sample(model.day_names, 2))
        times = {t for t, day in enumerate(model.days) if day in days}
        return "whole_events_two_days", {e for e, start in starts.items() if start in times}, times
    wanted = max(1, int(share * len(starts)))
    freed = events_of_random_resources(model.events_of_resource, list(starts), rng, wanted, set())
    return "whole_events_resources", freed, None


def _on_random_days(model: XhsttModel, rng: random.Random, share: float, solver: cp_model.CpSolver) -> set[int]:
    """Every candidate starting on days drawn at random until about `share` of the days are in, at least two."""
    if len(model.day_names) < 2:
        return _of_resources(model, rng, share, solver)
    return candidates_on_days(model, model.parts, rng.sample(model.day_names, max(2, round(share * len(model.day_names)))))


def _on_two_days_of_a_few_resources(
    model: XhsttModel, rng: random.Random, share: float, solver: cp_model.CpSolver
) -> set[int]:
    """The candidates starting on two random days of the events of random resources, about `share`
    of all candidates: a day neighbourhood small enough to solve where freeing whole days does not."""
    if len(model.day_names) < 2:
        return _of_resources(model, rng, share, solver)
    days = rng.sample(model.day_names, 2)
    wanted = _wanted(model, share) * len(model.day_names) // 2
    chosen = events_of_random_resources(
        model.events_of_resource, list(model.parts), rng, min(len(model.parts), wanted), set()
    )
    return candidates_on_days(model, chosen, days)


def _of_costly_points(model: XhsttModel, rng: random.Random, share: float, solver: cp_model.CpSolver) -> set[int]:
    """The events of points of application that cost something in the solver's solution, up to half
    of `share` of the events, topped up from random resources to about `share`."""
    wanted, events = _wanted(model, share), set()
    costly = [concerned for cost, concerned in model.points if solver.value(cost) > 0]
    rng.shuffle(costly)
    for concerned in costly:
        if len(events) >= wanted / 2:
            break
        events.update(concerned)
    return candidates_of(model, events_of_random_resources(model.events_of_resource, list(model.parts), rng, wanted, events))


def _of_resources(model: XhsttModel, rng: random.Random, share: float, solver: cp_model.CpSolver) -> set[int]:
    """The events of random resources until about `share` of the events are in."""
    events = events_of_random_resources(model.events_of_resource, list(model.parts), rng, _wanted(model, share), set())
    return candidates_of(model, events)


def _wanted(model: XhsttModel, share: float) -> int:
    """How many events make `share` of them (at least one)."""
    return max(1, int(share * len(model.parts)))


def candidates_of(model: XhsttModel, events: Iterable[str]) -> set[int]:
    """Every candidate of the events."""
    return {x.index for event_id in events for _, x in model.parts[event_id]}


def candidates_on_days(model: XhsttModel, events: Iterable[str], days: Iterable[str]) -> set[int]:
    """The candidates of the events that start on one of the days."""
    chosen = set(days)
    return {
        x.index
        for event_id in events
        for part, x in model.parts[event_id]
        if part.start is not None and model.days[part.start] in chosen
    }


def events_of_random_resources(
    events_of_resource: dict[str, list[str]], every_event: list[str], rng: random.Random, wanted: int, events: set[str]
) -> set[str]:
    """`events` with those of random resources added until there are about `wanted` (random events
    of `every_event` where no resource attends any)."""
    resources = list(events_of_resource)
    rng.shuffle(resources)
    for resource in resources:
        if len(events) >= wanted:
            break
        events = events | set(events_of_resource[resource])
    return events or set(rng.sample(every_event, min(wanted, len(every_event))))


KINDS = {
    "random_days": _on_random_days,
    "costly_points": _of_costly_points,
    "resources": _of_resources,
    "two_days_of_resources": _on_two_days_of_a_few_resources,
}
