"""A district's schools on a local Dask cluster of 2 workers: every school's result equals its run
alone, a bad file and an impossible school are their own results, a batch started again skips the
schools done, and the dashboard lists them all."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from scheduler.batch import run_batch, run_school, schools
from scheduler.cli import Exit, app
from tests.conftest import INSTANCES

runner = CliRunner()


def district(tmp_path):
    folder = tmp_path / "district"
    folder.mkdir()
    for name in ("tiny.yaml", "impossible_activity.yaml"):
        shutil.copy(INSTANCES / name, folder / name)
    (folder / "broken.yaml").write_text("school: [\n", encoding="utf-8")
    return folder


def test_a_batch_on_dask_equals_each_school_alone_and_restarts_where_it_stopped(tmp_path):
    folder, out = district(tmp_path), tmp_path / "out"
    tasks = [task.__class__(task.instance, "solve", None, 3.0) for task in schools(folder, "solve")]
    batch = run_batch(tasks, out, workers=2)
    by_school = {result["school"]: result for result in batch.results}
    assert {name: r["status"] for name, r in by_school.items()} == {
        "broken": "bad_input",
        "impossible_activity": "infeasible",
        "tiny": "ok",
    }
    alone = run_school(tasks[-1])  # tiny, in this process: one worker and a seed, so the same timetable
    assert json.loads((out / "solutions" / "tiny.json").read_text(encoding="utf-8")) == alone["solution"]
    assert by_school["tiny"]["rules"] == alone["rules"] and by_school["tiny"]["figures"] == alone["figures"]
    least, minimum = by_school["tiny"]["figures"]["activity"]
    assert least >= minimum > 0
    again = run_batch(tasks, out, workers=2)
    assert len(again.skipped) == 3 and [r["status"] for r in again.results] == [r["status"] for r in batch.results]
    (folder / "tiny.yaml").write_text((folder / "tiny.yaml").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert len(run_batch(tasks, out, workers=2).skipped) == 2  # a changed file runs again


def test_jianfu_batch_writes_the_dashboard_and_exits_1_when_a_school_is_not_valid(tmp_path):
    folder, out = district(tmp_path), tmp_path / "out"
    result = runner.invoke(app, ["batch", str(folder), "--out", str(out), "--mode", "validate"])
    assert result.exit_code == Exit.VIOLATIONS, result.output
    page = (out / "dashboard.html").read_text(encoding="utf-8")
    assert all(name in page for name in ("tiny", "broken", "impossible_activity")) and "文件有误" in page and "无解" in page
    refused = runner.invoke(app, ["batch", str(folder), "--out", str(out), "--mode", "plan"])
    assert refused.exit_code == Exit.BAD_INPUT


def test_the_dashboard_draws_each_school_s_worst_day_against_the_limit(tmp_path):
    from scheduler.publish.district import write_dashboard

    results = [
        {"school": "甲校", "status": "ok", "rules": [], "figures": {"activity": [60, 60], "learning": [300, 360]}},
        {"school": "乙校", "status": "violations", "rules": [], "figures": {"activity": [30, 60], "learning": [400, 360]}},
        {"school": "丙校", "status": "infeasible", "remedies": [["操场 takes 6", "操场同时容纳 6 个班（现为 5 个）"]]},
    ]
    write_dashboard(results, tmp_path, "zh")
    page = (tmp_path / "dashboard.html").read_text(encoding="utf-8")
    assert page.count('class="beyond"') == 2 and page.count('class="within"') == 2  # 乙校 below and above
    assert "操场同时容纳 6 个班" in page and 'data-figure="homework"' not in page  # no school has the figure


def _what_if(file: str, setting: tuple[str, str, str], value: int, seconds: float) -> tuple[list, list[str]]:
    """A shipped school with one setting changed: its explanation's groups and the remedies named."""
    from models.loading import load_instance
    from scheduler.search.explain import explain
    from scheduler.search.remedy import changed, remedies

    inst = changed(load_instance(INSTANCES / file), setting, value)
    explanation = explain(inst, seconds)
    return explanation.groups, [change.chinese for change in remedies(inst, explanation.groups, seconds)]


def test_the_what_if_names_the_smallest_playground_that_fits_the_daily_pe_lesson():
    groups, named = _what_if("beijing_primary_24.yaml", ("venues", "操场", "capacity"), 5, 60)
    assert ("venue.capacity", "操场") in groups and named == ["操场同时容纳 6 个班（现为 5 个）"]


def test_the_smallest_daily_maximum_that_fits_is_named():
    groups, named = _what_if("tiny.yaml", ("teachers", "李强", "max_per_day"), 1, 30)
    assert ("teacher.daily_max", "李强") in groups and named == ["李强每天最多上 2 节课（现为 1 节）"]
