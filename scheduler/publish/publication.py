"""Everything a school publishes about a term's timetable, built once from the instance and a
checked solution (scheduler.publish.folder writes it out).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from models.calendar import Lang
from models.instance import Instance
from models.solution import Solution
from models.validation import InputError, Problem
from scheduler.check.checker import check_timetable
from scheduler.check.compliance import RuleResult, compliance
from scheduler.publish.labels import label, labels
from scheduler.publish.tables import (
    Grid,
    Table,
    assignment_table,
    bell_table,
    class_grids,
    homework_daily,
    homework_items,
    master_table,
    teacher_grids,
    teacher_loads,
    venue_grids,
    venue_usage,
)
from scheduler.publish.term import TermTables, build_term


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
    master: Table  # 总课表: every class on one sheet
    teacher_grids: list[Grid]
    venue_grids: list[Grid]
    venue_usage: Table
    bell: Table
    assignment: Table
    loads: Table
    homework_items: Table
    homework_daily: Table
    compliance: list[RuleResult]
    term: TermTables | None = None  # 校历, when the instance has a calendar

    @cached_property
    def teachers_by_subject(self) -> list[tuple[str, list[Grid]]]:
        """The teachers' grids grouped as an office lists its staff (教研组): under the first subject each
        teaches, subjects in the school's order, teachers in the file's order."""
        order = [subject.name for subject in self.instance.subjects]
        groups: dict[str, list[Grid]] = {name: [] for name in order}
        by_name = {teacher.name: teacher for teacher in self.instance.teachers}
        for grid in self.teacher_grids:
            taught = by_name[grid.owner].teaches
            first = min(taught, key=lambda name: order.index(name) if name in order else len(order), default="")
            groups.setdefault(first, []).append(grid)
        return [(subject, grids) for subject, grids in groups.items() if grids]

    @cached_property
    def compliance_table(self) -> Table:
        """The compliance report as a table: title, kind, verdict, violations or penalty, weight, figures;
        in English the rule id first (a code, so not on a Chinese page)."""
        lang = self.lang
        header = [*labels(lang, "title", "kind", "verdict", "count", "weight", "figures")]
        rows: list[list[object]] = []
        for result in self.compliance:
            if result.hard:
                verdict = label(lang, ("pass" if result.passed else "fail") if result.in_force else "not_in_force")
                rows.append([result.title, label(lang, "hard"), verdict, result.violations, "", result.figures])
            else:
                verdict = f"{label(lang, 'penalty')} {result.penalty}"
                rows.append([result.title, label(lang, "soft"), verdict, result.penalty, result.weight, ""])
        if lang == "en":
            header = [label(lang, "rule"), *header]
            rows = [[result.rule, *row] for result, row in zip(self.compliance, rows, strict=True)]
        return Table(header, rows)


def build_publication(inst: Instance, solution: Solution, lang: Lang = "zh") -> Publication:
    """The publication of a solution; NotCompliant if the independent checker finds hard-rule breaches."""
    if not solution.lessons:
        raise InputError([Problem("lessons", "the solution has no timetable to publish", "方案中没有可发布的课表")])
    lessons, homework = solution.lessons, solution.homework
    term = build_term(inst, lessons, homework, lang)
    violations = check_timetable(inst, lessons, homework) + (term.hard if term else [])
    if violations:
        raise NotCompliant(violations)
    return Publication(
        lang=lang,
        instance=inst,
        school=inst.school.name,
        solution=solution,
        class_grids=class_grids(inst, lessons, lang),
        master=master_table(inst, lessons, lang),
        teacher_grids=teacher_grids(inst, lessons, lang),
        venue_grids=venue_grids(inst, lessons, lang),
        venue_usage=venue_usage(inst, lessons, lang),
        bell=bell_table(inst, lang),
        assignment=assignment_table(inst, lang),
        loads=teacher_loads(inst, lessons, lang),
        homework_items=homework_items(inst, homework, lang),
        homework_daily=homework_daily(inst, homework, lang),
        compliance=compliance(inst, lessons, homework, lang),
        term=term,
    )
