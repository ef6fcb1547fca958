"""`jianfu import-xhstt`: an XHSTT instance as a jianfu instance, each constraint type reported as
imported exactly, approximated or ignored; weeks jianfu cannot plan refused by place, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from models.loading import load_instance, parse_instance
from scheduler.cli import app
from scheduler.formats.teaching import WISH_LOWERED
from scheduler.formats.xhstt import BENCHMARKS, CLASS_BASED, read_archive
from scheduler.formats.xhstt_import import import_xhstt

DAYS = {"Mo": 3, "Tu": 2}  # Tuesday is a time shorter: its period 3 is 禁排 to every grade


def _times(days: dict[str, int]) -> str:
    groups = "".join(f'<Day Id="{d}"><Name>{d}</Name></Day>' for d in days)
    times = "".join(
        f'<Time Id="{d}_{n}"><Name>{d}_{n}</Name><Day Reference="{d}"/></Time>'
        for d, k in days.items()
        for n in range(1, k + 1)
    )
    return f"<Times><TimeGroups>{groups}</TimeGroups>{times}</Times>"


def _event(event_id: str, course: str, duration: int, *resources: str, time: str = "") -> str:
    given = "".join(f'<Resource Reference="{r}"/>' for r in resources)
    at = f'<Time Reference="{time}"/>' if time else ""
    return (
        f'<Event Id="{event_id}"><Name>{event_id}</Name><Duration>{duration}</Duration><Course Reference="{course}"/>'
        f"{at}<Resources>{given}</Resources></Event>"
    )


def _constraint(kind: str, cid: str, applies: str, rest: str = "", required: bool = True) -> str:
    flag = str(required).lower()
    head = f"<Name>{cid}</Name><Required>{flag}</Required><Weight>1</Weight><CostFunction>Linear</CostFunction>"
    return f'<{kind}Constraint Id="{cid}">{head}<AppliesTo>{applies}</AppliesTo>{rest}</{kind}Constraint>'


EVENTS = "".join(
    [
        '<EventGroups><Course Id="Maths"><Name>Maths</Name></Course><Course Id="PE"><Name>PE</Name></Course>',
        '<Course Id="Art"><Name>Art</Name></Course><EventGroup Id="All"><Name>All</Name></EventGroup></EventGroups>',
        _event("E1", "Maths", 2, "C1", "T1"),
        _event("E2", "Maths", 1, "C2", "T1"),
        _event("E3", "PE", 1, "C1", "C2", "T2", "R1"),
        _event("E4", "Art", 1, "C2", "T2", time="Mo_1"),
    ]
)
TEACHER_T2 = '<Resources><Resource Reference="T2"/></Resources>'
DAY_GROUPS = '<TimeGroups><TimeGroup Reference="Mo"/><TimeGroup Reference="Tu"/></TimeGroups>'
CONSTRAINTS = "".join(
    [
        _constraint("AssignTime", "assign", '<Events><Event Reference="E1"/><Event Reference="E2"/></Events>'),
        _constraint(
            "AvoidClashes", "clashes", '<Resources><Resource Reference="T1"/><Resource Reference="C1"/></Resources>'
        ),
        _constraint(
            "AvoidUnavailableTimes",
            "away",
            '<Resources><Resource Reference="T1"/></Resources>',
            '<Times><Time Reference="Tu_2"/></Times>',
        ),
        _constraint(
            "PreferTimes",
            "maths_early",
            '<EventGroups><EventGroup Reference="Maths"/></EventGroups>',
            '<Times><Time Reference="Mo_1"/><Time Reference="Mo_2"/><Time Reference="Tu_1"/></Times>',
        ),
        _constraint(
            "SplitEvents",
            "singles",
            '<EventGroups><EventGroup Reference="Maths"/></EventGroups>',
            "<MinimumDuration>1</MinimumDuration><MaximumDuration>1</MaximumDuration>"
            "<MinimumAmount>1</MinimumAmount><MaximumAmount>2</MaximumAmount>",
        ),
        _constraint("LimitBusyTimes", "t2_daily", TEACHER_T2, f"{DAY_GROUPS}<Minimum>0</Minimum><Maximum>2</Maximum>"),
        _constraint("ClusterBusyTimes", "t2_days", TEACHER_T2, f"{DAY_GROUPS}<Minimum>0</Minimum><Maximum>1</Maximum>"),
    ]
)


def _archive(days: dict[str, int] = DAYS) -> str:
    types = "".join(f'<ResourceType Id="{t}"><Name>{t}</Name></ResourceType>' for t in ("Teacher", "Class", "Room"))
    resources = "".join(
        f'<Resource Id="{r}"><Name>{r}</Name><ResourceType Reference="{t}"/></Resource>'
        for r, t in (("T1", "Teacher"), ("T2", "Teacher"), ("C1", "Class"), ("C2", "Class"), ("R1", "Room"))
    )
    return (
        '<HighSchoolTimetableArchive Id="small"><Instances><Instance Id="I"><MetaData><Name>small school</Name></MetaData>'
        f"{_times(days)}<Resources><ResourceTypes>{types}</ResourceTypes>{resources}</Resources>"
        f"<Events>{EVENTS}</Events><Constraints>{CONSTRAINTS}</Constraints></Instance></Instances>"
        "</HighSchoolTimetableArchive>"
    )


def _imported(tmp_path: Path, days: dict[str, int] = DAYS):
    path = tmp_path / "small.xml"
    path.write_text(_archive(days), encoding="utf-8")
    return import_xhstt(read_archive(path).instances[0], path.name)


def test_events_become_lessons_merged_lessons_and_fixed_lessons(tmp_path):
    data, _, problems = _imported(tmp_path)
    assert problems == []
    inst = parse_instance(data)
    assert inst.days == ["星期一", "星期二"] and len(inst.bell.periods) == 3
    assert {c.name: c.plan for c in inst.classes} == {"C1": {"Maths": 2, "PE": 1}, "C2": {"Maths": 1, "PE": 1, "Art": 1}}
    assert [(m.subject, m.classes) for m in inst.merged] == [("PE", ["C1", "C2"])]
    assert inst.teacher_by_name["T1"].teaches == {"Maths": ["C1", "C2"]}
    assert [(f.subject, f.day, f.period, f.classes) for f in inst.fixed] == [("Art", "星期一", 1, ["C2"])]
    assert next(s for s in inst.subjects if s.name == "PE").venue == "R1"
    assert [(v.name, v.capacity) for v in inst.venues] == [("R1", 2)]  # the 合班 of two classes


def test_each_constraint_type_lands_where_jianfu_has_its_meaning(tmp_path):
    data, report, _ = _imported(tmp_path)
    inst = parse_instance(data)
    assert [(b.day, b.periods) for b in inst.teacher_by_name["T1"].blocked] == [("星期二", [2])]
    assert inst.teacher_by_name["T2"].max_per_day == 2 and inst.teacher_by_name["T2"].max_days == 1
    forbidden = {(f.subject, f.grade, f.day, tuple(f.periods)) for f in inst.forbidden}
    assert forbidden == {("Maths", None, "星期一", (3,)), ("Maths", None, "星期二", (2,)), (None, 7, "星期二", (3,))}
    statuses = {kind: status for kind, (status, _, _) in report.lines.items()}
    assert statuses == {
        "Times": "exact",
        "Resources": "approximated",
        "Rooms": "approximated",
        "Event": "exact",
        "AssignTimeConstraint": "exact",
        "AvoidClashesConstraint": "exact",
        "AvoidUnavailableTimesConstraint": "exact",
        "PreferTimesConstraint": "exact",
        "SplitEventsConstraint": "exact",
        "LimitBusyTimesConstraint": "exact",
        "ClusterBusyTimesConstraint": "exact",
    }
    assert not report.exact


def test_a_soft_limit_on_a_teacher_s_days_becomes_their_wish(tmp_path):
    text = _archive().replace(
        '<ClusterBusyTimesConstraint Id="t2_days"><Name>t2_days</Name><Required>true</Required>',
        '<ClusterBusyTimesConstraint Id="t2_days"><Name>t2_days</Name><Required>false</Required>',
    )
    path = tmp_path / "soft.xml"
    path.write_text(text, encoding="utf-8")
    data, report, _ = import_xhstt(read_archive(path).instances[0], path.name)
    assert report.lines["ClusterBusyTimesConstraint"][0] == "approximated"  # jianfu's weight, not the file's
    teacher = parse_instance(data).teacher_by_name["T2"]
    assert (teacher.max_days, teacher.preferred_days) == (None, 1)


@pytest.mark.parametrize(
    ("least", "most", "wish"),
    [(0, 2, {"min": 1, "max": 2}), (2, 3, {"min": 2, "max": 3}), (2, 40, {"min": 2, "max": None})],
)
def test_a_soft_range_of_a_teacher_s_lessons_a_day_becomes_their_wish(tmp_path, least, most, wish):
    """A minimum below 1 binds nothing (XHSTT counts only the days a teacher is busy), nor does a
    maximum above any day's periods."""
    text = _archive().replace(
        "<Name>t2_daily</Name><Required>true</Required>", "<Name>t2_daily</Name><Required>false</Required>"
    )
    text = text.replace("<Minimum>0</Minimum><Maximum>2</Maximum>", f"<Minimum>{least}</Minimum><Maximum>{most}</Maximum>")
    path = tmp_path / "soft.xml"
    path.write_text(text, encoding="utf-8")
    data, report, _ = import_xhstt(read_archive(path).instances[0], path.name)
    assert report.lines["LimitBusyTimesConstraint"][0] == "approximated"  # jianfu's weight, not the file's
    teacher = parse_instance(data).teacher_by_name["T2"]
    assert teacher.max_per_day is None and teacher.preferred_per_day.model_dump() == wish


def test_soft_ranges_day_by_day_make_the_narrowest_wish_and_a_class_s_is_left_out(tmp_path):
    """One constraint per day (as the Finnish files give them), quadratic: the narrowest range on
    every day, the report saying so; a class's range over the days is left out."""
    monday = '<TimeGroups><TimeGroup Reference="Mo"/></TimeGroups>'
    tuesday = '<TimeGroups><TimeGroup Reference="Tu"/></TimeGroups>'
    per_day = "".join(
        _constraint("LimitBusyTimes", cid, TEACHER_T2, f"{days}<Minimum>{least}</Minimum><Maximum>3</Maximum>", False)
        for cid, days, least in [("t2_mo", monday, 2), ("t2_tu", tuesday, 1)]
    ).replace("<CostFunction>Linear</CostFunction>", "<CostFunction>Quadratic</CostFunction>")
    text = _archive().replace(
        "<Name>t2_daily</Name><Required>true</Required>", "<Name>t2_daily</Name><Required>false</Required>"
    )
    path = tmp_path / "per_day.xml"
    path.write_text(text.replace("</Constraints>", f"{per_day}</Constraints>"), encoding="utf-8")
    data, report, _ = import_xhstt(read_archive(path).instances[0], path.name)
    wish = parse_instance(data).teacher_by_name["T2"].preferred_per_day
    assert (wish.min, wish.max) == (2, 2)  # min 2 (Monday's), max 2 (t2_daily's)
    status, count, reason = report.lines["LimitBusyTimesConstraint"]
    assert (status, count) == ("approximated", 3)
    assert reason.en.endswith("not the file's; a Quadratic cost counted linearly; a range for some days taken for every day")
    assert reason.zh.endswith("；按线性计代价；部分日子的范围用于每一天")
    daily = f"<AppliesTo>{TEACHER_T2}</AppliesTo>{DAY_GROUPS}<Minimum>0</Minimum><Maximum>2</Maximum>"
    assert daily in text
    classes = text.replace(daily, daily.replace('"T2"', '"C1"'))
    path.write_text(classes, encoding="utf-8")
    data, report, _ = import_xhstt(read_archive(path).instances[0], path.name)
    assert report.lines["LimitBusyTimesConstraint"][0] == "ignored"
    assert all("preferred_per_day" not in teacher for teacher in data["teachers"])


def test_a_soft_minimum_a_day_above_the_required_maximum_is_lowered_to_it(tmp_path):
    """t2_daily holds T2 at 2 lessons a day at most (required); a soft wish of at least 3 becomes 2:
    a jianfu instance refuses a wish above the teacher's maximum."""
    for least, kept in ((3, 2), (2, 2), (1, 1)):  # above the maximum, at it (the boundary), below it
        body = f"{DAY_GROUPS}<Minimum>{least}</Minimum><Maximum>4</Maximum>"
        wished = _constraint("LimitBusyTimes", "t2_wish", TEACHER_T2, body, False)
        path = tmp_path / "wish.xml"
        path.write_text(_archive().replace("</Constraints>", f"{wished}</Constraints>"), encoding="utf-8")
        data, report, _ = import_xhstt(read_archive(path).instances[0], path.name)
        teacher = parse_instance(data).teacher_by_name["T2"]
        assert (teacher.max_per_day, teacher.preferred_per_day.min) == (2, kept)
        assert (WISH_LOWERED[0] in report.lines["LimitBusyTimesConstraint"][2].en) == (least > 2)


def test_soft_unavailable_and_preferred_times_become_slots_to_avoid(tmp_path):
    text = _archive()
    for cid in ("away", "maths_early"):
        text = text.replace(f"<Name>{cid}</Name><Required>true</Required>", f"<Name>{cid}</Name><Required>false</Required>")
    path = tmp_path / "soft_times.xml"
    path.write_text(text, encoding="utf-8")
    data, report, _ = import_xhstt(read_archive(path).instances[0], path.name)
    inst = parse_instance(data)
    assert inst.teacher_by_name["T1"].blocked == [] and all(f.subject != "Maths" for f in inst.forbidden)
    avoided = {(e.teacher, e.subject, e.day, tuple(e.periods)) for e in inst.preferences.avoid}
    assert avoided == {("T1", None, "星期二", (2,)), (None, "Maths", "星期一", (3,)), (None, "Maths", "星期二", (2,))}
    assert report.lines["AvoidUnavailableTimesConstraint"][0] == "approximated"
    assert report.lines["PreferTimesConstraint"][0] == "approximated"


def test_a_preference_of_weight_0_is_left_out(tmp_path):
    soft = "<Name>away</Name><Required>false</Required><Weight>0</Weight>"
    text = _archive().replace("<Name>away</Name><Required>true</Required><Weight>1</Weight>", soft)
    path = tmp_path / "weightless.xml"
    path.write_text(text, encoding="utf-8")
    data, report, _ = import_xhstt(read_archive(path).instances[0], path.name)
    assert report.lines["AvoidUnavailableTimesConstraint"][0] == "ignored"
    assert "preferences" not in data and parse_instance(data).teacher_by_name["T1"].blocked == []


def test_preferred_times_of_a_subject_whose_parts_may_be_longer_are_approximated(tmp_path):
    text = _archive().replace("<MaximumDuration>1</MaximumDuration>", "<MaximumDuration>2</MaximumDuration>")
    path = tmp_path / "doubles.xml"
    path.write_text(text, encoding="utf-8")
    _, report, _ = import_xhstt(read_archive(path).instances[0], path.name)
    assert report.lines["PreferTimesConstraint"][0] == "approximated"  # XHSTT reads only where a part starts


def test_a_constraint_on_a_resource_imported_approximately_is_approximated(tmp_path):
    text = _archive().replace(_event("E2", "Maths", 1, "C2", "T1"), _event("E2", "Maths", 1, "C2", "T1", "T2"))
    path = tmp_path / "two_teachers.xml"
    path.write_text(text, encoding="utf-8")
    instance = read_archive(path).instances[0]
    _, report, _ = import_xhstt(instance, path.name)
    assert report.lines["Event"][0] == "approximated"  # T2 loses E2: its constraints no longer mean the same
    assert report.lines["Event"][1] == len(instance.events)  # each event counted once, whatever it notes
    assert report.lines["LimitBusyTimesConstraint"][0] == "approximated"
    assert report.lines["AvoidUnavailableTimesConstraint"][0] == "exact"  # T1 keeps every lesson it had


def test_preferred_times_of_part_of_a_subject_are_left_out(tmp_path):
    text = _archive().replace(
        '<EventGroups><EventGroup Reference="Maths"/></EventGroups>', '<Events><Event Reference="E1"/></Events>'
    )
    path = tmp_path / "part.xml"
    path.write_text(text, encoding="utf-8")
    data, report, _ = import_xhstt(read_archive(path).instances[0], path.name)
    assert report.lines["PreferTimesConstraint"][0] == "ignored"
    assert all(entry.get("subject") != "Maths" for entry in data["forbidden"])


@pytest.mark.parametrize(
    ("days", "english"),
    [
        ({d: 3 for d in ("Mo", "Tu", "We", "Th", "Fr", "Sa")}, "6 Day time groups"),
        ({"Mo": 20, "Tu": 2}, "20 times in a day"),
    ],
)
def test_a_week_jianfu_cannot_plan_is_refused_and_nothing_is_written(tmp_path, days, english):
    path, out = tmp_path / "week.xml", tmp_path / "school.yaml"
    path.write_text(_archive(days), encoding="utf-8")
    result = CliRunner().invoke(app, ["import-xhstt", str(path), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 2 and english in result.output and "week.xml: Instance I" in result.output
    assert not out.exists()


def test_an_import_left_without_teachers_says_why_and_writes_nothing(tmp_path):
    """Every event without a teacher: the report (the events left out) comes before the problems."""
    no_teachers = "".join(_event(e, "Maths", 1, c) for e, c in (("E1", "C1"), ("E2", "C2")))
    path, out = tmp_path / "classes_only.xml", tmp_path / "school.yaml"
    path.write_text(_archive().replace(EVENTS.split("</EventGroups>")[1], no_teachers), encoding="utf-8")
    result = CliRunner().invoke(app, ["import-xhstt", str(path), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 2 and not out.exists()
    report = result.output.index("ignored      Event ×2")
    assert report < result.output.index("classes_only.xml: teachers"), result.output


def test_jianfu_import_xhstt_writes_an_instance_jianfu_solves(tmp_path):
    path, out = tmp_path / "small.xml", tmp_path / "school.yaml"
    path.write_text(_archive(), encoding="utf-8")
    result = CliRunner().invoke(app, ["import-xhstt", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "按原义导入　限制上课天数 ×1" in result.output and "未导入" not in result.output
    assert "2 个班级，2 位教师" in result.output
    solved = CliRunner().invoke(app, ["solve", str(out), "--out", str(tmp_path / "term"), "--time-limit", "10"])
    assert solved.exit_code == 0, solved.output
    assert load_instance(out).school.name == "small school"


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="the XHSTT benchmark data is not beside the repository")
@pytest.mark.parametrize("file", CLASS_BASED)
def test_every_class_based_benchmark_imports_into_a_valid_instance_or_is_refused_by_place(file):
    instance = read_archive(BENCHMARKS / file).instances[0]
    data, report, problems = import_xhstt(instance, file)
    if file in ("IT-I4-96.xml", "ZA-WD-09.xml", "ZA-LW-09.xml"):  # 6 days; 31 times a day
        assert [p.where for p in problems] == [f"{file}: Instance {instance.id}"]
        return
    assert problems == []
    parse_instance(data)
    assert {c.type for c in instance.constraints} <= set(report.lines)


def test_a_jianfu_timetable_of_the_import_keeps_every_required_constraint_written_back(tmp_path):
    path, school = tmp_path / "small.xml", tmp_path / "school.yaml"
    path.write_text(_archive(), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["import-xhstt", str(path), "--out", str(school)]).exit_code == 0
    assert runner.invoke(app, ["solve", str(school), "--out", str(tmp_path / "term"), "--time-limit", "10"]).exit_code == 0
    timetable, back = tmp_path / "term" / "solution.json", tmp_path / "back.xml"
    scored = runner.invoke(app, ["xhstt-eval", str(path), str(timetable), "--out", str(back), "--lang", "en"])
    assert scored.exit_code == 0, scored.output
    assert "infeasibility 0, objective" in scored.output  # every required constraint is imported exactly
    instance = read_archive(path).instances[0]
    solution = read_archive(back, [instance]).solution_groups[0].solutions[0]
    assert sum(e.duration for e in solution.events) == sum(e.duration for e in instance.events.values())


def _linked_archive() -> str:
    """Sport of C1 (T1, one of its two lessons) linked with Sport of C2 (T2); Maths crosswise."""

    def event(event_id: str, course: str, *resources: str, linked: bool = False) -> str:
        group = '<EventGroups><EventGroup Reference="Linked"/></EventGroups>' if linked else ""
        given = "".join(f'<Resource Reference="{r}"/>' for r in resources)
        head = f'<Event Id="{event_id}"><Name>{event_id}</Name><Duration>1</Duration><Course Reference="{course}"/>'
        return f"{head}<Resources>{given}</Resources>{group}</Event>"

    groups = "".join(f'<Course Id="{c}"><Name>{c}</Name></Course>' for c in ("Sport", "Maths"))
    groups += '<EventGroup Id="Linked"><Name>Linked</Name></EventGroup>'
    events = event("L1", "Sport", "C1", "T1", linked=True) + event("L2", "Sport", "C2", "T2", linked=True)
    events += event("S3", "Sport", "C1", "T1") + event("M1", "Maths", "C1", "T2") + event("M2", "Maths", "C2", "T1")
    every = "".join(f'<Event Reference="{e}"/>' for e in ("L1", "L2", "S3", "M1", "M2"))
    resources = "".join(f'<Resource Reference="{r}"/>' for r in ("T1", "T2", "C1", "C2"))
    constraints = _constraint("AssignTime", "assign", f"<Events>{every}</Events>")
    constraints += _constraint("AvoidClashes", "clashes", f"<Resources>{resources}</Resources>")
    constraints += _constraint("LinkEvents", "sport_at_once", '<EventGroups><EventGroup Reference="Linked"/></EventGroups>')
    types = "".join(f'<ResourceType Id="{t}"><Name>{t}</Name></ResourceType>' for t in ("Teacher", "Class"))
    given = "".join(
        f'<Resource Id="{r}"><Name>{r}</Name><ResourceType Reference="{t}"/></Resource>'
        for r, t in (("T1", "Teacher"), ("T2", "Teacher"), ("C1", "Class"), ("C2", "Class"))
    )
    return (
        '<HighSchoolTimetableArchive Id="linked"><Instances><Instance Id="I"><MetaData><Name>linked</Name></MetaData>'
        f"{_times({'Mo': 2, 'Tu': 2})}<Resources><ResourceTypes>{types}</ResourceTypes>{given}</Resources>"
        f"<Events><EventGroups>{groups}</EventGroups>{events}</Events><Constraints>{constraints}</Constraints>"
        "</Instance></Instances></HighSchoolTimetableArchive>"
    )


def test_linked_events_become_lessons_together_and_are_written_back_at_their_common_times(tmp_path):
    path, school = tmp_path / "linked.xml", tmp_path / "school.yaml"
    path.write_text(_linked_archive(), encoding="utf-8")
    data, report, problems = import_xhstt(read_archive(path).instances[0], path.name)
    assert problems == [] and report.lines["LinkEventsConstraint"][0] == "exact"
    [entry] = parse_instance(data).together
    assert [(m.class_, m.subject) for m in entry.of] == [("C1", "Sport"), ("C2", "Sport")] and entry.lessons == 1
    runner = CliRunner()
    assert runner.invoke(app, ["import-xhstt", str(path), "--out", str(school)]).exit_code == 0
    assert runner.invoke(app, ["solve", str(school), "--out", str(tmp_path / "term"), "--time-limit", "10"]).exit_code == 0
    scored = runner.invoke(app, ["xhstt-eval", str(path), str(tmp_path / "term" / "solution.json"), "--lang", "en"])
    assert "infeasibility 0, objective 0" in scored.output, scored.output


def test_a_timetable_naming_what_the_import_lacks_is_refused_by_place(tmp_path):
    path, timetable = tmp_path / "small.xml", tmp_path / "solution.json"
    path.write_text(_archive(), encoding="utf-8")
    timetable.write_text(
        '{"lessons": [{"class": "C9", "subject": "Maths", "day": "星期一", "period": 1}]}', encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["xhstt-eval", str(path), str(timetable), "--lang", "en"])
    assert result.exit_code == 2 and "lessons[0].class" in result.output and "Traceback" not in result.output


def test_a_lesson_at_a_period_the_instance_lacks_is_refused_by_place(tmp_path):
    path, timetable = tmp_path / "small.xml", tmp_path / "solution.json"
    path.write_text(_archive(), encoding="utf-8")
    lesson = '{"class": "C1", "subject": "Maths", "teachers": ["T1"], "day": "星期二", "period": 3}'
    timetable.write_text(f'{{"lessons": [{lesson}]}}', encoding="utf-8")
    result = CliRunner().invoke(app, ["xhstt-eval", str(path), str(timetable), "--lang", "en"])
    assert result.exit_code == 2 and "solution.json: lessons[0]" in result.output and "no XHSTT time" in result.output
    refused = CliRunner().invoke(app, ["xhstt-eval", str(path), "--out", str(tmp_path / "x.xml"), "--lang", "en"])
    assert refused.exit_code == 2 and not (tmp_path / "x.xml").exists()
