"""Clashes on the checker side: a class, a teacher, a venue at one time, in odd and in even weeks."""

from __future__ import annotations

from collections import Counter, defaultdict

from models.instance import Instance
from models.solution import Lesson
from scheduler.check.registry import hard_check
from scheduler.check.timetable import double_pairs, lesson_teachers, lesson_venue, per_parity, running_at, weekly
from scheduler.check.violation import Violation


@hard_check("clash.class")
@per_parity
def check_class_clash(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """At most one lesson per class and slot."""
    count = Counter((lesson.class_, lesson.day, lesson.period) for lesson in lessons)
    return [
        Violation(
            "clash.class",
            f"{name} has {n} lessons at {day} period {period}",
            name,
            None,
            None,
            day,
            period,
            f"{name}同时有{n}节课",
        )
        for (name, day, period), n in sorted(count.items())
        if n > 1
    ]


@hard_check("clash.teacher")
@per_parity
def check_teacher_clash(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """One lesson per teacher at a time, in whichever section's bell; several classes only as a
    declared merged lesson."""
    taught: dict[tuple[str, str, int], list[Lesson]] = defaultdict(list)
    for (day, minute), running in running_at(inst, lessons).items():
        for lesson in running:
            for teacher in lesson_teachers(inst, lesson):
                taught[teacher, day, minute].append(lesson)
    found, seen = [], set()
    for (teacher, day, _), group in sorted(taught.items(), key=lambda item: _in_week(inst, item[0])):
        key = (teacher, frozenset(id(lesson) for lesson in group))
        if len(group) > 1 and not _one_merged_lesson(inst, group) and key not in seen:
            seen.add(key)
            names = ", ".join(sorted(f"{lesson.class_} {lesson.subject}" for lesson in group))
            chinese = f"{teacher}同时上{'、'.join(sorted(f'{lesson.class_}{lesson.subject}' for lesson in group))}"
            period = group[0].period
            message = f"{teacher} teaches {names} at once"
            found.append(Violation("clash.teacher", message, None, teacher, None, day, period, chinese))
    return found


def _in_week(inst: Instance, key: tuple[str, str, int]) -> tuple[str, int, int]:
    """(owner, day's place in the week, minute): the order violations are reported in."""
    owner, day, minute = key
    return owner, inst.days.index(day), minute


def _one_merged_lesson(inst: Instance, group: list[Lesson]) -> bool:
    """The lessons are one declared merged (合班) lesson: one subject, different classes of one entry."""
    subjects = {lesson.subject for lesson in group}
    classes = {lesson.class_ for lesson in group}
    if len(subjects) != 1 or len(classes) != len(group):
        return False
    return any(e.subject in subjects and classes <= set(e.classes) for e in inst.merged)


@hard_check("venue.capacity")
@per_parity
def check_venue_capacity(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """The classes in a venue at once, in whichever section's bell, stay within its capacity at that time."""
    using: dict[tuple[str, str, int], list[Lesson]] = defaultdict(list)
    for venue in inst.venues:
        mine = [lesson for lesson in lessons if lesson_venue(inst, lesson) == venue.name]
        for (day, minute), running in running_at(inst, mine, inst.venue_moments(venue.name)).items():
            using[venue.name, day, minute] += running
    found, seen = [], set()
    for (venue, day, minute), group in sorted(using.items(), key=lambda item: _in_week(inst, item[0])):
        capacity = inst.venue_capacity(venue, day, minute)
        key = (venue, frozenset(id(lesson) for lesson in group))
        if len(group) > capacity and key not in seen:
            seen.add(key)
            period = group[0].period
            message = f"{venue} holds {len(group)} classes at {day} period {period}, capacity {capacity}"
            chinese = f"{venue}同时有{len(group)}个班，容量{capacity}个班"
            found.append(Violation("venue.capacity", message, None, None, venue, day, period, chinese))
    return found


@hard_check("venue.choice")
def check_venue_choice(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """A lesson is in a venue its subject allows: every lesson that needs one (or `venue_lessons` of them
    a week), and its double lessons, as pairs, in its double venue."""
    grouped: dict[tuple[str, str], list[Lesson]] = defaultdict(list)
    for lesson in weekly(lessons):
        if inst.venue_need(lesson.subject).flexible or lesson.venue:
            grouped[lesson.class_, lesson.subject].append(lesson)
    found = []
    for (name, subject), mine in grouped.items():
        found += _venue_breaches(inst, name, subject, mine)
    return found


def _venue_breaches(inst: Instance, name: str, subject: str, mine: list[Lesson]) -> list[Violation]:
    need, found = inst.venue_need(subject), []
    allowed = set(need.venues) | set(need.double_venues)

    def breach(lesson: Lesson | None, text: str, chinese: str) -> None:
        day, period = (lesson.day, lesson.period) if lesson else (None, None)
        found.append(
            Violation(
                "venue.choice", f"{name} {subject}: {text}", name, None, None, day, period, f"{name}{subject}：{chinese}"
            )
        )

    paired: set[int] = set()
    lab_days = 0
    for day in inst.days:
        in_lab = {l.period: l for l in mine if l.day == day and l.venue in need.double_venues}
        pairs = []  # a double lesson's two halves are in one venue
        for venue in need.double_venues:
            in_venue = [period for period, lesson in in_lab.items() if lesson.venue == venue]
            pairs += double_pairs(inst, name, in_venue)
        paired |= {id(in_lab[p]) for pair in pairs for p in pair}
        lab_days += bool(pairs)
        for period, lesson in in_lab.items():
            if id(lesson) not in paired and lesson.venue not in need.venues:
                breach(
                    lesson,
                    f"{day} period {period} in {lesson.venue}, which takes its double lessons only",
                    f"单节课排在{lesson.venue}，该场地只用于连堂",
                )
    wanted = inst.wanted_doubles.get((name, subject), 0)
    if need.double_venues and lab_days < wanted:
        places = " or ".join(need.double_venues)
        breach(
            None,
            f"double lessons in {places} on {lab_days} days, {wanted} wanted",
            f"在{'或'.join(need.double_venues)}的连堂 {lab_days} 天，应为 {wanted} 天",
        )
    singles = [l for l in mine if id(l) not in paired]
    for lesson in singles:
        if lesson.venue is not None and lesson.venue not in allowed:
            where = f"{lesson.day} period {lesson.period}"
            breach(lesson, f"{where} in {lesson.venue}, which it does not use", f"排在不使用的场地{lesson.venue}")
        elif need.venues and need.lessons is None and lesson_venue(inst, lesson) not in need.venues:
            where = f"{lesson.day} period {lesson.period}"
            breach(lesson, f"{where} needs {' or '.join(need.venues)}", f"需要在{'或'.join(need.venues)}上课")
    if need.lessons is not None:
        placed = sum(1 for lesson in singles if lesson.venue in need.venues)
        if placed != need.lessons:
            places = " or ".join(need.venues)
            chinese = f"每周在{'或'.join(need.venues)} {placed} 节，应为 {need.lessons} 节"
            breach(None, f"{placed} lessons a week in {places}, {need.lessons} wanted", chinese)
    return found
