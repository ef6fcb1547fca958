"""Realistic school instances: the national lesson table, real staffing patterns, shared venues.

The lesson tables follow the national curriculum plan (义务教育课程方案（2022年版）: 26 lessons a
week in grades 1-2, 30 in grades 3-6), shared out as provinces' lesson tables do; junior grades get
33, one below the plan's 34, which leaves a school's own course its slot;
teachers are staffed the way offices do it (a 语文 teacher is head teacher of one class and also takes
its 道法 / 班队会 / 劳动; 数学 teachers take two classes; specialists fill up to about 16 lessons). The
same arguments always give the same file.
"""

from __future__ import annotations

import random
from typing import Literal

NUMERALS = "一二三四五六七八九"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞慧宇晨晓燕雪梅琳颖婷"

# Weekly lessons per grade; 综合实践 holds the local and school hours (junior: one lesson short of the plan's 34).
PRIMARY_PLAN: dict[str, tuple[int, ...]] = {
    "语文": (8, 8, 7, 7, 6, 6),
    "数学": (4, 4, 4, 4, 5, 5),
    "英语": (0, 0, 3, 3, 3, 3),
    "道德与法治": (2, 2, 2, 2, 2, 2),
    "科学": (1, 1, 2, 2, 2, 2),
    "信息科技": (0, 0, 1, 1, 1, 1),
    "体育": (4, 4, 3, 3, 3, 3),
    "音乐": (2, 2, 2, 2, 2, 2),
    "美术": (2, 2, 2, 2, 2, 2),
    "劳动": (1, 1, 1, 1, 1, 1),
    "班队会": (1, 1, 1, 1, 1, 1),
    "综合实践": (1, 1, 2, 2, 2, 2),
}
JUNIOR_PLAN: dict[str, tuple[int, ...]] = {
    "语文": (5, 5, 5),
    "数学": (5, 4, 5),
    "英语": (4, 4, 4),
    "道德与法治": (2, 2, 2),
    "历史": (2, 2, 2),
    "地理": (2, 2, 0),
    "生物": (3, 2, 0),
    "物理": (0, 2, 3),
    "化学": (0, 0, 3),
    "信息科技": (1, 1, 0),
    "体育": (3, 3, 3),
    "音乐": (1, 1, 1),
    "美术": (1, 1, 1),
    "劳动": (1, 1, 1),
    "班会": (1, 1, 1),
    "综合实践": (2, 2, 2),
}
# Weekly homework per grade: subject -> (items, minutes, written). Grades 1-2 get oral reading only.
PRIMARY_HOMEWORK: dict[str, tuple[tuple[int, int, bool], ...]] = {
    "语文": ((5, 10, False),) * 2 + ((4, 20, True),) * 2 + ((5, 25, True),) * 2,
    "数学": ((0, 0, True),) * 2 + ((4, 15, True),) * 2 + ((5, 20, True),) * 2,
    "英语": ((0, 0, True),) * 2 + ((3, 10, True),) * 2 + ((3, 15, True),) * 2,
    "体育": ((3, 20, False),) * 6,
}
JUNIOR_HOMEWORK: dict[str, tuple[tuple[int, int, bool], ...]] = {
    "语文": ((5, 25, True),) * 3,
    "数学": ((5, 25, True),) * 3,
    "英语": ((4, 20, True),) * 3,
    "物理": ((0, 0, True), (2, 15, True), (3, 15, True)),
    "化学": ((0, 0, True), (0, 0, True), (3, 15, True)),
    "生物": ((2, 10, True), (2, 10, True), (0, 0, True)),
    "历史": ((1, 10, True),) * 3,
}
# Subjects the head teacher (the 语文 teacher in primary, 语文 or 数学 in junior) takes for their class.
HEAD_TEACHER_SUBJECTS = {"primary": ("语文", "道德与法治", "班队会", "劳动"), "junior": ("语文", "班会", "劳动")}
# Teaching-research groups (教研组) and their blocked half-day.
GROUPS = {
    "语文": ("语文", "星期二"),
    "数学": ("数学", "星期三"),
    "英语": ("英语", "星期一"),
    "综合": ("体育 音乐 美术 科学 信息科技 综合实践 道德与法治 历史 地理 生物 物理 化学", "星期四"),
}
VENUES = {
    "体育": "操场",
    "音乐": "音乐教室",
    "信息科技": "计算机教室",
    "科学": "科学实验室",
    "物理": "理化实验室",
    "化学": "理化实验室",
}


def _bell(stage: str) -> dict[str, object]:
    if stage == "primary":
        times = ["08:30-09:10", "09:20-10:00", "10:30-11:10", "11:20-12:00", "14:00-14:40", "14:50-15:30"]
        blocks = [
            {"name": "早读", "kind": "reading", "start": "08:05", "end": "08:25"},
            {"name": "大课间", "kind": "exercise", "start": "10:00", "end": "10:30"},
            {"name": "眼保健操", "kind": "eye_exercise", "start": "11:10", "end": "11:15"},
            {"name": "作业辅导", "kind": "homework_guidance", "start": "15:40", "end": "16:20"},
            {"name": "课后体育", "kind": "sport", "start": "16:20", "end": "16:50", "days": ["星期二", "星期四"]},
            {"name": "社团活动", "kind": "club", "start": "16:50", "end": "17:30"},
        ]
    else:
        times = [
            "08:00-08:45",
            "08:55-09:40",
            "10:10-10:55",
            "11:05-11:50",
            "14:00-14:45",
            "14:55-15:40",
            "15:50-16:35",
            "16:45-17:30",
        ]
        blocks = [
            {"name": "早读", "kind": "reading", "start": "07:15", "end": "07:55"},
            {"name": "大课间", "kind": "exercise", "start": "09:40", "end": "10:10"},
            {"name": "午读", "kind": "self_study", "start": "13:30", "end": "13:55"},
            {"name": "眼保健操", "kind": "eye_exercise", "start": "15:40", "end": "15:45"},
            {"name": "课外活动", "kind": "sport", "start": "17:35", "end": "18:05", "days": ["星期二", "星期四"]},
        ]
    periods = [{"start": t.split("-")[0], "end": t.split("-")[1]} for t in times]
    return {"periods": periods, "blocks": blocks}


class _Names:
    def __init__(self, rng: random.Random):
        self.rng, self.used = rng, set()

    def __call__(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
            if name not in self.used:
                self.used.add(name)
                return name


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def generate_school(stage: Literal["primary", "junior"], classes_per_grade: int, seed: int = 0) -> dict[str, object]:
    """A school instance as plain data (ready for YAML), deterministic in its arguments."""
    plan_table = PRIMARY_PLAN if stage == "primary" else JUNIOR_PLAN
    grades = range(1, 7) if stage == "primary" else range(7, 10)
    classes = {g: [f"{NUMERALS[g - 1]}年级{c}班" for c in range(1, classes_per_grade + 1)] for g in grades}
    n_classes = classes_per_grade * len(grades)
    teachers = _staff(stage, classes, _Names(random.Random(seed)))
    school_word = "小学" if stage == "primary" else "中学"
    return {
        "school": {"name": f"示范{school_word}（{n_classes}个班）", "stage": stage},
        "bell": _bell(stage),
        "policy": {"preset": "cn-2021"},
        "subjects": [{"name": s, **({"venue": VENUES[s]} if s in VENUES else {})} for s in plan_table],
        "venues": _venues(plan_table, n_classes),
        "grades": [
            {
                "grade": g,
                "plan": {s: counts[g - grades[0]] for s, counts in plan_table.items() if counts[g - grades[0]]},
                **({"doubles": {"美术": 1}} if stage == "primary" and g >= 3 else {}),
                "homework": _homework(stage, g - grades[0]),
            }
            for g in grades
        ],
        "classes": [{"name": c, "grade": g} for g in grades for c in classes[g]],
        "teachers": teachers,
        "fixed": [{"subject": "班队会" if stage == "primary" else "班会", "day": "星期一", "period": 1}],
        "preferences": {"not_before": [{"first": "体育", "then": "数学"}, {"first": "体育", "then": "语文"}]},
    }


def _staff(stage: str, classes: dict[int, list[str]], names: _Names) -> list[dict[str, object]]:
    """The teachers as offices staff them, each with their subject group's 教研 half-day."""
    plan_table = PRIMARY_PLAN if stage == "primary" else JUNIOR_PLAN
    first = min(classes)
    teachers: list[dict[str, object]] = []

    def add_teacher(teaches: dict[str, list[str]]) -> None:
        teachers.append({"name": names(), "teaches": teaches})

    head_subjects = HEAD_TEACHER_SUBJECTS[stage]
    for g, names_of_grade in classes.items():
        for class_name in names_of_grade:
            add_teacher({s: [class_name] for s in head_subjects if plan_table[s][g - first]})
    for g, names_of_grade in classes.items():
        for pair in _chunks(names_of_grade, 2):
            extra = {"综合实践": pair} if plan_table["综合实践"][g - first] else {}
            add_teacher({"数学": pair, **extra})
    if stage == "junior":
        for names_of_grade in classes.values():
            for trio in _chunks(names_of_grade, 3):
                add_teacher({"英语": trio})
    taken = {*head_subjects, "数学", "综合实践"} | ({"英语"} if stage == "junior" else set())
    for subject in plan_table:
        if subject not in taken:
            for teaches in _specialists(subject, plan_table[subject], classes):
                add_teacher({subject: teaches})
    for teacher in teachers:
        subjects = set(teacher["teaches"])
        for group, (members, day) in GROUPS.items():
            if subjects & set(members.split()) and (group != "综合" or not subjects & {"语文", "数学", "英语"}):
                teacher["blocked"] = [{"day": day, "half": "pm"}]
                break
    return teachers


def _specialists(subject: str, lessons_by_grade: tuple[int, ...], classes: dict[int, list[str]]) -> list[list[str]]:
    """A specialist subject's classes per teacher: whole grades in order until about 16 lessons a week."""
    first, staffed, load, current = min(classes), [], 0, []
    for g, names_of_grade in classes.items():
        lessons = lessons_by_grade[g - first]
        for class_name in names_of_grade if lessons else []:
            if load + lessons > 16 and current:
                staffed.append(current)
                load, current = 0, []
            current.append(class_name)
            load += lessons
    return staffed + ([current] if current else [])


def _venues(plan_table: dict[str, tuple[int, ...]], n_classes: int) -> list[dict[str, object]]:
    """The shared venues the plan needs, sized to the school."""
    rooms_needed = {
        "操场": max(2, -(-n_classes // 5)),
        "音乐教室": max(1, -(-n_classes // 12)),
        "计算机教室": max(1, -(-n_classes // 24)),
        "科学实验室": max(1, -(-n_classes // 12)),
        "理化实验室": max(1, -(-n_classes // 9)),
    }
    venues = sorted({VENUES[s] for s in plan_table if s in VENUES})
    return [{"name": v, "capacity": rooms_needed[v]} for v in venues]


def _homework(stage: str, index: int) -> dict[str, dict[str, object]]:
    """A grade's weekly homework (`index`: the grade's place in its stage), no more items than lessons."""
    plan_table = PRIMARY_PLAN if stage == "primary" else JUNIOR_PLAN
    homework_table = PRIMARY_HOMEWORK if stage == "primary" else JUNIOR_HOMEWORK
    entries = {}
    for subject, rows in homework_table.items():
        items, minutes, written = rows[index]
        if items and plan_table[subject][index]:
            entries[subject] = {
                "items": min(items, plan_table[subject][index]),
                "minutes": minutes,
                **({} if written else {"written": False}),
            }
    return entries
