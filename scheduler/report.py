"""Terminal reports: each class's week as a table, the solve summary, violations grouped by rule."""

from __future__ import annotations

from collections import Counter, defaultdict

from rich.console import Console
from rich.table import Table

from models.calendar import format_clock
from models.instance import Instance
from models.rules import RULE_BY_ID
from models.solution import Lesson, Summary
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


def print_timetables(console: Console, inst: Instance, lessons: list[Lesson]) -> None:
    """Every class's week, in instance order."""
    for school_class in inst.classes:
        console.print(class_week_table(inst, school_class.name, lessons))


def print_summary(console: Console, summary: Summary) -> None:
    """Status, objective, bound, soft-rule breakdown and timing in a few lines."""
    console.print(f"status: [bold]{summary.status}[/bold]")
    if summary.objective is not None:
        console.print(f"objective: {summary.objective}  bound: {summary.bound}  gap: {summary.gap:.2%}")
        for rule, count in summary.soft.items():
            console.print(f"  {rule} ({RULE_BY_ID[rule].title_zh}): {count}")
    if summary.deterministic_time is not None:
        timing = f"wall time: {summary.wall_time_s} s, " if summary.wall_time_s is not None else ""
        console.print(f"{timing}deterministic time: {summary.deterministic_time}, {summary.solver}")
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
