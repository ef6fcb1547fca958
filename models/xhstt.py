"""An XHSTT archive (International Timetabling Competition 2011) as plain data.

The reader (scheduler.formats.xhstt) resolves every reference: a time group lists its times, a
resource group its resources, an event group its events, so the evaluator (scheduler.check.xhstt)
needs nothing but these models. Ids are the file's Id attributes; the order of `Instance.times` is
the instance's time order, in which an event of duration d occupies d consecutive times.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

CostFunction = Literal["Linear", "Quadratic", "Step"]
TimeGroupKind = Literal["Week", "Day", "TimeGroup"]
EventGroupKind = Literal["Course", "EventGroup"]

TYPE_NAMES_ZH = {  # the constraint types, without "Constraint", in Chinese
    "AssignTime": "安排时间",
    "SplitEvents": "拆分课次",
    "DistributeSplitEvents": "拆分后的分布",
    "PreferTimes": "优先时间",
    "SpreadEvents": "分散课次",
    "LinkEvents": "同时上课",
    "AvoidClashes": "避免冲突",
    "AvoidUnavailableTimes": "避开不可用时间",
    "LimitIdleTimes": "限制空档",
    "ClusterBusyTimes": "限制上课天数",
    "LimitBusyTimes": "限制每段忙碌时间",
    "LimitWorkload": "限制工作量",
    "AssignResource": "安排资源",
    "PreferResources": "优先资源",
    "AvoidSplitAssignments": "避免拆分安排",
}


@dataclass(frozen=True)
class Time:
    """One time of the cycle, with the groups it belongs to."""

    id: str
    name: str
    week: str | None = None
    day: str | None = None
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimeGroup:
    """A named set of times: a week, a day or any other group."""

    id: str
    name: str
    kind: TimeGroupKind
    times: tuple[str, ...]


@dataclass(frozen=True)
class ResourceType:
    """A kind of resource (teachers, classes, rooms...)."""

    id: str
    name: str


@dataclass(frozen=True)
class Resource:
    """A teacher, class, room or other resource."""

    id: str
    name: str
    resource_type: str
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResourceGroup:
    """A named set of resources of one type."""

    id: str
    name: str
    resource_type: str
    resources: tuple[str, ...]


@dataclass(frozen=True)
class EventResource:
    """One resource of an event: preassigned when `resource` is set, else to be assigned in a role."""

    resource: str | None
    role: str | None = None
    resource_type: str | None = None
    workload: int | None = None  # by default the event's workload


@dataclass(frozen=True)
class Event:
    """An event of the instance: `duration` times to be placed, possibly split into several solution events."""

    id: str
    name: str
    duration: int
    workload: int | None = None
    course: str | None = None
    time: str | None = None  # a preassigned starting time
    resources: tuple[EventResource, ...] = ()
    resource_groups: tuple[str, ...] = ()  # every resource of these groups is preassigned
    groups: tuple[str, ...] = ()

    def preassigned_resources(self) -> tuple[str, ...]:
        """The resources given in the instance itself (not those of its resource groups)."""
        return tuple(r.resource for r in self.resources if r.resource is not None)


@dataclass(frozen=True)
class EventGroup:
    """A named set of events; a course is an event group too."""

    id: str
    name: str
    kind: EventGroupKind
    events: tuple[str, ...]


@dataclass(frozen=True)
class AppliesTo:
    """What a constraint applies to, as the file names it (the evaluator expands the groups)."""

    events: tuple[str, ...] = ()
    event_groups: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    resource_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimeGroupLimit:
    """A SpreadEvents time group with its Minimum and Maximum."""

    time_group: str
    minimum: int
    maximum: int


@dataclass(frozen=True)
class Constraint:
    """A constraint of any type: the common part and, in the optional fields, its type's parameters."""

    type: str  # the element name, e.g. "AvoidClashesConstraint"
    id: str
    name: str
    required: bool
    weight: int
    cost_function: CostFunction
    applies_to: AppliesTo
    times: tuple[str, ...] = ()
    time_groups: tuple[str, ...] = ()
    limits: tuple[TimeGroupLimit, ...] = ()  # SpreadEvents
    resources: tuple[str, ...] = ()  # PreferResources
    resource_groups: tuple[str, ...] = ()
    role: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    duration: int | None = None
    minimum_duration: int | None = None
    maximum_duration: int | None = None
    minimum_amount: int | None = None
    maximum_amount: int | None = None


@dataclass(frozen=True)
class Instance:
    """One XHSTT instance."""

    id: str
    name: str
    times: tuple[Time, ...]
    time_groups: dict[str, TimeGroup]
    resource_types: dict[str, ResourceType]
    resources: dict[str, Resource]
    resource_groups: dict[str, ResourceGroup]
    events: dict[str, Event]
    event_groups: dict[str, EventGroup]
    constraints: tuple[Constraint, ...]
    metadata: dict[str, str] = field(default_factory=dict)

    @cached_property
    def time_index(self) -> dict[str, int]:
        """Each time's place in the instance's time order."""
        return {time.id: index for index, time in enumerate(self.times)}

    def events_of(self, constraint: Constraint) -> list[str]:
        """The events a constraint applies to: its Events and the events of its EventGroups, once each."""
        ids = list(constraint.applies_to.events)
        for group in constraint.applies_to.event_groups:
            ids.extend(self.event_groups[group].events)
        return list(dict.fromkeys(ids))

    def given_resources(self, event: Event) -> list[str]:
        """The resources an event is given: its preassigned ones and every resource of its resource
        groups, once each."""
        ids = list(event.preassigned_resources())
        for group in event.resource_groups:
            ids.extend(self.resource_groups[group].resources)
        return list(dict.fromkeys(ids))

    def resources_of(self, constraint: Constraint) -> list[str]:
        """The resources a constraint applies to: its Resources and those of its ResourceGroups, once each."""
        ids = list(constraint.applies_to.resources)
        for group in constraint.applies_to.resource_groups:
            ids.extend(self.resource_groups[group].resources)
        return list(dict.fromkeys(ids))

    def times_of(self, constraint: Constraint) -> set[int]:
        """The places in time order of a constraint's Times and of the times of its TimeGroups."""
        ids = list(constraint.times)
        for group in constraint.time_groups:
            ids.extend(self.time_groups[group].times)
        return {self.time_index[t] for t in ids}

    def group_times(self, group: str) -> list[int]:
        """The places of a time group's times, in time order."""
        return sorted(self.time_index[t] for t in self.time_groups[group].times)


@dataclass(frozen=True)
class SolutionResource:
    """A resource assigned in a solution, to the event resource of that role."""

    resource: str
    role: str | None = None


@dataclass(frozen=True)
class SolutionEvent:
    """One (possibly split-off) part of an instance event in a solution."""

    reference: str
    duration: int
    time: str | None = None
    resources: tuple[SolutionResource, ...] = ()


@dataclass(frozen=True)
class Solution:
    """A solution of an instance, with the costs its Report states, when it has one."""

    instance: str
    events: tuple[SolutionEvent, ...]
    reported_infeasibility: int | None = None
    reported_objective: int | None = None
    description: str = ""


@dataclass(frozen=True)
class SolutionGroup:
    """Solutions by one contributor, with its MetaData."""

    id: str
    contributor: str
    date: str
    description: str
    solutions: tuple[Solution, ...]


@dataclass(frozen=True)
class Archive:
    """A HighSchoolTimetableArchive: its instances and solution groups."""

    id: str | None
    instances: tuple[Instance, ...]
    solution_groups: tuple[SolutionGroup, ...]

    def instance(self, instance_id: str) -> Instance:
        """The instance of that Id (KeyError if there is none)."""
        for instance in self.instances:
            if instance.id == instance_id:
                return instance
        raise KeyError(instance_id)
