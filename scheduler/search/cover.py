"""Covers (调课 / 代课) for teachers away on dates of the term: one CP-SAT model per change set.

Each lesson a teacher away would have taught gets exactly one option: a swap with another lesson of
its class in the same teaching week (the subject teacher keeps it), a substitute who is free then,
not away, not in blocked time and teaches that subject or that class, a merged lesson (合班) with a
class of its grade having that subject then, where the office allows it, or a self-study period with
a duty teacher (自习, the last resort, and never one that breaks the day's activity rules). A lesson
whose venue is closed moves to another time (a swap) or into the class's own room (室内课). Teachers
teach one lesson at a time and stay within their daily maximum and their days a week (nobody brought
in on a new day past it); nobody covers more than the week's maximum. The objective: fewest changes,
swaps before substitutes, self-study last, and the covers spread (the busiest teacher's count kept
low). The independent checker (scheduler.check.cover) then reads the change set on its dates.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.absence import Absences, CoverChange, away_at, teacher_away, venue_closure
from models.bell import LEARNING_BLOCKS
from models.instance import Instance
from models.rules import AuditRuleId, RuleId
from models.solution import Lesson
from scheduler.check.cover import CoverPlan, check_cover, covered_lessons, day_breaches, qualified
from scheduler.check.term import DatedLesson
from scheduler.check.timetable import lesson_teachers, lesson_venue

COST = {"indoor": 2, "swap": 3, "substitute": 4, "merge": 5, "classroom": 5, "self_study": 20}
# indoor: PE held indoors (室内体育课); classroom: another lesson out of its closed venue (a lab, the
# computer room) into the class's own room, which loses what the venue has: a swap comes first
FAIRNESS = 2  # per cover of the busiest substitute


@dataclass
class Option:
    """One way to hold an affected lesson: its change, and who it puts where."""

    change: CoverChange
    cost: int
    places: list[tuple[str, dt.date, int]]  # (teacher, date, start minute) it occupies
    partner: DatedLesson | None = None  # the other lesson it takes: a swap's, or the lesson a merge joins
    venue_moves: list[tuple[tuple[str, dt.date, int], int]] = field(default_factory=list)  # ((venue, date, minute), ±1)


def _minutes(inst: Instance, lesson: Lesson, date: dt.date) -> tuple[int, ...]:
    """The moments a lesson runs at on a date, in its class's bell then (冬季作息 on its dates): every
    period start of any section, and every edge of a venue's other capacity, inside it (two lessons
    overlap exactly when both run at one)."""
    return inst.on_date(date).period_moments[inst.section_of(lesson.class_).name, lesson.period]


class _Planner:
    """The options of each affected lesson, read off the dated timetable as held."""

    def __init__(self, inst: Instance, lessons: list[Lesson], absences: Absences, previous: list[CoverChange]):
        self.inst, self.absences = inst, absences
        self.days = inst.term
        self.held = covered_lessons(inst, lessons, absences, previous)  # earlier change sets stand
        self.covers = Counter((c.cover, self.days[c.date].week) for c in previous if c.cover)
        self.busy: set[tuple[str, dt.date, int]] = set()  # (teacher, date, minute): teaching or on duty then
        self.load: dict[tuple[str, dt.date], int] = defaultdict(int)
        self.dates_taught: dict[tuple[str, int], set[dt.date]] = defaultdict(set)  # (teacher, week): dates with a lesson
        self.venue_use: dict[tuple[str, dt.date, int], int] = defaultdict(int)  # (venue, date, minute)
        self.of_class: dict[tuple[str, dt.date], list[DatedLesson]] = defaultdict(list)
        self.fixed = {(c, d, p) for c, _, d, p in inst.fixed_lessons()}
        # half of a 合班 or of a 同时上课 entry: (class, subject) lessons that move only with the others
        self.held_with_others = {(name, m.subject) for m in inst.merged for name in m.classes}
        self.held_with_others |= {(m.class_, m.subject) for entry in inst.together for m in entry.of}
        for item in self.held:
            self.of_class[item.lesson.class_, item.date].append(item)
            for teacher in lesson_teachers(inst, item.lesson):
                self.busy.update((teacher, item.date, minute) for minute in _minutes(inst, item.lesson, item.date))
                self.load[teacher, item.date] += 1
                self.dates_taught[teacher, self.days[item.date].week].add(item.date)
            if venue := lesson_venue(inst, item.lesson):
                for minute in _minutes(inst, item.lesson, item.date):
                    self.venue_use[venue, item.date, minute] += 1
        for change in previous:  # a duty teacher of an earlier self-study is busy then
            if change.kind == "self_study" and change.cover:
                lesson = Lesson.model_validate(
                    {"class": change.class_, "subject": change.subject, "day": "", "period": change.period}
                )
                self.busy.update((change.cover, change.date, minute) for minute in _minutes(inst, lesson, change.date))

    def away(self, teacher: str, date: dt.date, lesson: Lesson) -> bool:
        return teacher_away(self.inst, self.absences, teacher, date, lesson.class_, lesson.period)

    def closed(self, date: dt.date, lesson: Lesson) -> bool:
        """The lesson's venue is closed at its time on that date."""
        venue = lesson_venue(self.inst, lesson)
        return venue_closure(self.inst, self.absences, venue, date, lesson.class_, lesson.period) is not None

    def _teacher_away(self, item: DatedLesson) -> bool:
        return any(self.away(t, item.date, item.lesson) for t in lesson_teachers(self.inst, item.lesson))

    def is_affected(self, item: DatedLesson) -> bool:
        """A teacher of the lesson is away then, or its venue is closed."""
        teachers = lesson_teachers(self.inst, item.lesson)
        return any(self.away(t, item.date, item.lesson) for t in teachers) or self.closed(item.date, item.lesson)

    def affected(self) -> list[DatedLesson]:
        """The lessons a teacher away would have taught, and those in a venue closed then."""
        return [item for item in self.held if self.is_affected(item)]

    def free(self, teacher: str, date: dt.date, lesson: Lesson) -> bool:
        """Not away, not teaching or on duty at any minute of it, not in blocked time (教研) nor 禁排
        then, on the weekday that date runs."""
        section, runs = self.inst.section_of(lesson.class_), self.days[date].runs or ""
        blocked = (runs, lesson.period) in self.inst.teacher_blocked(teacher, section)
        as_taught = lesson.model_copy(update={"teachers": [teacher], "day": runs})
        if blocked or self.away(teacher, date, lesson) or self.forbidden(as_taught):
            return False
        return not any((teacher, date, minute) in self.busy for minute in _minutes(self.inst, lesson, date))

    def forbidden(self, lesson: Lesson) -> bool:
        """The lesson (on the weekday its `day` names) falls in a 禁排 slot naming its class, grade,
        subject or teacher (any of them, as the model and the checker read an entry)."""
        inst, section = self.inst, self.inst.section_of(lesson.class_)
        grade, teachers = inst.class_by_name[lesson.class_].grade, lesson_teachers(inst, lesson)
        return any(
            entry.names(lesson.class_, grade, lesson.subject, teachers) and section.slot_in(entry, lesson.day, lesson.period)
            for entry in inst.forbidden
        )

    def options(self, item: DatedLesson) -> list[Option]:
        """Every way to hold one affected lesson."""
        lesson, found = item.lesson, []
        teachers, closed = lesson_teachers(self.inst, lesson), self.closed(item.date, lesson)
        absent = next((t for t in teachers if self.away(t, item.date, lesson)), None)
        leaves = self._in_venue(lesson, item.date, lesson.period, -1)  # out of its venue: indoors, or no lesson
        if absent is None:  # its teacher is here, its venue closed: the class's own room, or another time
            cost = COST["indoor" if self.inst.subject_kind(lesson.subject) == "pe" else "classroom"]
            indoor = Option(self._change("indoor", item, teachers[0], indoor=True), cost, [], venue_moves=leaves)
            return [indoor, *(self._swaps(item, teachers[0]) if len(teachers) == 1 else [])]
        droppable = self.droppable(item)
        for teacher in self.inst.teacher_by_name:
            if teacher == absent or not self.free(teacher, item.date, lesson):
                continue
            kind = "substitute" if qualified(self.inst, teacher, lesson.class_, lesson.subject) else "self_study"
            if kind == "self_study" and not droppable:
                continue
            change = self._change(kind, item, absent, cover=teacher, indoor=closed and kind == "substitute")
            moves = leaves if closed or kind == "self_study" else []
            found.append(Option(change, COST[kind], self._places(teacher, item.date, lesson), venue_moves=moves))
        return found + ([] if closed else self._merges(item, absent)) + self._swaps(item, absent)

    def why_uncovered(self, item: DatedLesson) -> list[tuple[str, str]]:
        """Why nothing holds a lesson, in words an office can act on (english, chinese): each qualified
        teacher's reason, the day rule a self-study would break, and that no lesson can swap."""
        inst, lesson = self.inst, item.lesson
        teachers = lesson_teachers(inst, lesson)
        reasons = [
            self._not_free(teacher, item.date, lesson)
            for teacher in inst.teacher_by_name
            if teacher not in teachers and qualified(inst, teacher, lesson.class_, lesson.subject)
        ]
        if not self.droppable(item):
            lost = self._lost_without(item)
            reasons += [(f"a self-study would break: {v.message}", f"改上自习则违反：{v.message_zh}") for v in lost]
        else:
            reasons.append(("no teacher is free then to supervise a self-study", "此时没有空闲的教师看自习"))
        reasons.append(("no lesson of the class this week can swap with it", "本周该班没有可对调的课"))
        return reasons

    def _not_free(self, teacher: str, date: dt.date, lesson: Lesson) -> tuple[str, str]:
        """Why a teacher cannot take a lesson then: away, teaching, or blocked time (教研, 禁排)."""
        if self.away(teacher, date, lesson):
            return f"{teacher} is away then", f"{teacher}此时缺勤"
        moments = set(_minutes(self.inst, lesson, date))
        that_day = (item for name in self.inst.class_by_name for item in self.of_class[name, date])
        for other in (item.lesson for item in that_day):
            if teacher in lesson_teachers(self.inst, other) and moments & set(_minutes(self.inst, other, date)):
                taught = f"{other.class_} {other.subject}"
                return f"{teacher} teaches {taught} then", f"{teacher}此时在上{other.class_}{other.subject}"
        return f"{teacher} is in blocked time then (教研, 禁排)", f"{teacher}此时为不排课时间（教研、禁排）"

    def _lost_without(self, item: DatedLesson) -> list:
        """The class's daily breaches that holding the lesson as self-study would add, together with
        every other PE lesson of its day whose teacher is away (only a PE lesson's loss can break a
        daily rule: activity minutes, the daily PE lesson; one in a closed venue is held indoors)."""
        inst, lesson = self.inst, item.lesson
        day = list(self.of_class[lesson.class_, item.date])
        kept = [i.lesson for i in day if inst.subject_kind(i.lesson.subject) != "pe" or not self._teacher_away(i)]
        found = {
            v.rule for v in day_breaches(inst, self.days[item.date], [i.lesson for i in day]) if v.class_ == lesson.class_
        }
        after = day_breaches(inst, self.days[item.date], kept)
        return [v for v in after if v.class_ == lesson.class_ and v.rule not in found]

    def droppable(self, item: DatedLesson) -> bool:
        """Whether the class's day keeps its daily rules when the lesson is held as self-study."""
        return self.inst.subject_kind(item.lesson.subject) != "pe" or not self._lost_without(item)

    def _merges(self, item: DatedLesson, absent: str) -> list[Option]:
        """Merged lessons (合班): the class joins another class of its grade (so of its bell) having that
        subject then, taught by a teacher who is here, where the absences file lets the subject merge."""
        inst, lesson = self.inst, item.lesson
        if lesson.subject not in self.absences.merge_subjects or self._merged(lesson):
            return []
        grade, found = inst.class_by_name[lesson.class_].grade, []
        for other in inst.classes:
            if other.name == lesson.class_ or other.grade != grade:
                continue
            for host in self.of_class[other.name, item.date]:
                teachers = lesson_teachers(inst, host.lesson)
                if (host.lesson.period, host.lesson.subject) != (lesson.period, lesson.subject) or len(teachers) != 1:
                    continue
                if self.is_affected(host) or self._merged(host.lesson):
                    continue
                change = self._change("merge", item, absent, cover=teachers[0], merge_with=other.name)
                found.append(Option(change, COST["merge"], [], host))
        return found

    def make_up(self, lost: CoverChange) -> CoverChange | None:
        """A make-up lesson (补课) for a lesson held as self-study: the first later free period of its
        class, in the lesson window, when the subject teacher is free and present, within the class's
        learning cap and the subject's and teacher's daily maxima; taken at once (None if none)."""
        later = sorted(date for date, day in self.days.items() if date > lost.date and day.status in ("teaching", "makeup"))
        section = self.inst.section_of(lost.class_)
        for date, period in ((d, p) for d in later for p in section.periods):
            lesson = Lesson.model_validate(
                {
                    "class": lost.class_,
                    "subject": lost.subject,
                    "teachers": [lost.teacher],
                    "day": self.days[date].runs,
                    "period": period,
                }
            )
            if self._room_for(date, lesson):
                item = DatedLesson(date, lesson)
                self.held.append(item)
                self.of_class[lost.class_, date].append(item)
                self.busy.update((lost.teacher, date, minute) for minute in _minutes(self.inst, lesson, date))
                self.load[lost.teacher, date] += 1
                self.dates_taught[lost.teacher, self.days[date].week].add(date)
                values = {"kind": "makeup", "date": date, "period": period, "class": lost.class_, "subject": lost.subject}
                return CoverChange.model_validate(
                    values | {"teacher": lost.teacher, "makes_up": lost.date, "reason": lost.reason}
                )
        return None

    def _room_for(self, date: dt.date, lesson: Lesson) -> bool:
        """The class's period is free and every daily rule keeps room for one more lesson then."""
        inst = self.inst.on_date(date)  # 冬季作息 on its dates
        name, section = lesson.class_, inst.section_of(lesson.class_)
        day = self.of_class[name, date]
        if any(i.lesson.period == lesson.period for i in day) or not section.in_lesson_window(lesson.period):
            return False
        if not self.free(lesson.teachers[0], date, lesson) or lesson_venue(inst, lesson) is not None:
            return False
        most = inst.teacher_by_name[lesson.teachers[0]].max_per_day
        if most is not None and self.load[lesson.teachers[0], date] >= most:
            return False
        if self.new_day_past_maximum(lesson.teachers[0], date):
            return False
        if sum(i.lesson.subject == lesson.subject for i in day) >= inst.subject_daily_max(lesson.subject, name):
            return False
        minutes = sum(section.period_minutes(i.lesson.period) for i in day) + section.period_minutes(lesson.period)
        learning = minutes + inst.block_minutes(name, self.days[date].runs or "", LEARNING_BLOCKS)
        return learning <= section.policy.max_daily_learning_minutes

    def new_day_past_maximum(self, teacher: str, date: dt.date) -> bool:
        """A lesson on that date would bring the teacher in on one day more than their days a week."""
        most, dates = self.inst.teacher_by_name[teacher].max_days, self.dates_taught[teacher, self.days[date].week]
        return most is not None and date not in dates and len(dates) >= most

    def _change(self, kind: str, item: DatedLesson, absent: str, **extra: object) -> CoverChange:
        """The change, with the reason of the absence (or of the venue's closure) then."""
        lesson = item.lesson
        morning = self.inst.section_of(lesson.class_).is_morning(lesson.period)
        venue = lesson_venue(self.inst, lesson)
        on_date = [
            a for a in self.absences.absences if a.teacher == absent and away_at(a, item.date, morning, lesson.period)
        ]
        closure = venue_closure(self.inst, self.absences, venue, item.date, lesson.class_, lesson.period)
        reason = on_date[0].reason if on_date else (closure.reason if closure else "")
        values = {"kind": kind, "date": item.date, "period": item.lesson.period, "class": item.lesson.class_}
        return CoverChange.model_validate(
            values | {"subject": item.lesson.subject, "teacher": absent, "reason": reason} | extra
        )

    def _swaps(self, item: DatedLesson, absent: str) -> list[Option]:
        """Swaps with a lesson of the same class in the same teaching week whose teacher is free at this
        lesson's time while the lesson's teacher (`absent`: away, or here when its venue is closed) is
        free (and back) at that one."""
        lesson, week = item.lesson, self.days[item.date].week
        same_week = [date for date, day in self.days.items() if day.week == week]
        found = []
        for other in (other for date in same_week for other in self.of_class[lesson.class_, date]):
            mine = other.lesson
            if mine.subject == lesson.subject:
                continue
            teachers = lesson_teachers(self.inst, mine)
            if len(teachers) != 1 or self.is_affected(other) or self._merged(mine) or self._merged(lesson):
                continue  # a partner being covered itself, or half of a 合班 or 同时上课, never swaps
            if not self._swappable(item, other, absent, teachers[0]):
                continue
            extra = {
                "swap_date": other.date,
                "swap_period": mine.period,
                "swap_subject": mine.subject,
                "swap_teacher": teachers[0],
            }
            places = self._places(teachers[0], item.date, lesson) + self._places(absent, other.date, mine)
            moves = self._in_venue(lesson, item.date, lesson.period, -1) + self._in_venue(mine, other.date, mine.period, -1)
            moves += self._in_venue(lesson, other.date, mine.period, 1) + self._in_venue(mine, item.date, lesson.period, 1)
            found.append(Option(self._change("swap", item, absent, **extra), COST["swap"], places, other, moves))
        return found

    def _in_venue(self, lesson: Lesson, date: dt.date, period: int, delta: int) -> list:
        """A lesson put in (+1) or taken out of (-1) its shared venue at a period of a date."""
        venue = lesson_venue(self.inst, lesson)
        moved = lesson.model_copy(update={"period": period})
        return [((venue, date, minute), delta) for minute in _minutes(self.inst, moved, date)] if venue else []

    def _swappable(self, item: DatedLesson, other: DatedLesson, absent: str, teacher: str) -> bool:
        """The other lesson's teacher is free at this lesson's time, the teacher away at the other's;
        neither lesson is fixed (固排) or half of a double; the days and venues keep their rules."""
        lesson, mine = item.lesson, other.lesson
        if not self.free(teacher, item.date, lesson) or not self.free(absent, other.date, mine):
            return False
        if self._fixed_or_double(item) or self._fixed_or_double(other):
            return False
        runs, other_runs = self.days[item.date].runs, self.days[other.date].runs
        moved = (
            mine.model_copy(update={"day": runs, "period": lesson.period}),
            lesson.model_copy(update={"day": other_runs, "period": mine.period}),
        )
        if any(self.forbidden(one) for one in moved):
            return False
        return self._keeps_days(item, other) and self._room(mine, item.date, lesson) and self._room(lesson, other.date, mine)

    def _places(self, teacher: str, date: dt.date, lesson: Lesson) -> list[tuple[str, dt.date, int]]:
        """The (teacher, date, minute) a teacher takes by holding a lesson: minutes, so that lessons of
        two bells that overlap in time exclude each other."""
        return [(teacher, date, minute) for minute in _minutes(self.inst, lesson, date)]

    def _merged(self, lesson: Lesson) -> bool:
        return (lesson.class_, lesson.subject) in self.held_with_others

    def _fixed_or_double(self, item: DatedLesson) -> bool:
        lesson = item.lesson
        fixed = (lesson.class_, self.days[item.date].runs, lesson.period) in self.fixed
        same_day = self.of_class[lesson.class_, item.date]
        return fixed or any(
            i.lesson.subject == lesson.subject and abs(i.lesson.period - lesson.period) == 1 for i in same_day
        )

    def _keeps_days(self, item: DatedLesson, other: DatedLesson) -> bool:
        """A swap across days moves no PE lesson: a day's activity minutes and daily PE stay (the
        subjects' daily maxima are the model's constraint, over all the swaps chosen together)."""
        kinds = (self.inst.subject_kind(item.lesson.subject), self.inst.subject_kind(other.lesson.subject))
        return item.date == other.date or "pe" not in kinds

    def _room(self, lesson: Lesson, date: dt.date, at: Lesson) -> bool:
        """A lesson moved to another's time finds its venue open then (its places then are the model's
        venue limit, over all the swaps chosen together)."""
        venue = lesson_venue(self.inst, lesson)
        return venue_closure(self.inst, self.absences, venue, date, at.class_, at.period) is None


def plan_covers(
    inst: Instance, lessons: list[Lesson], absences: Absences, time_limit: float = 10.0, previous: list[CoverChange] = ()
) -> CoverPlan:
    """The change set for the absences, with `previous` change sets standing (their covers count
    toward the weekly maximum), checked with them by the independent checker; `found` is False when
    some affected lesson has no way to be held (`uncovered`) or the options cannot hold together."""
    started = time.perf_counter()
    previous = list(previous)
    planner = _Planner(inst, lessons, absences, previous)
    affected = planner.affected()
    options = {id(item): planner.options(item) for item in affected}
    uncovered = [item for item in affected if not options[id(item)]]
    if uncovered:
        why = [planner.why_uncovered(item) for item in uncovered]
        return CoverPlan(uncovered=uncovered, why=why, seconds=time.perf_counter() - started, found=False)
    built = _Model(inst, planner, affected, options, absences)
    chosen = built.solve(time_limit)
    if chosen is None:
        core = built.core(time_limit)
        binding = [TIMED_OUT] if core is None else [limit.sentence() for limit in core] or [OPTIONS_CLASH]
        return CoverPlan(seconds=time.perf_counter() - started, found=False, binding=binding)
    changes = [option.change for option in chosen]
    changes += [makeup for change in changes if change.kind == "self_study" and (makeup := planner.make_up(change))]
    violations = check_cover(inst, lessons, absences, previous + changes)
    return CoverPlan(changes, [], violations, time.perf_counter() - started)


TIMED_OUT = ("none found within the time limit (not proven impossible)", "在时限内未找到（并未证明无解）")
OPTIONS_CLASH = (
    "the lessons' options exclude each other (one teacher or one lesson wanted twice at once)",
    "各节课可选的安排相互冲突（同一教师或同一节课同时被用两次）",
)


@dataclass(frozen=True)
class Limit:
    """A limit a change set keeps: a teacher's covers in a week, a teacher's lessons on a date, a
    class's lessons of a subject on a date, or a venue's classes at a moment; `already`: what stands
    before this change set."""

    rule: RuleId | AuditRuleId  # the rule the checker reports a breach of it by
    owner: str
    when: str
    most: int
    already: int
    subject: str = ""

    def sentence(self) -> tuple[str, str]:
        """The limit in words (english, chinese)."""
        if self.rule == "cover.max_per_week":
            return (
                f"{self.owner} covers at most {self.most} lessons in week {self.when} ({self.already} already)",
                f"{self.owner}第{self.when}周最多代课 {self.most} 节（已代 {self.already} 节）",
            )
        if self.rule == "teacher.daily_max":
            return (
                f"{self.owner} teaches at most {self.most} lessons on {self.when} ({self.already} already)",
                f"{self.owner}{self.when}最多上 {self.most} 节课（已有 {self.already} 节）",
            )
        if self.rule == "teacher.max_days":
            return (
                f"{self.owner} teaches on at most {self.most} days in week {self.when} ({self.already} already)",
                f"{self.owner}第{self.when}周最多上课 {self.most} 天（已有 {self.already} 天）",
            )
        if self.rule == "venue.capacity":
            return (
                f"{self.owner} takes at most {self.most} classes at once ({self.when})",
                f"{self.owner}同时最多容纳 {self.most} 个班（{self.when}）",
            )
        return (
            f"{self.owner} has at most {self.most} {self.subject} lessons on {self.when}",
            f"{self.owner}{self.when}的{self.subject}最多 {self.most} 节",
        )


class _Model:
    """One CP-SAT model of a change set: an option per affected lesson, no teacher or lesson taken
    twice at once, and each limit enforced by its own literal, so that with no change set a minimal
    set of limits that leaves none can be named."""

    def __init__(self, inst, planner, affected, options, absences):
        self.model = model = cp_model.CpModel()
        picks = {id(item): [(model.new_bool_var(""), option) for option in options[id(item)]] for item in affected}
        for choices in picks.values():
            model.add_exactly_one(var for var, _ in choices)
        self.every = every = [(var, option) for choices in picks.values() for var, option in choices]
        by_place, by_partner, covers = defaultdict(list), defaultdict(list), defaultdict(list)
        for var, option in every:
            for place in option.places:
                by_place[place].append(var)
            if option.partner is not None:
                by_partner[id(option.partner)].append(var)
            if option.change.cover:
                covers[option.change.cover, planner.days[option.change.date].week].append(var)
        for group in [*by_place.values(), *by_partner.values()]:
            model.add_at_most_one(group)
        self.limits: dict[Limit, object] = {}
        added = _added_lessons(every)
        for (teacher, date), extra in added.items():
            most = inst.teacher_by_name[teacher].max_per_day
            if most is not None:
                self._limit(Limit("teacher.daily_max", teacher, str(date), most, planner.load[teacher, date]), extra)
        self._limit_new_days(inst, planner, added)
        for (venue, date, minute), moves in _venue_moves(every).items():
            runs = planner.days[date].runs or ""
            most = inst.venue_capacity(venue, runs, minute)
            when = f"{date} {minute // 60:02d}:{minute % 60:02d}"
            self._limit(Limit("venue.capacity", venue, when, most, planner.venue_use[venue, date, minute]), moves)
        for (name, date, subject), moves in _subject_moves(every).items():
            base = sum(1 for i in planner.of_class[name, date] if i.lesson.subject == subject)
            limit = max(inst.subject_daily_max(subject, name), base)  # a wanted double's day keeps its 2
            self._limit(Limit("subject.daily_max", name, str(date), limit, base, subject), [d * var for d, var in moves])
        busiest = model.new_int_var(0, 40, "busiest")
        for (teacher, week), group in covers.items():
            model.add(planner.covers[teacher, week] + sum(group) <= busiest)
            weekly = Limit(
                "cover.max_per_week", teacher, str(week), absences.max_covers_per_week, planner.covers[teacher, week]
            )
            self._limit(weekly, group)
        self.cost = sum(option.cost * var for var, option in every) + FAIRNESS * busiest

    def _limit_new_days(self, inst, planner, added) -> None:
        """A teacher's days a week: a date the options bring them in on (`added`, per teacher and date),
        when they have no lesson then, is one day more (a swap that empties a day of theirs is not
        counted as one less)."""
        new_days = defaultdict(list)
        for (teacher, date), extra in added.items():
            week = planner.days[date].week
            if inst.teacher_by_name[teacher].max_days is not None and date not in planner.dates_taught[teacher, week]:
                day = self.model.new_bool_var("")
                for var in extra:
                    self.model.add_implication(var, day)
                new_days[teacher, week].append(day)
        for (teacher, week), days in new_days.items():
            already = len(planner.dates_taught[teacher, week])
            most = max(inst.teacher_by_name[teacher].max_days, already)  # a week the calendar crowds keeps its days
            self._limit(Limit("teacher.max_days", teacher, str(week), most, already), days)

    def _limit(self, limit: Limit, added: list) -> None:
        literal = self.model.new_bool_var("")
        self.model.add(limit.already + sum(added) <= limit.most).only_enforce_if(literal)
        self.limits[limit] = literal

    def solve(self, time_limit: float) -> list[Option] | None:
        """The cheapest change set under every limit (None if there is none)."""
        model = self.model.clone()
        model.add_bool_and([model.get_bool_var_from_proto_index(v.index) for v in self.limits.values()])
        model.minimize(self.cost)
        solver = _solver(time_limit)
        if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return [option for var, option in self.every if solver.value(var)]

    def core(self, time_limit: float) -> list[Limit] | None:
        """A minimal set of limits that together leave no change set: CP-SAT's core under assumptions,
        then each limit dropped in turn while the rest still leave none (None: not proven in time)."""
        names = {literal.index: limit for limit, literal in self.limits.items()}
        solver = _solver(time_limit)
        solver.parameters.num_workers = 1  # the core comes from the single-thread search
        self.model.clear_assumptions()
        self.model.add_assumptions(list(self.limits.values()))
        if solver.solve(self.model) != cp_model.INFEASIBLE:
            return None
        core = [names[index] for index in solver.sufficient_assumptions_for_infeasibility()]
        for limit in list(core):
            rest = [one for one in core if one is not limit]
            self.model.clear_assumptions()
            self.model.add_assumptions([self.limits[one] for one in rest])
            if solver.solve(self.model) == cp_model.INFEASIBLE:
                core = rest
        return core


def _solver(time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds, solver.parameters.num_workers = time_limit, 2
    return solver


def _venue_moves(every) -> dict[tuple[str, dt.date, int], list]:
    """How the options change each venue's classes at a moment, where some option brings one in."""
    moves, brought = defaultdict(list), set()
    for var, option in every:
        for key, delta in option.venue_moves:
            moves[key].append(delta * var)
            if delta > 0:
                brought.add(key)
    return {key: moves[key] for key in brought}


def _subject_moves(every) -> dict[tuple[str, dt.date, str], list[tuple[int, object]]]:
    """How each swap across days changes a class's lessons of a subject on a date (+1 brought, -1 taken)."""
    moves = defaultdict(list)
    for var, option in every:
        change = option.change
        if change.kind == "swap" and change.swap_date != change.date:
            for date, subject, delta in (
                (change.date, change.swap_subject, 1),
                (change.date, change.subject, -1),
                (change.swap_date, change.subject, 1),
                (change.swap_date, change.swap_subject, -1),
            ):
                moves[change.class_, date, subject].append((delta, var))
    return moves


def _added_lessons(every) -> dict[tuple[str, dt.date], list]:
    """The lessons each option adds to a teacher's day (a swap moves the teacher away's lesson to
    another day and brings the other teacher's to this one)."""
    added = defaultdict(list)
    for var, option in every:
        change = option.change
        if change.cover and change.kind != "merge":  # a merged lesson is one lesson for its teacher
            added[change.cover, change.date].append(var)
        elif change.kind == "swap" and change.swap_date != change.date:
            added[change.swap_teacher, change.date].append(var)
            added[change.teacher, change.swap_date].append(var)
    return added
