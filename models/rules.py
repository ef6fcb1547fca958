"""The rule catalogue: every rule id declared once, with its kind, titles, default weight and source.

The CP-SAT model (`scheduler.model.rules`) and the independent checker (`scheduler.check.rules`)
each register one function per id; `tests/scheduler/test_registry.py` holds the three together.
The catalogue's order is the order in which rules are built, checked and reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar, get_args

RuleId = Literal[
    "curriculum.full_hours",
    "curriculum.double_lessons",
    "curriculum.merged",
    "assignment.teacher",
    "clash.class",
    "clash.teacher",
    "venue.capacity",
    "venue.choice",
    "availability.teacher_blocked",
    "availability.forbidden",
    "availability.fixed",
    "teacher.daily_max",
    "calendar.no_weekend",
    "time.lesson_window",
    "time.max_daily_learning",
    "activity.daily_minimum",
    "subject.daily_max",
    "homework.lesson_day",
    "homework.all_placed",
    "homework.none_for_grade",
    "homework.daily_cap",
    "homework.weekend",
    "homework.at_school",
    "soft.main_in_morning",
    "soft.subject_spread",
    "soft.two_lessons_apart",
    "soft.pe_placement",
    "soft.teacher_idle",
    "soft.teacher_balance",
    "soft.teacher_noon",
    "soft.parallel_half_day",
    "soft.subject_order",
    "soft.subject_exclusion",
    "soft.teacher_exclusion",
    "soft.homework_even",
    "soft.homework_spread",
]

# The documents rules come from, by name: national documents of 1990-2022, school work plans, office practice.
CURRICULUM_PLAN = "义务教育课程方案（2022年版）"
DOUBLE_REDUCTION = "双减意见 (中办发〔2021〕40号)"
HOMEWORK_NOTICE = "教育部办公厅关于加强义务教育学校作业管理的通知 (2021)"
SLEEP_NOTICE = "教育部办公厅关于进一步加强中小学生睡眠管理工作的通知 (教基厅函〔2021〕11号)"
HEALTH_RULES = "学校卫生工作条例 (1990); 江苏 苏办发〔2009〕24号"
ACTIVITY_NOTICE = (
    "切实保证中小学生每天一小时校园体育活动的规定 (2011); 教育部办公厅关于进一步加强中小学生体质健康管理工作的通知 (2021)"
)
WORK_PLANS = "学校减负工作方案 (双休日和法定节假日不上课, 双休日不加大作业量)"
OFFICE_PRACTICE = "教务处排课规则"


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue: hard rules must hold; soft rules cost `weight` per count by default."""

    id: RuleId
    hard: bool
    title: str
    title_zh: str
    source: str
    weight: int | None = None


def _hard(rule_id: RuleId, title: str, title_zh: str, source: str) -> Rule:
    return Rule(rule_id, True, title, title_zh, source)


def _soft(rule_id: RuleId, weight: int, title: str, title_zh: str, source: str = OFFICE_PRACTICE) -> Rule:
    return Rule(rule_id, False, title, title_zh, source, weight)


RULES: tuple[Rule, ...] = (
    _hard(
        "curriculum.full_hours", "every class gets exactly its weekly lessons of every subject", "开齐开足", CURRICULUM_PLAN
    ),
    _hard(
        "curriculum.double_lessons",
        "double lessons wanted per week, in one half-day",
        "连堂",
        OFFICE_PRACTICE,
    ),
    _hard(
        "curriculum.merged",
        "merged classes are taught together by one teacher",
        "合班",
        OFFICE_PRACTICE,
    ),
    _hard(
        "assignment.teacher",
        "each lesson is taught by the teacher assigned to it",
        "任课安排",
        OFFICE_PRACTICE,
    ),
    _hard("clash.class", "a class has at most one lesson at a time", "班级不冲突", OFFICE_PRACTICE),
    _hard(
        "clash.teacher",
        "a teacher teaches at most one lesson at a time",
        "教师不冲突",
        OFFICE_PRACTICE,
    ),
    _hard(
        "venue.capacity",
        "no venue holds more classes than its capacity",
        "场地容量",
        OFFICE_PRACTICE,
    ),
    _hard("venue.choice", "a lesson that needs a shared venue is in one its subject allows", "场地安排", OFFICE_PRACTICE),
    _hard(
        "availability.teacher_blocked",
        "no lesson in a teacher's blocked time",
        "教师不可用时间",
        OFFICE_PRACTICE,
    ),
    _hard("availability.forbidden", "no lesson in a forbidden slot", "禁排", OFFICE_PRACTICE),
    _hard("availability.fixed", "fixed lessons sit in their slot", "固排", OFFICE_PRACTICE),
    _hard(
        "teacher.daily_max",
        "a teacher's lessons a day stay within their maximum",
        "教师每日最多节数",
        OFFICE_PRACTICE,
    ),
    _hard("calendar.no_weekend", "no lessons on Saturday or Sunday", "双休日不上课", WORK_PLANS),
    _hard(
        "time.lesson_window", "no lesson before the earliest start or after dismissal", "不早于规定时间上课", SLEEP_NOTICE
    ),
    _hard(
        "time.max_daily_learning",
        "daily concentrated learning time within the cap",
        "在校集中学习时间",
        HEALTH_RULES,
    ),
    _hard(
        "activity.daily_minimum",
        "at least the daily physical-activity minutes",
        "每天体育活动1小时",
        ACTIVITY_NOTICE,
    ),
    _hard(
        "subject.daily_max",
        "at most N lessons of one subject per class per day",
        "同一学科每天节数上限",
        OFFICE_PRACTICE,
    ),
    _hard(
        "homework.lesson_day",
        "a subject's homework is set on a day the class had that subject",
        "作业当天有课",
        HOMEWORK_NOTICE,
    ),
    _hard("homework.all_placed", "every homework item of the plan is set", "作业计划落实", HOMEWORK_NOTICE),
    _hard(
        "homework.none_for_grade",
        "no written homework in a grade whose cap is 0 (grades 1-2)",
        "一二年级无书面作业",
        DOUBLE_REDUCTION,
    ),
    _hard(
        "homework.daily_cap", "written homework per class and day within the grade's cap", "书面作业总量", HOMEWORK_NOTICE
    ),
    _hard(
        "homework.weekend", "the last school day's homework is no more than a weekday's", "双休日不加大作业量", WORK_PLANS
    ),
    _hard(
        "homework.at_school",
        "written homework basically finished at school (if switched on)",
        "书面作业在校内基本完成",
        DOUBLE_REDUCTION,
    ),
    _soft("soft.main_in_morning", 10, "main subjects (Chinese, mathematics, English) in the morning", "主科上午"),
    _soft(
        "soft.subject_spread",
        20,
        "a subject's lessons spread over the week (days with 2+ beyond doubles)",
        "分散",
    ),
    _soft("soft.two_lessons_apart", 10, "a 2-lesson subject not on consecutive days", "两节课隔天"),
    _soft("soft.pe_placement", 5, "PE not in the first period nor right after lunch", "体育不排第一节和午后"),
    _soft("soft.teacher_idle", 3, "few idle periods between a teacher's lessons", "教师空堂少"),
    _soft("soft.teacher_balance", 2, "balanced daily loads (busiest minus lightest day)", "教师每日均衡"),
    _soft("soft.teacher_noon", 5, "no teacher across the noon break (where configured)", "不跨中午"),
    _soft(
        "soft.parallel_half_day",
        2,
        "a teacher's parallel classes in one half-day (where configured)",
        "平行班同半天",
    ),
    _soft(
        "soft.subject_order",
        10,
        "a subject not right before another (where configured)",
        "不相邻/先后",
    ),
    _soft("soft.subject_exclusion", 10, "two subjects not on one day (where configured)", "科目互斥"),
    _soft(
        "soft.teacher_exclusion",
        50,
        "two teachers never at the same time (where configured)",
        "教师互斥",
    ),
    _soft(
        "soft.homework_even",
        1,
        "even daily homework totals per class (max minus min minutes)",
        "作业量均衡",
        HOMEWORK_NOTICE,
    ),
    _soft(
        "soft.homework_spread",
        5,
        "a subject's homework not on consecutive days",
        "作业不连日",
        HOMEWORK_NOTICE,
    ),
)

RULE_IDS: tuple[RuleId, ...] = get_args(RuleId)
RULE_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
SOFT_RULE_IDS: tuple[RuleId, ...] = tuple(rule.id for rule in RULES if not rule.hard)
DEFAULT_WEIGHTS: dict[str, int] = {rule.id: rule.weight for rule in RULES if rule.weight is not None}

T = TypeVar("T")


def in_catalogue_order(table: Mapping[RuleId, T]) -> list[tuple[RuleId, T]]:
    """A registry's entries in the catalogue's order: the order rules are built, checked and reported in."""
    return [(rule_id, table[rule_id]) for rule_id in RULE_IDS if rule_id in table]
