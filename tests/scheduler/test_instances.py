"""Every shipped instance: valid, and solve -> check round trip (or the stated impossibility)."""

from __future__ import annotations

import pytest

from models.loading import load_instance
from scheduler.check.checker import check_timetable, soft_breakdown
from scheduler.search.counting import counting_problems
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import INSTANCES

FEASIBLE = ["tiny.yaml", "primary_24.yaml", "junior_18.yaml", "nine_year.yaml", "five_four.yaml"]


@pytest.mark.parametrize("name", FEASIBLE)
def test_shipped_instance_solves_and_checks(name):
    inst = load_instance(INSTANCES / name)
    solution = solve(inst, SolveOptions(time_limit=8, workers=2, seed=0))
    assert solution.summary.status in ("optimal", "feasible")
    assert check_timetable(inst, solution.lessons, solution.homework) == []
    assert soft_breakdown(inst, solution.lessons, solution.homework) == solution.summary.soft
    assert len({(l.class_, l.weeks, l.day, l.period) for l in solution.lessons}) == len(solution.lessons)


def test_a_single_worker_finds_the_24_class_timetable():
    # CP-SAT's single-thread search alone found none in 20 s; interleaved, feasibility jump finds it at once.
    inst = load_instance(INSTANCES / "primary_24.yaml")
    solution = solve(inst, SolveOptions(time_limit=2, workers=1, seed=0))
    assert solution.summary.status in ("optimal", "feasible")
    assert check_timetable(inst, solution.lessons, solution.homework) == []


@pytest.mark.parametrize(
    ("name", "grades", "low", "high"), [("primary_24.yaml", {5, 6}, 50, 60), ("junior_18.yaml", {7, 8, 9}, 80, 90)]
)
def test_shipped_homework_plans_are_realistic(name, grades, low, high):
    inst = load_instance(INSTANCES / name)
    solution = solve(inst, SolveOptions(time_limit=5, workers=2, seed=0))
    totals: dict[tuple[str, str], int] = {}
    for item in solution.homework:
        if item.written:
            totals[item.class_, item.day] = totals.get((item.class_, item.day), 0) + item.minutes
    busiest = max(minutes for (c, _), minutes in totals.items() if inst.class_by_name[c].grade in grades)
    assert low <= busiest <= high
    low_grades = [i for i in solution.homework if inst.class_by_name[i.class_].grade <= 2]
    assert not any(item.written for item in low_grades)


def test_impossible_activity_instance_is_refuted_by_counting():
    inst = load_instance(INSTANCES / "impossible_activity.yaml")
    [problem] = counting_problems(inst)
    assert problem.where == "classes[0]" and "activity.daily_minimum" in problem.message


def test_every_shipped_instance_is_described():
    readme = (INSTANCES / "README.md").read_text(encoding="utf-8")
    for path in INSTANCES.glob("*.yaml"):
        assert path.name in readme


@pytest.mark.parametrize("name", ["nine_year.yaml", "five_four.yaml"])
def test_a_school_of_two_sections_shares_teachers_and_a_playground_across_its_bells(name):
    inst = load_instance(INSTANCES / name)
    assert [s.stage for s in inst.sections_in_force] == ["primary", "junior"]
    solution = solve(inst, SolveOptions(time_limit=8, workers=2, seed=0))
    assert solution.summary.status in ("optimal", "feasible")
    assert check_timetable(inst, solution.lessons, solution.homework) == []
    sections = {lesson.class_: inst.section_of(lesson.class_).name for lesson in solution.lessons}
    shared = {
        t
        for t in {t for l in solution.lessons for t in l.teachers}
        if len({sections[l.class_] for l in solution.lessons if t in l.teachers}) == 2
    }
    assert shared, "some teachers teach in both sections"
    on_playground = {sections[l.class_] for l in solution.lessons if l.venue == "操场"}
    assert on_playground == {"小学部", "初中部"}
    # Every pair of a shared teacher's lessons on a day is apart in time, in whichever bell.
    for teacher in shared:
        mine = [l for l in solution.lessons if teacher in l.teachers and l.weeks != "even"]
        for a in mine:
            for b in mine:
                if a is not b and a.day == b.day and (a.class_, a.period) != (b.class_, b.period):
                    (s1, e1), (s2, e2) = (inst.section_of(x.class_).interval(x.period) for x in (a, b))
                    assert e1 <= s2 or e2 <= s1 or (a.period == b.period and sections[a.class_] == sections[b.class_])
