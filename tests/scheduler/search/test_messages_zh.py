"""What a school reads about an impossible timetable is Chinese by default and English on request:
the counting checks, explain's sentences, a solve's reasons and the progress line. Names from the
instance stay as they are; the Chinese has no English words, the English no Chinese but those names."""

from __future__ import annotations

import re

import pytest

from models.calendar import LANGS
from models.instance import Instance
from models.loading import parse_instance, read_document
from scheduler.model.registry import SENTENCES
from scheduler.model.timetable import TimetableModel
from scheduler.search.counting import counting_problems
from scheduler.search.explain import describe, describe_all, explain
from scheduler.search.progress import PHASES_ZH, SearchState
from scheduler.search.solve import REASONS, SolveOptions, solve
from tests.conftest import INSTANCES, mornings_school, school, three_classes_school

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
GLOSSARY = ("固排", "禁排", "连堂")  # office terms the English sentences keep, as the school says them
DAYS = ["星期一", "星期二", "星期三", "星期四", "星期五"]


def names_of(inst: Instance) -> list[str]:
    """The instance's own names, longest first (so that a name inside another goes with it)."""
    names = {inst.school.name, *inst.days, *inst.subject_names}
    names |= {c.name for c in inst.classes} | {t.name for t in inst.teachers} | {v.name for v in inst.venues}
    names |= {s.name for s in inst.sections_in_force}
    return sorted(names, key=len, reverse=True)


def without(text: str, words: list[str] | tuple[str, ...]) -> str:
    for word in words:
        text = text.replace(word, " ")
    return text


def assert_chinese(inst: Instance | None, text: str) -> None:
    assert text.strip() and CHINESE.search(text), text
    rest = without(text, names_of(inst) if inst else [])
    assert not ENGLISH_WORD.search(rest), text


def assert_english(inst: Instance, text: str) -> None:
    assert text.strip()
    assert not CHINESE.search(without(text, [*names_of(inst), *GLOSSARY])), text


def with_homework(homework: dict, **policy: object) -> dict:
    data = school(policy={"preset": "cn-2021", **policy})
    data["grades"][0]["homework"] = homework
    return data


def teacher_leave() -> dict:
    """数学's teacher free only Thursday and Friday mornings, at most 3 lessons a day, for 8 lessons."""
    data = school()
    data["teachers"][2].update(blocked=[{"half": "pm"}] + [{"day": day} for day in DAYS[:3]], max_per_day=3)
    return data


def without_block(index: int, days: list[str] | None = None) -> dict:
    """The school without a bell block (or with it on these days only)."""
    data = school()
    if days is None:
        del data["bell"]["blocks"][index]
    else:
        data["bell"]["blocks"][index]["days"] = days
    return data


def maths_on_monday_mornings() -> dict:
    """数学 only in Monday's first three periods: 3 slots for each class's 4 lessons and their teacher's 8."""
    return school(forbidden=[{"subject": "数学", "day": d} for d in DAYS[1:]] + [{"subject": "数学", "periods": [4, 5, 6]}])


def daily_max_with_double() -> dict:
    data = school(policy={"main_subject_daily_max": 1, "other_subject_daily_max": 1})
    data["grades"][0]["plan"]["语文"] = 7
    data["grades"][0]["doubles"] = {"语文": 1}
    return data


def venue_share() -> dict:
    """2 of each class's 3 PE lessons in a 操场 for one class, PE only in period 1 from Monday to Wednesday."""
    pe_slots = [{"subject": "体育", "periods": [2, 3, 4, 5, 6]}] + [{"subject": "体育", "day": d} for d in DAYS[3:]]
    data = school(policy={"min_daily_activity_minutes": 0}, forbidden=pe_slots)
    data["subjects"][2] = {"name": "体育", "venue": "操场", "venue_lessons": 2}
    data["venues"] = [{"name": "操场", "capacity": 1}]
    data["teachers"][3]["teaches"]["体育"] = ["三年级1班"]
    data["teachers"].append({"name": "周强", "teaches": {"体育": ["三年级2班"]}})
    return data


# Each counting check, by a fragment of its English message.
COUNTING = {
    "the week has 3 free periods": maths_on_monday_mornings(),
    "double lessons on 5 free days": daily_max_with_double(),
    "usable periods": school(policy={"earliest_lesson_start": "14:00"}),
    "daily learning cap": school(policy={"max_daily_learning_minutes": 120}),
    "only 3 free periods": maths_on_monday_mornings(),
    "(rule teacher.daily_max)": teacher_leave(),
    "cannot reach 60 min": without_block(0, ["星期一", "星期二", "星期四", "星期五"]),
    "needs 5 PE lessons": without_block(1),
    "homework items need": with_homework({"音乐": {"items": 3, "minutes": 10}}),
    "min of written homework a week": with_homework(
        {"语文": {"items": 5, "minutes": 40}, "数学": {"items": 4, "minutes": 40}}
    ),
}


@pytest.mark.parametrize("fragment", sorted(COUNTING))
def test_every_counting_check_speaks_chinese_by_default_and_english_on_request(fragment):
    inst = parse_instance(COUNTING[fragment])
    problems = counting_problems(inst)
    assert any(fragment in problem.message for problem in problems)
    for problem in problems:
        assert_chinese(inst, problem.message_zh)
        assert problem.text("zh") == f"{problem.where}: {problem.message_zh}"
        assert_english(inst, problem.text("en"))
        assert problem.text("en") == str(problem)


# Instances explain refutes, with the rules whose sentences its answer must hold.
EXPLAINED = {
    "mornings": (mornings_school(), {"availability.teacher_blocked", "curriculum.full_hours"}),
    "fixed": (school(fixed=[{"subject": "音乐", "day": "星期三", "period": 6}]), {"availability.fixed"}),
    "pe_days": (
        school(forbidden=[{"subject": "体育", "periods": [2, 3, 4, 5, 6]}]),
        {"availability.forbidden", "activity.daily_minimum"},
    ),
    "teacher_leave": (teacher_leave(), {"teacher.daily_max"}),
    "window": (school(policy={"earliest_lesson_start": "14:00"}), {"time.lesson_window"}),
    "learning": (school(policy={"max_daily_learning_minutes": 120}), {"time.max_daily_learning"}),
    "daily_max": (daily_max_with_double(), {"curriculum.double_lessons", "subject.daily_max"}),
    "venues": (venue_share(), {"venue.capacity", "venue.choice"}),
    "homework_days": (
        with_homework({"音乐": {"items": 3, "minutes": 10}}),
        {"homework.lesson_day", "homework.all_placed"},
    ),
    "homework_minutes": (
        with_homework({"语文": {"items": 5, "minutes": 40}, "数学": {"items": 4, "minutes": 40}}),
        {"homework.daily_cap"},
    ),
}


@pytest.mark.parametrize("name", sorted(EXPLAINED))
def test_an_explanation_reads_in_chinese_by_default_and_in_english_on_request(name):
    data, rules = EXPLAINED[name]
    inst = parse_instance(data)
    explanation = explain(inst, time_limit=5)
    assert not explanation.feasible and explanation.seconds < 5
    assert rules <= {group[0] for group in explanation.groups}
    assert explanation.text() == explanation.text("zh")
    assert_chinese(inst, explanation.text())
    assert explanation.text().startswith("以下要求不能同时满足：")
    assert_english(inst, explanation.text("en"))
    assert explanation.text("en").startswith("These requirements cannot all hold:")
    assert len(explanation.sentences_zh) == len(explanation.sentences) == len(explanation.groups)


def rich_school() -> dict:
    """tiny.yaml with a requirement of every kind: 禁排, a venue to share and to choose, a lesson
    window, homework with the weekend cap and homework at school."""
    data = read_document(INSTANCES / "tiny.yaml")
    data["policy"] = {"earliest_lesson_start": "08:40", "homework_home_minutes": 10, "weekend_homework_minutes": 20}
    data["forbidden"] = [
        {"grade": 3, "day": "星期五", "half": "pm"},
        {"class": "三年级1班", "periods": [6]},
        {"teacher": "孙伟", "day": "星期三", "half": "am"},
        {"subject": "美术", "day": "星期一"},
    ]
    data["venues"] = [{"name": "操场", "capacity": 1}, {"name": "音乐教室"}, {"name": "实验室"}, {"name": "美术室"}]
    data["subjects"][6] = {"name": "科学", "venue": ["实验室", "音乐教室"]}
    data["subjects"][5] = {"name": "美术", "double_venue": "美术室"}
    data["grades"][0]["homework"] = {"语文": {"items": 5, "minutes": 20}, "数学": {"items": 3, "minutes": 15}}
    return data


RICH_RULES = {  # the rules whose requirements the rich school has
    "availability.teacher_blocked",
    "availability.forbidden",
    "availability.fixed",
    "time.lesson_window",
    "venue.capacity",
    "venue.choice",
    "curriculum.full_hours",
    "curriculum.double_lessons",
    "teacher.daily_max",
    "time.max_daily_learning",
    "activity.daily_minimum",
    "subject.daily_max",
    "homework.lesson_day",
    "homework.all_placed",
    "homework.daily_cap",
    "homework.weekend",
    "homework.at_school",
}


def test_every_requirement_of_the_model_is_said_in_both_languages():
    inst = parse_instance(rich_school())
    groups = list(TimetableModel.build(inst, explaining=True).requirements.assumptions)
    assert RICH_RULES.issubset(group[0] for group in groups) and RICH_RULES.issubset(SENTENCES)
    for group in groups:
        assert_chinese(inst, describe(inst, group))
        assert describe(inst, group) == describe(inst, group, "zh")
        assert_english(inst, describe(inst, group, "en"))


def test_a_requirement_alike_for_three_classes_is_one_sentence_in_either_language():
    inst = parse_instance(three_classes_school())
    classes = [f"三年级{i}班" for i in (1, 2, 3)]
    alike = [("activity.daily_minimum", "星期一"), ("homework.daily_cap",), ("availability.fixed", "音乐", "星期三", 6)]
    for rule, *who in alike:
        groups = [(rule, name, *who) for name in classes] + [("venue.capacity", "操场")]
        chinese, english = describe_all(inst, groups), describe_all(inst, groups, "en")
        assert len(chinese) == len(english) == 2
        assert chinese[0].startswith("三年级1班、三年级2班、三年级3班（共 3 个班）每班：")
        assert "三年级1班" not in chinese[0].split("：", 1)[1]
        assert english[0].startswith("3 classes (三年级1班, 三年级2班, 三年级3班) each: ")
        assert chinese[1] == "操场同一时间最多容纳 2 个班"
        for sentence in chinese:
            assert_chinese(inst, sentence)
        for sentence in english:
            assert_english(inst, sentence)


def test_an_infeasible_solve_gives_its_reasons_in_the_options_language():
    refuted = parse_instance(school(policy={"max_daily_learning_minutes": 120}))
    for lang in LANGS:
        solution = solve(refuted, SolveOptions(time_limit=2, workers=1, lang=lang))
        assert solution.summary.reasons == [problem.text(lang) for problem in counting_problems(refuted)]
    proved = parse_instance(school(fixed=[{"subject": "音乐", "day": "星期三", "period": 6}]))
    chinese = solve(proved, SolveOptions(time_limit=2, workers=1)).summary.reasons
    assert chinese[0] == REASONS["zh"]["proved"] and "  - 三年级2班音乐固定在星期三第6节（固排）" in chinese
    assert_chinese(proved, "\n".join(chinese))
    english = solve(proved, SolveOptions(time_limit=2, workers=1, lang="en")).summary.reasons
    assert english[0] == REASONS["en"]["proved"] and "  - 三年级2班 has 音乐 fixed at Wednesday period 6 (固排)" in english
    assert_english(proved, "\n".join(english))


def test_the_progress_line_and_the_stop_reason_speak_the_language():
    for phase in ["", *PHASES_ZH]:
        searching = SearchState(phase=phase)
        assert_chinese(None, searching.line())
        found = SearchState(phase=phase, objective=120, bound=100, solutions=3)
        assert_chinese(None, found.line())
        assert "差距 16.7%" in found.line()
        english = SearchState(phase=phase, objective=120, bound=100, solutions=3, lang="en").line()
        assert "best 120, bound 100, gap 16.7%" in english and not CHINESE.search(english)
    stopped = REASONS["zh"]["stopped"].format(seconds=3.5)
    assert "3.5 秒" in stopped
    assert_chinese(None, stopped.replace("Ctrl-C", ""))  # the key is named as it is printed on it
    assert not CHINESE.search(REASONS["en"]["stopped"])
