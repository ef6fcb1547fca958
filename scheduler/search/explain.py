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

from models.calendar import Lang, english_days
from models.instance import Instance
from scheduler.model.registry import SENTENCES, Group, in_general
from scheduler.model.timetable import TimetableModel

FRAMES: dict[str, dict[str, str]] = {
    "zh": {
        "feasible": "存在可行的课表：无需解释",
        "intro": "以下要求不能同时满足：",
        "minimal": "去掉或放宽其中任何一条，其余各条就能同时满足。",
        "not_minimal": "（时限已到，尚未证明这组要求已减到最少。）",
        "always": "始终成立：一个班、一位教师同一时间只上一节课。",
        "timeout": "时限内未能证明这些要求能否同时满足",
    },
    "en": {
        "feasible": "a timetable exists: nothing to explain",
        "intro": "These requirements cannot all hold:",
        "minimal": "Dropping or relaxing any one of them makes the rest possible.",
        "not_minimal": "(The time limit ran out before this set was shown to be minimal.)",
        "always": "Always in force: a class and a teacher each have one lesson at a time.",
        "timeout": "the time limit ran out before CP-SAT could prove or refute the requirements",
    },
}


@dataclass
class Explanation:
    """The outcome of `explain`: `feasible`, or the conflicting requirements (in English in `sentences`,
    in Chinese in `sentences_zh`) and whether the set is minimal."""

    feasible: bool
    groups: list[Group] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    minimal: bool = True
    seconds: float = 0.0
    sentences_zh: list[str] = field(default_factory=list)

    def text(self, lang: Lang = "zh") -> str:
        """The explanation as the office reads it, in the language."""
        frame = FRAMES[lang]
        if self.feasible:
            return frame["feasible"]
        sentences = self.sentences_zh if lang == "zh" else [english_days(s) for s in self.sentences]
        lines = [frame["intro"]] + [f"  - {s}" for s in sentences]
        lines.append(frame["minimal"] if self.minimal else frame["not_minimal"])
        lines.append(frame["always"])
        return "\n".join(lines)


def describe(inst: Instance, group: Group, lang: Lang = "zh", named: bool = True) -> str:
    """One requirement group in words, with the figures that make it bind (scheduler.model.rules).
    Without `named`, a class's requirement leaves out the class's name."""
    rule, *who = group
    words = SENTENCES.get(rule)
    if words is not None:
        return words(inst, *who, lang=lang) if named else words(inst, *who, lang=lang, named=False)
    return in_general(rule, tuple(who), lang, named)


def describe_all(inst: Instance, groups: list[Group], lang: Lang = "zh") -> list[str]:
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
            sentences.append(describe(inst, group, lang))
        elif key not in said:
            said.add(key)
            classes = classes_of[key]
            words = describe(inst, (key[0], classes[0], *key[1:]), lang, named=False)
            sentences.append(_alike(classes, words, lang))
    return sentences


def _alike(classes: list[str], words: str, lang: Lang) -> str:
    """One requirement that several classes each have, in words."""
    if lang == "zh":
        return f"{'、'.join(classes)}（共 {len(classes)} 个班）每班：{words}"
    return f"{len(classes)} classes ({', '.join(classes)}) each: {words}"


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
        return Explanation(
            feasible=False,
            sentences=[FRAMES["en"]["timeout"]],
            sentences_zh=[FRAMES["zh"]["timeout"]],
            minimal=False,
            seconds=time.perf_counter() - started,
        )
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
        sentences=describe_all(inst, core, "en"),
        sentences_zh=describe_all(inst, core, "zh"),
        minimal=minimal,
        seconds=time.perf_counter() - started,
    )
