"""Repair: the compliant timetable (and homework plan) closest to a proposed one.

Used mid-term (a teacher on leave from Tuesday, a venue closed: change the instance, keep the old
timetable) and for a hand-made timetable that breaks rules. The CP-SAT model is the usual one with
a different objective: fewest moved lessons first, then fewest new working days for teachers, then
fewest moved homework items; the old timetable is the solver's starting hint.
"""

from __future__ import annotations

from collections import defaultdict

import ortools
from ortools.sat.python import cp_model
from rich.console import Console

from models.instance import Instance
from models.solution import HomeworkItem, Lesson, Solution, Summary
from scheduler.changes import diff
from scheduler.check import check_timetable
from scheduler.check_soft import lesson_teachers, soft_breakdown, weighted_objective
from scheduler.model import TimetableModel
from scheduler.progress import run_search
from scheduler.solve import STATUS_NAMES, CheckerDisagreement, SolveOptions, configure, extract_homework, extract_lessons

MOVE_WEIGHT, NEW_DAY_WEIGHT, HOMEWORK_WEIGHT = 100, 10, 1


def _old_slots(inst: Instance, tm: TimetableModel, lessons: list[Lesson]) -> list[set[tuple[str, int]]]:
    """For each course, the slots where the proposed timetable has its lessons."""
    taught: dict[tuple[str, str, str], set[tuple[str, int]]] = defaultdict(set)
    for lesson in lessons:
        taught[lesson.class_, lesson.subject, lesson.weeks].add((lesson.day, lesson.period))
    slots = []
    for course in tm.courses:
        first = course.classes[0]
        if course.alternating:
            here = taught[first, course.odd.subject, "odd"] & taught[first, course.even.subject, "even"]
        else:
            here = taught[first, course.odd.subject, "all"]
        slots.append(here)
    return slots


def _repair_objective(tm: TimetableModel, lessons: list[Lesson], homework: list[HomeworkItem]) -> None:
    inst = tm.inst
    old = _old_slots(inst, tm, lessons)
    kept = [var for course in tm.courses for slot, var in tm.place[course.index].items() if slot in old[course.index]]
    worked = {(t, lesson.day) for lesson in lessons for t in lesson_teachers(inst, lesson)}
    new_days = []
    for teacher in inst.teachers:
        for day in inst.days:
            if (teacher.name, day) in worked:
                continue
            here = [var for c in tm.teacher_courses.get(teacher.name, []) for _, var in tm.on_day(c, day)]
            if here:
                works = tm.model.new_bool_var(f"new_day[{teacher.name},{day}]")
                tm.model.add_max_equality(works, here)
                new_days.append(works)
    old_homework = {(item.class_, item.subject, item.day) for item in homework}
    kept_homework = [var for key, var in tm.homework.items() if key in old_homework]
    tm.model.minimize(-MOVE_WEIGHT * sum(kept) + NEW_DAY_WEIGHT * sum(new_days) - HOMEWORK_WEIGHT * sum(kept_homework))
    for course in tm.courses:
        for slot, var in tm.place[course.index].items():
            tm.model.add_hint(var, slot in old[course.index])
    for key, var in tm.homework.items():
        tm.model.add_hint(var, key in old_homework)


def repair(
    inst: Instance,
    lessons: list[Lesson],
    homework: list[HomeworkItem],
    options: SolveOptions,
    name: str = "",
    console: Console | None = None,
) -> Solution:
    """The verified timetable closest to `lessons` under the instance as it is now."""
    tm = TimetableModel.build(inst, soft=False)  # the repair objective replaces the soft rules
    _repair_objective(tm, lessons, homework)
    solver = cp_model.CpSolver()
    configure(solver, options)
    raw_status, _ = run_search(solver, tm.model, console)
    status = STATUS_NAMES[raw_status]
    solution = Solution(instance=name)
    solution.summary = _summary(status, solver, options)
    if status not in ("optimal", "feasible"):
        return solution
    solution.lessons, solution.homework = extract_lessons(tm, solver), extract_homework(tm, solver)
    violations = check_timetable(inst, solution.lessons, solution.homework)
    if violations:
        raise CheckerDisagreement(violations)
    solution.summary.soft = soft_breakdown(inst, solution.lessons, solution.homework)
    solution.summary.objective = weighted_objective(inst, solution.summary.soft)
    solution.summary.moved_lessons = len(diff(inst, lessons, solution.lessons))
    return solution


def _summary(status: str, solver: cp_model.CpSolver, options: SolveOptions) -> Summary:
    return Summary(
        status=status,
        solver=f"ortools {ortools.__version__}",
        seed=options.seed,
        workers=options.workers,
        time_limit_s=options.time_limit,
        deterministic_time=round(solver.deterministic_time, 3),
        wall_time_s=round(solver.wall_time, 3) if options.workers > 1 else None,
    )
