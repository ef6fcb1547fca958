"""Neighbourhood search: what each neighbourhood frees, and rounds that only ever keep a better or
equal timetable, which the independent checker accepts and prices the same."""

from __future__ import annotations

import random

from ortools.sat.python import cp_model

from models.loading import parse_instance
from scheduler.check.checker import check_timetable, soft_breakdown, weighted_objective
from scheduler.model.timetable import TimetableModel
from scheduler.search.lns import by_classes, by_days, by_teacher_days, by_teachers, improve, start_from
from tests.conftest import homework_school


def _three_class_school() -> dict:
    """The homework test school with a third class; 王芳 teaches 语文 in two classes."""
    data = homework_school()
    names = [f"三年级{i}班" for i in (1, 2, 3)]
    data["classes"] = [{"name": name, "grade": 3} for name in names]
    for teacher in data["teachers"]:
        teacher["teaches"] = {subject: names for subject in teacher["teaches"]}
    data["teachers"][0]["teaches"] = {"语文": names[:2]}
    data["teachers"][1]["teaches"] = {"语文": names[2:]}
    return data


def _poor_start(tm: TimetableModel) -> cp_model.CpSolver:
    """The first timetable CP-SAT finds for the model (with its objective, for the full model)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.stop_after_first_solution = True
    assert solver.solve(tm.model) in (cp_model.FEASIBLE, cp_model.OPTIMAL)
    return solver


def test_each_neighbourhood_frees_exactly_what_it_names():
    tm = TimetableModel.build(parse_instance(_three_class_school()))
    v, rng = tm.variables, random.Random(3)
    chosen = v.decisions()
    classes = by_classes(v, rng)
    for d in chosen:
        assert classes.frees(d) == (
            bool(set(d.classes) & classes.classes) if d.course is None else d.course in classes.courses
        )
    assert classes.courses == {c.index for name in classes.classes for c in v.class_courses[name]}
    teachers = by_teachers(v, rng)
    assert teachers.courses and not any(teachers.frees(d) for d in chosen if d.course is None)
    days = by_days(v, rng)
    assert len(days.days) == 2 and all(d.day in days.days for d in chosen if days.frees(d))
    teacher_days = by_teacher_days(v, rng)
    assert len(teacher_days.days) == 2 and teacher_days.classes
    assert teacher_days.courses == {c.index for name in teacher_days.classes for c in v.class_courses[name]}


def test_a_fixed_copy_keeps_every_decision_outside_the_neighbourhood():
    tm = TimetableModel.build(parse_instance(_three_class_school()))
    start, chosen = _poor_start(tm), tm.variables.decisions()
    values = [start.value(d.var) for d in chosen]
    free = by_classes(tm.variables, random.Random(0))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(tm.variables.fixed_copy(chosen, values, free.frees)) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    moved = [d for d, v in zip(chosen, values, strict=True) if solver.value(d.var) != v]
    assert all(free.frees(d) for d in moved)
    assert solver.objective_value <= start.objective_value


def test_rounds_keep_the_best_timetable_which_the_checker_accepts_and_prices_the_same():
    inst = parse_instance(_three_class_school())
    tm = TimetableModel.build(inst)
    start = _poor_start(tm)
    outcome = improve(tm, start_from(tm, start, True), budget=3.0, workers=1, seed=0, bound=0)
    assert outcome.rounds > 1 and outcome.objective < start.objective_value
    lessons, homework = tm.variables.lessons(outcome.solver), tm.variables.homework_items(outcome.solver)
    assert check_timetable(inst, lessons, homework) == []
    assert weighted_objective(inst, soft_breakdown(inst, lessons, homework)) == outcome.objective
    again = improve(tm, start_from(tm, _poor_start(tm), True), budget=3.0, workers=1, seed=0, bound=0)
    assert again.values == outcome.values  # one worker and a seed: the same timetable


def test_rounds_can_start_from_the_hard_rules_only_timetable_and_price_it():
    inst = parse_instance(_three_class_school())
    hard, tm = TimetableModel.build(inst, soft=False), TimetableModel.build(inst)
    first = _poor_start(hard)
    start = start_from(hard, first, False)
    assert start.solver is None and start.values == [first.value(d.var) for d in hard.variables.decisions()]
    outcome = improve(tm, start, budget=1.0, workers=1, seed=0, bound=0)
    assert outcome.solver is not None
    lessons, homework = tm.variables.lessons(outcome.solver), tm.variables.homework_items(outcome.solver)
    assert check_timetable(inst, lessons, homework) == []
    assert weighted_objective(inst, soft_breakdown(inst, lessons, homework)) == outcome.objective
