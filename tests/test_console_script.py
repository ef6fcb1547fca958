"""The `jianfu` command starts as a console script: a models.py beside it (PySAT installs one among
its example scripts) does not hide the models package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "jianfu"


def test_a_script_beside_a_models_py_imports_the_models_package(tmp_path):
    (tmp_path / "models.py").write_text("raise SystemExit('the wrong models')\n", encoding="utf-8")
    script = tmp_path / "console.py"
    script.write_text("import scheduler.cli, models\nprint(models.__file__)\n", encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == ROOT / "models" / "__init__.py"


@pytest.mark.skipif(not SCRIPT.is_file(), reason="jianfu is not installed beside this Python")
def test_the_installed_command_starts():
    result = subprocess.run([str(SCRIPT), "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "jianfu" in result.stdout
