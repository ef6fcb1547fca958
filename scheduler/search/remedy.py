"""The smallest change that makes an impossible school possible, where its explanation points at a
resource the school can change: a venue's capacity (another class on the playground at once), a
teacher's blocked time (教研 moved), a teacher's daily maximum. Each candidate is changed alone and
proved by a CP-SAT solve of the whole school (a timetable exists); the smallest capacity (up to the
number of classes) or daily maximum (up to the periods of a day) is found by bisection, since more
never makes a school less possible; when time runs out during it, the smallest proved so far.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from models.instance import Instance
from scheduler.model.registry import Group
from scheduler.search.solve import SolveOptions, hard_rules_status

Setting = tuple[str, str, str]  # (venues or teachers, the name, the field)
MOST_TEACHERS_TRIED = 4  # a core naming many teachers' blocked times: the first few, each alone


@dataclass(frozen=True)
class Remedy:
    """One change that alone makes a timetable possible, in words (english, chinese)."""

    english: str
    chinese: str


def possible(inst: Instance, seconds: float) -> bool | None:
    """Whether the school has a timetable under its hard rules (None: not decided in time)."""
    status = hard_rules_status(inst, SolveOptions(time_limit=seconds, workers=1))
    return {"feasible": True, "optimal": True, "infeasible": False}.get(status)


def remedies(inst: Instance, groups: list[Group], time_limit: float) -> list[Remedy]:
    """For each changeable resource among an explanation's groups, the smallest change of it alone
    that makes a timetable possible (none where no change of it alone does, or time ran out)."""
    deadline = time.perf_counter() + time_limit
    found = []
    venues = [str(who[0]) for rule, *who in groups if rule == "venue.capacity"]
    maxima = [str(who[0]) for rule, *who in groups if rule == "teacher.daily_max"]
    blocked = [str(who[0]) for rule, *who in groups if rule == "availability.teacher_blocked"]
    for venue in dict.fromkeys(venues):
        was = inst.venue_by_name[venue].capacity
        if (most := _smallest(inst, ("venues", venue, "capacity"), was, min(len(inst.classes), 100), deadline)) is not None:
            found.append(
                Remedy(f"{venue} takes {most} classes at once (now {was})", f"{venue}同时容纳 {most} 个班（现为 {was} 个）")
            )
    for teacher in dict.fromkeys(maxima):
        was = inst.teacher_by_name[teacher].max_per_day or 0
        periods = max(len(section.periods) for section in inst.sections_in_force)
        if (most := _smallest(inst, ("teachers", teacher, "max_per_day"), was, min(periods, 20), deadline)) is not None:
            found.append(
                Remedy(
                    f"{teacher} teaches up to {most} lessons a day (now {was})",
                    f"{teacher}每天最多上 {most} 节课（现为 {was} 节）",
                )
            )
    for teacher in list(dict.fromkeys(blocked))[:MOST_TEACHERS_TRIED]:
        if _possible_by(changed(inst, ("teachers", teacher, "blocked"), []), deadline):
            found.append(
                Remedy(f"{teacher}'s blocked time (教研) moved or dropped", f"{teacher}的不排课时间（教研）调整或取消")
            )
    return found


def _smallest(inst: Instance, setting: Setting, now: int, most: int, deadline: float) -> int | None:
    """The smallest value of a setting above `now`, up to `most`, at which the school is possible, by
    bisection (None when even `most` is not, or time runs out first; when time runs out during the
    bisection, the smallest value proved so far)."""
    low, high = now, max(now + 1, most)
    if _possible_by(changed(inst, setting, high), deadline) is not True:
        return None
    while high - low > 1:
        middle = (low + high) // 2
        answer = _possible_by(changed(inst, setting, middle), deadline)
        if answer is None:
            break
        low, high = (low, middle) if answer else (middle, high)
    return high


def _possible_by(inst: Instance, deadline: float) -> bool | None:
    """`possible` within what is left until the deadline (None when nothing is left)."""
    left = deadline - time.perf_counter()
    return possible(inst, left) if left > 0 else None


def changed(inst: Instance, setting: Setting, value: object) -> Instance:
    """The school with one setting of one venue or teacher changed: (`venues` or `teachers`, its
    name, the field)."""
    entries, name, field = setting
    data = inst.model_dump(by_alias=True, exclude_unset=True)
    for entry in data[entries]:
        if entry["name"] == name:
            entry[field] = value
    return Instance.model_validate(data)
