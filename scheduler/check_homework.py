"""The independent checker's homework rules: a homework plan against the instance and the lessons.

Like scheduler.check, this never looks at the CP-SAT model.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from models.calendar import iso_weekday
from models.instance import Instance
from models.solution import HomeworkItem, Lesson
from scheduler.violation import Violation


def written_minutes(homework: list[HomeworkItem]) -> dict[tuple[str, str], int]:
    """Written-homework minutes per (class, day)."""
    minutes: dict[tuple[str, str], int] = defaultdict(int)
    for item in homework:
        if item.written:
            minutes[item.class_, item.day] += item.minutes
    return minutes


def check_homework_lesson_day(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """homework.lesson_day: an item of a subject only on a day the class had a weekly lesson of it."""
    taught = {(lesson.class_, lesson.subject, lesson.day) for lesson in lessons if lesson.weeks == "all"}
    return [
        Violation(
            "homework.lesson_day",
            f"{item.class_} gets {item.subject} homework on {item.day} without a {item.subject} lesson that day",
            item.class_,
            day=item.day,
        )
        for item in homework
        if (item.class_, item.subject, item.day) not in taught
    ]


def check_homework_all_placed(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """homework.all_placed: each subject's items a week (and their minutes) exactly as planned."""
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
                found.append(Violation("homework.all_placed", message, name))
        for item in mine:
            entry = plan.get(item.subject)
            if entry is not None and (item.minutes != entry.minutes or item.written != entry.written):
                message = f"{name} {item.subject} on {item.day}: {item.minutes} min, the plan says {entry.minutes}"
                found.append(Violation("homework.all_placed", message, name, day=item.day))
    return found


def check_homework_none_for_grade(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """homework.none_for_grade: no written homework at all where the grade's cap is 0."""
    return [
        Violation(
            "homework.none_for_grade",
            f"{name} (grade {inst.class_by_name[name].grade}) gets {minutes} min of written homework on {day}",
            name,
            day=day,
        )
        for (name, day), minutes in sorted(written_minutes(homework).items())
        if inst.homework_cap(name) == 0 and minutes > 0
    ]


def check_homework_daily_cap(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """homework.daily_cap: written minutes per class and day within the grade's cap (if it allows any)."""
    found = []
    for (name, day), minutes in sorted(written_minutes(homework).items()):
        cap = inst.homework_cap(name)
        if cap > 0 and minutes > cap:
            message = f"{name} gets {minutes} min of written homework on {day}, cap {cap}"
            found.append(Violation("homework.daily_cap", message, name, day=day))
    return found


def check_homework_weekend(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """homework.weekend: the last school day of the week gets no more than the weekend cap."""
    last, found = inst.days[-1], []
    for (name, day), minutes in sorted(written_minutes(homework).items()):
        cap = inst.weekend_homework_cap(name)
        if day == last and minutes > cap and inst.homework_cap(name) > 0:
            message = f"{name} gets {minutes} min of written homework for the weekend ({day}), at most {cap}"
            found.append(Violation("homework.weekend", message, name, day=day))
    return found


def check_homework_at_school(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> list[Violation]:
    """homework.at_school: if switched on, written minutes beyond the guidance session within the allowance."""
    allowance = inst.policy_in_force.homework_home_minutes
    if allowance is None:
        return []
    found = []
    for (name, day), minutes in sorted(written_minutes(homework).items()):
        home = minutes - inst.guidance_minutes(name, day)
        if home > allowance:
            message = f"{name} takes {home} min of written homework home on {day}, at most {allowance}"
            found.append(Violation("homework.at_school", message, name, day=day))
    return found


HOMEWORK_CHECKS = (
    check_homework_lesson_day,
    check_homework_all_placed,
    check_homework_none_for_grade,
    check_homework_daily_cap,
    check_homework_weekend,
    check_homework_at_school,
)


def soft_homework_even(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> int:
    """soft.homework_even: per class, the most minus the fewest written minutes of a school day."""
    written = written_minutes(homework)
    total = 0
    for school_class in inst.classes:
        per_day = [written.get((school_class.name, day), 0) for day in inst.days]
        total += max(per_day) - min(per_day)
    return total


def soft_homework_spread(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem]) -> int:
    """soft.homework_spread: pairs of calendar-consecutive school days with an item of the same subject."""
    given = {(item.class_, item.subject, iso_weekday(item.day)) for item in homework}
    return sum(1 for name, subject, number in given if (name, subject, number + 1) in given)
