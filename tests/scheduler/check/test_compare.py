"""阴阳课表: `jianfu compare POSTED IN_USE INSTANCE` finds every difference between the posted
timetable and the one in use, and exits 1 only when one changes a rule's figures."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from models.loading import load_instance
from models.solution import Solution
from scheduler.check.compare import compare
from scheduler.cli import Exit, app
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import INSTANCES

runner = CliRunner()
TINY = INSTANCES / "tiny.yaml"


def _posted(tmp_path) -> tuple[object, Solution]:
    inst = load_instance(TINY)
    solution = solve(inst, SolveOptions(time_limit=10, workers=1, seed=0))
    (tmp_path / "posted.json").write_text(solution.model_dump_json(by_alias=True), encoding="utf-8")
    return inst, solution


def _in_use(tmp_path, solution: Solution, lessons) -> str:
    path = tmp_path / "in_use.json"
    path.write_text(solution.model_copy(update={"lessons": lessons}).model_dump_json(by_alias=True), encoding="utf-8")
    return str(path)


def test_the_same_timetable_and_a_harmless_swap_exit_0(tmp_path):
    inst, solution = _posted(tmp_path)
    posted = str(tmp_path / "posted.json")
    same = runner.invoke(app, ["compare", posted, posted, str(TINY)])
    assert same.exit_code == Exit.OK and "公示课表与实际课表一致" in same.output
    # Two lessons of one class and day, neither PE, music nor art, change places: no figure moves.
    day_lessons: dict = {}
    for index, lesson in enumerate(solution.lessons):
        if lesson.subject in ("语文", "数学"):
            day_lessons.setdefault((lesson.class_, lesson.day), []).append(index)
    first, second = next(
        (i, j)
        for pair in day_lessons.values()
        for i in pair
        for j in pair
        if solution.lessons[i].subject < solution.lessons[j].subject
    )
    a, b = solution.lessons[first], solution.lessons[second]
    lessons = list(solution.lessons)
    lessons[first], lessons[second] = a.model_copy(update={"period": b.period}), b.model_copy(update={"period": a.period})
    result = compare(inst, solution.lessons, lessons)
    assert len(result.differences) == 2 and not result.relevant
    swapped = runner.invoke(app, ["compare", posted, _in_use(tmp_path, solution, lessons), str(TINY)])
    assert swapped.exit_code == Exit.OK and "不影响任何规则数据" in swapped.output


def test_a_pe_lesson_taken_by_mathematics_is_rule_relevant(tmp_path):
    inst, solution = _posted(tmp_path)
    index = next(i for i, lesson in enumerate(solution.lessons) if lesson.subject == "体育")
    pe = solution.lessons[index]
    taken = pe.model_copy(update={"subject": "数学", "teachers": []})
    lessons = [*solution.lessons[:index], taken, *solution.lessons[index + 1 :]]
    result = compare(inst, solution.lessons, lessons)
    assert result.relevant
    texts = [d.chinese for d in result.differences]
    assert any("挤占体育" in text and pe.class_ in text for text in texts), texts
    assert any("体育 每周公示" in text for text in texts) and any("体育活动公示" in text for text in texts)
    path = _in_use(tmp_path, solution, lessons)
    printed = runner.invoke(app, ["compare", str(tmp_path / "posted.json"), path, str(TINY)])
    assert printed.exit_code == Exit.VIOLATIONS and "阴阳课表" in printed.output
    english = runner.invoke(app, ["compare", str(tmp_path / "posted.json"), path, str(TINY), "--lang", "en"])
    assert "体育 taken" in english.output and "阴阳" not in english.output
    report = json.loads(
        runner.invoke(app, ["compare", str(tmp_path / "posted.json"), path, str(TINY), "--format", "json"]).output
    )
    assert report["rule_relevant"] and report["new_violations"]
