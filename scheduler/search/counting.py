"""Quick counting checks run before the solver: obvious impossibility stated in words.

Each returns Problems naming the place in the file. They are necessary conditions only: passing
them does not prove a timetable exists, failing any one proves it does not.
"""

from __future__ import annotations

from collections import Counter

from models.bell import LEARNING_BLOCKS
from models.calendar import day_label
from models.courses import Course, build_courses, least_busy_slots
from models.instance import Instance, Teacher
from models.rules import RULE_BY_ID
from models.validation import Problem
from scheduler.model.rules.availability import FreeSlots, free_slots
from scheduler.search.counting_policy import policy_problems

HOMEWORK_DAY_RULES = ("homework.lesson_day", "homework.daily_cap", "homework.weekend", "homework.at_school")


def _plan_place(inst: Instance, class_name: str, subject: str, section: str = "plan") -> str:
    """Where a class's entry for a subject is written: its own override or its grade's section."""
    class_index = [c.name for c in inst.classes].index(class_name)
    school_class = inst.classes[class_index]
    if subject in getattr(school_class, section):
        return f"classes[{class_index}].{section}.{subject}"
    grade_index = [g.grade for g in inst.grades].index(school_class.grade)
    return f"grades[{grade_index}].{section}.{subject} ({class_name})"


def _rules_zh(*rule_ids: str) -> str:
    """The rules a Chinese message rests on, by their Chinese titles: `（规则：开齐开足、禁排）`."""
    return f"（规则：{'、'.join(RULE_BY_ID[rule_id].title_zh for rule_id in rule_ids)}）"


def course_problems(inst: Instance, courses: list[Course], domains: FreeSlots) -> list[Problem]:
    """A course with more lessons than free periods, or than the daily maximum allows (rule
    subject.daily_max: N a day, and on a day with one of its double lessons 2, or one more when a
    double counts once)."""
    problems = []
    for course in courses:
        free, first = domains[course.index], course.classes[0]
        days = len({day for day, _ in free})
        limit = inst.subject_daily_max(course.odd.subject, first)
        most = days * limit + min(course.doubles, days) * (inst.subject_day_most(course.odd.subject, first, True) - limit)
        where = _plan_place(inst, course.classes[0], course.odd.subject)
        if course.lessons > len(free):
            english = f"{course.lessons} lessons but the week has {len(free)} free periods"
            chinese = f"{first}{course.odd.subject}每周 {course.lessons} 节课，但一周可排的节次只有 {len(free)} 节"
            problems.append(Problem(where, english, chinese))
        elif course.lessons > most:
            doubles = f" and {course.doubles} double lessons" if course.doubles else ""
            english = (
                f"{course.lessons} lessons but at most {limit} a day{doubles} on {days} free days allow {most} "
                "(rule subject.daily_max)"
            )
            doubles = f"、连堂 {course.doubles} 次" if course.doubles else ""
            chinese = (
                f"{first}{course.odd.subject}每周 {course.lessons} 节课，但每天最多 {limit} 节{doubles}，"
                f"{days} 个可排的日子最多排 {most} 节" + _rules_zh("subject.daily_max")
            )
            problems.append(Problem(where, english, chinese))
    return problems


def class_problems(inst: Instance, courses: list[Course], domains: FreeSlots) -> list[Problem]:
    """A class with more weekly lessons than usable periods or than the daily learning cap allows."""
    problems = []
    load: Counter[str] = Counter()
    for course in courses:
        for name in course.classes:
            load[name] += course.lessons
    for index, school_class in enumerate(inst.classes):
        name = school_class.name
        section = inst.section_of(name)
        cap = section.policy.max_daily_learning_minutes
        usable = {slot for course in courses if name in course.classes for slot in domains[course.index]}
        if load[name] > len(usable):
            english = f"{name} needs {load[name]} lessons but has {len(usable)} usable periods"
            chinese = f"{name}每周要上 {load[name]} 节课，但可用的节次只有 {len(usable)} 节"
            problems.append(Problem(f"classes[{index}]", english, chinese))
            continue
        room = 0
        for day in inst.days:
            budget = cap - inst.block_minutes(name, day, LEARNING_BLOCKS)
            lengths = sorted(section.period_minutes(p) for d, p in usable if d == day)
            while lengths and budget >= lengths[0]:
                budget -= lengths.pop(0)
                room += 1
        if load[name] > room:
            english = (
                f"{name} needs {load[name]} lessons but the {cap}-minute daily learning cap "
                f"(rule time.max_daily_learning) leaves room for {room}"
            )
            chinese = f"{name}每周要上 {load[name]} 节课，但每天集中学习不超过 {cap} 分钟，只排得下 {room} 节" + _rules_zh(
                "time.max_daily_learning"
            )
            problems.append(Problem(f"classes[{index}]", english, chinese))
    return problems


def teacher_problems(inst: Instance, courses: list[Course], domains: FreeSlots) -> list[Problem]:
    """A teacher whose weekly load exceeds their free periods or their daily maximum."""
    problems = []
    for index, teacher in enumerate(inst.teachers):
        mine = [c for c in courses if teacher.name in (c.odd.teacher, c.even.teacher)]
        load = least_busy_slots(mine, teacher.name)
        # Periods of different sections that overlap in time are counted apart: a necessary condition still.
        free = {(inst.section_of(c.classes[0]).name, *slot) for c in mine for slot in domains[c.index]}
        where = f"teachers[{index}]"
        if load > len(free):
            english = f"{teacher.name} has {load} lessons a week but only {len(free)} free periods"
            chinese = f"{teacher.name}每周 {load} 节课，但空闲的节次只有 {len(free)} 节"
            problems.append(Problem(where, english, chinese))
        else:
            problems += _daily_room_problems(inst, teacher, load, free, where)
    return problems


def _daily_room_problems(inst: Instance, teacher: Teacher, load: int, free: set, where: str) -> list[Problem]:
    """A teacher whose free periods, at most `max_per_day` a day and on at most `max_days` days, hold
    fewer lessons than their load."""
    most = teacher.max_per_day or len(free)
    by_day = sorted((min(most, sum(1 for _, d, _ in free if d == day)) for day in inst.days), reverse=True)
    rooms = [("teacher.daily_max", sum(by_day))] if teacher.max_per_day is not None else []
    if teacher.max_days is not None and teacher.max_days < len(inst.days):
        rooms.append(("teacher.max_days", sum(by_day[: teacher.max_days])))
    for rule, room in rooms:
        if load > room:
            limits = f"at most {teacher.max_per_day} a day" if teacher.max_per_day is not None else ""
            limits_zh = f"按每天最多 {teacher.max_per_day} 节" if teacher.max_per_day is not None else ""
            if rule == "teacher.max_days":
                limits = f"{limits + ' and ' if limits else ''}on at most {teacher.max_days} days"
                limits_zh = f"{limits_zh + '、' if limits_zh else '按'}最多 {teacher.max_days} 天"
            english = f"{teacher.name} has {load} lessons a week but their free periods {limits} (rule {rule}) allow {room}"
            chinese = f"{teacher.name}每周 {load} 节课，但空闲的节次{limits_zh}只排得下 {room} 节" + _rules_zh(rule)
            return [Problem(where, english, chinese)]
    return []


def activity_problems(inst: Instance, courses: list[Course], domains: FreeSlots) -> list[Problem]:
    """A class whose PE lessons cannot lift every school day to the daily activity minimum."""
    problems = []
    for index, school_class in enumerate(inst.classes):
        name = school_class.name
        section = inst.section_of(name)
        need = section.policy.min_daily_activity_minutes
        pe = [c for c in courses if name in c.classes and not c.alternating and inst.subject_kind(c.odd.subject) == "pe"]
        pe_lessons = sum(c.lessons for c in pe)
        free = {slot for c in pe for slot in domains[c.index]}
        needed, short_days, unreachable = 0, [], []
        for day in inst.days:
            missing = inst.missing_activity_minutes(name, day)
            if not missing:
                continue
            lengths = sorted((section.period_minutes(p) for d, p in free if d == day), reverse=True)
            lengths = lengths[: max((inst.subject_day_most(c.odd.subject, name, c.doubles > 0) for c in pe), default=0)]
            count = 0
            while missing > 0 and count < len(lengths):
                missing -= lengths[count]
                count += 1
            if missing > 0:
                unreachable.append(day)
            needed += count
            short_days.append(day)
        if unreachable:
            english = (
                f"{name} cannot reach {need} min of physical activity on {', '.join(unreachable)} "
                "(rule activity.daily_minimum): its activity blocks and the PE lessons possible that day "
                "fall short"
            )
            chinese = (
                f"{name}{'、'.join(day_label('zh', day) for day in unreachable)}的体育活动达不到 {need} 分钟："
                "活动时段加上当天能排的体育课仍然不够" + _rules_zh("activity.daily_minimum")
            )
            problems.append(Problem(f"classes[{index}]", english, chinese))
        if needed > pe_lessons and not any(p.where == f"classes[{index}]" for p in problems):
            english = (
                f"{name} needs {needed} PE lessons ({', '.join(short_days)}) to reach {need} min of "
                f"physical activity a day (rule activity.daily_minimum), but its plan has {pe_lessons} PE lessons"
            )
            chinese = (
                f"{name}要在{'、'.join(day_label('zh', day) for day in short_days)}每天体育活动达到 {need} 分钟，"
                f"需要 {needed} 节体育课，但计划只有 {pe_lessons} 节" + _rules_zh("activity.daily_minimum")
            )
            problems.append(Problem(f"classes[{index}]", english, chinese))
    return problems


def homework_problems(inst: Instance, courses: list[Course], domains: FreeSlots) -> list[Problem]:
    """A subject with more homework items than days that have its lesson and room for the item, or a
    week's written minutes above what the days' caps allow (in odd and in even weeks)."""
    problems = []
    for index, school_class in enumerate(inst.classes):
        name, plan = school_class.name, inst.class_homework(school_class.name)
        room = {day: _homework_room(inst, name, day) for day in inst.days}
        for subject, entry in plan.items():
            weeks = inst.homework_weeks(name, subject)
            taught = [
                c
                for c in courses
                if name in c.classes
                and c.alternating == (weeks != "all")
                and c.part("odd" if weeks == "all" else weeks).subject == subject
            ]
            days = {day for c in taught for day, _ in domains[c.index] if not entry.written or entry.minutes <= room[day]}
            possible = min(len(days), sum(c.lessons - c.doubles for c in taught))  # a double lesson fills one day
            if entry.items > possible:
                english = (
                    f"{name}: {entry.items} {subject} homework items need as many days with a {subject} lesson "
                    f"and room for {entry.minutes} min, at most {possible} are possible "
                    "(rules homework.lesson_day, homework.daily_cap, homework.weekend, homework.at_school)"
                )
                chinese = (
                    f"{name}每周 {entry.items} 次{subject}作业，需要同样多天既有{subject}课、又容得下 {entry.minutes} 分钟"
                    f"作业，最多只有 {possible} 天" + _rules_zh(*HOMEWORK_DAY_RULES)
                )
                problems.append(Problem(_plan_place(inst, name, subject, "homework"), english, chinese))
        for parity in ("odd", "even"):
            written = sum(
                e.items * e.minutes for s, e in plan.items() if e.written and inst.homework_weeks(name, s) in ("all", parity)
            )
            if written > sum(room.values()):
                english = (
                    f"{name}: {written} min of written homework a week, the days' caps allow {sum(room.values())} "
                    "(rules homework.daily_cap, homework.weekend, homework.at_school)"
                )
                chinese = f"{name}每周书面作业 {written} 分钟，各天上限合计只允许 {sum(room.values())} 分钟" + _rules_zh(
                    *HOMEWORK_DAY_RULES[1:]
                )
                problems.append(Problem(f"classes[{index}]", english, chinese))
                break
    return problems


def _homework_room(inst: Instance, name: str, day: str) -> int:
    """The written minutes a class's day can take: its cap (the weekend cap on the last day), and with
    homework at school switched on, its session plus the minutes allowed home."""
    allowance = inst.section_of(name).policy.homework_home_minutes
    cap = inst.day_homework_cap(name, day)
    return cap if allowance is None else min(cap, inst.guidance_minutes(name, day) + allowance)


def counting_problems(
    inst: Instance, courses: list[Course] | None = None, domains: FreeSlots | None = None
) -> list[Problem]:
    """Every counting check, in order; empty when none proves the instance impossible. `courses` and
    `domains` (their free slots, `free_slots`): when already computed for this instance."""
    courses = build_courses(inst) if courses is None else courses
    domains = free_slots(inst, courses) if domains is None else domains
    problems = []
    checks = (course_problems, class_problems, teacher_problems, activity_problems, homework_problems, policy_problems)
    for check in checks:
        problems += check(inst, courses, domains)
    return problems
