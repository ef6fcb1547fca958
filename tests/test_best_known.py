"""bench/best_known.py: the stored best timetables pass the checker, and a rejected one is never recorded."""

from __future__ import annotations

import importlib.util
import json

import pytest

from models.solution import Solution
from tests.conftest import INSTANCES

spec = importlib.util.spec_from_file_location("best_known", INSTANCES.parent / "bench" / "best_known.py")
best_known = importlib.util.module_from_spec(spec)
spec.loader.exec_module(best_known)


def test_every_stored_best_timetable_passes_the_checker_with_its_objective():
    assert best_known.index(), "no best-known timetable is stored"
    assert best_known.verify() == []


@pytest.fixture
def scratch_store(tmp_path, monkeypatch):
    """A copy of the stored junior_18 entry in an empty store."""
    for name in ("junior_18.yaml", "junior_18.solution.json"):
        (tmp_path / name).write_bytes((best_known.STORE / name).read_bytes())
    entry = {"junior_18": best_known.index()["junior_18"]}
    monkeypatch.setattr(best_known, "STORE", tmp_path)
    monkeypatch.setattr(best_known, "INDEX", tmp_path / "index.json")
    (tmp_path / "index.json").write_text(json.dumps(entry), encoding="utf-8")
    return tmp_path


def test_a_timetable_is_recorded_only_when_valid_and_better(scratch_store):
    stored = best_known.parse_model(
        Solution, best_known.read_document(scratch_store / "junior_18.solution.json"), "solution"
    )
    assert not best_known.record("junior_18", stored, "the same again")  # not better
    clash = stored.model_copy(update={"lessons": [*stored.lessons, stored.lessons[0]]})
    with pytest.raises(ValueError, match="hard-rule violations"):
        best_known.record("junior_18", clash, "a clash")
    worse = best_known.index()["junior_18"]["objective"]
    best_known.INDEX.write_text(json.dumps({"junior_18": {"objective": worse + 1}}), encoding="utf-8")
    assert best_known.record("junior_18", stored, "better than the entry above")
    assert best_known.index()["junior_18"]["objective"] == worse
