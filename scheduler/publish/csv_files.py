"""The publication's tables as CSV files (pandas), UTF-8 with a byte-order mark so Excel/WPS read the
Chinese correctly, and text cells that start like a formula neutralised. classes.csv has the grid
layout `jianfu check` reads."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from models.calendar import Lang, day_label, day_labels
from scheduler.formats.csv_cells import neutralised
from scheduler.publish.labels import label, labels
from scheduler.publish.publication import Publication
from scheduler.publish.tables import Grid, Table


def _grids_frame(grids: list[Grid], owner_label: str, lang: Lang) -> pd.DataFrame:
    days = day_labels(lang, grids[0].days) if grids else []
    rows = [[grid.owner, f"{row.label} {row.time}", *row.cells] for grid in grids for row in grid.rows]
    return pd.DataFrame(rows, columns=[owner_label, label(lang, "period"), *days])


def _table_frame(table: Table) -> pd.DataFrame:
    header = [name or f"column{number}" for number, name in enumerate(table.header, start=1)]
    return pd.DataFrame(table.rows, columns=header)


def write_csv_files(publication: Publication, folder: Path) -> None:
    """classes, teachers, master (总课表), venues, lessons, bell, assignment, loads, homework, homework_daily,
    compliance; with a 校历, calendar, term_hours and term_lessons (every lesson of the term by date)."""
    lang = publication.lang
    folder.mkdir(parents=True)
    lessons = pd.DataFrame(
        [
            [
                l.class_,
                l.subject,
                label(lang, "list_separator").join(l.teachers),
                l.venue or "",
                day_label(lang, l.day),
                l.period,
                label(lang, f"weeks_{l.weeks}"),
            ]
            for l in publication.solution.lessons
        ],
        columns=labels(lang, "class", "subject", "teacher", "venue", "days", "period", "weeks"),
    )
    frames = {
        "classes": _grids_frame(publication.class_grids, label(lang, "class"), lang),
        "teachers": _grids_frame(publication.teacher_grids, label(lang, "teacher"), lang),
        "master": _table_frame(publication.master),
        "venues": _table_frame(publication.venue_usage),
        "lessons": lessons,
        "bell": _table_frame(publication.bell),
        "assignment": _table_frame(publication.assignment),
        "loads": _table_frame(publication.loads),
        "homework": _table_frame(publication.homework_items),
        "homework_daily": _table_frame(publication.homework_daily),
        "compliance": _table_frame(publication.compliance_table),
    }
    if publication.term is not None:
        term = publication.term
        frames |= {
            "calendar": _table_frame(term.calendar),
            "term_hours": _table_frame(term.hours),
            "term_lessons": _table_frame(term.lessons),
        }
    for name, frame in frames.items():
        safe = frame.map(neutralised).rename(columns=neutralised)
        safe.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8-sig")
