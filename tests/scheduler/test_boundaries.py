"""One meaning per hard rule, at its boundary: for every hard rule of the catalogue, a school at the
allowed extreme, which the solver finds, the checker accepts and the counting checks do not refute;
and one past it, which every side rejects: the solver (no timetable), or the validation when the rule
is met by building the instance; the counting checks where they count the rule; and the checker,
shown the extreme timetable made one past the rule."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from models.instance import Instance
from models.loading import parse_instance
from models.rules import RULES
from models.solution import HomeworkItem, Lesson, Solution
from models.validation import InputError
from scheduler.check.checker import check_timetable
from scheduler.search.counting import counting_problems
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import BASE, moved

C1, C2 = "三年级1班", "三年级2班"
DAYS = ["星期一", "星期二", "星期三", "星期四", "星期五"]
TEACHERS = {"语文": "王芳", "数学": "张敏", "体育": "刘洋", "音乐": "赵丽", "美术": "孙伟"}
Timetable = tuple[Instance, list[Lesson], list[HomeworkItem]]


def school(plan: dict[str, int], classes: tuple[str, ...] = (C1,), **policy: object) -> dict:
    """Grade-3 classes with this plan, a teacher per subject, no activity minimum and 6 lessons a day
    of any subject allowed: only the rule under test binds."""
    data = copy.deepcopy(BASE)
    data["grades"] = [{"grade": 3, "plan": plan}]
    data["classes"] = [{"name": name, "grade": 3} for name in classes]
    data["teachers"] = [{"name": TEACHERS[s], "teaches": {s: list(classes)}} for s in plan]
    data["policy"] = {"min_daily_activity_minutes": 0, "main_subject_daily_max": 6, "other_subject_daily_max": 6}
    data["policy"].update(policy)
    return data


def changed(data: dict, change: Callable[[dict], object]) -> dict:
    """A copy of the instance data with one change applied."""
    data = copy.deepcopy(data)
    change(data)
    return data


def with_homework(data: dict, homework: dict, **policy: object) -> dict:
    data["grades"][0]["homework"] = homework
    data["policy"].update(policy)
    return data


@dataclass
class Boundary:
    """A rule's allowed extreme and one past it."""

    allowed: dict
    past: dict
    reached: Callable[[Instance, Solution], bool]  # the allowed timetable sits at the extreme
    breach: Callable[[Instance, Solution], Timetable]  # that timetable made one past the rule
    counted: bool = False  # the counting checks refute `past`
    refused: str | None = None  # `past` is refused when loaded, with these words
    notes: list[str] = field(default_factory=list)


def lessons_of(solution: Solution, subject: str, class_name: str = C1) -> list[int]:
    """Indexes of a class's lessons of a subject."""
    return [i for i, l in enumerate(solution.lessons) if l.class_ == class_name and l.subject == subject]


def free_slot(solution: Solution, day: str, class_name: str = C1) -> int:
    """A period of `day` without a lesson of the class."""
    taken = {l.period for l in solution.lessons if l.class_ == class_name and l.day == day}
    return next(p for p in range(1, 7) if p not in taken)


def under(past: dict) -> Callable[[Instance, Solution], Timetable]:
    """The allowed timetable checked against the instance one past the rule."""
    return lambda inst, solution: (parse_instance(past), solution.lessons, solution.homework)


def moving(subject: str, to_day: Callable[[Solution, Lesson], str]) -> Callable[[Instance, Solution], Timetable]:
    """The allowed timetable with one lesson of `subject` moved to a free period of another day."""

    def breach(inst: Instance, solution: Solution) -> Timetable:
        index = lessons_of(solution, subject)[0]
        day = to_day(solution, solution.lessons[index])
        return inst, moved(solution.lessons, index, day, free_slot(solution, day)), solution.homework

    return breach


def homework_day(solution: Solution, subject: str) -> int:
    return next(i for i, item in enumerate(solution.homework) if item.subject == subject)


FULL_WEEK = school({"语文": 20, "数学": 10})  # 30 lessons for 30 periods
WINDOW = changed(FULL_WEEK, lambda d: d["policy"].update(earliest_lesson_start="08:30"))
LEARNING = changed(FULL_WEEK, lambda d: d["policy"].update(max_daily_learning_minutes=240))
ZHANG_FULL = school({"数学": 15, "语文": 10}, (C1, C2))  # 张敏: 30 lessons for 30 periods
ROOM_FIXED = [{"subject": "体育", "day": "星期一", "period": 1, "classes": [c]} for c in (C1, C2)]
OPEN_TWICE = [
    {"day": day, "start": start, "end": "17:00", "capacity": 0}
    for day, start in (
        ("星期一", "09:10"),
        ("星期二", "09:10"),
        ("星期三", "08:00"),
        ("星期四", "08:00"),
        ("星期五", "08:00"),
    )
]
ACTIVITY = school({"体育": 5, "语文": 5}, min_daily_activity_minutes=70)
GUIDANCE = {"name": "作业辅导", "kind": "homework_guidance", "start": "16:20", "end": "17:00"}


def bell_boundary(setting: str, allowed: int, measure: Callable[[Instance], int]) -> Boundary:
    """A rule of the bell alone: the test school's bell (`measure` of it is `allowed`) under a minimum
    of `allowed` passes, under `allowed + 1` no timetable can exist and the checker flags it."""
    past = school({"语文": 5}, **{setting: allowed + 1})
    return Boundary(
        school({"语文": 5}, **{setting: allowed}),
        past,
        reached=lambda inst, s: measure(inst) == allowed,
        breach=under(past),
        counted=True,
    )


DAILY_PE = school({"体育": 5, "语文": 5}, daily_pe_lesson=True)
# 大课间 (30 min) every day and 课后体育 (30 min) on Tuesday and Thursday: PE needed on the other days.
WITHOUT_PE = school({"体育": 3, "语文": 5}, min_activity_minutes_without_pe=60)
ARRIVAL = changed(
    school({"语文": 5}, arrival_checked=True),
    lambda d: d["bell"]["blocks"].append({"name": "晨读", "kind": "reading", "start": "08:20", "end": "08:28"}),
)
SERVICE = changed(
    school({"语文": 5}, min_after_school_minutes=40),
    lambda d: d["bell"]["blocks"].append(
        {"name": "作业辅导", "kind": "homework_guidance", "start": "16:10", "end": "16:50"}
    ),
)


def two_pe_teachers(data: dict) -> dict:
    data["teachers"][0]["teaches"] = {"体育": [C1]}
    data["teachers"].append({"name": "周强", "teaches": {"体育": [C2]}})
    return data


def art_room(lessons_in_room: int) -> dict:
    data = school({"美术": 2, "语文": 5}, (C1, C2), other_subject_daily_max=1)
    data["subjects"][4] = {"name": "美术", "venue": "美术教室", "venue_lessons": lessons_in_room}
    data["venues"].append({"name": "美术教室", "capacity_at": OPEN_TWICE})
    return data


def blocked_math(lessons: int) -> dict:
    data = school({"数学": lessons, "语文": 5})
    data["teachers"][0]["blocked"] = [{"periods": [2, 3, 4, 5, 6]}, {"day": "星期五"}]  # free Mon-Thu period 1
    return data


def forbidden_music(lessons: int) -> dict:
    data = school({"音乐": lessons, "语文": 5})
    data["forbidden"] = [{"subject": "音乐", "day": d} for d in DAYS[2:]]
    data["forbidden"] += [{"subject": "音乐", "day": d, "periods": [2, 3, 4, 5, 6]} for d in DAYS[:2]]
    return data


def fixed_music(periods: list[int]) -> dict:
    return changed(
        school({"音乐": 2, "语文": 5}),
        lambda d: d.update(fixed=[{"subject": "音乐", "day": "星期一", "period": p} for p in periods]),
    )


def homework_school(minutes: int, **policy: object) -> dict:
    data = school({"语文": 5, "数学": 5}, main_subject_daily_max=1)
    return with_homework(data, {"语文": {"items": 5, "minutes": minutes}}, **policy)


# 语文 of 三年级1班 (王芳, blocked in periods 4-6) and of 三年级2班 (李强, blocked in 1-2) can meet in
# period 3 only: 5 lessons together at most.
TOGETHER_TEACHERS = [
    {"name": "王芳", "teaches": {"语文": [C1]}, "blocked": [{"periods": [4, 5, 6]}]},
    {"name": "李强", "teaches": {"语文": [C2]}, "blocked": [{"periods": [1, 2]}]},
    {"name": "张敏", "teaches": {"数学": [C1, C2]}},
]


def together(lessons: int) -> dict:
    entry = {"of": [{"class": C1, "subject": "语文"}, {"class": C2, "subject": "语文"}], "lessons": lessons}
    return changed(
        school({"语文": 6, "数学": 4}, (C1, C2)), lambda d: d.update(teachers=TOGETHER_TEACHERS, together=[entry])
    )


def common_chinese(solution: Solution) -> set[tuple[str, int]]:
    """The slots where both classes have 语文."""
    slots = [{(l.day, l.period) for l in solution.lessons if l.class_ == c and l.subject == "语文"} for c in (C1, C2)]
    return slots[0] & slots[1]


def apart(inst: Instance, solution: Solution) -> Timetable:
    """The allowed timetable with 三年级2班's 语文 at a common slot moved to a period 王芳 cannot teach."""
    day, period = min(common_chinese(solution))
    index = next(
        i
        for i in lessons_of(solution, "语文", C2)
        if solution.lessons[i].period == period and solution.lessons[i].day == day
    )
    taken = {l.period for l in solution.lessons if l.class_ == C2 and l.day == day}
    return inst, moved(solution.lessons, index, day, next(p for p in (4, 5, 6) if p not in taken)), solution.homework


CASES: dict[str, Boundary] = {
    "curriculum.full_hours": Boundary(
        FULL_WEEK,
        school({"语文": 20, "数学": 11}),
        reached=lambda inst, s: len(s.lessons) == 30,
        breach=lambda inst, s: (inst, s.lessons[1:], s.homework),
        counted=True,
    ),
    "curriculum.double_lessons": Boundary(
        changed(school({"美术": 10, "语文": 5}), lambda d: d["grades"][0].update(doubles={"美术": 5})),
        changed(school({"美术": 12, "语文": 5}), lambda d: d["grades"][0].update(doubles={"美术": 6})),
        reached=lambda inst, s: len({s.lessons[i].day for i in lessons_of(s, "美术")}) == 5,
        breach=lambda inst, s: (
            inst,
            [l.model_copy(update={"day": "星期五"}) if l.subject == "美术" and l.day == "星期一" else l for l in s.lessons],
            s.homework,
        ),
    ),
    "curriculum.together": Boundary(
        together(5),
        together(6),
        reached=lambda inst, s: len(common_chinese(s)) == 5,
        breach=apart,
    ),
    "curriculum.merged": Boundary(
        changed(
            school({"体育": 3, "语文": 5}, (C1, C2)), lambda d: d.update(merged=[{"subject": "体育", "classes": [C1, C2]}])
        ),
        changed(
            school({"体育": 3, "语文": 5}, (C1, C2)),
            lambda d: d.update(merged=[{"subject": "体育", "classes": [C1, C2], "lessons": 4}]),
        ),
        reached=lambda inst, s: (
            {(l.day, l.period) for l in s.lessons if l.class_ == C1 and l.subject == "体育"}
            == {(l.day, l.period) for l in s.lessons if l.class_ == C2 and l.subject == "体育"}
        ),
        breach=moving("体育", lambda s, l: next(d for d in DAYS if d != l.day)),
        refused="fewer than merged here",
    ),
    "assignment.teacher": Boundary(
        school({"语文": 5, "数学": 4}),
        changed(school({"语文": 5, "数学": 4}), lambda d: d["teachers"].pop()),
        reached=lambda inst, s: all(l.teachers == [inst.teacher_of[l.class_, l.subject]] for l in s.lessons),
        breach=lambda inst, s: (
            inst,
            [
                s.lessons[0].model_copy(update={"teachers": ["张敏"] if s.lessons[0].subject == "语文" else ["王芳"]}),
                *s.lessons[1:],
            ],
            s.homework,
        ),
        refused="no teacher teaches 数学",
    ),
    "clash.class": Boundary(
        FULL_WEEK,
        school({"语文": 21, "数学": 10}),
        reached=lambda inst, s: len({(l.day, l.period) for l in s.lessons}) == 30,
        breach=lambda inst, s: (inst, moved(s.lessons, 1, s.lessons[0].day, s.lessons[0].period), s.homework),
        counted=True,
    ),
    "clash.teacher": Boundary(
        ZHANG_FULL,
        changed(ZHANG_FULL, lambda d: d["classes"][0].update(plan={"数学": 16})),
        reached=lambda inst, s: len({(l.day, l.period) for l in s.lessons if l.subject == "数学"}) == 30,
        breach=lambda inst, s: (
            inst,
            moved(
                s.lessons,
                lessons_of(s, "数学")[0],
                *next((l.day, l.period) for l in s.lessons if l.class_ == C2 and l.subject == "数学"),
            ),
            s.homework,
        ),
        counted=True,
    ),
    "venue.capacity": Boundary(
        two_pe_teachers(school({"体育": 1, "语文": 5}, (C1, C2)) | {"fixed": ROOM_FIXED}),
        two_pe_teachers(
            school({"体育": 1, "语文": 5}, (C1, C2)) | {"fixed": ROOM_FIXED, "venues": [{"name": "操场", "capacity": 1}]}
        ),
        reached=lambda inst, s: sum(l.subject == "体育" and (l.day, l.period) == ("星期一", 1) for l in s.lessons) == 2,
        breach=lambda inst, s: (
            parse_instance(
                two_pe_teachers(
                    school({"体育": 1, "语文": 5}, (C1, C2))
                    | {"fixed": ROOM_FIXED, "venues": [{"name": "操场", "capacity": 1}]}
                )
            ),
            s.lessons,
            s.homework,
        ),
    ),
    "venue.choice": Boundary(
        art_room(1),
        art_room(2),
        reached=lambda inst, s: Counter(l.class_ for l in s.lessons if l.venue == "美术教室") == Counter({C1: 1, C2: 1}),
        breach=lambda inst, s: (inst, [l.model_copy(update={"venue": None}) for l in s.lessons], s.homework),
    ),
    "availability.teacher_blocked": Boundary(
        blocked_math(4),
        blocked_math(5),
        reached=lambda inst, s: (
            {(s.lessons[i].day, s.lessons[i].period) for i in lessons_of(s, "数学")} == {(d, 1) for d in DAYS[:4]}
        ),
        breach=moving("数学", lambda s, l: "星期五"),
        counted=True,
    ),
    "availability.forbidden": Boundary(
        forbidden_music(2),
        forbidden_music(3),
        reached=lambda inst, s: (
            {(s.lessons[i].day, s.lessons[i].period) for i in lessons_of(s, "音乐")} == {("星期一", 1), ("星期二", 1)}
        ),
        breach=moving("音乐", lambda s, l: "星期五"),
        counted=True,
    ),
    "availability.fixed": Boundary(
        fixed_music([1, 2]),
        fixed_music([1, 2, 3]),
        reached=lambda inst, s: {s.lessons[i].period for i in lessons_of(s, "音乐")} == {1, 2},
        breach=moving("音乐", lambda s, l: "星期二"),
    ),
    "teacher.daily_max": Boundary(
        changed(school({"数学": 10, "语文": 5}), lambda d: d["teachers"][0].update(max_per_day=2)),
        changed(school({"数学": 11, "语文": 5}), lambda d: d["teachers"][0].update(max_per_day=2)),
        reached=lambda inst, s: Counter(s.lessons[i].day for i in lessons_of(s, "数学")) == Counter({d: 2 for d in DAYS}),
        breach=moving("数学", lambda s, l: next(d for d in DAYS if d != l.day)),
        counted=True,
    ),
    "teacher.max_days": Boundary(
        changed(school({"数学": 6, "语文": 5}), lambda d: d["teachers"][0].update(max_per_day=2, max_days=3)),
        changed(school({"数学": 7, "语文": 5}), lambda d: d["teachers"][0].update(max_per_day=2, max_days=3)),
        reached=lambda inst, s: len({s.lessons[i].day for i in lessons_of(s, "数学")}) == 3,
        breach=moving(
            "数学", lambda s, l: next(d for d in DAYS if d not in {x.day for x in s.lessons if x.subject == "数学"})
        ),
        counted=True,
    ),
    "calendar.no_weekend": Boundary(
        school({"语文": 5}),
        changed(school({"语文": 5}), lambda d: d.update(days=[*DAYS, "星期六"])),
        reached=lambda inst, s: {l.day for l in s.lessons} <= set(DAYS),
        breach=lambda inst, s: (inst, moved(s.lessons, 0, "星期六", 1), s.homework),
        refused="rule calendar.no_weekend",
    ),
    "time.lesson_window": Boundary(
        WINDOW,
        changed(WINDOW, lambda d: d["policy"].update(earliest_lesson_start="08:31")),
        reached=lambda inst, s: sum(l.period == 1 for l in s.lessons) == 5,
        breach=under(changed(WINDOW, lambda d: d["policy"].update(earliest_lesson_start="08:31"))),
        counted=True,
    ),
    "time.max_daily_learning": Boundary(
        LEARNING,
        changed(LEARNING, lambda d: d["policy"].update(max_daily_learning_minutes=239)),
        reached=lambda inst, s: Counter(l.day for l in s.lessons) == Counter({d: 6 for d in DAYS}),
        breach=under(changed(LEARNING, lambda d: d["policy"].update(max_daily_learning_minutes=239))),
        counted=True,
    ),
    "activity.daily_minimum": Boundary(
        ACTIVITY,
        changed(ACTIVITY, lambda d: d["policy"].update(min_daily_activity_minutes=71)),
        reached=lambda inst, s: Counter(l.day for l in s.lessons if l.subject == "体育") == Counter(DAYS),
        breach=under(changed(ACTIVITY, lambda d: d["policy"].update(min_daily_activity_minutes=71))),
        counted=True,
    ),
    "activity.daily_pe": Boundary(
        DAILY_PE,
        school({"体育": 4, "语文": 6}, daily_pe_lesson=True),
        reached=lambda inst, s: Counter(l.day for l in s.lessons if l.subject == "体育") == Counter(DAYS),
        breach=moving("体育", lambda s, l: next(d for d in DAYS if d != l.day)),
        counted=True,
    ),
    "activity.without_pe": Boundary(
        WITHOUT_PE,
        changed(WITHOUT_PE, lambda d: d["policy"].update(min_activity_minutes_without_pe=61)),
        reached=lambda inst, s: {l.day for l in s.lessons if l.subject == "体育"} == {"星期一", "星期三", "星期五"},
        breach=moving("体育", lambda s, l: "星期二"),
        counted=True,
    ),
    "activity.big_breaks": bell_boundary(
        "big_breaks_a_day", 1, lambda inst: sum(b.kind == "exercise" and b.minutes >= 30 for b in inst.bell.blocks)
    ),
    "time.break_length": bell_boundary(
        "min_break_minutes", 10, lambda inst: min(minutes for _, minutes in inst.sections_in_force[0].breaks)
    ),
    "time.break_total": bell_boundary(
        "min_break_total_minutes", 60, lambda inst: sum(minutes for _, minutes in inst.sections_in_force[0].breaks)
    ),
    "time.arrival": Boundary(
        ARRIVAL,
        changed(ARRIVAL, lambda d: d["bell"]["blocks"][-1].update(start="08:19")),
        reached=lambda inst, s: inst.bell.blocks[-1].start == inst.sections_in_force[0].policy.earliest_lesson_start,
        breach=under(changed(ARRIVAL, lambda d: d["bell"]["blocks"][-1].update(start="08:19"))),
        counted=True,
    ),
    "service.after_school": Boundary(
        SERVICE,
        changed(SERVICE, lambda d: d["policy"].update(min_after_school_minutes=41)),
        reached=lambda inst, s: inst.block_minutes(C1, "星期一", {"homework_guidance", "sport"}) == 40,
        breach=under(changed(SERVICE, lambda d: d["policy"].update(min_after_school_minutes=41))),
        counted=True,
    ),
    "subject.daily_max": Boundary(
        school({"语文": 10, "数学": 4}, main_subject_daily_max=2),
        school({"语文": 11, "数学": 4}, main_subject_daily_max=2),
        reached=lambda inst, s: Counter(s.lessons[i].day for i in lessons_of(s, "语文")) == Counter({d: 2 for d in DAYS}),
        breach=moving("语文", lambda s, l: next(d for d in DAYS if d != l.day)),
        counted=True,
    ),
    "homework.lesson_day": Boundary(
        with_homework(
            school({"音乐": 2, "语文": 5}, other_subject_daily_max=1),
            {"音乐": {"items": 2, "minutes": 10, "written": False}},
        ),
        with_homework(
            school({"音乐": 2, "语文": 5}, other_subject_daily_max=1),
            {"音乐": {"items": 3, "minutes": 10, "written": False}},
        ),
        reached=lambda inst, s: {i.day for i in s.homework} == {s.lessons[j].day for j in lessons_of(s, "音乐")},
        breach=lambda inst, s: (
            inst,
            s.lessons,
            [
                s.homework[0].model_copy(update={"day": next(d for d in DAYS if d not in {i.day for i in s.homework})}),
                *s.homework[1:],
            ],
        ),
        counted=True,
    ),
    "homework.all_placed": Boundary(
        homework_school(10),
        changed(homework_school(10), lambda d: d["grades"][0]["homework"]["语文"].update(items=6)),
        reached=lambda inst, s: len(s.homework) == 5,
        breach=lambda inst, s: (inst, s.lessons, s.homework[1:]),
        refused="6 items but at most one a day on 5 days",
    ),
    "homework.none_for_grade": Boundary(
        homework_school(10),
        changed(homework_school(10), lambda d: d["policy"].update(homework_caps={3: 0})),
        reached=lambda inst, s: all(i.written for i in s.homework),
        breach=lambda inst, s: (
            parse_instance(
                changed(
                    homework_school(10),
                    lambda d: (
                        d["policy"].update(homework_caps={3: 0}),
                        d["grades"][0]["homework"]["语文"].update(written=False),
                    ),
                )
            ),
            s.lessons,
            s.homework,
        ),
        refused="rule homework.none_for_grade",
    ),
    "homework.daily_cap": Boundary(
        homework_school(60),
        homework_school(61),
        reached=lambda inst, s: {i.minutes for i in s.homework} == {60} and len({i.day for i in s.homework}) == 5,
        breach=under(changed(homework_school(60), lambda d: d["policy"].update(homework_caps={3: 59}))),
        counted=True,
    ),
    "homework.weekend": Boundary(
        homework_school(30, weekend_homework_minutes=30),
        homework_school(30, weekend_homework_minutes=29),
        reached=lambda inst, s: any(i.day == "星期五" for i in s.homework),
        breach=under(homework_school(30, weekend_homework_minutes=29)),
        counted=True,
    ),
    "homework.at_school": Boundary(
        changed(homework_school(40, homework_home_minutes=0), lambda d: d["bell"]["blocks"].append(GUIDANCE)),
        changed(homework_school(41, homework_home_minutes=0), lambda d: d["bell"]["blocks"].append(GUIDANCE)),
        reached=lambda inst, s: all(i.done_at == "school" and i.school_minutes == 40 for i in s.homework),
        breach=under(
            changed(
                homework_school(40, homework_home_minutes=0),
                lambda d: d["bell"]["blocks"].append(GUIDANCE | {"end": "16:59"}),
            )
        ),
        counted=True,
    ),
}

OPTIONS = SolveOptions(time_limit=20, workers=2, seed=0)


def test_every_hard_rule_has_its_boundary():
    assert set(CASES) == {rule.id for rule in RULES if rule.hard}


@pytest.mark.parametrize("rule", list(CASES))
def test_the_allowed_extreme_passes_everywhere(rule):
    case = CASES[rule]
    inst = parse_instance(case.allowed)
    assert counting_problems(inst) == []
    solution = solve(inst, OPTIONS)
    assert solution.summary.status in ("optimal", "feasible"), solution.summary
    assert check_timetable(inst, solution.lessons, solution.homework) == []
    assert case.reached(inst, solution)


@pytest.mark.parametrize("rule", list(CASES))
def test_one_past_it_fails_everywhere(rule):
    case = CASES[rule]
    if case.refused is not None:
        with pytest.raises(InputError) as error:
            parse_instance(case.past)
        assert any(case.refused in str(problem) for problem in error.value.problems), error.value.problems
    else:
        past = parse_instance(case.past)
        assert bool(counting_problems(past)) == case.counted
        assert solve(past, OPTIONS).summary.status == "infeasible"
    inst = parse_instance(case.allowed)
    solution = solve(inst, OPTIONS)
    checked, lessons, homework = case.breach(inst, solution)
    breaches = [v for v in check_timetable(checked, lessons, homework) if v.rule == rule]
    assert breaches, "the checker lets it pass"
    assert all(v.message_zh for v in breaches), "a breach without its Chinese message"
