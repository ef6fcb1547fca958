"""Why no timetable exists: a minimal set of requirements that cannot hold together, in words.

Every droppable requirement of the model (a class's plan, a teacher's availability, each rule per
class and day, each venue...) is tied to an assumption literal. CP-SAT returns a set of assumptions
that is infeasible on its own; we then shrink it by deletion until dropping any single member
makes the rest feasible (each such claim is re-proved by a solve).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.instance import Instance
from models.rules import RULE_BY_ID
from scheduler.model.registry import SENTENCES, Group
from scheduler.model.timetable import TimetableModel


@dataclass
class Explanation:
    """The outcome of `explain`: `feasible`, or the conflicting requirements and whether the set is minimal."""

    feasible: bool
    groups: list[Group] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    minimal: bool = True
    seconds: float = 0.0

    def text(self) -> str:
        """The explanation as the office reads it."""
        if self.feasible:
            return "a timetable exists: nothing to explain"
        lines = ["These requirements cannot all hold:"] + [f"  - {s}" for s in self.sentences]
        if self.minimal:
            lines.append("Dropping or relaxing any one of them makes the rest possible.")
        else:
            lines.append("(The time limit ran out before this set was shown to be minimal.)")
        lines.append("Always in force: a class and a teacher each have one lesson at a time.")
        return "\n".join(lines)


def describe(inst: Instance, group: Group) -> str:
    """One requirement group in words, with the figures that make it bind (scheduler.model.rules)."""
    rule, *who = group
    words = SENTENCES.get(rule)
    if words is not None:
        return words(inst, *who)
    return f"{who[0]}: {RULE_BY_ID[rule].title} ({rule})" if who else f"{RULE_BY_ID[rule].title} ({rule})"


def describe_all(inst: Instance, groups: list[Group]) -> list[str]:
    """Sentences for a set of groups; one requirement binding three or more classes alike is one sentence."""

    def pattern(group: Group) -> Group | None:
        is_class = len(group) > 1 and group[1] in inst.class_by_name and group[0] != "curriculum.full_hours"
        return (group[0], *group[2:]) if is_class else None

    classes_of: dict[Group, list[str]] = {}
    for group in groups:
        if (key := pattern(group)) is not None:
            classes_of.setdefault(key, []).append(str(group[1]))
    sentences, said = [], set()
    for group in groups:
        key = pattern(group)
        if key is None or len(classes_of[key]) < 3:
            sentences.append(describe(inst, group))
        elif key not in said:
            said.add(key)
            classes = classes_of[key]
            first = describe(inst, (key[0], classes[0], *key[1:]))
            sentences.append(f"{len(classes)} classes ({', '.join(classes)}) each: {first.split(' ', 1)[1]}")
    return sentences


def _solve(tm: TimetableModel, groups: list[Group], seconds: float) -> tuple[int, cp_model.CpSolver]:
    tm.model.clear_assumptions()
    tm.model.add_assumptions([tm.requirements.assumptions[group] for group in groups])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # assumption cores come from the single-thread search
    # The full linear relaxation sees counting arguments (23 lessons for 20 slots) that clause
    # learning alone is slow to find, or cannot settle at all (README, Office jobs).
    solver.parameters.linearization_level = 2
    solver.parameters.max_time_in_seconds = max(seconds, 0.5)
    return solver.solve(tm.model), solver


def explain(inst: Instance, time_limit: float = 60.0) -> Explanation:
    """A minimal infeasible set of requirement groups, or `feasible` if a timetable exists."""
    started = time.perf_counter()
    tm = TimetableModel.build(inst, explaining=True)
    groups = list(tm.requirements.assumptions)
    status, solver = _solve(tm, groups, time_limit)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Explanation(feasible=True, seconds=time.perf_counter() - started)
    if status != cp_model.INFEASIBLE:
        note = "the time limit ran out before CP-SAT could prove or refute the requirements"
        return Explanation(feasible=False, sentences=[note], minimal=False, seconds=time.perf_counter() - started)
    by_literal = {tm.requirements.assumptions[group].index: group for group in groups}
    core = [by_literal[index] for index in solver.sufficient_assumptions_for_infeasibility()]
    # Deletion: drop each member in turn; a member whose trial timed out is retried with the time left.
    necessary: set[Group] = set()
    for _round in range(2):
        for group in [g for g in core if g not in necessary]:
            if group not in core:
                continue
            trial = [g for g in core if g != group]
            remaining = time_limit - (time.perf_counter() - started)
            undecided = sum(1 for g in core if g not in necessary)
            status, solver = _solve(tm, trial, remaining / max(1, undecided))
            if status == cp_model.INFEASIBLE:
                smaller = {by_literal[i] for i in solver.sufficient_assumptions_for_infeasibility()}
                core = [g for g in trial if g in smaller] or trial
            elif status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                necessary.add(group)
    minimal = all(group in necessary for group in core)
    order = {group: index for index, group in enumerate(groups)}
    core.sort(key=order.__getitem__)
    return Explanation(
        feasible=False,
        groups=core,
        sentences=describe_all(inst, core),
        minimal=minimal,
        seconds=time.perf_counter() - started,
    )
