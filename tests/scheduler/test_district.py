"""走教: shared teachers' days at each school, every school solved on a local Dask cluster with the
teachers away elsewhere, and the district check (one school a day or half-day, travel time, the
daily maximum over all schools) with its boundaries; bad district files refused by place."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from models.district import District, district_problems
from models.loading import parse_instance
from models.solution import Lesson
from scheduler.check.district import check_district, teacher_days
from scheduler.cli import Exit, app
from scheduler.generate import generate_district
from tests.conftest import BASE

runner = CliRunner()


def write_district(folder: Path, schools: int = 4, shared: int = 3) -> Path:
    district, files = generate_district(schools, shared, seed=0)
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "district.yaml").write_text(yaml.safe_dump(district, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder / "district.yaml"


def test_shared_teachers_are_at_one_school_a_day_and_every_school_has_a_checked_timetable(tmp_path):
    from scheduler.batch import run_district

    run = run_district(write_district(tmp_path / "d"), tmp_path / "out", workers=2, time_limit=10)
    assert run.visits and {r["status"] for r in run.batch.results} == {"ok"} and run.violations == []
    assert {shared.per for shared in run.district.shared} == {"day", "half_day"}
    for shared in run.district.shared:  # read off the timetables themselves, apart from the district check
        for day, entries in teacher_days(run.instances, run.timetables, shared.teacher).items():
            schools = {school for _, _, school, _ in entries}
            if shared.per == "day":
                assert len(schools) == 1, (shared.teacher, day, schools)
            for (_, end, first, _), (start, _, second, _) in zip(entries, entries[1:], strict=False):
                assert first == second or start - end >= run.district.travel(first, second)


def test_jianfu_district_refuses_an_out_under_a_file_before_it_solves(tmp_path, monkeypatch):
    from scheduler import batch

    monkeypatch.setattr(batch, "run_district", lambda *args: (_ for _ in ()).throw(AssertionError("solved")))
    district = write_district(tmp_path / "d")
    result = runner.invoke(app, ["district", str(district), "--out", str(district / "out"), "--lang", "en"])
    assert result.exit_code == Exit.BAD_INPUT and f"{district / 'out'}: cannot be written" in result.output


def test_jianfu_district_writes_the_plans_and_refuses_a_bad_file_by_place(tmp_path):
    district = write_district(tmp_path / "d")
    result = runner.invoke(app, ["district", str(district), "--out", str(tmp_path / "out"), "--time-limit", "10"])
    assert result.exit_code == Exit.OK, result.output
    index = (tmp_path / "out" / "site" / "index.html").read_text(encoding="utf-8")
    assert "走教安排" in index and (tmp_path / "out" / "走教安排.xlsx").exists()
    plan = (tmp_path / "out" / "site" / "page-001.html").read_text(encoding="utf-8")
    assert "周安排" in plan and "东山小学" in plan and "08:30" in plan
    data = yaml.safe_load(district.read_text(encoding="utf-8"))
    data["shared"].append({"teacher": "无此人", "per": "day"})
    data["travel_minutes"].append({"between": ["东山小学", "东三小学"], "minutes": 10})
    data["schools"].append("没有的学校.yaml")
    district.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    refused = runner.invoke(app, ["district", str(district), "--out", str(tmp_path / "out2")])
    assert refused.exit_code == Exit.BAD_INPUT and "Traceback" not in refused.output
    assert "schools[4]" in refused.output and not (tmp_path / "out2" / "site").exists()
    data["schools"].pop()
    district.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    refused = runner.invoke(app, ["district", str(district), "--out", str(tmp_path / "out2")])
    assert "shared[3].teacher" in refused.output and "travel_minutes[2].between[1]" in refused.output, refused.output
    assert "东山小学" in refused.output  # the closest name


def two_schools(per: str, travel: int, pe: int = 3) -> tuple[District, dict]:
    """Two copies of the test school (`pe` lessons a week a class) sharing their PE teacher 刘洋."""
    data = copy.deepcopy(BASE)
    data["grades"][0]["plan"]["体育"] = pe
    instances = {name: parse_instance(copy.deepcopy(data)) for name in ("甲校", "乙校")}
    values = {"schools": ["甲校.yaml", "乙校.yaml"], "shared": [{"teacher": "刘洋", "per": per}]}
    district = District.model_validate(values | {"travel_minutes": [{"between": ["甲校", "乙校"], "minutes": travel}]})
    return district, instances


def pe(day: str, period: int) -> list[Lesson]:
    return [Lesson.model_validate({"class": "三年级1班", "subject": "体育", "day": day, "period": period})]


@pytest.mark.parametrize(
    ("per", "travel", "rules"),
    [
        ("day", 0, {"district.one_school"}),
        ("half_day", 120, set()),  # 乙校's period 4 ends 12:00, 甲校's period 5 starts 14:00: 120 minutes
        ("half_day", 121, {"district.travel"}),
    ],
)
def test_the_district_check_at_its_boundaries(per, travel, rules):
    district, instances = two_schools(per, travel)
    timetables = {"乙校": pe("星期一", 4), "甲校": pe("星期一", 5)}
    assert {v.rule for v in check_district(district, instances, timetables)} == rules
    assert check_district(district, instances, {"乙校": pe("星期一", 4), "甲校": pe("星期二", 5)}) == []


def test_the_daily_maximum_counts_every_school():
    district, instances = two_schools("half_day", 0)
    for inst in instances.values():
        inst.teacher_by_name["刘洋"].max_per_day = 2
    two = {"乙校": pe("星期一", 3) + pe("星期一", 4)[:0], "甲校": pe("星期一", 5)}
    assert check_district(district, instances, two) == []
    three = {
        "乙校": pe("星期一", 3) + [pe("星期一", 4)[0].model_copy(update={"class_": "三年级2班"})],
        "甲校": pe("星期一", 5),
    }
    assert {v.rule for v in check_district(district, instances, three)} == {"district.daily_max"}


def test_a_district_file_is_checked_against_its_schools():
    district, instances = two_schools("half_day", 30)
    lonely = district.model_copy(update={"shared": [district.shared[0].model_copy(update={"teacher": "王芳"})]})
    assert [p.where for p in district_problems(lonely, instances)] == []  # 王芳 is in both copies
    missing = district.model_copy(update={"travel_minutes": []})
    assert [p.where for p in district_problems(missing, instances)] == ["shared[0]"]
    del instances["乙校"]
    assert [p.where for p in district_problems(district, instances)] == ["shared[0].teacher", "travel_minutes[0].between[1]"]


def test_a_shared_teacher_s_day_keeps_the_smallest_maximum_any_school_gives():
    from models.district import shared_maximum
    from scheduler.search.district import assign_visits, blocked_at, usable_periods

    district, instances = two_schools("day", 30, pe=2)
    instances["甲校"].teacher_by_name["刘洋"].max_per_day = 4
    instances["乙校"].teacher_by_name["刘洋"].max_per_day = 2
    assert shared_maximum(instances, "刘洋") == 2
    assert len(usable_periods(instances["甲校"], "刘洋", "星期一", None, 2)) == 2
    visits = assign_visits(district, instances, {})
    days = {visit.day for visit in visits}
    assert len(days) == len(visits) == 4  # 4 PE lessons a school at 2 a day: 2 days each, one school a day
    assert assign_visits(*two_schools("day", 30, pe=3), {}) is None  # 3 days each: 6 days in a week of 5
    assert visits and all(
        entry["note"].startswith("走教") for entry in blocked_at(instances["甲校"], visits, "甲校", "刘洋", "day", 2)
    )


def test_a_teacher_or_a_travel_pair_given_twice_is_refused():
    district, instances = two_schools("half_day", 30)
    twice = district.model_copy(update={"shared": district.shared * 2, "travel_minutes": district.travel_minutes * 2})
    assert [p.where for p in district_problems(twice, instances)] == ["shared[1].teacher", "travel_minutes[1]"]


def test_two_school_files_of_one_name_are_refused(tmp_path):
    from models.district import load_district
    from models.validation import InputError
    from tests.conftest import INSTANCES

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.yaml").write_text((INSTANCES / "tiny.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    district = {"schools": ["a/x.yaml", "b/x.yaml"], "shared": [{"teacher": "王芳"}]}
    (tmp_path / "district.yaml").write_text(yaml.safe_dump(district, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_district(tmp_path / "district.yaml")
    assert [p.where.rsplit(": ", 1)[1] for p in refused.value.problems] == ["schools[1]"]
