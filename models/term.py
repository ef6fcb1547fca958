"""The term (学期) as dates: the school calendar (校历) an instance may carry, and each date's status.

A date of the term is a teaching day (its weekday's timetable), a make-up working day (调休: a
weekend date the State Council's notice makes a working day, running the timetable of the weekday the
school names), a holiday, an exam day, a non-teaching day (运动会, 开学典礼) or a weekend day.
Teaching weeks are numbered from the week (Monday to Sunday) holding the first day of term; odd and
even weeks (单双周) follow that number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from models.bell import Bell
from models.bell import Strict as StrictModel
from models.calendar import iso_weekday
from models.errors import Invalid

Date = Annotated[dt.date, Strict(False)]  # written 2026-09-01 in a file
MAX_TERM_DAYS = 366  # a term, even a school year, is shorter
Status = Literal["teaching", "makeup", "holiday", "exam", "non_teaching", "weekend"]


class DateRange(StrictModel):
    """A named date or range of dates (a holiday, an exam, a sports day)."""

    name: str = Field(min_length=1)
    start: Date
    end: Date | None = Field(None, description="The last date; the start alone if left out.")

    @property
    def last(self) -> dt.date:
        return self.end or self.start

    def dates(self) -> list[dt.date]:
        """Every date of the range."""
        return [self.start + dt.timedelta(days=n) for n in range((self.last - self.start).days + 1)]


class MakeupDay(StrictModel):
    """A weekend date that is a working day (调休), and the weekday whose timetable runs on it."""

    date: Date
    runs: str = Field(description="The school day whose timetable runs that day, e.g. 星期四.")
    note: str | None = None


class BellPeriod(StrictModel):
    """A bell schedule in force over a range of dates (夏季作息 / 冬季作息)."""

    name: str = Field(min_length=1)
    start: Date
    end: Date
    bell: Bell


class TermCalendar(StrictModel):
    """The `calendar:` section of an instance: the term's dates, holidays, 调休 and exams."""

    name: str = Field("", description="The term, e.g. 2026-2027学年第一学期.")
    start: Date
    end: Date
    holidays: list[DateRange] = []
    makeup_days: list[MakeupDay] = []
    exams: list[DateRange] = []
    non_teaching: list[DateRange] = []
    bells: list[BellPeriod] = Field([], description="Bell schedules by date range; the instance's bell elsewhere.")

    @model_validator(mode="after")
    def _ordered(self) -> TermCalendar:
        if self.end < self.start:
            raise Invalid(
                f"the term ends ({self.end}) before it starts ({self.start})",
                f"学期结束（{self.end}）早于开始（{self.start}）",
            )
        if (self.end - self.start).days > MAX_TERM_DAYS:
            raise Invalid(f"a term of more than {MAX_TERM_DAYS} days", f"学期超过 {MAX_TERM_DAYS} 天")
        return self


@dataclass(frozen=True)
class TermDay:
    """One date of the term: its status, teaching week, the weekday whose timetable runs, and why."""

    date: dt.date
    status: Status
    week: int
    runs: str | None = None  # the school day whose timetable runs (teaching and make-up days)
    name: str = ""  # the holiday, exam or event

    @property
    def parity(self) -> str:
        return "odd" if self.week % 2 else "even"


def term_days(calendar: TermCalendar, school_days: list[str]) -> list[TermDay]:
    """Every date from the first to the last day of term, with its status."""
    by_number = {iso_weekday(day): day for day in school_days}
    named: dict[dt.date, tuple[Status, str]] = {}
    for status, ranges in (
        ("non_teaching", calendar.non_teaching),
        ("exam", calendar.exams),
        ("holiday", calendar.holidays),
    ):
        for entry in ranges:
            named.update(dict.fromkeys(entry.dates(), (status, entry.name)))
    makeup = {entry.date: entry.runs for entry in calendar.makeup_days}
    first_monday = calendar.start - dt.timedelta(days=calendar.start.weekday())
    days = []
    for offset in range((calendar.end - calendar.start).days + 1):
        date = calendar.start + dt.timedelta(days=offset)
        week = (date - first_monday).days // 7 + 1
        if date in named:
            days.append(TermDay(date, named[date][0], week, name=named[date][1]))
        elif date in makeup:
            days.append(TermDay(date, "makeup", week, runs=makeup[date]))
        elif date.isoweekday() in by_number:
            days.append(TermDay(date, "teaching", week, runs=by_number[date.isoweekday()]))
        else:
            days.append(TermDay(date, "weekend", week))
    return days


def bell_on(calendar: TermCalendar, date: dt.date) -> BellPeriod | None:
    """The dated bell schedule in force on a date, if one is."""
    return next((entry for entry in calendar.bells if entry.start <= date <= entry.end), None)


def balanced_runs(school_days: list[str], days: list[TermDay]) -> dict[dt.date, str]:
    """For each make-up day, the school day whose timetable it should run for the most balanced term:
    in date order, the weekday that runs least often so far (the earliest in the week on a tie)."""
    counts = dict.fromkeys(school_days, 0)
    for day in days:
        if day.status == "teaching" and day.runs in counts:
            counts[day.runs] += 1
    choice = {}
    for day in days:
        if day.status == "makeup":
            runs = min(school_days, key=lambda name: (counts[name], school_days.index(name)))
            choice[day.date] = runs
            counts[runs] += 1
    return choice
