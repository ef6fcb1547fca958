"""Terminal reports: each class's week and homework (the published tables), the solve summary,
violations and changes."""

from __future__ import annotations

import io
import os
import sys
from collections import Counter, defaultdict

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from models.calendar import Lang, day_label, day_labels, period_label
from models.instance import Instance
from models.rules import RULE_BY_ID
from models.solution import HomeworkItem, Lesson, Summary
from models.term import balanced_runs
from models.xhstt import TYPE_NAMES_ZH
from scheduler.check.changes import diff
from scheduler.check.compare import Comparison
from scheduler.check.cover import CoverPlan
from scheduler.check.violation import Violation
from scheduler.publish.labels import label
from scheduler.publish.phrases import say
from scheduler.publish.tables import class_grids, class_homework_table
from scheduler.publish.term import TermTables


class _ReaderSafeStdout(io.TextIOBase):
    """Standard output that outlives its reader: when a pipe's reader has gone (`jianfu solve ... |
    head -1`), the rest is dropped instead of failing the command, which writes its files first."""

    def write(self, text: str) -> int:
        try:
            return sys.stdout.write(text)
        except BrokenPipeError:
            _drop_stdout()
            return len(text)

    def flush(self) -> None:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _drop_stdout()

    def isatty(self) -> bool:
        return sys.stdout.isatty()

    @property
    def encoding(self) -> str:
        return sys.stdout.encoding or "utf-8"


def _drop_stdout() -> None:
    """Point standard output at the null device (the reader is gone; Python's own flush at exit too)."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)


PIPED_WIDTH = 200  # columns when the output goes to a file or a pipe: no path or cell split at 80


def stdout_console() -> Console:
    """The console the commands print to: standard output, which may close before they finish; wide
    when it is not a terminal."""
    return Console(file=_ReaderSafeStdout(), width=None if sys.stdout.isatty() else PIPED_WIDTH)


def _rich_table(title: str, header: list[str], rows: list[list[object]], bold_last: bool = False) -> Table:
    """A terminal table; every value is shown as text (a name like `[/x]` is never read as markup)."""
    table = Table(title=escape(title), title_justify="left")
    table.add_column(escape(header[0]), no_wrap=True)
    for name in header[1:]:
        table.add_column(escape(name), justify="center", overflow="fold")
    for number, row in enumerate(rows, start=1):
        table.add_row(*[escape(str(value)) for value in row], style="bold" if bold_last and number == len(rows) else None)
    return table


def print_timetables(
    console: Console, inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang = "zh"
) -> None:
    """Every class's week (the published grid, bell blocks included), then its homework plan, in instance order."""
    for grid in class_grids(inst, lessons, lang):
        rows = [[f"{row.label} {row.time}", *row.cells] for row in grid.rows]
        console.print(_rich_table(grid.owner, [label(lang, "period"), *day_labels(lang, grid.days)], rows))
        if any(item.class_ == grid.owner for item in homework):
            plan = class_homework_table(inst, grid.owner, homework, lang)
            cap = inst.homework_cap(grid.owner)
            title = (
                f"{grid.owner} 作业 (书面上限 {cap} 分钟/天)"
                if lang == "zh"
                else f"{grid.owner} homework (written, at most {cap} min a day)"
            )
            console.print(_rich_table(title, plan.header, plan.rows, bold_last=True))


def print_summary(console: Console, summary: Summary, weights: dict[str, int], lang: Lang = "zh") -> None:
    """Status, time, objective with bound and gap, the soft rules that cost something (with the
    `weights` in force), in a few lines."""
    status = label(lang, f"status_{summary.status}") if lang == "zh" else summary.status
    timing = say(lang, "time", seconds=summary.wall_time_s) if summary.wall_time_s is not None else ""
    console.print(say(lang, "status", status=status) + timing)
    if summary.moved_lessons is not None:
        console.print(say(lang, "moved", count=summary.moved_lessons))
    if summary.objective is not None:
        bound = say(lang, "bound", bound=summary.bound, gap=summary.gap) if summary.bound is not None else ""
        console.print(say(lang, "objective", objective=summary.objective) + bound)
        costly = {rule: count for rule, count in summary.soft.items() if count}
        for rule, count in costly.items():
            title = RULE_BY_ID[rule].title_zh if lang == "zh" else f"{rule} ({RULE_BY_ID[rule].title})"
            console.print(say(lang, "soft_cost", title=title, count=count, weight=weights[rule]))
        if len(costly) < len(summary.soft):
            console.print(say(lang, "other_soft", count=len(summary.soft) - len(costly)))
    if summary.deterministic_time is not None:
        deterministic = say(lang, "deterministic", time=summary.deterministic_time, solver=summary.solver)
        console.print(deterministic, style="dim", highlight=False)
    for reason in summary.reasons:
        console.print(f"[red]- {escape(reason)}[/red]", highlight=False)


def print_violations(
    console: Console,
    violations: list[Violation],
    lang: Lang = "zh",
    places: dict[tuple[str, str, int], str] | None = None,
    verdict: bool = True,
) -> None:
    """Violations grouped by rule with counts, each with its day and period (and the spreadsheet cell
    of its lesson, from `places`), then a one-line verdict: the rule's Chinese title (its id in English)."""
    if not violations:
        verdict = (
            "[green]合规[/green]：课表符合全部硬性规则"
            if lang == "zh"
            else "[green]compliant[/green]: the timetable meets every hard rule"
        )
        console.print(verdict)
        return
    by_rule: dict[str, list[Violation]] = defaultdict(list)
    for violation in violations:
        by_rule[violation.rule].append(violation)
    for rule, group in by_rule.items():
        rule_of = RULE_BY_ID[rule]
        console.print(
            f"[bold]{rule_of.title_zh}[/bold]：{len(group)} 处"
            if lang == "zh"
            else f"[bold]{rule}[/bold] ({rule_of.title}): {len(group)}"
        )
        for violation in group:
            cell = (places or {}).get((violation.class_, violation.day, violation.period))
            at = (f"（{cell}）" if lang == "zh" else f" ({cell})") if cell else ""
            console.print(f"  - {_where(violation, lang)}{violation.message_in(lang)}{at}", highlight=False)
    rules = len(Counter(v.rule for v in violations))
    if not verdict:
        return
    if lang == "zh":
        console.print(f"[red]不合规[/red]：{len(violations)} 处，违反 {rules} 条硬性规则")
    else:
        console.print(f"[red]not compliant[/red]: {len(violations)} violations of {rules} rules")


def _where(violation: Violation, lang: Lang) -> str:
    """'星期一 第3节: ' (or 'Monday, period 3: ') when the violation is at one time."""
    if violation.day is None:
        return ""
    day = day_label(lang, violation.day)
    if violation.period is None:
        return f"{day}：" if lang == "zh" else f"{day}: "
    return f"{day} {period_label(lang, violation.period)}：" if lang == "zh" else f"{day}, period {violation.period}: "


def print_changes(console: Console, inst: Instance, before: list[Lesson], after: list[Lesson], lang: Lang = "zh") -> None:
    """The moved lessons per class and per teacher, before -> after."""
    for by in ("class", "teacher"):
        changes = diff(inst, before, after, by, lang)
        owner = label(lang, by)
        table = Table(title=say(lang, "changes", by=owner if lang == "zh" else by, count=len(changes)), title_justify="left")
        for column in (owner, label(lang, "subject"), say(lang, "before"), say(lang, "after")):
            table.add_column(column)
        for change in changes:
            table.add_row(change.owner, change.subject, change.before, change.after)
        console.print(table)


def print_comparison(console: Console, result: Comparison, lang: Lang = "zh") -> None:
    """阴阳课表: the differences that change a rule's figures first, then the others, then the rule
    breaches only the timetable in use has, and a one-line verdict."""
    relevant = [d for d in result.differences if d.relevant]
    other = [d for d in result.differences if not d.relevant]
    for title, group in ((say(lang, "relevant_differences"), relevant), (say(lang, "other_differences"), other)):
        if group:
            console.print(f"[bold]{title}[/bold]：{len(group)}" if lang == "zh" else f"[bold]{title}[/bold]: {len(group)}")
            for difference in group:
                console.print(f"  - {escape(difference.text(lang))}", highlight=False)
    if result.new_violations:
        console.print(f"[bold]{say(lang, 'new_violations')}[/bold]")
        print_violations(console, result.new_violations, lang)
    verdict = "compare_relevant" if result.relevant else ("compare_other" if other else "compare_same")
    console.print(say(lang, verdict))


def print_term(console: Console, inst: Instance, term: TermTables, counts: dict[str, int], lang: Lang = "zh") -> None:
    """The term in a few lines (dates by status, teaching weeks, how often each weekday runs), then the
    audit grouped by rule, or that it found nothing."""
    status = Counter(day.status for day in term.days)
    calendar = inst.calendar
    console.print(
        say(
            lang,
            "term_summary",
            name=calendar.name,
            start=calendar.start,
            end=calendar.end,
            teaching=status["teaching"] + status["makeup"],
            makeup=status["makeup"],
            weeks=term.weeks,
            holidays=status["holiday"],
            exams=status["exam"],
        ),
        highlight=False,
    )
    separator = label(lang, "list_separator")
    console.print(say(lang, "weekday_counts", counts=separator.join(f"{day_label(lang, d)} {n}" for d, n in counts.items())))
    suggested = balanced_runs(inst.days, term.days)
    better = Counter(day.runs for day in term.days if day.status == "teaching") + Counter(suggested.values())
    if max(better.values()) - min(better.values()) < max(counts.values()) - min(counts.values()):
        for day in term.days:
            if day.status == "makeup" and suggested[day.date] != day.runs:
                runs, now = day_label(lang, suggested[day.date]), day_label(lang, day.runs or "")
                console.print(say(lang, "makeup_suggestion", date=day.date, runs=runs, now=now))
    if term.audit:
        print_violations(console, term.audit, lang, verdict=False)
        console.print(say(lang, "term_found", hard=len(term.hard), findings=len(term.audit) - len(term.hard)))
    else:
        console.print(say(lang, "term_ok"))


def print_cover(console: Console, inst: Instance, plan: CoverPlan, previous: list, lang: Lang = "zh") -> None:
    """The change set: each change by date, period and class, then the ledger of the term's record
    (the `previous` changes and these); or why there is none."""
    from scheduler.publish.cover import ledger_table, record_table

    if not plan.found:
        console.print(say(lang, "cover_none") if plan.uncovered else say(lang, "cover_limits"))
        for english, chinese in plan.binding:
            console.print(f"  - {chinese if lang == 'zh' else english}", highlight=False)
        for item, reasons in zip(plan.uncovered, plan.why, strict=True):
            lesson = item.lesson
            console.print(
                f"  - {item.date} {period_label(lang, lesson.period)} {lesson.class_} {lesson.subject}", highlight=False
            )
            for english, chinese in reasons:
                console.print(f"      {chinese if lang == 'zh' else english}", highlight=False)
        return
    kinds = Counter(change.kind for change in plan.changes)
    console.print(
        say(
            lang,
            "cover_summary",
            lessons=len(plan.changes) - kinds["makeup"],
            seconds=plan.seconds,
            **{k: kinds[k] for k in ("swap", "substitute", "merge", "indoor", "self_study", "makeup")},
        )
    )
    for title, table in (
        (label(lang, "record"), record_table(plan.changes, lang)),
        (label(lang, "ledger"), ledger_table(inst, previous + plan.changes, lang)),
    ):
        console.print(_rich_table(title, table.header, table.rows))


XHSTT_HEADER = {
    "zh": ["约束", "类型", "硬/软", "偏离点数", "代价"],
    "en": ["Constraint", "Type", "Hard/soft", "Points deviating", "Cost"],
}


def print_xhstt(console: Console, group: str, result, lang: Lang = "zh") -> None:
    """One XHSTT solution's score: each constraint with a cost, then infeasibility and objective."""
    hard = {"zh": ("硬", "软"), "en": ("hard", "soft")}[lang]

    def kind(name: str) -> str:
        short = name.removesuffix("Constraint")
        return TYPE_NAMES_ZH.get(short, short) if lang == "zh" else short

    rows = [
        [c.id, kind(c.type), hard[0] if c.required else hard[1], c.deviations, c.cost] for c in result.constraints if c.cost
    ]
    console.print(_rich_table(group, XHSTT_HEADER[lang], rows))
    console.print(say(lang, "xhstt_total", infeasibility=result.infeasibility, objective=result.objective), highlight=False)
    if result.unsupported:
        console.print(say(lang, "xhstt_unsupported", types=", ".join(result.unsupported)), highlight=False)
