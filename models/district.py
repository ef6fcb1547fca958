"""A district file (district.yaml): schools whose music, PE or art teachers are shared (走教), each
such teacher at one school a day (or a half-day), with the travel time between schools. Each shared
teacher appears, by the same name, among the teachers of every school they serve, with what they
teach there: the weekly lessons at each school come from that school's file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from models.bell import Strict
from models.instance import Instance
from models.loading import load_instance, parse_model, read_document
from models.validation import InputError, Problem, unknown


class SharedTeacher(Strict):
    """A teacher shared between schools: at one school a whole day, or a half-day (上午 / 下午)."""

    teacher: str = Field(min_length=1)
    per: Literal["day", "half_day"] = "day"


class Travel(Strict):
    """Minutes from one school to another (either way), by their file names without the suffix."""

    between: list[str] = Field(min_length=2, max_length=2)
    minutes: int = Field(ge=0, le=600)


class District(Strict):
    """The schools (instance files, relative to the district file), the shared teachers and the travel
    times between schools."""

    name: str = ""
    schools: list[str] = Field(min_length=2)
    shared: list[SharedTeacher] = Field(min_length=1)
    travel_minutes: list[Travel] = []

    def travel(self, first: str, second: str) -> int | None:
        """Minutes between two schools (0 within one school; None when the file does not say)."""
        if first == second:
            return 0
        return next((t.minutes for t in self.travel_minutes if set(t.between) == {first, second}), None)


def school_key(path: str) -> str:
    """A school's name in the district file: its instance file's name without the suffix."""
    return Path(path).stem


def load_district(path: Path) -> tuple[District, dict[str, Instance], dict[str, Path]]:
    """The district, its schools' instances and their files, by school name; InputError naming each
    problem by its place (the district file's entries, or a school file's own places)."""
    district = parse_model(District, read_document(path), "district", str(path))
    files = {school_key(name): (path.parent / name) for name in district.schools}
    keys = [school_key(name) for name in district.schools]
    problems = [
        Problem(f"{path}: schools[{index}]", f"a second school named {key}", f"第二所名为{key}的学校")
        for index, key in enumerate(keys)
        if keys.index(key) != index
    ]
    instances = {}
    for index, (key, file) in enumerate(files.items()):
        if not file.is_file():
            problems.append(Problem(f"{path}: schools[{index}]", f"{file} does not exist", f"找不到文件 {file}"))
            continue
        try:
            instances[key] = load_instance(file)
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    problems = district_problems(district, instances)
    if problems:
        raise InputError([Problem(f"{path}: {p.where}", p.message, p.message_zh) for p in problems])
    return district, instances, files


def serves(instances: dict[str, Instance], teacher: str) -> list[str]:
    """The schools whose files name the teacher, in the district's order."""
    return [key for key, inst in instances.items() if teacher in inst.teacher_by_name]


def shared_maximum(instances: dict[str, Instance], teacher: str) -> int | None:
    """A shared teacher's daily maximum over all their schools: the smallest any school gives."""
    limits = [instances[key].teacher_by_name[teacher].max_per_day for key in serves(instances, teacher)]
    return min((limit for limit in limits if limit is not None), default=None)


def district_problems(district: District, instances: dict[str, Instance]) -> list[Problem]:
    """A shared teacher named by fewer than two schools, a travel time naming no school of the
    district or missing where a teacher moves between schools within a day, schools with other
    school days: each by its place in the district file."""
    problems = []
    keys = list(instances)
    named = [shared.teacher for shared in district.shared]
    for index, shared in enumerate(district.shared):
        if named.index(shared.teacher) != index:
            problems.append(
                Problem(f"shared[{index}].teacher", f"{shared.teacher} is named twice", f"{shared.teacher}重复列出")
            )
        schools = serves(instances, shared.teacher)
        if len(schools) < 2:
            english = f"{shared.teacher} is a teacher of {len(schools)} of the schools; a shared teacher serves two or more"
            chinese = f"{shared.teacher}只出现在 {len(schools)} 所学校的文件中；走教教师至少服务两所学校"
            problems.append(Problem(f"shared[{index}].teacher", english, chinese))
        if shared.per == "half_day":
            for first, second in ((a, b) for i, a in enumerate(schools) for b in schools[i + 1 :]):
                if district.travel(first, second) is None:
                    english = (
                        f"the travel time between {first} and {second} is missing ({shared.teacher} moves by half-days)"
                    )
                    chinese = f"缺少{first}与{second}之间的路程时间（{shared.teacher}按半天走教）"
                    problems.append(Problem(f"shared[{index}]", english, chinese))
    pairs = [frozenset(travel.between) for travel in district.travel_minutes]
    for index, travel in enumerate(district.travel_minutes):
        if len(pairs[index]) < 2 or pairs.index(pairs[index]) != index:
            english = "names one school twice, or a pair given before"
            problems.append(Problem(f"travel_minutes[{index}]", english, "同一学校写了两次，或这两校之间的路程已经给出"))
        for number, name in enumerate(travel.between):
            if name not in instances:
                problems.append(unknown(f"travel_minutes[{index}].between[{number}]", "school", name, keys))
    days = {key: inst.days for key, inst in instances.items()}
    first_key = keys[0] if keys else None
    for key in keys[1:]:
        if days[key] != days[first_key]:
            english = f"{key} has other school days than {first_key}"
            problems.append(Problem(f"schools: {key}", english, f"{key}的上课日与{first_key}不同"))
    return problems
