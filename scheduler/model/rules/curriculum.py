"""The curriculum on the model side: full weekly hours (开齐开足), the wanted double lessons (连堂) and
classes together (同时上课)."""

from __future__ import annotations

from collections import defaultdict

from models.calendar import Lang
from models.courses import Course
from models.instance import Instance
from scheduler.model.registry import Requirement, hard_rule, met_by_construction, of_class, sentence
from scheduler.model.variables import Variables

met_by_construction("curriculum.merged", "a merged course is one set of variables shared by its classes")
met_by_construction("assignment.teacher", "a course's lessons are taught by the teacher the assignment names")


@hard_rule("curriculum.full_hours")
def full_hours(v: Variables):
    """Each course gets exactly its weekly lessons."""
    for course in v.courses:
        yield Requirement(v.model.add(sum(v.place[course.index].values()) == course.lessons), course.classes[0])


@hard_rule("curriculum.double_lessons")
def double_lessons(v: Variables):
    """`doubles` double starts per course, each covering two placed lessons; a class's double lessons
    of a subject on different days."""
    doubled: dict[tuple[str, str], list[Course]] = defaultdict(list)
    for course in v.courses:
        if not course.doubles:
            continue
        starts = v.double[course.index]
        place = v.place[course.index]
        for (day, period), start in starts.items():
            v.model.add_implication(start, place[day, period])
            v.model.add_implication(start, place[day, period + 1])
        yield Requirement(v.model.add(sum(starts.values()) == course.doubles), course.classes[0])
        for name in course.classes:
            doubled[name, course.odd.subject].append(course)
    for (name, _), courses in doubled.items():
        for day in v.inst.days:
            starts_that_day = [var for c in courses for (d, _), var in v.double[c.index].items() if d == day]
            if len(starts_that_day) > 1:
                yield Requirement(v.model.add(sum(starts_that_day) <= 1), name)


@hard_rule("curriculum.together")
def together(v: Variables):
    """同时上课: each entry's classes have that many lessons of their subjects at common slots (all of
    them: the same slots)."""
    for index, entry in enumerate(v.inst.together):
        members = [_weekly_lessons(v, m.class_, m.subject) for m in entry.of]
        slots = sorted(set().union(*members))
        if entry.lessons is None:
            first, others = members[0], members[1:]
            for slot in slots:
                for other in others:
                    yield Requirement(v.model.add(first.get(slot, 0) == other.get(slot, 0)), index)
            continue
        common = []
        for slot in (s for s in slots if all(s in member for member in members)):
            at_once = v.model.new_bool_var(f"together[{index},{slot}]")
            for member in members:
                v.model.add(at_once <= member[slot])
            common.append(at_once)
        yield Requirement(v.model.add(sum(common) >= entry.lessons), index)


def _weekly_lessons(v: Variables, name: str, subject: str) -> dict:
    """Per slot, the class's weekly lessons of the subject there (0 or 1: the class has one at a time)."""
    at: dict = defaultdict(int)
    for course in v.class_courses[name]:
        if not course.alternating and course.odd.subject == subject:
            for slot, var in v.place[course.index].items():
                at[slot] += var
    return dict(at)


@sentence("curriculum.full_hours")
def _full_hours_words(inst: Instance, name: str, lang: Lang = "zh", named: bool = True) -> str:
    plan = inst.class_plan(name)
    if lang == "zh":
        listed = "、".join(f"{s} {n} 节" for s, n in plan.items())
        return of_class(name, f"开齐开足每周 {sum(plan.values())} 节课（{listed}）", lang, named)
    listed = ", ".join(f"{s} {n}" for s, n in plan.items())
    return of_class(name, f"gets its full weekly plan, {sum(plan.values())} lessons ({listed})", lang, named)


@sentence("curriculum.double_lessons")
def _doubles_words(inst: Instance, name: str, lang: Lang = "zh", named: bool = True) -> str:
    doubles = inst.class_doubles(name).items()
    if lang == "zh":
        listed = "、".join(f"{s} {n} 次" for s, n in doubles)
        return of_class(name, f"排足每周的连堂（{listed or '合班课的连堂'}）", lang, named)
    listed = ", ".join(f"{s} {n}" for s, n in doubles)
    return of_class(name, f"gets its double lessons (连堂: {listed or 'merged lessons'})", lang, named)


@sentence("curriculum.together")
def _together_words(inst: Instance, index: int, lang: Lang = "zh") -> str:
    entry = inst.together[index]
    wanted = inst.together_lessons(entry)
    if lang == "zh":
        return f"{'、'.join(f'{m.class_}{m.subject}' for m in entry.of)}有 {wanted} 节同时上课"
    return f"{', '.join(f'{m.class_} {m.subject}' for m in entry.of)} have {wanted} lessons at the same times"
