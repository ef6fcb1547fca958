"""Broken and hostile input: every case exits 2 with its place named and no traceback."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from models.loading import location
from scheduler.cli import Exit, app
from tests.conftest import INSTANCES

runner = CliRunner()
TINY = INSTANCES / "tiny.yaml"
CASE_SECONDS, CASE_BYTES = 60, 4 * 2**30  # each case's time, and the memory the test process may reach


@pytest.fixture(autouse=True)
def limited():
    """Every case under a time limit (a hang fails it) and a memory limit (a blow-up fails it)."""
    import resource

    def hung(*_):
        raise TimeoutError(f"a case ran over {CASE_SECONDS} s")

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    previous = signal.signal(signal.SIGALRM, hung)
    resource.setrlimit(resource.RLIMIT_AS, (CASE_BYTES, hard))
    signal.alarm(CASE_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _tiny() -> dict:
    return yaml.safe_load(TINY.read_text(encoding="utf-8"))


def _with(change) -> dict:
    data = _tiny()
    change(data)
    return data


INSTANCE_CASES = {  # what is wrong -> (the instance, the place its message names)
    "a lesson count given as true": (
        _with(lambda d: d["grades"][0]["plan"].update({"语文": True})),
        "grades[0].plan.语文",
    ),
    "a yes/no given as the text yes": (
        _with(lambda d: d.update(preferences={"no_noon_crossing": "yes"})),
        "preferences.no_noon_crossing",
    ),
    "a teacher's daily maximum given as 3.5": (
        _with(lambda d: d["teachers"][3].update(max_per_day=3.5)),
        "teachers[3].max_per_day",
    ),
    "a weight of 10^30": (_with(lambda d: d.update(weights={"soft.teacher_idle": 10**30})), "weights.soft.teacher_idle"),
    "a weight of 10^18": (_with(lambda d: d.update(weights={"soft.teacher_idle": 10**18})), "weights.soft.teacher_idle"),
    "a school name of 100,000 characters": (_with(lambda d: d["school"].update(name="校" * 100_000)), "school.name"),
    "a teacher name of 300 characters": (_with(lambda d: d["teachers"][0].update(name="王" * 300)), "teachers[0].name"),
    "a venue capacity given as true": (_with(lambda d: d["venues"][0].update(capacity=True)), "venues[0].capacity"),
}


@pytest.mark.parametrize("case", sorted(INSTANCE_CASES))
def test_instance_values_of_the_wrong_type_or_size_are_named(case, tmp_path):
    data, place = INSTANCE_CASES[case]
    path = tmp_path / "school.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == Exit.BAD_INPUT, result.output
    assert place in result.output and "Traceback" not in result.output


def _leaves(node: object, path: tuple = ()) -> list[tuple[tuple, object]]:
    """Every scalar value of a document, with its path."""
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(node, list):
        return [leaf for index, value in enumerate(node) for leaf in _leaves(value, (*path, index))]
    return [(path, node)]


def _wrong_types(value: object) -> list[object]:
    """Values of another type than `value` (a count gets text, a yes and 10^30; a yes gets text; text
    gets a number and a list)."""
    if isinstance(value, bool):
        return ["yes"]
    if isinstance(value, int):
        return ["three", True, 10**30]
    return [12345, ["x"]]


CORPUS = [(path, bad) for path, value in _leaves(_tiny()) for bad in _wrong_types(value)]


@pytest.mark.parametrize("path, bad", CORPUS, ids=[f"{location(path)}={bad!r}" for path, bad in CORPUS])
def test_every_value_of_tiny_yaml_replaced_by_one_of_another_type_is_named_by_its_place(path, bad, tmp_path):
    data = _tiny()
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = bad
    school = tmp_path / "school.json"
    school.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(school)])
    assert result.exit_code == Exit.BAD_INPUT, result.output
    assert location(path) in result.output and "Traceback" not in result.output


FILE_CASES = {  # file name -> (content, the place its message names)
    "deep.json": ("[" * 5000 + "]" * 5000, "deep.json: lists or mappings nested too deeply"),
    "deep.yaml": ("a: " + "[" * 5000 + "]" * 5000, "deep.yaml"),
    "list.yaml": ("- 1\n- 2\n", "list.yaml: the instance file must hold a mapping"),
    "empty.yaml": ("", "empty.yaml: the instance file must hold a mapping"),
}


@pytest.mark.parametrize("name", sorted(FILE_CASES))
def test_unreadable_instance_files_are_named(name, tmp_path):
    content, place = FILE_CASES[name]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == Exit.BAD_INPUT and place in result.output, result.output
    assert "Traceback" not in result.output


def test_a_file_far_larger_than_any_school_is_refused_unread(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("# " + "x" * (21 * 2**20), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == Exit.BAD_INPUT and "huge.yaml: is larger than 20 MB" in result.output


@pytest.mark.parametrize(
    "option",
    [
        ["--seed", "99999999999"],
        ["--seed", "-3000000000"],
        ["--time-limit", "-1"],
        ["--time-limit", "nan"],
        ["--workers", "0"],
    ],
)
def test_out_of_range_options_are_refused(option, tmp_path):
    result = runner.invoke(app, ["solve", str(TINY), *option, "--out", str(tmp_path / "t.json")])
    assert result.exit_code == Exit.BAD_INPUT and option[0] in result.output, result.output
    assert not (tmp_path / "t.json").exists()


def test_a_csv_cell_over_the_field_limit_is_named_by_line(tmp_path):
    grid = tmp_path / "grid.csv"
    grid.write_text("班级,节次,星期一\n三年级1班,第1节," + "语" * 200_000 + "\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(TINY), str(grid)])
    assert result.exit_code == Exit.BAD_INPUT and "grid.csv:2" in result.output, result.output


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("solved") / "tiny.json"
    result = runner.invoke(app, ["solve", str(TINY), "--workers", "1", "--out", str(out)])
    assert result.exit_code == Exit.OK, result.output
    return json.loads(out.read_text(encoding="utf-8"))


SOLUTION_CASES = {  # what is wrong -> (change to the solution, the place its message names)
    "an unknown day": (lambda s: s["lessons"][0].update(day="星期八"), "lessons[0].day"),
    "an unknown class": (lambda s: s["lessons"][0].update({"class": "九年级9班"}), "lessons[0].class"),
    "an unknown teacher": (lambda s: s["lessons"][0].update(teachers=["无名"]), "lessons[0].teachers"),
    "period 99": (lambda s: s["lessons"][0].update(period=99), "lessons[0].period"),
    "an unknown homework subject": (
        lambda s: s["homework"].append({"class": "三年级1班", "day": "星期一", "subject": "天文", "minutes": 10}),
        "homework[0].subject",
    ),
}


@pytest.mark.parametrize("command", ["check", "repair"])
@pytest.mark.parametrize("case", sorted(SOLUTION_CASES))
def test_solutions_naming_what_the_school_lacks_are_bad_input_for_check_and_repair(solved, case, command, tmp_path):
    change, place = SOLUTION_CASES[case]
    solution = json.loads(json.dumps(solved))
    change(solution)
    path = tmp_path / "proposed.json"
    path.write_text(json.dumps(solution, ensure_ascii=False), encoding="utf-8")
    extra = ["--out", str(tmp_path / "repaired.json"), "--time-limit", "5"] if command == "repair" else []
    result = runner.invoke(app, [command, str(TINY), str(path), *extra])
    assert result.exit_code == Exit.BAD_INPUT and place in result.output, result.output
    assert not (tmp_path / "repaired.json").exists()


def test_repair_moves_a_weekend_lesson_back_into_the_week(solved, tmp_path):
    solution = json.loads(json.dumps(solved))
    solution["lessons"][0]["day"] = "星期六"
    path = tmp_path / "proposed.json"
    path.write_text(json.dumps(solution, ensure_ascii=False), encoding="utf-8")
    assert runner.invoke(app, ["check", str(TINY), str(path)]).exit_code == Exit.VIOLATIONS
    result = runner.invoke(app, ["repair", str(TINY), str(path), "--out", str(tmp_path / "r.json"), "--workers", "1"])
    assert result.exit_code == Exit.OK and "星期六" in result.output, result.output


def test_check_refuses_an_unknown_output_format(solved, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(solved, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["check", str(TINY), str(path), "--format", "yaml"])
    assert result.exit_code == Exit.BAD_INPUT and "--format" in result.output


def test_sigterm_during_a_solve_writes_the_best_verified_timetable(tmp_path: Path):
    out = tmp_path / "t.json"
    school = str(INSTANCES / "primary_24.yaml")
    command = [sys.executable, "-m", "scheduler", "solve", school, "--time-limit", "120", "--lang", "en"]
    run = subprocess.Popen([*command, "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(8)  # the first timetable comes within a few seconds; the full search runs for a minute
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=60) == Exit.OK, run.stderr.read()
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["lessons"] and any("stopped" in reason for reason in saved["summary"]["reasons"])


def _run_limited(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The command in its own process under a 1.5 GB memory limit and a 120-s time limit."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))

    command = [sys.executable, "-m", "scheduler", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, preexec_fn=limit)


def test_the_heaviest_hostile_files_end_quickly_within_a_memory_limit(tmp_path):
    import zipfile

    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "aliases.yaml").write_text(
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefg", "bcdefgh", strict=True)),
        encoding="utf-8",
    )
    (tmp_path / "huge.yaml").write_text("school: {name: " + "x" * (30 * 2**20) + "}\n", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "bomb.xlsx", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (400 * 2**20))
    (tmp_path / "long.yaml").write_text(f"school: {{name: {'校' * 100_000}, stage: primary}}\n", encoding="utf-8")
    cases = [
        (["validate", "deep.json"], "deep.json"),
        (["validate", "aliases.yaml"], "aliases.yaml"),
        (["validate", "huge.yaml"], "huge.yaml"),
        (["validate", "long.yaml"], "school.name"),
        (["check", str(TINY), "bomb.xlsx"], "bomb.xlsx"),
    ]
    for args, place in cases:
        started = time.perf_counter()
        run = _run_limited(args, tmp_path)
        assert run.returncode == Exit.BAD_INPUT, (args, run.stderr[-500:])
        assert place in run.stderr and "Traceback" not in run.stderr, (args, run.stderr[-500:])
        assert time.perf_counter() - started < 30, args
