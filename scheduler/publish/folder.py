"""The publication folder: solution.json, timetable.xlsx, csv/ and site/, written atomically."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from models.instance import Instance
from models.validation import InputError, Problem
from scheduler.publish.csv_files import write_csv_files
from scheduler.publish.publication import Publication
from scheduler.publish.site import write_site
from scheduler.publish.workbook import write_workbook

EXPORT_ENTRIES = {"solution.json", "timetable.xlsx", "csv", "site"}


def _is_export_folder(path: Path) -> bool:
    """An empty folder, or one holding only what an earlier export wrote: safe to replace."""
    return path.is_dir() and {entry.name for entry in path.iterdir()} <= EXPORT_ENTRIES


def write_publication(inst: Instance, publication: Publication, out: Path) -> list[str]:
    """Write solution.json, timetable.xlsx, csv/ and site/ into `out`; returns the files written.

    Everything is written into a temporary folder beside `out`, which then replaces `out` in one
    rename, so a failed export never leaves a half-written folder.
    """
    out = Path(out)
    if out.exists() and not _is_export_folder(out):
        raise InputError([Problem(str(out), "exists and is not an empty folder or an earlier jianfu export; not replaced")])
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        text = publication.solution.model_dump_json(indent=2, by_alias=True) + "\n"
        (staging / "solution.json").write_text(text, encoding="utf-8")
        write_workbook(publication, staging / "timetable.xlsx")
        write_csv_files(publication, staging / "csv")
        write_site(inst, publication, staging / "site")
        written = sorted(str(path.relative_to(staging)) for path in staging.rglob("*") if path.is_file())
        if out.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            out.rename(retired / out.name)
            staging.rename(out)
            shutil.rmtree(retired)
        else:
            staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written
