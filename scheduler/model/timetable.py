"""TimetableModel: the CP-SAT model of one instance, its hard rules and its objective."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

import scheduler.model.rules  # noqa: F401  (registers every rule of the model side)
from models.courses import Course, build_courses
from models.instance import Instance
from models.rules import RuleId, in_catalogue_order
from scheduler.model.registry import HARD_RULES, SOFT_RULES, Group
from scheduler.model.rules.availability import FreeSlots, free_slots, slot_blockers
from scheduler.model.rules.soft import teacher_busy
from scheduler.model.variables import Slot, Variables


@dataclass
class Requirements:
    """Ties droppable constraints to assumption literals, one per requirement group (only while
    explaining: `jianfu explain` looks for a smallest set of groups that cannot hold together)."""

    model: cp_model.CpModel
    explaining: bool
    assumptions: dict[Group, cp_model.IntVar] = field(default_factory=dict)

    def tie(self, constraint: cp_model.Constraint, group: Group) -> None:
        """Make `constraint` hold only under its group's assumption."""
        if self.explaining:
            if group not in self.assumptions:
                self.assumptions[group] = self.model.new_bool_var(f"require[{'|'.join(map(str, group))}]")
            constraint.only_enforce_if(self.assumptions[group])


@dataclass
class TimetableModel:
    """The CP-SAT model of one instance: its variables, requirements and soft-rule penalties."""

    inst: Instance
    model: cp_model.CpModel
    variables: Variables
    requirements: Requirements
    penalties: dict[RuleId, cp_model.LinearExprT] = field(default_factory=dict)
    floors: dict[RuleId, int] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        inst: Instance,
        courses: list[Course] | None = None,
        explaining: bool = False,
        soft: bool = True,
        domains: FreeSlots | None = None,
        teachers: set[str] | None = None,
    ) -> TimetableModel:
        """Variables, then every hard rule in catalogue order, then the objective.

        `courses` and `domains` (each course's free slots): when already computed for this instance.
        With `explaining`, every slot gets a variable (`domains` does not apply) and every droppable
        requirement is tied to an assumption literal (`requirements.assumptions`), with no objective;
        without `soft`, there is no objective either (a quick first timetable). `teachers`: whose teacher-level soft rules
        (idle, balance, noon, days, parallel half-days, exclusion) count; all when None.
        """
        model = cp_model.CpModel()
        courses = build_courses(inst) if courses is None else courses
        requirements = Requirements(model, explaining)
        if explaining:
            slots = {course.index: inst.section_of(course.classes[0]).week_slots for course in courses}
            variables = Variables(inst, courses, model, slots, _tie_blockers(inst, requirements))
        else:
            variables = Variables(inst, courses, model, domains if domains is not None else free_slots(inst, courses))
        for rule_id, add in in_catalogue_order(HARD_RULES):
            for requirement in add(variables) or ():
                requirements.tie(requirement.constraint, (rule_id, *requirement.who))
        for entry, shadow in zip(inst.calendar.bells if inst.calendar else [], inst.dated_bells, strict=True):
            _under_dated_bell(variables, requirements, shadow, entry.name)
        self = cls(inst, model, variables, requirements)
        if soft and not explaining:
            self._add_objective(teachers)
        return self

    def _add_objective(self, teachers: set[str] | None) -> None:
        busy = teacher_busy(self.variables, teachers)
        for rule_id, penalty_of in in_catalogue_order(SOFT_RULES):
            penalty = penalty_of(self.variables, busy)
            self.penalties[rule_id], self.floors[rule_id] = penalty.count, penalty.floor
        weights = self.inst.weights_in_force
        objective = sum(weights[rule] * count for rule, count in self.penalties.items())
        self.model.minimize(objective)
        # The soft rules' own lower bounds, summed: CP-SAT reports a useful bound from the start.
        floor = self.objective_floor()
        if floor > 0:
            self.model.add(objective >= floor)

    def objective_floor(self) -> int:
        """The soft rules' own lower bounds, weighted and summed: a bound for every timetable."""
        weights = self.inst.weights_in_force
        return sum(weights[rule] * least for rule, least in self.floors.items())

    def hint_from(self, other: TimetableModel, solver: cp_model.CpSolver) -> None:
        """Start the search from `other`'s solution (a model of the same instance)."""
        self.variables.hint_from(other.variables, solver)


DATED_BELL_RULES = ("time.max_daily_learning", "activity.daily_minimum", "activity.without_pe")


def _under_dated_bell(variables: Variables, requirements: Requirements, shadow: Instance, name: str) -> None:
    """The daily minute rules once more, under a dated bell of the calendar (冬季作息): the same
    lesson variables read with that bell's period times, lengths and blocks; a period outside that
    bell's lesson window takes no lesson. Each is a requirement of the term audit's term.bells
    for that bell, the id the checker reports a breach by."""
    group = ("term.bells", name)
    under = copy.copy(variables)
    under.inst = shadow
    for rule_id in DATED_BELL_RULES:
        for requirement in HARD_RULES[rule_id](under) or ():
            requirements.tie(requirement.constraint, group)
    outside = {s.name: [p for p in s.periods if not s.in_lesson_window(p)] for s in shadow.sections_in_force}
    for course in variables.courses:
        closed = outside[shadow.section_of(course.classes[0]).name]
        for day in shadow.days if closed else ():
            for period, var in variables.on_day(course, day):
                if period in closed:
                    requirements.tie(requirements.model.add(var == 0), group)


def _tie_blockers(inst: Instance, requirements: Requirements):
    """While explaining: a slot's variable is 0 under each requirement that rules the slot out."""

    def tie(course: Course, slot: Slot, var: cp_model.IntVar) -> None:
        for group in slot_blockers(inst, course, *slot):
            requirements.tie(requirements.model.add(var == 0), group)

    return tie
