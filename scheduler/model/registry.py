"""The model side of the rule registry: one function per rule id of the catalogue.

A rule is registered in one of four ways:
- `domain_rule`: decides which slots a course may use at all (no variable elsewhere); returns whom a
  blocked slot concerns, or None;
- `hard_rule`: adds constraints over the variables and yields the droppable ones as `Requirement`s
  (clashes and the definitions of auxiliary variables always hold and yield nothing);
- `soft_rule`: returns its `Penalty`, the count the objective weighs and that count's own lower bound;
- `met_by_construction`: holds in every model, by the way courses or the validated instance are made.
`sentence` registers the words `jianfu explain` uses for a rule's requirement group, in Chinese (the
default) or English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from ortools.sat.python import cp_model

from models.calendar import Lang
from models.courses import Course
from models.instance import Instance
from models.rules import RULE_BY_ID, RULE_IDS, RuleId
from scheduler.model.literals import BoolTerm
from scheduler.model.variables import Variables

Who = tuple[str | int, ...]  # whom a requirement concerns: a class, a teacher, a venue, a day...
Group = tuple[str | int, ...]  # a requirement group: (rule id, *who)
Busy = dict[str, dict[tuple[str, str, int], BoolTerm]]  # per teacher, (section, day, period): teaching then


class Requirement:
    """A droppable constraint and whom it concerns; with its rule's id it forms a requirement group."""

    __slots__ = ("constraint", "who")

    def __init__(self, constraint: cp_model.Constraint, *who: str | int):
        self.constraint, self.who = constraint, who


@dataclass(frozen=True)
class Penalty:
    """What a soft rule adds to the objective: its count, and a lower bound every timetable meets."""

    count: cp_model.LinearExprT
    floor: int = 0


DomainRule = Callable[[Instance, Course, str, int], Who | None]
HardRule = Callable[[Variables], Iterable[Requirement] | None]
SoftRule = Callable[[Variables, Busy], Penalty]
# (instance, *who, lang="zh") -> the requirement in words; a sentence whose first `who` is a class
# also takes `named`: False leaves the class's name out (explain says it once for several classes).
Sentence = Callable[..., str]

DOMAIN_RULES: dict[RuleId, DomainRule] = {}
HARD_RULES: dict[RuleId, HardRule] = {}
SOFT_RULES: dict[RuleId, SoftRule] = {}
MET_BY_CONSTRUCTION: dict[RuleId, str] = {}
SENTENCES: dict[RuleId, Sentence] = {}

F = TypeVar("F", bound=Callable)


def _register(table: dict, rule_id: RuleId, entry: object) -> None:
    if rule_id not in RULE_IDS:
        raise ValueError(f"{rule_id} is not in the rule catalogue (models/rules.py)")
    tables = (DOMAIN_RULES, HARD_RULES, SOFT_RULES, MET_BY_CONSTRUCTION) if table is not SENTENCES else (SENTENCES,)
    if any(rule_id in known for known in tables):
        raise ValueError(f"{rule_id} is registered twice on the model side")
    table[rule_id] = entry


def _decorator(table: dict, rule_id: RuleId) -> Callable[[F], F]:
    def register(function: F) -> F:
        _register(table, rule_id, function)
        return function

    return register


def domain_rule(rule_id: RuleId) -> Callable[[F], F]:
    """Register the slot filter of a rule."""
    return _decorator(DOMAIN_RULES, rule_id)


def hard_rule(rule_id: RuleId) -> Callable[[F], F]:
    """Register the constraints of a hard rule."""
    return _decorator(HARD_RULES, rule_id)


def soft_rule(rule_id: RuleId) -> Callable[[F], F]:
    """Register the penalty of a soft rule."""
    return _decorator(SOFT_RULES, rule_id)


def sentence(rule_id: RuleId) -> Callable[[F], F]:
    """Register the words for a rule's requirement group (a generic sentence otherwise)."""
    return _decorator(SENTENCES, rule_id)


def of_class(name: str, words: str, lang: Lang, named: bool = True) -> str:
    """A class's requirement: its name, then `words` (the words alone when not `named`)."""
    if not named:
        return words
    return f"{name}{words}" if lang == "zh" else f"{name} {words}"


def in_general(rule_id: RuleId, who: Who, lang: Lang, named: bool = True) -> str:
    """A requirement group by its rule's title, after whom it concerns: the words of a rule without
    a sentence of its own (`三年级1班须遵守“作业计划落实”` / `三年级1班: every homework item of the plan
    is set (homework.all_placed)`)."""
    rule = RULE_BY_ID[rule_id]
    if lang == "zh":
        words = f"须遵守“{rule.title_zh}”"
        return of_class(str(who[0]), words, lang, named) if who else words
    words = f"{rule.title} ({rule_id})"
    return f"{who[0]}: {words}" if who and named else words


def met_by_construction(rule_id: RuleId, reason: str) -> None:
    """Record a rule that every model meets without a constraint of its own, and why."""
    _register(MET_BY_CONSTRUCTION, rule_id, reason)
