"""Venues as choices and as time-varying capacity: a subject may use any of several venues, need a
venue for some of its lessons only, or for its double lessons; a venue may take fewer classes at
some times. The solver honours each, the checker flags each breach."""

from __future__ import annotations

from collections import Counter

import pytest

from models.loading import parse_instance
from models.validation import InputError
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import lesson, school, solved, status_of, violations_of

BOTH_AT_MONDAY_1 = [
    {"subject": "体育", "day": "星期一", "period": 1, "classes": ["三年级1班"]},
    {"subject": "体育", "day": "星期一", "period": 1, "classes": ["三年级2班"]},
]


def two_pe_teachers(**changes: object) -> dict:
    """The test school with a PE teacher per class, so that only the venue keeps PE lessons apart."""
    data = school(**changes)
    data["teachers"][3]["teaches"] = {"体育": ["三年级1班"]}
    data["teachers"].append({"name": "周强", "teaches": {"体育": ["三年级2班"]}})
    return data


def test_a_choice_of_venues_takes_two_classes_where_one_venue_takes_one():
    one_room = two_pe_teachers(venues=[{"name": "操场", "capacity": 1}, {"name": "体育馆"}], fixed=BOTH_AT_MONDAY_1)
    assert status_of(one_room) == "infeasible"
    choice = two_pe_teachers(venues=[{"name": "操场", "capacity": 1}, {"name": "体育馆"}], fixed=BOTH_AT_MONDAY_1)
    choice["subjects"][2]["venue"] = ["操场", "体育馆"]
    inst, lessons = solved(choice)
    monday = {l.class_: l.venue for l in lessons if l.subject == "体育" and (l.day, l.period) == ("星期一", 1)}
    assert sorted(monday.values()) == ["体育馆", "操场"]
    assert all(l.venue in ("操场", "体育馆") for l in lessons if l.subject == "体育")
    same = [l.model_copy(update={"venue": "操场"}) if l.subject == "体育" else l for l in lessons]
    assert len(violations_of(inst, same, "venue.capacity")) >= 1
    nowhere = [l.model_copy(update={"venue": None}) if l.subject == "体育" else l for l in lessons]
    assert len(violations_of(inst, nowhere, "venue.choice")) == 6  # every PE lesson needs one of the two


def test_some_lessons_in_a_venue():
    # 美术 2 lessons a week, 1 of them in the art room, which takes one class at a time.
    data = school(venues=[{"name": "操场", "capacity": 2}, {"name": "美术教室"}])
    data["subjects"][4] = {"name": "美术", "venue": "美术教室", "venue_lessons": 1}
    inst, lessons = solved(data)
    in_room = Counter(l.class_ for l in lessons if l.subject == "美术" and l.venue == "美术教室")
    assert in_room == Counter({"三年级1班": 1, "三年级2班": 1})
    both = [l.model_copy(update={"venue": "美术教室"}) if l.subject == "美术" else l for l in lessons]
    found = violations_of(inst, both, "venue.choice")
    assert len(found) == 2 and all("2 lessons a week in 美术教室, 1 wanted" in v.message for v in found)


def test_double_lessons_in_their_own_venue():
    # 美术 with one double a week, which needs the art room (one class at a time); its other lesson does not.
    data = school(venues=[{"name": "操场", "capacity": 2}, {"name": "美术教室"}])
    data["grades"][0]["plan"]["美术"] = 3
    data["grades"][0]["doubles"] = {"美术": 1}
    data["subjects"][4] = {"name": "美术", "double_venue": "美术教室"}
    inst, lessons = solved(data)
    for name in ("三年级1班", "三年级2班"):
        art = sorted((l.day, l.period, l.venue) for l in lessons if l.class_ == name and l.subject == "美术")
        assert [venue for _, _, venue in art].count(None) == 1  # the single lesson in the classroom
        in_room = [(d, p) for d, p, venue in art if venue == "美术教室"]
        assert len(in_room) == 2 and in_room[0][0] == in_room[1][0] and in_room[1][1] == in_room[0][1] + 1
    moved_out = [l.model_copy(update={"venue": None}) if l.subject == "美术" else l for l in lessons]
    found = violations_of(inst, moved_out, "venue.choice")
    assert len(found) == 2 and all("double lessons in 美术教室 on 0 days, 1 wanted" in v.message for v in found)


def test_a_venue_takes_fewer_classes_at_some_times():
    # The playground is closed on Monday mornings: PE (needed Mon/Wed/Fri) takes Monday afternoon.
    closed = [{"day": "星期一", "start": "08:00", "end": "12:00", "capacity": 0}]
    data = school(venues=[{"name": "操场", "capacity": 2, "capacity_at": closed}])
    inst, lessons = solved(data)
    monday = [l for l in lessons if l.subject == "体育" and l.day == "星期一"]
    assert monday and all(l.period >= 5 for l in monday)
    morning = [l.model_copy(update={"period": 1}) if l is monday[0] else l for l in lessons]
    found = violations_of(inst, morning, "venue.capacity")
    assert len(found) == 1 and "capacity 0" in found[0].message
    data["venues"][0]["capacity_at"][0]["end"] = "15:30"  # and Monday afternoon: no PE on Monday at all
    assert status_of(data) == "infeasible"


def test_venue_settings_name_their_problems():
    data = school()
    data["subjects"][2] = {"name": "体育", "venue": ["操场", "泳池"], "venue_lessons": 9}
    data["grades"][0]["alternating"] = [{"odd": "体育", "even": "美术"}]
    with pytest.raises(InputError) as error:
        parse_instance(data)
    messages = [str(p) for p in error.value.problems]
    assert "subjects[2].venue: unknown venue '泳池'" in messages
    assert any("taught in odd/even weeks" in m for m in messages)


def test_a_chosen_venue_survives_the_workbook(tmp_path):
    from scheduler.check.checker import check_timetable
    from scheduler.formats.spreadsheet import read_proposed
    from scheduler.publish.folder import write_publication
    from scheduler.publish.publication import build_publication
    from scheduler.search.solve import SolveOptions, solve

    data = two_pe_teachers(venues=[{"name": "操场", "capacity": 1}, {"name": "体育馆"}], fixed=BOTH_AT_MONDAY_1)
    data["subjects"][2]["venue"] = ["操场", "体育馆"]
    inst = parse_instance(data)
    solution = solve(inst, SolveOptions(time_limit=10, workers=2, seed=0))
    write_publication(inst, build_publication(inst, solution), tmp_path / "out")
    lessons = read_proposed(inst, tmp_path / "out" / "timetable.xlsx")
    assert {(l.class_, l.day, l.period, l.venue) for l in lessons if l.subject == "体育"} == {
        (l.class_, l.day, l.period, l.venue) for l in solution.lessons if l.subject == "体育"
    }
    assert check_timetable(inst, lessons, None) == []


def test_venue_lessons_count_a_class_merged_lessons_too():
    # 美术 2 lessons a week, one of them merged (合班); 1 or 2 of each class's lessons in the art room.
    data = school(venues=[{"name": "操场", "capacity": 2}, {"name": "美术教室", "capacity": 2}])
    data["merged"] = [{"subject": "美术", "classes": ["三年级1班", "三年级2班"], "lessons": 1}]
    for wanted in (1, 2):
        data["subjects"][4] = {"name": "美术", "venue": "美术教室", "venue_lessons": wanted}
        inst, lessons = solved(data)
        in_room = Counter(l.class_ for l in lessons if l.subject == "美术" and l.venue == "美术教室")
        assert in_room == Counter({"三年级1班": wanted, "三年级2班": wanted})


def test_a_double_lesson_is_paired_within_one_venue():
    # 科学 in A or B, its double too; A is closed at period 1, B after it: the double can only be 2-3 in A.
    data = {
        "school": {"name": "t", "stage": "primary"},
        "days": ["星期一"],
        "bell": {
            "periods": [{"start": a, "end": b} for a, b in (("08:30", "09:10"), ("09:20", "10:00"), ("10:10", "10:50"))]
        },
        "policy": {"min_daily_activity_minutes": 0},
        "subjects": [{"name": "科学", "venue": ["A", "B"], "double_venue": ["A", "B"], "max_per_day": 3}],
        "venues": [
            {"name": "A", "capacity_at": [{"start": "08:30", "end": "09:10", "capacity": 0}]},
            {"name": "B", "capacity_at": [{"start": "09:20", "end": "10:50", "capacity": 0}]},
        ],
        "grades": [{"grade": 3, "plan": {"科学": 3}, "doubles": {"科学": 1}}],
        "classes": [{"name": "c1", "grade": 3}],
        "teachers": [{"name": "T", "teaches": {"科学": ["c1"]}}],
    }
    inst, lessons = solved(data)
    assert sorted((l.period, l.venue) for l in lessons) == [(1, "B"), (2, "A"), (3, "A")]


def test_a_venue_holding_more_at_some_times_lets_pe_there_then():
    # The playground takes 1 class, 2 in school hours; PE only at period 3: two PE teachers use it at once.
    wide = [{"start": "08:00", "end": "17:00", "capacity": 2}]
    data = school(venues=[{"name": "操场", "capacity": 1, "capacity_at": wide}])
    data["teachers"][3]["teaches"] = {"体育": ["三年级1班"]}
    data["teachers"].append({"name": "周强", "teaches": {"体育": ["三年级2班"]}})
    data["forbidden"] = [{"subject": "体育", "periods": [1, 2, 4, 5, 6]}]
    inst = parse_instance(data)
    solution = solve(inst, SolveOptions(time_limit=20, workers=2, seed=1))
    assert solution.summary.status == "optimal" and solution.summary.bound is not None


def test_a_venue_is_counted_again_when_a_time_of_more_room_ends():
    # 2 classes until 09:00, 1 after: two PE lessons 08:30-09:10 are one too many from 09:00.
    early = [{"day": "星期一", "start": "08:00", "end": "09:00", "capacity": 2}]
    inst = parse_instance(school(venues=[{"name": "操场", "capacity": 1, "capacity_at": early}]))
    both = [lesson("三年级1班", "体育", "星期一", 1), lesson("三年级2班", "体育", "星期一", 1)]
    assert len(violations_of(inst, both, "venue.capacity")) == 1
