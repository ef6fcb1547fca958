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

from models.policy import Stage

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


def _bell(stage: str, policy: str = "cn-2021") -> dict[str, object]:
    """The bell of a stage: 10-minute breaks and one 大课间 (the 2021 rules; under jiangsu with two
    hours of 课后服务 every day), or, under cn-2025 and the profiles extending it, 15-minute breaks, a
    30-minute 大课间 in the morning and one in the afternoon, an hour of after-school sport every day
    and no required block before the first lesson."""
    if policy not in ("cn-2021", "jiangsu"):
        return _bell_2025(stage)
    service_days = {} if policy == "jiangsu" else {"days": ["星期二", "星期四"]}
    if stage == "primary":
        times = ["08:30-09:10", "09:20-10:00", "10:30-11:10", "11:20-12:00", "14:00-14:40", "14:50-15:30"]
        blocks = [
            {"name": "早读", "kind": "reading", "start": "08:05", "end": "08:25"},
            {"name": "大课间", "kind": "exercise", "start": "10:00", "end": "10:30"},
            {"name": "眼保健操", "kind": "eye_exercise", "start": "11:10", "end": "11:15"},
            {"name": "作业辅导", "kind": "homework_guidance", "start": "15:40", "end": "16:20"},
            {"name": "课后体育", "kind": "sport", "start": "16:20", "end": "16:50", **service_days},
            {"name": "社团活动", "kind": "club", "start": "16:50", "end": "17:40" if policy == "jiangsu" else "17:30"},
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
            {"name": "课外活动", "kind": "sport", "start": "17:35", "end": "18:05", **service_days},
        ]
        if policy == "jiangsu":
            blocks.append({"name": "作业辅导", "kind": "homework_guidance", "start": "18:10", "end": "19:40"})
    return _periods_and(times, blocks)


def _bell_2025(stage: str) -> dict[str, object]:
    if stage == "primary":
        times = ["08:30-09:10", "09:25-10:05", "10:35-11:15", "11:30-12:10", "14:00-14:40", "15:10-15:50"]
        blocks = [
            {"name": "晨读", "kind": "reading", "start": "08:00", "end": "08:25", "voluntary": True},
            {"name": "大课间", "kind": "exercise", "start": "10:05", "end": "10:35"},
            {"name": "眼保健操", "kind": "eye_exercise", "start": "11:15", "end": "11:20"},
            {"name": "下午大课间", "kind": "exercise", "start": "14:40", "end": "15:10"},
            {"name": "作业辅导", "kind": "homework_guidance", "start": "16:00", "end": "16:30"},
            {"name": "课后体育", "kind": "sport", "start": "16:30", "end": "17:30"},
        ]
    else:
        times = ["08:00-08:45", "09:00-09:45", "10:15-11:00", "11:15-12:00", "14:00-14:45", "15:15-16:00", "16:15-17:00"]
        blocks = [
            {"name": "大课间", "kind": "exercise", "start": "09:45", "end": "10:15"},
            {"name": "眼保健操", "kind": "eye_exercise", "start": "11:00", "end": "11:05"},
            {"name": "午读", "kind": "self_study", "start": "13:30", "end": "13:55"},
            {"name": "下午大课间", "kind": "exercise", "start": "14:45", "end": "15:15"},
            {"name": "课外活动", "kind": "sport", "start": "17:10", "end": "18:10"},
        ]
    return _periods_and(times, blocks)


def _periods_and(times: list[str], blocks: list[dict[str, object]]) -> dict[str, object]:
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


# The kinds of school, as sections of (grade, the stage whose lesson table it follows, its column).
Layout = list[tuple[str, Stage, list[tuple[int, Stage, int]]]]
KINDS: dict[str, Layout] = {
    "primary": [("小学", "primary", [(g, "primary", g - 1) for g in range(1, 7)])],
    "junior": [("中学", "junior", [(g, "junior", g - 7) for g in range(7, 10)])],
    # 九年一贯制: grades 1-9 in one school, a primary and a junior section.
    "nine-year": [
        ("小学部", "primary", [(g, "primary", g - 1) for g in range(1, 7)]),
        ("初中部", "junior", [(g, "junior", g - 7) for g in range(7, 10)]),
    ],
    # 五四制: five primary years; grade 6 (预备年级) opens the junior section with the primary table's sixth year.
    "five-four": [
        ("小学部", "primary", [(g, "primary", g - 1) for g in range(1, 6)]),
        ("初中部", "junior", [(6, "primary", 5)] + [(g, "junior", g - 7) for g in range(7, 10)]),
    ],
}
TABLES: dict[Stage, dict[str, tuple[int, ...]]] = {"primary": PRIMARY_PLAN, "junior": JUNIOR_PLAN}
HOMEWORK: dict[Stage, dict[str, tuple[tuple[int, int, bool], ...]]] = {
    "primary": PRIMARY_HOMEWORK,
    "junior": JUNIOR_HOMEWORK,
}
SCHOOL_WORDS = {"primary": "小学", "junior": "中学", "nine-year": "九年一贯制学校", "five-four": "五四制学校"}


def generate_school(kind: str, classes_per_grade: int, seed: int = 0, policy: str = "cn-2021") -> dict[str, object]:
    """A school instance as plain data (ready for YAML), deterministic in its arguments. `kind`:
    primary, junior, nine-year (九年一贯制) or five-four (五四制, grades 1-5 and 6-9); `policy`: the
    preset it is made for (cn-2025 and the provinces' profiles get their bell; a daily PE lesson
    takes its extra lessons from 综合实践, as Guangdong's rule says)."""
    layout = KINDS[kind]
    grades = [(g, stage, column) for _, _, rows in layout for g, stage, column in rows]
    plans = {
        g: {s: TABLES[stage][s][column] for s in TABLES[stage] if TABLES[stage][s][column]} for g, stage, column in grades
    }
    if policy in DAILY_PE_PRESETS:
        plans = {g: _with_daily_pe(plan) for g, plan in plans.items()}
    classes = {g: [f"{NUMERALS[g - 1]}年级{c}班" for c in range(1, classes_per_grade + 1)] for g, _, _ in grades}
    subjects = list(dict.fromkeys(s for g, stage, _ in grades for s in TABLES[stage]))
    teachers = _staff(layout, plans, classes, subjects, _Names(random.Random(seed)))
    data: dict[str, object] = {"school": {"name": f"示范{SCHOOL_WORDS[kind]}（{len(grades) * classes_per_grade}个班）"}}
    if len(layout) == 1:
        data["school"]["stage"] = layout[0][1]
        data["bell"] = _bell(layout[0][1], policy)
    else:
        data["sections"] = [
            {"name": name, "stage": stage, "grades": [g for g, _, _ in rows], "bell": _bell(stage, policy)}
            for name, stage, rows in layout
        ]
    return data | {
        "policy": {"preset": policy},
        "subjects": [{"name": s, **({"venue": VENUES[s]} if s in VENUES else {})} for s in subjects],
        "venues": _venues(subjects, len(grades) * classes_per_grade, policy in DAILY_PE_PRESETS),
        "grades": [
            {
                "grade": g,
                "plan": plans[g],
                **({"doubles": {"美术": 1}} if stage == "primary" and g >= 3 else {}),
                "homework": _homework(stage, column, plans[g]),
            }
            for g, stage, column in grades
        ],
        "classes": [{"name": c, "grade": g} for g, _, _ in grades for c in classes[g]],
        "teachers": teachers,
        "fixed": _class_meetings(plans, several=len(layout) > 1),
        "preferences": {"not_before": [{"first": "体育", "then": "数学"}, {"first": "体育", "then": "语文"}]},
    }


DAILY_PE_PRESETS = ("beijing-2025", "guangdong-2025")


def _with_daily_pe(plan: dict[str, int]) -> dict[str, int]:
    """A grade's plan with 5 PE lessons a week, the extra ones taken from 综合实践 (the weekly total kept)."""
    extra = 5 - plan["体育"]
    if plan.get("综合实践", 0) < extra:
        raise ValueError("not enough 综合实践 lessons to give a PE lesson every day")
    plan = {**plan, "体育": 5, "综合实践": plan["综合实践"] - extra}
    return {subject: count for subject, count in plan.items() if count}


def _class_meetings(plans: dict[int, dict[str, int]], several: bool) -> list[dict[str, object]]:
    """班队会 (primary) or 班会 (junior) fixed on Monday's first period, for the grades whose plan has it."""
    fixed = []
    for subject in ("班队会", "班会"):
        grades = [g for g, plan in plans.items() if subject in plan]
        if grades:
            fixed.append({"subject": subject, "day": "星期一", "period": 1} | ({"grades": grades} if several else {}))
    return fixed


def _staff(
    layout: Layout,
    plans: dict[int, dict[str, int]],
    classes: dict[int, list[str]],
    subjects: list[str],
    names: _Names,
) -> list[dict[str, object]]:
    """The teachers as offices staff them, each with their subject group's 教研 half-day: a head teacher
    per class, 数学 teachers for two classes, junior 英语 teachers for three, and specialists for the
    rest, whole grades in order, across sections (a 九年一贯制 school's PE teachers teach in both)."""
    teachers: list[dict[str, object]] = []
    staffed: set[tuple[str, str]] = set()

    def add_teacher(teaches: dict[str, list[str]]) -> None:
        teachers.append({"name": names(), "teaches": teaches})
        staffed.update((class_name, s) for s, names_of_classes in teaches.items() for class_name in names_of_classes)

    for _, _, rows in layout:
        for g, table, _ in rows:  # a grade's head teacher takes what its lesson table gives them
            for class_name in classes[g]:
                add_teacher({s: [class_name] for s in HEAD_TEACHER_SUBJECTS[table] if s in plans[g]})
    for _, _, rows in layout:
        for g, _, _ in rows:
            for pair in _chunks(classes[g], 2):
                add_teacher({"数学": pair, **({"综合实践": pair} if "综合实践" in plans[g] else {})})
    for _, stage, rows in layout:
        for g, _, _ in rows if stage == "junior" else []:
            for trio in _chunks(classes[g], 3) if "英语" in plans[g] else []:
                add_teacher({"英语": trio})
    for subject in subjects:
        lessons = [(c, plans[g][subject]) for g in classes for c in classes[g] if subject in plans[g]]
        for teaches in _specialists([(c, n) for c, n in lessons if (c, subject) not in staffed]):
            add_teacher({subject: teaches})
    for teacher in teachers:
        taught = set(teacher["teaches"])
        for group, (members, day) in GROUPS.items():
            if taught & set(members.split()) and (group != "综合" or not taught & {"语文", "数学", "英语"}):
                teacher["blocked"] = [{"day": day, "half": "pm"}]
                break
    return teachers


def _specialists(lessons: list[tuple[str, int]]) -> list[list[str]]:
    """A specialist subject's classes per teacher: classes in order until about 16 lessons a week."""
    staffed, load, current = [], 0, []
    for class_name, count in lessons:
        if load + count > 16 and current:
            staffed.append(current)
            load, current = 0, []
        current.append(class_name)
        load += count
    return staffed + ([current] if current else [])


def _venues(subjects: list[str], n_classes: int, daily_pe: bool = False) -> list[dict[str, object]]:
    """The shared venues the subjects need, sized to the school (one playground for every section).
    With a PE lesson every day the playground holds a quarter of the classes at once: the PE
    teachers' 教研 afternoon leaves them four periods on Thursday for every class's lesson."""
    rooms_needed = {
        "操场": -(-n_classes // 4) if daily_pe else max(2, -(-n_classes // 5)),
        "音乐教室": max(1, -(-n_classes // 12)),
        "计算机教室": max(1, -(-n_classes // 24)),
        "科学实验室": max(1, -(-n_classes // 12)),
        "理化实验室": max(1, -(-n_classes // 9)),
    }
    venues = sorted({VENUES[s] for s in subjects if s in VENUES})
    return [{"name": v, "capacity": rooms_needed[v]} for v in venues]


def _homework(stage: Stage, column: int, plan: dict[str, int]) -> dict[str, dict[str, object]]:
    """A grade's weekly homework (from its table's `column`), no more items than lessons."""
    entries = {}
    for subject, rows in HOMEWORK[stage].items():
        items, minutes, written = rows[column]
        if items and subject in plan:
            entries[subject] = {
                "items": min(items, plan[subject]),
                "minutes": minutes,
                **({} if written else {"written": False}),
            }
    return entries


RURAL_NAMES = [
    "东山",
    "西岭",
    "南湖",
    "北坪",
    "石桥",
    "柳湾",
    "杏村",
    "松林",
    "桃源",
    "梅溪",
    "竹园",
    "枫岗",
    "荷塘",
    "芦坝",
    "槐树",
    "青石",
]


def generate_district(schools: int = 12, shared: int = 9, seed: int = 0) -> tuple[dict[str, object], dict[str, dict]]:
    """A rural cluster (a district file and its schools, by file name): `schools` one-class-a-grade
    primary schools; their music and then art teachers shared by pairs of neighbouring schools (走教),
    `shared` teachers in all (music by whole days, art by half-days), with travel times between the
    pair. Deterministic in its arguments."""
    rng = random.Random(seed)
    names = [f"{RURAL_NAMES[i % len(RURAL_NAMES)]}小学{'' if i < len(RURAL_NAMES) else i}" for i in range(schools)]
    files = {name: generate_school("primary", 1, seed * 1000 + index) for index, name in enumerate(names)}
    for name, data in files.items():
        data["school"]["name"] = name
    _unique_teachers(list(files.values()), _Names(rng))
    pairs = [(names[i], names[i + 1]) for i in range(0, schools - 1, 2)]
    plan = [(pair, "音乐", "day") for pair in pairs] + [(pair, "美术", "half_day") for pair in pairs]
    district: dict[str, object] = {"name": "示范学区（农村学校联盟）", "schools": [f"{n}.yaml" for n in names]}
    district["shared"], district["travel_minutes"] = [], []
    for (first, second), subject, per in plan[:shared]:
        teacher = _share(files[first], files[second], subject)
        district["shared"].append({"teacher": teacher, "per": per})
    for first, second in pairs:
        district["travel_minutes"].append({"between": [first, second], "minutes": rng.choice([20, 30, 40, 50])})
    return district, {f"{name}.yaml": data for name, data in files.items()}


def _unique_teachers(schools: list[dict], names: _Names) -> None:
    """Teachers of different schools get different names (one name, one person, in a district), a
    later school's teacher renamed where an earlier school has the name."""
    used: set[str] = set()
    for school in schools:
        for teacher in school["teachers"]:
            while teacher["name"] in used:
                teacher["name"] = names()
            used.add(teacher["name"])


def _share(first: dict, second: dict, subject: str) -> str:
    """The first school's teacher of `subject` takes over the second school's lessons of it too."""
    teacher = next(t for t in first["teachers"] if subject in t["teaches"])
    theirs = next(t for t in second["teachers"] if subject in t["teaches"])
    theirs["teaches"].pop(subject)
    if not theirs["teaches"]:
        second["teachers"].remove(theirs)
    second["teachers"].append(
        {"name": teacher["name"], "teaches": {subject: _classes_of(second, subject)}, "blocked": teacher.get("blocked", [])}
    )
    return teacher["name"]


def _classes_of(school: dict, subject: str) -> list[str]:
    grades = {grade["grade"] for grade in school["grades"] if subject in grade["plan"]}
    return [c["name"] for c in school["classes"] if c["grade"] in grades]
