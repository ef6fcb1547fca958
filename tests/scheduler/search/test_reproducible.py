"""A single-worker solve with a seed is reproducible: the same solution file, byte for byte, as the one
stored in tests/data, written by `jianfu solve instances/tiny.yaml --workers 1 --time-limit 4 --out
tiny.json`. It is written again only when a rule's model changes on purpose (the split of the code
by stage left it as it was; moving "double lessons on different days" to curriculum.double_lessons
did not). A new OR-Tools release may search differently: the stored file names the version that
wrote it, and the test runs under that version only."""

from __future__ import annotations

import json

import ortools
import pytest

from models.loading import load_instance
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import DATA, INSTANCES

STORED = DATA / "tiny.expected.json"


def test_a_single_worker_solve_writes_the_stored_file_byte_for_byte():
    stored = STORED.read_text(encoding="utf-8")
    version = json.loads(stored)["summary"]["solver"]
    if version != f"ortools {ortools.__version__}":
        pytest.skip(f"the stored file was written by {version}, this is ortools {ortools.__version__}")
    inst = load_instance(INSTANCES / "tiny.yaml")
    solution = solve(inst, SolveOptions(time_limit=4, workers=1, seed=0), name="instances/tiny.yaml")
    assert solution.model_dump_json(indent=2, by_alias=True) + "\n" == stored
