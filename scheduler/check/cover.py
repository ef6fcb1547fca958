"""The independent check of a change set (调代课): the dated lessons of the term with every change
applied, read against the absences and the daily rules of each changed date.

Rules (models/rules.py, COVER_RULES): no lesson taught by a teacher who is away then (cover.absent);
a substitute teaches that subject or that class (cover.qualified); a duty teacher is present and free
(cover.duty); nobody covers more than the week's maximum (cover.max_per_week); no teacher is brought
in on more days of a week than their maximum (teacher.max_days); no lesson in a closed
venue (cover.venue_closed); a merged cover joins a lesson of its subject held then, of its grade,
where the office allows merging (cover.merge); and on each changed date the weekly timetable's daily
rules: clashes, venue capacity, blocked time, a teacher's and a subject's lessons a day, learning and
activity minutes, the daily PE lesson.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from models.absence import Absences, CoverChange, class_away, teacher_away, venue_closure
from models.instance import Instance, Merged
from models.solution import OWN_ROOM, Lesson
from models.term import TermDay
from scheduler.check.checker import check_timetable
from scheduler.check.term import DatedLesson, dated_lessons, off_day_lessons
from scheduler.check.timetable import lesson_teachers, lesson_venue
from scheduler.check.violation import Violation

DAILY_RULES = {
    "clash.class",
    "clash.teacher",
    "venue.capacity",
    "availability.teacher_blocked",
    "availability.forbidden",
    "teacher.daily_max",
    "time.lesson_window",
    "time.max_daily_learning",
    "activity.daily_minimum",
    "subject.daily_max",
    "activity.daily_pe",
    "activity.without_pe",
}


@dataclass
class CoverPlan:
    """The outcome of `plan_covers`: the changes, the lessons nothing can hold, and the check."""

    changes: list[CoverChange] = field(default_factory=list)
    uncovered: list[DatedLesson] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    seconds: float = 0.0
    found: bool = True
    binding: list[tuple[str, str]] = field(default_factory=list)  # with no change set: the limits that leave none
    why: list[list[tuple[str, str]]] = field(default_factory=list)  # per uncovered lesson: (english, chinese) reasons


def covered_lessons(
    inst: Instance, lessons: list[Lesson], absences: Absences, changes: list[CoverChange]
) -> list[DatedLesson]:
    """The term's dated lessons as held: a class away has none; a substitute (or the teacher of a
    merged lesson) teaches in place of the teacher away; a swap exchanges the two lessons' dates and
    periods; a self-study is no lesson; an indoor lesson is in the class's own room; a make-up (补课)
    is one more lesson."""
    days = list(inst.term.values())
    runs_on = {day.date: day.runs or "" for day in days}
    held = {(item.date, item.lesson.period, item.lesson.class_): item for item in dated_lessons(days, lessons)}
    held = {key: item for key, item in held.items() if not class_away(absences, key[2], key[0])}
    for change in changes:
        key = (change.date, change.period, change.class_)
        if key not in held and change.kind != "makeup":
            continue
        if change.kind == "makeup":  # a lesson more; on a taken period both stay, and the daily check sees the clash
            values = {"class": change.class_, "subject": change.subject, "teachers": [change.teacher]}
            lesson = Lesson.model_validate(values | {"day": runs_on[change.date], "period": change.period})
            held[(*key, "makeup") if key in held else key] = DatedLesson(change.date, lesson)
        elif change.kind == "self_study":
            del held[key]
        elif change.kind in ("substitute", "merge", "indoor"):
            update = {"teachers": [change.cover]} if change.cover else {}
            lesson = held[key].lesson.model_copy(update=update | ({"venue": OWN_ROOM} if change.indoor else {}))
            held[key] = DatedLesson(change.date, lesson)
        elif (other := (change.swap_date, change.swap_period, change.class_)) in held:
            first, second = held[key], held[other]
            held[key] = DatedLesson(change.date, second.lesson.model_copy(update={"period": change.period}))
            held[other] = DatedLesson(change.swap_date, first.lesson.model_copy(update={"period": change.swap_period}))
    return sorted(held.values(), key=lambda item: (item.date, item.lesson.period, item.lesson.class_))


def check_cover(inst: Instance, lessons: list[Lesson], absences: Absences, changes: list[CoverChange]) -> list[Violation]:
    """Every breach of the change set: teachers away still teaching, unqualified substitutes, covers
    above the week's maximum, and the daily rules of each changed date."""
    held = covered_lessons(inst, lessons, absences, changes)
    found = _absent_teaching(inst, absences, held) + _unqualified(inst, changes) + _over_maximum(inst, absences, changes)
    found += off_day_lessons(list(inst.term.values()), held)  # a make-up on a holiday
    found += _duties(inst, absences, held, changes) + _in_closed_venues(inst, absences, held)
    found += _merges(inst, absences, held, changes) + _over_days(inst, lessons, absences, held)
    days = inst.term
    for date in sorted({c.date for c in changes} | {c.swap_date for c in changes if c.swap_date}):
        day_lessons = [item.lesson for item in held if item.date == date]
        merges = [c for c in changes if c.kind == "merge" and c.date == date]
        found += [
            v
            for v in day_breaches(inst, days[date], day_lessons, merges)
            if not (v.class_ and class_away(absences, v.class_, date))
        ]
    return found


def _in_closed_venues(inst: Instance, absences: Absences, held: list[DatedLesson]) -> list[Violation]:
    found = []
    for item in held:
        lesson = item.lesson
        venue = lesson_venue(inst, lesson)
        if closure := venue_closure(inst, absences, venue, item.date, lesson.class_, lesson.period):
            when = f"{item.date}, period {lesson.period}"
            english = (
                f"{venue} is closed on {when} ({closure.reason or 'closed'}) but holds {lesson.class_} {lesson.subject}"
            )
            why = closure.reason or "关闭"
            chinese = f"{venue}{item.date}第{lesson.period}节关闭（{why}），却仍有{lesson.class_}{lesson.subject}"
            found.append(
                Violation(
                    "cover.venue_closed", english, lesson.class_, venue=venue, period=lesson.period, message_zh=chinese
                )
            )
    return found


def _merges(inst: Instance, absences: Absences, held: list[DatedLesson], changes: list[CoverChange]) -> list[Violation]:
    """Each merged cover joins a lesson of its subject held at that time by its cover teacher, in a
    class of the same grade, for a subject the absences file lets merge."""
    lessons = {(item.date, item.lesson.period, item.lesson.class_): item.lesson for item in held}
    found = []
    for change in (c for c in changes if c.kind == "merge"):
        host = lessons.get((change.date, change.period, change.merge_with or ""))
        grades = {
            inst.class_by_name[name].grade for name in (change.class_, change.merge_with) if name in inst.class_by_name
        }
        joined = host is not None and host.subject == change.subject and lesson_teachers(inst, host) == [change.cover]
        why = [
            (
                not joined,
                f"{change.merge_with} has no {change.subject} by {change.cover} then",
                f"{change.merge_with}此时没有{change.cover}的{change.subject}课",
            ),
            (len(grades) != 1, "the classes are of different grades", "两班不同年级"),
            (
                change.subject not in absences.merge_subjects,
                f"the absences file does not let {change.subject} merge (merge_subjects)",
                f"缺勤文件未允许{change.subject}合班（merge_subjects）",
            ),
        ]
        for english, chinese in ((e, c) for broken, e, c in why if broken):
            when = f"{change.date}, period {change.period}"
            english = f"{change.class_} cannot join {change.merge_with}'s {change.subject} on {when}: {english}"
            chinese = (
                f"{change.class_}{change.date}第{change.period}节不能与{change.merge_with}合上{change.subject}：{chinese}"
            )
            found.append(
                Violation("cover.merge", english, change.class_, change.cover, period=change.period, message_zh=chinese)
            )
    return found


def _duties(inst: Instance, absences: Absences, held: list[DatedLesson], changes: list[CoverChange]) -> list[Violation]:
    """A self-study's duty teacher is present, teaching no lesson and on no other duty at that time, and
    not in blocked time."""
    days = inst.term
    taken: dict[tuple[str, dt.date], list[tuple[int, int]]] = {}
    for item in held:
        for teacher in lesson_teachers(inst, item.lesson):
            taken.setdefault((teacher, item.date), []).append(
                inst.section_of(item.lesson.class_).interval(item.lesson.period)
            )
    found = []
    for change in (c for c in changes if c.kind == "self_study" and c.cover):
        section, teacher = inst.section_of(change.class_), change.cover
        start, end = section.interval(change.period)
        busy = any(s < end and start < e for s, e in taken.get((teacher, change.date), []))
        blocked = any(
            section.slot_in(ref, days[change.date].runs or "", change.period)
            for ref in inst.teacher_by_name[teacher].blocked
        )
        if busy or blocked or teacher_away(inst, absences, teacher, change.date, change.class_, change.period):
            when = f"{change.date}, period {change.period}"
            english = f"{teacher} cannot be on duty for {change.class_} on {when}: away, busy or blocked then"
            chinese = f"{teacher}{change.date}第{change.period}节不能在{change.class_}值班：缺勤、有课或不排课时间"
            found.append(Violation("cover.duty", english, change.class_, teacher, period=change.period, message_zh=chinese))
        taken.setdefault((teacher, change.date), []).append((start, end))
    return found


def _absent_teaching(inst: Instance, absences: Absences, held: list[DatedLesson]) -> list[Violation]:
    found = []
    for item in held:
        for teacher in lesson_teachers(inst, item.lesson):
            if teacher_away(inst, absences, teacher, item.date, item.lesson.class_, item.lesson.period):
                lesson = item.lesson
                what = f"{lesson.class_} {lesson.subject}, period {lesson.period}"
                english = f"{teacher} is away on {item.date} but teaches {what}"
                chinese = f"{teacher}{item.date}缺勤，却仍有{lesson.class_}第{lesson.period}节{lesson.subject}"
                found.append(
                    Violation("cover.absent", english, lesson.class_, teacher, period=lesson.period, message_zh=chinese)
                )
    return found


def qualified(inst: Instance, teacher: str, class_name: str, subject: str) -> bool:
    """A substitute teaches that subject (to any class) or teaches that class (any subject)."""
    teaches = inst.teacher_by_name[teacher].teaches
    return subject in teaches or any(class_name in classes for classes in teaches.values())


def _unqualified(inst: Instance, changes: list[CoverChange]) -> list[Violation]:
    found = []
    for change in changes:
        if change.kind == "substitute" and not qualified(inst, change.cover, change.class_, change.subject):
            english = f"{change.cover} neither teaches {change.subject} nor teaches {change.class_}"
            chinese = f"{change.cover}既不教{change.subject}，也不教{change.class_}，不能代这节课"
            found.append(Violation("cover.qualified", english, change.class_, change.cover, message_zh=chinese))
    return found


def _over_maximum(inst: Instance, absences: Absences, changes: list[CoverChange]) -> list[Violation]:
    load = Counter((change.cover, inst.term[change.date].week) for change in changes if change.cover)
    most = absences.max_covers_per_week
    found = []
    for (teacher, week), count in sorted(load.items()):
        if count > most:
            english, chinese = (
                f"{teacher} covers {count} lessons in week {week}, at most {most}",
                f"{teacher}第{week}周代课 {count} 节，最多 {most} 节",
            )
            found.append(Violation("cover.max_per_week", english, teacher=teacher, message_zh=chinese))
    return found


def _over_days(inst: Instance, lessons: list[Lesson], absences: Absences, held: list[DatedLesson]) -> list[Violation]:
    """Teachers on more dates of a teaching week than their maximum of days, where the changes added
    a date to the term as it runs without them (a week the calendar already crowds, such as one with
    a 调休 Saturday, is not theirs)."""
    limited = {t.name: t.max_days for t in inst.teachers if t.max_days is not None}
    if not limited:
        return []
    before = covered_lessons(inst, lessons, absences, [])
    days_before, days_after = _teaching_dates(inst, before, limited), _teaching_dates(inst, held, limited)
    found = []
    for (teacher, week), dates in sorted(days_after.items()):
        count, most = len(dates), limited[teacher]
        if count > most and count > len(days_before.get((teacher, week), ())):
            english, chinese = (
                f"{teacher} teaches on {count} days in week {week}, at most {most}",
                f"{teacher}第{week}周上课 {count} 天，最多 {most} 天",
            )
            found.append(Violation("teacher.max_days", english, teacher=teacher, message_zh=chinese))
    return found


def _teaching_dates(inst: Instance, held: list[DatedLesson], limited: dict) -> dict[tuple[str, int], set]:
    """Per (teacher, teaching week), the dates with a lesson of theirs, for the teachers in `limited`."""
    dates: dict[tuple[str, int], set] = {}
    for item in held:
        for teacher in lesson_teachers(inst, item.lesson):
            if teacher in limited:
                dates.setdefault((teacher, inst.term[item.date].week), set()).add(item.date)
    return dates


def day_breaches(inst: Instance, day: TermDay, held: list[Lesson], merges: list[CoverChange] = ()) -> list[Violation]:
    """The breaches of the daily rules on one date: its lessons as the weekday it runs, checked as a
    week's timetable (a merged cover as one more 合班 of that day), only that day's breaches of those
    rules kept."""
    runs, school = day.runs or "", inst.on_date(day.date)  # 冬季作息 on its dates
    school = _with_merges(school, merges)
    as_week = [lesson.model_copy(update={"day": runs, "weeks": "all"}) for lesson in held]
    return [
        _dated(violation, day.date)
        for violation in check_timetable(school, as_week, None)
        if violation.rule in DAILY_RULES and violation.day == runs
    ]


def _with_merges(school: Instance, merges: list[CoverChange]) -> Instance:
    """The school as a changed date holds it: each merged cover one more 合班."""
    joined = [Merged(subject=c.subject, classes=[c.class_, c.merge_with]) for c in merges if c.merge_with]
    return type(school).model_construct(**dict(school) | {"merged": school.merged + joined}) if joined else school


def _dated(violation: Violation, date: dt.date) -> Violation:
    english, chinese = f"{date}: {violation.message}", f"{date}：{violation.message_zh}"
    return Violation(
        violation.rule,
        english,
        violation.class_,
        violation.teacher,
        violation.venue,
        violation.day,
        violation.period,
        chinese,
    )
