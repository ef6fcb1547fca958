"""Every problem of a timetable workbook or CSV, a FET file, a FET result, a timetable's names and an
export folder has a Chinese message, and the FET import report reads in Chinese: no English words
once the names from the school and the file are taken out."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement

import pytest
from openpyxl import load_workbook

from models.instance import Instance
from models.loading import load_instance
from models.solution import HomeworkItem, Lesson, Solution
from models.validation import InputError, Problem
from scheduler.check.checker import unknown_in_homework, unknown_in_lessons
from scheduler.formats import spreadsheet, xml_file
from scheduler.formats.fet.export import export_fet
from scheduler.formats.fet.export_constraints import fet_bell
from scheduler.formats.fet.importer import import_fet
from scheduler.formats.fet.result import read_fet_result
from scheduler.formats.fet.terms import type_zh
from scheduler.formats.fet.xml_io import child_int, child_percent
from scheduler.formats.import_report import ImportReport
from scheduler.formats.spreadsheet import read_proposed, write_template
from scheduler.formats.xml_file import parse_xml
from scheduler.publish.folder import MANIFEST, check_target, write_publication
from scheduler.publish.publication import build_publication
from tests.conftest import INSTANCES

TINY = INSTANCES / "tiny.yaml"
HAN = re.compile(r"[\u4e00-\u9fff]")
# What may stay in ASCII letters: a cell or range (C4, A1:AD200), a file extension (.xlsx), an
# encoding's name, FET's own name.
KEPT = re.compile(r"(?<![A-Za-z])[A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?|\.[a-z]{3,4}(?![A-Za-z])|UTF-8|FET")


@pytest.fixture(scope="module")
def tiny() -> Instance:
    return load_instance(TINY)


def school_names(inst: Instance) -> set[str]:
    """Every name the instance gives, which a message quotes as it is."""
    names = {inst.school.name, *inst.days, *inst.subject_names, *inst.class_by_name, *inst.teacher_by_name}
    return names | set(inst.venue_by_name) | {section.name for section in inst.sections_in_force}


def english_left(text: str, names: set[str] = frozenset()) -> list[str]:
    """The runs of two or more ASCII letters in a Chinese text once names and kept terms are removed."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    return re.findall(r"[A-Za-z]{2,}", KEPT.sub("", text))


def assert_chinese(problems: list[Problem], names: set[str] = frozenset()) -> None:
    assert problems
    for problem in problems:
        assert problem.message and problem.message_zh, problem
        assert HAN.search(problem.message_zh), problem.message_zh
        assert english_left(problem.message_zh, names) == [], problem.message_zh
        assert problem.text("zh") == f"{problem.where}: {problem.message_zh}"


def problems_of(action, *args) -> list[Problem]:
    with pytest.raises(InputError) as error:
        action(*args)
    return error.value.problems


def workbook_with(tmp_path: Path, inst: Instance, change) -> Path:
    """A template workbook of the instance, changed by `change(workbook)`."""
    path = tmp_path / "proposed.xlsx"
    write_template(inst, path)
    workbook = load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def test_the_helper_finds_english_and_keeps_cells_extensions_and_names():
    assert english_left("工作表延伸到XFD1048576；应在A1:AD200之内") == []
    assert english_left("不是有效的.xlsx文件") == []
    assert english_left("“Funday”不是星期名称", {"Funday"}) == []
    assert english_left("not a day name") == ["not", "day", "name"]


def _bad_cells(workbook) -> None:
    sheet = workbook["三年级1班"]
    sheet["B1"] = "Funday"
    sheet["A3"] = "午休"
    sheet["A4"], sheet["B4"] = None, "语文"
    sheet["C2"] = "语文/数学/音乐"
    sheet["D2"] = "数敎"
    sheet["E2"] = '=HYPERLINK("http://x", "语文")'
    sheet["AZ300"] = "x"
    workbook["三年级2班"].merge_cells("C3:C4")
    workbook.create_sheet("九年级9班")


def test_every_problem_of_a_workbook_is_in_chinese(tmp_path, tiny):
    path = workbook_with(tmp_path, tiny, _bad_cells)
    problems = problems_of(read_proposed, tiny, path)
    assert {p.message_zh for p in problems} >= {
        "“Funday”不是星期名称",
        "“午休”不是第1至第6节之一",
        "没有写节次，应为第1至第6节之一",
        "无法识别“语文/数学/音乐”（应为一个学科；单双周写作“音乐/美术”）",
        "含有公式：请直接输入学科名称",
        "合并了单元格：每天每节各占一个单元格",
        "工作表延伸到AZ300；一个班的课表应在A1:AD200之内",
        "工作表“九年级9班”不是本校的班级（是不是“三年级2班”？）",
    }
    assert_chinese(problems, school_names(tiny) | {"Funday", "九年级9班", "数敎"})
    assert "三年级1班!A3: '午休' does not name a period 1-6" in map(str, problems)  # the English as it was


def test_a_missing_class_sheet_and_an_empty_grid_are_in_chinese(tmp_path, tiny):
    path = workbook_with(tmp_path, tiny, lambda workbook: workbook.remove(workbook["三年级2班"]))
    assert_chinese(problems_of(read_proposed, tiny, path), school_names(tiny))
    reader = spreadsheet._GridReader(tiny)
    reader.grid("三年级1班!", "三年级1班", [])
    assert_chinese(reader.problems, school_names(tiny))


def test_workbooks_that_cannot_be_read_are_in_chinese(tmp_path, tiny, monkeypatch):
    names = school_names(tiny)
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"not a zip file")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    for path in (garbage, folder, tmp_path / "missing.xlsx"):
        assert_chinese(problems_of(read_proposed, tiny, path), names)
    assert "这是文件夹" in problems_of(read_proposed, tiny, folder)[0].message_zh
    small = workbook_with(tmp_path, tiny, lambda workbook: None)
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 2**20 // 4)
    with zipfile.ZipFile(tmp_path / "bomb.xlsx", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 2**20)
    assert_chinese(problems_of(read_proposed, tiny, tmp_path / "bomb.xlsx"), names)
    monkeypatch.setattr(spreadsheet, "MAX_WORKBOOK_BYTES", 10)
    assert_chinese(problems_of(read_proposed, tiny, small), names)


def test_every_problem_of_a_csv_grid_is_in_chinese(tmp_path, tiny):
    names = school_names(tiny)
    cases = {
        "long.csv": ("班级,节次,星期一\n三年级1班,第1节," + "语" * 200_000 + "\n").encode(),
        "gbk.csv": "班级,节次,星期一\n三年级1班,第1节,语文\n".encode("gbk"),
        "empty.csv": b"",
        "unknown.csv": "班级,节次,星期一\n九年级9班,第1节,语文\n".encode(),
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        assert_chinese(problems_of(read_proposed, tiny, tmp_path / name), names | {"九年级9班"})
    (tmp_path / "folder.csv").mkdir()
    assert_chinese(problems_of(read_proposed, tiny, tmp_path / "folder.csv"), names)
    assert problems_of(read_proposed, tiny, tmp_path / "gbk.csv")[0].message_zh.startswith("无法读取该.csv文件：文字编码")


def test_names_a_timetable_lacks_are_in_chinese(tiny):
    lesson = Lesson(**{"class": "三年级1班"}, subject="语文", day="星期八", period=99)
    homework = HomeworkItem(**{"class": "三年级1班"}, day="星期八", subject="语文", minutes=10)
    problems = unknown_in_lessons(tiny, [lesson]) + unknown_in_homework(tiny, [homework])
    assert [p.message_zh for p in problems] == ["“星期八”不是本校的上课日", "第99节不存在", "“星期八”不是本校的上课日"]
    assert [p.message for p in problems][1] == "period 99 does not exist"
    assert_chinese(problems, school_names(tiny) | {"星期八"})


def test_a_solution_without_lessons_is_refused_in_chinese(tiny):
    assert_chinese(problems_of(build_publication, tiny, Solution()))


def test_folders_an_export_may_not_replace_are_named_in_chinese(tmp_path, tiny, monkeypatch):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    edited = tmp_path / "edited"
    edited.mkdir()
    (edited / "solution.json").write_text("{}", encoding="utf-8")
    (edited / MANIFEST).write_text(f"{'0' * 64}  solution.json\n", encoding="utf-8")
    strange = tmp_path / "strange"
    strange.mkdir()
    (strange / "notes.docx").write_bytes(b"the office's")
    for out in (a_file, edited, strange):
        assert_chinese(problems_of(check_target, out), {"solution.json", "notes.docx"})
    monkeypatch.chdir(tmp_path)
    assert_chinese(problems_of(check_target, Path(".")))
    under_a_file = problems_of(check_target, a_file / "pub")  # asked before a solve: no folder can be made there
    assert under_a_file[0].message_zh.startswith("无法写入：")
    assert_chinese(under_a_file)
    unwritable = problems_of(write_publication, tiny, None, a_file / "pub")  # fails before it writes
    assert unwritable[0].message.startswith("cannot be written") and unwritable[0].message_zh.startswith("无法写入：")
    assert_chinese(unwritable)


FET = """<?xml version="1.0" encoding="UTF-8"?>
<fet version="6.8.5">
<Institution_Name>FET Secondary</Institution_Name>
<Days_List><Day><Name>Mo</Name></Day><Day><Name>Tu</Name></Day></Days_List>
<Hours_List><Hour><Name>first</Name></Hour><Hour><Name>second</Name></Hour><Hour><Name>third</Name></Hour></Hours_List>
<Subjects_List><Subject><Name>EN</Name></Subject><Subject><Name>MA</Name></Subject></Subjects_List>
<Teachers_List><Teacher><Name>Ann</Name></Teacher><Teacher><Name>Bob</Name></Teacher></Teachers_List>
<Students_List>
  <Year><Name>3</Name><Group><Name>3a</Name><Subgroup><Name>3a-1</Name></Subgroup></Group><Group><Name>3b</Name></Group></Year>
  <Year><Name>8</Name><Group><Name>8a</Name></Group></Year>
</Students_List>
<Activities_List>
  <Activity><Teacher>Ann</Teacher><Subject>EN</Subject><Students>3a-1</Students><Duration>1</Duration><Id>1</Id></Activity>
  <Activity><Teacher>Ann</Teacher><Teacher>Bob</Teacher><Subject>MA</Subject><Students>3b</Students><Id>2</Id></Activity>
  <Activity><Teacher>Bob</Teacher><Subject>EN</Subject><Students>8a</Students><Duration>3</Duration><Id>3</Id></Activity>
  <Activity><Subject>MA</Subject><Students>8a</Students><Id>4</Id></Activity>
  <Activity><Teacher>Bob</Teacher><Subject>EN</Subject><Students>3</Students><Id>5</Id></Activity>
  <Activity><Teacher>Ann</Teacher><Subject>MA</Subject><Students>3a</Students><Id>6</Id></Activity>
  <Activity><Teacher>Ann</Teacher><Subject>MA</Subject><Students>3a</Students><Id>7</Id></Activity>
  <Activity><Teacher>Ann</Teacher><Subject>MA</Subject><Students>3b</Students><Id>8</Id></Activity>
</Activities_List>
<Time_Constraints_List>
  <ConstraintBasicCompulsoryTime><Weight_Percentage>100</Weight_Percentage></ConstraintBasicCompulsoryTime>
  <ConstraintTeacherMaxGapsPerWeek><Weight_Percentage>100</Weight_Percentage><Teacher_Name>Ann</Teacher_Name>
    </ConstraintTeacherMaxGapsPerWeek>
  <ConstraintTeacherMaxHoursDaily><Weight_Percentage>50</Weight_Percentage><Teacher_Name>Ann</Teacher_Name>
    <Maximum_Hours_Daily>4</Maximum_Hours_Daily></ConstraintTeacherMaxHoursDaily>
  <ConstraintTeachersMaxDaysPerWeek><Weight_Percentage>50</Weight_Percentage><Max_Days_Per_Week>1</Max_Days_Per_Week>
    </ConstraintTeachersMaxDaysPerWeek>
  <ConstraintBreakTimes><Weight_Percentage>100</Weight_Percentage>
    <Break_Time><Day>Mo</Day><Hour>third</Hour></Break_Time></ConstraintBreakTimes>
  <ConstraintTeacherNotAvailableTimes><Weight_Percentage>100</Weight_Percentage><Teacher>Ann</Teacher>
    <Not_Available_Time><Day>Tu</Day><Hour>first</Hour></Not_Available_Time></ConstraintTeacherNotAvailableTimes>
  <ConstraintStudentsSetNotAvailableTimes><Weight_Percentage>100</Weight_Percentage><Students>3a-1</Students>
    <Not_Available_Time><Day>Tu</Day><Hour>second</Hour></Not_Available_Time></ConstraintStudentsSetNotAvailableTimes>
  <ConstraintActivityPreferredStartingTime><Weight_Percentage>100</Weight_Percentage><Activity_Id>99</Activity_Id>
    </ConstraintActivityPreferredStartingTime>
  <ConstraintActivityPreferredTimeSlots><Weight_Percentage>100</Weight_Percentage><Activity_Id>1</Activity_Id>
    </ConstraintActivityPreferredTimeSlots>
  <ConstraintActivitiesPreferredTimeSlots><Weight_Percentage>100</Weight_Percentage>
    <Activity_Tag_Name>lab</Activity_Tag_Name></ConstraintActivitiesPreferredTimeSlots>
  <ConstraintActivitiesPreferredTimeSlots><Weight_Percentage>100</Weight_Percentage><Teacher_Name>Ann</Teacher_Name>
    <Subject_Name>EN</Subject_Name></ConstraintActivitiesPreferredTimeSlots>
  <ConstraintActivitiesPreferredStartingTimes><Weight_Percentage>100</Weight_Percentage><Teacher_Name>Ann</Teacher_Name>
    <Preferred_Starting_Time><Preferred_Starting_Day>Mo</Preferred_Starting_Day>
    <Preferred_Starting_Hour>first</Preferred_Starting_Hour></Preferred_Starting_Time>
    </ConstraintActivitiesPreferredStartingTimes>
  <ConstraintMinDaysBetweenActivities><Weight_Percentage>95</Weight_Percentage><Activity_Id>6</Activity_Id>
    <Activity_Id>7</Activity_Id><MinDays>1</MinDays></ConstraintMinDaysBetweenActivities>
  <ConstraintMinDaysBetweenActivities><Weight_Percentage>100</Weight_Percentage><Activity_Id>6</Activity_Id>
    <Activity_Id>7</Activity_Id><MinDays>2</MinDays></ConstraintMinDaysBetweenActivities>
  <ConstraintMinDaysBetweenActivities><Weight_Percentage>100</Weight_Percentage><Activity_Id>6</Activity_Id>
    <Activity_Id>7</Activity_Id><MinDays>1</MinDays></ConstraintMinDaysBetweenActivities>
  <ConstraintTeacherMaxHoursDaily><Weight_Percentage>100</Weight_Percentage><Teacher_Name>Ann</Teacher_Name>
    <Maximum_Hours_Daily>3</Maximum_Hours_Daily></ConstraintTeacherMaxHoursDaily>
  <ConstraintTeacherMinHoursDaily><Weight_Percentage>100</Weight_Percentage><Teacher_Name>Ann</Teacher_Name>
    <Minimum_Hours_Daily>4</Minimum_Hours_Daily></ConstraintTeacherMinHoursDaily>
  <ConstraintTwoActivitiesOrdered><Weight_Percentage>100</Weight_Percentage></ConstraintTwoActivitiesOrdered>
</Time_Constraints_List>
<Space_Constraints_List>
  <ConstraintBasicCompulsorySpace><Weight_Percentage>100</Weight_Percentage></ConstraintBasicCompulsorySpace>
  <ConstraintSubjectPreferredRooms><Weight_Percentage>100</Weight_Percentage><Subject>EN</Subject>
    <Preferred_Room>R1</Preferred_Room><Preferred_Room>R2</Preferred_Room></ConstraintSubjectPreferredRooms>
  <ConstraintSubjectPreferredRoom><Weight_Percentage>100</Weight_Percentage><Subject>MA</Subject><Room>R1</Room>
    </ConstraintSubjectPreferredRoom>
</Space_Constraints_List>
</fet>
"""
NOON = FET.replace("<Name>first</Name>", "<Name>08:00</Name>").replace("<Name>second</Name>", "<Name>09:00</Name>")
NOON = NOON.replace("<Name>third</Name>", "<Name>14:00</Name>").replace("<Id>6</Id>", "<Duration>2</Duration><Id>6</Id>")
FET_NAMES = {"FET Secondary", "Mo", "Tu", "first", "second", "third", "EN", "MA", "Ann", "Bob", "3a", "3b", "8a", "R1", "R2"}


def _reasons(monkeypatch) -> list[tuple[str, str, str, str]]:
    """Every (kind, status, reason, reason_zh) the import records, not only each kind's worst."""
    recorded, add = [], ImportReport.add

    def recording(self, kind, status, reason="", reason_zh="", count=1):
        recorded.append((kind, status, reason, reason_zh))
        add(self, kind, status, reason, reason_zh, count)

    monkeypatch.setattr(ImportReport, "add", recording)
    return recorded


def _imported(tmp_path: Path, text: str) -> tuple[dict, ImportReport, list[Problem]]:
    path = tmp_path / "school.fet"
    path.write_text(text, encoding="utf-8")
    return import_fet(parse_xml(path), path.name)


def test_every_reason_of_the_fet_import_report_is_in_chinese(tmp_path, monkeypatch):
    recorded = _reasons(monkeypatch)
    _, report, problems = _imported(tmp_path, FET)
    _, noon, _ = _imported(tmp_path, NOON)
    assert problems == [] and noon.lines["Hours_List"][0] == "approximated"
    assert {status for _, status, _, _ in recorded} == {"exact", "approximated", "ignored"}
    assert len({reason for _, _, reason, _ in recorded}) >= 20
    for kind, status, reason, chinese in recorded:
        assert bool(reason) == bool(chinese) and (reason or status == "exact"), (kind, reason)
        assert chinese == "" or HAN.search(chinese) and english_left(chinese) == [], chinese


def test_the_fet_import_report_reads_in_chinese_and_keeps_its_english(tmp_path):
    _, report, _ = _imported(tmp_path, FET)
    english, chinese = report.text(), report.text("zh")
    assert len(english) == len(chinese) >= 15
    assert all(line.split()[0] in ("exact", "approximated", "ignored") for line in english)
    assert all(line.startswith(("按原义导入", "近似导入", "未导入")) for line in chinese)
    assert "近似导入　　教师每周最多空课 ×1：改为软性要求“教师空堂少”" in chinese
    for line in chinese:
        assert english_left(line, FET_NAMES) == [], line
    assert "按原义导入　基本时间约束 ×1" in chinese


def test_an_unknown_fet_constraint_type_keeps_its_fet_name_in_chinese():
    report = ImportReport(type_zh)
    report.add("ConstraintTeacherMaxSpanPerDay", "ignored", "no jianfu equivalent", "减负排课中没有对应的规则")
    assert report.text("zh") == ["未导入　　　ConstraintTeacherMaxSpanPerDay ×1：减负排课中没有对应的规则"]


def test_fet_files_jianfu_cannot_use_are_named_in_chinese(tmp_path):
    days = FET.replace("<Day><Name>Tu</Name></Day>", "".join(f"<Day><Name>D{n}</Name></Day>" for n in range(6)))
    hours = FET.replace("<Hour><Name>first</Name></Hour><Hour><Name>second</Name></Hour><Hour><Name>third</Name></Hour>", "")
    for text in ("<timetable/>", days, hours):
        problems = _imported(tmp_path, text)[2]
        assert [p.where for p in problems] == ["school.fet"]
        assert_chinese(problems, {"timetable"})


def test_fet_files_that_cannot_be_parsed_are_named_in_chinese(tmp_path, monkeypatch):
    cases = {
        "dtd.fet": b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><fet>&a;</fet>',
        "broken.fet": b"<fet><Days_List>",
        "gbk.fet": b'<?xml version="1.0" encoding="GBK"?><fet>\xff\xff</fet>',
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        assert_chinese(problems_of(parse_xml, tmp_path / name), {"GBK"})
    assert_chinese(problems_of(parse_xml, tmp_path / "missing.fet"))
    monkeypatch.setattr(xml_file, "MAX_BYTES", 10)
    assert_chinese(problems_of(parse_xml, tmp_path / "broken.fet"))


def test_fet_values_that_are_not_numbers_are_named_in_chinese():
    activity = Element("Activity")
    for tag, text in (("Duration", "one"), ("Id", "0"), ("Weight_Percentage", "lots"), ("Number_of_X", "x")):
        SubElement(activity, tag).text = text
    problems = problems_of(child_int, activity, "Duration") + problems_of(child_int, activity, "Id", "", 1)
    problems += problems_of(child_percent, activity) + problems_of(child_int, activity, "Number_of_X")
    assert [p.message_zh for p in problems][:3] == [
        "时长“one”不是整数",
        "编号是0，不能小于1",
        "权重百分比“lots”不是0到100之间的百分数",
    ]
    assert problems[3].message_zh == "<Number_of_X>“x”不是整数"  # a field without a Chinese name keeps FET's tag
    assert_chinese(problems[:3], {"one", "lots"})


def test_fet_results_jianfu_cannot_read_are_named_in_chinese(tmp_path, tiny):
    wrong = tmp_path / "wrong_activities.xml"
    wrong.write_text("<timetable/>", encoding="utf-8")
    assert_chinese(problems_of(read_fet_result, tiny, wrong), {"timetable"})
    result = tmp_path / "s_activities.xml"
    result.write_text(
        "<Activities_Timetable><Activity><Id>9999</Id><Day>星期一</Day><Hour>1</Hour></Activity>"
        "<Activity><Id>1</Id><Day>Sunday</Day><Hour>9</Hour></Activity></Activities_Timetable>",
        encoding="utf-8",
    )
    problems = problems_of(read_fet_result, tiny, result)
    assert [p.where for p in problems] == ["s_activities.xml: <Activity> #1", "s_activities.xml: <Activity> #2"]
    assert_chinese(problems, school_names(tiny) | {"Sunday"})


def test_a_school_fet_cannot_export_and_the_exported_comments_are_in_chinese(tiny):
    sections = load_instance(INSTANCES / "five_four.yaml")
    assert_chinese(problems_of(fet_bell, sections), school_names(sections))
    comments = parse_xml_text(export_fet(tiny, "zh")).findtext("Comments")
    assert comments.startswith("由减负排课从“示例小学”导出") and english_left(comments, {"jianfu check"}) == []
    assert parse_xml_text(export_fet(tiny)).findtext("Comments").startswith("Exported by jianfu from 示例小学.")


def parse_xml_text(text: str) -> Element:
    from defusedxml.ElementTree import fromstring

    return fromstring(text.encode())
