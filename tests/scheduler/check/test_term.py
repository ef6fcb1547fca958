"""The term audit: each term rule with a case that breaks it, the hours delivered over the term with
the dates that took them, the dated lessons and their calendar files, and `jianfu calendar`."""

from __future__ import annotations

import copy
import datetime as dt

import yaml
from icalendar import Calendar
from typer.testing import CliRunner

from models.loading import parse_instance
from models.solution import Lesson
from models.term import term_days
from scheduler.check.term import DatedLesson, audit_term, dated_lessons, hours_delivered, off_day_lessons
from scheduler.cli import Exit, app
from scheduler.publish.term import build_term
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import BASE

runner = CliRunner()
TERM = {
    "start": "2026-09-07",
    "end": "2026-10-09",
    "holidays": [{"name": "国庆节", "start": "2026-10-01", "end": "2026-10-07"}],
}


def school_with(calendar: dict, **policy: object) -> tuple:
    data = copy.deepcopy(BASE) | {"calendar": calendar}
    data["policy"] = policy
    inst = parse_instance(data)
    solution = solve(inst, SolveOptions(time_limit=10, workers=1, seed=0))
    return inst, solution


def rules_of(found) -> set[str]:
    return {violation.rule for violation in found}


def test_a_term_without_findings_passes_and_a_holiday_takes_its_weekdays_lessons():
    inst, solution = school_with(TERM)
    days = term_days(inst.calendar, inst.days)
    hours = {(h.class_, h.subject): h for h in hours_delivered(inst, days, solution.lessons)}
    # 5 weeks: 25 school days, 5 of them (Oct 1-2, 5-7) off; 20 teaching days = 4 teaching weeks, each weekday 4 times
    assert all(h.planned == h.delivered for h in hours.values()), hours
    assert audit_term(inst, solution.lessons, solution.homework) == []


def test_lessons_lost_to_a_holiday_are_named_with_their_dates():
    term = TERM | {"holidays": [{"name": "运动会调休", "start": "2026-09-14"}]}  # one Monday off
    inst, solution = school_with(term)
    found = [v for v in audit_term(inst, solution.lessons, solution.homework) if v.rule == "term.hours_delivered"]
    monday = {lesson.subject for lesson in solution.lessons if lesson.day == "星期一" and lesson.class_ == "三年级1班"}
    named = {v.message_zh.split("：")[1].split("全学期")[0] for v in found if v.class_ == "三年级1班"}
    assert found and named <= monday and all("2026-09-14" in v.message_zh for v in found)
    made_up = term | {"makeup_days": [{"date": "2026-09-19", "runs": "星期一"}]}
    inst, solution = school_with(made_up)
    assert audit_term(inst, solution.lessons, solution.homework) == []


def test_a_second_exam_is_a_finding():
    two = TERM | {"exams": [{"name": "月考", "start": "2026-09-18"}, {"name": "期中", "start": "2026-10-09"}]}
    inst, solution = school_with(two)
    assert "term.one_exam" in rules_of(audit_term(inst, solution.lessons, solution.homework))


def test_a_lesson_on_a_holiday_breaks_the_calendar():
    inst, solution = school_with(TERM)
    days = term_days(inst.calendar, inst.days)
    moved = [DatedLesson(dt.date(2026, 10, 1), solution.lessons[0]), DatedLesson(dt.date(2026, 9, 12), solution.lessons[1])]
    found = off_day_lessons(days, moved)
    assert [v.rule for v in found] == ["term.off_days"] * 2 and "国庆节" in found[0].message_zh


def test_a_dated_bell_is_kept_by_the_solver_and_its_breach_found_by_the_checker():
    late = copy.deepcopy(BASE["bell"])
    late["periods"][0] = {"start": "08:00", "end": "08:40"}  # before 08:20: the lesson window
    term = TERM | {"bells": [{"name": "冬季作息", "start": "2026-09-21", "end": "2026-10-09", "bell": late}]}
    inst, solution = school_with(term)
    assert solution.lessons and all(lesson.period != 1 for lesson in solution.lessons)  # the model reads it too
    assert audit_term(inst, solution.lessons, solution.homework) == []
    early = solution.lessons[0].model_copy(update={"period": 1})
    found = [v for v in audit_term(inst, [early, *solution.lessons[1:]], solution.homework) if v.rule == "term.bells"]
    assert found and all(v.message_zh.startswith("冬季作息") for v in found)


def test_homework_before_a_holiday_stays_within_the_weekend_cap():
    data = copy.deepcopy(BASE) | {"calendar": TERM}
    data["grades"][0]["homework"] = {"语文": {"items": 5, "minutes": 20}}
    data["policy"] = {"weekend_homework_minutes": 20}
    inst = parse_instance(data)
    solution = solve(inst, SolveOptions(time_limit=10, workers=1, seed=0))
    assert "term.holiday_homework" not in rules_of(audit_term(inst, solution.lessons, solution.homework))
    heavy = [item.model_copy(update={"minutes": 25}) if item.day == "星期三" else item for item in solution.homework]
    found = [v for v in audit_term(inst, solution.lessons, heavy) if v.rule == "term.holiday_homework"]
    assert found and all("2026-09-30" in v.message for v in found)  # the Wednesday before 国庆节


def test_the_calendar_files_hold_one_event_per_dated_lesson():
    inst, solution = school_with(TERM)
    term = build_term(inst, solution.lessons, solution.homework, "zh")
    dated = dated_lessons(term.days, solution.lessons)
    for number, school_class in enumerate(inst.classes, start=1):
        events = Calendar.from_ical(term.ics[f"class-{number:03d}.ics"]).walk("VEVENT")
        assert len(events) == sum(item.lesson.class_ == school_class.name for item in dated)
        first = min(events, key=lambda e: e["dtstart"].dt)
        assert first["dtstart"].dt.date() == dt.date(2026, 9, 7)
    teacher = inst.teachers[0].name
    teaching = sum(teacher in item.lesson.teachers or teacher in _teachers(inst, item.lesson) for item in dated)
    assert len(Calendar.from_ical(term.ics["teacher-001.ics"]).walk("VEVENT")) == teaching


def _teachers(inst, lesson: Lesson) -> list[str]:
    from scheduler.check.timetable import lesson_teachers

    return lesson_teachers(inst, lesson)


def test_jianfu_calendar_writes_the_official_holidays_of_2026(tmp_path):
    out = tmp_path / "calendar.yaml"
    result = runner.invoke(app, ["calendar", "--start", "2026-09-01", "--end", "2027-01-22", "--out", str(out)])
    assert result.exit_code == Exit.OK and "2027" in result.output
    section = yaml.safe_load(out.read_text(encoding="utf-8"))["calendar"]
    holidays = {entry["name"]: (entry["start"], entry.get("end")) for entry in section["holidays"]}
    assert holidays["国庆节"] == (dt.date(2026, 10, 1), dt.date(2026, 10, 7))
    assert [entry["date"] for entry in section["makeup_days"]] == [dt.date(2026, 9, 20), dt.date(2026, 10, 10)]
    bad = runner.invoke(app, ["calendar", "--start", "2026/9/1", "--end", "2027-01-22", "--out", str(out)])
    assert bad.exit_code == Exit.BAD_INPUT and "--start" in bad.output


def test_a_dated_bell_that_leaves_too_few_periods_is_explained_by_its_name():
    from scheduler.search.explain import explain

    early = copy.deepcopy(BASE["bell"])
    for number, (start, end) in enumerate([("07:00", "07:40"), ("07:50", "08:30")]):  # before 08:20: no lessons
        early["periods"][number] = {"start": start, "end": end}
    early["blocks"] = []
    data = copy.deepcopy(BASE) | {
        "calendar": TERM | {"bells": [{"name": "冬季作息", "start": "2026-09-21", "end": "2026-10-09", "bell": early}]}
    }
    data["grades"][0]["plan"] = {"语文": 11, "数学": 10}  # 21 lessons, 4 periods a day (20) left under 冬季作息
    data["teachers"] = [
        {"name": "王芳", "teaches": {"语文": ["三年级1班"]}},
        {"name": "张敏", "teaches": {"数学": ["三年级1班"]}},
    ]
    data["classes"] = data["classes"][:1]
    data["policy"] = {"min_daily_activity_minutes": 0, "main_subject_daily_max": 6}
    inst = parse_instance(data)
    explanation = explain(inst, time_limit=20)
    assert not explanation.feasible and ("term.bells", "冬季作息") in explanation.groups
    assert any("冬季作息" in sentence for sentence in explanation.sentences_zh)
