"""The independent checker: a timetable against every rule, knowing the rules from the instance alone.

This module never looks at the CP-SAT model. Each `check_<rule>` takes the instance and the lessons
as plain data and returns its violations; `check_timetable` runs them all (the registry below).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from models.calendar import is_weekend
from models.instance import ACTIVITY_BLOCKS, LEARNING_BLOCKS, Instance
from models.solution import HomeworkItem, Lesson
from models.validation import InputError, Problem
from scheduler.check_homework import HOMEWORK_CHECKS
from scheduler.check_soft import lesson_teachers
from scheduler.violation import Violation

PARITIES = ("odd", "even")


def in_parity(lessons: list[Lesson], parity: str) -> list[Lesson]:
    """The lessons held in odd (or even) weeks: the weekly ones and that parity's."""
    return [lesson for lesson in lessons if lesson.weeks in ("all", parity)]


def _per_parity(check: Callable[[Instance, list[Lesson]], list[Violation]]):
    """Run a week-dependent check on odd and on even weeks; a breach in both is reported once."""

    def run(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
        odd, even = (check(inst, in_parity(lessons, parity)) for parity in PARITIES)
        if not any(lesson.weeks != "all" for lesson in lessons):
            return odd
        both = set(odd) & set(even)
        found = [v for v in odd if v in both]
        for parity, violations in zip(PARITIES, (odd, even), strict=True):
            found += [
                Violation(**{**v.__dict__, "message": f"{v.message} ({parity} weeks)"}) for v in violations if v not in both
            ]
        return found

    run.__name__ = check.__name__
    run.__doc__ = check.__doc__
    return run


def check_full_hours(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """curriculum.full_hours: each subject's weekly lessons exactly as planned, odd/even pairs included."""
    found = []
    by_class: dict[str, list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        by_class[lesson.class_].append(lesson)
    for school_class in inst.classes:
        name = school_class.name
        mine = by_class[name]
        weekly = Counter(lesson.subject for lesson in mine if lesson.weeks == "all")
        plan = inst.class_plan(name)
        for subject in sorted(set(plan) | set(weekly)):
            if weekly[subject] != plan.get(subject, 0):
                message = f"{name} {subject}: {weekly[subject]} lessons a week, the plan says {plan.get(subject, 0)}"
                found.append(Violation("curriculum.full_hours", message, class_=name))
        odd = {(lesson.day, lesson.period): lesson.subject for lesson in mine if lesson.weeks == "odd"}
        even = {(lesson.day, lesson.period): lesson.subject for lesson in mine if lesson.weeks == "even"}
        pairs = Counter((odd.get(slot), even.get(slot)) for slot in set(odd) | set(even))
        wanted = Counter()
        for pair in inst.class_alternating(name):
            wanted[pair.odd, pair.even] += pair.lessons
        for odd_subject, even_subject in sorted(set(pairs) | set(wanted), key=str):
            if pairs[odd_subject, even_subject] != wanted[odd_subject, even_subject]:
                message = (
                    f"{name} {odd_subject or '-'} (odd weeks) / {even_subject or '-'} (even weeks): "
                    f"{pairs[odd_subject, even_subject]} a week, the plan says {wanted[odd_subject, even_subject]}"
                )
                found.append(Violation("curriculum.full_hours", message, class_=name))
    return found


def _max_disjoint_doubles(inst: Instance, periods: Iterable[int]) -> int:
    """How many disjoint double lessons (consecutive periods of one half-day) a day's periods hold."""
    taken, count = set(periods), 0
    starts = set(inst.double_start_periods())
    period = 1
    while period <= len(inst.bell.periods):
        if period in taken and period + 1 in taken and period in starts:
            count += 1
            period += 2
        else:
            period += 1
    return count


def check_double_lessons(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """curriculum.double_lessons: the wanted number of double lessons per class and subject."""
    wanted: Counter[tuple[str, str]] = Counter()
    for school_class in inst.classes:
        for subject, count in inst.class_doubles(school_class.name).items():
            wanted[school_class.name, subject] += count
    for entry in inst.merged:
        for name in entry.classes:
            wanted[name, entry.subject] += entry.doubles
    periods: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for lesson in lessons:
        if lesson.weeks == "all":
            periods[lesson.class_, lesson.subject, lesson.day].append(lesson.period)
    found = []
    for (name, subject), count in sorted(wanted.items()):
        got = sum(_max_disjoint_doubles(inst, periods[name, subject, day]) for day in inst.days)
        if got < count:
            message = f"{name} {subject}: {got} double lessons a week, {count} wanted"
            found.append(Violation("curriculum.double_lessons", message, class_=name))
    return found


def check_merged(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """curriculum.merged: merged classes (合班) have their lessons together, with one teacher."""
    slots: dict[tuple[str, str], set[tuple[str, int, str]]] = defaultdict(set)
    for lesson in lessons:
        for teacher in lesson_teachers(inst, lesson):
            slots[lesson.class_, lesson.subject].add((lesson.day, lesson.period, teacher))
    found = []
    for entry in inst.merged:
        together = set.intersection(*(slots[name, entry.subject] for name in entry.classes))
        lessons_wanted = entry.lessons or inst.class_plan(entry.classes[0]).get(entry.subject, 0)
        if len(together) < lessons_wanted:
            names = "+".join(entry.classes)
            message = f"{names} {entry.subject}: {len(together)} merged lessons, {lessons_wanted} wanted"
            found.append(Violation("curriculum.merged", message, class_=entry.classes[0]))
    return found


def check_assignment(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """assignment.teacher: a lesson's teacher is the one the teaching assignment names."""
    found = []
    for lesson in lessons:
        assigned = inst.teacher_of.get((lesson.class_, lesson.subject))
        if lesson.teachers and assigned not in lesson.teachers:
            message = f"{lesson.class_} {lesson.subject} taught by {'/'.join(lesson.teachers)}, assigned to {assigned}"
            found.append(
                Violation("assignment.teacher", message, lesson.class_, lesson.teachers[0], None, lesson.day, lesson.period)
            )
    return found


@_per_parity
def check_class_clash(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """clash.class: at most one lesson per class and slot."""
    count = Counter((lesson.class_, lesson.day, lesson.period) for lesson in lessons)
    return [
        Violation("clash.class", f"{name} has {n} lessons at {day} period {period}", name, None, None, day, period)
        for (name, day, period), n in sorted(count.items())
        if n > 1
    ]


@_per_parity
def check_teacher_clash(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """clash.teacher: one lesson per teacher and slot; several classes only as a declared merged lesson."""
    taught: dict[tuple[str, str, int], list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        for teacher in lesson_teachers(inst, lesson):
            taught[teacher, lesson.day, lesson.period].append(lesson)
    found = []
    for (teacher, day, period), group in sorted(taught.items()):
        if len(group) < 2:
            continue
        subjects = {lesson.subject for lesson in group}
        classes = {lesson.class_ for lesson in group}
        merged = len(subjects) == 1 and len(classes) == len(group)
        merged = merged and any(e.subject in subjects and classes <= set(e.classes) for e in inst.merged)
        if not merged:
            names = ", ".join(sorted(f"{lesson.class_} {lesson.subject}" for lesson in group))
            found.append(Violation("clash.teacher", f"{teacher} teaches {names} at once", None, teacher, None, day, period))
    return found


@_per_parity
def check_venue_capacity(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """venue.capacity: the classes in a venue at once stay within its capacity."""
    count = Counter()
    for lesson in lessons:
        venue = inst.subject_venue(lesson.subject)
        if venue is not None:
            count[venue, lesson.day, lesson.period] += 1
    found = []
    for (venue, day, period), n in sorted(count.items()):
        capacity = inst.venue_by_name[venue].capacity
        if n > capacity:
            message = f"{venue} holds {n} classes at {day} period {period}, capacity {capacity}"
            found.append(Violation("venue.capacity", message, None, None, venue, day, period))
    return found


def check_teacher_blocked(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """availability.teacher_blocked: no lesson in a teacher's blocked time (教研, meetings)."""
    found = []
    for lesson in lessons:
        for name in lesson_teachers(inst, lesson):
            teacher = inst.teacher_by_name.get(name)
            if teacher and any(inst.slot_in(ref, lesson.day, lesson.period) for ref in teacher.blocked):
                message = f"{name} is blocked at {lesson.day} period {lesson.period} ({lesson.class_} {lesson.subject})"
                found.append(
                    Violation("availability.teacher_blocked", message, lesson.class_, name, None, lesson.day, lesson.period)
                )
    return found


def check_forbidden(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """availability.forbidden: no lesson in a slot forbidden (禁排) to its class, grade, subject or teacher."""
    found = []
    for index, entry in enumerate(inst.forbidden):
        for lesson in lessons:
            if not inst.slot_in(entry, lesson.day, lesson.period):
                continue
            hit = (
                lesson.class_ == entry.class_
                or (entry.grade is not None and inst.class_by_name[lesson.class_].grade == entry.grade)
                or lesson.subject == entry.subject
                or (entry.teacher is not None and entry.teacher in lesson_teachers(inst, lesson))
            )
            if hit:
                where = f"{lesson.day} period {lesson.period}"
                message = f"{lesson.class_} {lesson.subject} at {where} is forbidden (forbidden[{index}])"
                found.append(
                    Violation("availability.forbidden", message, lesson.class_, None, None, lesson.day, lesson.period)
                )
    return found


def check_fixed(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """availability.fixed: every fixed lesson sits in its slot."""
    present = {(lesson.class_, lesson.subject, lesson.day, lesson.period) for lesson in lessons}
    return [
        Violation("availability.fixed", f"{name} {subject} must be at {day} period {period}", name, None, None, day, period)
        for name, subject, day, period in inst.fixed_lessons()
        if (name, subject, day, period) not in present
    ]


@_per_parity
def check_teacher_daily_max(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """teacher.daily_max: a teacher's lessons a day (a merged lesson counts once) within their maximum."""
    periods: dict[tuple[str, str], set[int]] = defaultdict(set)
    for lesson in lessons:
        for name in lesson_teachers(inst, lesson):
            periods[name, lesson.day].add(lesson.period)
    found = []
    for (name, day), taught in sorted(periods.items()):
        limit = inst.teacher_by_name[name].max_per_day if name in inst.teacher_by_name else None
        if limit is not None and len(taught) > limit:
            message = f"{name} teaches {len(taught)} lessons on {day}, at most {limit}"
            found.append(Violation("teacher.daily_max", message, None, name, None, day))
    return found


def check_no_weekend(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """calendar.no_weekend: no lesson on Saturday or Sunday."""
    return [
        Violation(
            "calendar.no_weekend",
            f"{lesson.class_} {lesson.subject} on {lesson.day}",
            lesson.class_,
            None,
            None,
            lesson.day,
            lesson.period,
        )
        for lesson in lessons
        if is_weekend(lesson.day)
    ]


def check_lesson_window(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """time.lesson_window: lessons start no earlier than the policy allows and end by dismissal."""
    policy, found = inst.policy_in_force, []
    for lesson in lessons:
        period = inst.bell.periods[lesson.period - 1]
        if period.start < policy.earliest_lesson_start or period.end > policy.latest_dismissal:
            message = f"{lesson.class_} {lesson.subject} at period {lesson.period} lies outside the allowed lesson hours"
            found.append(Violation("time.lesson_window", message, lesson.class_, None, None, lesson.day, lesson.period))
    return found


def class_days(inst: Instance, lessons: list[Lesson]) -> dict[tuple[str, str], list[Lesson]]:
    """Lessons per (class, day)."""
    grouped: dict[tuple[str, str], list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        grouped[lesson.class_, lesson.day].append(lesson)
    return grouped


def learning_minutes(inst: Instance, class_name: str, day: str, day_lessons: list[Lesson]) -> int:
    """Concentrated learning minutes of a class's day (one week parity): lessons plus learning blocks."""
    periods = {lesson.period for lesson in day_lessons}
    return sum(inst.period_minutes(p) for p in periods) + inst.block_minutes(class_name, day, LEARNING_BLOCKS)


def activity_minutes(inst: Instance, class_name: str, day: str, day_lessons: list[Lesson]) -> int:
    """Physical-activity minutes of a class's day (one week parity): PE lessons plus activity blocks."""
    pe = {lesson.period for lesson in day_lessons if inst.subject_kind(lesson.subject) == "pe"}
    return sum(inst.period_minutes(p) for p in pe) + inst.block_minutes(class_name, day, ACTIVITY_BLOCKS)


@_per_parity
def check_daily_learning(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """time.max_daily_learning: lesson minutes plus learning blocks per class and day within the cap."""
    cap, grouped, found = inst.policy_in_force.max_daily_learning_minutes, class_days(inst, lessons), []
    for school_class in inst.classes:
        for day in inst.days:
            minutes = learning_minutes(inst, school_class.name, day, grouped[school_class.name, day])
            if minutes > cap:
                message = f"{school_class.name} has {minutes} min of concentrated learning on {day}, cap {cap}"
                found.append(Violation("time.max_daily_learning", message, school_class.name, None, None, day))
    return found


@_per_parity
def check_daily_activity(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """activity.daily_minimum: PE-lesson minutes plus activity blocks per class and day reach the minimum."""
    need, grouped, found = inst.policy_in_force.min_daily_activity_minutes, class_days(inst, lessons), []
    for school_class in inst.classes:
        for day in inst.days:
            minutes = activity_minutes(inst, school_class.name, day, grouped[school_class.name, day])
            if minutes < need:
                message = f"{school_class.name} has {minutes} min of physical activity on {day}, at least {need} needed"
                found.append(Violation("activity.daily_minimum", message, school_class.name, None, None, day))
    return found


@_per_parity
def check_subject_daily_max(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
    """subject.daily_max: lessons of a subject per class and day; a wanted double counts as one occurrence."""
    periods: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for lesson in lessons:
        periods[lesson.class_, lesson.day, lesson.subject].append(lesson.period)
    wanted = {(e_class, e.subject) for e in inst.merged if e.doubles for e_class in e.classes}
    found = []
    for (name, day, subject), taught in sorted(periods.items()):
        limit = inst.subject_daily_max(subject)
        wants_doubles = subject in inst.class_doubles(name) or (name, subject) in wanted
        if wants_doubles and _max_disjoint_doubles(inst, taught) > 0:
            limit = max(limit, 2)
        if len(taught) > limit:
            message = f"{name} has {len(taught)} lessons of {subject} on {day}, at most {limit}"
            found.append(Violation("subject.daily_max", message, name, None, None, day))
    return found


HARD_CHECKS: tuple[Callable[[Instance, list[Lesson]], list[Violation]], ...] = (
    check_full_hours,
    check_double_lessons,
    check_merged,
    check_assignment,
    check_class_clash,
    check_teacher_clash,
    check_venue_capacity,
    check_teacher_blocked,
    check_forbidden,
    check_fixed,
    check_teacher_daily_max,
    check_no_weekend,
    check_lesson_window,
    check_daily_learning,
    check_daily_activity,
    check_subject_daily_max,
)


def lesson_problems(inst: Instance, lessons: list[Lesson]) -> list[Problem]:
    """Names in a timetable that the instance does not know: bad input, not rule breaches."""
    problems = []
    known_days = set(inst.days)
    subjects = {s for c in inst.classes for s in inst.class_plan(c.name)} | {s.name for s in inst.subjects}
    subjects |= {n for g in inst.grades for p in g.alternating for n in (p.odd, p.even)}
    for index, lesson in enumerate(lessons):
        where = f"lessons[{index}]"
        if lesson.class_ not in inst.class_by_name:
            problems.append(Problem(f"{where}.class", f"unknown class '{lesson.class_}'"))
        if lesson.subject not in subjects:
            problems.append(Problem(f"{where}.subject", f"unknown subject '{lesson.subject}'"))
        for teacher in lesson.teachers:
            if teacher not in inst.teacher_by_name:
                problems.append(Problem(f"{where}.teachers", f"unknown teacher '{teacher}'"))
        if lesson.day not in known_days and not is_weekend(lesson.day):
            problems.append(Problem(f"{where}.day", f"'{lesson.day}' is not a school day of the instance"))
        if not 1 <= lesson.period <= len(inst.bell.periods):
            problems.append(Problem(f"{where}.period", f"period {lesson.period} does not exist"))
    return problems


def homework_problems(inst: Instance, homework: list[HomeworkItem]) -> list[Problem]:
    """Names in a homework plan that the instance does not know."""
    problems = []
    for index, item in enumerate(homework):
        if item.class_ not in inst.class_by_name:
            problems.append(Problem(f"homework[{index}].class", f"unknown class '{item.class_}'"))
        if item.day not in inst.days:
            problems.append(Problem(f"homework[{index}].day", f"'{item.day}' is not a school day of the instance"))
    return problems


def check_timetable(inst: Instance, lessons: list[Lesson], homework: list[HomeworkItem] | None = ()) -> list[Violation]:
    """Every hard-rule violation of a timetable and its homework plan; InputError if they name unknown
    things. `homework=None` means no homework plan was given: the homework rules are not checked."""
    problems = lesson_problems(inst, lessons) + homework_problems(inst, list(homework or ()))
    if problems:
        raise InputError(problems)
    found = [violation for check in HARD_CHECKS for violation in check(inst, lessons)]
    if homework is not None:
        found += [violation for check in HOMEWORK_CHECKS for violation in check(inst, lessons, list(homework))]
    return found
