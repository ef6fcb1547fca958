"""The tables a school publishes, as plain data: the workbook, the CSV files and the web site all
render these, so the three always say the same thing.

Week grids (periods down, days across) for every class, teacher and venue; the bell schedule; the
teacher assignment table; teacher loads; venue usage; the homework plan with daily totals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from models.calendar import format_clock
from models.instance import Instance
from models.solution import HomeworkItem, Lesson
from scheduler.check_soft import lesson_teachers
from scheduler.labels import Lang, day_label, label, period_name

WEEKS_MARK = {"zh": {"odd": "单", "even": "双"}, "en": {"odd": "odd", "even": "even"}}


@dataclass
class GridRow:
    """A row of a week grid: a period, or (in class grids) a bell block such as 大课间."""

    label: str
    time: str
    cells: list[str]
    block: bool = False


@dataclass
class Grid:
    """One class's, teacher's or venue's week."""

    kind: str
    owner: str
    slug: str
    days: list[str]
    rows: list[GridRow] = field(default_factory=list)

    def lesson_cells(self) -> dict[tuple[str, int], str]:
        """(day as in the instance, period) -> cell text, for comparing with a solution."""
        found, number = {}, 0
        for row in self.rows:
            if row.block:
                continue
            number += 1
            for day, text in zip(self.days, row.cells, strict=True):
                if text:
                    found[day, number] = text
        return found


@dataclass
class Table:
    """A plain table: a header and rows of text or numbers."""

    header: list[str]
    rows: list[list[object]]


def _period_rows(inst: Instance, lang: Lang) -> list[tuple[int, str, str]]:
    return [
        (n, period_name(lang, n, p.name), f"{format_clock(p.start)}-{format_clock(p.end)}")
        for n, p in enumerate(inst.bell.periods, start=1)
    ]


def _grid(inst: Instance, lang: Lang, kind: str, owner: str, slug: str, cells: dict[tuple[str, int], list[str]]) -> Grid:
    grid = Grid(kind, owner, slug, list(inst.days))
    timed: list[tuple[int, GridRow]] = []
    for number, name, time in _period_rows(inst, lang):
        row = GridRow(name, time, ["\n".join(cells.get((day, number), [])) for day in inst.days])
        timed.append((inst.bell.periods[number - 1].start, row))
    if kind == "class":
        for block in inst.bell.blocks:
            texts = [block.name if block in inst.blocks_for(owner, day) else "" for day in inst.days]
            if any(texts):
                timed.append(
                    (block.start, GridRow(block.name, f"{format_clock(block.start)}-{format_clock(block.end)}", texts, True))
                )
    grid.rows = [row for _, row in sorted(timed, key=lambda item: (item[0], item[1].block is False))]
    return grid


def class_cell(lessons: list[Lesson], inst: Instance) -> str:
    """A class's cell: the subject, the teacher on a second line; an odd/even pair as 音乐/美术."""
    ordered = sorted(lessons, key=lambda lesson: ("all", "odd", "even").index(lesson.weeks))
    subjects = "/".join(lesson.subject for lesson in ordered)
    teachers = "/".join("、".join(lesson_teachers(inst, lesson)) for lesson in ordered)
    return f"{subjects}\n{teachers}" if teachers.strip("/") else subjects


def class_grids(inst: Instance, lessons: list[Lesson], lang: Lang) -> list[Grid]:
    """Every class's week, in instance order."""
    by_slot: dict[tuple[str, str, int], list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        by_slot[lesson.class_, lesson.day, lesson.period].append(lesson)
    grids = []
    for index, school_class in enumerate(inst.classes, start=1):
        cells = {
            (day, period): [class_cell(found, inst)]
            for (name, day, period), found in by_slot.items()
            if name == school_class.name
        }
        grids.append(_grid(inst, lang, "class", school_class.name, f"class-{index:03d}", cells))
    return grids


def _entry(lessons: list[Lesson], lang: Lang, with_subject: bool = True) -> str:
    """'三年级1班 数学'; a merged lesson '三年级1班、三年级2班 体育'; weeks marked (单)/(双)."""
    classes = "、".join(sorted({lesson.class_ for lesson in lessons}))
    first = lessons[0]
    text = f"{classes} {first.subject}" if with_subject else classes
    return text + (f" ({WEEKS_MARK[lang][first.weeks]})" if first.weeks != "all" else "")


def teacher_grids(inst: Instance, lessons: list[Lesson], lang: Lang) -> list[Grid]:
    """Every teacher's week, in instance order."""
    taught: dict[tuple[str, str, int], dict[tuple[str, str], list[Lesson]]] = defaultdict(lambda: defaultdict(list))
    for lesson in lessons:
        for teacher in lesson_teachers(inst, lesson):
            taught[teacher, lesson.day, lesson.period][lesson.subject, lesson.weeks].append(lesson)
    grids = []
    for index, teacher in enumerate(inst.teachers, start=1):
        cells = {
            (day, period): [_entry(group, lang) for group in groups.values()]
            for (name, day, period), groups in taught.items()
            if name == teacher.name
        }
        grids.append(_grid(inst, lang, "teacher", teacher.name, f"teacher-{index:03d}", cells))
    return grids


def venue_grids(inst: Instance, lessons: list[Lesson], lang: Lang) -> list[Grid]:
    """Every shared venue's week: the classes in it at each period."""
    used: dict[tuple[str, str, int], list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        venue = lesson.venue or inst.subject_venue(lesson.subject)
        if venue:
            used[venue, lesson.day, lesson.period].append(lesson)
    grids = []
    for index, venue in enumerate(inst.venues, start=1):
        cells = {
            (day, period): [_entry([lesson], lang) for lesson in found]
            for (name, day, period), found in used.items()
            if name == venue.name
        }
        grids.append(_grid(inst, lang, "venue", venue.name, f"venue-{index:03d}", cells))
    return grids


def venue_usage(inst: Instance, lessons: list[Lesson], lang: Lang) -> Table:
    """One row per day and period, one column per venue: classes in it and the count against capacity."""
    header = [label(lang, "days"), label(lang, "period")] + [f"{v.name} ({v.capacity})" for v in inst.venues]
    grids = venue_grids(inst, lessons, lang)
    rows = []
    for day in inst.days:
        for number, name, _ in _period_rows(inst, lang):
            cells = [grid.lesson_cells().get((day, number), "") for grid in grids]
            if any(cells):
                counted = [
                    f"{text.count(chr(10)) + 1}/{v.capacity}: {text.replace(chr(10), '; ')}" if text else ""
                    for text, v in zip(cells, inst.venues, strict=True)
                ]
                rows.append([day_label(lang, day), name, *counted])
    return Table(header, rows)


def bell_table(inst: Instance, lang: Lang) -> Table:
    """The bell schedule (作息时间表): periods and blocks in time order, with their days and grades."""
    rows: list[tuple[int, list[object]]] = []
    for number, name, _ in _period_rows(inst, lang):
        period = inst.bell.periods[number - 1]
        rows.append(
            (
                period.start,
                [
                    name,
                    label(lang, "period"),
                    format_clock(period.start),
                    format_clock(period.end),
                    label(lang, "every_day"),
                    "",
                ],
            )
        )
    for block in inst.bell.blocks:
        days = "、".join(day_label(lang, d) for d in block.days) if block.days else label(lang, "every_day")
        grades = "、".join(str(g) for g in block.grades) if block.grades else ""
        rows.append(
            (block.start, [block.name, block.kind, format_clock(block.start), format_clock(block.end), days, grades])
        )
    header = [
        label(lang, "block"),
        label(lang, "kind"),
        label(lang, "start"),
        label(lang, "end"),
        label(lang, "days"),
        "grades" if lang == "en" else "年级",
    ]
    return Table(header, [row for _, row in sorted(rows, key=lambda item: item[0])])


def assignment_table(inst: Instance, lang: Lang) -> Table:
    """The teacher assignment table (任课安排表): a row per class, a column per subject, 'teacher (lessons)'."""
    subjects = list(dict.fromkeys(s for c in inst.classes for s in inst.class_plan(c.name)))
    rows = []
    for school_class in inst.classes:
        plan = inst.class_plan(school_class.name)
        row: list[object] = [school_class.name]
        for subject in subjects:
            teacher = inst.teacher_of.get((school_class.name, subject), "")
            row.append(f"{teacher} ({plan[subject]})" if subject in plan else "")
        rows.append(row)
    return Table([label(lang, "class"), *subjects], rows)


def teacher_loads(inst: Instance, lessons: list[Lesson], lang: Lang) -> Table:
    """Lessons a day per teacher (a merged lesson counts once; weekly lessons and odd-week ones)."""
    slots: dict[tuple[str, str], set[tuple[int, str]]] = defaultdict(set)
    for lesson in lessons:
        if lesson.weeks != "even":
            for teacher in lesson_teachers(inst, lesson):
                slots[teacher, lesson.day].add((lesson.period, lesson.weeks))
    rows = []
    for teacher in inst.teachers:
        counts = [len(slots[teacher.name, day]) for day in inst.days]
        rows.append([teacher.name, *counts, sum(counts), teacher.max_per_day or ""])
    days = [day_label(lang, day) for day in inst.days]
    return Table([label(lang, "teacher"), *days, label(lang, "week_total"), "max/day" if lang == "en" else "每日上限"], rows)


def homework_items(inst: Instance, homework: list[HomeworkItem], lang: Lang) -> Table:
    """Every homework item: class, day, subject, minutes, written or not, where it is done."""
    header = [
        label(lang, "class"),
        label(lang, "days"),
        label(lang, "subject"),
        label(lang, "minutes"),
        "written" if lang == "en" else "书面",
        "done at" if lang == "en" else "完成地点",
        label(lang, "school_minutes"),
    ]
    order = {c.name: i for i, c in enumerate(inst.classes)}
    days = {d: i for i, d in enumerate(inst.days)}
    rows = [
        [item.class_, day_label(lang, item.day), item.subject, item.minutes, item.written, item.done_at, item.school_minutes]
        for item in sorted(homework, key=lambda item: (order.get(item.class_, 0), days.get(item.day, 0), item.subject))
    ]
    return Table(header, rows)


def homework_daily(inst: Instance, homework: list[HomeworkItem], lang: Lang) -> Table:
    """Written minutes per class and day against the cap (the last day against the weekend cap)."""
    header = [
        label(lang, "class"),
        label(lang, "days"),
        label(lang, "written_total"),
        label(lang, "cap"),
        label(lang, "school_minutes"),
    ]
    rows = []
    for school_class in inst.classes:
        name = school_class.name
        for day in inst.days:
            mine = [item for item in homework if item.class_ == name and item.day == day]
            written = sum(item.minutes for item in mine if item.written)
            cap = inst.weekend_homework_cap(name) if day == inst.days[-1] else inst.homework_cap(name)
            rows.append([name, day_label(lang, day), written, cap, sum(item.school_minutes for item in mine)])
    return Table(header, rows)


def class_homework(inst: Instance, class_name: str, homework: list[HomeworkItem], lang: Lang) -> Table:
    """A class's 作业公示: subjects down, days across (minutes), then the written total against the cap."""
    mine = [item for item in homework if item.class_ == class_name]
    rows: list[list[object]] = []
    for subject in inst.class_homework(class_name):
        cells = {item.day: item for item in mine if item.subject == subject}
        rows.append(
            [subject]
            + [
                ""
                if (item := cells.get(day)) is None
                else f"{item.minutes}" + ("" if item.written else f" ({label(lang, 'not_written')})")
                for day in inst.days
            ]
        )
    totals: list[object] = [label(lang, "written_total")]
    for day in inst.days:
        written = sum(item.minutes for item in mine if item.day == day and item.written)
        cap = inst.weekend_homework_cap(class_name) if day == inst.days[-1] else inst.homework_cap(class_name)
        totals.append(f"{written}/{cap}")
    return Table([label(lang, "subject"), *[day_label(lang, day) for day in inst.days]], [*rows, totals])


def homework_matrix(inst: Instance, homework: list[HomeworkItem], lang: Lang) -> Table:
    """Written minutes per class (rows) and day (columns) as 'minutes/cap': the homework-control plan at a glance."""
    written: dict[tuple[str, str], int] = defaultdict(int)
    for item in homework:
        if item.written:
            written[item.class_, item.day] += item.minutes
    rows = []
    for school_class in inst.classes:
        name = school_class.name
        caps = [inst.weekend_homework_cap(name) if day == inst.days[-1] else inst.homework_cap(name) for day in inst.days]
        rows.append([name, *[f"{written[name, day]}/{cap}" for day, cap in zip(inst.days, caps, strict=True)]])
    return Table([label(lang, "class"), *[day_label(lang, day) for day in inst.days]], rows)
