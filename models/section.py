"""Sections of one school (学部): grades with their own stage, bell schedule and policy numbers.

A 九年一贯制 school has a primary section (grades 1-6, 40-minute lessons, 360 minutes of
concentrated learning a day) and a junior one (grades 7-9, 45 minutes, 420); a 五四制 junior school
has grades 6-9 (grade 6 as 预备年级). Its teachers, venues and days are the school's. A file that
names one `school.stage` is one section holding every grade.
"""

from __future__ import annotations

from functools import cached_property

from pydantic import Field

from models.bell import AFTER_SCHOOL_BLOCKS, Bell, Block, Strict, TimeRef
from models.policy import Policy, PolicySettings, Stage

# The grades each stage may hold: 五四制 puts grade 6 in junior school.
STAGE_GRADES: dict[Stage, range] = {"primary": range(1, 7), "junior": range(6, 10)}


class SectionSettings(Strict):
    """A section of the file: its grades, stage, and its own bell and policy (the school's if left out)."""

    name: str = Field(min_length=1)
    stage: Stage
    grades: list[int] = Field(min_length=1)
    bell: Bell | None = None
    policy: PolicySettings | None = None


class Section:
    """A section in force: its grades, its bell schedule and its policy with every number resolved."""

    def __init__(self, name: str, stage: Stage, grades: frozenset[int], bell: Bell, policy: Policy, days: list[str]):
        self.name, self.stage, self.grades, self.bell, self.policy, self.days = name, stage, grades, bell, policy, days

    @cached_property
    def periods(self) -> range:
        """The period numbers, from 1."""
        return range(1, len(self.bell.periods) + 1)

    @cached_property
    def week_slots(self) -> list[tuple[str, int]]:
        """Every (day, period) of the week, in order."""
        return [(day, period) for day in self.days for period in self.periods]

    def period_minutes(self, period: int) -> int:
        """Real length in minutes of a period."""
        bell_period = self.bell.periods[period - 1]
        return bell_period.end - bell_period.start

    def interval(self, period: int) -> tuple[int, int]:
        """(start, end) of a period, in minutes after midnight."""
        bell_period = self.bell.periods[period - 1]
        return bell_period.start, bell_period.end

    def covering(self, minute: int) -> int | None:
        """The period running at `minute` (its start included, its end not), if any."""
        if minute not in self._covering:
            self._covering[minute] = next(
                (p for p in self.periods if self.interval(p)[0] <= minute < self.interval(p)[1]), None
            )
        return self._covering[minute]

    @cached_property
    def _covering(self) -> dict[int, int | None]:
        return {}

    def is_morning(self, period: int) -> bool:
        """A period that starts before noon is a morning (上午) period."""
        return self.bell.periods[period - 1].start < 12 * 60

    def in_lesson_window(self, period: int) -> bool:
        """The period starts no earlier than the earliest lesson start and ends by dismissal."""
        start, end = self.interval(period)
        return start >= self.policy.earliest_lesson_start and end <= self.policy.latest_dismissal

    @cached_property
    def double_starts(self) -> list[int]:
        """Periods p where p and p+1 form one double lesson (连堂): same half-day, a short break."""
        limit, periods = self.policy.max_break_in_double_minutes, self.bell.periods
        return [
            number
            for number in range(1, len(periods))
            if self.is_morning(number) == self.is_morning(number + 1)
            and periods[number].start - periods[number - 1].end <= limit
        ]

    @cached_property
    def first_afternoon_period(self) -> int | None:
        """The first period after noon (right after lunch), if the day has one."""
        return next((n for n in self.periods if not self.is_morning(n)), None)

    def slot_in(self, ref: TimeRef, day: str, period: int) -> bool:
        """Whether (day, period) of this section is one of the slots `ref` names."""
        if ref.day is not None and ref.day != day:
            return False
        if ref.periods is not None:
            return period in ref.periods
        if ref.half is not None:
            return self.is_morning(period) == (ref.half == "am")
        return True

    def blocks_for(self, grade: int, day: str) -> list[Block]:
        """The non-lesson blocks a class of `grade` has on a day."""
        return [
            block
            for block in self.bell.blocks
            if (block.days is None or day in block.days) and (block.grades is None or grade in block.grades)
        ]

    def block_minutes(self, grade: int, day: str, kinds: set[str]) -> int:
        """Minutes of a grade's required blocks of these kinds on a day (e.g. LEARNING_BLOCKS,
        ACTIVITY_BLOCKS): a voluntary block requires no one and counts for no rule."""
        return sum(block.minutes for block in self.blocks_for(grade, day) if block.kind in kinds and not block.voluntary)

    def service_minutes(self, grade: int, day: str) -> int:
        """Minutes of a grade's 课后服务 on a day (homework guidance, after-school sport, clubs, evening
        study), voluntary as the service is by nature."""
        return sum(block.minutes for block in self.blocks_for(grade, day) if block.kind in AFTER_SCHOOL_BLOCKS)

    def big_breaks(self, grade: int, day: str) -> int:
        """A grade's 大课间 on a day: required exercise blocks as long as the policy's big break."""
        long = self.policy.big_break_minutes
        return sum(1 for b in self.blocks_for(grade, day) if b.kind == "exercise" and not b.voluntary and b.minutes >= long)

    @cached_property
    def early_blocks(self) -> list[tuple[int, Block]]:
        """(index, block) of the bell's required blocks that start before the earliest lesson start."""
        earliest = self.policy.earliest_lesson_start
        return [(i, b) for i, b in enumerate(self.bell.blocks) if not b.voluntary and b.start < earliest]

    @cached_property
    def breaks(self) -> list[tuple[int, int]]:
        """(period, minutes) of each break between period and period + 1 in one half-day (课间; a
        大课间 or eye exercises in it are part of it), from the bell."""
        periods = self.bell.periods
        return [
            (number, periods[number].start - periods[number - 1].end)
            for number in range(1, len(periods))
            if self.is_morning(number) == self.is_morning(number + 1)
        ]
