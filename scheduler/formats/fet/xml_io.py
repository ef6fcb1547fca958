"""Reading and writing FET's XML: files are parsed with defusedxml, so entity expansion and external
entities are refused with a clear message."""

from __future__ import annotations

import math
import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, SubElement

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from models.loading import os_reason_zh
from models.validation import InputError, Problem, placed
from scheduler.formats.fet.terms import field_zh

MAX_BYTES = 50_000_000
Slot = tuple[str, int]


def parse_xml(path: Path) -> Element:
    """The root element of an XML file; InputError naming the file for anything unreadable or hostile."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        english = f"cannot read the file: {error.strerror or error}"
        raise InputError([Problem(str(path), english, f"无法读取文件：{os_reason_zh(error)}")]) from None
    if len(data) > MAX_BYTES:
        megabytes = MAX_BYTES // 1_000_000
        raise InputError([Problem(str(path), f"the file is larger than {megabytes} MB", f"文件大于{megabytes}兆字节")])
    try:
        return fromstring(_expat_readable(path, data), forbid_dtd=True)
    except DefusedXmlException as error:
        english = f"refused: the XML declares a DTD or entities ({type(error).__name__})"
        chinese = "拒绝读取：文件声明了文档类型定义或实体（可能有安全风险）"
        raise InputError([Problem(str(path), english, chinese)]) from None
    except ParseError as error:
        line, column = error.position
        chinese = "文件格式有误（标记不完整或不配对），无法解析"
        raise InputError([Problem(f"{path}:{line}:{column}", f"malformed XML: {error}", chinese)]) from None


DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["'][^>]*\?>""")


def _expat_readable(path: Path, data: bytes) -> bytes | str:
    """The file as the XML parser can read it: a file declared in a multi-byte encoding the parser
    lacks (GBK, GB18030, Big5: Chinese editors write these) is decoded here, its declaration dropped."""
    declared = DECLARED_ENCODING.match(data)
    if declared is None or declared.group(1).decode().lower().replace("-", "") in ("utf8", "utf16", "ascii", "usascii"):
        return data
    encoding = declared.group(1).decode()
    try:
        return data[declared.end() :].decode(encoding)
    except (LookupError, UnicodeDecodeError) as error:
        english = f"cannot read it as {encoding}, the encoding it declares: {error}"
        raise InputError([Problem(str(path), english, f"无法按文件声明的编码“{encoding}”读取")]) from None


def child_text(element: Element, tag: str, default: str = "") -> str:
    """The stripped text of the first child `tag`."""
    found = element.find(tag)
    return (found.text or "").strip() if found is not None and found.text else default


def child_int(element: Element, tag: str, default: str = "", least: int = 0) -> int:
    """The whole number in the child `tag`; InputError naming the element when it is not one or is below `least`."""
    text = child_text(element, tag, default)
    try:
        value = int(text)
    except ValueError:
        english = f"<{tag}> '{text[:40]}' is not a whole number"
        raise InputError([Problem(element_label(element), english, f"{field_zh(tag)}“{text[:40]}”不是整数")]) from None
    if value < least:
        english, chinese = f"<{tag}> {value} is below {least}", f"{field_zh(tag)}是{value}，不能小于{least}"
        raise InputError([Problem(element_label(element), english, chinese)])
    return value


def child_percent(element: Element, tag: str = "Weight_Percentage") -> float:
    """The percentage (0-100) in the child `tag`, 100 when absent; InputError naming the element otherwise."""
    text = child_text(element, tag, "100")
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 100:
        english = f"<{tag}> '{text[:40]}' is not a percentage from 0 to 100"
        chinese = f"{field_zh(tag)}“{text[:40]}”不是0到100之间的百分数"
        raise InputError([Problem(element_label(element), english, chinese)])
    return value


def element_label(element: Element) -> str:
    """An element as a message names it: its tag, and its Id or Name when it has one."""
    name = child_text(element, "Id") or child_text(element, "Name")
    return f"<{element.tag}> {name[:40]}" if name else f"<{element.tag}>"


def in_file(path: Path | str, error: InputError) -> InputError:
    """The same problems, each placed in the file `path`."""
    return InputError(placed(str(path), error.problems))


def text_child(parent: Element, tag: str, value: object) -> Element:
    """A child element holding `value` as text (booleans as true/false)."""
    element = SubElement(parent, tag)
    element.text = str(value).lower() if isinstance(value, bool) else str(value)
    return element


def slot_children(parent: Element, tag: str, slots: list[Slot], day_tag: str, hour_tag: str) -> None:
    """One `tag` child per (day, period) slot."""
    for day, period in slots:
        slot = SubElement(parent, tag)
        text_child(slot, day_tag, day)
        text_child(slot, hour_tag, str(period))


def students_map(root: Element) -> dict[str, list[str]]:
    """Each FET students-set name -> the groups (classes) it covers: a year all its groups, a subgroup its group."""
    sets: dict[str, list[str]] = {}
    for year in root.iter("Year"):
        groups = [child_text(g, "Name") for g in year.findall("Group")]
        sets[child_text(year, "Name")] = groups or [child_text(year, "Name")]
        for group in year.findall("Group"):
            name = child_text(group, "Name")
            sets.setdefault(name, [name])
            for subgroup in group.findall("Subgroup"):
                sets.setdefault(child_text(subgroup, "Name"), [name])
    return sets
