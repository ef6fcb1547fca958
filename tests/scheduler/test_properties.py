"""Property tests: random small valid schools solve to timetables the checker accepts; random
corruptions of a valid file and random cells of a timetable grid give clear input errors, never a
traceback."""

from __future__ import annotations

import copy
import csv

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.loading import parse_instance, read_document
from models.validation import InputError
from scheduler.check.checker import check_timetable, soft_breakdown
from scheduler.formats.spreadsheet import read_proposed, write_template
from scheduler.search.counting import counting_problems
from scheduler.search.solve import SolveOptions, solve
from tests.conftest import BASE

SUBJECTS = ["语文", "数学", "体育", "音乐", "美术"]
DAYS = ["星期一", "星期二", "星期三", "星期四", "星期五"]


@st.composite
def schools(draw: st.DrawFn) -> dict:
    """A small valid school: 1-3 classes, random plans, teachers, blocked half-days, capacity, doubles."""
    data = copy.deepcopy(BASE)
    n_classes = draw(st.integers(1, 3))
    classes = [f"三年级{i + 1}班" for i in range(n_classes)]
    data["classes"] = [{"name": c, "grade": 3} for c in classes]
    plan = {s: draw(st.integers(1, 5 if s in ("语文", "数学") else 3)) for s in SUBJECTS}
    data["grades"][0]["plan"] = plan
    if plan["美术"] >= 2 and draw(st.booleans()):
        data["grades"][0]["doubles"] = {"美术": 1}
    data["venues"][0]["capacity"] = draw(st.integers(1, 3))
    n_teachers = draw(st.integers(2, 4))
    teachers = [{"name": f"教师{i}", "teaches": {}} for i in range(n_teachers)]
    for c in classes:
        for s in SUBJECTS:
            teachers[draw(st.integers(0, n_teachers - 1))]["teaches"].setdefault(s, []).append(c)
    for teacher in teachers:
        if draw(st.booleans()):
            teacher["blocked"] = [{"day": draw(st.sampled_from(DAYS)), "half": draw(st.sampled_from(["am", "pm"]))}]
        if draw(st.booleans()):
            teacher["max_per_day"] = draw(st.integers(2, 6))
        if draw(st.booleans()):
            least = draw(st.integers(1, min(4, teacher.get("max_per_day", 4))))  # a wish above the maximum is refused
            most = {"max": draw(st.integers(least, 5))} if draw(st.booleans()) else {}
            teacher["preferred_per_day"] = {"min": least} | most
    data["teachers"] = [t for t in teachers if t["teaches"]]
    homework = {}
    for subject in draw(st.lists(st.sampled_from(SUBJECTS), max_size=3, unique=True)):
        items = draw(st.integers(1, min(plan[subject], 5)))
        homework[subject] = {
            "items": items,
            "minutes": draw(st.sampled_from([5, 10, 15, 20])),
            "written": draw(st.booleans()),
        }
    data["grades"][0]["homework"] = homework
    if draw(st.booleans()):
        data["policy"] = {"homework_caps": {3: draw(st.sampled_from([20, 40, 60]))}, "weekend_homework_minutes": 20}
    if draw(st.booleans()):
        data["fixed"] = [{"subject": "语文", "day": "星期一", "period": 1, "classes": [classes[0]]}]
    return data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schools())
def test_random_schools_solve_to_timetables_the_checker_accepts(data):
    inst = parse_instance(data)
    solution = solve(inst, SolveOptions(time_limit=5, workers=2, seed=0))
    if solution.summary.status in ("optimal", "feasible"):
        assert check_timetable(inst, solution.lessons, solution.homework) == []
        assert soft_breakdown(inst, solution.lessons, solution.homework) == solution.summary.soft
    else:
        assert solution.summary.status in ("infeasible", "unknown") and not solution.lessons


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside nested dicts and lists."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


JUNK = st.one_of(
    st.none(),
    st.integers(-50, 500),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.text(alphabet="=+-@\t\r语文<>&'\"/\\", min_size=150, max_size=400),
    st.lists(st.integers(-3, 3), max_size=2),
    st.booleans(),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_random_corruptions_give_clear_errors(data):
    document = copy.deepcopy(BASE)
    path = data.draw(st.sampled_from(_paths(document)))
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    if data.draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(JUNK)
    try:
        inst = parse_instance(document)
    except InputError as error:
        assert error.problems and all(str(problem) for problem in error.problems)
        return
    counting_problems(inst)  # a corruption that stays valid must still be handled end to end


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="{}[]:,-'\"\n #&*!|>abc语文12", max_size=60))
def test_garbage_text_files_give_clear_errors(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("g") / "garbage.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        parse_instance(read_document(path))
    except InputError as error:
        assert error.problems


CELL_TEXT = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="语文数学音乐美术体育/（）()@\n =+-王芳李强操场", max_size=20),
    st.sampled_from(["语文", "数学\n张敏", "音乐/美术", "体育@操场", "=1+2", "'=1+2", "@SUM(A1)"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.integers(1, 12), st.integers(1, 6), CELL_TEXT), max_size=6))
def test_random_grid_cells_give_lessons_or_clear_errors(tmp_path, cells):
    inst = parse_instance(copy.deepcopy(BASE))
    template = tmp_path / "grid.csv"
    write_template(inst, template)
    with template.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row, column, text in cells:
        rows[row][column] = text
    with template.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    try:
        lessons = read_proposed(inst, template)
    except InputError as error:
        assert error.problems and all(str(problem) for problem in error.problems)
        return
    check_timetable(inst, lessons, None)  # whatever reads must be checkable
