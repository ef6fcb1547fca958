"""The instance file: a school, its week, its rules and its teaching load (pydantic v2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator
from pydantic import Strict as StrictType

from models.bell import ACTIVITY_BLOCKS, HOMEWORK_BLOCKS, Bell, Block, Strict, TimeRef
from models.calendar import WEEKDAY_NAMES, ClockTime
from models.policy import PolicySettings, Stage, resolve_policy
from models.rules import DEFAULT_WEIGHTS
from models.section import Section, SectionSettings
from models.term import TermCalendar, TermDay, bell_on, term_days

SubjectKind = Literal["main", "pe", "other"]

# Subjects whose kind is known without being declared (语数英 are the main subjects).
KNOWN_SUBJECT_KINDS: dict[str, SubjectKind] = {
    "语文": "main",
    "数学": "main",
    "英语": "main",
    "外语": "main",
    "体育": "pe",
    "体育与健康": "pe",
}

Pair = Annotated[tuple[str, str], StrictType(False)]  # two names, written as a YAML or JSON list
WeekCount = Annotated[int, Field(le=60)]  # lessons of a subject in a week (0 drops it; below 0 is named in validation)


class School(Strict):
    """Who the timetable is for; `stage` when the school is one section (else `sections`)."""

    name: str = Field(min_length=1)
    stage: Stage | None = None


class Subject(Strict):
    """A subject and the shared venue its lessons need (none: the class's own room)."""

    name: str = Field(min_length=1)
    kind: SubjectKind | None = None
    venue: str | list[str] | None = Field(
        None, description="The shared venue its lessons need, or a list of venues: any one of them for each lesson."
    )
    venue_lessons: int | None = Field(
        None, ge=0, le=40, description="Only this many of its lessons a week take place in `venue` (e.g. 1 of 3 in a lab)."
    )
    double_venue: str | list[str] | None = Field(
        None, description="The venue (or any one of these) its double lessons need, e.g. a lab for 物理's experiment double."
    )
    max_per_day: int | None = Field(None, ge=1, le=20)


class AlternatingPair(Strict):
    """单双周: one weekly slot taught as `odd` in odd weeks and `even` in even weeks."""

    odd: str
    even: str
    lessons: int = Field(1, ge=1, le=20)


class HomeworkPlan(Strict):
    """A subject's homework: `items` a week of `minutes` each; written (书面) or not (reading, sport...)."""

    items: int = Field(ge=0, le=20)
    minutes: int = Field(ge=1, le=240)
    written: bool = True


class Grade(Strict):
    """A grade's lesson plan: weekly lessons per subject, double lessons (连堂) wanted per week."""

    grade: int = Field(ge=1, le=9)
    plan: dict[str, WeekCount]
    doubles: dict[str, WeekCount] = {}
    alternating: list[AlternatingPair] = []
    homework: dict[str, HomeworkPlan] = {}


class SchoolClass(Strict):
    """A class; `plan` and `doubles` override its grade's entries (0 drops a subject)."""

    name: str = Field(min_length=1)
    grade: int = Field(ge=1, le=9)
    plan: dict[str, WeekCount] = {}
    doubles: dict[str, WeekCount] = {}
    homework: dict[str, HomeworkPlan] = {}


WISHED_MOST = 20  # lessons a day, the most a teacher's daily wish may name


class DailyWish(Strict):
    """希望每天课时: on each school day a teacher teaches, at least `min` and at most `max` lessons (a
    wish the soft rule soft.teacher_daily_range weighs: each lesson short of it or beyond it counts; a
    period taught in either week, as an odd/even pair's, counts once)."""

    min: int = Field(1, ge=1, le=WISHED_MOST)
    max: int | None = Field(None, ge=1, le=WISHED_MOST)


class Teacher(Strict):
    """A teacher: what they teach (subject -> classes), blocked times (教研, meetings), daily maximum,
    the most days a week they teach (a part-time or 走教 teacher's days at the school), the days a
    week they wish to teach on at most (a wish the soft rule soft.teacher_days weighs) and the lessons
    they wish to teach on a day they teach (soft.teacher_daily_range)."""

    name: str = Field(min_length=1)
    teaches: dict[str, list[str]] = {}
    blocked: list[TimeRef] = []
    max_per_day: int | None = Field(None, ge=1, le=20)
    max_days: int | None = Field(
        None, ge=1, le=7, description="每周最多上课天数: the most school days a week with a lesson."
    )
    preferred_days: int | None = Field(
        None,
        ge=1,
        le=7,
        description="希望每周上课天数: each school day with a lesson beyond it counts for soft.teacher_days.",
    )
    preferred_per_day: DailyWish | None = Field(
        None, description="希望每天课时: on a day with a lesson, lessons short of `min` or beyond `max` count."
    )


class VenueTime(Strict):
    """A time of the week when a venue takes another number of classes (0: closed)."""

    day: str | None = Field(None, description="Every school day if left out.")
    start: ClockTime
    end: ClockTime
    capacity: int = Field(ge=0, le=100)


class Venue(Strict):
    """A shared venue and how many classes it takes at once (场地容量), less at some times."""

    name: str = Field(min_length=1)
    capacity: int = Field(1, ge=1, le=100)
    capacity_at: list[VenueTime] = Field([], description="Times with another capacity (a section's use, a closure).")


@dataclass(frozen=True)
class VenueNeed:
    """What a subject's lessons need: one of `venues` for each lesson (or for `lessons` of them a week;
    none: the class's own room), and one of `double_venues` for each of its double lessons."""

    venues: tuple[str, ...] = ()
    lessons: int | None = None
    double_venues: tuple[str, ...] = ()

    @property
    def fixed(self) -> str | None:
        """The one venue every lesson needs, when that is all the subject asks."""
        plain = len(self.venues) == 1 and self.lessons is None and not self.double_venues
        return self.venues[0] if plain else None

    @property
    def flexible(self) -> bool:
        """A choice of venues, some lessons only, or double lessons elsewhere: the lesson says where."""
        return bool(self.venues or self.double_venues) and self.fixed is None


class Merged(Strict):
    """合班: `lessons` weekly lessons of `subject` taught to several classes at once by one teacher."""

    subject: str
    classes: list[str] = Field(min_length=2)
    lessons: int | None = Field(None, ge=1, le=40, description="All the subject's lessons if left out.")
    doubles: int = Field(0, ge=0, le=20)


class TogetherMember(Strict):
    """A class's weekly lessons of a subject, in a 同时上课 entry."""

    class_: str = Field(alias="class")
    subject: str

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Together(Strict):
    """同时上课: lessons of several classes at the same times, each with its own teacher (分项体育,
    分层走班): `lessons` of their weekly lessons (all of them, equal in number, if left out)."""

    of: list[TogetherMember] = Field(min_length=2)
    lessons: int | None = Field(None, ge=1, le=40)


class Fixed(Strict):
    """固排: a subject at a fixed slot for some classes (all classes whose plan has it, if none named)."""

    subject: str
    day: str
    period: int
    classes: list[str] | None = None
    grades: list[int] | None = None


class Forbidden(TimeRef):
    """禁排: no lesson of a class, grade, subject or teacher in these slots (尽量不排 in preferences.avoid:
    rather none)."""

    class_: str | None = Field(None, alias="class")
    grade: int | None = None
    subject: str | None = None
    teacher: str | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def names(self, class_name: str, grade: int, subject: str, teachers: list[str]) -> bool:
        """Whether the entry is for this class, its grade, the subject or one of the teachers."""
        return (
            self.class_ == class_name
            or self.grade == grade
            or self.subject == subject
            or (self.teacher is not None and self.teacher in teachers)
        )


class SubjectOrder(Strict):
    """不相邻 / 先后: `first` not in the period right before `then` (e.g. 体育 before 数学)."""

    first: str
    then: str


class Preferences(Strict):
    """Soft rules that apply only where configured (their weights are in `weights`)."""

    no_noon_crossing: list[str] | bool = Field(
        False, description="不跨中午: these teachers (true: all) avoid the last morning and first afternoon period."
    )
    parallel_same_half_day: list[str] | bool = Field(
        False, description="These teachers (true: all) teach a subject's parallel classes in one half-day."
    )
    not_before: list[SubjectOrder] = []
    not_same_day: list[Pair] = Field([], description="互斥: two subjects not on one day for a class.")
    teachers_apart: list[Pair] = Field([], description="互斥: two teachers never teaching at once.")
    avoid: list[Forbidden] = Field(
        [], description="尽量不排: slots a class, grade, subject or teacher would rather have no lesson in."
    )


class Instance(Strict):
    """A school's term: the input of every jianfu command."""

    school: School
    days: list[str] = Field(default_factory=lambda: list(WEEKDAY_NAMES), min_length=1)
    bell: Bell | None = Field(None, description="The bell schedule; each section's own if the sections give one.")
    policy: PolicySettings = PolicySettings()
    sections: list[SectionSettings] = Field(
        [], description="学部: grades with their own stage, bell and policy (九年一贯制, 五四制); else school.stage."
    )
    subjects: list[Subject] = []
    venues: list[Venue] = []
    grades: list[Grade] = Field(min_length=1)
    classes: list[SchoolClass] = Field(min_length=1)
    teachers: list[Teacher] = Field(min_length=1)
    merged: list[Merged] = []
    together: list[Together] = []
    fixed: list[Fixed] = []
    forbidden: list[Forbidden] = []
    preferences: Preferences = Preferences()
    weights: dict[str, int] = Field(default_factory=dict, description="Soft-rule weights by rule id.")
    calendar: TermCalendar | None = Field(None, description="校历: the term's dates, holidays, 调休 and exams.")

    @field_validator("subjects", mode="before")
    @classmethod
    def _subject_names(cls, value: object) -> object:
        """A subject may be written as its bare name."""
        if isinstance(value, list):
            return [{"name": item} if isinstance(item, str) else item for item in value]
        return value

    def under_bell(self, bell: Bell) -> Instance:
        """The same school under another bell (a dated bell of its calendar, e.g. 冬季作息): what the
        daily minute rules read on those dates."""
        data = self.model_dump(by_alias=True, exclude={"calendar"}) | {"bell": bell.model_dump()}
        return Instance.model_validate(data)

    @cached_property
    def dated_bells(self) -> list[Instance]:
        """The school under each dated bell of its calendar, in the calendar's order (built once)."""
        return [self.under_bell(entry.bell) for entry in (self.calendar.bells if self.calendar else [])]

    def on_date(self, date: dt.date) -> Instance:
        """The school as its daily rules read it on a date: under the dated bell then in force, if any."""
        entry = bell_on(self.calendar, date) if self.calendar else None
        return self.dated_bells[self.calendar.bells.index(entry)] if entry else self

    @cached_property
    def term(self) -> dict[dt.date, TermDay]:
        """Every date of the calendar's term with its status, in date order (empty without a calendar)."""
        return {day.date: day for day in term_days(self.calendar, self.days)} if self.calendar else {}

    def grades_taught(self, section: Section) -> list[int]:
        """A section's grades that have classes, in order: the ones its bell's rules concern."""
        return sorted({c.grade for c in self.classes if c.grade in section.grades})

    # Derived lookups. They assume a validated instance (see models.validation).

    @cached_property
    def sections_in_force(self) -> list[Section]:
        """The school's sections with their bells and policies resolved: one holding every grade when
        the file names a single `school.stage`."""
        if not self.sections:
            grades = frozenset(grade.grade for grade in self.grades)
            policy = resolve_policy(self.policy, self.school.stage)
            return [Section(self.school.name, self.school.stage, grades, self.bell, policy, self.days)]
        return [
            Section(
                entry.name,
                entry.stage,
                frozenset(entry.grades),
                entry.bell or self.bell,
                resolve_policy(self._section_settings(entry), entry.stage),
                self.days,
            )
            for entry in self.sections
        ]

    def _section_settings(self, entry: SectionSettings) -> PolicySettings:
        """A section's policy: the numbers it names over the school's, and its own preset or profile
        when it names one (the school's otherwise); the preset fills the rest."""
        if entry.policy is None:
            return self.policy
        own = entry.policy.model_dump(exclude_unset=True)
        merged = self.policy.model_dump(exclude_unset=True) | own
        if "preset" in own:
            merged["profile"] = own.get("profile")
        if "homework_caps" in own:
            merged["homework_caps"] = self.policy.homework_caps | own["homework_caps"]
        return PolicySettings.model_validate(merged)

    @cached_property
    def section_by_grade(self) -> dict[int, Section]:
        """The section each grade belongs to."""
        return {grade: section for section in self.sections_in_force for grade in section.grades}

    def section_of(self, class_name: str) -> Section:
        """The section a class belongs to."""
        return self.section_by_grade[self.class_by_name[class_name].grade]

    @cached_property
    def moments(self) -> list[tuple[str, int]]:
        """(day, minute) at which a period of some section starts, in week order: two lessons overlap
        in time exactly when both run at one of these moments."""
        starts = sorted({section.interval(p)[0] for section in self.sections_in_force for p in section.periods})
        return [(day, minute) for day in self.days for minute in starts]

    @cached_property
    def weights_in_force(self) -> Mapping[str, int]:
        """Soft-rule weights: the catalogue's defaults, overridden by the instance (read-only)."""
        return MappingProxyType(DEFAULT_WEIGHTS | self.weights)

    @cached_property
    def subject_names(self) -> set[str]:
        """The subjects the instance knows: those declared, else every subject its plans name."""
        declared = {subject.name for subject in self.subjects}
        if declared:
            return declared
        named = {name for grade in self.grades for name in grade.plan}
        named |= {name for grade in self.grades for pair in grade.alternating for name in (pair.odd, pair.even)}
        return named | {name for school_class in self.classes for name in school_class.plan}

    @cached_property
    def subject_by_name(self) -> dict[str, Subject]:
        """Declared subjects by name."""
        return {subject.name: subject for subject in self.subjects}

    def subject_kind(self, name: str) -> SubjectKind:
        """main / pe / other, from the declaration or the built-in catalogue."""
        declared = self.subject_by_name.get(name)
        if declared is not None and declared.kind is not None:
            return declared.kind
        return KNOWN_SUBJECT_KINDS.get(name, "other")

    def subject_daily_max(self, name: str, class_name: str) -> int:
        """At most this many lessons of the subject per day for the class (rule subject.daily_max)."""
        declared = self.subject_by_name.get(name)
        if declared is not None and declared.max_per_day is not None:
            return declared.max_per_day
        policy = self.section_of(class_name).policy
        if self.subject_kind(name) == "main":
            return policy.main_subject_daily_max
        return policy.other_subject_daily_max

    def subject_day_most(self, name: str, class_name: str, with_double: bool) -> int:
        """The most lessons of the subject a day for the class (rule subject.daily_max): on a day with
        one of its double lessons 2, or one more than the maximum when a double counts once."""
        limit = self.subject_daily_max(name, class_name)
        if not with_double:
            return limit
        return limit + 1 if self.section_of(class_name).policy.daily_max_counts == "occurrences" else max(limit, 2)

    def venue_need(self, name: str) -> VenueNeed:
        """What a subject's lessons need of the shared venues."""
        declared = self.subject_by_name.get(name)
        if declared is None:
            return VenueNeed()
        return VenueNeed(_names(declared.venue), declared.venue_lessons, _names(declared.double_venue))

    def subject_venue(self, name: str) -> str | None:
        """The one shared venue every lesson of a subject needs, if that is how the subject is set."""
        return self.venue_need(name).fixed

    def venue_capacity(self, venue: str, day: str, minute: int) -> int:
        """How many classes a venue takes at that moment."""
        entry = self.venue_by_name[venue]
        windows = [t.capacity for t in entry.capacity_at if (t.day is None or t.day == day) and t.start <= minute < t.end]
        return min(windows, default=entry.capacity)

    @cached_property
    def clock_moments(self) -> tuple[int, ...]:
        """Every minute at which a period of some section starts or a venue's other capacity begins or
        ends: two lessons overlap in time, or one meets such a window, exactly when both run at one."""
        edges = {edge for venue in self.venues for t in venue.capacity_at for edge in (t.start, t.end)}
        return tuple(sorted({minute for _, minute in self.moments} | edges))

    @cached_property
    def period_moments(self) -> Mapping[tuple[str, int], tuple[int, ...]]:
        """Per (section, period): the clock moments inside that period (read-only)."""
        return MappingProxyType(
            {
                (section.name, period): tuple(m for m in self.clock_moments if start <= m < end)
                for section in self.sections_in_force
                for period in section.periods
                for start, end in [section.interval(period)]
            }
        )

    def venue_moments(self, venue: str) -> list[tuple[str, int]]:
        """The moments at which a venue's classes are counted: every period start, and every start and
        end of a time with another capacity."""
        extra = {
            (day, minute)
            for t in self.venue_by_name[venue].capacity_at
            for day in ([t.day] if t.day else self.days)
            for minute in (t.start, t.end)
        }
        return sorted(set(self.moments) | extra, key=lambda moment: (self.days.index(moment[0]), moment[1]))

    @cached_property
    def grade_by_number(self) -> dict[int, Grade]:
        return {grade.grade: grade for grade in self.grades}

    @cached_property
    def class_by_name(self) -> dict[str, SchoolClass]:
        return {school_class.name: school_class for school_class in self.classes}

    def together_lessons(self, entry: Together) -> int:
        """How many lessons of a 同时上课 entry's classes are to be at the same times."""
        if entry.lessons is not None:
            return entry.lessons
        return min(self.class_plan(m.class_).get(m.subject, 0) for m in entry.of)

    def class_plan(self, class_name: str) -> dict[str, int]:
        """Weekly lessons per subject of a class: its grade's plan with the class's overrides."""
        school_class = self.class_by_name[class_name]
        plan = dict(self.grade_by_number[school_class.grade].plan)
        plan.update(school_class.plan)
        return {subject: count for subject, count in plan.items() if count > 0}

    def class_week_lessons(self, class_name: str) -> int:
        """The class's lessons a week: its plan's and its odd/even-week slots (单双周), each slot once."""
        return sum(self.class_plan(class_name).values()) + sum(pair.lessons for pair in self.class_alternating(class_name))

    def class_doubles(self, class_name: str) -> dict[str, int]:
        """Double lessons wanted per week per subject of a class."""
        school_class = self.class_by_name[class_name]
        doubles = dict(self.grade_by_number[school_class.grade].doubles)
        doubles.update(school_class.doubles)
        return {subject: count for subject, count in doubles.items() if count > 0}

    @cached_property
    def wanted_doubles(self) -> Mapping[tuple[str, str], int]:
        """Double lessons (连堂) wanted per week per (class, subject): the plans' and the merged lessons'
        (read-only)."""
        wanted: dict[tuple[str, str], int] = {}
        for school_class in self.classes:
            for subject, count in self.class_doubles(school_class.name).items():
                wanted[school_class.name, subject] = wanted.get((school_class.name, subject), 0) + count
        for entry in self.merged:
            for name in entry.classes:
                if entry.doubles:
                    wanted[name, entry.subject] = wanted.get((name, entry.subject), 0) + entry.doubles
        return MappingProxyType(wanted)

    def homework_weeks(self, class_name: str, subject: str) -> str:
        """The weeks a class's homework of a subject is set in: all, or odd / even for a subject of an
        odd/even-week pair (单双周)."""
        for pair in self.class_alternating(class_name):
            if subject in (pair.odd, pair.even) and subject not in self.class_plan(class_name):
                return "odd" if subject == pair.odd else "even"
        return "all"

    def class_homework(self, class_name: str) -> dict[str, HomeworkPlan]:
        """The class's weekly homework plan per subject: its grade's with the class's overrides."""
        school_class = self.class_by_name[class_name]
        homework = dict(self.grade_by_number[school_class.grade].homework)
        homework.update(school_class.homework)
        return {subject: plan for subject, plan in homework.items() if plan.items > 0}

    def homework_cap(self, class_name: str) -> int:
        """Written-homework minutes a day allowed for the class's grade (rule homework.daily_cap)."""
        return self.section_of(class_name).policy.homework_caps[self.class_by_name[class_name].grade]

    def weekend_homework_cap(self, class_name: str) -> int:
        """Written minutes allowed on the last school day of the week (rule homework.weekend)."""
        weekend = self.section_of(class_name).policy.weekend_homework_minutes
        cap = self.homework_cap(class_name)
        return cap if weekend is None else min(cap, weekend)

    def day_homework_cap(self, class_name: str, day: str) -> int:
        """Written minutes allowed on a day: the weekend cap on the last school day, else the daily cap."""
        return self.weekend_homework_cap(class_name) if day == self.days[-1] else self.homework_cap(class_name)

    def missing_activity_minutes(self, class_name: str, day: str) -> int:
        """Activity minutes a class's PE lessons must add on a day: the daily minimum beyond its activity blocks."""
        need = self.section_of(class_name).policy.min_daily_activity_minutes
        return max(0, need - self.block_minutes(class_name, day, ACTIVITY_BLOCKS))

    def guidance_minutes(self, class_name: str, day: str) -> int:
        """Minutes of a class's after-school sessions on a day where written homework is done at school
        (homework guidance, evening study)."""
        return self.block_minutes(class_name, day, HOMEWORK_BLOCKS)

    def class_alternating(self, class_name: str) -> list[AlternatingPair]:
        """The class's odd/even-week pairs (from its grade)."""
        return self.grade_by_number[self.class_by_name[class_name].grade].alternating

    @cached_property
    def teacher_of(self) -> dict[tuple[str, str], str]:
        """The teaching assignment: (class, subject) -> teacher."""
        return {
            (class_name, subject): teacher.name
            for teacher in self.teachers
            for subject, class_names in teacher.teaches.items()
            for class_name in class_names
        }

    @cached_property
    def teacher_by_name(self) -> dict[str, Teacher]:
        return {teacher.name: teacher for teacher in self.teachers}

    def teacher_blocked(self, teacher: str, section: Section) -> frozenset[tuple[str, int]]:
        """A teacher's blocked (day, period) slots in a section's bell."""
        return self._teacher_blocked[teacher, section.name]

    @cached_property
    def _teacher_blocked(self) -> dict[tuple[str, str], frozenset[tuple[str, int]]]:
        return {
            (teacher.name, section.name): frozenset(
                slot for slot in section.week_slots if any(section.slot_in(ref, *slot) for ref in teacher.blocked)
            )
            for teacher in self.teachers
            for section in self.sections_in_force
        }

    @cached_property
    def venue_by_name(self) -> dict[str, Venue]:
        return {venue.name: venue for venue in self.venues}

    def block_minutes(self, class_name: str, day: str, kinds: set[str]) -> int:
        """Minutes of a class's blocks of these kinds on a day (e.g. LEARNING_BLOCKS, ACTIVITY_BLOCKS)."""
        return self.section_of(class_name).block_minutes(self.class_by_name[class_name].grade, day, kinds)

    def blocks_for(self, class_name: str, day: str) -> list[Block]:
        """The non-lesson blocks a class has on a day (its section's)."""
        return self.section_of(class_name).blocks_for(self.class_by_name[class_name].grade, day)

    def fixed_lessons(self) -> list[tuple[str, str, str, int]]:
        """(class, subject, day, period) of every fixed lesson (固排), the entries expanded to classes."""
        targets = []
        for entry in self.fixed:
            for school_class in self.classes:
                named = entry.classes is not None and school_class.name in entry.classes
                in_grade = entry.grades is not None and school_class.grade in entry.grades
                everyone = entry.classes is None and entry.grades is None
                if named or in_grade or (everyone and entry.subject in self.class_plan(school_class.name)):
                    targets.append((school_class.name, entry.subject, entry.day, entry.period))
        return targets

    def prefers(self, setting: list[str] | bool, teacher: str) -> bool:
        """Whether a per-teacher preference (a list of names, or true for all) covers a teacher."""
        return setting is True or (isinstance(setting, list) and teacher in setting)


def _names(value: str | list[str] | None) -> tuple[str, ...]:
    """A venue or a list of venues, as a tuple."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)
