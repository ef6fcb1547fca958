"""Rebuild the shipped generated instances: `python instances/build.py` (deterministic)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from scheduler.generate import generate_school
from scheduler.holidays import calendar_section

HERE = Path(__file__).parent


def _compact_subjects(data: dict) -> None:
    data["subjects"] = [s["name"] if set(s) == {"name"} else s for s in data["subjects"]]


class _PlainDumper(yaml.SafeDumper):
    """YAML without anchors and aliases: a value written twice is written out twice."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(data: dict, name: str, header: str) -> None:
    _compact_subjects(data)
    text = yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, default_flow_style=None, width=110)
    (HERE / name).write_text(header + text, encoding="utf-8")


def primary_24() -> dict:
    """The 24-class primary school, with grade-1 classes home on Wednesday afternoon (低年级半天)."""
    data = generate_school("primary", 4, seed=1)
    data["forbidden"] = [{"grade": 1, "day": "星期三", "half": "pm"}]
    return data


def junior_18() -> dict:
    """The 18-class junior school, with 单双周 music/art in grade 9, 合班 PE and daily maxima."""
    data = generate_school("junior", 6, seed=1)
    data["policy"] = {"preset": "cn-2021", "max_daily_learning_minutes": 420}
    grade9 = next(g for g in data["grades"] if g["grade"] == 9)
    grade9["plan"].pop("音乐")
    grade9["plan"].pop("美术")
    grade9["plan"]["综合实践"] += 1
    grade9["alternating"] = [{"odd": "音乐", "even": "美术", "lessons": 1}]
    data["merged"] = [{"subject": "体育", "classes": ["九年级1班", "九年级2班"], "lessons": 1}]
    for teacher in data["teachers"]:
        if "数学" in teacher["teaches"]:
            teacher["max_per_day"] = 4
    return data


def nine_year() -> dict:
    """A 九年一贯制 school of 18 classes: a primary and a junior section with their own bells, shared
    specialists (PE, music, art, information technology) and one playground."""
    return generate_school("nine-year", 2, seed=1)


def five_four() -> dict:
    """A 五四制 school of 18 classes: primary grades 1-5, junior grades 6 (预备年级) to 9."""
    return generate_school("five-four", 2, seed=1)


def beijing_primary_24() -> dict:
    """A 24-class Beijing primary school under beijing-2025: a PE lesson every day (5 a week, the extra
    lessons taken from 综合实践), 15-minute breaks, a 大课间 in the morning and one in the afternoon,
    an hour of after-school sport, and a playground for 6 classes at once."""
    return generate_school("primary", 4, seed=0, policy="beijing-2025")


def _earlier(clock: str, minutes: int) -> str:
    hours, mins = map(int, clock.split(":"))
    total = hours * 60 + mins - minutes
    return f"{total // 60:02d}:{total % 60:02d}"


def _winter(bell: dict) -> dict:
    """冬季作息: the same bell with the afternoon (periods and blocks after noon) 20 minutes earlier."""
    shift = [dict(item, start=_earlier(item["start"], 20), end=_earlier(item["end"], 20)) for item in bell["periods"]]
    periods = [moved if item["start"] >= "12:00" else item for item, moved in zip(bell["periods"], shift, strict=True)]
    blocks = [
        dict(block, start=_earlier(block["start"], 20), end=_earlier(block["end"], 20))
        if block["start"] >= "12:00"
        else block
        for block in bell["blocks"]
    ]
    return {"periods": periods, "blocks": blocks}


def term_2026_autumn() -> dict:
    """The 24-class primary school with the autumn term of 2026 as dates: the official holidays and
    make-up working days of 2026 (chinese-calendar), 元旦 2027 added by hand (the package has no 2027
    yet), a sports meeting, the final exam, and 冬季作息 from 8 October."""
    data = primary_24()
    start, end = dt.date(2026, 9, 1), dt.date(2027, 1, 22)
    calendar, _ = calendar_section(start, end, "2026-2027学年第一学期")
    calendar["holidays"].append({"name": "元旦", "start": dt.date(2027, 1, 1)})
    calendar["exams"] = [{"name": "期末考试", "start": dt.date(2027, 1, 18), "end": dt.date(2027, 1, 19)}]
    calendar["non_teaching"] = [{"name": "秋季运动会", "start": dt.date(2026, 10, 22), "end": dt.date(2026, 10, 23)}]
    calendar["bells"] = [{"name": "冬季作息", "start": dt.date(2026, 10, 8), "end": end, "bell": _winter(data["bell"])}]
    data["school"]["name"] = "示范小学（24个班，2026年秋季学期）"
    return data | {"calendar": calendar}


if __name__ == "__main__":
    _dump(
        primary_24(),
        "primary_24.yaml",
        "# 24-class primary school (4 classes per grade, national lesson table).\n"
        "# Built by instances/build.py; described in instances/README.md.\n",
    )
    _dump(
        junior_18(),
        "junior_18.yaml",
        "# 18-class junior school (6 classes per grade, 45-minute lessons, 7-hour cap).\n"
        "# Built by instances/build.py; described in instances/README.md.\n",
    )
    _dump(
        nine_year(),
        "nine_year.yaml",
        "# 18-class 九年一贯制 school: primary and junior sections, shared teachers, one playground.\n"
        "# Built by instances/build.py; described in instances/README.md.\n",
    )
    _dump(
        five_four(),
        "five_four.yaml",
        "# 18-class 五四制 school: grades 1-5 primary, 6-9 junior, shared teachers, one playground.\n"
        "# Built by instances/build.py; described in instances/README.md.\n",
    )
    _dump(
        beijing_primary_24(),
        "beijing_primary_24.yaml",
        "# 24-class Beijing primary school under beijing-2025 (a PE lesson every day, 15-minute breaks).\n"
        "# Built by instances/build.py; described in instances/README.md.\n",
    )
    _dump(
        term_2026_autumn(),
        "term_2026_autumn.yaml",
        "# The 24-class primary school with its autumn 2026 term as dates (校历: holidays, 调休, exam, 冬季作息).\n"
        "# Built by instances/build.py; described in instances/README.md.\n",
    )
