"""The architecture as a check: the import contracts of pyproject.toml ([tool.importlinter]) hold.

models/ imports nothing from scheduler/; the checker never imports the CP-SAT model, the search or
OR-Tools; publishing and formats never import the model or the search; the stages are layered.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold():
    run = subprocess.run(
        [sys.executable, "-c", "import sys, importlinter.cli as c; sys.exit(c.lint_imports(no_cache=True, no_logo=True))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 kept, 0 broken" in run.stdout
