"""The rule catalogue: one stable id per rule, shared by the model, the checker and every report."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue."""

    id: str
    hard: bool
    title: str
    title_zh: str


RULES: tuple[Rule, ...] = (
    Rule("curriculum.full_hours", True, "every class gets exactly its weekly lessons of every subject", "开齐开足"),
    Rule("curriculum.double_lessons", True, "double lessons wanted per week, in one half-day", "连堂"),
    Rule("curriculum.merged", True, "merged classes are taught together by one teacher", "合班"),
    Rule("assignment.teacher", True, "each lesson is taught by the teacher assigned to it", "任课安排"),
    Rule("clash.class", True, "a class has at most one lesson at a time", "班级不冲突"),
    Rule("clash.teacher", True, "a teacher teaches at most one lesson at a time", "教师不冲突"),
    Rule("venue.capacity", True, "no venue holds more classes than its capacity", "场地容量"),
    Rule("availability.teacher_blocked", True, "no lesson in a teacher's blocked time", "教师不可用时间"),
    Rule("availability.forbidden", True, "no lesson in a forbidden slot", "禁排"),
    Rule("availability.fixed", True, "fixed lessons sit in their slot", "固排"),
    Rule("teacher.daily_max", True, "a teacher's lessons a day stay within their maximum", "教师每日最多节数"),
    Rule("calendar.no_weekend", True, "no lessons on Saturday or Sunday", "双休日不上课"),
    Rule("time.lesson_window", True, "no lesson before the earliest start or after dismissal", "不早于规定时间上课"),
    Rule("time.max_daily_learning", True, "daily concentrated learning time within the cap", "在校集中学习时间"),
    Rule("activity.daily_minimum", True, "at least the daily physical-activity minutes", "每天体育活动1小时"),
    Rule("subject.daily_max", True, "at most N lessons of one subject per class per day", "每天最多N节"),
    Rule("homework.lesson_day", True, "a subject's homework is set on a day the class had that subject", "作业当天有课"),
    Rule("homework.daily_cap", True, "written homework per class and day within the grade's cap", "书面作业总量"),
    Rule("homework.weekend", True, "the last school day's homework is no more than a weekday's", "双休日不加大作业量"),
    Rule(
        "homework.none_for_grade", True, "no written homework in a grade whose cap is 0 (grades 1-2)", "一二年级无书面作业"
    ),
    Rule("homework.all_placed", True, "every homework item of the plan is set", "作业计划落实"),
    Rule("homework.at_school", True, "written homework basically finished at school (if switched on)", "作业不出校门"),
    Rule("soft.main_in_morning", False, "main subjects (语数英) in the morning", "主科上午"),
    Rule("soft.subject_spread", False, "a subject's lessons spread over the week (days with 2+ beyond doubles)", "分散"),
    Rule("soft.two_lessons_apart", False, "a 2-lesson subject not on consecutive days", "两节课隔天"),
    Rule("soft.pe_placement", False, "PE not in the first period nor right after lunch", "体育不排第一节和午后"),
    Rule("soft.teacher_idle", False, "few idle periods (空堂) between a teacher's lessons", "教师空堂少"),
    Rule("soft.teacher_balance", False, "balanced daily loads (busiest minus lightest day)", "教师每日均衡"),
    Rule("soft.teacher_noon", False, "no teacher across the noon break (where configured)", "不跨中午"),
    Rule("soft.parallel_half_day", False, "a teacher's parallel classes in one half-day (where configured)", "平行班同半天"),
    Rule("soft.subject_order", False, "a subject not right before another (where configured)", "不相邻/先后"),
    Rule("soft.subject_exclusion", False, "two subjects not on one day (where configured)", "科目互斥"),
    Rule("soft.teacher_exclusion", False, "two teachers never at the same time (where configured)", "教师互斥"),
    Rule("soft.homework_even", False, "even daily homework totals per class (max minus min minutes)", "作业量均衡"),
    Rule("soft.homework_spread", False, "a subject's homework not on consecutive days", "作业不连日"),
)

RULE_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
SOFT_RULE_IDS: tuple[str, ...] = tuple(rule.id for rule in RULES if not rule.hard)
DEFAULT_WEIGHTS: dict[str, int] = {
    "soft.main_in_morning": 10,
    "soft.subject_spread": 20,
    "soft.two_lessons_apart": 10,
    "soft.pe_placement": 5,
    "soft.teacher_idle": 3,
    "soft.teacher_balance": 2,
    "soft.teacher_noon": 5,
    "soft.parallel_half_day": 2,
    "soft.subject_order": 10,
    "soft.subject_exclusion": 10,
    "soft.teacher_exclusion": 50,
    "soft.homework_even": 1,
    "soft.homework_spread": 5,
}
