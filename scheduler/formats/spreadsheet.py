"""Timetables as the office keeps them: an .xlsx with one sheet per class, or one CSV grid.

Layout (the same in both):
- a header row: `节次`, then one column per school day (星期一..星期五, any accepted spelling);
- one row per period: the first cell names it (`第3节`, `3`, or `第3节 10:30-11:10`);
- each cell: the subject, optionally the teacher on a second line or in brackets (`数学\\n张敏`,
  `数学（张敏）`); an odd/even-week pair as `音乐/美术` (teachers `赵丽/钱敏`); empty: no lesson; a
  venue the subject chooses after `@` (`体育@体育馆`).
In the .xlsx each sheet is named after its class; in the CSV a first column `班级` names the class
on every row. A cell without a teacher gets the assigned teacher.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from models.calendar import day_labels, format_clock, iso_weekday, period_label
from models.instance import Instance
from models.loading import atomic_target, os_reason_zh, write_atomically
from models.solution import Lesson
from models.validation import InputError, Problem, closest, unknown
from scheduler.formats.csv_cells import neutralised, restored
from scheduler.formats.sheets import class_sheet_titles, is_export_sheet

_PERIOD = re.compile(r"^\s*(?:第|period|p)?\s*(\d+)\s*(?:节)?(?:\s.*)?$", re.IGNORECASE)
_BRACKETS = re.compile(r"^(.+?)\s*[（(]\s*(.+?)\s*[）)]\s*$")
WEEKS = {1: ("all",), 2: ("odd", "even")}
MAX_WORKBOOK_BYTES = 20 * 2**20
MAX_UNPACKED_BYTES = 50 * 2**20  # far beyond any timetable workbook: a zip bomb
MAX_GRID_ROWS, MAX_GRID_COLUMNS = 200, 30  # a class grid: a header, periods and blocks; a label and the days


class _GridReader:
    """Turns grid cells into lessons, collecting one problem per unreadable cell."""

    def __init__(self, inst: Instance):
        self.inst = inst
        self.subjects = inst.subject_names
        self.day_by_number = {iso_weekday(day): day for day in inst.days}
        self.problems: list[Problem] = []
        self.lessons: list[Lesson] = []
        self.places: dict[tuple[str, str, int], str] = {}  # (class, day, period) -> the cell it was read from
        self.block_names = {block.name for section in inst.sections_in_force for block in section.bell.blocks}

    def is_block_row(self, first_cell: object) -> bool:
        """A row naming a bell block (早读, 大课间, Morning reading...), alone or before its times, as
        exported timetables have: no lessons in it."""
        text = str(first_cell or "").strip()
        return any(text == name or text.startswith(f"{name} ") for name in self.block_names)

    def header_days(self, where: str, cells: list[object]) -> list[str | None]:
        days: list[str | None] = []
        for column, value in enumerate(cells, start=2):
            text = str(value or "").strip()
            number = iso_weekday(text) if text else None
            if text and number is None:
                place = f"{where}{get_column_letter(column)}1"
                self.problems.append(Problem(place, f"'{text}' is not a day name", f"“{text}”不是星期名称"))
            days.append(self.day_by_number.get(number, text) if number else None)
        return days

    def period(self, where: str, class_name: str, value: object) -> int | None:
        """The period a row names, in the bell of the class's section."""
        count = len(self.inst.section_of(class_name).periods)
        match = _PERIOD.match(str(value or ""))
        if match is None or not 1 <= int(match.group(1)) <= count:
            named = f"“{value}”不是" if str(value or "").strip() else "没有写节次，应为"
            english = f"'{value}' does not name a period 1-{count}"
            self.problems.append(Problem(where, english, f"{named}第1至第{count}节之一"))
            return None
        return int(match.group(1))

    def cell(self, where: str, class_name: str, day: str, period: int, value: object) -> None:
        text = str(value if value is not None else "").strip()
        if not text:
            return
        subject_text, _, teacher_text = text.partition("\n")
        bracketed = _BRACKETS.match(subject_text)
        if bracketed and not teacher_text:
            subject_text, teacher_text = bracketed.groups()
        subjects = [s.strip() for s in subject_text.split("/")]
        teachers = [t.strip() for t in teacher_text.split("/")] if teacher_text.strip() else [None] * len(subjects)
        if len(subjects) not in WEEKS or len(teachers) != len(subjects):
            english = f"cannot read '{text}' (one subject, or odd/even as 音乐/美术)"
            self.problems.append(Problem(where, english, f"无法识别“{text}”（应为一个学科；单双周写作“音乐/美术”）"))
            return
        for named, teacher, weeks in zip(subjects, teachers, WEEKS[len(subjects)], strict=True):
            subject, _, venue = (part.strip() for part in named.partition("@"))
            if subject not in self.subjects:
                self.problems.append(unknown(where, "subject", subject, self.subjects))
            elif teacher is not None and teacher not in self.inst.teacher_by_name:
                self.problems.append(unknown(where, "teacher", teacher, self.inst.teacher_by_name))
            elif venue and venue not in self.inst.venue_by_name:
                self.problems.append(unknown(where, "venue", venue, self.inst.venue_by_name))
            else:
                teachers_here = [teacher] if teacher else []
                lesson = Lesson(**{"class": class_name}, subject=subject, teachers=teachers_here, day=day, period=period)
                self.lessons.append(lesson.model_copy(update={"weeks": weeks, "venue": venue or None}))
                self.places[class_name, day, period] = where

    def grid(self, where: str, class_name: str, rows: list[list[object]], row_offset: int = 1) -> None:
        """One class's grid: a header row, then one row per period."""
        if not rows:
            self.problems.append(Problem(where.rstrip("!"), "the grid is empty", "课表是空的"))
            return
        days = self.header_days(where, rows[0][1:])
        for row_number, row in enumerate(rows[1:], start=row_offset + 1):
            if not any(str(v or "").strip() for v in row) or self.is_block_row(row[0]):
                continue
            period = self.period(f"{where}A{row_number}", class_name, row[0] if row else None)
            if period is None:
                continue
            for column, value in enumerate(row[1 : len(days) + 1], start=2):
                day = days[column - 2]
                if day is not None:
                    self.cell(f"{where}{get_column_letter(column)}{row_number}", class_name, day, period, value)

    def finish(self, seen: set[str], source: str) -> list[Lesson]:
        for school_class in self.inst.classes:
            if school_class.name not in seen:
                english = f"no timetable for class {school_class.name}"
                self.problems.append(Problem(source, english, f"没有班级“{school_class.name}”的课表"))
        if self.problems:
            raise InputError(self.problems)
        return self.lessons


def _open_workbook(path: Path) -> Workbook:
    """The workbook, formulas as written; InputError for a file too large, a zip that unpacks to far
    more than any timetable (a zip bomb), or anything openpyxl cannot read."""
    try:
        if path.stat().st_size > MAX_WORKBOOK_BYTES:
            megabytes = MAX_WORKBOOK_BYTES // 2**20
            english = f"is larger than {megabytes} MB: not a timetable workbook"
            raise InputError([Problem(str(path), english, f"文件大于{megabytes}兆字节，不是课表工作簿")])
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            megabytes = MAX_UNPACKED_BYTES // 2**20
            english = f"unpacks to more than {megabytes} MB: not a timetable workbook"
            raise InputError([Problem(str(path), english, f"解压后大于{megabytes}兆字节，不是课表工作簿")])
        return load_workbook(path, data_only=False)
    except InputError:
        raise
    except Exception as error:  # openpyxl and zipfile raise many types for a file that is not a workbook
        reason = os_reason_zh(error) if isinstance(error, OSError) else "不是有效的.xlsx文件，或文件已损坏"
        raise InputError([Problem(str(path), f"cannot read the workbook: {error}", f"无法读取工作簿：{reason}")]) from None


def _sheet_rows(sheet, reader: _GridReader) -> list[list[object]]:
    """A class sheet's cells within a grid's size; formulas, merged cells and content beyond that size
    are problems named by cell (a formula's value is not what the office typed)."""
    where = f"{sheet.title}!"
    if sheet.max_row > MAX_GRID_ROWS or sheet.max_column > MAX_GRID_COLUMNS:
        corner = f"{get_column_letter(sheet.max_column)}{sheet.max_row}"
        limit = f"A1:{get_column_letter(MAX_GRID_COLUMNS)}{MAX_GRID_ROWS}"
        english = f"the sheet reaches {corner}; a class grid fits in {limit}"
        reader.problems.append(Problem(f"{where}{corner}", english, f"工作表延伸到{corner}；一个班的课表应在{limit}之内"))
    for merged in sheet.merged_cells.ranges:
        english = "merged cells: give each day and period its own cell"
        reader.problems.append(Problem(f"{where}{merged.coord}", english, "合并了单元格：每天每节各占一个单元格"))
    rows = []
    for row in sheet.iter_rows(max_row=min(sheet.max_row, MAX_GRID_ROWS), max_col=min(sheet.max_column, MAX_GRID_COLUMNS)):
        for cell in row:
            if cell.data_type == "f":
                english = "holds a formula: type the subject as text"
                reader.problems.append(Problem(f"{where}{cell.coordinate}", english, "含有公式：请直接输入学科名称"))
        rows.append([None if cell.data_type == "f" else cell.value for cell in row])
    return rows


def _read_xlsx(inst: Instance, path: Path) -> _GridReader:
    """Lessons from a workbook with one sheet per class."""
    workbook = _open_workbook(path)
    reader, seen = _GridReader(inst), set()
    titles = {title: name for name, title in class_sheet_titles(inst).items()}
    for sheet in workbook.worksheets:
        name = titles.get(sheet.title, sheet.title.strip())
        if name not in inst.class_by_name and is_export_sheet(sheet.title):
            continue
        if name not in inst.class_by_name:
            close = closest(sheet.title, inst.class_by_name)
            english = f"sheet '{sheet.title}' is not a class of the instance" + (
                f" (did you mean {close}?)" if close else ""
            )
            chinese = f"工作表“{sheet.title}”不是本校的班级" + (f"（是不是“{close}”？）" if close else "")
            reader.problems.append(Problem(f"{sheet.title}!", english, chinese))
            continue
        seen.add(name)
        reader.grid(f"{sheet.title}!", name, _sheet_rows(sheet, reader))
    reader.finish(seen, path.name)
    return reader


def _read_csv(inst: Instance, path: Path) -> _GridReader:
    """Lessons from one CSV grid whose first column names the class."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            lines = csv.reader(handle)
            try:
                rows = [[restored(cell) for cell in row] for row in lines]
            except csv.Error as error:  # a cell over the csv module's field size limit, a NUL byte
                english, chinese = f"cannot read this line: {error}", "无法读取这一行：单元格过长，或含有空字符"
                raise InputError([Problem(f"{path}:{lines.line_num}", english, chinese)]) from None
    except (OSError, UnicodeDecodeError) as error:
        reason = os_reason_zh(error) if isinstance(error, OSError) else "文字编码不是UTF-8，请另存为UTF-8编码的.csv"
        english = f"cannot read the CSV file: {error}"
        raise InputError([Problem(str(path), english, f"无法读取该.csv文件：{reason}")]) from None
    reader, seen = _GridReader(inst), set()
    if not rows:
        raise InputError([Problem(str(path), "the file is empty", "文件是空的")])
    header = rows[0][1:]
    by_class: dict[str, list[tuple[int, list[str]]]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        class_name = row[0].strip()
        if class_name not in inst.class_by_name:
            reader.problems.append(unknown(f"{path.name}:{number}", "class", class_name, inst.class_by_name))
            continue
        by_class.setdefault(class_name, []).append((number, row[1:]))
    for class_name, class_rows in by_class.items():
        seen.add(class_name)
        days = reader.header_days(f"{path.name}!", header[1:])
        for number, row in class_rows:
            if reader.is_block_row(row[0] if row else None):
                continue
            period = reader.period(f"{path.name}:{number}", class_name, row[0] if row else None)
            for offset, value in enumerate(row[1 : len(days) + 1]):
                if period is not None and days[offset] is not None:
                    reader.cell(f"{path.name}:{number} {days[offset]}", class_name, days[offset], period, value)
    reader.finish(seen, path.name)
    return reader


def read_proposed(inst: Instance, path: Path) -> list[Lesson]:
    """Lessons of a proposed timetable from an .xlsx or .csv file."""
    return read_proposed_cells(inst, path)[0]


def read_proposed_cells(inst: Instance, path: Path) -> tuple[list[Lesson], dict[tuple[str, str, int], str]]:
    """Lessons of a proposed timetable from an .xlsx or .csv file, and the cell each (class, day,
    period) was read from (`三年级1班!C4`), for reports that point at the cell."""
    path = Path(path)
    if not path.exists():
        raise InputError([Problem(str(path), "no such file", "文件不存在")])
    reader = _read_xlsx(inst, path) if path.suffix.lower() == ".xlsx" else _read_csv(inst, path)
    return reader.lessons, reader.places


def write_template(inst: Instance, path: Path) -> None:
    """A grid per class to fill in (.xlsx: a sheet per class with a drop-down list of the class's
    subjects; .csv: one grid), in its section's bell, with the fixed lessons (固排) already in place."""
    labels = {
        section.name: [
            f"{period_label('zh', number, p.name)} {format_clock(p.start)}-{format_clock(p.end)}"
            for number, p in enumerate(section.bell.periods, start=1)
        ]
        for section in inst.sections_in_force
    }
    fixed = {(name, day, period): subject for name, subject, day, period in inst.fixed_lessons()}
    rows_of = {
        c.name: [
            [label, *(fixed.get((c.name, day, number), "") for day in inst.days)]
            for number, label in enumerate(labels[inst.section_of(c.name).name], start=1)
        ]
        for c in inst.classes
    }
    path = Path(path)
    if path.suffix.lower() == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["班级", "节次", *day_labels("zh", inst.days)])
        writer.writerows([neutralised(cell) for cell in [c.name, *row]] for c in inst.classes for row in rows_of[c.name])
        write_atomically(path, buffer.getvalue())
        return
    workbook = Workbook()
    workbook.remove(workbook.active)
    titles = class_sheet_titles(inst)
    for school_class in inst.classes:
        sheet = workbook.create_sheet(titles[school_class.name])
        sheet.append(["节次", *day_labels("zh", inst.days)])
        for row in rows_of[school_class.name]:
            sheet.append(row)
        _subject_list(inst, school_class.name, sheet, len(rows_of[school_class.name]))
        sheet.column_dimensions["A"].width = 20
        for column in range(2, len(inst.days) + 2):
            sheet.column_dimensions[get_column_letter(column)].width = 14
    with atomic_target(path) as temporary:
        workbook.save(temporary)


def _subject_list(inst: Instance, class_name: str, sheet: Worksheet, periods: int) -> None:
    """A drop-down of the class's subjects (odd/even pairs as 音乐/美术) over its grid; other text
    (a teacher on a second line, 数学（张敏）) is still allowed, with a note."""
    pairs = [f"{pair.odd}/{pair.even}" for pair in inst.class_alternating(class_name)]
    choices = ",".join([*(name for name, count in inst.class_plan(class_name).items() if count), *pairs])
    if len(choices) > 250:  # Excel's limit for a list written in the rule itself
        return
    rule = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=True)
    rule.errorStyle, rule.error = "information", "不在本班科目表中（可加教师：数学（张敏））"
    sheet.add_data_validation(rule)
    rule.add(f"B2:{get_column_letter(len(inst.days) + 1)}{periods + 1}")
