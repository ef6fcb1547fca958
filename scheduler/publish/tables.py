"""The tables a school publishes, as plain data: the workbook, the CSV files and the web site all
render these, so the three always say the same thing.

Week grids (periods down, days across) for every class, teacher and venue; the bell schedule; the
teacher assignment table; teacher loads; venue usage; the homework plan with daily totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from models.calendar import Lang, day_label, day_labels, format_clock, period_label
from models.instance import Instance, Teacher
from models.section import Section
from models.solution import PARITIES, HomeworkItem, Lesson
from scheduler.check.timetable import (
    in_parity,
    lesson_teachers,
    lesson_venue,
    running_at,
    teacher_day_lessons,
    written_by_class_day,
)
from scheduler.publish.labels import label, labels

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


@dataclass
class Table:
    """A plain table: a header and rows of text or numbers."""

    header: list[str]
    rows: list[list[object]]


Cells = dict[tuple[str, str, int], list[str]]  # (section, day, period) -> cell texts


def _period_rows(inst: Instance, lang: Lang, sections: list[Section]) -> list[tuple[Section, int, str, str]]:
    """(section, period, name, time) of these sections' periods; names carry the section's when several."""
    prefix = len(sections) > 1
    return [
        (
            section,
            n,
            f"{section.name} " * prefix + period_label(lang, n, p.name),
            f"{format_clock(p.start)}-{format_clock(p.end)}",
        )
        for section in sections
        for n, p in enumerate(section.bell.periods, start=1)
    ]


def _grid(inst: Instance, lang: Lang, kind: str, owner: str, slug: str, cells: Cells, sections: list[Section]) -> Grid:
    grid = Grid(kind, owner, slug, list(inst.days))
    timed: list[tuple[int, bool, int, GridRow]] = []
    for order, (section, number, name, time) in enumerate(_period_rows(inst, lang, sections)):
        row = GridRow(name, time, ["\n".join(cells.get((section.name, day, number), [])) for day in inst.days])
        timed.append((section.interval(number)[0], True, order, row))
    if kind == "class":
        for block in sections[0].bell.blocks:
            texts = [block.name if block in inst.blocks_for(owner, day) else "" for day in inst.days]
            if any(texts):
                time = f"{format_clock(block.start)}-{format_clock(block.end)}"
                timed.append((block.start, False, 0, GridRow(block.name, time, texts, True)))
    grid.rows = [row for *_, row in sorted(timed, key=lambda item: item[:3])]
    return grid


def _key(inst: Instance, lesson: Lesson) -> tuple[str, str, int]:
    """A lesson's (section, day, period)."""
    return inst.section_of(lesson.class_).name, lesson.day, lesson.period


def _sections_for(inst: Instance, classes: Iterable[str]) -> list[Section]:
    """The sections of these classes, in the school's order; the first section when there are none."""
    used = {inst.section_of(name).name for name in classes}
    return [s for s in inst.sections_in_force if s.name in used] or inst.sections_in_force[:1]


def class_cell(lessons: list[Lesson], inst: Instance) -> str:
    """A class's cell: the subject (and, where the subject chooses, `@venue`), the teacher on a second
    line; an odd/even pair as 音乐/美术."""
    ordered = sorted(lessons, key=lambda lesson: ("all", "odd", "even").index(lesson.weeks))
    subjects = "/".join(
        lesson.subject + (f"@{lesson.venue}" if lesson.venue and inst.venue_need(lesson.subject).flexible else "")
        for lesson in ordered
    )
    teachers = "/".join("、".join(lesson_teachers(inst, lesson)) for lesson in ordered)
    return f"{subjects}\n{teachers}" if teachers.strip("/") else subjects


def _grids(inst: Instance, lang: Lang, kind: str, owners: dict[str, list[Section]], cells: dict[str, Cells]) -> list[Grid]:
    """A grid per owner (with the sections it shows), in the given order; `cells` maps owner ->
    (section, day, period) -> cell texts."""
    return [
        _grid(inst, lang, kind, owner, f"{kind}-{n:03d}", cells.get(owner, {}), sections)
        for n, (owner, sections) in enumerate(owners.items(), start=1)
    ]


def class_grids(inst: Instance, lessons: list[Lesson], lang: Lang) -> list[Grid]:
    """Every class's week, in instance order, in its section's bell."""
    by_slot: dict[str, dict[tuple[str, str, int], list[Lesson]]] = defaultdict(lambda: defaultdict(list))
    for lesson in lessons:
        by_slot[lesson.class_][_key(inst, lesson)].append(lesson)
    cells = {owner: {slot: [class_cell(found, inst)] for slot, found in slots.items()} for owner, slots in by_slot.items()}
    return _grids(inst, lang, "class", {c.name: [inst.section_of(c.name)] for c in inst.classes}, cells)


def master_table(inst: Instance, lessons: list[Lesson], lang: Lang) -> Table:
    """The whole school's week on one sheet (总课表): a row per class, a column per day and period
    number, the subject in each cell (an odd/even pair as 音乐/美术)."""
    most = max(len(section.periods) for section in inst.sections_in_force)
    header = [label(lang, "class"), *(f"{day} {n}" for day in day_labels(lang, inst.days) for n in range(1, most + 1))]
    by_slot: dict[tuple[str, str, int], list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        by_slot[lesson.class_, lesson.day, lesson.period].append(lesson)
    order = ("all", "odd", "even")
    rows = [
        [
            school_class.name,
            *(
                "/".join(l.subject for l in sorted(by_slot[school_class.name, day, n], key=lambda l: order.index(l.weeks)))
                for day in inst.days
                for n in range(1, most + 1)
            ),
        ]
        for school_class in inst.classes
    ]
    return Table(header, rows)


def _entry(lessons: list[Lesson], lang: Lang) -> str:
    """'三年级1班 数学'; a merged lesson '三年级1班、三年级2班 体育（合班）'; weeks marked (单)/(双)."""
    first, classes = lessons[0], sorted({lesson.class_ for lesson in lessons})
    text = f"{label(lang, 'list_separator').join(classes)} {first.subject}"
    if len(classes) > 1:
        text += f"（{label(lang, 'merged')}）" if lang == "zh" else f" ({label(lang, 'merged')})"
    return text + (f" ({WEEKS_MARK[lang][first.weeks]})" if first.weeks != "all" else "")


def teacher_grids(inst: Instance, lessons: list[Lesson], lang: Lang) -> list[Grid]:
    """Every teacher's week, in instance order, in the bells of the sections they teach in; a merged
    lesson is one entry."""
    taught: dict[str, dict[tuple[str, str, int], dict[tuple[str, str], list[Lesson]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for lesson in lessons:
        for teacher in lesson_teachers(inst, lesson):
            taught[teacher][_key(inst, lesson)][lesson.subject, lesson.weeks].append(lesson)
    cells: dict[str, Cells] = {
        owner: {slot: [_entry(group, lang) for group in groups.values()] for slot, groups in slots.items()}
        for owner, slots in taught.items()
    }
    classes_of = {t.name: [c for c in inst.classes if (c.name, t.name) in _assigned(inst)] for t in inst.teachers}
    owners = {t.name: _sections_for(inst, [c.name for c in classes_of[t.name]]) for t in inst.teachers}
    for teacher in inst.teachers:
        _mark_blocked(inst, teacher, owners[teacher.name], cells.setdefault(teacher.name, {}), lang)
    grids = _grids(inst, lang, "teacher", owners, cells)
    odd, even = (teacher_day_lessons(inst, in_parity(lessons, parity)) for parity in PARITIES)
    for grid in grids:
        counts = [(odd.get((grid.owner, day), 0), even.get((grid.owner, day), 0)) for day in inst.days]
        cells = [str(o) if o == e else f"{o}/{e}" for o, e in counts]
        grid.rows.append(GridRow(label(lang, "week_total"), _week_total(counts, lang), cells, True))
    return grids


def _week_total(counts: list[tuple[int, int]], lang: Lang) -> str:
    """'9 节'; with 单双周 lessons that differ, '单周 8 节，双周 10 节' (a day's cell then reads 1/2)."""
    odd, even, unit = sum(o for o, _ in counts), sum(e for _, e in counts), label(lang, "lessons_unit")
    if odd == even:
        return f"{odd} {unit}"
    return f"单周 {odd} 节，双周 {even} 节" if lang == "zh" else f"{odd} {unit} (odd weeks), {even} (even weeks)"


def _mark_blocked(inst: Instance, teacher: Teacher, sections: list[Section], cells: Cells, lang: Lang) -> None:
    """A teacher's blocked periods (教研, meetings), marked with their note where no lesson is."""
    for section in sections:
        for day, period in inst.teacher_blocked(teacher.name, section):
            if cells.get((section.name, day, period)):
                continue
            notes = [ref.note for ref in teacher.blocked if ref.note and section.slot_in(ref, day, period)]
            cells[section.name, day, period] = [f"〔{notes[0] if notes else label(lang, 'blocked')}〕"]


def _assigned(inst: Instance) -> set[tuple[str, str]]:
    """(class, teacher) pairs of the teaching assignment."""
    return {(class_name, teacher) for (class_name, _), teacher in inst.teacher_of.items()}


def _venue_lessons(inst: Instance, lessons: list[Lesson]) -> dict[str, dict[tuple[str, str, int], list[Lesson]]]:
    used: dict[str, dict[tuple[str, str, int], list[Lesson]]] = defaultdict(lambda: defaultdict(list))
    for lesson in lessons:
        venue = lesson_venue(inst, lesson)
        if venue:
            used[venue][_key(inst, lesson)].append(lesson)
    return used


def _venue_sections(inst: Instance, lessons: list[Lesson]) -> dict[str, list[Section]]:
    """Each venue with the sections whose classes have a subject that may use it, or a lesson in it."""
    users: dict[str, set[str]] = defaultdict(set)
    for school_class in inst.classes:
        name = school_class.name
        pairs = {subject for pair in inst.class_alternating(name) for subject in (pair.odd, pair.even)}
        for subject in set(inst.class_plan(name)) | pairs:
            need = inst.venue_need(subject)
            for venue in need.venues + need.double_venues:
                users[venue].add(name)
    for lesson in lessons:
        if (venue := lesson_venue(inst, lesson)) is not None:
            users[venue].add(lesson.class_)
    return {v.name: _sections_for(inst, users[v.name]) for v in inst.venues}


def venue_grids(inst: Instance, lessons: list[Lesson], lang: Lang) -> list[Grid]:
    """Every shared venue's week: the classes in it at each period of the sections that use it."""
    cells = {
        venue: {slot: [_entry(group, lang) for group in _merged_groups(inst, found)] for slot, found in slots.items()}
        for venue, slots in _venue_lessons(inst, lessons).items()
    }
    return _grids(inst, lang, "venue", _venue_sections(inst, lessons), cells)


def _merged_groups(inst: Instance, lessons: list[Lesson]) -> list[list[Lesson]]:
    """The lessons in a venue at one time, a merged lesson's classes (合班) as one group."""
    merged_with = {(name, entry.subject): entry.classes for entry in inst.merged for name in entry.classes}
    groups: dict[tuple, list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        together = merged_with.get((lesson.class_, lesson.subject))
        key = (tuple(together), lesson.subject, lesson.weeks) if together else (lesson.class_, lesson.subject, lesson.weeks)
        groups[key].append(lesson)
    return list(groups.values())


def venue_usage(inst: Instance, lessons: list[Lesson], lang: Lang) -> Table:
    """One row per day and period in use (per moment a period starts, in a school of several sections'
    bells), one column per venue: the classes in it then against its capacity then."""
    header = labels(lang, "days", "period") + [f"{v.name} ({v.capacity})" for v in inst.venues]
    if len(inst.sections_in_force) == 1:
        used = _venue_lessons(inst, lessons)
        section = inst.sections_in_force[0]
        times = [
            (
                (day, section.interval(number)[0]),
                name,
                {v.name: used[v.name].get((section.name, day, number), []) for v in inst.venues},
            )
            for day in inst.days
            for _, number, name, _ in _period_rows(inst, lang, [section])
        ]
    else:
        times = [(moment, _moment_name(inst, lang, moment), here) for moment, here in _venues_running(inst, lessons).items()]
    rows = []
    for (day, minute), name, here in times:
        if any(here.values()):
            counted = [
                f"{len(found)}/{inst.venue_capacity(v.name, day, minute)}: {'; '.join(_entry([l], lang) for l in found)}"
                if (found := here[v.name])
                else ""
                for v in inst.venues
            ]
            rows.append([day_label(lang, day), name, *counted])
    return Table(header, rows)


def _venues_running(inst: Instance, lessons: list[Lesson]) -> dict[tuple[str, int], dict[str, list[Lesson]]]:
    """Per moment, the lessons in each venue running then."""
    running = running_at(inst, [l for l in lessons if lesson_venue(inst, l)])
    return {
        moment: {v.name: [l for l in here if lesson_venue(inst, l) == v.name] for v in inst.venues}
        for moment, here in running.items()
    }


def _moment_name(inst: Instance, lang: Lang, moment: tuple[str, int]) -> str:
    """'08:30 (小学部 第1节, 初中部 第1节)': the clock time and the periods running then."""
    running = [
        f"{section.name} {period_label(lang, period, section.bell.periods[period - 1].name)}"
        for section in inst.sections_in_force
        if (period := section.covering(moment[1])) is not None
    ]
    return f"{format_clock(moment[1])} ({', '.join(running)})"


def bell_table(inst: Instance, lang: Lang) -> Table:
    """The bell schedule (作息时间表) of each section: periods and blocks in time order, with their days
    and grades."""
    header = labels(lang, "block", "kind", "start", "end", "days", "grades")
    return Table(header, [row for section in inst.sections_in_force for row in _bell_rows(inst, section, lang)])


def _bell_rows(inst: Instance, section: Section, lang: Lang) -> list[list[object]]:
    every_day, prefix = label(lang, "every_day"), f"{section.name} " * (len(inst.sections_in_force) > 1)
    joined = label(lang, "list_separator").join
    taught = {c.grade for c in inst.classes if inst.section_of(c.name).name == section.name}
    grades = joined(str(g) for g in sorted(taught))
    rows: list[tuple[int, list[object]]] = []
    for _, number, name, _ in _period_rows(inst, lang, [section]):
        start, end = section.interval(number)
        rows.append(
            (start, [prefix + name, label(lang, "period"), format_clock(start), format_clock(end), every_day, grades])
        )
    for block in section.bell.blocks:
        days = joined(day_label(lang, d) for d in block.days) if block.days else every_day
        block_grades = joined(str(g) for g in block.grades) if block.grades else grades
        kind, start, end = label(lang, f"block_{block.kind}"), format_clock(block.start), format_clock(block.end)
        rows.append((block.start, [prefix + block.name, kind, start, end, days, block_grades]))
    return [row for _, row in sorted(rows, key=lambda item: item[0])]


def assignment_table(inst: Instance, lang: Lang) -> Table:
    """The teacher assignment table (任课安排表): a row per class, a column per subject, 'teacher
    (lessons a week)'; a subject's odd/even-week slots (单双周) counted apart: '陈琳 (2 + 单周1)'."""
    subjects = list(dict.fromkeys(s for c in inst.classes for s in _week_counts(inst, c.name)))
    rows = []
    for school_class in inst.classes:
        counts = _week_counts(inst, school_class.name)
        row: list[object] = [school_class.name]
        for subject in subjects:
            teacher = inst.teacher_of.get((school_class.name, subject), "")
            row.append(f"{teacher} ({_count_text(counts[subject], lang)})" if subject in counts else "")
        rows.append(row)
    return Table([label(lang, "class"), *subjects], rows)


def _week_counts(inst: Instance, class_name: str) -> dict[str, dict[str, int]]:
    """Per subject of a class, its lessons by weeks: 'all' from the plan, 'odd'/'even' from its 单双周 pairs."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for subject, lessons in inst.class_plan(class_name).items():
        if lessons:
            counts[subject]["all"] += lessons
    for pair in inst.class_alternating(class_name):
        counts[pair.odd]["odd"] += pair.lessons
        counts[pair.even]["even"] += pair.lessons
    return counts


def _count_text(by_weeks: dict[str, int], lang: Lang) -> str:
    """'2', '2 + 单周1', '双周1' (zh); '2', '2 + 1 odd weeks' (en)."""
    parts = [str(by_weeks["all"])] if by_weeks.get("all") else []
    for weeks in ("odd", "even"):
        if by_weeks.get(weeks):
            mark = WEEKS_MARK[lang][weeks]
            parts.append(f"{mark}周{by_weeks[weeks]}" if lang == "zh" else f"{by_weeks[weeks]} {mark} weeks")
    return " + ".join(parts)


def teacher_loads(inst: Instance, lessons: list[Lesson], lang: Lang) -> Table:
    """Lessons a day per teacher (a merged lesson counts once; weekly lessons and odd-week ones)."""
    per_day = teacher_day_lessons(inst, in_parity(lessons, "odd"))
    rows = []
    for teacher in inst.teachers:
        counts = [per_day.get((teacher.name, day), 0) for day in inst.days]
        rows.append([teacher.name, *counts, sum(counts), teacher.max_per_day or ""])
    header = [label(lang, "teacher"), *day_labels(lang, inst.days), *labels(lang, "week_total", "daily_max")]
    return Table(header, rows)


def homework_items(inst: Instance, homework: list[HomeworkItem], lang: Lang) -> Table:
    """Every homework item: class, day, subject, minutes, written or not, where it is done."""
    header = labels(lang, "class", "days", "subject", "minutes", "written", "done_at", "school_minutes")
    order = {c.name: i for i, c in enumerate(inst.classes)}
    days = {d: i for i, d in enumerate(inst.days)}
    rows = [
        [
            item.class_,
            day_label(lang, item.day),
            _with_weeks(item.subject, item.weeks, lang),
            item.minutes,
            label(lang, "yes" if item.written else "no"),
            label(lang, f"done_{item.done_at}"),
            item.school_minutes,
        ]
        for item in sorted(homework, key=lambda item: (order.get(item.class_, 0), days.get(item.day, 0), item.subject))
    ]
    return Table(header, rows)


def _with_weeks(subject: str, weeks: str, lang: Lang) -> str:
    """A subject, marked (单周) / (双周) when its homework is set in odd or even weeks only."""
    return subject if weeks == "all" else f"{subject} ({label(lang, f'weeks_{weeks}')})"


def homework_daily(inst: Instance, homework: list[HomeworkItem], lang: Lang) -> Table:
    """Written minutes per class and day against the cap (the last day against the weekend cap), in the
    busier of odd and even weeks."""
    header = labels(lang, "class", "days", "written_total", "cap", "school_minutes")
    written, school = written_by_class_day(homework), defaultdict(int)
    for parity in PARITIES:
        at_school: dict[tuple[str, str], int] = defaultdict(int)
        for item in homework:
            if item.weeks in ("all", parity):
                at_school[item.class_, item.day] += item.school_minutes
        for key, minutes in at_school.items():
            school[key] = max(school[key], minutes)
    rows: list[list[object]] = [
        [
            c.name,
            day_label(lang, day),
            written.get((c.name, day), 0),
            inst.day_homework_cap(c.name, day),
            school[c.name, day],
        ]
        for c in inst.classes
        for day in inst.days
    ]
    return Table(header, rows)


def class_homework_table(inst: Instance, class_name: str, homework: list[HomeworkItem], lang: Lang) -> Table:
    """A class's 作业公示: subjects down, days across (minutes), then the written total against the cap."""
    mine = [item for item in homework if item.class_ == class_name]
    rows: list[list[object]] = []
    for subject in inst.class_homework(class_name):
        cells = {item.day: item for item in mine if item.subject == subject}
        rows.append(
            [_with_weeks(subject, inst.homework_weeks(class_name, subject), lang)]
            + [
                ""
                if (item := cells.get(day)) is None
                else f"{item.minutes}" + ("" if item.written else f" ({label(lang, 'not_written')})")
                for day in inst.days
            ]
        )
    written = written_by_class_day(mine)
    totals = [label(lang, "written_total")]
    totals += [f"{written.get((class_name, day), 0)}/{inst.day_homework_cap(class_name, day)}" for day in inst.days]
    return Table([label(lang, "subject"), *day_labels(lang, inst.days)], [*rows, totals])


def homework_matrix(inst: Instance, homework: list[HomeworkItem], lang: Lang) -> Table:
    """Written minutes per class (rows) and day (columns) as 'minutes/cap': the homework-control plan at a glance."""
    written = written_by_class_day(homework)
    rows: list[list[object]] = [
        [c.name, *[f"{written.get((c.name, day), 0)}/{inst.day_homework_cap(c.name, day)}" for day in inst.days]]
        for c in inst.classes
    ]
    return Table([label(lang, "class"), *day_labels(lang, inst.days)], rows)
