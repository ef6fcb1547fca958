"""Reading and writing FET's XML elements: children's text and numbers, placed problems, slots; the
file itself is parsed by scheduler.formats.xml_file (defusedxml)."""

from __future__ import annotations

import math
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement

from models.validation import InputError, Problem, placed
from scheduler.formats.fet.terms import field_zh

Slot = tuple[str, int]


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
