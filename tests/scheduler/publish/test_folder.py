"""The publication folder and every written file: a user's file is never deleted, a killed export
never loses both the old and the new folder, and a place that cannot be written is bad input (exit 2)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from models.loading import load_instance
from models.validation import InputError
from scheduler.cli import Exit, app
from scheduler.publish.folder import MANIFEST, STALE_SECONDS, write_publication
from scheduler.publish.publication import build_publication
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import INSTANCES

runner = CliRunner()
TINY = INSTANCES / "tiny.yaml"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """tiny.yaml solved: (instance, publication, the solution file)."""
    inst = load_instance(TINY)
    solution = solve(inst, SolveOptions(time_limit=10, workers=1, seed=0))
    saved = tmp_path_factory.mktemp("solution") / "tiny.json"
    saved.write_text(solution.model_dump_json(by_alias=True), encoding="utf-8")
    return inst, build_publication(inst, solution, "zh"), saved


def _age(path) -> None:
    """As a killed run leaves it: older than a running export's folders can be."""
    old = time.time() - STALE_SECONDS - 5
    os.utime(path, (old, old))


def test_an_export_replaces_only_what_an_export_wrote(published, tmp_path):
    inst, publication, _ = published
    out = tmp_path / "pub"
    written = write_publication(inst, publication, out)
    assert (out / MANIFEST).is_file() and set(written) <= set((out / MANIFEST).read_text(encoding="utf-8").split())
    umask = os.umask(0o022)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask  # readable as a new folder is: a web server may serve it
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pub"]  # no staging folder left beside it
    write_publication(inst, publication, out)  # an earlier export: replaced
    (out / "csv" / "我的备注.txt").write_text("keep me", encoding="utf-8")
    refused = runner.invoke(app, ["export", str(published[2]), "--instance", str(TINY), "--out", str(out), "--lang", "en"])
    assert refused.exit_code == Exit.BAD_INPUT and "did not write" in refused.output
    assert (out / "csv" / "我的备注.txt").read_text(encoding="utf-8") == "keep me"
    own = tmp_path / "own"
    own.mkdir()
    (own / "solution.json").write_text("{}", encoding="utf-8")  # the user's, not an export's
    assert (
        runner.invoke(app, ["export", str(published[2]), "--instance", str(TINY), "--out", str(own)]).exit_code
        == Exit.BAD_INPUT
    )
    assert (own / "solution.json").read_text(encoding="utf-8") == "{}"


def test_the_next_export_puts_back_a_folder_a_killed_run_set_aside(published, tmp_path):
    inst, publication, _ = published
    out = tmp_path / "pub"
    write_publication(inst, publication, out)
    retired, staging = tmp_path / ".pub.old.ab12cd34", tmp_path / ".pub.zz98yy76"
    retired.mkdir()
    out.rename(retired / "pub")  # killed between the two renames
    staging.mkdir()
    (staging / "solution.json").write_text("half", encoding="utf-8")
    for path in (retired, staging):
        _age(path)
    (tmp_path / ".pub.young123").mkdir()  # a running export's: left alone
    write_publication(inst, publication, out)
    assert (out / "timetable.xlsx").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".pub.young123", "pub"]


def test_killing_an_export_at_any_moment_never_loses_both_folders(published, tmp_path):
    inst, publication, saved = published
    out = tmp_path / "pub"
    write_publication(inst, publication, out)
    command = [sys.executable, "-m", "scheduler", "export", str(saved), "--instance", str(TINY), "--out", str(out)]
    rng = random.Random(0)
    for _ in range(8):
        run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        run.kill()
        run.wait()
        set_aside = list(tmp_path.glob(".pub.old.*/pub"))
        assert (out / "timetable.xlsx").is_file() or set_aside, "both the old and the new export are gone"
        for hidden in tmp_path.glob(".pub.*"):
            _age(hidden)
        write_publication(inst, publication, out)  # the next export recovers and cleans up
        assert (out / "timetable.xlsx").is_file() and sorted(p.name for p in tmp_path.iterdir()) == ["pub"]


def test_places_that_cannot_be_written_are_bad_input_with_nothing_left_behind(published, tmp_path, monkeypatch):
    saved = published[2]
    folder_named_json = tmp_path / "x.json"
    folder_named_json.mkdir()
    result = runner.invoke(app, ["solve", str(TINY), "--time-limit", "5", "--out", str(folder_named_json), "--lang", "en"])
    assert result.exit_code == Exit.BAD_INPUT and "is a folder" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]
    monkeypatch.chdir(tmp_path)
    for here in (".", "", str(tmp_path)):
        result = runner.invoke(app, ["export", str(saved), "--instance", str(TINY), "--out", here, "--lang", "en"])
        assert result.exit_code == Exit.BAD_INPUT and "current folder" in result.output, here
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    for out in (a_file / "t.json", a_file / "pub"):
        result = runner.invoke(app, ["solve", str(TINY), "--time-limit", "5", "--out", str(out), "--lang", "en"])
        assert result.exit_code == Exit.BAD_INPUT and "cannot be written" in result.output, out
        assert "Traceback" not in result.output


def test_an_edited_workbook_office_junk_an_earlier_export_and_a_failed_swap(published, tmp_path, monkeypatch):
    inst, publication, _ = published
    out = tmp_path / "pub"
    write_publication(inst, publication, out)
    (out / "site" / ".DS_Store").write_bytes(b"finder")  # left by a file browser: no reason to refuse
    (out / "~$timetable.xlsx").write_bytes(b"lock")
    write_publication(inst, publication, out)
    with (out / "timetable.xlsx").open("ab") as workbook:
        workbook.write(b"the office's edits")
    with pytest.raises(InputError, match="timetable.xlsx changed since jianfu wrote it"):
        write_publication(inst, publication, out)
    (out / "timetable.xlsx").unlink()
    write_publication(inst, publication, out)
    (out / MANIFEST).unlink()  # as an export before manifests left it
    write_publication(inst, publication, out)
    real_rename = Path.rename

    def staging_cannot_move(self: Path, target: Path) -> Path:  # the second rename of the swap fails
        if self.name.startswith(".pub.") and not self.name.startswith(".pub.old."):
            raise PermissionError("the new folder cannot take its place")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", staging_cannot_move)
    with pytest.raises(InputError, match="cannot be written"):
        write_publication(inst, publication, out)
    monkeypatch.undo()
    assert (out / "timetable.xlsx").is_file() and sorted(p.name for p in tmp_path.iterdir()) == ["pub"]
