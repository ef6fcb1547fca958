"""Every command speaks the office's language: Chinese by default, with no English word left but the
names of files, the solver's own name and the school's own names; English with `--lang en`, with no
Chinese but the school's names and the 固排/禁排/连堂 the English texts gloss."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from models.loading import load_instance
from scheduler.cli import app
from tests.conftest import INSTANCES

runner = CliRunner()
TINY = str(INSTANCES / "tiny.yaml")
IMPOSSIBLE = str(INSTANCES / "impossible_activity.yaml")
KEPT_ZH = (
    "ortools",
    "chinese",
    "calendar",
    "solution.json",
    "timetable.xlsx",
    "csv",
    "site",
    "index.html",
    "xlsx",
    "json",
    "yaml",
    "fet",
)
GLOSSES = ("固排", "禁排", "连堂")


def _names() -> list[str]:
    names = []
    for path in (TINY, IMPOSSIBLE):
        inst = load_instance(path)
        names += [c.name for c in inst.classes] + [t.name for t in inst.teachers] + list(inst.subject_names)
        names += (
            [v.name for v in inst.venues]
            + [inst.school.name]
            + [b.name for s in inst.sections_in_force for b in s.bell.blocks]
        )
    names += [entry["name"] for entry in TERM["holidays"]]
    names += [Path(path).stem for path in (TINY, IMPOSSIBLE)]  # a district's schools go by their files' names
    names += ["assign", "clashes", "idle", "late"]  # the constraint Ids of the small XHSTT archive
    return sorted(set(names), key=len, reverse=True)


TERM = {
    "start": "2026-09-07",
    "end": "2026-10-09",
    "holidays": [{"name": "国庆节", "start": "2026-10-01", "end": "2026-10-07"}],
}


def _term_commands(tmp_path) -> list[list[str]]:
    """term, cover and calendar on tiny.yaml with a 校历."""
    school, solved, away = tmp_path / "term.yaml", tmp_path / "term.json", tmp_path / "away.yaml"
    data = yaml.safe_load(Path(TINY).read_text(encoding="utf-8")) | {"calendar": TERM}
    school.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    runner.invoke(app, ["solve", str(school), "--workers", "1", "--out", str(solved)])
    teacher = data["teachers"][0]["name"]
    away.write_text(
        yaml.safe_dump({"absences": [{"teacher": teacher, "start": "2026-09-15"}]}, allow_unicode=True), encoding="utf-8"
    )
    return [
        ["term", str(school), str(solved)],
        ["cover", str(school), str(solved), str(away)],
        ["calendar", "--start", "2026-09-01", "--end", "2027-01-22", "--out", str(tmp_path / "c.yaml")],
        ["batch", str(_district(tmp_path)), "--out", str(tmp_path / "d2")],
        ["district", str(_shared(tmp_path, teacher)), "--out", str(tmp_path / "d3")],
        ["xhstt-eval", str(_xhstt(tmp_path))],
        ["xhstt-solve", str(_xhstt(tmp_path)), "--out", str(tmp_path / "x.xml"), "--time-limit", "2", "--workers", "1"],
    ]


def _xhstt(tmp_path) -> Path:
    """A small XHSTT archive (its Ids are the file's own names)."""
    from tests.scheduler.formats.test_xhstt import SMALL

    path = tmp_path / "small.xml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def _shared(tmp_path, teacher: str) -> Path:
    """A district file whose shared teacher only one of its schools has (refused by place)."""
    folder, schools = tmp_path / "d4", _district(tmp_path)
    folder.mkdir(exist_ok=True)
    names = [f"../{schools.name}/{Path(path).name}" for path in (TINY, IMPOSSIBLE)]
    district = {"schools": names, "shared": [{"teacher": teacher}]}
    (folder / "district.yml").write_text(yaml.safe_dump(district, allow_unicode=True), encoding="utf-8")
    return folder / "district.yml"


def _district(tmp_path) -> Path:
    folder = tmp_path / "d1"
    folder.mkdir(exist_ok=True)
    for name in (TINY, IMPOSSIBLE):
        (folder / Path(name).name).write_text(Path(name).read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _commands(tmp_path) -> list[list[str]]:
    solved = tmp_path / "tiny.json"
    runner.invoke(app, ["solve", TINY, "--workers", "1", "--out", str(solved)])
    broken = json.loads(solved.read_text(encoding="utf-8"))
    broken["lessons"][0]["day"] = broken["lessons"][1]["day"]
    broken["lessons"][0]["period"] = broken["lessons"][1]["period"]
    (tmp_path / "broken.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    return [
        ["solve", TINY, "--workers", "1", "--out", str(tmp_path / "p1")],
        ["validate", TINY],
        ["validate", IMPOSSIBLE],
        ["validate", TINY, "--policy", "beijing-2025"],
        ["explain", IMPOSSIBLE],
        ["check", TINY, str(tmp_path / "broken.json")],
        ["compare", str(solved), str(tmp_path / "broken.json"), TINY],
        ["repair", TINY, str(tmp_path / "broken.json"), "--out", str(tmp_path / "r.json"), "--workers", "1"],
        ["template", TINY, "--out", str(tmp_path / "t.xlsx")],
        ["export-fet", TINY, "--out", str(tmp_path / "t.fet")],
        ["generate", "--classes-per-grade", "1", "--out", str(tmp_path / "g.yaml")],
        ["rules"],
        ["rules", "--policy", "beijing-2025"],
        ["solve", str(tmp_path / "missing.yaml")],
        *_term_commands(tmp_path),
    ]


def _left_over(text: str, tmp_path, lang: str) -> list[str]:
    text = text.replace(str(tmp_path), "").replace(str(INSTANCES), "")
    for name in _names():
        text = text.replace(name, "")
    if lang == "en":
        text = re.sub(r"source: .*", "", text)  # the documents' own titles, in `jianfu rules`
        for gloss in GLOSSES:
            text = text.replace(gloss, "")
        return re.findall(r"[\u4e00-\u9fff]+", text)
    text = re.sub(r"\b[a-z_]+\.[a-z_]+\b", "", text)  # rule ids in `jianfu rules`, the list that names them
    text = re.sub(r"\b[a-z_]+\[\d+\]", "", text)  # places in the file: classes[0]
    words = re.findall(r"[A-Za-z]{2,}", text)
    return [word for word in words if word.lower() not in KEPT_ZH]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_command_prints_in_the_chosen_language(lang, tmp_path):
    leaks = {}
    for command in _commands(tmp_path):
        output = runner.invoke(app, [*command, *(["--lang", "en"] if lang == "en" else [])]).output
        if found := _left_over(output, tmp_path, lang):
            leaks[command[0] + " " + " ".join(command[1:2])] = sorted(set(found))
    assert leaks == {}
