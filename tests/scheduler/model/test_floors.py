"""The counting lower bounds of scheduler.model.floors: worked by hand on small cases and a generated school."""

from __future__ import annotations

from models.loading import parse_instance
from scheduler.generate import generate_school
from scheduler.model.floors import least_spread
from scheduler.model.timetable import TimetableModel


def test_least_spread_follows_the_daily_limits():
    assert least_spread(10, [0] * 5, [6] * 5) == 0  # 2 a day
    assert least_spread(11, [0] * 5, [6] * 5) == 1  # one day gets 3
    # 5 lessons forced on each of Mon/Wed/Fri leave 1 for Tue and Thu: 5,1,5,0,5.
    assert least_spread(16, [5, 0, 5, 0, 5], [6, 6, 6, 6, 6]) == 5
    # Thursday capped at 1 (a blocked day, say): 18 lessons as 4,4,4,1,5 at best.
    assert least_spread(18, [0] * 5, [6, 6, 6, 1, 6]) == 4
    assert least_spread(3, [0] * 5, [0, 6, 6, 6, 6]) == 1  # a day without lessons is the lightest


def test_generated_school_pe_and_balance_floors():
    # 24 classes need a PE lesson on Mon/Wed/Fri (no after-school sport then); the playground holds 5
    # classes in each of the 4 other periods: 4 classes a day in period 1 or 5, 12 in all.
    tm = TimetableModel.build(parse_instance(generate_school("primary", 4, 0)))
    assert tm.floors["soft.pe_placement"] == 12
    assert tm.floors["soft.teacher_balance"] > 38  # the even-split floor alone


def _full_model_status(data: dict) -> str:
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds, solver.parameters.num_workers = 20, 2
    return solver.status_name(solver.solve(TimetableModel.build(parse_instance(data)).model))


def test_a_double_lesson_and_a_single_one_day_is_not_a_second_crowded_day():
    # 语文 7 lessons with 1 double, a double counting once: the teacher is free only at period 1 on
    # Tuesday-Friday, so Monday holds 3 (the double and one more). The spread floor is 1, not 2.
    from tests.conftest import school

    data = school(classes=[{"name": "三年级1班", "grade": 3}])
    data["grades"][0].update(plan={"语文": 7}, doubles={"语文": 1})
    data["policy"] = {"daily_max_counts": "occurrences", "min_daily_activity_minutes": 0}
    away = [{"day": d, "periods": [2, 3, 4, 5, 6]} for d in ("星期二", "星期三", "星期四", "星期五")]
    data["teachers"] = [{"name": "王芳", "teaches": {"语文": ["三年级1班"]}, "blocked": away}]
    assert TimetableModel.build(parse_instance(data)).floors["soft.subject_spread"] == 0
    assert _full_model_status(data) == "OPTIMAL"


def test_odd_even_pairs_may_share_a_teachers_slot():
    # T teaches 音乐 to A in odd weeks and to B in even weeks, in the one period T is free.
    data = {
        "school": {"name": "t", "stage": "primary"},
        "days": ["星期一"],
        "bell": {"periods": [{"start": "08:30", "end": "09:10"}, {"start": "09:20", "end": "10:00"}]},
        "policy": {"min_daily_activity_minutes": 0},
        "subjects": ["语文", "音乐", "美术"],
        "grades": [
            {"grade": 3, "plan": {"语文": 1}, "alternating": [{"odd": "音乐", "even": "美术"}]},
            {"grade": 4, "plan": {"语文": 1}, "alternating": [{"odd": "美术", "even": "音乐"}]},
        ],
        "classes": [{"name": "A", "grade": 3}, {"name": "B", "grade": 4}],
        "teachers": [
            {"name": "T", "teaches": {"音乐": ["A", "B"]}, "blocked": [{"periods": [2]}]},
            {"name": "U", "teaches": {"美术": ["A", "B"]}},
            {"name": "W1", "teaches": {"语文": ["A"]}},
            {"name": "W2", "teaches": {"语文": ["B"]}},
        ],
    }
    from scheduler.search.counting import counting_problems

    assert counting_problems(parse_instance(data)) == []
    assert _full_model_status(data) == "OPTIMAL"
