"""Shared helpers: a small two-class school to bend per test, solve and check shortcuts."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from models.instance import Instance
from models.loading import parse_instance
from models.solution import Lesson
from scheduler.check.checker import check_timetable
from scheduler.check.violation import Violation
from scheduler.search.solve import SolveOptions, solve

INSTANCES = Path(__file__).resolve().parent.parent / "instances"
DATA = Path(__file__).resolve().parent / "data"  # files the tests compare against

BASE: dict = {
    "school": {"name": "测试小学", "stage": "primary"},
    "bell": {
        "periods": [
            {"start": "08:30", "end": "09:10"},
            {"start": "09:20", "end": "10:00"},
            {"start": "10:30", "end": "11:10"},
            {"start": "11:20", "end": "12:00"},
            {"start": "14:00", "end": "14:40"},
            {"start": "14:50", "end": "15:30"},
        ],
        "blocks": [
            {"name": "大课间", "kind": "exercise", "start": "10:00", "end": "10:30"},
            {"name": "课后体育", "kind": "sport", "start": "15:40", "end": "16:10", "days": ["星期二", "星期四"]},
        ],
    },
    "subjects": [
        {"name": "语文"},
        {"name": "数学"},
        {"name": "体育", "venue": "操场"},
        {"name": "音乐"},
        {"name": "美术"},
    ],
    "venues": [{"name": "操场", "capacity": 2}],
    "grades": [{"grade": 3, "plan": {"语文": 5, "数学": 4, "体育": 3, "音乐": 2, "美术": 2}}],
    "classes": [{"name": "三年级1班", "grade": 3}, {"name": "三年级2班", "grade": 3}],
    "teachers": [
        {"name": "王芳", "teaches": {"语文": ["三年级1班"]}},
        {"name": "李强", "teaches": {"语文": ["三年级2班"]}},
        {"name": "张敏", "teaches": {"数学": ["三年级1班", "三年级2班"]}},
        {"name": "刘洋", "teaches": {"体育": ["三年级1班", "三年级2班"]}},
        {"name": "赵丽", "teaches": {"音乐": ["三年级1班", "三年级2班"], "美术": ["三年级1班", "三年级2班"]}},
    ],
}


def school(**changes: object) -> dict:
    """A deep copy of BASE with top-level sections replaced."""
    data = copy.deepcopy(BASE)
    data.update(copy.deepcopy(changes))
    return data


def three_classes_school() -> dict:
    """Three grade-3 classes taught alike: 李强 teaches all three 语文 classes, each other teacher
    their subject in all three (a requirement binding the three classes alike)."""
    data = school(classes=[{"name": f"三年级{i}班", "grade": 3} for i in (1, 2, 3)])
    for teacher in data["teachers"]:
        teacher["teaches"] = {s: ["三年级1班", "三年级2班", "三年级3班"] for s in teacher["teaches"]}
    data["teachers"] = data["teachers"][1:]
    data["teachers"][0]["teaches"]["语文"] = ["三年级1班", "三年级2班", "三年级3班"]
    return data


def out_every_afternoon(plan: dict[str, int], away: set[str]) -> dict:
    """One class with this weekly plan, whose teachers of the `away` subjects are out every afternoon."""
    data = school(classes=[{"name": "三年级1班", "grade": 3}])
    data["grades"][0]["plan"] = plan
    data["policy"] = {"min_daily_activity_minutes": 0, "other_subject_daily_max": 3, "main_subject_daily_max": 3}
    for teacher in data["teachers"]:
        teacher["teaches"] = {s: ["三年级1班"] for s, c in teacher["teaches"].items() if "三年级1班" in c}
        if set(teacher["teaches"]) & away:
            teacher["blocked"] = [{"half": "pm"}]
    data["teachers"] = [t for t in data["teachers"] if t["teaches"]]
    return data


def mornings_school() -> dict:
    """One class whose 语文, 数学 and 体育 teachers are out every afternoon: 23 lessons for its 20
    morning periods (impossible; each subject and teacher fits on its own)."""
    return out_every_afternoon({"语文": 10, "数学": 10, "体育": 3, "音乐": 4, "美术": 3}, {"语文", "数学", "体育"})


def solved(data: dict, time_limit: float = 20.0) -> tuple[Instance, list[Lesson]]:
    """Solve a school that must be feasible; the solve itself already ran the checker."""
    inst = parse_instance(data)
    solution = solve(inst, SolveOptions(time_limit=time_limit, workers=2, seed=1))
    assert solution.summary.status in ("optimal", "feasible"), solution.summary
    return inst, solution.lessons


def status_of(data: dict, time_limit: float = 20.0) -> str:
    """The solve status of a school."""
    return solve(parse_instance(data), SolveOptions(time_limit=time_limit, workers=2)).summary.status


def violations_of(inst: Instance, lessons: list[Lesson], rule: str, homework: list = ()) -> list[Violation]:
    """The checker's violations of one rule."""
    return [v for v in check_timetable(inst, lessons, homework) if v.rule == rule]


def lesson(class_name: str, subject: str, day: str, period: int, **extra: object) -> Lesson:
    """A hand-made lesson."""
    return Lesson(**{"class": class_name}, subject=subject, day=day, period=period, **extra)


def moved(lessons: list[Lesson], index: int, day: str, period: int) -> list[Lesson]:
    """A copy of the timetable with one lesson moved."""
    result = list(lessons)
    result[index] = result[index].model_copy(update={"day": day, "period": period})
    return result


EVIL = "<script>alert(1)</script>"
FORMULA = "=SUM(1,2)"


def homework_school() -> dict:
    """The test school with a homework plan, its music/art teacher named like an attack, and a formula."""
    data = school()
    data["grades"][0]["homework"] = {"语文": {"items": 4, "minutes": 20}, "数学": {"items": 3, "minutes": 15}}
    data["teachers"][4]["name"] = EVIL
    data["teachers"][3]["name"] = FORMULA
    return data


@pytest.fixture
def base() -> dict:
    return school()
