"""Reading instance and solution files (YAML or JSON) into validated models, or clear problems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from models.instance import Instance
from models.validation import InputError, Problem, instance_problems

ModelT = TypeVar("ModelT", bound=BaseModel)


def location(loc: tuple[int | str, ...]) -> str:
    """`('classes', 3, 'plan', '数学')` -> `classes[3].plan.数学`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not text:
            text = str(part)
        else:
            text += f".{part}"
    return text


def _pydantic_problems(error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors():
        # Union and tagged branches append the branch name to the location; drop those parts.
        loc = tuple(part for part in item["loc"] if not (isinstance(part, str) and "[" in part))
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown field (check its spelling)"
        elif item["type"] == "missing":
            message = "required field is missing"
        problems.append(Problem(location(loc), message))
    return problems


def read_document(path: Path) -> object:
    """The parsed content of a YAML or JSON file; InputError if unreadable."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(str(path), "no such file")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([Problem(str(path), f"cannot read the file: {error}")]) from None
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError([Problem(f"{path}:{error.lineno}:{error.colno}", f"malformed JSON: {error.msg}")]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        reason = getattr(error, "problem", None) or str(error)
        raise InputError([Problem(where, f"malformed YAML: {reason}")]) from None


def parse_model(model: type[ModelT], data: object, what: str) -> ModelT:
    """Validate plain data against a model; InputError naming every bad place."""
    if not isinstance(data, dict):
        raise InputError([Problem("", f"the {what} file must hold a mapping at its top level")])
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InputError(_pydantic_problems(error)) from None


def parse_instance(data: object) -> Instance:
    """A validated Instance from plain data, with every cross-reference checked."""
    instance = parse_model(Instance, data, "instance")
    problems = instance_problems(instance)
    if problems:
        raise InputError(problems)
    return instance


def load_instance(path: Path) -> Instance:
    """Read and validate an instance file."""
    return parse_instance(read_document(Path(path)))


def write_atomically(path: Path, text: str) -> None:
    """Write text to path through a temporary file and a rename: never a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
