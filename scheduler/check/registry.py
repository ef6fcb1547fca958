"""The checker side of the rule registry: one function per rule id of the catalogue.

`hard_check` registers a rule's violations, `soft_count` a soft rule's penalty count, each reading
the lessons (and, with `homework=True`, the homework plan, which a proposed timetable may lack);
`figures` registers the numbers the compliance report shows beside a rule's verdict. This package
never imports the CP-SAT model: it knows the rules from the instance alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from models.calendar import Lang
from models.instance import Instance
from models.rules import RULE_IDS, RuleId
from models.solution import HomeworkItem, Lesson
from scheduler.check.violation import Violation

T = TypeVar("T")
F = TypeVar("F", bound=Callable)


@dataclass(frozen=True)
class Registered(Generic[T]):
    """A registered check: `function(inst, lessons)`, or `function(inst, lessons, homework)` when it
    reads the homework plan."""

    function: Callable[..., T]
    reads_homework: bool
    applies: Callable[[Instance], bool] | None = None  # a rule the school switches on: whether it has

    def in_force(self, inst: Instance) -> bool:
        """Whether the rule applies to the school (always, unless it is switched on by a setting)."""
        return self.applies is None or self.applies(inst)

    def run(self, inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem] | None) -> T:
        """The check's result on a timetable (`homework` only for a check that reads it)."""
        if self.reads_homework:
            return self.function(inst, lessons, homework)
        return self.function(inst, lessons)


Figures = Callable[[Instance, list[Lesson], list[HomeworkItem], Lang], str]

HARD_CHECKS: dict[RuleId, Registered[list[Violation]]] = {}
SOFT_COUNTS: dict[RuleId, Registered[int]] = {}
FIGURES: dict[RuleId, Figures] = {}


def _register(table: dict, rule_id: RuleId, entry: object) -> None:
    if rule_id not in RULE_IDS:
        raise ValueError(f"{rule_id} is not in the rule catalogue (models/rules.py)")
    if rule_id in table or (table is not FIGURES and rule_id in HARD_CHECKS | SOFT_COUNTS):
        raise ValueError(f"{rule_id} is registered twice on the checker side")
    table[rule_id] = entry


def hard_check(
    rule_id: RuleId, homework: bool = False, applies: Callable[[Instance], bool] | None = None
) -> Callable[[F], F]:
    """Register the violations of a hard rule (and, for a rule a setting switches on, when it applies)."""

    def register(function: F) -> F:
        _register(HARD_CHECKS, rule_id, Registered(function, homework, applies))
        return function

    return register


def soft_count(rule_id: RuleId, homework: bool = False) -> Callable[[F], F]:
    """Register the penalty count of a soft rule."""

    def register(function: F) -> F:
        _register(SOFT_COUNTS, rule_id, Registered(function, homework))
        return function

    return register


def figures(rule_id: RuleId) -> Callable[[F], F]:
    """Register the compliance report's figures of a rule (empty text where there are none)."""

    def register(function: F) -> F:
        _register(FIGURES, rule_id, function)
        return function

    return register
