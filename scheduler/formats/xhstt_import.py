"""An XHSTT instance as a jianfu instance (`jianfu import-xhstt`), with a report saying, for every
constraint type of the instance, whether it was imported exactly, approximated or ignored, and why.

Day time groups become 星期一.. in time order, a time's place in its day its period (40-minute
periods every 50 minutes from 08:00; a day with fewer times has its last periods 禁排 to every
grade); Class resources become classes (all in grade 7: XHSTT names no grades), Teacher resources
teachers, Room resources venues for one class; each event becomes weekly lessons of its course (the
subject) for its classes, taught by its teacher, in its room, as 合班 when it has several classes.
The burden-reduction caps are off: the file carries none of them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cached_property

from models.calendar import WEEKDAY_NAMES
from models.instance import WISHED_MOST
from models.rules import RULE_BY_ID
from models.solution import Lesson
from models.validation import Problem
from models.xhstt import TYPE_NAMES_ZH, Constraint, Event, Resource, SolutionEvent
from models.xhstt import Instance as XhsttInstance
from models.xhstt import Solution as XhsttSolution
from scheduler.formats.import_report import ImportReport
from scheduler.formats.teaching import NO_BURDEN_RULES, WISH_LOWERED, Teaching, bell_periods, wished_minimum_lowered

GRADE = 7
LONGEST_DAY = 19  # periods of 40 minutes every 50 minutes from 08:00 that end before midnight
KIND_WORDS = {"room": ("room",), "teacher": ("teacher",), "class": ("class", "student")}  # room first: Classroom
SOFT_IGNORED = (
    "a preference: jianfu's rule is hard, so it is left out",
    "偏好（软约束）：减负排课的对应规则是硬性的，未导入",
)
SOFT_AVOIDED = (
    "a preference: 尽量不排, jianfu's soft rule soft.avoided_slots (a lesson there costs jianfu's weight, not the file's)",
    "偏好（软约束）：改为软性要求“尽量不排”（按减负排课的权重计，不按文件的权重）",
)
SOFT_ROOMS = (
    "a preference for rooms only: jianfu has no 尽量不排 for a venue",
    "只针对教室的偏好：减负排课没有场地的尽量不排",
)
LOOSE = (
    "some of its events or resources are imported approximately (see Event, Resources, Rooms)",
    "它涉及的部分课次或资源是近似导入的（见课次、资源、教室）",
)
LIMIT_BUSY = "LimitBusyTimesConstraint"
CLASSES_ONLY = ("jianfu has this rule for teachers only", "减负排课只对教师有这条规则")


PARTS_ZH = {"Times": "时间", "Resources": "资源", "Rooms": "教室", "Event": "课次"}


def type_zh(kind: str) -> str:
    """An XHSTT constraint type (or part of the file) in Chinese; its XHSTT name when it has none here."""
    return PARTS_ZH.get(kind) or TYPE_NAMES_ZH.get(kind.removesuffix("Constraint"), kind)


def import_xhstt(instance: XhsttInstance, source: str) -> tuple[dict, ImportReport, list[Problem]]:
    """(instance data, report, problems) of an XHSTT instance; problems, each placed in `source` and
    the instance, make it unusable (a week jianfu cannot plan)."""
    report = ImportReport(type_zh)
    place = f"{source}: Instance {instance.id}"
    days, problems = _days(instance, place)
    if problems:
        return {}, report, problems
    importer = _Importer(instance, days, report)
    return importer.data(), report, []


def _days(instance: XhsttInstance, place: str) -> tuple[list[list[int]], list[Problem]]:
    """The times of each Day time group in time order, the days in the order of their first times."""
    groups = [g for g in instance.time_groups.values() if g.kind == "Day" and g.times]
    days = sorted((instance.group_times(g.id) for g in groups), key=lambda times: times[0])
    seen = [t for times in days for t in times]
    problems = []
    if not 1 <= len(days) <= 5:
        english = f"{len(days)} Day time groups; jianfu plans Monday to Friday (1 to 5 days)"
        problems.append(Problem(place, english, f"有{len(days)}个日时间组；减负排课只排星期一至星期五（1至5天）"))
    longest = max(map(len, days), default=0)
    if longest > LONGEST_DAY:
        english = (
            f"{longest} times in a day; jianfu's day holds at most {LONGEST_DAY} periods (40 minutes every 50 from 08:00)"
        )
        chinese = f"一天有{longest}个时间；减负排课一天至多{LONGEST_DAY}节（从08:00起每50分钟一节，每节40分钟）"
        problems.append(Problem(place, english, chinese))
    for index in sorted(set(range(len(instance.times))) - set(seen)) or sorted({t for t in seen if seen.count(t) > 1}):
        time_id = instance.times[index].id
        problems.append(Problem(f"{place}: Time {time_id}", "not in exactly one Day time group", "不在恰好一个日时间组中"))
    return days, problems[:10]


def _kind(instance: XhsttInstance, resource: str) -> str | None:
    """class, teacher or room, from the resource type's id or name; None for other types."""
    rtype = instance.resource_types.get(instance.resources[resource].resource_type)
    words = f"{rtype.id} {rtype.name}".lower() if rtype else instance.resources[resource].resource_type.lower()
    return next((kind for kind, keys in KIND_WORDS.items() if any(key in words for key in keys)), None)


class _Importer:
    """One instance's events and constraints as the sections of a jianfu instance."""

    def __init__(self, instance: XhsttInstance, days: list[list[int]], report: ImportReport):
        self.x, self.report = instance, report
        self.slot = {t: (WEEKDAY_NAMES[d], p + 1) for d, times in enumerate(days) for p, t in enumerate(times)}
        self.day_names = list(WEEKDAY_NAMES[: len(days)])
        self.periods, _ = bell_periods([str(n) for n in range(1, max(map(len, days)) + 1)])
        self.short_days = {WEEKDAY_NAMES[d]: len(times) for d, times in enumerate(days) if len(times) < len(self.periods)}
        self.kinds = {r: _kind(instance, r) for r in instance.resources}
        self.on_event: dict[str, list[Constraint]] = defaultdict(list)  # each event's constraints
        self.away: dict[str, set[int]] = defaultdict(set)  # each resource's required unavailable times
        for c in instance.constraints:
            for event_id in instance.events_of(c):
                self.on_event[event_id].append(c)
            if c.type == "AvoidUnavailableTimesConstraint" and c.required:
                for resource in instance.resources_of(c):
                    self.away[resource] |= instance.times_of(c)
        self.names = _display_names(instance)
        classes = {self.names[r]: GRADE for r, kind in self.kinds.items() if kind == "class"}
        self.teaching = Teaching(classes, report, "Event", ("event", "课次", "a class", "班级"))
        self.subject_of: dict[str, str] = {}  # of each event imported
        self.classes_of: dict[str, list[str]] = {}
        self.rooms: dict[str, set[str]] = defaultdict(set)
        self.room_size: dict[str, int] = {}  # the most classes of one event in the room
        self.fixed: list[dict] = []
        self.forbidden: list[dict] = []
        self.avoid: list[dict] = []  # 尽量不排 entries (soft.avoided_slots)
        self.blocked: dict[str, list[dict]] = defaultdict(list)
        self.closed: dict[str, list[dict]] = defaultdict(list)
        self.subject_max: dict[str, int] = {}
        self.teacher_max: dict[str, int] = {}
        self.teacher_days: dict[str, int] = {}
        self.teacher_wish: dict[str, int] = {}  # the days a week a teacher wishes to teach on at most
        self.daily_wish: dict[str, dict[str, int]] = {}  # the lessons a teacher wishes on a day they teach
        self.together: Counter = Counter()  # (class, subject) of linked events -> lessons at once
        self.linked: list[tuple[str, ...]] = []  # the groups of events linked as 同时上课
        self.loose_events: set[str] = set()  # events left out or imported approximately
        self.loose_resources: set[str] = {r for r, kind in self.kinds.items() if kind is None}

    def data(self) -> dict:
        """The instance data, after every event and constraint is read and reported."""
        self._structure()
        for event in self.x.events.values():
            self._event(event)
        self._loosen_rooms()
        for constraint in self.x.constraints:
            if not constraint.required and constraint.weight == 0:
                self.report.add(
                    constraint.type, "ignored", "a preference of weight 0 costs nothing", "权重为0的偏好不计代价"
                )
            else:
                READERS.get(constraint.type, _no_equivalent)(self, constraint)
        sections = self.teaching.instance_sections()
        for teacher in sections["teachers"]:
            if self.blocked[teacher["name"]]:
                teacher["blocked"] = self.blocked[teacher["name"]]
            if teacher["name"] in self.teacher_max:
                teacher["max_per_day"] = self.teacher_max[teacher["name"]]
            if teacher["name"] in self.teacher_days:
                teacher["max_days"] = self.teacher_days[teacher["name"]]
            if teacher["name"] in self.teacher_wish:
                teacher["preferred_days"] = self.teacher_wish[teacher["name"]]
            if teacher["name"] in self.daily_wish:
                teacher["preferred_per_day"] = self.daily_wish[teacher["name"]]
                if wished_minimum_lowered(teacher, len(self.periods)):
                    self.report.add(LIMIT_BUSY, "approximated", *WISH_LOWERED, count=0)
        subjects = sorted(set(self.subject_of.values()))
        rooms = sorted({room for used in self.rooms.values() for room in used})
        return {
            "school": {"name": self.x.name or self.x.id, "stage": "junior"},
            "days": self.day_names,
            "bell": {"periods": self.periods},
            "policy": NO_BURDEN_RULES,
            "subjects": [self._subject(name) for name in subjects],
            "venues": [{"name": room, "capacity": self.room_size[room], "capacity_at": self.closed[room]} for room in rooms],
            **sections,
            "fixed": self.fixed,
            "forbidden": self.forbidden + self._short_days(),
            **({"preferences": {"avoid": self.avoid}} if self.avoid else {}),
            "together": self._together(),
        }

    @cached_property
    def member_sets(self) -> set[tuple[tuple[str, str], ...]]:
        """The (class, subject) sets of the required links jianfu can hold (read once the events are)."""
        return {
            found[0]
            for c in self.x.constraints
            if c.type == "LinkEventsConstraint" and c.required
            for g in c.applies_to.event_groups
            if (found := _linked(self, self.x.event_groups[g].events))
        }

    def _together(self) -> list[dict]:
        """The 同时上课 entries of the linked events, each within its classes' lessons of the subject."""
        entries = []
        for members, lessons in self.together.items():
            if members:
                most = min(self.teaching.plan[name][subject] for name, subject in members)
                of = [{"class": name, "subject": subject} for name, subject in members]
                entries.append({"of": of, "lessons": min(lessons, most)})
        return entries

    def _structure(self) -> None:
        english = "clock times assumed: 40-minute periods every 50 minutes from 08:00"
        self.report.add("Times", "exact", english, "XHSTT没有时刻：假定从08:00起每50分钟一节，每节40分钟")
        english = f"XHSTT names no grades: every class is in grade {GRADE}, with the burden-reduction caps off"
        self.report.add(
            "Resources", "approximated", english, f"XHSTT没有年级：所有班级都算{GRADE}年级，减负的各项上限不启用"
        )
        for rtype in self.x.resource_types.values():
            of_type = [r for r in self.x.resources if self.x.resources[r].resource_type == rtype.id]
            if of_type and not any(self.kinds[r] for r in of_type):
                english = f"resources of type {rtype.name or rtype.id} (not classes, teachers or rooms) are left out"
                self.report.add(
                    "Resources",
                    "approximated",
                    english,
                    f"类型“{rtype.name or rtype.id}”的资源（不是班级、教师或教室）未导入",
                )

    def _event(self, event: Event) -> None:
        given = self.x.given_resources(event)
        of_kind = {kind: [self.names[r] for r in given if self.kinds[r] == kind] for kind in KIND_WORDS}
        if any(r.resource is None for r in event.resources):
            english = "a resource the solver would assign (a role) is left out: jianfu assigns teachers and rooms beforehand"
            chinese = "需要求解时分配的资源（角色）未导入：减负排课的教师和教室事先确定"
            self._loosen(event, given, english, chinese)
        subject, classes, teachers = self._course_name(event), of_kind["class"], of_kind["teacher"]
        first = teachers[0] if teachers else None
        teacher_ids = [r for r in given if self.kinds[r] == "teacher"]
        if len(teacher_ids) > 1:
            self._loosen(event, teacher_ids[1:])  # they lose the event
        others = {self.teaching.assigned.get((c, subject), first) for c in classes} - {first}
        if others:  # the class's first teacher of the subject takes the lessons
            self._loosen(event, teacher_ids + [r for r, name in self.names.items() if name in others])
        if not self.teaching.add(subject, teachers, classes, event.duration, self._doubles(event)):
            return self._loosen(event, given)
        self.subject_of[event.id] = subject
        self.classes_of[event.id] = classes
        self.rooms[subject].update(of_kind["room"])
        for room in of_kind["room"]:
            self.room_size[room] = max(self.room_size.get(room, 1), len(classes))
        if event.time is not None:
            self._fix(event, subject, classes, given)

    def _fix(self, event: Event, subject: str, classes: list[str], given: list[str]) -> None:
        """A preassigned time as 固排 of each period the event runs, when it runs within one day."""
        start = self.x.time_index[event.time]
        places = [self.slot.get(t) for t in range(start, start + event.duration)]
        if None in places or len({day for day, _ in places}) != 1:
            english = "a preassigned time the event would run past its day from is not fixed"
            return self._loosen(event, given, english, "预先安排的时间使课次跨出当天，未作为固排导入")
        for day, period in places:
            self.fixed.append({"subject": subject, "day": day, "period": period, "classes": classes})

    def _loosen(self, event: Event, given: list[str], english: str = "", chinese: str = "") -> None:
        """Mark an event and its resources as imported approximately (reported when a reason is given)."""
        self.loose_events.add(event.id)
        self.loose_resources.update(given)
        if english:
            self.report.add("Event", "approximated", english, chinese, count=0)  # Teaching.add counts it

    def _loosen_rooms(self) -> None:
        """A subject in several rooms may use any of them; a room a 合班 uses takes its classes at once."""
        by_name = {name: r for r, name in self.names.items()}
        shared = {room for rooms in self.rooms.values() if len(rooms) > 1 for room in rooms}
        wide = {room for room, size in self.room_size.items() if size > 1}
        if shared:
            english = "a subject whose events are in different rooms may use any of them"
            self.report.add("Rooms", "approximated", english, "课次在不同教室上课的学科，每节课可用其中任一间教室")
        if wide:
            english = "a room a 合班 of k classes uses takes k classes at once (jianfu counts a venue's classes)"
            self.report.add(
                "Rooms", "approximated", english, "几个班合班使用的教室可同时容纳这几个班（减负排课按班数计算场地容量）"
            )
        self.loose_resources.update(by_name[room] for room in shared | wide)
        loose_subjects = {subject for subject, rooms in self.rooms.items() if rooms & (shared | wide)}
        self.loose_events.update(e for e, subject in self.subject_of.items() if subject in loose_subjects)

    def exact(self, c: Constraint) -> None:
        """Report a constraint whose meaning jianfu has: exact, unless some of its events or resources
        were imported approximately."""
        loose = self.loose_events.intersection(self.x.events_of(c)) or self.loose_resources.intersection(
            self.x.resources_of(c)
        )
        if loose:
            return self.report.add(c.type, "approximated", *LOOSE)
        self.report.add(c.type, "exact")

    def _course_name(self, event: Event) -> str:
        group = self.x.event_groups.get(event.course or "")
        return (group.name or group.id) if group else (event.name or event.id)

    def _doubles(self, event: Event) -> int:
        """The double lessons the event's required split constraints ask for: a DistributeSplitEvents
        minimum for duration 2, else its lessons in pairs when no part may be shorter than 2 or the
        event may not be split at all."""
        doubles, paired = 0, False
        for c in self.on_event[event.id]:
            if not c.required:
                continue
            if c.type == "DistributeSplitEventsConstraint" and c.duration == 2:
                doubles = max(doubles, c.minimum or 0)
            if c.type == "SplitEventsConstraint":
                paired = paired or (c.minimum_duration or 1) >= 2 or c.maximum_amount == 1
            if c.type == "SpreadEventsConstraint" and _at_most_once_a_day(self, c):
                doubles = max(doubles, event.duration - self._free_days(event))
        return min(max(doubles, event.duration // 2 if paired else 0), event.duration // 2)

    def single_parts(self, event_id: str) -> bool:
        """Whether the event can only run as parts of one time (duration 1, or a required SplitEvents says so)."""
        return self.x.events[event_id].duration == 1 or any(
            c.type == "SplitEventsConstraint" and c.required and c.maximum_duration == 1 for c in self.on_event[event_id]
        )

    def longest_part(self, event_id: str) -> int:
        """The longest part the event's SplitEvents constraints allow."""
        limits = [
            c.maximum_duration for c in self.on_event[event_id] if c.type == "SplitEventsConstraint" and c.maximum_duration
        ]
        return max(1, min([self.x.events[event_id].duration, *limits]))

    def _free_days(self, event: Event) -> int:
        """The days with a time when none of the event's resources is unavailable (required constraints)."""
        away = set().union(*(self.away[r] for r in self.x.given_resources(event)))
        return len({self.slot[t][0] for t in self.slot if t not in away})

    def _subject(self, name: str) -> dict:
        entry = {"name": name, "kind": "other"}
        rooms = sorted(self.rooms[name])
        if rooms:
            entry["venue"] = rooms[0] if len(rooms) == 1 else rooms
        if name in self.subject_max:
            entry["max_per_day"] = self.subject_max[name]
        return entry

    def _short_days(self) -> list[dict]:
        """A day with fewer times than the longest: its last periods 禁排 to every grade."""
        return [
            {"grade": GRADE, "day": day, "periods": list(range(length + 1, len(self.periods) + 1))}
            for day, length in self.short_days.items()
        ]

    def slots(self, times: set[int]) -> dict[str, list[int]]:
        """Day -> periods of some time places."""
        found: dict[str, list[int]] = defaultdict(list)
        for t in sorted(times):
            day, period = self.slot[t]
            found[day].append(period)
        return found

    def resources(self, c: Constraint, kind: str) -> list[str]:
        """The display names of the constraint's resources of one kind."""
        return [self.names[r] for r in self.x.resources_of(c) if self.kinds[r] == kind]

    @cached_property
    def day_of_times(self) -> dict[tuple[int, ...], str]:
        """Each day by its times, in order."""
        return {tuple(t for t in self.slot if self.slot[t][0] == day): day for day in self.day_names}

    def days_of(self, c: Constraint) -> list[str] | None:
        """The days the constraint's time groups are, each group one whole day, no day twice; None
        when some group is not a day."""
        days = [self.day_of_times.get(tuple(self.x.group_times(g))) for g in c.time_groups]
        return days if None not in days and len(set(days)) == len(days) else None

    def is_days(self, c: Constraint) -> bool:
        """Whether the constraint's time groups are the days, each once."""
        days = self.days_of(c)
        return days is not None and len(days) == len(self.day_names)


def _display_names(instance: XhsttInstance) -> dict[str, str]:
    """Each resource's name; `name (Id)` when another resource has that name or that Id, its Id when it has none."""
    names = Counter(r.name for r in instance.resources.values())

    def shared(r: Resource) -> bool:
        return names[r.name] > 1 or (r.name in instance.resources and r.name != r.id)

    return {r.id: (f"{r.name} ({r.id})" if shared(r) else r.name) if r.name else r.id for r in instance.resources.values()}


# --- constraints ---------------------------------------------------------------------------------


def _always_held(m: _Importer, c: Constraint) -> None:
    """AssignTime, AvoidClashes: every lesson is placed and nothing clashes in every jianfu timetable."""
    if c.required:
        return m.exact(c)
    english = "a preference here, but jianfu always places every lesson and lets nothing clash"
    m.report.add(c.type, "approximated", english, "这里是偏好，但减负排课总是排入每节课、不允许任何冲突")


def _unavailable(m: _Importer, c: Constraint) -> None:
    if not c.required:
        return _rather_not(m, c)
    slots = m.slots(m.x.times_of(c))
    for teacher in m.resources(c, "teacher"):
        m.blocked[teacher].extend({"day": day, "periods": periods} for day, periods in slots.items())
    kept_away = [name for name in m.resources(c, "class") if name in m.teaching.plan]  # a class without lessons has none
    for name in kept_away:
        m.forbidden.extend({"class": name, "day": day, "periods": periods} for day, periods in slots.items())
    for room in m.resources(c, "room"):
        for day, periods in slots.items():
            for p in periods:
                bell = m.periods[p - 1]
                m.closed[room].append({"day": day, "start": bell["start"], "end": bell["end"], "capacity": 0})
    m.exact(c)


def _rather_not(m: _Importer, c: Constraint) -> None:
    """Soft unavailable times: 尽量不排 of its teachers and classes (soft.avoided_slots); rooms left out."""
    slots = m.slots(m.x.times_of(c))
    targets = [{"teacher": t} for t in m.resources(c, "teacher") if t in m.teaching.teaches]  # else no lesson
    targets += [{"class": name} for name in m.resources(c, "class") if name in m.teaching.plan]
    for target in targets:
        m.avoid.extend({**target, "day": day, "periods": periods} for day, periods in slots.items())
    if not targets:
        return m.report.add(c.type, "ignored", *SOFT_ROOMS)
    m.report.add(c.type, "approximated", *SOFT_AVOIDED)


def _prefer_times(m: _Importer, c: Constraint) -> None:
    if not c.required and c.duration is not None:
        return m.report.add(c.type, "ignored", *SOFT_IGNORED)
    preferred = m.x.times_of(c)
    if c.duration is not None:
        return _prefer_starts(m, c, preferred)
    subjects = {m.subject_of[e] for e in m.x.events_of(c) if e in m.subject_of}
    covered = set(m.x.events_of(c))
    partly = {s for e, s in m.subject_of.items() if s in subjects and e not in covered}
    banned = m.slots(set(m.slot) - preferred)
    applied = sorted(subjects - partly)
    entries = m.forbidden if c.required else m.avoid
    for subject in applied:
        entries.extend({"subject": subject, "day": day, "periods": periods} for day, periods in banned.items())
    if partly:
        english = "preferred times of some of a subject's lessons: jianfu's 禁排 is for a whole subject, class or teacher"
        chinese = "只针对某学科部分课次的优先时间：减负排课的禁排针对整个学科、班级或教师"
        return m.report.add(c.type, "approximated" if applied else "ignored", english, chinese)
    if not c.required:
        return m.report.add(c.type, "approximated", *SOFT_AVOIDED)
    if not all(m.single_parts(e) for e in covered if e in m.subject_of):
        english = "jianfu keeps every period of the subject's lessons in the preferred times; XHSTT only their starts"
        chinese = "减负排课让该学科每节课都在优先时间内；XHSTT只要求拆分后课次的开始时间在内"
        return m.report.add(c.type, "approximated", english, chinese)
    m.exact(c)


def _prefer_starts(m: _Importer, c: Constraint, preferred: set[int]) -> None:
    """Preferred starts of parts of one duration: exact when the only starts left out are those where
    such a part would not fit in the day, which jianfu's double lessons never take anyway."""
    cannot_fit = {t for t in m.slot if m.slot.get(t + c.duration - 1, (None,))[0] != m.slot[t][0]}
    if set(m.slot) - preferred <= cannot_fit and c.duration == 2:
        return m.exact(c)
    english = "preferred starts of a split event's parts of one duration: no jianfu equivalent"
    m.report.add(c.type, "ignored", english, "按时长指定拆分后课次的优先开始时间：减负排课中没有对应的规则")


def _split(m: _Importer, c: Constraint) -> None:
    longest = max((m.x.events[e].duration for e in m.x.events_of(c)), default=1)
    if min(longest, c.maximum_duration or longest) <= 1:
        return m.exact(c)
    english = "single lessons and the double lessons asked for (on different days, in one half-day); no longer parts"
    m.report.add(c.type, "approximated", english, "单节课和要求的连堂课（不同日，在同一个半天内）；没有更长的课次")


def _distribute(m: _Importer, c: Constraint) -> None:
    if not c.required:
        english = "a preference: jianfu's double lessons are required, so it asks only for those needed to fit once a day"
        chinese = "偏好（软约束）：减负排课的连堂是硬性的，只要求每天至多一次排下该学科所需的连堂"
        return m.report.add(c.type, "ignored", english, chinese)
    if c.duration != 2:
        english = "only the number of double lessons (parts of duration 2) is imported"
        return m.report.add(c.type, "ignored", english, "只导入连堂课（时长为2的课次）的次数")
    english = "the least number of double lessons becomes jianfu's wanted double lessons (no more, no fewer)"
    m.report.add(c.type, "approximated", english, "最少连堂次数作为减负排课要求的连堂次数（不多不少）")


def _at_most_once_a_day(m: _Importer, c: Constraint) -> bool:
    return m.is_days(c) and all(limit.minimum == 0 and limit.maximum == 1 for limit in c.limits)


def _spread(m: _Importer, c: Constraint) -> None:
    at_most_once = _at_most_once_a_day(m, c)
    subjects = {m.subject_of[e] for e in m.x.events_of(c) if e in m.subject_of}
    covered = set(m.x.events_of(c))
    whole = all(e in covered for e, s in m.subject_of.items() if s in subjects)
    if not (c.required and at_most_once and whole):
        english = "only 'at most once a day' for all of a subject's lessons is imported"
        return m.report.add(c.type, "ignored", english, "只导入针对某学科全部课次的“每天至多一次”")
    for subject in subjects:
        m.subject_max[subject] = 1
    english = "a subject's lessons a day at most 1 (2 on a day with one of its double lessons)"
    m.report.add(c.type, "approximated", english, "同一学科每天至多1节（有连堂课的那天2节）")


def _idle(m: _Importer, c: Constraint) -> None:
    if not m.resources(c, "teacher"):
        return m.report.add(c.type, "ignored", *CLASSES_ONLY)
    english = "jianfu's soft rule soft.teacher_idle (fewest idle periods)"
    m.report.add(c.type, "approximated", english, "改为软性要求：教师空堂少")


def _busy_times(m: _Importer, c: Constraint) -> None:
    if not c.required:
        return _daily_wished(m, c)
    why = "only a required maximum of a teacher's lessons a day is imported", "只导入教师每天最多节数（硬约束）"
    _teacher_maximum(m, c, m.teacher_max, 1, why)


def _daily_wished(m: _Importer, c: Constraint) -> None:
    """A soft range of teachers' lessons on each day they teach, as each teacher's wish
    (soft.teacher_daily_range) on every day, also where the constraint names only some days (the
    Finnish files give one per day); two on one teacher make the narrower range."""
    teachers, days = m.resources(c, "teacher"), m.days_of(c)
    if not teachers or not days or not c.maximum:
        why = (
            "only teachers' lessons a day (over whole days, at most 1 or more) are imported",
            "只导入教师每天课时（按整天，上限至少1节）",
        )
        return m.report.add(c.type, "ignored", *why)
    for teacher in teachers:
        wish = m.daily_wish.get(teacher, {})
        least = max(1, c.minimum or 0, wish.get("min", 1))  # above the most: lowered (and noted) once all are read
        most = min(WISHED_MOST, c.maximum, wish.get("max", WISHED_MOST))
        m.daily_wish[teacher] = {"min": least} | ({"max": most} if most < WISHED_MOST else {})
    english = "jianfu's soft rule soft.teacher_daily_range: a lesson short or beyond costs jianfu's weight, not the file's"
    title = RULE_BY_ID["soft.teacher_daily_range"].title_zh
    chinese = f"改为软性要求：{title}（每少一节或多一节按减负排课的权重计，不按文件的权重）"
    m.report.add(c.type, "approximated", english, chinese)
    if c.cost_function != "Linear":
        m.report.add(c.type, "approximated", f"a {c.cost_function} cost counted linearly", "按线性计代价", count=0)
    if len(days) < len(m.day_names):
        m.report.add(
            c.type, "approximated", "a range for some days taken for every day", "部分日子的范围用于每一天", count=0
        )


def _busy_days(m: _Importer, c: Constraint) -> None:
    if not c.required and c.maximum:
        return _days_wished(m, c)
    why = "only a maximum of a teacher's days with lessons is imported", "只导入教师每周上课天数的上限"
    _teacher_maximum(m, c, m.teacher_days, 0, why)


def _days_wished(m: _Importer, c: Constraint) -> None:
    """A soft maximum of teachers' days with lessons, as each teacher's wish (soft.teacher_days)."""
    teachers = m.resources(c, "teacher")
    if not teachers or not m.is_days(c):
        why = "only a maximum of a teacher's days with lessons is imported", "只导入教师每周上课天数的上限"
        return m.report.add(c.type, "ignored", *why)
    for teacher in teachers:
        m.teacher_wish[teacher] = min(c.maximum, m.teacher_wish.get(teacher, c.maximum))
    english = "jianfu's soft rule soft.teacher_days: a day beyond the maximum costs jianfu's weight, not the file's"
    chinese = "改为软性要求：教师上课天数（超出一天按减负排课的权重计，不按文件的权重）"
    if c.minimum:
        english, chinese = f"{english}; the minimum is not kept", f"{chinese}；不保留下限"
    m.report.add(c.type, "approximated", english, chinese)


def _teacher_maximum(m: _Importer, c: Constraint, maxima: dict[str, int], least: int, why: tuple[str, str]) -> None:
    """A required limit on teachers over the days, with a minimum of at most `least` (below which
    nothing binds), as each teacher's maximum in `maxima` (0: blocked every day)."""
    teachers = m.resources(c, "teacher")
    if not teachers or not c.required or not m.is_days(c) or c.maximum is None or (c.minimum or 0) > least:
        return m.report.add(c.type, "ignored", *why)
    for teacher in teachers:
        if c.maximum == 0:  # no lesson at all on those days
            m.blocked[teacher].extend({"day": day} for day in m.day_names)
        else:
            maxima[teacher] = min(c.maximum, maxima.get(teacher, c.maximum))
    if len(teachers) < len(m.x.resources_of(c)):
        return m.report.add(c.type, "approximated", "only its teachers are imported", "只导入其中的教师")
    m.exact(c)


def _link_events(m: _Importer, c: Constraint) -> None:
    if not c.required:
        return m.report.add(c.type, "ignored", *SOFT_IGNORED)
    apart, shared = False, False
    for group in c.applies_to.event_groups:
        events = m.x.event_groups[group].events
        found = _linked(m, events)
        if found is None or set(events) & {e for earlier in m.linked for e in earlier}:
            apart = True
        elif found[0]:
            m.together[found[0]] += found[1]
            m.linked.append(events)
            shared = shared or _shared(m, found[0])
    if apart or shared:
        return m.report.add(c.type, "approximated", *(LINK_APART if apart else LINK_SHARED))
    m.exact(c)


def _shared(m: _Importer, members: tuple[tuple[str, str], ...]) -> bool:
    """Whether a class's lessons of a subject are linked with other classes elsewhere in the instance
    (the solution written back could then not time both links at common times)."""
    return any(other != members and set(other) & set(members) for other in m.member_sets)


def _linked(m: _Importer, events: tuple[str, ...]) -> tuple[tuple[tuple[str, str], ...], int] | None:
    """The (class, subject) of each of the events and the lessons they take together, when jianfu can
    hold them at once: each imported, of equal length, of different classes and teachers."""
    if any(e not in m.subject_of for e in events) or len({m.x.events[e].duration for e in events}) > 1:
        return None
    members = tuple(sorted((m.classes_of[e][0], m.subject_of[e]) for e in events))
    classes = [name for e in events for name in m.classes_of[e]]
    teachers = {m.teaching.assigned.get(member) for member in members}
    if len(set(classes)) != len(classes) or len(teachers) != len(members):
        return None
    return (members, m.x.events[events[0]].duration) if len(members) > 1 else ((), 0)


def _no_equivalent(m: _Importer, c: Constraint) -> None:
    m.report.add(c.type, "ignored", *NO_EQUIVALENT.get(c.type, ("no jianfu equivalent", "减负排课中没有对应的规则")))


NO_EQUIVALENT: dict[str, tuple[str, str]] = {}
LINK_APART = (
    "some linked events are not imported, last differently, share a class or a teacher, or are linked"
    " twice: those links are left out",
    "部分关联课次未导入、时长不同、属于同一班级或同一教师，或被关联两次：这些关联未导入",
)
LINK_SHARED = (
    "a class's lessons of a subject are linked with two others: jianfu holds both, but the solution"
    " written back may time an event at the other link's common times",
    "同一班级同一学科的课与两组课关联：减负排课两组都满足，但写回的解可能把课次排在另一组的共同时间",
)

READERS = {
    "AssignTimeConstraint": _always_held,
    "AvoidClashesConstraint": _always_held,
    "AvoidUnavailableTimesConstraint": _unavailable,
    "PreferTimesConstraint": _prefer_times,
    "SplitEventsConstraint": _split,
    "DistributeSplitEventsConstraint": _distribute,
    "SpreadEventsConstraint": _spread,
    "LimitIdleTimesConstraint": _idle,
    LIMIT_BUSY: _busy_times,
    "ClusterBusyTimesConstraint": _busy_days,
    "LinkEventsConstraint": _link_events,
}


# --- a jianfu timetable of an imported instance, back as an XHSTT solution -----------------------


def lessons_without_time(instance: XhsttInstance, lessons: list[Lesson]) -> list[Problem]:
    """A lesson on a day or period the instance has no time for, named by its place in the timetable."""
    importer = _Importer(instance, _days(instance, "")[0], ImportReport())
    slots = set(importer.slot.values())
    return [
        Problem(
            f"lessons[{index}]",
            f"{lesson.day} period {lesson.period}: no XHSTT time",
            f"{lesson.day}第{lesson.period}节：没有对应的XHSTT时间",
        )
        for index, lesson in enumerate(lessons)
        if (lesson.day, lesson.period) not in slots
    ]


def timetable_solution(instance: XhsttInstance, lessons: list[Lesson]) -> XhsttSolution:
    """The XHSTT solution of a jianfu timetable of `instance` as `import_xhstt` imports it (every
    lesson at an XHSTT time: see `lessons_without_time`). Each event takes its times from its classes'
    lessons of its subject (linked events first, at times all their classes have; then 合班, at times
    all its classes have; then the longest events), a run
    of the event's length preferred; a run taken is cut into parts no longer than the event's
    SplitEvents allow, and what the timetable lacks is a part without a time."""
    importer = _Importer(instance, _days(instance, "")[0], ImportReport())
    importer.data()
    at = {slot: t for t, slot in importer.slot.items()}
    free: dict[tuple[str, str], set[int]] = defaultdict(set)
    for lesson in lessons:
        free[lesson.class_, lesson.subject].add(at[lesson.day, lesson.period])
    order = sorted(importer.subject_of, key=lambda e: (-len(importer.classes_of[e]), -instance.events[e].duration))
    timed: set[str] = set()
    parts = []
    for events in [*importer.linked, *([e] for e in order)]:
        if timed.intersection(events):
            continue
        keys = [(name, importer.subject_of[e]) for e in events for name in importer.classes_of[e]]
        duration = instance.events[events[0]].duration
        taken = _take(sorted(set.intersection(*(free[key] for key in keys))), duration, importer)
        for key in keys:
            free[key] -= set(taken)
        for event_id in events:
            parts += _solution_events(instance, importer, event_id, taken)
        timed.update(events)
    return XhsttSolution(instance.id, tuple(parts))


def _solution_events(instance: XhsttInstance, importer: _Importer, event_id: str, taken: list[int]) -> list:
    """An event's solution events at the times taken (cut as its SplitEvents allow), and a part without
    a time for what is missing."""
    longest = importer.longest_part(event_id)
    runs = [run[k : k + longest] for run in _runs(taken, importer) for k in range(0, len(run), longest)]
    parts = [SolutionEvent(event_id, len(run), instance.times[run[0]].id) for run in runs]
    missing = instance.events[event_id].duration - len(taken)
    return parts + ([SolutionEvent(event_id, missing)] if missing > 0 else [])


def _runs(times: list[int], importer: _Importer) -> list[list[int]]:
    """Maximal runs of consecutive times within one day."""
    runs: list[list[int]] = []
    for t in sorted(times):
        if runs and runs[-1][-1] == t - 1 and importer.slot[t][0] == importer.slot[t - 1][0]:
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def _take(pool: list[int], duration: int, importer: _Importer) -> list[int]:
    """`duration` times of the pool (fewer when it has fewer): a run of exactly that length if there
    is one, else from the longest runs."""
    runs = _runs(pool, importer)
    exact = next((run for run in runs if len(run) == duration), None)
    if exact is not None:
        return exact
    taken: list[int] = []
    for run in sorted(runs, key=len, reverse=True):
        taken += run[: duration - len(taken)]
    return taken
