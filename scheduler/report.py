"""Terminal reports: each class's week as a table, the solve summary, violations grouped by rule."""

from __future__ import annotations

from collections import Counter, defaultdict

from rich.console import Console
from rich.table import Table

from models.calendar import format_clock
from models.instance import Instance
from models.rules import DEFAULT_WEIGHTS, RULE_BY_ID
from models.solution import HomeworkItem, Lesson, Summary
from scheduler.changes import diff
from scheduler.violation import Violation


def class_week_table(inst: Instance, class_name: str, lessons: list[Lesson]) -> Table:
    """A class's week: periods down, days across; an odd/even pair shows as 音乐/美术."""
    cells: dict[tuple[str, int], dict[str, str]] = defaultdict(dict)
    for lesson in lessons:
        if lesson.class_ == class_name:
            cells[lesson.day, lesson.period][lesson.weeks] = lesson.subject
    table = Table(title=class_name, show_lines=False, title_justify="left")
    table.add_column("节次", no_wrap=True)
    for day in inst.days:
        table.add_column(day, justify="center")
    for number, period in enumerate(inst.bell.periods, start=1):
        row = [f"{inst.period_label(number)} {format_clock(period.start)}-{format_clock(period.end)}"]
        for day in inst.days:
            here = cells.get((day, number), {})
            row.append(here.get("all") or "/".join(filter(None, (here.get("odd"), here.get("even")))))
        table.add_row(*row)
    return table


def class_homework_table(inst: Instance, class_name: str, homework: list[HomeworkItem]) -> Table | None:
    """A class's homework plan (作业公示): subjects down, days across, daily written totals against the cap."""
    mine = [item for item in homework if item.class_ == class_name]
    if not mine:
        return None
    cap = inst.homework_cap(class_name)
    table = Table(title=f"{class_name} 作业 (书面上限 {cap} 分钟/天)", title_justify="left")
    table.add_column("学科", no_wrap=True)
    for day in inst.days:
        table.add_column(day, justify="center")
    for subject in inst.class_homework(class_name):
        cells = {item.day: item for item in mine if item.subject == subject}
        row = [subject]
        for day in inst.days:
            item = cells.get(day)
            row.append("" if item is None else f"{item.minutes}′" + ("" if item.written else " 非书面"))
        table.add_row(*row)
    totals = []
    for day in inst.days:
        written = sum(item.minutes for item in mine if item.day == day and item.written)
        school = sum(item.school_minutes for item in mine if item.day == day)
        cap_here = inst.weekend_homework_cap(class_name) if day == inst.days[-1] else cap
        totals.append(f"{written}/{cap_here}" + (f" (校内{school})" if school else ""))
    table.add_row("书面合计", *totals, style="bold")
    return table


def print_timetables(console: Console, inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> None:
    """Every class's week, then its homework plan, in instance order."""
    for school_class in inst.classes:
        console.print(class_week_table(inst, school_class.name, lessons))
        homework_table = class_homework_table(inst, school_class.name, homework)
        if homework_table is not None:
            console.print(homework_table)


def print_summary(console: Console, summary: Summary, weights: dict[str, int] | None = None) -> None:
    """Status, time, objective with bound and gap, the soft rules that cost something, in a few lines."""
    timing = f"  time: {summary.wall_time_s} s" if summary.wall_time_s is not None else ""
    console.print(f"status: [bold]{summary.status}[/bold]{timing}")
    if summary.moved_lessons is not None:
        console.print(f"moved lessons: {summary.moved_lessons}")
    if summary.objective is not None:
        bound = f"  bound: {summary.bound}  gap: {summary.gap:.2%}" if summary.bound is not None else ""
        console.print(f"objective: {summary.objective}{bound}")
        weights = DEFAULT_WEIGHTS | (weights or {})
        costly = {rule: count for rule, count in summary.soft.items() if count}
        for rule, count in costly.items():
            console.print(f"  {rule} ({RULE_BY_ID[rule].title_zh}): {count} × {weights.get(rule, 0)}")
        if len(costly) < len(summary.soft):
            console.print(f"  the other {len(summary.soft) - len(costly)} soft rules: 0")
    if summary.deterministic_time is not None:
        console.print(f"deterministic time: {summary.deterministic_time}, {summary.solver}", style="dim")
    for reason in summary.reasons:
        console.print(f"[red]- {reason}[/red]")


def print_violations(console: Console, violations: list[Violation]) -> None:
    """Violations grouped by rule id with counts, then a one-line verdict."""
    if not violations:
        console.print("[green]compliant[/green]: the timetable meets every hard rule")
        return
    by_rule: dict[str, list[Violation]] = defaultdict(list)
    for violation in violations:
        by_rule[violation.rule].append(violation)
    for rule, group in by_rule.items():
        console.print(f"[bold]{rule}[/bold] ({RULE_BY_ID[rule].title_zh}): {len(group)}")
        for violation in group:
            console.print(f"  - {violation.message}")
    counts = Counter(v.rule for v in violations)
    console.print(f"[red]not compliant[/red]: {len(violations)} violations of {len(counts)} rules")


def print_changes(console: Console, inst: Instance, before: list[Lesson], after: list[Lesson]) -> None:
    """The moved lessons per class and per teacher, before -> after."""
    for by, title in (("class", "班级"), ("teacher", "教师")):
        changes = diff(inst, before, after, by)
        table = Table(title=f"changes by {by} ({title}): {len(changes)}", title_justify="left")
        for column in (title, "学科", "before", "after"):
            table.add_column(column)
        for change in changes:
            table.add_row(change.owner, change.subject, change.before, change.after)
        console.print(table)
