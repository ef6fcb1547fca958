"""TimetableModel: the CP-SAT variables of a timetable, its hard rules and its objective."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.instance import Instance
from scheduler.constraints import DOMAIN_RULES, HARD_RULES
from scheduler.courses import Course, build_courses
from scheduler.objective import SOFT_RULES

Slot = tuple[str, int]  # (day, period)


@dataclass
class TimetableModel:
    """CP-SAT model of one instance.

    `place[k][slot]` is true when course k has a lesson at slot; only slots allowed by the domain
    rules get a variable. `double[k][slot]` is true when a double lesson of course k starts there.
    `homework[class, subject, day]` is true when the class gets an item of the subject that day.
    """

    inst: Instance
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    courses: list[Course] = field(default_factory=list)
    place: list[dict[Slot, cp_model.IntVar]] = field(default_factory=list)
    double: list[dict[Slot, cp_model.IntVar]] = field(default_factory=list)
    homework: dict[tuple[str, str, str], cp_model.IntVar] = field(default_factory=dict)
    penalties: dict[str, cp_model.LinearExpr] = field(default_factory=dict)

    @classmethod
    def build(cls, inst: Instance, skip_rules: frozenset[str] = frozenset()) -> TimetableModel:
        """Variables, then every hard rule of the registry in order, then the objective."""
        self = cls(inst)
        self.courses = build_courses(inst)
        self._make_variables(skip_rules)
        for rule_id, add_rule in HARD_RULES.items():
            if rule_id not in skip_rules:
                add_rule(self)
        for rule_id, penalty in SOFT_RULES.items():
            self.penalties[rule_id] = penalty(self)
        weights = self.weights()
        self.model.minimize(sum(weights[rule] * expr for rule, expr in self.penalties.items()))
        return self

    def weights(self) -> dict[str, int]:
        """Soft-rule weights: the defaults, overridden by the instance."""
        from models.rules import DEFAULT_WEIGHTS

        return DEFAULT_WEIGHTS | self.inst.weights

    def slots(self) -> list[Slot]:
        """Every (day, period) of the week, in order."""
        return [(day, period) for day in self.inst.days for period in range(1, len(self.inst.bell.periods) + 1)]

    def _make_variables(self, skip_rules: frozenset[str]) -> None:
        domain_checks = [check for rule_id, check in DOMAIN_RULES.items() if rule_id not in skip_rules]
        starts = set(self.inst.double_start_periods())
        for course in self.courses:
            allowed = {slot for slot in self.slots() if all(check(self.inst, course, *slot) for check in domain_checks)}
            name = f"{'+'.join(course.classes)}/{course.odd.subject}"
            self.place.append(
                {
                    slot: self.model.new_bool_var(f"x[{name},{slot[0]},{slot[1]}]")
                    for slot in sorted(allowed, key=self._order)
                }
            )
            doubles: dict[Slot, cp_model.IntVar] = {}
            if course.doubles:
                for day, period in sorted(allowed, key=self._order):
                    if period in starts and (day, period + 1) in allowed:
                        doubles[day, period] = self.model.new_bool_var(f"d[{name},{day},{period}]")
            self.double.append(doubles)
        for school_class in self.inst.classes:
            for subject in self.inst.class_homework(school_class.name):
                for day in self.inst.days:
                    key = (school_class.name, subject, day)
                    self.homework[key] = self.model.new_bool_var(f"hw[{school_class.name},{subject},{day}]")

    def _order(self, slot: Slot) -> tuple[int, int]:
        return self.inst.days.index(slot[0]), slot[1]

    def courses_of_class(self) -> dict[str, list[Course]]:
        """Courses by class (a merged course under each of its classes)."""
        grouped: dict[str, list[Course]] = defaultdict(list)
        for course in self.courses:
            for name in course.classes:
                grouped[name].append(course)
        return grouped

    def on_day(self, course: Course, day: str) -> list[tuple[int, cp_model.IntVar]]:
        """(period, variable) of a course on one day."""
        return [(period, var) for (d, period), var in self.place[course.index].items() if d == day]
