"""The 校历 section: each date's status, teaching weeks and their parity, and bad calendars refused
by place, one message each."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from typer.testing import CliRunner

from models.loading import parse_instance
from models.term import term_days
from models.validation import InputError
from scheduler.cli import Exit, app
from tests.conftest import BASE

runner = CliRunner()
CALENDAR = {
    "start": "2026-09-01",
    "end": "2026-10-16",
    "holidays": [{"name": "国庆节", "start": "2026-10-01", "end": "2026-10-07"}],
    "makeup_days": [{"date": "2026-10-10", "runs": "星期四"}],
    "exams": [{"name": "月考", "start": "2026-10-15"}],
}


def with_calendar(**changes: object) -> dict:
    return copy.deepcopy(BASE) | {"calendar": copy.deepcopy(CALENDAR) | changes}


def test_each_date_has_its_status_week_and_parity():
    inst = parse_instance(with_calendar())
    days = {day.date: day for day in term_days(inst.calendar, inst.days)}
    first, holiday, makeup, exam = (days[dt.date(2026, *md)] for md in ((9, 1), (10, 1), (10, 10), (10, 15)))
    assert (first.status, first.week, first.runs, first.parity) == ("teaching", 1, "星期二", "odd")
    assert (holiday.status, holiday.name) == ("holiday", "国庆节")
    assert (makeup.status, makeup.runs, makeup.week, makeup.parity) == ("makeup", "星期四", 6, "even")
    assert exam.status == "exam" and days[dt.date(2026, 10, 11)].status == "weekend"


BAD = {
    "the term ends before it starts": ({"end": "2026-08-01"}, "calendar", "早于开始"),
    "a make-up day that is a weekday": (
        {"makeup_days": [{"date": "2026-10-09", "runs": "星期四"}]},
        "calendar.makeup_days[0]",
        "本来就上课",
    ),
    "a make-up day running no school day": (
        {"makeup_days": [{"date": "2026-10-10", "runs": "星期八"}]},
        "calendar.makeup_days[0].runs",
        "不是上课日",
    ),
    "a holiday outside the term": (
        {"holidays": [{"name": "元旦", "start": "2027-01-01"}]},
        "calendar.holidays[0]",
        "不在学期内",
    ),
    "a date in another format": ({"start": "2026/9/1"}, "calendar.start", ""),
    "a term longer than a year": (
        {"start": "2001-01-01", "end": "2026-12-31", "holidays": [], "makeup_days": [], "exams": []},
        "calendar",
        "超过",
    ),
    "overlapping bells": (
        {
            "bells": [
                {"name": "夏季作息", "start": "2026-09-01", "end": "2026-09-30", "bell": BASE["bell"]},
                {"name": "冬季作息", "start": "2026-09-30", "end": "2026-10-16", "bell": BASE["bell"]},
            ]
        },
        "calendar.bells[1]",
        "重叠",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_calendar_is_refused_by_place(case):
    change, place, words = BAD[case]
    with pytest.raises(InputError) as error:
        parse_instance(with_calendar(**change))
    found = [p for p in error.value.problems if p.where == place]
    assert len(found) == 1 and words in found[0].message_zh, error.value.problems


def test_validate_refuses_a_bad_calendar_with_exit_2(tmp_path):
    import yaml

    path = tmp_path / "school.yaml"
    path.write_text(yaml.safe_dump(with_calendar(end="2026-08-01"), allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == Exit.BAD_INPUT and "calendar" in result.output and "Traceback" not in result.output
