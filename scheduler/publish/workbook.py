"""timetable.xlsx: a sheet per class and per teacher, venue usage, homework plan, compliance, bell
schedule, assignment and loads; every sheet set up to print on A4.

Class sheets keep the layout `jianfu check` reads (节次 header, one row per period), so an office can
edit the workbook and check it again; the other sheets are recognised by their names and skipped.
"""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models.calendar import Lang, day_labels
from scheduler.formats.sheets import SHEET_NAMES, TEACHER_SHEET_PREFIX, class_sheet_titles, sheet_title
from scheduler.publish.labels import label
from scheduler.publish.publication import Publication
from scheduler.publish.tables import Grid, Table

_THIN = Side(style="thin", color="888888")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="DDE7F0")
_BLOCK = PatternFill("solid", fgColor="F2F2F2")
_FAIL = PatternFill("solid", fgColor="F8D0D0")
_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
_TEXT, _BOLD = Font(name="宋体", size=11), Font(name="宋体", size=11, bold=True)  # SimSun: in every Chinese office suite
_LINE_HEIGHT = 15  # points per line of 11-point text


def _print_setup(sheet: Worksheet, header: str, landscape: bool = False) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0 if landscape else 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddHeader.center.text = header.replace("&", "&&")
    sheet.print_title_rows = "1:1"


def _put(sheet: Worksheet, row: int, column: int, value: object):
    """Write a value in a font with Chinese glyphs; text stays text even when it starts with '=' (no
    formula from user-given names)."""
    cell = sheet.cell(row, column, value)
    cell.font = _TEXT
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def _style_header(sheet: Worksheet, row: int, columns: int) -> None:
    for column in range(1, columns + 1):
        cell = sheet.cell(row, column)
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEAD, _BORDER, _WRAP


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell of this column width takes (a Chinese character is two widths wide)."""
    wide = lambda line: sum(2 if ord(char) > 0x2E80 else 1 for char in line)  # noqa: E731
    return sum(max(1, math.ceil(wide(line) / max(1.0, width - 1))) for line in text.split("\n"))


def write_grid(sheet: Worksheet, grid: Grid, lang: Lang) -> None:
    """A week grid: `节次` then the days across, a row per period (and per bell block in class grids)."""
    for column, heading in enumerate([label(lang, "period"), *day_labels(lang, grid.days)], start=1):
        _put(sheet, 1, column, heading)
    _style_header(sheet, 1, len(grid.days) + 1)
    width = 16 if grid.kind == "class" else 22
    for number, row in enumerate(grid.rows, start=2):
        for column, value in enumerate([f"{row.label} {row.time}", *row.cells], start=1):
            _put(sheet, number, column, value or None)
        lines = max([1, *(_lines(cell, width) for cell in row.cells if cell)])
        sheet.row_dimensions[number].height = 18 if row.block else max(34, _LINE_HEIGHT * lines + 4)
        for column in range(1, len(grid.days) + 2):
            cell = sheet.cell(number, column)
            cell.border, cell.alignment = _BORDER, _WRAP
            if row.block:
                cell.fill = _BLOCK
    sheet.column_dimensions["A"].width = 20
    for column in range(2, len(grid.days) + 2):
        sheet.column_dimensions[get_column_letter(column)].width = width


def write_table(sheet: Worksheet, table: Table, start_row: int = 1) -> int:
    """A plain table at `start_row`; returns the next free row."""
    for offset, values in enumerate([table.header, *table.rows]):
        for column, value in enumerate(values, start=1):
            cell = _put(sheet, start_row + offset, column, value)
            cell.border = _BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    _style_header(sheet, start_row, len(table.header))
    for column, heading in enumerate(table.header, start=1):
        widest = max([len(str(heading))] + [len(str(row[column - 1])) for row in table.rows if column <= len(row)])
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = max(sheet.column_dimensions[letter].width or 0, min(40, widest * 1.6 + 2))
    for offset, values in enumerate([table.header, *table.rows]):  # wrapped text never runs into the next row
        widths = [sheet.column_dimensions[get_column_letter(c)].width for c in range(1, len(values) + 1)]
        lines = max([1] + [_lines(str(v), w) for v, w in zip(values, widths, strict=True) if v not in (None, "")])
        sheet.row_dimensions[start_row + offset].height = _LINE_HEIGHT * lines + 3
    return start_row + len(table.rows) + 2


def write_workbook(publication: Publication, path: Path) -> None:
    """Write the whole workbook to `path` (the caller makes the write atomic)."""
    lang, school = publication.lang, publication.school
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    titles = class_sheet_titles(publication.instance, taken)
    for grid in publication.class_grids:
        sheet = workbook.create_sheet(titles[grid.owner])
        write_grid(sheet, grid, lang)
        _print_setup(sheet, f"{school} {grid.owner} {label(lang, 'timetable')}")
    for grid in publication.teacher_grids:
        sheet = workbook.create_sheet(sheet_title(TEACHER_SHEET_PREFIX[lang] + grid.owner, taken))
        write_grid(sheet, grid, lang)
        _print_setup(sheet, f"{school} {label(lang, 'teacher')} {grid.owner}")
    names = SHEET_NAMES[lang]
    for key, table, landscape in (
        ("master", publication.master, True),
        ("venues", publication.venue_usage, True),
        ("bell", publication.bell, False),
        ("assignment", publication.assignment, True),
        ("loads", publication.loads, False),
    ):
        sheet = workbook.create_sheet(names[key])
        write_table(sheet, table)
        _print_setup(sheet, f"{school} {label(lang, key)}", landscape)
    sheet = workbook.create_sheet(names["homework"])
    next_row = write_table(sheet, publication.homework_daily)
    write_table(sheet, publication.homework_items, next_row)
    _print_setup(sheet, f"{school} {label(lang, 'homework_plan')}", landscape=True)
    sheet = workbook.create_sheet(names["compliance"])
    write_table(sheet, publication.compliance_table)
    for row, result in enumerate(publication.compliance, start=2):
        if not result.passed:
            for column in range(1, len(publication.compliance_table.header) + 1):
                sheet.cell(row, column).fill = _FAIL
    _print_setup(sheet, f"{school} {label(lang, 'compliance')}", landscape=True)
    if publication.term is not None:
        for key, table in (("term_calendar", publication.term.calendar), ("term_hours", publication.term.hours)):
            sheet = workbook.create_sheet(label(lang, key))
            write_table(sheet, table)
            _print_setup(sheet, f"{school} {label(lang, key)}", landscape=key == "term_calendar")
    workbook.save(path)
