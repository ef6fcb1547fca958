"""explain: the conflicting requirements it returns are infeasible together and minimal."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model
from typer.testing import CliRunner

from models.loading import load_instance, parse_instance
from scheduler.cli import Exit, app
from scheduler.model.timetable import TimetableModel
from scheduler.search.explain import explain
from tests.conftest import INSTANCES, mornings_school, school, three_classes_school


def feasible_with(inst, groups) -> bool:
    """Solve the explaining model with only these requirement groups enforced."""
    tm = TimetableModel.build(inst, explaining=True)
    tm.model.add_assumptions([tm.requirements.assumptions[group] for group in groups])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2  # counting arguments (the mornings school) need the LP
    solver.parameters.max_time_in_seconds = 30
    status = solver.solve(tm.model)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE)
    return status != cp_model.INFEASIBLE


IMPOSSIBLE = {
    # 23 lessons for 20 morning periods: a counting argument (before the explaining search used the full
    # linear relaxation it took 20 s and was not minimal: it kept the daily maxima).
    "mornings": mornings_school(),
    # One 音乐 teacher, both classes' 音乐 fixed at the same slot.
    "fixed_clash": school(fixed=[{"subject": "音乐", "day": "星期三", "period": 6}]),
    # PE only in period 1, but both classes need PE on Monday, Wednesday and Friday and share one teacher.
    "pe_days": school(forbidden=[{"subject": "体育", "periods": [2, 3, 4, 5, 6]}]),
    # 数学 teacher free only Thursday and Friday mornings (8 periods) for 8 lessons, but at most 3 a day.
    # (The counting checks see this one too; explain must still give a minimal set.)
    "teacher_leave": school(
        teachers=[
            {"name": "王芳", "teaches": {"语文": ["三年级1班"]}},
            {"name": "李强", "teaches": {"语文": ["三年级2班"]}},
            {
                "name": "张敏",
                "teaches": {"数学": ["三年级1班", "三年级2班"]},
                "blocked": [{"half": "pm"}, {"day": "星期一"}, {"day": "星期二"}, {"day": "星期三"}],
                "max_per_day": 3,
            },
            {"name": "刘洋", "teaches": {"体育": ["三年级1班", "三年级2班"]}},
            {"name": "赵丽", "teaches": {"音乐": ["三年级1班", "三年级2班"], "美术": ["三年级1班", "三年级2班"]}},
        ]
    ),
}


@pytest.mark.parametrize("name", sorted(IMPOSSIBLE))
def test_explanation_is_infeasible_and_minimal(name):
    inst = parse_instance(IMPOSSIBLE[name])
    explanation = explain(inst, time_limit=60)
    assert not explanation.feasible and explanation.minimal and explanation.groups
    assert not feasible_with(inst, explanation.groups)
    for group in explanation.groups:
        assert feasible_with(inst, [g for g in explanation.groups if g != group]), group
    assert len(explanation.sentences) == len(explanation.groups)


def test_explanation_names_requirements_in_words():
    explanation = explain(parse_instance(IMPOSSIBLE["fixed_clash"]))
    assert explanation.sentences == [
        "三年级1班 has 音乐 fixed at 星期三 period 6 (固排)",
        "三年级2班 has 音乐 fixed at 星期三 period 6 (固排)",
    ]
    leave = explain(parse_instance(IMPOSSIBLE["teacher_leave"])).text("en")
    assert "张敏 is not available" in leave and "張敏" not in leave


def test_shipped_impossible_instance_is_explained_by_the_activity_rule():
    explanation = explain(load_instance(INSTANCES / "impossible_activity.yaml"))
    rules = {group[0] for group in explanation.groups}
    assert rules == {"curriculum.full_hours", "activity.daily_minimum"}
    assert sum(1 for group in explanation.groups if group[0] == "activity.daily_minimum") == 4


def test_a_counting_argument_is_explained_minimally_within_a_short_limit():
    # Clause learning alone needed 11 s to refute the whole set and then could not drop the daily
    # maxima; with the full linear relaxation the minimal set takes well under a second.
    explanation = explain(parse_instance(mornings_school()), time_limit=5)
    assert explanation.minimal
    assert sorted(group[0] for group in explanation.groups) == ["availability.teacher_blocked"] * 3 + [
        "curriculum.full_hours"
    ]


def test_feasible_instance_has_nothing_to_explain():
    assert explain(load_instance(INSTANCES / "tiny.yaml")).feasible


def test_cli_explain_and_solve_print_the_explanation(tmp_path):
    path = tmp_path / "fixed.json"
    import json

    path.write_text(json.dumps(IMPOSSIBLE["fixed_clash"], ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["explain", str(path), "--lang", "en"])
    assert result.exit_code == Exit.INFEASIBLE and "三年级2班 has 音乐 fixed" in result.output
    solved = runner.invoke(app, ["solve", str(path), "--out", str(tmp_path / "out.json"), "--lang", "en"])
    assert solved.exit_code == Exit.INFEASIBLE and "三年级2班 has 音乐 fixed" in solved.output
    counted = runner.invoke(app, ["explain", str(INSTANCES / "impossible_activity.yaml"), "--lang", "en"])
    assert counted.exit_code == Exit.INFEASIBLE and "counting checks" in counted.output
    assert runner.invoke(app, ["explain", str(INSTANCES / "tiny.yaml")]).exit_code == Exit.OK


def test_requirements_alike_for_three_or_more_classes_read_as_one_sentence():
    from scheduler.search.explain import describe_all

    inst = parse_instance(three_classes_school())
    groups = [("activity.daily_minimum", f"三年级{i}班", "星期一") for i in (1, 2, 3)] + [("venue.capacity", "操场")]
    sentences = describe_all(inst, groups, "en")
    assert sentences[0].startswith("3 classes (三年级1班, 三年级2班, 三年级3班) each: gets 60 min")
    assert sentences[1] == "操场 takes at most 2 classes at once"
