"""The command line through typer's CliRunner, exit codes included."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from scheduler.cli import Exit, app
from tests.conftest import INSTANCES

runner = CliRunner()
TINY = str(INSTANCES / "tiny.yaml")


def test_solve_writes_a_checked_solution_and_check_accepts_it(tmp_path):
    out = tmp_path / "tiny.json"
    result = runner.invoke(app, ["solve", TINY, "--time-limit", "10", "--out", str(out), "--show"])
    assert result.exit_code == Exit.OK, result.output
    assert "三年级1班" in result.output and "求解状态：最优（已证明）" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["status"] == "optimal"
    assert list(tmp_path.iterdir()) == [out]  # nothing else beside it: no probe, no temporary file
    assert {"class", "subject", "teachers", "venue", "day", "period"} <= set(data["lessons"][0])
    checked = runner.invoke(app, ["check", TINY, str(out)])
    assert checked.exit_code == Exit.OK and "合规：课表符合全部硬性规则" in checked.output


def test_check_reports_violations_with_exit_1_and_json(tmp_path):
    out = tmp_path / "tiny.json"
    runner.invoke(app, ["solve", TINY, "--out", str(out)])
    data = json.loads(out.read_text(encoding="utf-8"))
    data["lessons"][1].update(day=data["lessons"][0]["day"], period=data["lessons"][0]["period"])
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    text = runner.invoke(app, ["check", TINY, str(broken), "--lang", "en"])
    assert text.exit_code == Exit.VIOLATIONS and "clash.class" in text.output and "not compliant" in text.output
    lesson = data["lessons"][0]
    chinese = runner.invoke(app, ["check", TINY, str(broken)])
    where = f"{lesson['day']} 第{lesson['period']}节："
    assert chinese.exit_code == Exit.VIOLATIONS and "班级不冲突：1 处" in chinese.output and where in chinese.output
    assert "不合规" in chinese.output and "clash.class" not in chinese.output
    as_json = runner.invoke(app, ["check", TINY, str(broken), "--format", "json"])
    report = json.loads(as_json.output)
    assert report["compliant"] is False and any(v["rule"] == "clash.class" for v in report["violations"])


def test_same_seed_one_worker_gives_a_byte_identical_file(tmp_path):
    files = [tmp_path / "a.json", tmp_path / "b.json"]
    for path in files:
        result = runner.invoke(app, ["solve", TINY, "--workers", "1", "--seed", "7", "--out", str(path)])
        assert result.exit_code == Exit.OK
    assert files[0].read_bytes() == files[1].read_bytes()


def test_impossible_instance_exits_infeasible_with_the_reason(tmp_path):
    path = str(INSTANCES / "impossible_activity.yaml")
    result = runner.invoke(app, ["solve", path, "--out", str(tmp_path / "x.json"), "--lang", "en"])
    assert result.exit_code == Exit.INFEASIBLE
    assert "activity.daily_minimum" in result.output and "3 PE lessons" in result.output
    assert runner.invoke(app, ["validate", path]).exit_code == Exit.INFEASIBLE


def test_an_out_nothing_can_be_written_to_is_refused_before_the_search(tmp_path, monkeypatch):
    """A solution file or a publication folder under a file: exit 2 naming it, with no search run."""
    from scheduler.search import solve

    monkeypatch.setattr(solve, "solve", lambda *args, **kwargs: (_ for _ in ()).throw(AssertionError("searched")))
    a_file = tmp_path / "notes.txt"
    a_file.write_text("kept", encoding="utf-8")
    for out in (a_file / "x.json", a_file / "term1"):
        result = runner.invoke(app, ["solve", TINY, "--out", str(out), "--lang", "en"])
        assert result.exit_code == Exit.BAD_INPUT and f"{out}: cannot be written" in result.output, result.output
    assert a_file.read_text(encoding="utf-8") == "kept"


def test_repair_and_batch_refuse_an_out_under_a_file_before_they_search(tmp_path, monkeypatch):
    from scheduler import batch
    from scheduler.search import repair

    monkeypatch.setattr(repair, "repair", lambda *args, **kwargs: (_ for _ in ()).throw(AssertionError("searched")))
    monkeypatch.setattr(batch, "run_batch", lambda *args, **kwargs: (_ for _ in ()).throw(AssertionError("ran")))
    solved = tmp_path / "tiny.json"
    assert runner.invoke(app, ["solve", TINY, "--out", str(solved)]).exit_code == Exit.OK
    a_file = tmp_path / "notes.txt"
    a_file.write_text("kept", encoding="utf-8")
    out = a_file / "x"
    for command in (["repair", TINY, str(solved)], ["batch", str(INSTANCES), "--mode", "solve"]):
        result = runner.invoke(app, [*command, "--out", str(out), "--lang", "en"])
        assert result.exit_code == Exit.BAD_INPUT and f"{out}: cannot be written" in result.output, result.output


def test_bad_input_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("school: {name: 坏, stage: primary}\nbell: {periods: []}\n", encoding="utf-8")
    result = runner.invoke(app, ["solve", str(bad)])
    assert result.exit_code == Exit.BAD_INPUT
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps({"lessons": [{"class": "九年级9班", "subject": "语文", "day": "星期一", "period": 1}]}))
    checked = runner.invoke(app, ["check", TINY, str(unknown)])
    assert checked.exit_code == Exit.BAD_INPUT and "lessons[0].class: 没有班级“九年级9班”" in checked.output


def test_validate_schema_and_rules():
    assert runner.invoke(app, ["validate", TINY]).exit_code == Exit.OK
    # 18 classes of 33 lessons a week; grade 9's includes its odd/even-week (单双周) slot.
    assert "每周共 594 节" in runner.invoke(app, ["validate", str(INSTANCES / "junior_18.yaml")]).output
    schema = json.loads(runner.invoke(app, ["schema"]).output)
    assert "teachers" in schema["properties"] and "school" in schema["required"]
    rules = runner.invoke(app, ["rules"]).output
    assert "activity.daily_minimum" in rules and "time.max_daily_learning" in rules


def test_generate_writes_valid_reproducible_schools(tmp_path):
    from models.loading import load_instance
    from scheduler.search.counting import counting_problems

    for stage, per_grade in (("primary", 2), ("primary", 8), ("junior", 4), ("junior", 10)):
        for seed in (0, 1):
            path = tmp_path / f"{stage}{per_grade}-{seed}.yaml"
            args = ["generate", "--stage", stage, "--classes-per-grade", str(per_grade), "--seed", str(seed)]
            assert runner.invoke(app, [*args, "--out", str(path)]).exit_code == Exit.OK
            inst = load_instance(path)
            assert len(inst.classes) == per_grade * (6 if stage == "primary" else 3)
            assert counting_problems(inst) == []
    again = tmp_path / "again.yaml"
    runner.invoke(app, ["generate", "--stage", "primary", "--classes-per-grade", "8", "--seed", "1", "--out", str(again)])
    assert again.read_bytes() == (tmp_path / "primary8-1.yaml").read_bytes()
    assert again.read_bytes() != (tmp_path / "primary8-0.yaml").read_bytes()
    assert runner.invoke(app, ["generate", "--stage", "senior"]).exit_code == Exit.BAD_INPUT


def test_ctrl_c_stops_the_search_and_keeps_the_best_verified_timetable():
    import io
    import os
    import signal
    import threading

    from rich.console import Console

    from models.loading import load_instance
    from scheduler.check.checker import check_timetable
    from scheduler.search.solve import SolveOptions, solve

    inst = load_instance(INSTANCES / "primary_24.yaml")
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    stop = threading.Event()

    def press_ctrl_c_once_a_timetable_shows() -> None:
        while not stop.wait(0.2):
            if "best" in screen.getvalue():
                os.kill(os.getpid(), signal.SIGINT)
                return

    # as in a terminal: pytest started as a background job (`... &`) inherits Ctrl-C ignored
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    presser = threading.Thread(target=press_ctrl_c_once_a_timetable_shows)
    presser.start()
    try:
        solution = solve(inst, SolveOptions(time_limit=120, workers=2, lang="en"), console=console)
    finally:
        stop.set()
        presser.join()
        signal.signal(signal.SIGINT, previous)
    assert solution.summary.status == "feasible" and solution.summary.wall_time_s < 100
    assert any("Ctrl-C" in reason for reason in solution.summary.reasons)
    assert check_timetable(inst, solution.lessons, solution.homework) == []
    assert "best" in screen.getvalue() and "gap" in screen.getvalue()


def test_a_closed_stdout_never_loses_the_written_file(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "t.json"
    command = [sys.executable, "-m", "scheduler", "solve", str(TINY), "--out", str(out), "--show", "--workers", "1"]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run.stdout.readline()
    run.stdout.close()  # as `| head -1` does
    assert run.wait(timeout=120) == Exit.OK
    assert out.exists() and json.loads(out.read_text(encoding="utf-8"))["lessons"]
    assert "Traceback" not in run.stderr.read()


def test_a_solution_finds_its_instance_from_any_folder(tmp_path, monkeypatch):
    school = tmp_path / "school" / "tiny.yaml"
    school.parent.mkdir()
    school.write_text((INSTANCES / "tiny.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(school.parent)
    solved = runner.invoke(app, ["solve", "tiny.yaml", "--workers", "1", "--out", str(tmp_path / "term1")])
    assert solved.exit_code == Exit.OK, solved.output
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    exported = runner.invoke(app, ["export", "../term1/solution.json", "--out", "again"])
    assert exported.exit_code == Exit.OK, exported.output
    assert runner.invoke(app, ["export", "again/solution.json", "--out", "third"]).exit_code == Exit.OK


def test_show_in_english_is_english_and_piped_output_is_not_cut_at_80_columns(tmp_path):
    deep = tmp_path / ("a-folder-with-a-long-name-" * 4) / "tiny.solution.json"
    result = runner.invoke(app, ["solve", TINY, "--workers", "1", "--show", "--lang", "en", "--out", str(deep)])
    assert result.exit_code == Exit.OK, result.output
    assert "Monday" in result.output and "星期一" not in result.output and "作业" not in result.output
    assert f"wrote {deep}" in result.output  # one line, however long the path


def test_a_bad_option_is_named_once_in_the_commands_language(tmp_path):
    chinese = runner.invoke(app, ["generate", "--stage", "senior"])
    english = runner.invoke(app, ["generate", "--stage", "senior", "--lang", "en"])
    assert chinese.exit_code == english.exit_code == Exit.BAD_INPUT
    assert "--stage: “senior”不是" in chinese.output and "--stage: 'senior' is not one of" in english.output
    template = runner.invoke(app, ["template", TINY, "--out", str(tmp_path / "grid.txt")])
    assert template.exit_code == Exit.BAD_INPUT and template.output.count("--out") == 1 and "grid.txt" in template.output
