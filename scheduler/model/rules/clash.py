"""Clashes on the model side: a class, a teacher, a venue at one time.

Class and teacher clashes always hold (they are not requirements an explanation drops); a venue's
capacity is a requirement of that venue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from models.courses import Course
from models.instance import Instance
from models.solution import PARITIES
from scheduler.model.registry import Requirement, hard_rule, sentence
from scheduler.model.variables import Variables


@hard_rule("clash.class")
def class_clash(v: Variables) -> None:
    """One lesson per class and slot (an odd/even pair holds its slot in both weeks)."""
    for name, courses in v.class_courses.items():
        for slot in v.inst.section_of(name).week_slots:
            here = [v.place[c.index][slot] for c in courses if slot in v.place[c.index]]
            if len(here) > 1:
                v.model.add_at_most_one(here)


def _by_parity_and_moment(v: Variables, key: Callable[[Course, str], str | None]):
    """Variables grouped by (key, parity, moment): the lessons running at one time, in whichever
    section's bell; identical odd/even groups are kept once."""
    owned: dict[str, dict[str, list[Course]]] = defaultdict(lambda: {parity: [] for parity in PARITIES})
    for course in v.courses:
        for parity in PARITIES:
            owner = key(course, parity)
            if owner is not None:
                owned[owner][parity].append(course)
    for owner, by_parity in owned.items():
        odd, even = by_parity["odd"], by_parity["even"]
        weeks = [odd] if [c.index for c in odd] == [c.index for c in even] else [odd, even]
        for day, minute in v.inst.moments:
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
    """Classes in a venue at once (a merged course counts all its classes) within its capacity."""
    for venue, _moment, members in _by_parity_and_moment(v, lambda c, parity: c.part(parity).venue):
        capacity = v.inst.venue_by_name[venue].capacity
        if sum(len(course.classes) for course, _ in members) > capacity:
            yield Requirement(v.model.add(sum(len(course.classes) * var for course, var in members) <= capacity), venue)


@sentence("venue.capacity")
def _capacity_words(inst: Instance, venue: str) -> str:
    return f"{venue} takes at most {inst.venue_by_name[venue].capacity} classes at once"
