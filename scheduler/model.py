"""TimetableModel: the CP-SAT variables of a timetable, its hard rules and its objective."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ortools.sat.python import cp_model

from models.instance import Instance
from models.rules import DEFAULT_WEIGHTS
from scheduler.constraints import HARD_RULES, FreeSlots, Group, slot_blockers
from scheduler.courses import Course, build_courses
from scheduler.objective import SOFT_RULES, teacher_busy

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
    by_day: list[dict[str, list[tuple[int, cp_model.IntVar]]]] = field(default_factory=list)
    busy: dict[str, dict[Slot, object]] = field(default_factory=dict)
    floors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    explaining: bool = False
    assumptions: dict[Group, cp_model.IntVar] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        inst: Instance,
        explaining: bool = False,
        soft: bool = True,
        domains: FreeSlots | None = None,
        teachers: set[str] | None = None,
    ) -> TimetableModel:
        """Variables, then every hard rule of the registry in order, then the objective.

        With `explaining`, every droppable requirement is tied to an assumption literal
        (`assumptions`, one per requirement group) and there is no objective; without `soft`, there is
        no objective either (a quick first timetable). `domains`: each course's free slots when
        already computed (`free_slots`, as the counting checks did); not with `explaining`.
        `teachers`: whose teacher-level soft rules (idle, balance, noon, parallel half-days, exclusion)
        count; all when None.
        """
        self = cls(inst, explaining=explaining)
        self.courses = build_courses(inst)
        self._make_variables(None if explaining else domains)
        for add_rule in HARD_RULES.values():
            add_rule(self)
        if soft and not explaining:
            self.busy = teacher_busy(self, teachers)
            for rule_id, penalty in SOFT_RULES.items():
                self.penalties[rule_id] = penalty(self)
            weights = self.weights()
            objective = sum(weights[rule] * expr for rule, expr in self.penalties.items())
            self.model.minimize(objective)
            # The soft rules' own lower bounds, summed: CP-SAT reports a useful bound from the start.
            floor = self.objective_floor()
            if floor > 0:
                self.model.add(objective >= floor)
        return self

    def hint_from(self, other: TimetableModel, solver: cp_model.CpSolver) -> None:
        """Start the search from `other`'s solution (a model of the same instance)."""
        for mine, theirs in zip(self.place + self.double, other.place + other.double, strict=True):
            for slot, var in mine.items():
                self.model.add_hint(var, solver.boolean_value(theirs[slot]))
        for key, var in self.homework.items():
            self.model.add_hint(var, solver.boolean_value(other.homework[key]))

    def require(self, constraint: cp_model.Constraint, *group: str | int) -> None:
        """Tie a constraint to its requirement group (only when explaining)."""
        if self.explaining:
            if group not in self.assumptions:
                self.assumptions[group] = self.model.new_bool_var(f"require[{'|'.join(map(str, group))}]")
            constraint.only_enforce_if(self.assumptions[group])

    def objective_floor(self) -> int:
        """The soft rules' own lower bounds, weighted and summed: a bound for every timetable."""
        weights = self.weights()
        return sum(weights[rule] * least for rule, least in self.floors.items())

    def weights(self) -> dict[str, int]:
        """Soft-rule weights: the defaults, overridden by the instance."""
        return DEFAULT_WEIGHTS | self.inst.weights

    def slots(self) -> list[Slot]:
        """Every (day, period) of the week, in order."""
        return self.inst.week_slots

    def _make_variables(self, domains: FreeSlots | None) -> None:
        starts = set(self.inst.double_start_periods())
        for course in self.courses:
            name = f"{'+'.join(course.classes)}/{course.odd.subject}"
            place: dict[Slot, cp_model.IntVar] = {}
            for slot in self.slots() if domains is None else domains[course.index]:
                blockers = [] if domains is not None else slot_blockers(self.inst, course, *slot)
                if blockers and not self.explaining:
                    continue
                place[slot] = self.model.new_bool_var(f"x[{name},{slot[0]},{slot[1]}]")
                for group in blockers:
                    self.require(self.model.add(place[slot] == 0), *group)
            self.place.append(place)
            by_day: dict[str, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
            for (day, period), var in place.items():
                by_day[day].append((period, var))
            self.by_day.append(by_day)
            doubles: dict[Slot, cp_model.IntVar] = {}
            if course.doubles:
                for day, period in place:
                    if period in starts and (day, period + 1) in place:
                        doubles[day, period] = self.model.new_bool_var(f"d[{name},{day},{period}]")
            self.double.append(doubles)
        for school_class in self.inst.classes:
            for subject in self.inst.class_homework(school_class.name):
                for day in self.inst.days:
                    key = (school_class.name, subject, day)
                    self.homework[key] = self.model.new_bool_var(f"hw[{school_class.name},{subject},{day}]")

    @cached_property
    def class_courses(self) -> dict[str, list[Course]]:
        """Courses by class (a merged course under each of its classes)."""
        grouped: dict[str, list[Course]] = defaultdict(list)
        for course in self.courses:
            for name in course.classes:
                grouped[name].append(course)
        return grouped

    @cached_property
    def teacher_courses(self) -> dict[str, list[Course]]:
        """Courses by teacher (an odd/even pair under each of its teachers)."""
        grouped: dict[str, list[Course]] = defaultdict(list)
        for course in self.courses:
            for teacher in dict.fromkeys((course.odd.teacher, course.even.teacher)):
                grouped[teacher].append(course)
        return grouped

    def on_day(self, course: Course, day: str) -> list[tuple[int, cp_model.IntVar]]:
        """(period, variable) of a course on one day."""
        return self.by_day[course.index].get(day, [])
