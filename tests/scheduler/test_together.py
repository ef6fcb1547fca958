"""同时上课 (curriculum.together) beyond its boundary: all lessons together, the explanation of an
impossible entry, and the instance's mistakes, one message each by place."""

from __future__ import annotations

import pytest

from models.loading import parse_instance
from models.validation import InputError
from scheduler.check.checker import check_timetable
from scheduler.search.explain import explain
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import moved, school
from tests.scheduler.test_boundaries import together

C1, C2 = "三年级1班", "三年级2班"
PE_APART = [
    {"name": "王芳", "teaches": {"语文": [C1]}},
    {"name": "李强", "teaches": {"语文": [C2]}},
    {"name": "张敏", "teaches": {"数学": [C1, C2]}},
    {"name": "刘洋", "teaches": {"体育": [C1]}},
    {"name": "孙伟", "teaches": {"体育": [C2]}},
    {"name": "赵丽", "teaches": {"音乐": [C1, C2], "美术": [C1, C2]}},
]
BOTH_PE = [{"class": C1, "subject": "体育"}, {"class": C2, "subject": "体育"}]


def test_all_lessons_together_share_every_slot_and_a_moved_one_is_flagged():
    inst = parse_instance(school(teachers=PE_APART, together=[{"of": BOTH_PE}]))
    solution = solve(inst, SolveOptions(time_limit=20, workers=2, seed=0))
    slots = [{(l.day, l.period) for l in solution.lessons if l.class_ == c and l.subject == "体育"} for c in (C1, C2)]
    assert len(slots[0]) == 3 and slots[0] == slots[1]
    assert check_timetable(inst, solution.lessons, solution.homework) == []
    index = next(i for i, l in enumerate(solution.lessons) if l.class_ == C2 and l.subject == "体育")
    lesson = solution.lessons[index]
    taken = {l.period for l in solution.lessons if l.class_ == C2 and l.day == lesson.day}
    period = next(p for p in range(1, 7) if p not in taken)
    found = check_timetable(inst, moved(solution.lessons, index, lesson.day, period), solution.homework)
    assert [v.message_zh for v in found if v.rule == "curriculum.together"] == [
        "三年级1班体育、三年级2班体育同时上课 2 节，应为 3 节（同时上课第1条）"
    ]


def test_an_impossible_entry_is_explained_in_the_office_s_words():
    explanation = explain(parse_instance(together(6)), time_limit=30)
    assert not explanation.feasible
    assert "三年级1班语文、三年级2班语文有 6 节同时上课" in explanation.sentences_zh


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {"of": [{"class": C1, "subject": "体育"}, {"class": C2, "subject": "体育"}]},
            "a teacher cannot give two lessons at once",
        ),
        (
            {"of": [{"class": C1, "subject": "体育"}, {"class": C1, "subject": "语文"}], "lessons": 1},
            "a class is listed twice",
        ),
        ({"of": [{"class": C1, "subject": "语文"}, {"class": C2, "subject": "体育"}]}, "found [5, 3] (give lessons:)"),
        ({"of": [{"class": C1, "subject": "语文"}, {"class": C2, "subject": "体育"}], "lessons": 4}, "a class has only 3"),
        ({"of": [{"class": C1, "subject": "化学"}, {"class": C2, "subject": "体育"}]}, "together[0].of[0].subject"),
        ({"of": [{"class": "九年级1班", "subject": "体育"}, {"class": C2, "subject": "体育"}]}, "together[0].of[0].class"),
    ],
)
def test_an_entry_that_cannot_be_taught_at_once_is_named_by_its_place(entry, message):
    with pytest.raises(InputError) as error:
        parse_instance(school(together=[entry]))
    assert any(message in str(problem) for problem in error.value.problems), error.value.problems
