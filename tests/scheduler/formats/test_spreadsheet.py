"""Proposed timetables from spreadsheets: template, reading, clear errors, seeded violations."""

from __future__ import annotations

from collections import Counter

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from models.loading import load_instance
from models.validation import InputError
from scheduler.check.checker import check_timetable
from scheduler.cli import Exit, app
from scheduler.formats.spreadsheet import read_proposed, write_template
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import INSTANCES

TINY = INSTANCES / "tiny.yaml"


@pytest.fixture(scope="module")
def tiny():
    inst = load_instance(TINY)
    return inst, solve(inst, SolveOptions(time_limit=10, workers=2)).lessons


def fill(path, inst, lessons, with_teachers=False, overrides=None):
    """Write lessons into a template workbook: sheet = class, row = period + 1, column = day + 2."""
    write_template(inst, path)
    workbook = load_workbook(path)
    for lesson in lessons:
        text = lesson.subject + (f"\n{lesson.teachers[0]}" if with_teachers else "")
        workbook[lesson.class_].cell(row=lesson.period + 1, column=inst.days.index(lesson.day) + 2, value=text)
    for (sheet, cell), value in (overrides or {}).items():
        workbook[sheet][cell] = value
    workbook.save(path)


def test_template_round_trip_reads_back_the_same_timetable(tmp_path, tiny):
    inst, lessons = tiny
    path = tmp_path / "proposed.xlsx"
    fill(path, inst, lessons)
    read = read_proposed(inst, path)
    key = lambda l: (l.class_, l.day, l.period, l.subject)  # noqa: E731
    assert sorted(map(key, read)) == sorted(map(key, lessons))
    assert check_timetable(inst, read, None) == []
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["三年级1班", "三年级2班"] and workbook["三年级1班"]["A2"].value.startswith("第1节")


def test_teacher_in_the_cell_and_bracket_form(tmp_path, tiny):
    inst, lessons = tiny
    path = tmp_path / "teachers.xlsx"
    fill(path, inst, lessons, with_teachers=True)
    assert check_timetable(inst, read_proposed(inst, path), None) == []
    first = next(l for l in lessons if l.subject != "科学")  # 孙伟 teaches 科学
    cell = f"{'BCDEF'[inst.days.index(first.day)]}{first.period + 1}"
    fill(path, inst, lessons, overrides={(first.class_, cell): f"{first.subject}（孙伟）"})
    found = check_timetable(inst, read_proposed(inst, path), None)
    assert [v.rule for v in found] == ["assignment.teacher"]


def test_unreadable_cells_and_missing_classes_are_named(tmp_path, tiny):
    inst, lessons = tiny
    path = tmp_path / "bad.xlsx"
    fill(path, inst, lessons, overrides={("三年级2班", "C4"): "数敎", ("三年级1班", "A3"): "午休"})
    with pytest.raises(InputError) as error:
        read_proposed(inst, path)
    messages = [str(p) for p in error.value.problems]
    assert "三年级2班!C4: unknown subject '数敎' (did you mean 数学?)" in messages
    assert "三年级1班!A3: '午休' does not name a period 1-6" in messages
    workbook = load_workbook(path)
    del workbook["三年级2班"]
    workbook.save(path)
    with pytest.raises(InputError, match="no timetable for class 三年级2班"):
        read_proposed(inst, path)


def test_seeded_violations_are_all_found_with_their_rule_ids(tiny, tmp_path):
    inst, lessons = tiny
    proposed = [lesson.model_copy(update={"teachers": []}) for lesson in lessons]

    def index(class_name, day=None, subject=None, period=None, not_day=None):
        return next(
            i
            for i, l in enumerate(proposed)
            if l.class_ == class_name
            and day in (None, l.day)
            and subject in (None, l.subject)
            and period in (None, l.period)
            and l.day != not_day
        )

    def swap_subjects(a, b):  # keeps every weekly count, so curriculum.full_hours stays quiet
        proposed[a], proposed[b] = (
            proposed[a].model_copy(update={"subject": proposed[b].subject}),
            proposed[b].model_copy(update={"subject": proposed[a].subject}),
        )

    # 1. activity.daily_minimum: 三年级1班's Monday PE lesson swapped with a Tuesday lesson.
    swap_subjects(index("三年级1班", "星期一", "体育"), index("三年级1班", "星期二"))
    # 2. availability.fixed: 三年级1班's 道德与法治 fixed on Monday period 1 swapped with a 语文 lesson.
    swap_subjects(index("三年级1班", "星期一", "道德与法治", 1), index("三年级1班", subject="语文", not_day="星期一"))
    # 3. availability.teacher_blocked: a 数学 lesson of 三年级2班 on 张敏's 教研 Tuesday afternoon.
    maths = index("三年级2班", subject="数学", not_day="星期二")
    afternoon = [i for i, l in enumerate(proposed) if l.class_ == "三年级2班" and l.day == "星期二" and l.period >= 5]
    if afternoon:
        swap_subjects(maths, afternoon[0])
    else:
        proposed[maths] = proposed[maths].model_copy(update={"day": "星期二", "period": 6})
    found = Counter(v.rule for v in check_timetable(inst, proposed, None))
    assert found["activity.daily_minimum"] == 1
    assert found["availability.fixed"] == 1
    assert found["availability.teacher_blocked"] == 1
    assert found["curriculum.full_hours"] == 0
    workbook = tmp_path / "three.xlsx"
    fill(workbook, inst, proposed)
    report = CliRunner().invoke(app, ["check", str(TINY), str(workbook)])
    assert report.exit_code == Exit.VIOLATIONS, report.output
    for title in ("每天体育活动时间", "固排", "教师不可用时间"):
        assert f"{title}：1 处" in report.output, report.output
    assert "星期一 第1节：" in report.output and "（三年级1班!B2）" in report.output  # the fixed lesson's cell
    blocked = next(v for v in check_timetable(inst, proposed, None) if v.rule == "availability.teacher_blocked")
    assert f"（三年级2班!C{blocked.period + 1}）" in report.output


def test_csv_grid_and_cli(tmp_path, tiny):
    inst, lessons = tiny
    runner = CliRunner()
    template = tmp_path / "grid.csv"
    assert runner.invoke(app, ["template", str(TINY), "--out", str(template)]).exit_code == Exit.OK
    rows = template.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "班级,节次,星期一,星期二,星期三,星期四,星期五" and len(rows) == 1 + 2 * 6
    cells = {(l.class_, l.period): {} for l in lessons}
    for l in lessons:
        cells[l.class_, l.period][l.day] = l.subject
    lines = [rows[0]]
    for row in rows[1:]:
        class_name, label = row.split(",")[:2]
        period = int(label[1])
        lines.append(",".join([class_name, label] + [cells.get((class_name, period), {}).get(d, "") for d in inst.days]))
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked = runner.invoke(app, ["check", str(TINY), str(template)])
    assert checked.exit_code == Exit.OK, checked.output
    assert "未检查作业规则" in checked.output
    xlsx = tmp_path / "t.xlsx"
    fill(xlsx, inst, lessons, overrides={("三年级1班", "B2"): "数学"})
    result = runner.invoke(app, ["check", str(TINY), str(xlsx), "--format", "json"])
    assert result.exit_code == Exit.VIOLATIONS and '"availability.fixed": 1' in result.output
    fill(xlsx, inst, lessons, overrides={("三年级1班", "B2"): "数敎"})
    bad = runner.invoke(app, ["check", str(TINY), str(xlsx)])
    assert bad.exit_code == Exit.BAD_INPUT and "三年级1班!B2: 没有学科“数敎”" in bad.output


def _problems(inst, path) -> list[str]:
    with pytest.raises(InputError) as error:
        read_proposed(inst, path)
    return [str(p) for p in error.value.problems]


def test_formulas_and_merged_cells_are_named_not_read_as_empty(tmp_path, tiny):
    inst, lessons = tiny
    path = tmp_path / "formula.xlsx"
    fill(path, inst, lessons, overrides={("三年级1班", "B2"): '=HYPERLINK("http://x", "语文")'})
    workbook = load_workbook(path)
    workbook["三年级2班"].merge_cells("C3:C4")
    workbook.save(path)
    assert _problems(inst, path) == [
        "三年级1班!B2: holds a formula: type the subject as text",
        "三年级2班!C3:C4: merged cells: give each day and period its own cell",
    ]


def test_a_cell_far_outside_any_grid_is_named_without_reading_the_empty_sheet(tmp_path, tiny):
    inst, lessons = tiny
    path = tmp_path / "far.xlsx"
    fill(path, inst, lessons, overrides={("三年级1班", "XFD1048576"): "x"})
    assert _problems(inst, path) == ["三年级1班!XFD1048576: the sheet reaches XFD1048576; a class grid fits in A1:AD200"]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, tiny):
    import zipfile

    inst, _ = tiny
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 2**20))
    assert path.stat().st_size < 2**20
    assert _problems(inst, path) == [f"{path}: unpacks to more than 50 MB: not a timetable workbook"]


def test_an_english_workbook_with_multi_word_block_names_reads_back(tmp_path):
    import yaml

    data = yaml.safe_load(TINY.read_text(encoding="utf-8"))
    data["bell"]["blocks"][0]["name"] = "Morning reading"
    school = tmp_path / "school.yaml"
    school.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    solved = runner.invoke(app, ["solve", str(school), "--time-limit", "10", "--lang", "en", "--out", str(out)])
    assert solved.exit_code == Exit.OK, solved.output
    checked = runner.invoke(app, ["check", str(school), str(out / "timetable.xlsx")])
    assert checked.exit_code == Exit.OK, checked.output


def test_the_template_has_the_fixed_lessons_in_place_and_a_list_of_the_class_subjects(tmp_path, tiny):
    inst, _ = tiny
    path = tmp_path / "template.xlsx"
    write_template(inst, path)
    sheet = load_workbook(path)["三年级1班"]
    assert sheet["B2"].value == "道德与法治"  # fixed on 星期一, period 1 (固排)
    assert sum(cell.value is not None for row in sheet["B2:F7"] for cell in row) == 1
    (rule,) = sheet.data_validations.dataValidation
    assert rule.type == "list" and "语文" in rule.formula1 and "B2:F7" in str(rule.sqref)
    grid = tmp_path / "template.csv"
    write_template(inst, grid)
    assert "三年级2班,第1节 08:30-09:10,道德与法治,,,," in grid.read_text(encoding="utf-8").splitlines()
