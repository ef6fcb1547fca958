"""Every problem of a bad input file reads in Chinese (the default) as well as in English."""

from __future__ import annotations

import copy
import re

import pytest
import yaml
from typer.testing import CliRunner

import models.loading
from models.loading import atomic_target, parse_instance, parse_model, read_document
from models.solution import Solution
from models.validation import InputError, Problem
from scheduler.cli import Exit, app
from tests.conftest import INSTANCES

TINY = yaml.safe_load((INSTANCES / "tiny.yaml").read_text(encoding="utf-8"))
DROP = object()  # an edit that removes the key
FILE_WORDS = {"true", "false", "UTF"}  # what a school types as it is: yes/no values, the encoding's name
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def english_left(text: str, names: set[str]) -> list[str]:
    """The runs of two or more ASCII letters left in `text` once `names` (the file's own) are removed."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    return re.findall(r"[A-Za-z]{2,}", text)


def file_texts(data: object) -> set[str]:
    """Every text of a file's data, mapping keys included."""
    if isinstance(data, dict):
        return {str(key) for key in data} | {text for value in data.values() for text in file_texts(value)}
    if isinstance(data, list):
        return {text for value in data for text in file_texts(value)}
    return {data} if isinstance(data, str) else set()


def bend(*edits: tuple[tuple, object]) -> dict:
    """tiny.yaml with each (path, value) edit made: DROP removes a key, the index past a list's end appends."""
    data = copy.deepcopy(TINY)
    for path, value in edits:
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if value is DROP:
            del parent[path[-1]]
        elif isinstance(parent, list) and path[-1] == len(parent):
            parent.append(value)
        else:
            parent[path[-1]] = value
    return data


def assert_readable(problems: list[Problem], texts: set[str]) -> None:
    """Each problem has both messages; the Chinese one holds no English beyond the file's own words."""
    assert problems
    for problem in problems:
        assert problem.message and problem.message_zh and problem.message != problem.message_zh, problem
        assert CHINESE.search(problem.message_zh), problem
        own = {text for text in texts if text in problem.message} | set(re.findall(r"'([^']*)'", problem.message))
        assert not english_left(problem.message_zh, own | FILE_WORDS), (problem.message_zh, problem.message)


def problems_of(data: object) -> list[Problem]:
    with pytest.raises(InputError) as error:
        parse_instance(data)
    return error.value.problems


NO_STAGE = (("school", "stage"), DROP)
PRIMARY = {"name": "小学部", "stage": "primary", "grades": [3]}
WEEK = ["星期一", "星期二", "星期三", "星期四", "星期五"]
TWO_SECTIONS = [
    NO_STAGE,
    (("sections",), [PRIMARY, {"name": "初中部", "stage": "junior", "grades": [7]}]),
    (("grades", 1), {"grade": 7, "plan": {"数学": 4}}),
    (("classes", 2), {"name": "七年级1班", "grade": 7}),
    (("teachers", 2, "teaches", "数学", 2), "七年级1班"),
]
HOMEWORK = {"items": 1, "minutes": 10}

CASES = {  # name -> (edits of tiny.yaml, a part of the Chinese message they bring)
    "day not a school day": ([(("teachers", 2, "blocked", 0, "day"), "星期八")], "“星期八”不是本校的上课日"),
    "period beyond the bell": ([(("fixed", 0, "period"), 9)], "没有第9节（作息表只有第1–6节）"),
    "periods and half": ([(("teachers", 2, "blocked", 0, "periods"), [1])], "节次和半天只能填一项"),
    "weight of no rule": ([(("weights",), {"soft.nothing": 3})], "没有这条软性规则"),
    "weight of a hard rule": ([(("weights",), {"clash.class": 3})], "是硬性规则，不能设权重"),
    "weight out of range": ([(("weights",), {"soft.teacher_idle": -1})], "权重应为0至1,000,000之间的整数"),
    "unknown day name": ([(("days",), ["星期一", "Funday"])], "没有“Funday”这个日期"),
    "weekend": ([(("days",), [*WEEK, "Saturday"])], "星期六是双休日，不排课（规则：双休日不上课）"),
    "day twice": ([(("days",), ["星期一", "周一"])], "有日期重复列出"),
    "no stage": ([NO_STAGE], "请填写学校的学段（小学或初中）"),
    "no bell": ([(("bell",), DROP)], "缺少必填项"),
    "stage and sections": ([(("sections",), [PRIMARY])], "只能填一项"),
    "section twice": (
        [NO_STAGE, (("sections",), [{"name": "部", "stage": "primary", "grades": [3]}] * 2)],
        "3年级同时属于学部“部”和“部”",
    ),
    "section without bell": (
        [NO_STAGE, (("bell",), DROP), (("sections",), [PRIMARY])],
        "此学部没有作息表",
    ),
    "grade in no section": (
        [NO_STAGE, (("sections",), [{"name": "初中部", "stage": "junior", "grades": [7]}])],
        "3年级不属于任何学部",
    ),
    "grade of another stage": ([(("school", "stage"), "junior")], "初中没有3年级"),
    "period ends before it starts": (
        [(("bell", "periods", 0), {"start": "09:10", "end": "08:30"})],
        "结束时间应晚于开始时间",
    ),
    "period starts early": ([(("bell", "periods", 1, "start"), "09:00")], "开始时间早于上一节的结束时间"),
    "block ends before it starts": ([(("bell", "blocks", 0, "end"), "07:50")], "“早读”的结束时间应晚于开始时间"),
    "block overlaps": ([(("bell", "blocks", 0, "end"), "08:40")], "“早读”与第1节时间重叠"),
    "block of another grade": ([(("bell", "blocks", 0, "grades"), [5])], "5年级不用这张作息表"),
    "late evening study": (
        [(("bell", "blocks", 3), {"name": "晚自习", "kind": "evening_study", "start": "19:00", "end": "21:00"})],
        "“晚自习”21:00结束，晚于",
    ),
    "subject twice": ([(("subjects", 8), "语文")], "“语文”声明了两次"),
    "venue time ends before it starts": (
        [(("venues", 0, "capacity_at"), [{"start": "10:00", "end": "09:00", "capacity": 0}])],
        "结束时间应晚于开始时间",
    ),
    "class of no grade": ([(("classes", 1, "grade"), 4)], "没有4年级"),
    "unknown venue": ([(("subjects", 3, "venue"), "操厂")], "没有场地“操厂”（是不是“操场”？）"),
    "venue lessons without venue": ([(("subjects", 6), {"name": "科学", "venue_lessons": 1})], "请填写这些课所需的场地"),
    "odd/even subject with venues to choose": (
        [
            (("subjects", 4, "venue"), ["音乐教室", "操场"]),
            (("grades", 0, "alternating"), [{"odd": "音乐", "even": "美术"}]),
        ],
        "“音乐”按单双周上课",
    ),
    "negative plan": ([(("grades", 0, "plan", "数学"), -1)], "-1节：节数不能为负"),
    "plan beyond the week": ([(("classes", 0, "plan"), {"语文": 40})], "40节，但一周只有30节课"),
    "negative doubles": ([(("grades", 0, "doubles", "美术"), -1)], "次数不能为负"),
    "doubles beyond the plan": ([(("grades", 0, "doubles", "美术"), 2)], "2次连堂需要4节“美术”，课时计划只有2节"),
    "venue lessons beyond the plan": (
        [(("subjects", 6), {"name": "科学", "venue": "音乐教室", "venue_lessons": 5})],
        "少于要求在场地上的5节",
    ),
    "class taught twice": ([(("teachers", 1, "teaches", "语文", 1), "三年级1班")], "“三年级1班”的“语文”已由“王芳”任教"),
    "no teacher": ([(("teachers", 0, "teaches"), {"道德与法治": ["三年级1班"]})], "“三年级1班”的“语文”没有任课教师"),
    "teaches what is not planned": ([(("classes", 0, "plan"), {"科学": 0})], "“三年级1班”的课时计划中没有“科学”"),
    "merged class twice": ([(("merged",), [{"subject": "数学", "classes": ["三年级1班"] * 2}])], "有班级重复列出"),
    "merged across teachers": (
        [(("merged",), [{"subject": "语文", "classes": ["三年级1班", "三年级2班"]}])],
        "必须由同一位“语文”教师任教，现为“李强”、“王芳”",
    ),
    "merged beyond the plan": (
        [(("merged",), [{"subject": "数学", "classes": ["三年级1班", "三年级2班"], "lessons": 6}])],
        "少于此处合班的节数",
    ),
    "merged doubles": (
        [(("merged",), [{"subject": "数学", "classes": ["三年级1班", "三年级2班"], "lessons": 2, "doubles": 2}])],
        "2次连堂需要4节，合班只有2节",
    ),
    "merged across sections": (
        [*TWO_SECTIONS, (("merged",), [{"subject": "数学", "classes": ["三年级1班", "七年级1班"]}])],
        "合班的班级必须在同一个学部",
    ),
    "fixed for no grade": ([(("fixed", 0, "grades"), [5])], "没有5年级"),
    "forbidden for nobody": ([(("forbidden",), [{"day": "星期一"}])], "四项须填且只填一项"),
    "forbidden for no grade": ([(("forbidden",), [{"grade": 5}])], "没有5年级"),
    "forbidden for no teacher": ([(("forbidden",), [{"teacher": "王方"}])], "没有教师“王方”"),
    "homework not planned": (
        [
            (("classes", 0, "plan"), {"科学": 0}),
            (("teachers", 6, "teaches", "科学"), ["三年级2班"]),
            (("classes", 0, "homework"), {"科学": HOMEWORK}),
        ],
        "课时计划中没有“科学”，却布置了它的作业",
    ),
    "homework every day and more": (
        [(("grades", 0, "homework"), {"语文": {"items": 6, "minutes": 10}})],
        "6项作业，但每天最多一项，一周只有5天",
    ),
    "written homework in grade 2": (
        [(("grades", 0, "grade"), 2), (("classes", 0, "grade"), 2), (("classes", 1, "grade"), 2)]
        + [(("grades", 0, "homework"), {"语文": HOMEWORK})],
        "2年级不得布置书面作业（规则：一二年级无书面作业）",
    ),
    "homework cap of grade 12": ([(("policy",), {"homework_caps": {12: 30}})], "年级应为1至9"),
    "unknown field": ([(("school", "motto"), "x")], "未知的字段（请检查拼写）"),
    "missing field": ([(("classes", 0, "grade"), DROP)], "缺少必填项"),
    "text for a number": ([(("classes", 0, "grade"), "三")], "应为整数"),
    "number for a text": ([(("classes", 0, "name"), 5)], "应为文字"),
    "long text": ([(("school", "name"), "校" * 201)], "文字过长（最多 200 个字符）"),
    "empty name": ([(("school", "name"), "")], "文字过短（至少 1 个字符）"),
    "yes for a boolean": (
        [(("grades", 0, "homework"), {"语文": {**HOMEWORK, "written": "是"}})],
        "应为是或否",
    ),
    "text for a list": ([(("bell", "blocks", 2, "days"), "星期二")], "应为列表"),
    "list for a mapping": ([(("grades", 0, "plan"), ["语文"])], "应为映射"),
    "text for a part": ([(("school",), "示例小学")], "应为映射"),
    "unknown block kind": ([(("bell", "blocks", 0, "kind"), "morning")], "应为以下之一：“reading”（早读）"),
    "unknown stage": ([(("school", "stage"), "high")], "“primary”（小学）、“junior”（初中）"),
    "capacity 0": ([(("venues", 0, "capacity"), 0)], "应不小于 1"),
    "61 lessons": ([(("grades", 0, "plan", "语文"), 61)], "应不大于 60"),
    "merged with one class": ([(("merged",), [{"subject": "数学", "classes": ["三年级1班"]}])], "至少要有 2 项"),
    "three subjects apart": ([(("preferences",), {"not_same_day": [["语文", "数学", "英语"]]})], "最多只能有 2 项"),
    "a subject for a pair": ([(("preferences",), {"not_same_day": ["语文"]})], "应为列表"),
    "clock as text": ([(("bell", "periods", 0, "start"), "8h30")], "“8h30”不是“08:20”这样的时刻"),
    "clock as yes": ([(("bell", "periods", 0, "end"), True)], "应为“08:20”这样的时刻"),
    "clock past midnight": ([(("bell", "periods", 0, "end"), 5000)], "5000不是“08:20”这样的时刻"),
    "policy clock": ([(("policy",), {"latest_dismissal": "25:00"})], "“25:00”不是“08:20”这样的时刻"),
    "grade key as text": ([(("policy",), {"homework_caps": {"三": 30}})], "应为整数"),
    "no days": ([(("days",), [])], "至少要有 1 项"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_every_problem_of_a_bad_instance_reads_in_chinese(name):
    edits, expected = CASES[name]
    data = bend(*edits)
    problems = problems_of(data)
    assert_readable(problems, file_texts(data))
    assert any(expected in problem.message_zh for problem in problems), [p.text("zh") for p in problems]


def test_the_english_messages_stay_as_they_were():
    clock = problems_of(bend((("bell", "periods", 0, "start"), "8h30")))
    assert [str(p) for p in clock] == ["bell.periods[0].start: Value error, '8h30' is not a clock time like '08:20'"]
    extra = problems_of(bend((("school", "motto"), "x")))
    assert [p.text("en") for p in extra] == ["school.motto: unknown field (check its spelling)"]
    assert extra[0].text("zh") == "school.motto: 未知的字段（请检查拼写）"


def test_a_bad_solution_reads_in_chinese():
    data = {"summary": {"status": "done", "gap": "small", "seed": 1.5}, "lessons": [{"class": "三年级1班"}]}
    with pytest.raises(InputError) as error:
        parse_model(Solution, data, "solution")
    assert_readable(error.value.problems, file_texts(data))
    found = [problem.message_zh for problem in error.value.problems]
    assert "应为数字" in found and "应为整数" in found and "缺少必填项" in found


FILE_CASES = {  # file name -> (content, a part of the Chinese message)
    "bad.yaml": ("a: b: c\n", "格式有误，无法读取（请检查此处附近的缩进、冒号、引号和括号）"),
    "tab.yaml": ("a:\n\tb: 1\n", "不能用制表符缩进，请改用空格"),
    "bad.json": ('{"a": }', "格式有误，无法读取（请检查此处附近的括号、引号和逗号）"),
    "deep.json": ("[" * 5000 + "]" * 5000, "列表或映射嵌套太深，无法读取"),
    "list.yaml": ("- 1\n", "实例文件的最外层应为映射"),
    "gbk.yaml": ("学校: 示例小学\n".encode("gbk"), "文字编码不是 UTF-8"),
}


@pytest.mark.parametrize("name", sorted(FILE_CASES))
def test_an_unreadable_file_is_named_in_chinese(name, tmp_path):
    content, expected = FILE_CASES[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(InputError) as error:
        parse_instance(read_document(path), str(path))
    assert_readable(error.value.problems, set())
    assert expected in error.value.problems[0].message_zh


def test_missing_folder_and_too_large_files_are_named_in_chinese(tmp_path, monkeypatch):
    for path, expected in ((tmp_path / "none.yaml", "找不到此文件"), (tmp_path, "这是文件夹，不是文件")):
        with pytest.raises(InputError) as error:
            read_document(path)
        assert_readable(error.value.problems, set())
        assert expected in error.value.problems[0].message_zh
    (tmp_path / "big.yaml").write_text("a: 1\n" * 2**19, encoding="utf-8")
    monkeypatch.setattr(models.loading, "MAX_DOCUMENT_BYTES", 2**20)
    with pytest.raises(InputError) as error:
        read_document(tmp_path / "big.yaml")
    assert error.value.problems[0].message_zh == "文件超过1兆字节，不会是实例文件或课表文件"


def test_files_that_cannot_be_written_are_named_in_chinese(tmp_path):
    (tmp_path / "file").write_text("", encoding="utf-8")
    for target, expected in ((tmp_path, "这是文件夹，请给出要写入的文件名"), (tmp_path / "file" / "x.json", "无法写入：")):
        with pytest.raises(InputError) as error, atomic_target(target) as temporary:
            temporary.write_text("{}", encoding="utf-8")
        assert_readable(error.value.problems, set())
        assert expected in error.value.problems[0].message_zh


def test_validate_prints_the_chinese_message_and_the_english_one_with_lang_en(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bend((("fixed", 0, "period"), 9)), allow_unicode=True), encoding="utf-8")
    runner = CliRunner()
    chinese = runner.invoke(app, ["validate", str(path)])
    assert chinese.exit_code == Exit.BAD_INPUT
    assert "fixed[0].period: 没有第9节（作息表只有第1–6节）" in chinese.output and "错误" in chinese.output
    english = runner.invoke(app, ["validate", str(path), "--lang", "en"])
    if "No such option" in english.output:
        pytest.skip("validate has no --lang yet")
    assert english.exit_code == Exit.BAD_INPUT
    assert "fixed[0].period: period 9 does not exist (the bell has periods 1-6)" in english.output
