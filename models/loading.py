"""Reading instance and solution files (YAML or JSON) into validated models, or clear problems."""

from __future__ import annotations

import copy
import datetime as dt
import errno
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from models.instance import Instance
from models.policy import (
    BASE_SETTINGS,
    DEFAULT_PRESET,
    PRESET_NAMES,
    STAGE_ZH,
    STAGES,
    Profile,
    Stage,
    relaxations,
    show_setting,
)
from models.validation import MISSING_ZH, InputError, Problem, closest, instance_problems, placed

ModelT = TypeVar("ModelT", bound=BaseModel)
MAX_DOCUMENT_BYTES = 20 * 2**20  # far beyond any school's instance or solution file
WHAT_ZH = {"instance": "实例", "solution": "课表", "district": "学区"}
MAPPING_ZH = "应为映射（每项写作“名称: 值”）"
_ENGLISH = {"extra_forbidden": "unknown field (check its spelling)", "missing": "required field is missing"}
_NUMBER_ZH = "应为数字"
_INTEGER_ZH = "应为整数"
_CHINESE = {
    "missing": MISSING_ZH,
    "extra_forbidden": "未知的字段（请检查拼写）",
    "int_type": _INTEGER_ZH,
    "int_parsing": _INTEGER_ZH,
    "int_from_float": _INTEGER_ZH,
    "int_parsing_size": "整数过大",
    "float_type": _NUMBER_ZH,
    "float_parsing": _NUMBER_ZH,
    "finite_number": "应为有限的数字",
    "string_type": "应为文字",
    "string_unicode": "应为有效的文字",
    "string_too_short": "文字过短（至少 {min_length} 个字符）",
    "string_too_long": "文字过长（最多 {max_length} 个字符）",
    "bool_type": "应为是或否（true 或 false）",
    "bool_parsing": "应为是或否（true 或 false）",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "dict_type": MAPPING_ZH,
    "model_type": MAPPING_ZH,
    "model_attributes_type": MAPPING_ZH,
    "too_short": "至少要有 {min_length} 项",
    "too_long": "最多只能有 {max_length} 项",
    "greater_than_equal": "应不小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "应不大于 {le}",
    "less_than": "应小于 {lt}",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "recursion_loop": "数据循环引用了自身",
}
# What the values of the files' fixed lists mean (`kind: reading` is 早读).
_CHOICE_ZH = {
    "primary": "小学",
    "junior": "初中",
    "main": "主科",
    "pe": "体育",
    "other": "其他",
    "am": "上午",
    "pm": "下午",
    "reading": "早读",
    "meeting": "晨会、班会、升旗",
    "self_study": "自习",
    "exercise": "大课间",
    "eye_exercise": "眼保健操",
    "sport": "课后体育",
    "homework_guidance": "课后服务作业辅导",
    "evening_study": "晚自习",
    "noon_rest": "午休",
    "club": "社团",
    "lessons": "按节数",
    "occurrences": "按次数，连堂算一次",
    "cn-2021": "2021年国家规定",
    "all": "每周",
    "odd": "单周",
    "even": "双周",
    "school": "在校完成",
    "home": "在家完成",
    "school+home": "在校和在家",
    "optimal": "最优",
    "feasible": "可行",
    "infeasible": "无解",
    "unknown": "未知",
}
_OS_REASONS_ZH = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EEXIST: "同名的文件或文件夹已存在",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "磁盘只读",
    errno.ENAMETOOLONG: "名称太长",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EBUSY: "正被占用",
}


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
        problems.append(Problem(location(loc), _ENGLISH.get(item["type"], item["msg"]), pydantic_zh(item)))
    return problems


def pydantic_zh(item: dict) -> str:
    """The Chinese message of one pydantic error: by its type, with its figures, or a validator's own."""
    kind, ctx = item["type"], item.get("ctx", {})
    if kind in ("value_error", "assertion_error"):
        return getattr(ctx.get("error"), "message_zh", "") or "取值无效"
    if kind in ("literal_error", "enum"):
        return "应为以下之一：" + "、".join(map(_choice_zh, re.findall(r"'([^']*)'", ctx.get("expected", ""))))
    return _CHINESE.get(kind, "取值不符合要求").format(**ctx)


def _choice_zh(value: str) -> str:
    """`“reading”（早读）`: a value of a fixed list as the file writes it, with its meaning."""
    meaning = _CHOICE_ZH.get(value)
    return f"“{value}”（{meaning}）" if meaning else f"“{value}”"


def _reason_zh(error: Exception) -> str:
    """Why a file cannot be read or written, in Chinese."""
    if isinstance(error, UnicodeDecodeError):
        return "文字编码不是 UTF-8（请另存为 UTF-8 编码）"
    return os_reason_zh(error)


def os_reason_zh(error: Exception) -> str:
    """Why a file operation failed, in Chinese (the system's own message is English)."""
    code = getattr(error, "errno", None)
    return _OS_REASONS_ZH.get(code, f"系统错误（错误号{code}）" if code else "系统错误")


def _syntax_zh(reason: str, json_file: bool) -> str:
    """The Chinese message of a file whose text cannot be read as YAML or JSON."""
    if "\\t" in reason:
        return "格式有误：不能用制表符缩进，请改用空格"
    hint = "括号、引号和逗号" if json_file else "缩进、冒号、引号和括号"
    return f"格式有误，无法读取（请检查此处附近的{hint}）"


def read_document(path: Path) -> object:
    """The parsed content of a YAML or JSON file; InputError if unreadable."""
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            megabytes = MAX_DOCUMENT_BYTES // 2**20
            english = f"is larger than {megabytes} MB: not an instance or solution file"
            raise InputError([Problem(str(path), english, f"文件超过{megabytes}兆字节，不会是实例文件或课表文件")])
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(str(path), "no such file", "找不到此文件")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            [Problem(str(path), f"cannot read the file: {error}", f"无法读取此文件：{_reason_zh(error)}")]
        ) from None
    try:
        return _parsed(path, text)
    except RecursionError:
        deep = Problem(str(path), "lists or mappings nested too deeply to read", "列表或映射嵌套太深，无法读取")
        raise InputError([deep]) from None


def _parsed(path: Path, text: str) -> object:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            where = f"{path}:{error.lineno}:{error.colno}"
            raise InputError([Problem(where, f"malformed JSON: {error.msg}", _syntax_zh(error.msg, True))]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        reason = getattr(error, "problem", None) or str(error)
        raise InputError([Problem(where, f"malformed YAML: {reason}", _syntax_zh(reason, False))]) from None


def parse_model(model: type[ModelT], data: object, what: str, where: str = "") -> ModelT:
    """Validate plain data (from the file `where`) against a model; InputError naming every bad place."""
    if not isinstance(data, dict):
        english = f"the {what} file must hold a mapping (names and values) at its top level"
        raise InputError([Problem(where, english, f"{WHAT_ZH.get(what, '')}文件的最外层{MAPPING_ZH}")])
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InputError(placed(where, _pydantic_problems(error))) from None


def parse_instance(data: object, where: str = "", folder: Path | None = None, policy: str | None = None) -> Instance:
    """A validated Instance from plain data (from the file `where`, whose profile files are read from
    `folder`), with every cross-reference checked; `policy` replaces the school's preset or profile
    (`validate --policy cn-2025`)."""
    if isinstance(data, dict):
        data = _with_profiles(data, where, folder or Path("."), policy)
    instance = parse_model(Instance, data, "instance", where)
    problems = instance_problems(instance)
    if problems:
        raise InputError(placed(where, problems))
    return instance


def load_instance(path: Path, policy: str | None = None) -> Instance:
    """Read and validate an instance file (under another preset or profile: `policy`)."""
    path = Path(path)
    return parse_instance(read_document(path), str(path), path.parent, policy)


def _with_profiles(data: dict, where: str, folder: Path, policy: str | None) -> dict:
    """The instance data with each profile file it names read in (`policy.profile`), or InputError
    naming an unknown preset, an unreadable profile or one that loosens its base without saying so.
    `policy` (a preset, or a profile file from the working folder) replaces every preset of the file."""
    data = copy.deepcopy(data)
    holders = [("policy", data)]
    holders += [(f"sections[{i}].policy", s) for i, s in enumerate(data.get("sections") or []) if isinstance(s, dict)]
    stages = _stages(data)
    problems = []
    for place, holder in holders:
        settings = holder.get("policy")
        if policy is not None and (place == "policy" or isinstance(settings, dict)):
            named = str(Path(policy).resolve()) if policy.lower().endswith(PROFILE_SUFFIXES) else policy
            settings = holder["policy"] = {**(settings if isinstance(settings, dict) else {}), "preset": named}
            settings.pop("profile", None)
        if not isinstance(settings, dict):
            continue
        if "profile" in settings:
            english = "filled in from the profile file that preset names: write a profile in a file of its own"
            problems.append(
                Problem(f"{place}.profile", english, "由 preset 所指的政策配置文件填入：请把政策配置写在单独的文件中")
            )
        elif isinstance(settings.get("preset"), str):
            problems += _attach_profile(settings, "--policy" if policy else f"{place}.preset", folder, stages)
    if problems:
        raise InputError(placed(where, problems))
    return data


def _stages(data: dict) -> tuple[Stage, ...]:
    """The stages an instance's file names (its school's, or its sections'); both when it names none."""
    named = [data.get("school", {}).get("stage") if isinstance(data.get("school"), dict) else None]
    named += [s.get("stage") for s in data.get("sections") or [] if isinstance(s, dict)]
    return tuple(stage for stage in STAGES if stage in named) or STAGES


PROFILE_SUFFIXES = (".yaml", ".yml", ".json")


def _attach_profile(settings: dict, place: str, folder: Path, stages: tuple[Stage, ...]) -> list[Problem]:
    preset = settings["preset"]
    if preset in PRESET_NAMES:
        return []
    if not preset.lower().endswith(PROFILE_SUFFIXES):
        close = closest(preset, PRESET_NAMES)
        hint_en, hint_zh = (f" (did you mean {close}?)", f"（是不是“{close}”？）") if close else ("", "")
        names = ", ".join(PRESET_NAMES)
        english = f"unknown preset '{preset}'{hint_en}: one of {names}, or a profile file (.yaml)"
        chinese = f"没有预设“{preset}”{hint_zh}：应为 {names} 之一，或一个政策配置文件（.yaml）"
        return [Problem(place, english, chinese)]
    path = folder / preset
    try:
        profile = parse_model(Profile, read_document(path), "profile", str(path))
    except InputError as error:
        return error.problems
    problems = profile_problems(profile, str(path), stages)
    settings["profile"] = profile.model_dump()
    return problems


def profile_problems(profile: Profile, where: str, stages: tuple[Stage, ...] = STAGES) -> list[Problem]:
    """A profile that extends no shipped preset, leaves a number out with nothing to extend, or loosens
    its base (cn-2021 when it extends none) without saying so under `relaxes`."""
    names = ", ".join(PRESET_NAMES)
    if profile.extends is not None and profile.extends not in PRESET_NAMES:
        english = f"extends '{profile.extends}', which is not a shipped preset ({names})"
        return [Problem(f"{where}: extends", english, f"所依据的“{profile.extends}”不是内置预设（{names}）")]
    if profile.extends is None and (missing := [key for key in BASE_SETTINGS if key not in profile.settings]):
        english = f"extends no preset, so it sets every number itself; missing: {', '.join(missing)} (or extends: {names})"
        chinese = f"没有写 extends，就要自己给出全部数值；缺少：{'、'.join(missing)}（或写 extends：{names}）"
        return [Problem(f"{where}: settings", english, chinese)]
    base = profile.extends or DEFAULT_PRESET
    problems = []
    for stage in stages:
        for key, before, after in relaxations(profile, stage):
            was, now = (show_setting(key, value, "en") for value in (before, after))
            was_zh, now_zh = (show_setting(key, value, "zh") for value in (before, after))
            english = f"{now} is looser than {base}'s {was} ({stage}); a profile that loosens its base says so under relaxes"
            chinese = f"{now_zh} 比所依据的 {base}（{was_zh}）宽松（{STAGE_ZH[stage]}）；放宽基础规定须在 relaxes 下写明理由"
            problems.append(Problem(f"{where}: settings.{key}", english, chinese))
    return problems


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` to write in the block, renamed over `path` when the block ends
    well: never a half-written file. InputError naming `path` when it cannot be written (a folder,
    no permission, a full disk)."""
    path = Path(path)
    _refuse_folder(path)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield temporary
        temporary.replace(path)
    except OSError as error:
        raise unwritable(path, error) from None
    finally:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)


def refuse_unwritable(path: Path, folder: bool = False) -> None:
    """InputError naming `path` when no file (with `folder`: no folder) can be made there: a folder
    in the way, a file where a folder should be, no permission. Asked before long work whose result
    goes there; nothing is left behind (a temporary file is made and removed in the nearest folder
    on the way that exists)."""
    path = Path(path)
    if not folder:
        _refuse_folder(path)
    try:
        probe_writable(path if folder else path.parent)
    except OSError as error:
        raise unwritable(path, error) from None


def probe_writable(folder: Path) -> None:
    """OSError unless a file can be made in `folder`, or in the nearest folder on its way that exists
    (where `folder` would be made)."""
    existing = next(place for place in (folder, *folder.parents) if place.exists())
    if not existing.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(existing))
    with tempfile.NamedTemporaryFile(dir=existing, prefix=".jianfu-"):
        pass


def _refuse_folder(path: Path) -> None:
    if path.is_dir():
        raise InputError(
            [Problem(str(path), "is a folder; give the name of a file to write", "这是文件夹，请给出要写入的文件名")]
        )


def unwritable(path: Path, error: OSError) -> InputError:
    """The problem of a place that cannot be written, with the system's reason, in both languages."""
    english = f"cannot be written: {error.strerror or error}"
    return InputError([Problem(str(path), english, f"无法写入：{os_reason_zh(error)}")])


def write_atomically(path: Path, text: str) -> None:
    """Write text to path through a temporary file and a rename (see `atomic_target`)."""
    with atomic_target(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def parse_dates(values: dict[str, str]) -> list[dt.date]:
    """Dates written YYYY-MM-DD, by the name of where each is given; InputError naming each one that
    is not such a date."""
    dates, problems = [], []
    for where, text in values.items():
        try:
            dates.append(dt.date.fromisoformat(text.strip()))
        except ValueError:
            problems.append(Problem(where, f"'{text}' is not a date like 2026-09-01", f"“{text}”不是“2026-09-01”这样的日期"))
    if problems:
        raise InputError(problems)
    return dates
