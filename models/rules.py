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
    "curriculum.together",
    "assignment.teacher",
    "clash.class",
    "clash.teacher",
    "venue.capacity",
    "venue.choice",
    "availability.teacher_blocked",
    "availability.forbidden",
    "availability.fixed",
    "teacher.daily_max",
    "teacher.max_days",
    "calendar.no_weekend",
    "time.lesson_window",
    "time.max_daily_learning",
    "activity.daily_minimum",
    "activity.daily_pe",
    "activity.without_pe",
    "activity.big_breaks",
    "time.break_length",
    "time.break_total",
    "time.arrival",
    "service.after_school",
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
    "soft.teacher_days",
    "soft.teacher_daily_range",
    "soft.parallel_half_day",
    "soft.subject_order",
    "soft.subject_exclusion",
    "soft.teacher_exclusion",
    "soft.avoided_slots",
    "soft.homework_even",
    "soft.homework_spread",
]

AuditRuleId = Literal[
    "term.off_days",
    "term.bells",
    "term.holiday_homework",
    "term.one_exam",
    "term.hours_delivered",
    "cover.absent",
    "cover.qualified",
    "cover.duty",
    "cover.max_per_week",
    "cover.venue_closed",
    "cover.merge",
    "district.one_school",
    "district.travel",
    "district.daily_max",
]

# The documents rules come from: issuing body, title, number and date where the stored sources give
# them (../shared/reference/china_policy.md). A rule whose number a preset sets shows, in a school's
# compliance report, the sources of the preset in force (models/presets/*.yaml).
CURRICULUM_PLAN = "教育部《义务教育课程方案（2022年版）》（教材〔2022〕2号，2022-04）"
DOUBLE_REDUCTION = (
    "中共中央办公厅、国务院办公厅"
    + "《关于进一步减轻义务教育阶段学生作业负担和校外培训负担的意见》（中办发〔2021〕40号，2021-07）"
)
HOMEWORK_NOTICE = "教育部办公厅《关于加强义务教育学校作业管理的通知》（2021-04）"
SLEEP_NOTICE = "教育部办公厅《关于进一步加强中小学生睡眠管理工作的通知》（教基厅函〔2021〕11号，2021-03-30）"
HEALTH_RULES = (
    "国家教育委员会、卫生部《学校卫生工作条例》（1990）；"
    + "中共江苏省委办公厅、江苏省人民政府办公厅（苏办发〔2009〕24号，2009）"
)
ACTIVITY_NOTICE = (
    "教育部《切实保证中小学生每天一小时校园体育活动的规定》（2011）；教育部办公厅《关于进一步加强中小学生体质健康管理工作的通知》"
    "（2021）；中共中央、国务院《教育强国建设规划纲要（2024—2035年）》（2025-01）"
)
BREAKS_2026 = "教育部新闻发布：“课间15分钟”各省全面落地（2026-02）；北京市教育委员会（2024-09）"
BEIJING_BREAKS = "北京市教育委员会：课间总时长、上午下午各一次30分钟大课间（2024-09）"
DAILY_PE = "北京市教育委员会等（京教体艺〔2025〕1号，2025-02-11）；广东省教育厅（2025）"
AFTER_SCHOOL = "江苏省教育厅《关于推进中小学课后服务工作的实施意见》（5+2：每周5天、每天不少于2小时）"
WORK_PLANS = "学校减负工作方案（双休日和法定节假日不上课，双休日不加大作业量）"
OFFICE_PRACTICE = "教务处排课惯例"


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue: hard rules must hold; soft rules cost `weight` per count by default."""

    id: RuleId | AuditRuleId
    hard: bool
    title: str
    title_zh: str
    source: str
    weight: int | None = None


def _hard(rule_id: RuleId | AuditRuleId, title: str, title_zh: str, source: str) -> Rule:
    return Rule(rule_id, True, title, title_zh, source)


def _finding(rule_id: AuditRuleId, title: str, title_zh: str, source: str) -> Rule:
    """A rule of the term audit that reports without being a breach (a finding)."""
    return Rule(rule_id, False, title, title_zh, source)


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
        "curriculum.together",
        "the lessons of classes set together are at the same times (when set)",
        "同时上课",
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
    _hard(
        "teacher.max_days",
        "a teacher teaches on at most their maximum of days a week",
        "教师每周最多上课天数",
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
        "每天体育活动时间",
        ACTIVITY_NOTICE,
    ),
    _hard("activity.daily_pe", "a PE lesson every school day (when switched on)", "每天一节体育课", DAILY_PE),
    _hard(
        "activity.without_pe",
        "on a day without PE, at least the minimum of exercise blocks (when set)",
        "无体育课日锻炼时间",
        DAILY_PE,
    ),
    _hard("activity.big_breaks", "at least N 30-minute big breaks a day (when set)", "大课间", BEIJING_BREAKS),
    _hard(
        "time.break_length",
        "every break between two lessons of a half-day at least the minimum (when set)",
        "课间时长",
        BREAKS_2026,
    ),
    _hard("time.break_total", "the breaks of a day at least the minimum in total (when set)", "课间总时长", BEIJING_BREAKS),
    _hard(
        "time.arrival",
        "no required block before the earliest lesson start (when switched on)",
        "不得要求提前到校",
        SLEEP_NOTICE,
    ),
    _hard(
        "service.after_school",
        "after-school service every school day at least the minimum (when set)",
        "课后服务时长",
        AFTER_SCHOOL,
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
        "soft.teacher_days",
        10,
        "a teacher on no more days a week than they wish (where configured)",
        "教师上课天数",
    ),
    _soft(
        "soft.teacher_daily_range",
        5,
        "a teacher's lessons on a day they teach within the range they wish (where configured)",
        "教师每日课时范围",
    ),
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
    _soft("soft.avoided_slots", 10, "no lesson in a slot to avoid (where configured)", "尽量不排"),
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

# The term audit's rules (scheduler.check.term: the weekly timetable lived as the dates of the 校历)
# and a change set's (scheduler.check.cover: 调代课, checked on its dates). They are not rules of the
# weekly model: the weekly registry and its boundary tests leave them out.
TERM_RULES: tuple[Rule, ...] = (
    _hard("term.off_days", "no lesson on a holiday, exam, non-teaching or weekend day", "节假日不上课", WORK_PLANS),
    _hard("term.bells", "every dated bell schedule keeps the daily minute rules", "各作息时间表合规", HEALTH_RULES),
    _hard(
        "term.holiday_homework",
        "the last teaching day before a holiday or weekend within the weekend homework cap",
        "节假日不加大作业量",
        WORK_PLANS,
    ),
    _finding("term.one_exam", "at most one exam in the term", "每学期一次考试", WORK_PLANS),
    _finding(
        "term.hours_delivered",
        "each subject's lessons over the term: the weekly plan × the teaching weeks",
        "全学期开齐开足",
        CURRICULUM_PLAN,
    ),
)
COVER_RULES: tuple[Rule, ...] = (
    _hard("cover.absent", "no lesson taught by a teacher who is away then", "缺勤教师不上课", OFFICE_PRACTICE),
    _hard("cover.qualified", "a substitute teaches that subject or that class", "代课教师任教该学科或该班", OFFICE_PRACTICE),
    _hard("cover.duty", "a self-study's duty teacher is present and free then", "自习值班教师在岗且空闲", OFFICE_PRACTICE),
    _hard("cover.max_per_week", "no teacher covers more than the week's maximum", "每周代课上限", OFFICE_PRACTICE),
    _hard("cover.venue_closed", "no lesson in a venue while it is closed", "场地关闭时不在该场地上课", OFFICE_PRACTICE),
    _hard(
        "cover.merge",
        "a merged cover joins a lesson of its subject then, of its grade, where the office allows merging",
        "合班代课：同年级同时段同学科的课，且该学科允许合班",
        OFFICE_PRACTICE,
    ),
)

DISTRICT_RULES: tuple[Rule, ...] = (
    _hard(
        "district.one_school",
        "a shared teacher (走教) is at one school a day, or a half-day",
        "走教教师每天（或每半天）只在一所学校",
        OFFICE_PRACTICE,
    ),
    _hard("district.travel", "between lessons at two schools the travel time fits", "两校之间留足路程时间", OFFICE_PRACTICE),
    _hard(
        "district.daily_max",
        "a shared teacher's lessons a day in all schools within their daily maximum",
        "走教教师各校每天课时合计不超过上限",
        OFFICE_PRACTICE,
    ),
)

# The weekly rules that read the bell: a dated bell (冬季作息) must keep them too (term.bells).
BELL_RULES: tuple[RuleId, ...] = (
    "time.max_daily_learning",
    "activity.daily_minimum",
    "time.lesson_window",
    "activity.without_pe",
    "activity.big_breaks",
    "time.break_length",
    "time.break_total",
    "time.arrival",
    "service.after_school",
)
RULE_IDS: tuple[RuleId, ...] = get_args(RuleId)
RULE_BY_ID: dict[str, Rule] = {rule.id: rule for rule in (*RULES, *TERM_RULES, *COVER_RULES, *DISTRICT_RULES)}
SOFT_RULE_IDS: tuple[RuleId, ...] = tuple(rule.id for rule in RULES if not rule.hard)
DEFAULT_WEIGHTS: dict[str, int] = {rule.id: rule.weight for rule in RULES if rule.weight is not None}

T = TypeVar("T")


def in_catalogue_order(table: Mapping[RuleId, T]) -> list[tuple[RuleId, T]]:
    """A registry's entries in the catalogue's order: the order rules are built, checked and reported in."""
    return [(rule_id, table[rule_id]) for rule_id in RULE_IDS if rule_id in table]
