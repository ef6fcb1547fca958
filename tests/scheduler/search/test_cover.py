"""调课 and 代课: covers found for teachers away, checked on their dates by the independent checker;
bad absences refused by place; no change set when no one can hold a lesson; the record written."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
import yaml
from typer.testing import CliRunner

from models.absence import Absences, CoverChange, absence_problems
from models.loading import parse_instance
from scheduler.check.cover import check_cover
from scheduler.cli import Exit, app
from scheduler.search.cover import plan_covers
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import BASE

runner = CliRunner()
TERM = {
    "start": "2026-09-07",
    "end": "2026-10-09",
    "holidays": [{"name": "国庆节", "start": "2026-10-01", "end": "2026-10-07"}],
}


def term_school() -> tuple:
    inst = parse_instance(copy.deepcopy(BASE) | {"calendar": TERM})
    return inst, solve(inst, SolveOptions(time_limit=10, workers=1, seed=0))


def absences(*entries: dict, **extra: object) -> Absences:
    return Absences.model_validate({"absences": list(entries), **extra})


def test_a_teacher_away_for_a_day_is_covered_and_the_checker_agrees():
    inst, solution = term_school()
    away = absences({"teacher": "张敏", "start": "2026-09-15", "reason": "病假"})
    plan = plan_covers(inst, solution.lessons, away)
    taught = [
        l
        for l in solution.lessons
        if "张敏" in (l.teachers or ["张敏" if l.subject == "数学" else ""]) and l.day == "星期二"
    ]
    assert plan.found and plan.violations == [] and len(plan.changes) == len(taught) > 0
    assert all(c.teacher == "张敏" and (c.cover != "张敏") for c in plan.changes)
    assert check_cover(inst, solution.lessons, away, plan.changes) == []


def test_the_checker_finds_a_teacher_away_still_teaching_and_an_unqualified_substitute():
    inst, solution = term_school()
    away = absences({"teacher": "张敏", "start": "2026-09-15"})
    rules = {v.rule for v in check_cover(inst, solution.lessons, away, [])}
    assert rules == {"cover.absent"}
    lesson = next(l for l in solution.lessons if l.subject == "数学" and l.day == "星期二" and l.class_ == "三年级2班")
    wrong = CoverChange.model_validate(
        {
            "kind": "substitute",
            "date": "2026-09-15",
            "period": lesson.period,
            "class": lesson.class_,
            "subject": "数学",
            "teacher": "张敏",
            "cover": "王芳",  # teaches 语文 to 三年级1班 only
        }
    )
    assert "cover.qualified" in {v.rule for v in check_cover(inst, solution.lessons, away, [wrong])}
    limited = absences({"teacher": "张敏", "start": "2026-09-15"}, max_covers_per_week=0)
    duty = wrong.model_copy(update={"kind": "self_study"})
    assert "cover.max_per_week" in {v.rule for v in check_cover(inst, solution.lessons, limited, [duty])}


def test_no_change_set_when_nobody_can_hold_a_lesson():
    inst, solution = term_school()
    everyone = absences(*({"teacher": t.name, "start": "2026-09-15"} for t in inst.teachers if t.name != "李强"))
    plan = plan_covers(inst, solution.lessons, everyone)
    assert not plan.found and plan.uncovered  # 李强 teaches 三年级2班 all day; 三年级1班's lessons have no one


def test_bad_absences_are_refused_one_message_each():
    inst, _ = term_school()
    bad = absences(
        {"teacher": "张民", "start": "2026-09-15"},
        {"teacher": "王芳", "start": "2026-12-01"},
        {"teacher": "李强", "start": "2026-10-02"},
        {"teacher": "刘洋", "start": "2026-09-14", "end": "2026-09-16"},
        {"teacher": "刘洋", "start": "2026-09-16"},
    )
    problems = {p.where: p.message_zh for p in absence_problems(inst, bad)}
    assert "张敏" in problems["absences[0].teacher"] and "不在学期内" in problems["absences[1]"]
    assert "没有上课日" in problems["absences[2]"] and "重叠" in problems["absences[4]"]


def test_jianfu_cover_writes_the_record(tmp_path):
    inst, solution = term_school()
    school, timetable, away = tmp_path / "school.yaml", tmp_path / "week.json", tmp_path / "absences.yaml"
    school.write_text(yaml.safe_dump(copy.deepcopy(BASE) | {"calendar": TERM}, allow_unicode=True), encoding="utf-8")
    timetable.write_text(solution.model_dump_json(by_alias=True), encoding="utf-8")
    away.write_text(
        yaml.safe_dump({"absences": [{"teacher": "张敏", "start": "2026-09-15", "reason": "培训"}]}, allow_unicode=True),
        encoding="utf-8",
    )
    command = ["cover", str(school), str(timetable), str(away), "--out"]
    under_a_file = runner.invoke(app, [*command, str(school / "out"), "--lang", "en"])
    assert under_a_file.exit_code == Exit.BAD_INPUT and f"{school / 'out'}: cannot be written" in under_a_file.output
    result = runner.invoke(app, [*command, str(tmp_path / "out")])
    assert result.exit_code == Exit.OK, result.output
    record = [
        CoverChange.model_validate(c) for c in json.loads((tmp_path / "out" / "cover.json").read_text(encoding="utf-8"))
    ]
    assert record and all(c.reason == "培训" for c in record) and (tmp_path / "out" / "调代课记录.xlsx").exists()
    pages = sorted(path.name for path in (tmp_path / "out" / "site").iterdir())
    assert (
        pages[0] == "index.html"
        and "page-001.html" in pages
        and "张敏" in (tmp_path / "out" / "site" / "index.html").read_text(encoding="utf-8")
    )
    away.write_text(
        yaml.safe_dump({"absences": [{"teacher": "张民", "start": "2026-09-15"}]}, allow_unicode=True), encoding="utf-8"
    )
    refused = runner.invoke(app, ["cover", str(school), str(timetable), str(away)])
    assert refused.exit_code == Exit.BAD_INPUT and "张敏" in refused.output and "Traceback" not in refused.output


def test_the_record_runs_over_the_term_and_checks_back(tmp_path):
    inst, solution = term_school()
    first = absences({"teacher": "张敏", "start": "2026-09-15"})
    earlier = plan_covers(inst, solution.lessons, first).changes
    second = absences({"teacher": "赵丽", "start": "2026-09-16"})
    later = plan_covers(inst, solution.lessons, second, previous=earlier)
    assert later.found and later.violations == [] and later.changes
    assert check_cover(inst, solution.lessons, second, earlier + later.changes) == []
    school, timetable, away, record = (tmp_path / name for name in ("s.yaml", "w.json", "a.yaml", "cover.json"))
    school.write_text(yaml.safe_dump(copy.deepcopy(BASE) | {"calendar": TERM}, allow_unicode=True), encoding="utf-8")
    timetable.write_text(solution.model_dump_json(by_alias=True), encoding="utf-8")
    away.write_text(
        yaml.safe_dump({"absences": [{"teacher": "张敏", "start": "2026-09-15"}]}, allow_unicode=True), encoding="utf-8"
    )
    record.write_text(
        json.dumps([c.model_dump(mode="json", by_alias=True) for c in earlier], ensure_ascii=False), encoding="utf-8"
    )
    checked = runner.invoke(app, ["check", str(school), str(timetable), "--cover", str(record), "--absences", str(away)])
    assert checked.exit_code == Exit.OK, checked.output
    record.write_text("[]", encoding="utf-8")  # no covers: the teacher away still teaches
    unchecked = runner.invoke(app, ["check", str(school), str(timetable), "--cover", str(record), "--absences", str(away)])
    assert unchecked.exit_code == Exit.VIOLATIONS and "缺勤" in unchecked.output


def test_a_self_study_is_made_up_later_by_the_subject_teacher():
    from scheduler.search.cover import _Planner

    inst, solution = term_school()
    away = absences({"teacher": "张敏", "start": "2026-09-15"})
    lesson = next(l for l in solution.lessons if l.subject == "数学" and l.day == "星期二")
    duty = "刘洋" if "刘洋" not in lesson.teachers else "赵丽"
    values = {"kind": "self_study", "date": "2026-09-15", "period": lesson.period, "class": lesson.class_}
    lost = CoverChange.model_validate(values | {"subject": "数学", "teacher": "张敏", "cover": duty})
    makeup = _Planner(inst, solution.lessons, away, []).make_up(lost)
    assert makeup is not None and makeup.date > lost.date and makeup.makes_up == lost.date and makeup.teacher == "张敏"
    others = [
        c
        for c in plan_covers(inst, solution.lessons, away).changes
        if (c.date, c.period, c.class_) != (lost.date, lost.period, lost.class_)
    ]
    assert check_cover(inst, solution.lessons, away, [*others, lost, makeup]) == []
    taken = makeup.model_copy(update={"date": lost.date, "period": lesson.period})  # onto the lost lesson's own period
    assert {v.rule for v in check_cover(inst, solution.lessons, away, [*others, lost, taken])} & {"cover.absent"}


def test_when_the_limits_leave_no_change_set_the_binding_one_is_named():
    inst, solution = term_school()
    week = absences({"teacher": "张敏", "start": "2026-09-14", "end": "2026-09-18"}, max_covers_per_week=0)
    plan = plan_covers(inst, solution.lessons, week)
    assert not plan.found and not plan.uncovered and plan.binding
    assert all("最多代课 0 节" in chinese for _, chinese in plan.binding), plan.binding
    named = [chinese.split("第")[0] for _, chinese in plan.binding]
    assert len(set(named)) == len(named) < len(inst.teachers) - 1 and "张敏" not in named  # not everyone: a minimal set


def test_random_absences_never_give_a_change_set_the_checker_rejects():
    import random

    inst, solution = term_school()
    rng, names = random.Random(0), [t.name for t in inst.teachers]
    dates = ["2026-09-14", "2026-09-15", "2026-09-16", "2026-09-17", "2026-09-18"]
    previous: list = []
    for _ in range(30):
        entries = []
        for name in rng.sample(names, rng.randint(1, 3)):
            entry = {"teacher": name, "start": rng.choice(dates)}
            entry |= rng.choice([{}, {"half": rng.choice(["am", "pm"])}, {"periods": [rng.randint(1, 6)]}])
            entries.append(entry)
        closed = rng.choice([[], [{"venue": "操场", "start": rng.choice(dates)} | rng.choice([{}, {"half": "am"}])]])
        away = Absences.model_validate(
            {
                "absences": entries,
                "classes_away": rng.choice([[], [{"class": "三年级1班", "start": rng.choice(dates)}]]),
                "venues_closed": closed,
                "merge_subjects": rng.choice([[], ["体育", "音乐"]]),
            }
        )
        plan = plan_covers(inst, solution.lessons, away, previous=previous if rng.random() < 0.3 else [])
        assert plan.violations == [], (entries, plan.violations)
        if plan.found and not previous:
            previous = plan.changes


def test_bad_records_and_options_are_refused_by_place(tmp_path):
    inst, solution = term_school()
    school, timetable, record = tmp_path / "s.yaml", tmp_path / "w.json", tmp_path / "cover.json"
    school.write_text(yaml.safe_dump(copy.deepcopy(BASE) | {"calendar": TERM}, allow_unicode=True), encoding="utf-8")
    timetable.write_text(solution.model_dump_json(by_alias=True), encoding="utf-8")
    bad = [
        {
            "kind": "substitute",
            "date": "2026-10-02",
            "period": 1,
            "class": "三年级1班",
            "subject": "数学",
            "teacher": "张敏",
            "cover": "王五",
        }
    ]
    record.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["check", str(school), str(timetable), "--cover", str(record)])
    assert result.exit_code == Exit.BAD_INPUT and "[0].cover" in result.output and "[0].date" in result.output
    alone = runner.invoke(app, ["check", str(school), str(timetable), "--absences", str(record)])
    assert alone.exit_code == Exit.BAD_INPUT and "--absences" in alone.output
    backwards = runner.invoke(
        app, ["calendar", "--start", "2027-01-01", "--end", "2026-09-01", "--out", str(tmp_path / "c.yaml")]
    )
    assert backwards.exit_code == Exit.BAD_INPUT and not (tmp_path / "c.yaml").exists()
    both = absences({"teacher": "张敏", "start": "2026-09-15", "half": "am", "periods": [1]})
    assert [p.where for p in absence_problems(inst, both)] == ["absences[0]"]


def test_a_closed_playground_moves_its_lessons_indoors_or_to_another_time():
    inst, solution = term_school()
    closed = Absences.model_validate({"venues_closed": [{"venue": "操场", "start": "2026-09-16", "reason": "施工"}]})
    left = check_cover(inst, solution.lessons, closed, [])
    wednesday_pe = [l for l in solution.lessons if l.subject == "体育" and l.day == "星期三"]
    assert {v.rule for v in left} == {"cover.venue_closed"} and len(left) == len(wednesday_pe) == 2
    plan = plan_covers(inst, solution.lessons, closed)
    assert plan.found and plan.violations == [] and len(plan.changes) == 2
    assert all(c.kind in ("indoor", "swap") and c.reason == "施工" for c in plan.changes)
    assert check_cover(inst, solution.lessons, closed, plan.changes) == []
    morning = Absences.model_validate({"venues_closed": [{"venue": "操场", "start": "2026-09-16", "half": "pm"}]})
    assert plan_covers(inst, solution.lessons, morning).changes == []  # Wednesday's PE is in the morning
    bad = Absences.model_validate({"venues_closed": [{"venue": "操厂", "start": "2026-10-02"}], "merge_subjects": ["休育"]})
    problems = {p.where: p.message_zh for p in absence_problems(inst, bad)}
    assert "操场" in problems["venues_closed[0].venue"] and "没有上课日" in problems["venues_closed[0]"]
    assert "体育" in problems["merge_subjects[0]"]


def _two_pe_teachers() -> tuple:
    """Both classes have PE on Wednesday period 3 (固排), each with its own PE teacher."""
    data = copy.deepcopy(BASE) | {"calendar": TERM, "fixed": [{"subject": "体育", "day": "星期三", "period": 3}]}
    data["teachers"][3]["teaches"] = {"体育": ["三年级1班"]}
    data["teachers"].append({"name": "孙涛", "teaches": {"体育": ["三年级2班"]}})
    inst = parse_instance(data)
    return inst, solve(inst, SolveOptions(time_limit=10, workers=1, seed=0))


def test_a_class_joins_its_grade_mate_s_lesson_where_merging_is_allowed_and_never_loses_its_activity():
    inst, solution = _two_pe_teachers()
    away = [{"teacher": "刘洋", "start": "2026-09-16"}]
    away += [{"teacher": name, "start": "2026-09-16", "periods": [3]} for name in ("王芳", "张敏", "赵丽")]
    merged = plan_covers(inst, solution.lessons, absences(*away, merge_subjects=["体育"]))
    change = next(c for c in merged.changes if c.period == 3)
    assert merged.found and merged.violations == []
    assert (change.kind, change.merge_with, change.cover) == ("merge", "三年级2班", "孙涛")
    wrong = change.model_copy(update={"merge_with": "三年级1班"})
    assert {v.rule for v in check_cover(inst, solution.lessons, absences(*away), [wrong])} >= {"cover.merge"}
    # without merging, only 李强 is free, and a self-study would take the day's PE: no change set, and why
    plan = plan_covers(inst, solution.lessons, absences(*away))
    assert not plan.found and [(i.lesson.class_, i.lesson.period) for i in plan.uncovered] == [("三年级1班", 3)]
    reasons = [chinese for _, chinese in plan.why[0]]
    assert "王芳此时缺勤" in reasons and any("自习" in r and "体育活动 30 分钟" in r for r in reasons), reasons


@pytest.mark.parametrize(("capacity", "primary_pe"), [(1, "陈静"), (2, "刘洋")])
def test_two_bells_off_the_five_minute_grid_never_share_a_teacher_or_a_place(capacity, primary_pe):
    """08:32-09:12 overlaps the junior period a swap would bring PE into: with one place on the
    playground, or with 刘洋 teaching both PE lessons, that swap would break a rule."""
    from tests.conftest import lesson
    from tests.scheduler.test_sections import PRIMARY_BELL, two_sections

    bell = copy.deepcopy(PRIMARY_BELL)
    bell["periods"][0] = {"start": "08:32", "end": "09:12"}
    data = two_sections(calendar={"start": "2026-09-07", "end": "2026-09-11"})
    data["sections"][0]["bell"] = bell
    data["venues"][0]["capacity"] = capacity
    if primary_pe == "陈静":
        data["teachers"].append({"name": "陈静", "teaches": {"体育": ["三年级1班"]}})
        data["teachers"][2]["teaches"] = {"体育": ["七年级1班"]}
    inst = parse_instance(data)
    week = [
        lesson("三年级1班", "体育", "星期一", 1, teachers=[primary_pe]),
        lesson("七年级1班", "语文", "星期一", 2, teachers=["李强"]),
        lesson("七年级1班", "体育", "星期一", 4, teachers=["刘洋"]),
    ]
    away = absences({"teacher": "李强", "start": "2026-09-07", "half": "am"}, {"teacher": "王芳", "start": "2026-09-07"})
    plan = plan_covers(inst, week, away, time_limit=5)
    assert plan.violations == [] and all(c.kind != "swap" for c in plan.changes), plan.changes


WEEKDAYS = ["星期一", "星期二", "星期三", "星期四", "星期五"]
WEEK_2 = dict(zip(WEEKDAYS, ["2026-09-14", "2026-09-15", "2026-09-16", "2026-09-17", "2026-09-18"], strict=True))


def _part_time_school(max_days: int | None) -> tuple:
    """BASE's 三年级1班 alone on the term, 赵丽 (音乐 and 美术) at the school on 3 days a week, then her
    maximum of days set to `max_days` on that same timetable; with a date of week 2 she is not in."""
    data = copy.deepcopy(BASE) | {"calendar": TERM, "classes": [{"name": "三年级1班", "grade": 3}]}
    for teacher in data["teachers"]:
        teacher["teaches"] = {
            subject: ["三年级1班"] for subject, classes in teacher["teaches"].items() if "三年级1班" in classes
        }
    data["teachers"] = [t for t in data["teachers"] if t["teaches"]]
    data["teachers"][-1]["max_days"] = 3
    solution = solve(parse_instance(data), SolveOptions(time_limit=10, workers=1, seed=0))
    data["teachers"][-1]["max_days"] = max_days
    taught = {l.day for l in solution.lessons if l.subject in ("音乐", "美术")}
    off = next(day for day in WEEKDAYS if day not in taught)
    return parse_instance(data), solution.lessons, WEEK_2[off]


@pytest.mark.parametrize("most, flagged", [(4, False), (3, True)])
def test_a_cover_that_brings_a_teacher_in_on_a_day_past_their_maximum_is_flagged(most, flagged):
    inst, lessons, off = _part_time_school(most)
    away = absences({"teacher": "张敏", "start": off})
    weekday = next(day for day, date in WEEK_2.items() if date == off)
    lesson = next(l for l in lessons if l.subject == "数学" and l.day == weekday)
    values = {"kind": "substitute", "date": off, "period": lesson.period, "class": lesson.class_, "subject": "数学"}
    cover = CoverChange.model_validate(values | {"teacher": "张敏", "cover": "赵丽"})  # teaches the class
    assert ("teacher.max_days" in {v.rule for v in check_cover(inst, lessons, away, [cover])}) is flagged


@pytest.mark.parametrize("most", [None, 3])
def test_covers_bring_a_part_time_teacher_in_only_within_her_days(most):
    inst, lessons, off = _part_time_school(most)
    away = absences(*({"teacher": t.name, "start": off} for t in inst.teachers if t.name != "赵丽"))
    plan = plan_covers(inst, lessons, away)
    brought_in = [c for c in plan.changes if c.date.isoformat() == off and "赵丽" in (c.cover, c.swap_teacher)]
    if most is None:  # the only teacher in that day: she covers, rather than self-study everywhere
        assert plan.found and brought_in
    else:
        assert not brought_in and plan.violations == []
        assert plan.found or any("最多上课 3 天" in chinese for _, chinese in plan.binding), plan.binding


@pytest.mark.parametrize("most", [None, 3])
def test_a_make_up_keeps_a_part_time_teacher_within_her_days(most):
    from scheduler.search.cover import _Planner

    inst, lessons, off = _part_time_school(most)
    taught = {l.day for l in lessons if l.subject in ("音乐", "美术")}
    first = min(WEEK_2[day] for day in taught)
    lesson = next(l for l in lessons if l.subject in ("音乐", "美术") and WEEK_2[l.day] == first)
    values = {"kind": "self_study", "date": first, "period": lesson.period, "class": "三年级1班"}
    lost = CoverChange.model_validate(values | {"subject": lesson.subject, "teacher": "赵丽", "cover": "王芳"})
    makeup = _Planner(inst, lessons, absences(), []).make_up(lost)
    on_her_days = inst.term[makeup.date].runs in taught
    assert on_her_days is (most == 3)  # unlimited, the first free period after the loss is on a day she is not in


def test_the_planner_reads_a_lesson_s_moments_in_the_bell_of_its_date():
    """冬季作息 from 2026-09-21 starts period 1 at 08:20, when the playground is closed (08:20-08:30):
    PE brought into period 1 meets the closure on those dates only."""
    from scheduler.search.cover import _Planner
    from tests.conftest import lesson

    winter = copy.deepcopy(BASE["bell"])
    winter["periods"][0] = {"start": "08:20", "end": "09:00"}
    data = copy.deepcopy(BASE) | {
        "calendar": TERM | {"bells": [{"name": "冬季作息", "start": "2026-09-21", "end": "2026-10-09", "bell": winter}]},
        "venues": [{"name": "操场", "capacity": 2, "capacity_at": [{"start": "08:20", "end": "08:30", "capacity": 0}]}],
    }
    inst = parse_instance(data)
    pe = lesson("三年级1班", "体育", "星期二", 3, teachers=["刘洋"])
    planner = _Planner(inst, [pe], absences(), [])
    moments = {
        date: [m for (_, _, m), _ in planner._in_venue(pe, dt.date.fromisoformat(date), 1, 1)]
        for date in ("2026-09-15", "2026-09-22")
    }
    assert 8 * 60 + 20 not in moments["2026-09-15"] and 8 * 60 + 20 in moments["2026-09-22"]
    assert [inst.venue_capacity("操场", "星期二", m) for m in moments["2026-09-22"]][0] == 0
