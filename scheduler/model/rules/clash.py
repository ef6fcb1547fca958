"""Clashes on the model side: a class, a teacher, a venue at one time.

Class and teacher clashes always hold (they are not requirements an explanation drops); a venue's
capacity is a requirement of that venue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from models.calendar import Lang
from models.courses import Course
from models.instance import Instance
from models.solution import PARITIES
from scheduler.model.registry import Requirement, hard_rule, of_class, sentence
from scheduler.model.variables import Variables


@hard_rule("clash.class")
def class_clash(v: Variables) -> None:
    """One lesson per class and slot (an odd/even pair holds its slot in both weeks)."""
    for name, courses in v.class_courses.items():
        for slot in v.inst.section_of(name).week_slots:
            here = [v.place[c.index][slot] for c in courses if slot in v.place[c.index]]
            if len(here) > 1:
                v.model.add_at_most_one(here)


def _by_parity_and_moment(
    v: Variables,
    key: Callable[[Course, str], str | None],
    moments_of: Callable[[str], list[tuple[str, int]]] | None = None,
):
    """Variables grouped by (key, parity, moment): the lessons running at one time, in whichever
    section's bell (at the instance's moments, or an owner's own); identical odd/even groups are kept once."""
    owned: dict[str, dict[str, list[Course]]] = defaultdict(lambda: {parity: [] for parity in PARITIES})
    for course in v.courses:
        for parity in PARITIES:
            owner = key(course, parity)
            if owner is not None:
                owned[owner][parity].append(course)
    for owner, by_parity in owned.items():
        odd, even = by_parity["odd"], by_parity["even"]
        weeks = [odd] if [c.index for c in odd] == [c.index for c in even] else [odd, even]
        for day, minute in moments_of(owner) if moments_of else v.inst.moments:
            seen: set[tuple[int, ...]] = set()
            for courses in weeks:
                members = [(c, var) for c in courses if (var := v.at(c, day, minute)) is not None]
                signature = tuple(c.index for c, _ in members)
                if members and signature not in seen:
                    seen.add(signature)
                    yield owner, (day, minute), members


@hard_rule("clash.teacher")
def teacher_clash(v: Variables) -> None:
    """One lesson per teacher at a time and week parity (a merged course is one lesson)."""
    for _teacher, _moment, members in _by_parity_and_moment(v, lambda c, parity: c.part(parity).teacher):
        if len(members) > 1:
            v.model.add_at_most_one(var for _, var in members)


@hard_rule("venue.capacity")
def venue_capacity(v: Variables):
    """Classes in a venue at once (a merged course counts all its classes), by clock time across
    sections, within its capacity at that time."""
    checked: set[tuple[str, str, int]] = set()
    for venue, (day, minute), members in _by_parity_and_moment(
        v, lambda c, parity: c.part(parity).venue, v.inst.venue_moments
    ):
        checked.add((venue, day, minute))
        terms = [(len(course.classes), var) for course, var in members] + _flexible_terms(v, venue, day, minute)
        yield from _within_capacity(v, venue, day, minute, terms)
    for venue in _flexibly_used(v):
        for day, minute in v.inst.venue_moments(venue):
            if (venue, day, minute) not in checked:
                yield from _within_capacity(v, venue, day, minute, _flexible_terms(v, venue, day, minute))


def _within_capacity(v: Variables, venue: str, day: str, minute: int, terms: list[tuple[int, object]]):
    capacity = v.inst.venue_capacity(venue, day, minute)
    if sum(size for size, _ in terms) > capacity:
        yield Requirement(v.model.add(sum(size * var for size, var in terms) <= capacity), venue)


def _flexibly_used(v: Variables) -> list[str]:
    """The venues some course may choose (or use for some lessons, or for its doubles)."""
    used = {
        venue for table in (v.venue_use, v.double_use) for slots in table.values() for by in slots.values() for venue in by
    }
    return [venue.name for venue in v.inst.venues if venue.name in used]


def _flexible_terms(v: Variables, venue: str, day: str, minute: int) -> list[tuple[int, object]]:
    """(classes, variable) of the flexible courses' lessons in `venue` at that moment."""
    courses = {index: v.courses[index] for table in (v.venue_use, v.double_use) for index in table}
    return [(len(c.classes), var) for c in courses.values() for var in v.in_venue_at(c, venue, day, minute)]


@hard_rule("venue.choice")
def venue_choice(v: Variables):
    """Each lesson of a subject that needs a shared venue is in one the subject allows: every lesson, or
    `venue_lessons` of them a week for each class, its merged lessons included; its double lessons in
    its double venue."""
    in_venue: dict[tuple[str, str], list] = defaultdict(list)  # (class, subject) -> its lessons in a venue
    for course in v.courses:
        uses, doubles = v.venue_use.get(course.index), v.double_use.get(course.index)
        who = course.classes[0]
        for start, by_venue in (doubles or {}).items():
            yield Requirement(v.model.add(sum(by_venue.values()) == v.double[course.index][start]), who)
        if uses is None:
            continue
        wanted = v.inst.venue_need(course.odd.subject).lessons
        for slot, by_venue in uses.items():
            single = v.place[course.index][slot] - (sum(v.double_cover(course, slot)) if doubles else 0)
            if wanted is None:
                yield Requirement(v.model.add(sum(by_venue.values()) == single), who)
            else:
                v.model.add(sum(by_venue.values()) <= single)
        if wanted is not None:
            for name in course.classes:
                in_venue[name, course.odd.subject] += [var for by_venue in uses.values() for var in by_venue.values()]
    for (name, subject), placed in in_venue.items():
        yield Requirement(v.model.add(sum(placed) == v.inst.venue_need(subject).lessons), name)


@sentence("venue.capacity")
def _capacity_words(inst: Instance, venue: str, lang: Lang = "zh") -> str:
    declared = inst.venue_by_name[venue]
    if lang == "zh":
        return f"{venue}同一时间最多容纳 {declared.capacity} 个班" + ("（部分时段更少）" if declared.capacity_at else "")
    less = " (fewer at some times)" if declared.capacity_at else ""
    return f"{venue} takes at most {declared.capacity} classes at once{less}"


@sentence("venue.choice")
def _choice_words(inst: Instance, name: str, lang: Lang = "zh", named: bool = True) -> str:
    needs = [words for subject in inst.class_plan(name) for words in _venue_needs(inst, subject, lang)]
    if lang == "zh":
        return of_class(name, f"各科在所需场地上课（{'；'.join(needs)}）", lang, named)
    return of_class(name, f"has its lessons in the venues they need ({'; '.join(needs)})", lang, named)


def _venue_needs(inst: Instance, subject: str, lang: Lang) -> list[str]:
    """The venues a subject's lessons and double lessons may choose from, in words."""
    need, needs = inst.venue_need(subject), []
    if not need.flexible:
        return needs
    if need.venues and lang == "zh":
        share = "每节课" if need.lessons is None else f"每周 {need.lessons} 节"
        needs.append(f"{subject}{share}在{'或'.join(need.venues)}上")
    elif need.venues:
        share = "each lesson" if need.lessons is None else f"{need.lessons} lessons a week"
        needs.append(f"{subject}: {share} in {' or '.join(need.venues)}")
    if need.double_venues and lang == "zh":
        needs.append(f"{subject}连堂在{'或'.join(need.double_venues)}上")
    elif need.double_venues:
        needs.append(f"{subject}: its double lessons in {' or '.join(need.double_venues)}")
    return needs
