"""Everything a school publishes about a term's timetable, built once from the instance and a
checked solution; `write_publication` writes the solution JSON, the workbook, the CSV files and the
web site into one folder, atomically.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from models.instance import Instance
from models.solution import Solution
from models.validation import InputError, Problem
from scheduler.check import check_timetable
from scheduler.compliance import RuleResult, compliance
from scheduler.labels import Lang, label, labels
from scheduler.tables import (
    Grid,
    Table,
    assignment_table,
    bell_table,
    class_grids,
    homework_daily,
    homework_items,
    teacher_grids,
    teacher_loads,
    venue_grids,
    venue_usage,
)


class NotCompliant(Exception):
    """The timetable breaks hard rules: nothing is published."""

    def __init__(self, violations: list) -> None:
        super().__init__(f"{len(violations)} violations of hard rules")
        self.violations = violations


@dataclass
class Publication:
    """The tables of a checked timetable, labelled in one language."""

    lang: Lang
    instance: Instance
    school: str
    solution: Solution
    class_grids: list[Grid]
    teacher_grids: list[Grid]
    venue_grids: list[Grid]
    venue_usage: Table
    bell: Table
    assignment: Table
    loads: Table
    homework_items: Table
    homework_daily: Table
    compliance: list[RuleResult]

    @cached_property
    def compliance_table(self) -> Table:
        """The compliance report as a table: rule id, title, kind, verdict, violations or penalty, weight, figures."""
        lang = self.lang
        header = [*labels(lang, "rule", "title", "kind", "verdict"), "#", *labels(lang, "weight", "figures")]
        rows: list[list[object]] = []
        for result in self.compliance:
            if result.hard:
                verdict = label(lang, "pass" if result.passed else "fail")
                rows.append([result.rule, result.title, label(lang, "hard"), verdict, result.violations, "", result.figures])
            else:
                verdict = f"{label(lang, 'penalty')} {result.penalty}"
                rows.append([result.rule, result.title, label(lang, "soft"), verdict, result.penalty, result.weight, ""])
        return Table(header, rows)


def build_publication(inst: Instance, solution: Solution, lang: Lang = "zh") -> Publication:
    """The publication of a solution; NotCompliant if the independent checker finds hard-rule breaches."""
    if not solution.lessons:
        raise InputError([Problem("lessons", "the solution has no timetable to publish")])
    violations = check_timetable(inst, solution.lessons, solution.homework)
    if violations:
        raise NotCompliant(violations)
    lessons, homework = solution.lessons, solution.homework
    return Publication(
        lang=lang,
        instance=inst,
        school=inst.school.name,
        solution=solution,
        class_grids=class_grids(inst, lessons, lang),
        teacher_grids=teacher_grids(inst, lessons, lang),
        venue_grids=venue_grids(inst, lessons, lang),
        venue_usage=venue_usage(inst, lessons, lang),
        bell=bell_table(inst, lang),
        assignment=assignment_table(inst, lang),
        loads=teacher_loads(inst, lessons, lang),
        homework_items=homework_items(inst, homework, lang),
        homework_daily=homework_daily(inst, homework, lang),
        compliance=compliance(inst, lessons, homework, lang),
    )


EXPORT_ENTRIES = {"solution.json", "timetable.xlsx", "csv", "site"}


def _is_export_folder(path: Path) -> bool:
    """An empty folder, or one holding only what an earlier export wrote: safe to replace."""
    return path.is_dir() and {entry.name for entry in path.iterdir()} <= EXPORT_ENTRIES


def write_publication(inst: Instance, publication: Publication, out: Path) -> list[str]:
    """Write solution.json, timetable.xlsx, csv/ and site/ into `out`; returns the files written.

    Everything is written into a temporary folder beside `out`, which then replaces `out` in one
    rename, so a failed export never leaves a half-written folder.
    """
    from scheduler.export_csv import write_csv_files
    from scheduler.export_site import write_site
    from scheduler.export_xlsx import write_workbook

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
