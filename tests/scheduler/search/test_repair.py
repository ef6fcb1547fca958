"""repair: the compliant timetable closest to a proposed one."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from models.loading import load_instance, parse_instance
from scheduler.check.changes import diff
from scheduler.check.checker import check_timetable
from scheduler.cli import Exit, app
from scheduler.search.repair import repair
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import INSTANCES

OPTIONS = SolveOptions(time_limit=20, workers=2, seed=0)


def tiny_with_leave(day: str) -> tuple:
    data = yaml.safe_load((INSTANCES / "tiny.yaml").read_text(encoding="utf-8"))
    before = parse_instance(data)
    data["teachers"][2]["blocked"].append({"day": day})  # 张敏 (数学) on leave that day
    return before, parse_instance(data)


def test_repair_after_a_teachers_leave_moves_few_lessons():
    before, after = tiny_with_leave("星期四")
    original = solve(before, OPTIONS)
    affected = [l for l in original.lessons if "张敏" in l.teachers and l.day == "星期四"]
    assert affected, "the tiny timetable should have 数学 on Thursday"
    repaired = repair(after, original.lessons, original.homework, OPTIONS)
    assert repaired.summary.status == "optimal"
    assert check_timetable(after, repaired.lessons, repaired.homework) == []
    moved = repaired.summary.moved_lessons
    assert len(affected) <= moved <= 2 * len(affected)
    assert moved == len(diff(after, original.lessons, repaired.lessons))
    assert not any("张敏" in l.teachers and l.day == "星期四" for l in repaired.lessons)


def test_repair_of_a_compliant_timetable_changes_nothing():
    inst = load_instance(INSTANCES / "tiny.yaml")
    original = solve(inst, OPTIONS)
    repaired = repair(inst, original.lessons, original.homework, OPTIONS)
    assert repaired.summary.moved_lessons == 0
    assert diff(inst, original.lessons, repaired.lessons, by="teacher") == []


def test_repair_mends_a_hand_made_breach():
    inst = load_instance(INSTANCES / "tiny.yaml")
    original = solve(inst, OPTIONS).lessons
    broken = list(original)
    maths = next(i for i, l in enumerate(broken) if l.subject == "数学" and l.class_ == "三年级1班")
    broken[maths] = broken[maths].model_copy(update={"day": "星期二", "period": 6})  # 张敏's 教研 afternoon
    assert check_timetable(inst, broken, None)
    repaired = repair(inst, broken, [], OPTIONS)
    assert check_timetable(inst, repaired.lessons, repaired.homework) == []
    assert 1 <= repaired.summary.moved_lessons <= 3


def test_cli_repair_prints_the_diff_and_writes_a_checked_file(tmp_path):
    before, after = tiny_with_leave("星期三")
    original = solve(before, OPTIONS)
    proposed = tmp_path / "old.json"
    proposed.write_text(original.model_dump_json(by_alias=True), encoding="utf-8")
    leave = tmp_path / "leave.json"
    leave.write_text(json.dumps(after.model_dump(mode="json", by_alias=True, exclude_none=True), ensure_ascii=False))
    out = tmp_path / "new.json"
    runner = CliRunner()
    result = runner.invoke(app, ["repair", str(leave), str(proposed), "--out", str(out)])
    assert result.exit_code == Exit.OK, result.output
    assert "按班级列出的调整" in result.output and "按教师列出的调整" in result.output and "张敏" in result.output
    assert runner.invoke(app, ["check", str(leave), str(out)]).exit_code == Exit.OK
