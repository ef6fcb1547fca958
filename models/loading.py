"""Reading instance and solution files (YAML or JSON) into validated models, or clear problems."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from models.instance import Instance
from models.validation import InputError, Problem, instance_problems, placed

ModelT = TypeVar("ModelT", bound=BaseModel)
MAX_DOCUMENT_BYTES = 20 * 2**20  # far beyond any school's instance or solution file


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
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            megabytes = MAX_DOCUMENT_BYTES // 2**20
            raise InputError([Problem(str(path), f"is larger than {megabytes} MB: not an instance or solution file")])
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(str(path), "no such file")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([Problem(str(path), f"cannot read the file: {error}")]) from None
    try:
        return _parsed(path, text)
    except RecursionError:
        raise InputError([Problem(str(path), "lists or mappings nested too deeply to read")]) from None


def _parsed(path: Path, text: str) -> object:
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


def parse_model(model: type[ModelT], data: object, what: str, where: str = "") -> ModelT:
    """Validate plain data (from the file `where`) against a model; InputError naming every bad place."""
    if not isinstance(data, dict):
        raise InputError([Problem(where, f"the {what} file must hold a mapping (names and values) at its top level")])
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InputError(placed(where, _pydantic_problems(error))) from None


def parse_instance(data: object, where: str = "") -> Instance:
    """A validated Instance from plain data (from the file `where`), with every cross-reference checked."""
    instance = parse_model(Instance, data, "instance", where)
    problems = instance_problems(instance)
    if problems:
        raise InputError(placed(where, problems))
    return instance


def load_instance(path: Path) -> Instance:
    """Read and validate an instance file."""
    return parse_instance(read_document(Path(path)), str(path))


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` to write in the block, renamed over `path` when the block ends
    well: never a half-written file. InputError naming `path` when it cannot be written (a folder,
    no permission, a full disk)."""
    path = Path(path)
    if path.is_dir():
        raise InputError([Problem(str(path), "is a folder; give the name of a file to write")])
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield temporary
        temporary.replace(path)
    except OSError as error:
        raise InputError([Problem(str(path), f"cannot be written: {error.strerror or error}")]) from None
    finally:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)


def write_atomically(path: Path, text: str) -> None:
    """Write text to path through a temporary file and a rename (see `atomic_target`)."""
    with atomic_target(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
