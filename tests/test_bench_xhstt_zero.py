"""bench/xhstt_zero.py: the SAT solver's seconds to a timing of cost 0, or to a proof of none."""

from __future__ import annotations

import importlib.util
import sys

from tests.conftest import INSTANCES
from tests.scheduler.model.test_xhstt_zero import _instance

spec = importlib.util.spec_from_file_location("bench_xhstt_zero", INSTANCES.parent / "bench" / "xhstt_zero.py")
bench = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = bench
spec.loader.exec_module(bench)


def _run(monkeypatch, capsys, tmp_path, **bounds) -> str:
    _instance(tmp_path, **bounds)  # writes tmp_path / "archive.xml"
    argv = ["xhstt_zero.py", "--seconds", "30", "--seeds", "2", "--folder", str(tmp_path), "--files", "archive.xml"]
    monkeypatch.setattr(sys, "argv", argv)
    bench.main()
    return capsys.readouterr().out


def test_each_seed_says_what_the_solver_answered_and_the_file_its_median(monkeypatch, capsys, tmp_path):
    out = _run(monkeypatch, capsys, tmp_path, idle_most=0, busy_most=2)
    assert out.count("a timing the evaluator scores 0/0 in") == 2
    assert "archive.xml seed 0:" in out and "archive.xml seed 1:" in out
    assert "archive.xml: 2 of 2 runs answered within 30 s; median" in out


def test_a_proof_that_none_costs_0_is_an_answer(monkeypatch, capsys, tmp_path):
    out = _run(monkeypatch, capsys, tmp_path, busy_most=1)
    assert out.count("none costs 0 in") == 2 and "2 of 2 runs answered" in out


def test_by_default_every_class_based_file_in_the_folder(monkeypatch, capsys, tmp_path):
    _instance(tmp_path, idle_most=0, busy_most=2)
    (tmp_path / "FI-WP-06.xml").write_bytes((tmp_path / "archive.xml").read_bytes())
    argv = ["xhstt_zero.py", "--seconds", "30", "--seeds", "1", "--folder", str(tmp_path)]
    monkeypatch.setattr(sys, "argv", argv)
    bench.main()
    out = capsys.readouterr().out
    assert "FI-WP-06.xml seed 0: a timing the evaluator scores 0/0" in out and "archive.xml" not in out
