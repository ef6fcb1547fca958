"""jianfu: the stages of a timetable (model, check, search, publish, formats) and the command line."""

import sys
from pathlib import Path


def _unshadow_models() -> None:
    """Run as a console script (`jianfu`), Python puts the script's folder first on the path, and
    PySAT, a dependency, installs its example scripts there, models.py among them, which would hide
    the models package: that folder (scripts, no package of jianfu's) is taken off the path (at its
    end it would still come before an editable install's finder)."""
    if not sys.path or not sys.path[0] or not sys.argv or not sys.argv[0]:
        return
    folder = Path(sys.argv[0]).resolve().parent
    if Path(sys.path[0]).resolve() == folder and (folder / "models.py").is_file():
        del sys.path[0]


_unshadow_models()
