"""How strong can the bound get? A lower bound for a generated school from its grades solved apart.

    python bench/grade_bound.py [--stage primary] [--classes-per-grade 4] [--seed 0] [--time-limit 20]

Each grade alone is a relaxation of the school: its classes, their teachers (only those classes'
lessons), the same venues, rules and soft rules, but no other grade competing for teachers or
venues. A teacher who teaches in one grade only has all their lessons there, so their idle periods
and daily balance count in that grade's sub-model; a teacher who teaches in several grades does not
(idle periods and load balance of part of a week are not bounds for the whole week), and adds the
full model's balance floor instead; their noon, parallel half-day and exclusion penalties are left
out too (a grade's share of them would be counted again in the next grade). Every other soft rule is
a class's own. So the sum of the grades' CP-SAT bounds (each solved with 2 workers for
`--time-limit` seconds) and those floors is a bound for the whole school; the script prints it next
to the whole model's own floors. Each grade's best objective shows how good its
part of the timetable can get when the other grades are not in the way.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from ortools.sat.python import cp_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from models.loading import parse_instance  # noqa: E402
from scheduler.generate import generate_school  # noqa: E402
from scheduler.model.timetable import TimetableModel  # noqa: E402


def grade_school(data: dict, grade: int) -> dict:
    """The generated school cut down to one grade's classes and their teachers."""
    names = {c["name"] for c in data["classes"] if c["grade"] == grade}
    teachers = []
    for teacher in data["teachers"]:
        teaches = {s: [c for c in classes if c in names] for s, classes in teacher["teaches"].items()}
        teaches = {s: classes for s, classes in teaches.items() if classes}
        if teaches:
            teachers.append({**teacher, "teaches": teaches})
    return {
        **data,
        "classes": [c for c in data["classes"] if c["grade"] == grade],
        "grades": [g for g in data["grades"] if g["grade"] == grade],
        "teachers": teachers,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="primary", choices=["primary", "junior"])
    parser.add_argument("--classes-per-grade", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=20.0)
    args = parser.parse_args()
    data = generate_school(args.stage, args.classes_per_grade, args.seed)
    school = parse_instance(data)
    grades_of: dict[str, set[int]] = defaultdict(set)
    for teacher in school.teachers:
        for classes in teacher.teaches.values():
            grades_of[teacher.name].update(school.class_by_name[c].grade for c in classes)
    crossing = {t for t, grades in grades_of.items() if len(grades) > 1}
    whole = TimetableModel.build(school)
    crossing_floor = TimetableModel.build(school, teachers=crossing).floors["soft.teacher_balance"]
    weights = school.weights_in_force
    print(f"{len(school.classes)} classes; {len(crossing)} of {len(grades_of)} teachers teach in several grades")
    print("| grade | status | best objective | bound | own floors | seconds |")
    print("|---|---|---|---|---|---|")
    total = 0.0
    for grade in sorted({c.grade for c in school.classes}):
        part = parse_instance(grade_school(data, grade))
        tm = TimetableModel.build(part, teachers={t.name for t in part.teachers} - crossing)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 2
        solver.parameters.max_time_in_seconds = args.time_limit
        status = solver.solve(tm.model)
        bound = max(solver.best_objective_bound, tm.objective_floor())
        total += bound
        print(
            f"| {grade} | {solver.status_name(status).lower()} | {solver.objective_value:.0f} | {bound:.0f} | "
            f"{tm.objective_floor()} | {solver.wall_time:.1f} |",
            flush=True,
        )
    extra = weights["soft.teacher_balance"] * crossing_floor
    print(f"teachers in several grades, balance floor: {extra}")
    print(f"bound from the grades: {total + extra:.0f}; the whole model's own floors: {whole.objective_floor()}")


if __name__ == "__main__":
    main()
