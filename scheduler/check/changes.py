"""What moved between two timetables, per class or per teacher (before -> after)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from models.calendar import Lang, day_label, period_label
from models.instance import Instance
from models.solution import Lesson
from scheduler.check.timetable import lesson_teachers


@dataclass(frozen=True)
class Change:
    """One lesson that moved: who, what, from which slot to which."""

    owner: str
    subject: str
    before: str
    after: str


def diff(inst: Instance, before: list[Lesson], after: list[Lesson], by: str = "class", lang: Lang = "zh") -> list[Change]:
    """Moved lessons per class (by="class") or per teacher (by="teacher"), before -> after, with
    days and periods named in the language."""

    day_order = {day: index for index, day in enumerate(inst.days)}  # a weekend day's lesson sorts last

    def slots(lessons: list[Lesson]) -> dict[tuple[str, str], list[tuple[int, str, int, str]]]:
        grouped: dict[tuple[str, str], list[tuple[int, str, int, str]]] = defaultdict(list)
        for lesson in lessons:
            owners = [lesson.class_] if by == "class" else lesson_teachers(inst, lesson)
            label = f"{lesson.class_} " if by == "teacher" else ""
            slot = (day_order.get(lesson.day, len(day_order)), lesson.day, lesson.period, label)
            for owner in owners:
                grouped[owner, lesson.subject].append(slot)
        return grouped

    old, new = slots(before), slots(after)
    changes = []
    for key in sorted(set(old) | set(new)):
        gone = sorted(set(old.get(key, [])) - set(new.get(key, [])))
        came = sorted(set(new.get(key, [])) - set(old.get(key, [])))
        for index in range(max(len(gone), len(came))):
            text = [
                f"{slot[3]}{day_label(lang, slot[1])} {period_label(lang, slot[2])}" if slot else "—"
                for slot in (gone[index] if index < len(gone) else None, came[index] if index < len(came) else None)
            ]
            changes.append(Change(key[0], key[1], text[0], text[1]))
    return changes
