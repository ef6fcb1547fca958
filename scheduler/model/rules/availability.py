"""Availability on the model side: which slots a course may use at all, and the fixed lessons (固排).

The domain rules decide where a course gets a variable: none where its teacher is blocked, where a
禁排 entry names it, or outside the allowed lesson hours. While explaining, every slot gets a
variable and each rule that blocks it becomes a droppable requirement instead.
"""

from __future__ import annotations

from models.bell import TimeRef
from models.calendar import Lang, day_label, format_clock
from models.courses import Course, Part
from models.instance import Forbidden, Instance
from models.rules import in_catalogue_order
from models.section import Section
from scheduler.model.registry import (
    DOMAIN_RULES,
    Group,
    Requirement,
    domain_rule,
    hard_rule,
    met_by_construction,
    of_class,
    sentence,
)
from scheduler.model.variables import Slot, Variables

FreeSlots = dict[int, list[Slot]]  # course index -> the slots no domain rule rules out, in week order

met_by_construction(
    "calendar.no_weekend", "an instance listing a weekend day is rejected before any model is built (models/validation.py)"
)


@domain_rule("availability.teacher_blocked")
def teacher_blocking(inst: Instance, course: Course, day: str, period: int) -> tuple[str] | None:
    """The course's teacher blocked at the slot (教研, meetings), if any."""
    section = inst.section_of(course.classes[0])
    for part in course.parts():
        if (day, period) in inst.teacher_blocked(part.teacher, section):
            return (part.teacher,)
    return None


@domain_rule("availability.forbidden")
def forbidding(inst: Instance, course: Course, day: str, period: int) -> tuple[int] | None:
    """The 禁排 entry naming the course's classes, grade, subject or teacher at the slot, if any."""
    section = inst.section_of(course.classes[0])
    for index, entry in enumerate(inst.forbidden):
        if not section.slot_in(entry, day, period):
            continue
        if any(names_part(inst, entry, course, part) for part in course.parts()):
            return (index,)
    return None


def names_part(inst: Instance, entry: Forbidden, course: Course, part: Part) -> bool:
    """Whether a 禁排 (or 尽量不排) entry names one of the course's classes, its grade, or the part's
    subject or teacher."""
    return any(entry.names(name, inst.class_by_name[name].grade, part.subject, [part.teacher]) for name in course.classes)


@domain_rule("time.lesson_window")
def outside_lesson_window(inst: Instance, course: Course, day: str, period: int) -> tuple[()] | None:
    """The period starts before the earliest start or ends after dismissal (its section's)."""
    return None if inst.section_of(course.classes[0]).in_lesson_window(period) else ()


def slot_blockers(inst: Instance, course: Course, day: str, period: int) -> list[Group]:
    """The requirement groups that rule a course out of a slot (empty: the slot is allowed)."""
    return _blockers(in_catalogue_order(DOMAIN_RULES), inst, course, day, period)


def free_slots(inst: Instance, courses: list[Course]) -> FreeSlots:
    """Each course's slots that no domain rule rules out (computed once for the counting checks and models)."""
    rules = in_catalogue_order(DOMAIN_RULES)
    return {
        c.index: [slot for slot in inst.section_of(c.classes[0]).week_slots if not _blockers(rules, inst, c, *slot)]
        for c in courses
    }


def _blockers(rules: list, inst: Instance, course: Course, day: str, period: int) -> list[Group]:
    return [(rule_id, *who) for rule_id, blocks in rules if (who := blocks(inst, course, day, period)) is not None]


@hard_rule("availability.fixed")
def fixed(v: Variables):
    """The class has a lesson of the subject at the fixed slot."""
    courses_of_class = v.class_courses
    for name, subject, day, period in v.inst.fixed_lessons():
        here = [
            v.place[c.index][day, period]
            for c in courses_of_class[name]
            if subject in (c.odd.subject, c.even.subject) and (day, period) in v.place[c.index]
        ]
        yield Requirement(v.model.add_bool_or(here), name, subject, day, period)


def when(ref: TimeRef, lang: Lang = "zh") -> str:
    """A TimeRef in words: '每天下午', '星期二上午', '星期三全天', '每天第1、2节'; in English 'every
    afternoon', '星期二 morning', 'all day 星期三', 'every day periods 1, 2'."""
    if lang == "zh":
        return _when_zh(ref)
    if ref.periods is not None:
        return f"{ref.day or 'every day'} periods {', '.join(map(str, ref.periods))}"
    if ref.half is not None:
        half = "morning" if ref.half == "am" else "afternoon"
        return f"{ref.day} {half}" if ref.day else f"every {half}"
    return f"all day {ref.day}" if ref.day else "all week"


def _when_zh(ref: TimeRef) -> str:
    day = day_label("zh", ref.day) if ref.day else "每天"
    if ref.periods is not None:
        return f"{day}第{'、'.join(map(str, ref.periods))}节"
    if ref.half is not None:
        return day + ("上午" if ref.half == "am" else "下午")
    return f"{day}全天" if ref.day else "整周"


@sentence("availability.teacher_blocked")
def _blocked_words(inst: Instance, teacher: str, lang: Lang = "zh") -> str:
    refs = inst.teacher_by_name[teacher].blocked
    if lang == "zh":
        return f"{teacher}{'、'.join(when(ref, lang) for ref in refs)}不能上课"
    return f"{teacher} is not available {'; '.join(when(ref, lang) for ref in refs)}"


@sentence("availability.forbidden")
def _forbidden_words(inst: Instance, index: int, lang: Lang = "zh") -> str:
    entry = inst.forbidden[index]
    if lang == "zh":
        target = entry.class_ or entry.subject or entry.teacher or f"{entry.grade}年级"
        return f"{target}{when(entry, lang)}不排课（第 {index + 1} 条禁排）"
    target = entry.class_ or entry.subject or entry.teacher or f"grade {entry.grade}"
    return f"no lessons for {target} {when(entry, lang)} (forbidden[{index}], 禁排)"


@sentence("time.lesson_window")
def _window_words(inst: Instance, lang: Lang = "zh") -> str:
    several = len(inst.sections_in_force) > 1
    windows = [_window(section, lang, several) for section in inst.sections_in_force]
    return "；".join(windows) if lang == "zh" else f"lessons start no earlier than {'; '.join(windows)}"


def _window(section: Section, lang: Lang, named: bool) -> str:
    """A section's lesson hours in words (with its name when `named`)."""
    start, end = format_clock(section.policy.earliest_lesson_start), format_clock(section.policy.latest_dismissal)
    if lang == "zh":
        return f"上课不早于 {start}，放学不晚于 {end}" + (f"（{section.name}）" if named else "")
    return f"{start} and end by {end}" + (f" ({section.name})" if named else "")


@sentence("availability.fixed")
def _fixed_words(
    inst: Instance, name: str, subject: str, day: str, period: int, lang: Lang = "zh", named: bool = True
) -> str:
    if lang == "zh":
        return of_class(name, f"{subject}固定在{day_label(lang, day)}第{period}节（固排）", lang, named)
    return of_class(name, f"has {subject} fixed at {day} period {period} (固排)", lang, named)
