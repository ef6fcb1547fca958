"""Read an XHSTT archive (ITC 2011 high-school timetabling XML) into models.xhstt.

`read_archive(path)` parses with defusedxml (no DTD, no entities), resolves every reference and
raises models.validation.InputError naming the file, element and Id of each problem found.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # for writing only; reading goes through defusedxml
from collections.abc import Iterable
from pathlib import Path
from xml.etree.ElementTree import Element

from models.loading import write_atomically
from models.validation import InputError, Problem
from models.xhstt import (
    AppliesTo,
    Archive,
    Constraint,
    Event,
    EventGroup,
    EventResource,
    Instance,
    Resource,
    ResourceGroup,
    ResourceType,
    Solution,
    SolutionEvent,
    SolutionGroup,
    SolutionResource,
    Time,
    TimeGroup,
    TimeGroupLimit,
)
from scheduler.formats.xml_file import parse_xml

_KINDS_ZH = {  # what a reference names, in a Chinese message
    "time": "时间",
    "time group": "时间组",
    "resource": "资源",
    "resource type": "资源类型",
    "resource group": "资源组",
    "event": "课次",
    "event group": "课次组",
}

# The public benchmark files beside the repository (../shared/benchmarks/xhstt), and the class-based
# instances among them (every event's classes and teachers given: only times to choose).
BENCHMARKS = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "xhstt"
CLASS_BASED = (
    "BrazilInstance1.xml",
    "BrazilInstance3.xml",
    "BrazilInstance5.xml",
    "BrazilInstance7.xml",
    "BR-SA-00.xml",
    "BR-SM-00.xml",
    "BR-SN-00.xml",
    "FI-WP-06.xml",
    "FI-MP-06.xml",
    "FI-PB-98.xml",
    "GR-H1-97.xml",
    "GR-P3-10.xml",
    "GR-PA-08.xml",
    "IT-I4-96.xml",
    "KS-PR-11.xml",
    "ZA-LW-09.xml",
    "ZA-WD-09.xml",
    "Hdtt4.xml",
    "Hdtt5.xml",
    "Hdtt6.xml",
    "Hdtt7.xml",
    "Hdtt8.xml",
)

COST_FUNCTIONS = ("Linear", "Quadratic", "Step")
CONSTRAINT_INTS = {
    "Minimum": "minimum",
    "Maximum": "maximum",
    "Duration": "duration",
    "MinimumDuration": "minimum_duration",
    "MaximumDuration": "maximum_duration",
    "MinimumAmount": "minimum_amount",
    "MaximumAmount": "maximum_amount",
}


def read_archive(path: str | Path, instances: Iterable[Instance] = ()) -> Archive:
    """The archive in an XHSTT file: its instances and solution groups, every reference checked.

    Its solutions may also refer to `instances` (those of another file, for a file of solutions alone).
    """
    path = Path(path)
    root = parse_xml(path, path.name)
    reader = _Reader(path.name)
    if root.tag != "HighSchoolTimetableArchive":
        reader.problem(
            root.tag, "the root element should be HighSchoolTimetableArchive", "根元素应为 HighSchoolTimetableArchive"
        )
        reader.raise_problems()
    own = tuple(reader.instance(el) for el in root.iterfind("Instances/Instance"))
    by_id = {instance.id: instance for instance in (*instances, *own)}
    groups = tuple(reader.solution_group(el, by_id) for el in root.iterfind("SolutionGroups/SolutionGroup"))
    reader.raise_problems()
    return Archive(root.get("Id"), own, groups)


def write_solution_group(
    instance: Instance, solution: Solution, path: str | Path, group_id: str, metadata: dict[str, str]
) -> None:
    """Write an archive holding one solution group with `solution` of `instance` (atomically).

    `metadata` gives the group's MetaData (Contributor, Date, Description...); `read_archive(path,
    [instance])` reads it back.
    """
    root = ET.Element("HighSchoolTimetableArchive", Id=group_id)
    group = ET.SubElement(ET.SubElement(root, "SolutionGroups"), "SolutionGroup", Id=group_id)
    meta = ET.SubElement(group, "MetaData")
    for tag, text in metadata.items():
        ET.SubElement(meta, tag).text = text
    events = ET.SubElement(ET.SubElement(group, "Solution", Reference=instance.id), "Events")
    for part in solution.events:
        event = ET.SubElement(events, "Event", Reference=part.reference)
        ET.SubElement(event, "Duration").text = str(part.duration)
        if part.time is not None:
            ET.SubElement(event, "Time", Reference=part.time)
        if part.resources:
            resources = ET.SubElement(event, "Resources")
            for assigned in part.resources:
                resource = ET.SubElement(resources, "Resource", Reference=assigned.resource)
                if assigned.role is not None:
                    ET.SubElement(resource, "Role").text = assigned.role
    ET.indent(root)
    write_atomically(Path(path), ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n")


def _refs(element: Element | None, path: str) -> tuple[str, ...]:
    """The Reference attributes of the elements at `path` under `element`."""
    if element is None:
        return ()
    return tuple(child.get("Reference", "") for child in element.iterfind(path))


def _ref(element: Element, tag: str) -> str | None:
    """The Reference of the child `tag`, or None when there is no such child."""
    child = element.find(tag)
    return None if child is None else child.get("Reference", "")


def _text(element: Element, tag: str, default: str = "") -> str:
    """The stripped text of the child `tag`, or `default`."""
    child = element.find(tag)
    return default if child is None or child.text is None else child.text.strip()


class _Reader:
    """Reads the elements of one file, collecting problems named by their place."""

    def __init__(self, file_name: str):
        self.file_name = file_name
        self.problems: list[Problem] = []

    def problem(self, where: str, english: str, chinese: str) -> None:
        self.problems.append(Problem(f"{self.file_name}: {where}", english, chinese))

    def raise_problems(self) -> None:
        if self.problems:
            raise InputError(self.problems)

    def integer(self, element: Element, tag: str, where: str, default: int | None = None) -> int | None:
        """The integer text of the child `tag`; a problem when it is not an integer."""
        text = _text(element, tag)
        if not text:
            return default
        try:
            return int(text)
        except ValueError:
            self.problem(f"{where} {tag}", f"'{text}' is not an integer", f"“{text}”不是整数")
            return default

    def check_refs(self, refs: tuple[str, ...] | list[str], known, kind: str, where: str) -> None:
        """A problem for each reference to an unknown `kind`."""
        for ref in refs:
            if ref is not None and ref not in known:
                self.problem(where, f"unknown {kind} '{ref}'", f"没有{_KINDS_ZH[kind]}“{ref}”")

    def element_id(self, element: Element, where: str) -> str:
        """The Id of an element, with a problem when it has none."""
        element_id = element.get("Id")
        if not element_id:
            self.problem(f"{where} {element.tag}", "missing Id", "缺少 Id")
        return element_id or ""

    # --- an instance -------------------------------------------------------------------------

    def instance(self, element: Element) -> Instance:
        """One Instance element, every reference inside it checked."""
        instance_id = self.element_id(element, "Instance")
        where = f"Instance {instance_id}"
        times, time_groups = self.times(element, where)
        types, resources, resource_groups = self.resources(element, where)
        events, event_groups = self.events(element, where, {t.id for t in times}, resources, resource_groups)
        known = {
            "time": {t.id for t in times},
            "time group": time_groups,
            "event": events,
            "event group": event_groups,
            "resource": resources,
            "resource group": resource_groups,
        }
        constraints = tuple(self.constraint(el, where, known) for el in element.iterfind("Constraints/*"))
        metadata = {child.tag: (child.text or "").strip() for child in element.iterfind("MetaData/*")}
        name = metadata.get("Name", instance_id)
        return Instance(
            instance_id,
            name,
            times,
            time_groups,
            types,
            resources,
            resource_groups,
            events,
            event_groups,
            constraints,
            metadata,
        )

    def times(self, instance: Element, where: str) -> tuple[tuple[Time, ...], dict[str, TimeGroup]]:
        """The times in order and the time groups, each listing its times."""
        declared = {
            self.element_id(el, where): (el.tag, _text(el, "Name")) for el in instance.iterfind("Times/TimeGroups/*")
        }
        times = []
        for el in instance.iterfind("Times/Time"):
            time_id = self.element_id(el, where)
            week, day, groups = _ref(el, "Week"), _ref(el, "Day"), _refs(el, "TimeGroups/TimeGroup")
            self.check_refs(
                [g for g in (week, day, *groups) if g is not None], declared, "time group", f"{where} Time {time_id}"
            )
            times.append(Time(time_id, _text(el, "Name", time_id), week, day, groups))
        members: dict[str, list[str]] = {group_id: [] for group_id in declared}
        for time in times:
            for group in dict.fromkeys(g for g in (time.week, time.day, *time.groups) if g is not None):
                members.setdefault(group, []).append(time.id)
        groups = {gid: TimeGroup(gid, name, kind, tuple(members[gid])) for gid, (kind, name) in declared.items()}
        return tuple(times), groups

    def resources(self, instance: Element, where: str):
        """The resource types, resources and resource groups (each listing its resources)."""
        types = {}
        for el in instance.iterfind("Resources/ResourceTypes/ResourceType"):
            type_id = self.element_id(el, where)
            types[type_id] = ResourceType(type_id, _text(el, "Name", type_id))
        declared = {}
        for el in instance.iterfind("Resources/ResourceGroups/ResourceGroup"):
            group_id = self.element_id(el, where)
            declared[group_id] = (_text(el, "Name", group_id), _ref(el, "ResourceType") or "")
            self.check_refs([declared[group_id][1]], types, "resource type", f"{where} ResourceGroup {group_id}")
        resources = {}
        for el in instance.iterfind("Resources/Resource"):
            resource_id = self.element_id(el, where)
            place = f"{where} Resource {resource_id}"
            resource_type, groups = _ref(el, "ResourceType") or "", _refs(el, "ResourceGroups/ResourceGroup")
            self.check_refs([resource_type], types, "resource type", place)
            self.check_refs(groups, declared, "resource group", place)
            resources[resource_id] = Resource(resource_id, _text(el, "Name", resource_id), resource_type, groups)
        members: dict[str, list[str]] = {group_id: [] for group_id in declared}
        for resource in resources.values():
            for group in resource.groups:
                members.setdefault(group, []).append(resource.id)
        groups = {gid: ResourceGroup(gid, name, rtype, tuple(members[gid])) for gid, (name, rtype) in declared.items()}
        return types, resources, groups

    def events(self, instance: Element, where: str, time_ids: set[str], resources, resource_groups):
        """The events and the event groups (courses included), each listing its events."""
        declared = {
            self.element_id(el, where): (el.tag, _text(el, "Name")) for el in instance.iterfind("Events/EventGroups/*")
        }
        events = {}
        for el in instance.iterfind("Events/Event"):
            event = self.event(el, where)
            place = f"{where} Event {event.id}"
            self.check_refs([event.time] if event.time else [], time_ids, "time", place)
            self.check_refs(event.preassigned_resources(), resources, "resource", place)
            self.check_refs(event.resource_groups, resource_groups, "resource group", place)
            self.check_refs([event.course, *event.groups] if event.course else event.groups, declared, "event group", place)
            events[event.id] = event
        members: dict[str, list[str]] = {group_id: [] for group_id in declared}
        for event in events.values():
            for group in dict.fromkeys([event.course, *event.groups] if event.course else event.groups):
                members.setdefault(group, []).append(event.id)
        groups = {gid: EventGroup(gid, name, kind, tuple(members[gid])) for gid, (kind, name) in declared.items()}
        return events, groups

    def event(self, el: Element, where: str) -> Event:
        """One Event element."""
        event_id = self.element_id(el, where)
        place = f"{where} Event {event_id}"
        duration = self.integer(el, "Duration", place)
        if duration is None or duration < 1:
            self.problem(place, "Duration should be a positive integer", "Duration 应为正整数")
        resources = tuple(
            EventResource(
                r.get("Reference"), _text(r, "Role") or None, _ref(r, "ResourceType"), self.integer(r, "Workload", place)
            )
            for r in el.iterfind("Resources/Resource")
        )
        return Event(
            event_id,
            _text(el, "Name", event_id),
            duration or 1,
            self.integer(el, "Workload", place),
            _ref(el, "Course"),
            _ref(el, "Time"),
            resources,
            _refs(el, "ResourceGroups/ResourceGroup"),
            _refs(el, "EventGroups/EventGroup"),
        )

    def constraint(self, el: Element, where: str, known: dict) -> Constraint:
        """One constraint of any type, its parameters read by name."""
        constraint_id = self.element_id(el, where)
        place = f"{where} {el.tag} {constraint_id}"
        cost_function = _text(el, "CostFunction", "Linear")
        if cost_function not in COST_FUNCTIONS:
            self.problem(place, f"unknown CostFunction '{cost_function}'", f"未知的 CostFunction“{cost_function}”")
            cost_function = "Linear"
        required = _text(el, "Required", "false").lower()
        if required not in ("true", "false"):
            self.problem(place, f"Required should be true or false, not '{required}'", "Required 应为 true 或 false")
        applies = el.find("AppliesTo")
        applies_to = AppliesTo(
            _refs(applies, "Events/Event"),
            _refs(applies, "EventGroups/EventGroup"),
            _refs(applies, "Resources/Resource"),
            _refs(applies, "ResourceGroups/ResourceGroup"),
        )
        params = {name: self.integer(el, tag, place) for tag, name in CONSTRAINT_INTS.items()}
        constraint = Constraint(
            type=el.tag,
            id=constraint_id,
            name=_text(el, "Name", constraint_id),
            required=required == "true",
            weight=self.integer(el, "Weight", place, 1) or 0,
            cost_function=cost_function,
            applies_to=applies_to,
            times=_refs(el, "Times/Time"),
            time_groups=_refs(el, "TimeGroups/TimeGroup"),
            limits=self.limits(el, place),
            resources=_refs(el, "Resources/Resource"),
            resource_groups=_refs(el, "ResourceGroups/ResourceGroup"),
            role=_text(el, "Role") or None,
            **params,
        )
        self.check_constraint_refs(constraint, place, known)
        return constraint

    def limits(self, el: Element, place: str) -> tuple[TimeGroupLimit, ...]:
        """The time groups of a SpreadEvents constraint, each with its Minimum and Maximum."""
        if el.tag != "SpreadEventsConstraint":
            return ()
        return tuple(
            TimeGroupLimit(
                group.get("Reference", ""),
                self.integer(group, "Minimum", place, 0) or 0,
                self.integer(group, "Maximum", place, 0) or 0,
            )
            for group in el.iterfind("TimeGroups/TimeGroup")
        )

    def check_constraint_refs(self, constraint: Constraint, place: str, known: dict) -> None:
        """A problem for each reference of a constraint to something the instance lacks."""
        applies = constraint.applies_to
        pairs = [
            (applies.events, "event"),
            (applies.event_groups, "event group"),
            (applies.resources, "resource"),
            (applies.resource_groups, "resource group"),
            (constraint.times, "time"),
            (constraint.time_groups, "time group"),
            (constraint.resources, "resource"),
            (constraint.resource_groups, "resource group"),
        ]
        for refs, kind in pairs:
            self.check_refs(refs, known[kind], kind, place)

    # --- solutions ---------------------------------------------------------------------------

    def solution_group(self, el: Element, instances: dict[str, Instance]) -> SolutionGroup:
        """One SolutionGroup with its solutions, each checked against its instance."""
        group_id = self.element_id(el, "SolutionGroups")
        where = f"SolutionGroup {group_id}"
        solutions = tuple(self.solution(s, where, instances) for s in el.iterfind("Solution"))
        meta = el.find("MetaData")
        fields = ("Contributor", "Date", "Description")
        contributor, date, description = (_text(meta, f) if meta is not None else "" for f in fields)
        return SolutionGroup(group_id, contributor, date, description, solutions)

    def solution(self, el: Element, where: str, instances: dict[str, Instance]) -> Solution:
        """One Solution: its events, durations defaulting to the instance event's."""
        instance_id = el.get("Reference", "")
        place = f"{where} Solution {instance_id}"
        instance = instances.get(instance_id)
        if instance is None:
            self.problem(place, f"unknown instance '{instance_id}'", f"没有实例“{instance_id}”")
            return Solution(instance_id, ())
        time_ids = {t.id for t in instance.times}
        events = tuple(self.solution_event(e, place, instance, time_ids) for e in el.iterfind("Events/Event"))
        report = el.find("Report")
        infeasibility = self.integer(report, "InfeasibilityValue", place) if report is not None else None
        objective = self.integer(report, "ObjectiveValue", place) if report is not None else None
        return Solution(instance_id, events, infeasibility, objective, _text(el, "Description"))

    def solution_event(self, el: Element, place: str, instance: Instance, time_ids: set[str]) -> SolutionEvent:
        """One Event of a solution."""
        reference = el.get("Reference", "")
        event = instance.events.get(reference)
        here = f"{place} Event {reference}"
        self.check_refs([reference], instance.events, "event", here)
        duration = self.integer(el, "Duration", here, event.duration if event else 1)
        if duration is None or duration < 1:
            self.problem(here, "Duration should be a positive integer", "Duration 应为正整数")
        time = _ref(el, "Time")
        self.check_refs([time] if time is not None else [], time_ids, "time", here)
        resources = tuple(
            SolutionResource(r.get("Reference", ""), _text(r, "Role") or None) for r in el.iterfind("Resources/Resource")
        )
        self.check_refs([r.resource for r in resources], instance.resources, "resource", here)
        return SolutionEvent(reference, duration or 1, time, resources)
