"""The bell schedule (作息时间表): lesson periods and the non-lesson blocks that count for the rules.

How each kind of block counts, and the documents that count it so:
- `reading` (早读), `meeting` (晨会, 班会, 升旗), `self_study` (自习 in the school day): concentrated
  learning time, which runs from the required morning arrival to dismissal, breaks and exercises
  aside (苏办发〔2009〕24号; 学校卫生工作条例 counts self-study as study time);
- `exercise` (大课间) and `sport` (课后体育, after-school sport): daily physical activity (切实保证中小学生
  每天一小时校园体育活动的规定, 2011);
- `homework_guidance` (课后服务's first session) and `evening_study` (晚自习 of day pupils, which the
  课后服务 rules of Jiangsu and Hangzhou end by 20:30): where written homework is done at school
  (双减: homework basically finished at school); they are after-school service, not the school day's
  concentrated learning, and an evening study ends by the policy's `latest_evening_study_end`;
- `eye_exercise` (眼保健操), `noon_rest` (午休) and `club` (社团, 课后服务's later sessions): neither.
A block marked `voluntary` requires no pupil (an open reading room before lessons): it counts for no
rule but after-school service (课后服务 is voluntary by nature), and may come before the earliest
lesson start (rule time.arrival).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.calendar import ClockTime

BlockKind = Literal[
    "reading",
    "meeting",
    "self_study",
    "exercise",
    "eye_exercise",
    "sport",
    "homework_guidance",
    "evening_study",
    "noon_rest",
    "club",
]
LEARNING_BLOCKS = {"reading", "meeting", "self_study"}
ACTIVITY_BLOCKS = {"exercise", "sport"}
HOMEWORK_BLOCKS = {"homework_guidance", "evening_study"}
AFTER_SCHOOL_BLOCKS = {"homework_guidance", "sport", "club", "evening_study"}  # 课后服务's sessions


MAX_TEXT = 200  # characters in a name or any other text of an input file


class Strict(BaseModel):
    """A part of an input file: unknown fields are refused, names lose surrounding spaces, and values
    keep their type (`true` is not a lesson count, `"yes"` is not a yes), and texts are short."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True, str_max_length=MAX_TEXT)


class Period(Strict):
    """One lesson period of the bell schedule, numbered from 1 in file order."""

    name: str | None = None
    start: ClockTime
    end: ClockTime


class Block(Strict):
    """A non-lesson block of the day that counts for the rules (早读, 大课间, 课后服务...)."""

    name: str = Field(min_length=1)
    kind: BlockKind
    start: ClockTime
    end: ClockTime
    days: list[str] | None = Field(None, description="Days it runs on; every school day if left out.")
    grades: list[int] | None = Field(None, description="Grades it is for; all grades if left out.")
    voluntary: bool = Field(
        False, description="Pupils may come or not (e.g. an open reading room before lessons): it requires no one."
    )

    @property
    def minutes(self) -> int:
        return self.end - self.start


class Bell(Strict):
    """The bell schedule (作息时间表), the same on every school day."""

    periods: list[Period] = Field(min_length=1)
    blocks: list[Block] = []


class TimeRef(Strict):
    """Some slots of the week: a day (all days if left out) and periods or a half-day."""

    day: str | None = None
    periods: list[int] | None = None
    half: Literal["am", "pm"] | None = None
    note: str | None = Field(None, description="Why, for the timetables (a teacher's 教研, a meeting).")
