"""Reading and writing FET's XML: files are parsed with defusedxml, so entity expansion and external
entities are refused with a clear message."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, SubElement

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from models.validation import InputError, Problem

MAX_BYTES = 50_000_000
Slot = tuple[str, int]


def parse_xml(path: Path) -> Element:
    """The root element of an XML file; InputError naming the file for anything unreadable or hostile."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError([Problem(str(path), f"cannot read the file: {error.strerror or error}")]) from None
    if len(data) > MAX_BYTES:
        raise InputError([Problem(str(path), f"the file is larger than {MAX_BYTES // 1_000_000} MB")])
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise InputError(
            [Problem(str(path), f"refused: the XML declares a DTD or entities ({type(error).__name__})")]
        ) from None
    except ParseError as error:
        line, column = error.position
        raise InputError([Problem(f"{path}:{line}:{column}", f"malformed XML: {error}")]) from None


def child_text(element: Element, tag: str, default: str = "") -> str:
    """The stripped text of the first child `tag`."""
    found = element.find(tag)
    return (found.text or "").strip() if found is not None and found.text else default


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
