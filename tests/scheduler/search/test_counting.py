"""The counting checks refute only what the hard rules rule out."""

from __future__ import annotations

from models.loading import parse_instance
from scheduler.search.counting import counting_problems
from tests.conftest import school, solved


def test_a_pe_double_lesson_counts_as_two_lessons_of_activity_that_day():
    # No 大课间 on Wednesday: its 60 min of activity need two 40-min PE lessons, the week's double.
    data = school(classes=[{"name": "三年级1班", "grade": 3}])
    data["bell"]["blocks"][0]["days"] = ["星期一", "星期二", "星期四", "星期五"]
    data["grades"][0]["plan"].update({"体育": 4, "语文": 4})
    data["grades"][0]["doubles"] = {"体育": 1}
    for teacher in data["teachers"]:
        teacher["teaches"] = {s: [c for c in cs if c == "三年级1班"] for s, cs in teacher["teaches"].items()}
    data["teachers"] = [t for t in data["teachers"] if any(t["teaches"].values())]
    assert counting_problems(parse_instance(data)) == []
    inst, lessons = solved(data)
    assert len([l for l in lessons if l.day == "星期三" and l.subject == "体育"]) == 2
    del data["grades"][0]["doubles"]  # without the double, Wednesday cannot reach 60 min
    assert any("星期三" in p.message for p in counting_problems(parse_instance(data)))
