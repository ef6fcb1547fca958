"""FET files: round trip, shipped examples, a file fet-cl solves and its result checked, hostile XML."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from models.loading import load_instance, parse_instance
from scheduler.check.checker import check_timetable
from scheduler.cli import Exit, app
from scheduler.formats.fet.export import export_fet
from scheduler.formats.fet.importer import import_fet
from scheduler.formats.fet.result import read_fet_result
from scheduler.formats.import_report import ImportReport, Reason
from scheduler.formats.teaching import WISH_LOWERED
from scheduler.formats.xml_file import parse_xml
from tests.conftest import INSTANCES, school

runner = CliRunner()
EXAMPLES = Path("/usr/share/doc/fet-data/examples/FET-5-official")
SHIPPED = ["Greece/Didymoteicho/6th-Primary-School.fet", "Greece/Gymnasio/Gymnasio.fet", "Argentina/Horario_ISJ.fet"]


def _need(path: Path) -> None:
    if not path.exists():
        if os.environ.get("JIANFU_CI_TOOLS") == "1":  # set by .ci/run, which installs fet and fet-data
            pytest.fail(f"{path} is missing (apt-get install fet fet-data)")
        pytest.skip(f"{path} is missing (apt-get install fet fet-data)")


def _round_trip(data: dict, tmp_path: Path):
    inst = parse_instance(data)
    fet = tmp_path / "school.fet"
    fet.write_text(export_fet(inst), encoding="utf-8")
    imported, report, problems = import_fet(parse_xml(fet), fet.name)
    assert problems == []
    return inst, parse_instance(imported), report


def test_round_trip_keeps_plan_doubles_assignment_and_the_rules_fet_expresses(tmp_path):
    data = school(
        fixed=[{"subject": "音乐", "day": "星期一", "period": 1}],
        forbidden=[
            {"teacher": "张敏", "day": "星期三", "periods": [5, 6]},
            {"class": "三年级2班", "day": "星期五", "half": "pm"},
        ],
    )
    data["grades"][0]["doubles"] = {"美术": 1}
    data["teachers"][1].update(max_per_day=3, max_days=4, blocked=[{"day": "星期二", "half": "pm"}])
    before, after, report = _round_trip(data, tmp_path)
    for school_class in before.classes:
        assert after.class_plan(school_class.name) == before.class_plan(school_class.name)
        assert after.class_doubles(school_class.name) == before.class_doubles(school_class.name)
    assert after.teacher_of == before.teacher_of
    assert after.teacher_by_name["李强"].max_per_day == 3 and after.teacher_by_name["李强"].max_days == 4
    assert report.lines["ConstraintTeacherMaxDaysPerWeek"][0] == "exact"
    slots = [(d, p) for d in before.days for p in range(1, 7)]
    section = before.sections_in_force[0]
    for teacher in ("李强", "张敏"):
        blocked_before = set(before.teacher_blocked(teacher, before.sections_in_force[0]))
        blocked_before |= {s for s in slots for f in before.forbidden if f.teacher == teacher and section.slot_in(f, *s)}
        assert {s for s in slots if s in after.teacher_blocked(teacher, after.sections_in_force[0])} == blocked_before
    assert {(f.class_, f.day, tuple(f.periods)) for f in after.forbidden} == {("三年级2班", "星期五", (5, 6))}
    assert after.fixed_lessons() == before.fixed_lessons()
    assert [(v.capacity, after.subject_venue("体育")) for v in after.venues] == [(2, "操场#1+操场#2")]
    assert report.lines["ConstraintTeacherNotAvailableTimes"][0] == "exact"


def test_lessons_together_go_to_fet_as_activities_starting_together_and_come_back(tmp_path):
    data = school()
    data["teachers"][3] = {"name": "刘洋", "teaches": {"体育": ["三年级1班"]}}
    data["teachers"].append({"name": "孙伟", "teaches": {"体育": ["三年级2班"]}})
    both = [{"class": "三年级1班", "subject": "体育"}, {"class": "三年级2班", "subject": "体育"}]
    data["together"] = [{"of": both, "lessons": 2}]
    before, after, report = _round_trip(data, tmp_path)
    assert [([(m.class_, m.subject) for m in e.of], e.lessons) for e in after.together] == [
        ([("三年级1班", "体育"), ("三年级2班", "体育")], 2)
    ]
    assert report.lines["ConstraintActivitiesSameStartingTime"][0] == "exact"
    assert "FET的教学班无法配成对的同时上课" not in export_fet(before, "zh")


def _second_teacher_limit_weighed(tmp_path, field: str, value: int, tag: str) -> tuple:
    """李强's limit `field` exported as the FET constraint `tag`, read back at 80 %: the FET text at
    100 %, the file, the imported 李强 and the import report."""
    data = school()
    data["teachers"][1][field] = value
    text = export_fet(parse_instance(data))
    assert text.count(f"<{tag}>") == 1
    fet = tmp_path / "school.fet"
    fet.write_text(_weigh(text, tag, 80), encoding="utf-8")
    imported, report, problems = import_fet(parse_xml(fet), fet.name)
    assert problems == []
    return text, fet, parse_instance(imported).teacher_by_name["李强"], report


def test_days_a_week_below_100_percent_become_a_wish_of_the_soft_rule(tmp_path):
    _, _, teacher, report = _second_teacher_limit_weighed(tmp_path, "max_days", 4, "ConstraintTeacherMaxDaysPerWeek")
    assert (teacher.max_days, teacher.preferred_days) == (None, 4)
    assert report.lines["ConstraintTeacherMaxDaysPerWeek"][0] == "approximated"


def test_a_daily_maximum_below_100_percent_becomes_a_wish_of_the_soft_rule(tmp_path):
    text, fet, teacher, report = _second_teacher_limit_weighed(tmp_path, "max_per_day", 3, "ConstraintTeacherMaxHoursDaily")
    assert teacher.max_per_day is None
    assert (teacher.preferred_per_day.min, teacher.preferred_per_day.max) == (1, 3)
    assert report.lines["ConstraintTeacherMaxHoursDaily"][0] == "approximated"
    every = text.replace("</Time_Constraints_List>", EVERY_TEACHER_AT_MOST.format(hours=2) + "</Time_Constraints_List>")
    fet.write_text(_weigh(every, "ConstraintTeacherMaxHoursDaily", 80), encoding="utf-8")
    imported, _, problems = import_fet(parse_xml(fet), fet.name)
    wishes = {t.name: t.preferred_per_day.max for t in parse_instance(imported).teachers}
    assert problems == [] and wishes["李强"] == 2 and set(wishes.values()) == {2}  # the lower of two on 李强
    binds_nothing = text.replace(
        "</Time_Constraints_List>", EVERY_TEACHER_AT_MOST.format(hours=99) + "</Time_Constraints_List>"
    )
    fet.write_text(binds_nothing, encoding="utf-8")
    imported, _, problems = import_fet(parse_xml(fet), fet.name)
    assert problems == [] and all(t.preferred_per_day is None for t in parse_instance(imported).teachers)


EVERY_TEACHER_AT_MOST = (
    "<ConstraintTeachersMaxHoursDaily><Weight_Percentage>50</Weight_Percentage>"
    "<Maximum_Hours_Daily>{hours}</Maximum_Hours_Daily><Active>true</Active></ConstraintTeachersMaxHoursDaily>"
)


def _with_time_constraints(text: str, *constraints: str) -> str:
    return text.replace("</Time_Constraints_List>", "".join(constraints) + "</Time_Constraints_List>")


def _fewest_daily(teacher: str, hours: int, empty_days: str = "true") -> str:
    """A FET minimum of lessons a day: of one teacher, or of every teacher where `teacher` is empty."""
    kind = "ConstraintTeacherMinHoursDaily" if teacher else "ConstraintTeachersMinHoursDaily"
    named = f"<Teacher_Name>{teacher}</Teacher_Name>" if teacher else ""
    return (
        f"<{kind}><Weight_Percentage>100</Weight_Percentage>{named}<Minimum_Hours_Daily>{hours}</Minimum_Hours_Daily>"
        f"<Allow_Empty_Days>{empty_days}</Allow_Empty_Days><Active>true</Active></{kind}>"
    )


def _imported_teachers(tmp_path, text: str) -> tuple[dict, object]:
    fet = tmp_path / "school.fet"
    fet.write_text(text, encoding="utf-8")
    imported, report, problems = import_fet(parse_xml(fet), fet.name)
    assert problems == []
    return parse_instance(imported).teacher_by_name, report


def test_a_teachers_fewest_lessons_a_day_becomes_the_wish_of_the_soft_rule(tmp_path):
    text = export_fet(parse_instance(school()))
    teachers, report = _imported_teachers(tmp_path, _with_time_constraints(text, _fewest_daily("李强", 2)))
    assert (teachers["李强"].preferred_per_day.min, teachers["李强"].preferred_per_day.max) == (2, None)
    assert report.lines["ConstraintTeacherMinHoursDaily"][:2] == ("approximated", 1)
    for order in ((3, 2), (2, 3)):  # the higher of two, whichever comes first
        limits = [_fewest_daily("李强", hours, "false") for hours in order]
        teachers, report = _imported_teachers(tmp_path, _with_time_constraints(text, *limits, _fewest_daily("张敏", 1)))
        assert teachers["李强"].preferred_per_day.min == 3
        assert teachers["张敏"].preferred_per_day is None  # 1 binds nothing
    assert report.lines["ConstraintTeacherMinHoursDaily"][2].zh.endswith(
        "（有课的日子少于最少课时的每节计入；不禁止无课的日子）"
    )


def test_a_fewest_lessons_a_day_above_the_teachers_most_is_lowered_to_it(tmp_path):
    data = school()
    data["teachers"][1]["max_per_day"] = 3
    text = export_fet(parse_instance(data))
    teachers, report = _imported_teachers(tmp_path, _with_time_constraints(text, _fewest_daily("", 4)))
    assert teachers["李强"].preferred_per_day.min == 3 and teachers["李强"].max_per_day == 3
    assert teachers["张敏"].preferred_per_day.min == 4
    status, count, reason = report.lines["ConstraintTeachersMinHoursDaily"]  # the note on the type that set it
    assert (status, count) == ("approximated", 1) and reason.en.endswith(WISH_LOWERED[0])
    assert "ConstraintTeacherMinHoursDaily" not in report.lines
    teachers, _ = _imported_teachers(tmp_path, _with_time_constraints(text, _fewest_daily("李强", 3)))
    assert teachers["李强"].preferred_per_day.min == 3  # the boundary: the most itself stays
    wished_most = EVERY_TEACHER_AT_MOST.format(hours=2)  # at 50 %: each teacher's wished most
    teachers, _ = _imported_teachers(tmp_path, _with_time_constraints(text, wished_most, _fewest_daily("张敏", 4)))
    assert (teachers["张敏"].preferred_per_day.min, teachers["张敏"].preferred_per_day.max) == (2, 2)
    teachers, _ = _imported_teachers(tmp_path, _with_time_constraints(text, _fewest_daily("张敏", 9)))
    assert teachers["张敏"].preferred_per_day.min == 6  # the periods of a day


def test_unavailable_times_below_100_percent_become_slots_to_avoid(tmp_path):
    data = school(forbidden=[{"class": "三年级2班", "day": "星期五", "half": "pm"}])
    data["teachers"][1]["blocked"] = [{"day": "星期二", "periods": [1, 2]}]
    text = export_fet(parse_instance(data))
    for tag in ("ConstraintTeacherNotAvailableTimes", "ConstraintStudentsSetNotAvailableTimes"):
        assert text.count(f"<{tag}>") == 1
        text = _weigh(text, tag, 90)
    fet = tmp_path / "school.fet"
    fet.write_text(text, encoding="utf-8")
    imported, report, problems = import_fet(parse_xml(fet), fet.name)
    inst = parse_instance(imported)
    assert problems == [] and inst.forbidden == [] and inst.teacher_by_name["李强"].blocked == []
    avoided = {(e.teacher, e.class_, e.day, tuple(e.periods)) for e in inst.preferences.avoid}
    assert avoided == {("李强", None, "星期二", (1, 2)), (None, "三年级2班", "星期五", (5, 6))}
    assert report.lines["ConstraintTeacherNotAvailableTimes"][0] == "approximated"
    assert report.lines["ConstraintStudentsSetNotAvailableTimes"][0] == "approximated"


def _weigh(text: str, tag: str, weight: int) -> str:
    """The FET text with its first constraint `tag` at `weight` %."""
    head, _, rest = text.partition(f"<{tag}>")
    tail = rest.replace("<Weight_Percentage>100</Weight_Percentage>", f"<Weight_Percentage>{weight}</Weight_Percentage>", 1)
    return head + f"<{tag}>" + tail


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_fet_examples_import_with_a_line_per_constraint_type(name):
    path = EXAMPLES / name
    _need(path)
    data, report, problems = import_fet(parse_xml(path), path.name)
    assert problems == []
    inst = parse_instance(data)
    kinds = {
        element.tag
        for section in ("Time_Constraints_List", "Space_Constraints_List")
        for element in parse_xml(path).find(section)
    }
    active = {k for k in kinds if k in report.lines}
    assert kinds - active <= {
        k
        for k in kinds
        if all(  # types whose every entry is inactive
            (e.findtext("Active") or "true").strip() != "true" for e in parse_xml(path).iter(k)
        )
    }
    assert len(inst.classes) >= 3 and all(line.split()[0] in ("exact", "approximated", "ignored") for line in report.text())


def test_exported_file_is_solved_by_fet_cl_and_its_result_is_checked(tmp_path):
    fet_cl = shutil.which("fet-cl") or "/usr/bin/fet-cl"
    _need(Path(fet_cl))
    inst = load_instance(INSTANCES / "tiny.yaml")
    text = export_fet(inst)
    assert "ConstraintActivitiesOccupyMinTimeSlotsFromSelection" in text and "physical activity" not in text
    (tmp_path / "tiny.fet").write_text(text, encoding="utf-8")
    run = subprocess.run(
        [fet_cl, "--inputfile=tiny.fet", "--outputdir=out", "--timelimitseconds=60", "--htmllevel=0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Simulation successful" in run.stdout + run.stderr
    result = tmp_path / "out" / "timetables" / "tiny" / "tiny_activities.xml"
    lessons = read_fet_result(inst, result)
    assert len([lesson for lesson in lessons if lesson.weeks == "all"]) == sum(
        sum(inst.class_plan(c.name).values()) for c in inst.classes
    )
    rules = {violation.rule for violation in check_timetable(inst, lessons, None)}
    # The daily PE periods are exported (equal periods); the main-subject cap only as spreading.
    assert rules <= {"subject.daily_max"}
    checked = runner.invoke(app, ["check", str(INSTANCES / "tiny.yaml"), str(result), "--lang", "en"])
    assert checked.exit_code == (Exit.VIOLATIONS if rules else Exit.OK), checked.output


@pytest.mark.parametrize(
    "text, words",
    [
        ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><fet>&b;</fet>', "DTD or entities"),
        ('<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]><fet>&x;</fet>', "DTD or entities"),
        ("<fet><Days_List>", "malformed XML"),
        ("<timetable/>", "not a FET file"),
    ],
)
def test_hostile_or_malformed_fet_files_get_one_clear_message(tmp_path, text, words):
    path = tmp_path / "bad.fet"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["import-fet", str(path), "--out", str(tmp_path / "x.yaml"), "--lang", "en"])
    assert result.exit_code == Exit.BAD_INPUT and words in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.yaml").exists()


SUBGROUPS = """<?xml version="1.0" encoding="UTF-8"?>
<fet version="6.8.5">
<Days_List><Number_of_Days>2</Number_of_Days><Day><Name>Mo</Name></Day><Day><Name>Tu</Name></Day></Days_List>
<Hours_List><Number_of_Hours>2</Number_of_Hours><Hour><Name>08:00</Name></Hour><Hour><Name>09:00</Name></Hour></Hours_List>
<Subjects_List><Subject><Name>EN</Name></Subject><Subject><Name>MA</Name></Subject></Subjects_List>
<Teachers_List><Teacher><Name>Ann</Name></Teacher><Teacher><Name>Bob</Name></Teacher></Teachers_List>
<Students_List><Year><Name>7</Name>
  <Group><Name>7a</Name><Subgroup><Name>7a-1</Name></Subgroup><Subgroup><Name>7a-2</Name></Subgroup></Group>
  <Group><Name>7b</Name></Group>
</Year></Students_List>
<Activities_List>
  <Activity><Teacher>Ann</Teacher><Subject>EN</Subject><Students>7a-1</Students><Duration>1</Duration><Id>1</Id></Activity>
  <Activity><Teacher>Bob</Teacher><Subject>MA</Subject><Students>7b</Students><Duration>1</Duration><Id>2</Id></Activity>
</Activities_List>
<Time_Constraints_List>
  <ConstraintStudentsSetNotAvailableTimes><Weight_Percentage>100</Weight_Percentage><Students>7a-2</Students>
    <Not_Available_Time><Day>Tu</Day><Hour>09:00</Hour></Not_Available_Time></ConstraintStudentsSetNotAvailableTimes>
  <ConstraintStudentsSetNotAvailableTimes><Weight_Percentage>100</Weight_Percentage><Students>7b</Students>
    <Not_Available_Time><Day>Mo</Day><Hour>08:00</Hour></Not_Available_Time></ConstraintStudentsSetNotAvailableTimes>
</Time_Constraints_List>
</fet>
"""


def test_subgroups_are_reported_as_approximations_and_map_to_their_class(tmp_path):
    path = tmp_path / "sub.fet"
    path.write_text(SUBGROUPS, encoding="utf-8")
    data, report, problems = import_fet(parse_xml(path), path.name)
    assert problems == []
    inst = parse_instance(data)
    assert inst.class_plan("7a") == {"EN": 1} and inst.teacher_of["7a", "EN"] == "Ann"
    assert report.lines["Subgroup"][0] == "approximated"
    assert report.lines["ConstraintStudentsSetNotAvailableTimes"][:2] == ("approximated", 2)
    assert {(f.class_, f.day, tuple(f.periods)) for f in inst.forbidden} == {("7a", "星期二", (2,)), ("7b", "星期一", (1,))}


def _fet_file(tmp_path: Path, activities: list[tuple[str, str, str, int]], constraints: str = "") -> Path:
    """A one-year FET file, 5 days of 6 hours: (teacher, subject, groups joined by '+', how many) activities."""
    days = "".join(f"<Day><Name>D{n}</Name></Day>" for n in range(1, 6))
    hours = "".join(f"<Hour><Name>H{n}</Name></Hour>" for n in range(1, 7))
    listed, number = [], 0
    for teacher, subject, groups, count in activities:
        students = "".join(f"<Students>{g}</Students>" for g in groups.split("+"))
        for _ in range(count):
            number += 1
            listed.append(
                f"<Activity><Teacher>{teacher}</Teacher><Subject>{subject}</Subject>{students}"
                f"<Duration>1</Duration><Id>{number}</Id></Activity>"
            )
    names = {part for _, _, groups, _ in activities for part in groups.split("+")}
    subjects = "".join(f"<Subject><Name>{s}</Name></Subject>" for s in sorted({a[1] for a in activities}))
    teachers = "".join(f"<Teacher><Name>{t}</Name></Teacher>" for t in sorted({a[0] for a in activities}))
    groups = "".join(f"<Group><Name>{g}</Name></Group>" for g in sorted(names))
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<fet version="6.8.5"><Days_List>{days}</Days_List><Hours_List>{hours}</Hours_List>
<Subjects_List>{subjects}</Subjects_List><Teachers_List>{teachers}</Teachers_List>
<Students_List><Year><Name>3</Name>{groups}</Year></Students_List>
<Activities_List>{"".join(listed)}</Activities_List>
<Time_Constraints_List>{constraints}</Time_Constraints_List></fet>
"""
    path = tmp_path / "school.fet"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_refuses_a_file_whose_instance_would_not_validate_and_writes_nothing(tmp_path):
    # 31 lessons of one subject for a week of 30 periods: jianfu validate rejects such an instance.
    path = _fet_file(tmp_path, [("Ann", "EN", "3a", 31)])
    out = tmp_path / "school.yaml"
    result = runner.invoke(app, ["import-fet", str(path), "--out", str(out), "--lang", "en"])
    assert result.exit_code == Exit.BAD_INPUT, result.output
    assert "school.fet: classes[0].plan.EN: 31 lessons but the week has 30 periods" in result.output
    assert not out.exists() and "Traceback" not in result.output


def test_break_times_become_forbidden_slots_of_every_grade(tmp_path):
    breaks = (
        "<ConstraintBreakTimes><Weight_Percentage>100</Weight_Percentage><Number_of_Break_Times>1</Number_of_Break_Times>"
        "<Break_Time><Day>D1</Day><Hour>H1</Hour></Break_Time><Active>true</Active></ConstraintBreakTimes>"
    )
    path = _fet_file(tmp_path, [("Ann", "EN", "3a", 4), ("Bob", "MA", "3b", 4)], breaks)
    out = tmp_path / "school.yaml"
    result = runner.invoke(app, ["import-fet", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    inst = load_instance(out)
    assert [(f.grade, f.class_, f.day, f.periods) for f in inst.forbidden] == [(3, None, "星期一", [1])]
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0


def test_a_merged_activity_over_classes_with_other_teachers_is_taught_apart(tmp_path):
    # 3a's EN is Bob's (first seen), so the activity of 3a+3b with Ann cannot be one merged lesson.
    path = _fet_file(tmp_path, [("Bob", "EN", "3a", 2), ("Ann", "EN", "3a+3b", 1)])
    data, report, problems = import_fet(parse_xml(path), path.name)
    inst = parse_instance(data)
    assert problems == [] and inst.merged == [] and report.lines["Activity"][0] == "approximated"
    assert inst.class_plan("3a") == {"EN": 3} and inst.teacher_of["3a", "EN"] == "Bob"
    assert report.lines["Activity"][1] == 3  # each activity counted once, whatever it notes


def test_the_spanish_primary_example_imports_into_an_instance_validate_accepts(tmp_path):
    path = EXAMPLES / "Spain/3-school/primaria.fet"
    _need(path)
    out = tmp_path / "primaria.yaml"
    result = runner.invoke(app, ["import-fet", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert load_instance(out).forbidden  # its break times, as 禁排 of every grade
    validated = runner.invoke(app, ["validate", str(out)])
    assert validated.exit_code in (Exit.OK, Exit.INFEASIBLE), validated.output  # the schema accepts it


def test_years_of_no_one_stage_are_numbered_one_to_six_in_file_order(tmp_path):
    # Eight years named 1..8: neither all primary nor all junior grades, so they become grades 1-6,
    # the seventh and eighth sharing grade 6, and the import says it approximated them.
    path = _fet_file(tmp_path, [("Ann", "EN", "3a", 2)])
    text = path.read_text(encoding="utf-8")
    years = "".join(f"<Year><Name>{n}</Name><Group><Name>c{n}</Name></Group></Year>" for n in range(1, 9))
    text = text.replace("<Students_List><Year><Name>3</Name><Group><Name>3a</Name></Group></Year></Students_List>", "")
    text = text.replace("<Activities_List>", f"<Students_List>{years}</Students_List><Activities_List>")
    text = text.replace("<Students>3a</Students>", "<Students>c1</Students><Students>c8</Students>")
    path.write_text(text, encoding="utf-8")
    data, report, problems = import_fet(parse_xml(path), path.name)
    inst = parse_instance(data)
    assert problems == [] and report.lines["Students_List"][0] == "approximated"
    assert {c.name: c.grade for c in inst.classes} == {"c1": 1, "c8": 6}


@pytest.mark.parametrize(
    "old, new, place",
    [
        (
            "<Duration>1</Duration><Id>1</Id>",
            "<Duration>one</Duration><Id>1</Id>",
            "sub.fet: <Activity> 1: <Duration> 'one'",
        ),
        (
            "<Duration>1</Duration><Id>1</Id>",
            "<Duration>0</Duration><Id>1</Id>",
            "sub.fet: <Activity> 1: <Duration> 0 is below 1",
        ),
        (
            "<Weight_Percentage>100</Weight_Percentage><Students>7b",
            "<Weight_Percentage>lots</Weight_Percentage><Students>7b",
            "sub.fet: <ConstraintStudentsSetNotAvailableTimes>: <Weight_Percentage> 'lots' is not a percentage",
        ),
        (
            "<Weight_Percentage>100</Weight_Percentage><Students>7b",
            "<Weight_Percentage>nan</Weight_Percentage><Students>7b",
            "<Weight_Percentage> 'nan' is not a percentage",
        ),
        (
            "</Time_Constraints_List>",
            "<ConstraintTeacherMaxHoursDaily><Weight_Percentage>100</Weight_Percentage><Teacher_Name>Ann</Teacher_Name>"
            "<Maximum_Hours_Daily>many</Maximum_Hours_Daily></ConstraintTeacherMaxHoursDaily></Time_Constraints_List>",
            "<ConstraintTeacherMaxHoursDaily>: <Maximum_Hours_Daily> 'many' is not a whole number",
        ),
        (
            "</Time_Constraints_List>",
            "<ConstraintMinDaysBetweenActivities><Weight_Percentage>100</Weight_Percentage><Activity_Id>1</Activity_Id>"
            "<MinDays>x</MinDays></ConstraintMinDaysBetweenActivities></Time_Constraints_List>",
            "<ConstraintMinDaysBetweenActivities>: <MinDays> 'x' is not a whole number",
        ),
    ],
)
def test_fet_values_that_are_not_numbers_are_named_by_element(tmp_path, old, new, place):
    path = tmp_path / "sub.fet"
    assert old in SUBGROUPS
    path.write_text(SUBGROUPS.replace(old, new, 1), encoding="utf-8")
    result = runner.invoke(app, ["import-fet", str(path), "--out", str(tmp_path / "x.yaml"), "--lang", "en"])
    assert result.exit_code == Exit.BAD_INPUT and place in result.output, result.output
    assert not (tmp_path / "x.yaml").exists()


def test_a_fet_file_declared_in_gbk_is_read(tmp_path):
    path = tmp_path / "sub.fet"
    text = SUBGROUPS.replace('encoding="UTF-8"', 'encoding="GBK"').replace("<Name>EN</Name>", "<Name>英语</Name>")
    path.write_bytes(text.replace("<Subject>EN</Subject>", "<Subject>英语</Subject>").encode("gbk"))
    data, _, problems = import_fet(parse_xml(path), path.name)
    assert problems == [] and parse_instance(data).class_plan("7a") == {"英语": 1}
    path.write_bytes(b'<?xml version="1.0" encoding="GBK"?><fet>\xff\xff</fet>')
    result = runner.invoke(app, ["import-fet", str(path), "--out", str(tmp_path / "x.yaml"), "--lang", "en"])
    assert result.exit_code == Exit.BAD_INPUT and "cannot read it as GBK" in result.output


def test_a_fet_result_with_an_activity_id_that_is_not_a_number_is_named(tmp_path):
    (tmp_path / "s_data_and_timetable.fet").write_text(SUBGROUPS.replace("<Id>2</Id>", "<Id>b</Id>"), encoding="utf-8")
    result = tmp_path / "s_activities.xml"
    result.write_text("<Activities_Timetable></Activities_Timetable>", encoding="utf-8")
    checked = runner.invoke(app, ["check", str(INSTANCES / "tiny.yaml"), str(result), "--lang", "en"])
    assert checked.exit_code == Exit.BAD_INPUT, checked.output
    assert "s_data_and_timetable.fet: <Activity> b: <Id> 'b' is not a whole number" in checked.output


def test_the_import_report_gives_each_distinct_reason_of_a_kinds_worst_status():
    report = ImportReport()
    report.add("K", "exact")
    report.add("K", "approximated", "first", "第一")
    report.add("K", "approximated", "second", "第二")
    report.add("K", "approximated", "first", "第一")
    assert report.lines["K"] == ("approximated", 4, Reason("first; second", "第一；第二"))
    report.add("K", "ignored", "third", "第三")  # a worse status: its reason alone
    assert report.lines["K"] == ("ignored", 5, Reason("third", "第三"))
