"""The publication folder: solution.json, timetable.xlsx, csv/ and site/, written atomically.

An export lists what it wrote, with each file's SHA-256, in `MANIFEST` inside the folder. A later
export replaces the folder only when it is empty or holds nothing but those files, unchanged: a file
the user put there or edited is never deleted. The new folder is written beside the old one and swapped in by two renames; a
run killed between them leaves the old folder under a hidden name, which the next export puts back
before it starts, and removes the staging folders killed runs left."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from models.instance import Instance
from models.loading import probe_writable, unwritable
from models.validation import InputError, Problem
from scheduler.publish.csv_files import write_csv_files
from scheduler.publish.publication import Publication
from scheduler.publish.site import write_site
from scheduler.publish.workbook import write_workbook

MANIFEST = ".jianfu-export"  # what an export wrote: a SHA-256 and a relative path a line
STALE_SECONDS = 60
JUNK = re.compile(r"(\.DS_Store|Thumbs\.db|desktop\.ini|~\$.*|\.~lock\..*#)")  # what file browsers and office suites leave
EXPORT_CORE = {"solution.json", "timetable.xlsx", "site/index.html"}  # what every export holds
EARLIER_EXPORT = re.compile(r"(solution\.json|timetable\.xlsx|csv/[a-z_]+\.csv|site/[a-z0-9_-]+\.(html|css))")


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if not path.is_dir()}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _written(out: Path) -> dict[str, str] | None:
    """The files the manifest in `out` lists, with their digests; None without a manifest."""
    manifest = out / MANIFEST
    if not manifest.is_file():
        return None
    return {path: digest for digest, _, path in (line.partition("  ") for line in manifest.read_text("utf-8").splitlines())}


def _listed(names: list[str]) -> str:
    return "、".join(f"“{name}”" for name in names)


def refusal(out: Path) -> tuple[str, str] | None:
    """Why `out` may not be replaced by an export, in English and Chinese, or None: it may when it
    does not exist, is empty, or holds only what an export wrote there, unchanged (files that file
    browsers and office suites leave aside). A folder an export wrote before manifests existed is
    recognised by its file names."""
    out = Path(out)
    if not out.exists():
        return None
    if not out.is_dir():
        return "exists and is not a folder; not replaced", "已存在，且不是文件夹：未替换"
    files = {name for name in _files(out) - {MANIFEST} if not JUNK.fullmatch(Path(name).name)}
    written = _written(out)
    if written is None and not files >= EXPORT_CORE:  # not the whole of an earlier export
        strangers = sorted(files)
    elif written is None:
        strangers = sorted(name for name in files if not EARLIER_EXPORT.fullmatch(name))
    else:
        strangers = sorted(files - set(written))
        changed = sorted(name for name in files & set(written) if _digest(out / name) != written[name])
        if changed:
            english = f"{', '.join(changed[:3])} changed since jianfu wrote it; not replaced"
            return (
                f"{english} (move it away or name another folder)",
                f"{_listed(changed[:3])}在减负排课写入后被改动过：未替换（请把它移走，或另选一个文件夹）",
            )
    if strangers:
        return (
            f"holds files jianfu did not write ({', '.join(strangers[:3])}); not replaced",
            f"含有不是减负排课写入的文件（{_listed(strangers[:3])}）：未替换",
        )
    return None


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
        english = "is the current folder or holds it; name a new folder for the export"
        raise InputError([Problem(str(out), english, "是当前文件夹或包含当前文件夹：请为导出另取一个新文件夹名")])
    return resolved


def check_target(out: Path) -> None:
    """InputError when an export could not go to `out` (the current folder, a folder with the user's
    files, a place where no folder can be made): asked before a long solve, so that its result is not
    lost at the end."""
    target = _target(out)
    reason = refusal(target)
    if reason:
        raise InputError([Problem(str(out), *reason)])
    try:
        probe_writable(target.parent)
    except OSError as error:
        raise unwritable(out, error) from None


def write_publication(inst: Instance, publication: Publication, out: Path) -> list[str]:
    """Write solution.json, timetable.xlsx, csv/ and site/ into `out`; returns the files written.

    Everything is written into a temporary folder beside `out`, which then replaces `out` in one
    rename, so a failed export never leaves a half-written folder.
    """
    shown, out = out, _target(out)
    try:
        _recover(out)
        reason = refusal(out)
        if reason:
            raise InputError([Problem(str(shown), *reason)])
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        staging.chmod(_usual_folder_mode())  # mkdtemp's folder is the owner's alone; this one is published
    except OSError as error:
        raise unwritable(shown, error) from None
    try:
        _write_into(inst, publication, staging)
        written = sorted(_files(staging) - {MANIFEST})
        _swap_in(staging, out)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise unwritable(shown, error) from None
        raise
    return written


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """A folder beside `target` to write in the block, which then takes its place (the old one set
    aside first and removed last): never a half-written folder."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield staging / target.name
        _swap_in(staging / target.name, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _usual_folder_mode() -> int:
    """The permissions a new folder gets under the process's umask (mkdtemp's are 0o700)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _write_into(inst: Instance, publication: Publication, staging: Path) -> None:
    text = publication.solution.model_dump_json(indent=2, by_alias=True) + "\n"
    (staging / "solution.json").write_text(text, encoding="utf-8")
    write_workbook(publication, staging / "timetable.xlsx")
    write_csv_files(publication, staging / "csv")
    write_site(inst, publication, staging / "site")
    if publication.term is not None:
        (staging / "ics").mkdir()
        for name, content in publication.term.ics.items():
            (staging / "ics" / name).write_bytes(content)
    lines = [f"{_digest(staging / name)}  {name}" for name in sorted(_files(staging))]
    (staging / MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _swap_in(staging: Path, out: Path) -> None:
    """`staging` becomes `out`; the old `out` is set aside first and removed last."""
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
    out.rename(retired / out.name)
    try:
        staging.rename(out)
    except BaseException:  # the new folder could not take its place: the old one goes back
        (retired / out.name).rename(out)
        retired.rmdir()
        raise
    shutil.rmtree(retired)
