"""The publication folder: solution.json, timetable.xlsx, csv/ and site/, written atomically.

An export lists what it wrote in `MANIFEST` inside the folder. A later export replaces the folder
only when it is empty or holds nothing but the files its manifest lists: a file the user put there
is never deleted. The new folder is written beside the old one and swapped in by two renames; a
run killed between them leaves the old folder under a hidden name, which the next export puts back
before it starts, and removes the staging folders killed runs left."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

from models.instance import Instance
from models.validation import InputError, Problem
from scheduler.publish.csv_files import write_csv_files
from scheduler.publish.publication import Publication
from scheduler.publish.site import write_site
from scheduler.publish.workbook import write_workbook

MANIFEST = ".jianfu-export"  # the files an export wrote, one relative path a line
STALE_SECONDS = 60


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if not path.is_dir()}


def _is_replaceable(out: Path) -> bool:
    """An empty folder, or one holding only the files an earlier export wrote."""
    if not out.is_dir():
        return False
    files, manifest = _files(out), out / MANIFEST
    if not files:
        return True
    if not manifest.is_file():
        return False
    return files <= set(manifest.read_text(encoding="utf-8").splitlines()) | {MANIFEST}


def _recover(out: Path) -> None:
    """Put back the folder a killed export had set aside, and remove killed exports' staging
    folders. Only hidden folders older than a minute: younger ones may belong to a running export."""
    hidden = re.compile(rf"\.{re.escape(out.name)}\.(old\.)?[a-z0-9_]{{8}}")
    entries = sorted(out.parent.iterdir()) if out.parent.is_dir() else []
    for entry in entries:
        if not (entry.is_dir() and hidden.fullmatch(entry.name)) or time.time() - entry.stat().st_mtime < STALE_SECONDS:
            continue
        kept = entry / out.name
        if ".old." in entry.name and kept.is_dir() and not out.exists():
            kept.rename(out)  # killed between its two renames: the old export comes back
        shutil.rmtree(entry, ignore_errors=True)


def _target(out: Path) -> Path:
    """The export folder as an absolute path; never the current folder or one holding it."""
    resolved = Path(out).resolve()
    if resolved == resolved.parent or Path.cwd().is_relative_to(resolved):
        raise InputError([Problem(str(out), "is the current folder or holds it; name a new folder for the export")])
    return resolved


def write_publication(inst: Instance, publication: Publication, out: Path) -> list[str]:
    """Write solution.json, timetable.xlsx, csv/ and site/ into `out`; returns the files written.

    Everything is written into a temporary folder beside `out`, which then replaces `out` in one
    rename, so a failed export never leaves a half-written folder.
    """
    shown, out = out, _target(out)
    try:
        _recover(out)
        if out.exists() and not _is_replaceable(out):
            problem = "exists and holds files an earlier jianfu export did not write; not replaced"
            raise InputError([Problem(str(shown), problem)])
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as error:
        raise InputError([Problem(str(shown), f"cannot be written: {error.strerror or error}")]) from None
    try:
        _write_into(inst, publication, staging)
        written = sorted(_files(staging) - {MANIFEST})
        _swap_in(staging, out)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise InputError([Problem(str(shown), f"cannot be written: {error.strerror or error}")]) from None
        raise
    return written


def _write_into(inst: Instance, publication: Publication, staging: Path) -> None:
    text = publication.solution.model_dump_json(indent=2, by_alias=True) + "\n"
    (staging / "solution.json").write_text(text, encoding="utf-8")
    write_workbook(publication, staging / "timetable.xlsx")
    write_csv_files(publication, staging / "csv")
    write_site(inst, publication, staging / "site")
    (staging / MANIFEST).write_text("\n".join(sorted(_files(staging))) + "\n", encoding="utf-8")


def _swap_in(staging: Path, out: Path) -> None:
    """`staging` becomes `out`; the old `out` is set aside first and removed last."""
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
    out.rename(retired / out.name)
    staging.rename(out)
    shutil.rmtree(retired)
