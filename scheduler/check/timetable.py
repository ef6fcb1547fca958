"""What the checker reads off a timetable: a lesson's teachers, the weeks a lesson is held in, the
lessons of a class-day, a teacher's periods, the double lessons of a day, the written minutes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from models.instance import Instance
from models.solution import OWN_ROOM, PARITIES, HomeworkItem, Lesson
from scheduler.check.violation import Violation


def lesson_teachers(inst: Instance, lesson: Lesson) -> list[str]:
    """The lesson's teachers as written, or the assigned teacher when the timetable names none."""
    if lesson.teachers:
        return lesson.teachers
    assigned = inst.teacher_of.get((lesson.class_, lesson.subject))
    return [assigned] if assigned else []


def weekly(lessons: list[Lesson]) -> list[Lesson]:
    """The lessons held every week (not odd/even-week ones)."""
    return [lesson for lesson in lessons if lesson.weeks == "all"]


def in_parity(lessons: list[Lesson], parity: str) -> list[Lesson]:
    """The lessons held in odd (or even) weeks: the weekly ones and that parity's."""
    return [lesson for lesson in lessons if lesson.weeks in ("all", parity)]


def per_parity(check: Callable[[Instance, list[Lesson]], list[Violation]]):
    """Run a week-dependent check on odd and on even weeks; a breach in both is reported once."""

    def run(inst: Instance, lessons: list[Lesson]) -> list[Violation]:
        odd, even = (check(inst, in_parity(lessons, parity)) for parity in PARITIES)
        if not any(lesson.weeks != "all" for lesson in lessons):
            return odd
        both = set(odd) & set(even)
        found = [v for v in odd if v in both]
        for parity, violations in zip(PARITIES, (odd, even), strict=True):
            found += [
                Violation(
                    **{**v.__dict__, "message": f"{v.message} ({parity} weeks)", "message_zh": _in_weeks_zh(v, parity)}
                )
                for v in violations
                if v not in both
            ]
        return found

    run.__name__ = check.__name__
    run.__doc__ = check.__doc__
    return run


def class_days(lessons: list[Lesson]) -> dict[tuple[str, str], list[Lesson]]:
    """Lessons per (class, day)."""
    grouped: dict[tuple[str, str], list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        grouped[lesson.class_, lesson.day].append(lesson)
    return grouped


def teacher_periods(inst: Instance, lessons: list[Lesson]) -> dict[tuple[str, str, str], set[int]]:
    """Per (teacher, section, day), the periods of that section's bell the teacher teaches (a merged
    lesson once)."""
    periods: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for lesson in lessons:
        for teacher in lesson_teachers(inst, lesson):
            periods[teacher, inst.section_of(lesson.class_).name, lesson.day].add(lesson.period)
    return periods


def teacher_day_lessons(inst: Instance, lessons: list[Lesson]) -> dict[tuple[str, str], int]:
    """Per (teacher, day), the lessons taught (of one week parity; a merged lesson once, the periods of
    different sections' bells apart)."""
    per_day: dict[tuple[str, str], int] = defaultdict(int)
    for (name, _, day), taught in teacher_periods(inst, lessons).items():
        per_day[name, day] += len(taught)
    return per_day


def running_at(
    inst: Instance, lessons: list[Lesson], moments: list[tuple[str, int]] | None = None
) -> dict[tuple[str, int], list[Lesson]]:
    """Per moment (day, minute) at which some section's period starts (or of `moments`), the lessons
    running then."""
    by_day: dict[str, list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        by_day[lesson.day].append(lesson)
    running: dict[tuple[str, int], list[Lesson]] = {}
    for day, minute in inst.moments if moments is None else moments:
        here = [lesson for lesson in by_day[day] if inst.section_of(lesson.class_).covering(minute) == lesson.period]
        if here:
            running[day, minute] = here
    return running


def max_disjoint_doubles(inst: Instance, class_name: str, periods: Iterable[int]) -> int:
    """How many disjoint double lessons (consecutive periods of one half-day) a class's day holds."""
    return len(double_pairs(inst, class_name, periods))


def double_pairs(inst: Instance, class_name: str, periods: Iterable[int]) -> list[tuple[int, int]]:
    """As many disjoint double lessons (p, p + 1 of one half-day) as a class's day holds, earliest first."""
    taken, pairs = set(periods), []
    section = inst.section_of(class_name)
    starts = set(section.double_starts)
    period = 1
    while period <= len(section.periods):
        if period in taken and period + 1 in taken and period in starts:
            pairs.append((period, period + 1))
            period += 2
        else:
            period += 1
    return pairs


def lesson_venue(inst: Instance, lesson: Lesson) -> str | None:
    """The shared venue a lesson takes: the one it names, else its subject's only one; none in its
    class's own room (OWN_ROOM)."""
    if lesson.venue == OWN_ROOM:
        return None
    return lesson.venue or inst.subject_venue(lesson.subject)


def written_by_class_day(homework: list[HomeworkItem]) -> dict[tuple[str, str], int]:
    """Written-homework minutes per (class, day), in the busier of odd and even weeks (a 单双周 subject's
    items are set in its own weeks only)."""
    odd, even = (written_in_weeks(homework, parity) for parity in PARITIES)
    return {key: max(odd.get(key, 0), even.get(key, 0)) for key in odd.keys() | even.keys()}


def written_in_weeks(homework: list[HomeworkItem], parity: str) -> dict[tuple[str, str], int]:
    """Written-homework minutes per (class, day) in odd (or even) weeks."""
    minutes: dict[tuple[str, str], int] = defaultdict(int)
    for item in homework:
        if item.written and item.weeks in ("all", parity):
            minutes[item.class_, item.day] += item.minutes
    return minutes


def held_in(weeks: str) -> tuple[str, ...]:
    """The week parities a lesson or item of `weeks` (all / odd / even) takes place in."""
    return PARITIES if weeks == "all" else (weeks,)


def _in_weeks_zh(violation: Violation, parity: str) -> str:
    """A violation's Chinese message, marked with the weeks it happens in (单周/双周)."""
    return f"{violation.message_zh}（{'单' if parity == 'odd' else '双'}周）" if violation.message_zh else ""
