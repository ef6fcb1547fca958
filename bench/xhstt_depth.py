"""How deep a solution's local optimum is: CP-SAT on each of its neighbourhoods of two days and of
random resources' events at growing shares, with what it finds and what it proves.

    python bench/xhstt_depth.py --file FI-WP-06.xml --solution SOLUTION.xml [--seconds 30] [--seed 0]
    python bench/xhstt_depth.py --file BrazilInstance7.xml --solution SOLUTION.xml --shares 0.2 0.3 --draws 2

The solution (the file's first of the instance: one run's, written by `bench/xhstt.py --solutions
DIR`, or a published one) is taken into the solver's model: the whole-events model where the
instance fits it (scheduler.model.xhstt_whole, the one its search starts in), else the candidate
model. Then, each for at most --seconds:
- for each pair of days, every event starting on them free to start anywhere on them (in the
  candidate model, every part of an event starting on them), the others fixed, as the search frees
  them (events alike kept in the whole-events model's order);
- for each share of --shares, --draws times, the events of random resources until about that share
  of the events are in, free over the week.
A line each: the events freed, the best objective CP-SAT found there, its bound, and whether it
searched the neighbourhood out (proved that nothing better is in it). The last line counts them.
Where the neighbourhoods probed, large ones among them, are searched out with nothing better, the
solution is a deep local optimum for them: a search moving by such neighbourhoods does not leave it.
Only the file's first instance is probed.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ortools.sat.python import cp_model  # noqa: E402

from models.validation import InputError  # noqa: E402
from scheduler.formats.xhstt import BENCHMARKS, read_archive  # noqa: E402
from scheduler.model.xhstt import XhsttModel, modelled_constraints  # noqa: E402
from scheduler.model.xhstt_whole import WholeEventsModel, whole_model_misfits  # noqa: E402
from scheduler.search.xhstt import FOUND  # noqa: E402
from scheduler.search.xhstt_lns import candidates_of, candidates_on_days, events_of_random_resources  # noqa: E402


class WholeEventsProbe:
    """The solution in the whole-events model: each event's start."""

    def __init__(self, instance, solution, seconds: float, seed: int):
        self.model = WholeEventsModel(instance, modelled_constraints(instance))
        whole = {e.reference: e for e in solution.events if e.time is not None}
        if len(solution.events) != len(instance.events) or set(whole) != set(instance.events):
            refuse("the solution does not time each event at one start: the whole-events model cannot take it")
        if any(part.duration != instance.events[e].duration for e, part in whole.items()):
            refuse("the solution splits an event: the whole-events model cannot take it")
        self.starts = self.model.in_order({e: instance.time_index[part.time] for e, part in whole.items()})
        self.events = list(self.starts)
        fixed = self.model.model.clone()
        self.model.fix_except(fixed, self.starts, set(), None)
        self.carried = carried(fixed, seconds, seed)

    def days_of(self, event_id: str) -> set[str]:
        return {self.model.days[self.starts[event_id]]}

    def trial(self, free: set[str], days: tuple[str, ...] | None) -> cp_model.CpModel:
        """The events in `free` free to start at any time of `days` (None: of the week), as the
        search's two-day neighbourhoods free them."""
        times = None if days is None else set().union(*(self.model.day_times[day] for day in days))
        trial = self.model.model.clone()
        self.model.fix_except(trial, self.starts, free, times, self.carried)
        return trial


class CandidateProbe:
    """The solution in the candidate model, with every required cost held at 0."""

    def __init__(self, instance, solution, seconds: float, seed: int):
        self.model = XhsttModel(instance, modelled_constraints(instance), required_hard=True)
        chosen, problems = self.model.chosen_by(solution)
        if problems:
            raise InputError(problems)
        fixed = self.model.model.clone()
        self.model.fix_chosen(fixed, chosen)
        self.carried = carried(fixed, seconds, seed)
        self.events = list(self.model.parts)
        self.event_days = {event_id: set() for event_id in self.events}
        for part in chosen:
            if part.start is not None:
                self.event_days[part.event].add(self.model.days[part.start])

    def days_of(self, event_id: str) -> set[str]:
        return self.event_days[event_id]

    def trial(self, free: set[str], days: tuple[str, ...] | None) -> cp_model.CpModel:
        """Every part of the events in `free` free, with `days` only those starting on them, as the
        search's neighbourhoods free them."""
        freed = candidates_of(self.model, free) if days is None else candidates_on_days(self.model, free, days)
        trial = self.model.model.clone()
        self.model.fix_except(trial, freed, self.carried)
        return trial


def refuse(message: str) -> NoReturn:
    """Stop with the message, exit 2 (bad input)."""
    print(message, file=sys.stderr)
    sys.exit(2)


def carried(fixed: cp_model.CpModel, seconds: float, seed: int) -> cp_model.CpSolver:
    """The model with every event fixed as in the solution, solved: its cost there; refused when the
    solution breaks a required constraint of the model."""
    solver, status = solved(fixed, seconds, seed)
    if status == cp_model.INFEASIBLE:
        refuse("the solution breaks a required constraint of the solver's model: no neighbourhood to search")
    if status not in FOUND:
        refuse(f"the solution's cost was not found within {seconds:g} s: give more --seconds")
    return solver


def solved(model: cp_model.CpModel, seconds: float, seed: int, workers: int = 2) -> tuple[cp_model.CpSolver, int]:
    """CP-SAT on the model for at most `seconds`."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    return solver, solver.solve(model)


def neighbourhoods(probe, shares: list[float], draws: int, seed: int):
    """(name, events freed, the days they may move within or None for the week) for each pair of days,
    then each draw of each share."""
    events, model = probe.events, probe.model
    for pair in itertools.combinations(model.day_names, 2):
        yield f"days {'+'.join(pair)}", {e for e in events if probe.days_of(e) & set(pair)}, pair
    rng = random.Random(seed)
    for share, draw in itertools.product(shares, range(draws)):
        freed = events_of_random_resources(model.events_of_resource, events, rng, max(1, int(share * len(events))), set())
        yield f"resources {share:.0%} #{draw + 1}", freed, None


@dataclass(frozen=True)
class Probed:
    """One neighbourhood searched: what it freed, the best objective found (None: none found within
    the time), CP-SAT's bound, whether it searched the neighbourhood out, and its seconds."""

    name: str
    freed: int
    best: float | None
    bound: float
    searched_out: bool
    seconds: float

    def line(self) -> str:
        """One line of the report."""
        best = "none" if self.best is None else f"{self.best:g}"
        searched = "searched out" if self.searched_out else "not searched out"
        return (
            f"  {self.name:24} {self.freed:5} events  best {best:>6}  bound {self.bound:g}  {searched}  {self.seconds:.1f} s"
        )


def depth(probe, shares: list[float], draws: int, seconds: float, seed: int):
    """Each neighbourhood of the probe's solution (see neighbourhoods) searched for at most `seconds`."""
    for name, free, days in neighbourhoods(probe, shares, draws, seed):
        began = time.monotonic()
        solver, status = solved(probe.trial(free, days), seconds, seed)
        best = solver.objective_value if status in FOUND else None
        yield Probed(
            name, len(free), best, solver.best_objective_bound, status == cp_model.OPTIMAL, time.monotonic() - began
        )


def _share(text: str) -> float:
    share = float(text)
    if not 0 < share <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not a share of the events (above 0, at most 1)")
    return share


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text} is not above 0")
        return value

    return parse


def load_probe(file: str, solution_file: Path, seconds: float, seed: int):
    """The probe of the solution file's first solution of the file's first instance, in the model
    the instance's search starts in; refused (exit 2) with a message where the input is bad."""
    path = Path(file) if Path(file).exists() else BENCHMARKS / file
    try:
        instances = read_archive(path).instances
        if not instances:
            refuse(f"{path}: no instance in the file")
        instance = instances[0]
        groups = read_archive(solution_file, [instance]).solution_groups
        solutions = [s for group in groups for s in group.solutions if s.instance == instance.id]
        if not solutions:
            refuse(f"{solution_file}: no solution of the instance {instance.id}")
        if whole_model_misfits(instance, modelled_constraints(instance)):
            return CandidateProbe(instance, solutions[0], seconds, seed)
        return WholeEventsProbe(instance, solutions[0], seconds, seed)
    except InputError as error:
        refuse(str(error))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", required=True, help="an XHSTT file, by name among the benchmarks or by path")
    parser.add_argument("--solution", required=True, type=Path, help="an XHSTT solution file of that instance")
    parser.add_argument("--seconds", type=_positive(float), default=30.0, help="per neighbourhood, at most")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shares", type=_share, nargs="+", default=[0.3, 0.4, 0.5])
    parser.add_argument("--draws", type=_positive(int), default=3, help="neighbourhoods of random resources per share")
    args = parser.parse_args()
    probe = load_probe(args.file, args.solution, args.seconds, args.seed)
    objective = probe.carried.objective_value
    model = "candidate" if isinstance(probe, CandidateProbe) else "whole-events"
    print(f"{Path(args.file).name}: {model} model, the solution's objective {objective:g}")
    probed = []
    for searched in depth(probe, args.shares, args.draws, args.seconds, args.seed):
        print(searched.line(), flush=True)
        probed.append(searched)
    out = sum(p.searched_out for p in probed)
    better = sum(p.best is not None and p.best < objective for p in probed)
    print(f"{out} of {len(probed)} neighbourhoods searched out, {better} with a better objective")


if __name__ == "__main__":
    main()
