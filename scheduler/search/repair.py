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
from scheduler.check.changes import diff
from scheduler.check.checker import check_timetable, soft_breakdown, weighted_objective
from scheduler.check.timetable import lesson_teachers
from scheduler.model.timetable import TimetableModel
from scheduler.model.variables import Slot, Variables
from scheduler.search.progress import SearchState, run_search
from scheduler.search.solve import STATUS_NAMES, CheckerDisagreement, SolveOptions, configure

MOVE_WEIGHT, NEW_DAY_WEIGHT, HOMEWORK_WEIGHT = 100, 10, 1


def _old_slots(v: Variables, lessons: list[Lesson]) -> list[set[Slot]]:
    """For each course, the slots where the proposed timetable has its lessons."""
    taught: dict[tuple[str, str, str], set[Slot]] = defaultdict(set)
    for lesson in lessons:
        taught[lesson.class_, lesson.subject, lesson.weeks].add((lesson.day, lesson.period))
    slots = []
    for course in v.courses:
        first = course.classes[0]
        if course.alternating:
            here = taught[first, course.odd.subject, "odd"] & taught[first, course.even.subject, "even"]
        else:
            here = taught[first, course.odd.subject, "all"]
        slots.append(here)
    return slots


def _new_working_days(inst: Instance, v: Variables, lessons: list[Lesson]) -> list[cp_model.IntVar]:
    """Per teacher and day without a lesson in the proposed timetable, a literal: teaching that day now."""
    worked = {(t, lesson.day) for lesson in lessons for t in lesson_teachers(inst, lesson)}
    new_days = []
    for teacher in inst.teachers:
        for day in inst.days:
            if (teacher.name, day) in worked:
                continue
            here = [var for c in v.teacher_courses.get(teacher.name, []) for _, var in v.on_day(c, day)]
            if here:
                works = v.model.new_bool_var(f"new_day[{teacher.name},{day}]")
                v.model.add_max_equality(works, here)
                new_days.append(works)
    return new_days


def _repair_objective(tm: TimetableModel, lessons: list[Lesson], homework: list[HomeworkItem]) -> None:
    """Fewest moved lessons, then fewest new working days, then fewest moved items; hinted with the old timetable."""
    v = tm.variables
    old = _old_slots(v, lessons)
    kept = [var for course in v.courses for slot, var in v.place[course.index].items() if slot in old[course.index]]
    new_days = _new_working_days(tm.inst, v, lessons)
    old_homework = {(item.class_, item.subject, item.day) for item in homework}
    kept_homework = [var for key, var in v.homework.items() if key in old_homework]
    tm.model.minimize(-MOVE_WEIGHT * sum(kept) + NEW_DAY_WEIGHT * sum(new_days) - HOMEWORK_WEIGHT * sum(kept_homework))
    v.hint_timetable(old, old_homework)


def repair(
    inst: Instance,
    lessons: list[Lesson],
    homework: list[HomeworkItem],
    options: SolveOptions,
    name: str = "",
    console: Console | None = None,
) -> Solution:
    """The verified timetable closest to `lessons` under the instance as it is now; its progress line in
    `options.lang`."""
    tm = TimetableModel.build(inst, soft=False)  # the repair objective replaces the soft rules
    _repair_objective(tm, lessons, homework)
    solver = cp_model.CpSolver()
    configure(solver, options)
    raw_status, _ = run_search(solver, tm.model, console, state=SearchState(lang=options.lang))
    status = STATUS_NAMES[raw_status]
    solution = Solution(instance=name)
    solution.summary = _summary(status, solver, options)
    if status not in ("optimal", "feasible"):
        return solution
    solution.lessons, solution.homework = tm.variables.lessons(solver), tm.variables.homework_items(solver)
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
