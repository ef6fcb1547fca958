"""Daily limits on the model side: a teacher's lessons a day, a class's learning minutes and activity
minutes a day, and a subject's lessons a day."""

from __future__ import annotations

from collections import defaultdict

from models.bell import ACTIVITY_BLOCKS, LEARNING_BLOCKS
from models.calendar import Lang, day_label
from models.courses import Course
from models.instance import Instance
from models.solution import PARITIES
from scheduler.model.registry import Requirement, hard_rule, of_class, sentence
from scheduler.model.variables import Variables


@hard_rule("teacher.daily_max")
def teacher_daily_max(v: Variables):
    """A teacher's lessons per day and week parity within their maximum."""
    for teacher in v.inst.teachers:
        if teacher.max_per_day is None:
            continue
        for parity in PARITIES:
            mine = [c for c in v.teacher_courses[teacher.name] if c.part(parity).teacher == teacher.name]
            for day in v.inst.days:
                taught = sum(var for c in mine for _, var in v.on_day(c, day))
                yield Requirement(v.model.add(taught <= teacher.max_per_day), teacher.name)


@hard_rule("teacher.max_days")
def teacher_max_days(v: Variables):
    """A teacher's days with a lesson, per week parity, within their maximum."""
    for teacher in v.inst.teachers:
        if teacher.max_days is None or teacher.max_days >= len(v.inst.days):
            continue
        for parity in PARITIES:
            mine = [c for c in v.teacher_courses[teacher.name] if c.part(parity).teacher == teacher.name]
            busy = []
            for day in v.inst.days:
                lessons = [var for c in mine for _, var in v.on_day(c, day)]
                if lessons:
                    teaches = v.model.new_bool_var(f"{teacher.name} teaches on {day} ({parity})")
                    v.model.add_max_equality(teaches, lessons)
                    busy.append(teaches)
            if len(busy) > teacher.max_days:
                yield Requirement(v.model.add(sum(busy) <= teacher.max_days), teacher.name)


@hard_rule("time.max_daily_learning")
def daily_learning(v: Variables):
    """Lesson minutes plus learning blocks per class and day within the cap of its section."""
    for name, courses in v.class_courses.items():
        section = v.inst.section_of(name)
        cap = section.policy.max_daily_learning_minutes
        for day in v.inst.days:
            blocks = v.inst.block_minutes(name, day, LEARNING_BLOCKS)
            lessons = [(section.period_minutes(p), var) for c in courses for p, var in v.on_day(c, day)]
            if blocks + sum(minutes for minutes, _ in lessons) > cap:
                yield Requirement(v.model.add(sum(minutes * var for minutes, var in lessons) <= cap - blocks), name, day)


@hard_rule("activity.daily_minimum")
def daily_activity(v: Variables):
    """PE-lesson minutes plus activity blocks per class, day and parity reach the minimum."""
    for name, courses in v.class_courses.items():
        section = v.inst.section_of(name)
        for day in v.inst.days:
            missing = v.inst.missing_activity_minutes(name, day)
            if not missing:
                continue
            for parity in PARITIES:
                pe = [c for c in courses if v.inst.subject_kind(c.part(parity).subject) == "pe"]
                pe_minutes = sum(section.period_minutes(p) * var for c in pe for p, var in v.on_day(c, day))
                yield Requirement(v.model.add(pe_minutes >= missing), name, day)


@hard_rule("subject.daily_max")
def subject_daily_max(v: Variables):
    """Lessons of a subject per class, day and week parity within the subject's daily maximum: a day
    with one of its wanted double lessons may have 2 (policy `daily_max_counts: lessons`), or a
    wanted double lesson counts once (`occurrences`)."""
    for name, courses in v.class_courses.items():
        once = v.inst.section_of(name).policy.daily_max_counts == "occurrences"
        for parity in PARITIES:
            by_subject: dict[str, list[Course]] = defaultdict(list)
            for course in courses:
                by_subject[course.part(parity).subject].append(course)
            for subject, group in by_subject.items():
                limit = v.inst.subject_daily_max(subject, name)
                for day in v.inst.days:
                    lessons = [var for c in group for _, var in v.on_day(c, day)]
                    starts = sum(var for c in group for (d, _), var in v.double[c.index].items() if d == day)
                    if len(lessons) > limit:
                        counted = sum(lessons) - starts if once else sum(lessons) - max(0, 2 - limit) * starts
                        yield Requirement(v.model.add(counted <= limit), name)


@sentence("teacher.daily_max")
def _teacher_max_words(inst: Instance, teacher: str, lang: Lang = "zh") -> str:
    most = inst.teacher_by_name[teacher].max_per_day
    return f"{teacher}每天最多上 {most} 节课" if lang == "zh" else f"{teacher} teaches at most {most} lessons a day"


@sentence("teacher.max_days")
def _teacher_days_words(inst: Instance, teacher: str, lang: Lang = "zh") -> str:
    most = inst.teacher_by_name[teacher].max_days
    return f"{teacher}每周最多 {most} 天有课" if lang == "zh" else f"{teacher} teaches on at most {most} days a week"


@sentence("time.max_daily_learning")
def _learning_words(inst: Instance, name: str, day: str, lang: Lang = "zh", named: bool = True) -> str:
    blocks = inst.block_minutes(name, day, LEARNING_BLOCKS)
    cap = inst.section_of(name).policy.max_daily_learning_minutes
    if lang == "zh":
        words = f"{day_label(lang, day)}集中学习不超过 {cap} 分钟（其中学习时段占 {blocks} 分钟）"
        return of_class(name, words, lang, named)
    words = f"has at most {cap} min of concentrated learning on {day} ({blocks} min of it in learning blocks)"
    return of_class(name, words, lang, named)


@sentence("activity.daily_minimum")
def _activity_words(inst: Instance, name: str, day: str, lang: Lang = "zh", named: bool = True) -> str:
    blocks = inst.block_minutes(name, day, ACTIVITY_BLOCKS)
    need = inst.section_of(name).policy.min_daily_activity_minutes
    if lang == "zh":
        words = f"{day_label(lang, day)}体育活动不少于 {need} 分钟（活动时段 {blocks} 分钟，其余靠体育课）"
        return of_class(name, words, lang, named)
    words = f"gets {need} min of physical activity on {day} ({blocks} min from activity blocks, the rest from a PE lesson)"
    return of_class(name, words, lang, named)


@sentence("subject.daily_max")
def _subject_max_words(inst: Instance, name: str, lang: Lang = "zh", named: bool = True) -> str:
    policy = inst.section_of(name).policy
    main, other = policy.main_subject_daily_max, policy.other_subject_daily_max
    once = policy.daily_max_counts == "occurrences"
    if lang == "zh":
        doubles = "连堂算一次" if once else "有该科连堂的那天可上 2 节"
        return of_class(name, f"每天主科最多 {main} 节、其他学科最多 {other} 节（{doubles}）", lang, named)
    doubles = "a double lesson counting once" if once else "2 on a day with a double lesson of the subject"
    words = f"has at most {main} lessons a day of a main subject and {other} of any other ({doubles})"
    return of_class(name, words, lang, named)
