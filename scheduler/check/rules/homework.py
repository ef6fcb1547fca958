"""The homework plan on the checker side: its hard rules, its soft counts and its figures."""

from __future__ import annotations

from collections import Counter

from models.calendar import Lang, day_label, iso_weekday
from models.instance import Instance
from models.solution import PARITIES, HomeworkItem, Lesson
from scheduler.check.registry import figures, hard_check, soft_count
from scheduler.check.timetable import held_in, written_by_class_day, written_in_weeks
from scheduler.check.violation import Violation


@hard_check("homework.lesson_day", homework=True)
def check_lesson_day(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """An item of a subject only on a day the class has a lesson of it in every week the item is set."""
    taught = {(l.class_, l.subject, l.day, parity) for l in lessons for parity in held_in(l.weeks)}
    return [
        Violation(
            "homework.lesson_day",
            f"{item.class_} gets {item.subject} homework on {item.day} without a {item.subject} lesson that day",
            item.class_,
            day=item.day,
            message_zh=f"{item.class_}当天没有{item.subject}课，却布置了{item.subject}作业",
        )
        for item in homework
        if any((item.class_, item.subject, item.day, parity) not in taught for parity in held_in(item.weeks))
    ]


@hard_check("homework.all_placed", homework=True)
def check_all_placed(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """Each subject's items a week (and their minutes) exactly as planned."""
    found = []
    for school_class in inst.classes:
        name = school_class.name
        plan = inst.class_homework(name)
        mine = [item for item in homework if item.class_ == name]
        count = Counter(item.subject for item in mine)
        for subject in sorted(set(plan) | set(count)):
            wanted = plan[subject].items if subject in plan else 0
            if count[subject] != wanted:
                message = f"{name} {subject}: {count[subject]} homework items a week, the plan says {wanted}"
                chinese = f"{name}{subject}每周作业 {count[subject]} 次，计划 {wanted} 次"
                found.append(Violation("homework.all_placed", message, name, message_zh=chinese))
        for item in mine:
            entry, weeks = plan.get(item.subject), inst.homework_weeks(name, item.subject)
            if entry is not None and item.minutes != entry.minutes:
                message = f"{name} {item.subject} on {item.day}: {item.minutes} min, the plan says {entry.minutes}"
                chinese = f"{name}{item.subject}作业 {item.minutes} 分钟，计划 {entry.minutes} 分钟"
                found.append(Violation("homework.all_placed", message, name, day=item.day, message_zh=chinese))
            elif entry is not None and item.written != entry.written:
                kind = "written" if entry.written else "not written"
                message = f"{name} {item.subject} on {item.day}: the plan says this homework is {kind}"
                chinese = f"{name}{item.subject}作业按计划{'是' if entry.written else '不是'}书面作业"
                found.append(Violation("homework.all_placed", message, name, day=item.day, message_zh=chinese))
            elif entry is not None and item.weeks != weeks:
                message = f"{name} {item.subject} on {item.day}: set in {item.weeks} weeks, the plan says {weeks}"
                chinese = f"{name}{item.subject}作业布置的周次与计划不符"
                found.append(Violation("homework.all_placed", message, name, day=item.day, message_zh=chinese))
    return found


@hard_check("homework.none_for_grade", homework=True)
def check_none_for_grade(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """No written homework at all where the grade's cap is 0."""
    return [
        Violation(
            "homework.none_for_grade",
            f"{name} (grade {inst.class_by_name[name].grade}) gets {minutes} min of written homework on {day}",
            name,
            day=day,
            message_zh=f"{name}（{inst.class_by_name[name].grade}年级不布置书面家庭作业）有书面作业 {minutes} 分钟",
        )
        for (name, day), minutes in sorted(written_by_class_day(homework).items())
        if inst.homework_cap(name) == 0 and minutes > 0
    ]


@hard_check("homework.daily_cap", homework=True)
def check_daily_cap(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """Written minutes per class and day within the grade's cap (if it allows any)."""
    found = []
    for (name, day), minutes in sorted(written_by_class_day(homework).items()):
        cap = inst.homework_cap(name)
        if cap > 0 and minutes > cap:
            message = f"{name} gets {minutes} min of written homework on {day}, cap {cap}"
            chinese = f"{name}当天书面作业 {minutes} 分钟，上限 {cap} 分钟"
            found.append(Violation("homework.daily_cap", message, name, day=day, message_zh=chinese))
    return found


@hard_check("homework.weekend", homework=True)
def check_weekend(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """The last school day of the week gets no more than the weekend cap."""
    last, found = inst.days[-1], []
    for (name, day), minutes in sorted(written_by_class_day(homework).items()):
        cap = inst.weekend_homework_cap(name)
        if day == last and minutes > cap and inst.homework_cap(name) > 0:
            message = f"{name} gets {minutes} min of written homework for the weekend ({day}), at most {cap}"
            chinese = f"{name}周末书面作业 {minutes} 分钟，最多 {cap} 分钟"
            found.append(Violation("homework.weekend", message, name, day=day, message_zh=chinese))
    return found


def _home_allowance_set(inst: Instance) -> bool:
    return any(section.policy.homework_home_minutes is not None for section in inst.sections_in_force)


@hard_check("homework.at_school", homework=True, applies=_home_allowance_set)
def check_at_school(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """If switched on, written minutes beyond the guidance session within the allowance."""
    found = []
    for (name, day), minutes in sorted(written_by_class_day(homework).items()):
        allowance = inst.section_of(name).policy.homework_home_minutes
        if allowance is None:
            continue
        home = minutes - inst.guidance_minutes(name, day)
        if home > allowance:
            message = f"{name} takes {home} min of written homework home on {day}, at most {allowance}"
            chinese = f"{name}当天带回家的书面作业 {home} 分钟，最多 {allowance} 分钟"
            found.append(Violation("homework.at_school", message, name, day=day, message_zh=chinese))
    return found


@soft_count("soft.homework_even", homework=True)
def homework_even(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> int:
    """Per class, the most minus the fewest written minutes of a school day (in the busier of odd and
    even weeks, for a class with 单双周 homework)."""
    views = [written_in_weeks(homework, parity) for parity in PARITIES]
    total = 0
    for school_class in inst.classes:
        spreads = [[written.get((school_class.name, day), 0) for day in inst.days] for written in views]
        total += max(max(per_day) - min(per_day) for per_day in spreads)
    return total


@soft_count("soft.homework_spread", homework=True)
def homework_spread(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> int:
    """Pairs of calendar-consecutive school days with an item of the same subject."""
    given = {(item.class_, item.subject, iso_weekday(item.day)) for item in homework}
    return sum(1 for name, subject, number in given if (name, subject, number + 1) in given)


@figures("homework.daily_cap")
def _cap_figures(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang) -> str:
    written = written_by_class_day(homework)
    if not written:
        return ""
    name, day = max(written, key=lambda key: written[key] / max(1, inst.homework_cap(key[0])))
    cap = inst.homework_cap(name)
    if lang == "zh":
        return f"最多 {written[name, day]}/{cap} 分钟 ({name} {day_label(lang, day)})"
    return f"highest {written[name, day]}/{cap} min ({name}, {day_label(lang, day)})"


@figures("homework.all_placed")
def _placed_figures(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem], lang: Lang) -> str:
    return f"{len(homework)} 项" if lang == "zh" else f"{len(homework)} items"
