"""Variables: every CP-SAT decision of a timetable behind typed accessors.

`place[k][slot]` is true when course k has a lesson at the slot; only the slots a course may use get
a variable. `double[k][slot]` is true when a double lesson of course k starts there.
`homework[class, subject, day]` is true when the class gets an item of the subject that day. The
search fixes, hints and reads timetables through the methods here; repair builds its own objective
over these variables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from ortools.sat.python import cp_model

from models.courses import Course
from models.instance import Instance
from models.section import Section
from models.solution import HomeworkItem, Lesson

Slot = tuple[str, int]  # (day, period)


@dataclass(frozen=True)
class Decision:
    """A decision variable with what a neighbourhood selects it by."""

    var: cp_model.IntVar
    course: int | None  # None for a homework variable
    classes: tuple[str, ...]
    day: str


class Variables:
    """The decision variables of one model of an instance."""

    def __init__(
        self,
        inst: Instance,
        courses: list[Course],
        model: cp_model.CpModel,
        slots: dict[int, list[Slot]],
        on_place: Callable[[Course, Slot, cp_model.IntVar], None] | None = None,
    ):
        """A variable per course and slot of `slots[course.index]` (`on_place` sees each as it is
        made), the double-lesson starts those allow, and the homework variables."""
        self.inst, self.courses, self.model = inst, courses, model
        self.place: list[dict[Slot, cp_model.IntVar]] = []
        self.double: list[dict[Slot, cp_model.IntVar]] = []
        self.by_day: list[dict[str, list[tuple[int, cp_model.IntVar]]]] = []
        self.homework: dict[tuple[str, str, str], cp_model.IntVar] = {}
        for course in courses:
            starts = set(self.section(course).double_starts)
            name = f"{'+'.join(course.classes)}/{course.odd.subject}"
            place: dict[Slot, cp_model.IntVar] = {}
            for slot in slots[course.index]:
                place[slot] = model.new_bool_var(f"x[{name},{slot[0]},{slot[1]}]")
                if on_place is not None:
                    on_place(course, slot, place[slot])
            self.place.append(place)
            by_day: dict[str, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
            for (day, period), var in place.items():
                by_day[day].append((period, var))
            self.by_day.append(by_day)
            doubles: dict[Slot, cp_model.IntVar] = {}
            if course.doubles:
                for day, period in place:
                    if period in starts and (day, period + 1) in place:
                        doubles[day, period] = model.new_bool_var(f"d[{name},{day},{period}]")
            self.double.append(doubles)
        for school_class in inst.classes:
            for subject in inst.class_homework(school_class.name):
                for day in inst.days:
                    key = (school_class.name, subject, day)
                    self.homework[key] = model.new_bool_var(f"hw[{school_class.name},{subject},{day}]")
        self.venue_use: dict[int, dict[Slot, dict[str, cp_model.IntVar]]] = {}
        self.double_use: dict[int, dict[Slot, dict[str, cp_model.IntVar]]] = {}
        for course in courses:
            self._make_venue_choices(course)

    def _make_venue_choices(self, course: Course) -> None:
        """For a subject with a choice of venues (or venues for some lessons, or for its doubles only):
        `venue_use[k][slot][venue]`, the lesson at slot is in that venue; `double_use[k][start][venue]`,
        the double lesson starting there is."""
        need = self.inst.venue_need(course.odd.subject)
        if course.alternating or not need.flexible:
            return
        name = f"{'+'.join(course.classes)}/{course.odd.subject}"
        for table, venues, slots in (
            (self.venue_use, need.venues, self.place[course.index]),
            (self.double_use, need.double_venues, self.double[course.index]),
        ):
            if venues and slots:
                table[course.index] = {
                    slot: {venue: self.model.new_bool_var(f"in[{name},{slot[0]},{slot[1]},{venue}]") for venue in venues}
                    for slot in slots
                }

    def section(self, course: Course) -> Section:
        """The section a course's classes belong to."""
        return self.inst.section_of(course.classes[0])

    def at(self, course: Course, day: str, minute: int) -> cp_model.IntVar | None:
        """The course's lesson variable of the period running at `minute` on `day`, if it has one."""
        period = self.section(course).covering(minute)
        return None if period is None else self.place[course.index].get((day, period))

    @cached_property
    def class_courses(self) -> dict[str, list[Course]]:
        """Courses by class (a merged course under each of its classes)."""
        grouped: dict[str, list[Course]] = defaultdict(list)
        for course in self.courses:
            for name in course.classes:
                grouped[name].append(course)
        return grouped

    @cached_property
    def teacher_courses(self) -> dict[str, list[Course]]:
        """Courses by teacher (an odd/even pair under each of its teachers)."""
        grouped: dict[str, list[Course]] = defaultdict(list)
        for course in self.courses:
            for teacher in dict.fromkeys((course.odd.teacher, course.even.teacher)):
                grouped[teacher].append(course)
        return grouped

    def on_day(self, course: Course, day: str) -> list[tuple[int, cp_model.IntVar]]:
        """(period, variable) of a course on one day."""
        return self.by_day[course.index].get(day, [])

    def double_cover(self, course: Course, slot: Slot) -> list[cp_model.IntVar]:
        """The double-lesson starts whose double lesson takes this slot (there or one period before)."""
        day, period = slot
        starts = self.double[course.index]
        return [starts[day, p] for p in (period, period - 1) if (day, p) in starts]

    def in_venue_at(self, course: Course, venue: str, day: str, minute: int) -> list[cp_model.IntVar]:
        """The variables by which a course's lesson running at that moment is in `venue` (a flexible course)."""
        period = self.section(course).covering(minute)
        if period is None:
            return []
        uses = [(self.venue_use.get(course.index, {}), period)]
        uses += [(self.double_use.get(course.index, {}), start) for start in (period, period - 1)]
        return [table[day, p][venue] for table, p in uses if venue in table.get((day, p), {})]

    def decisions(self) -> list[Decision]:
        """Every lesson, double-start and homework variable; the others follow from them."""
        found = [
            Decision(var, course.index, course.classes, day)
            for course in self.courses
            for starts in (self.place[course.index], self.double[course.index])
            for (day, _), var in starts.items()
        ]
        found += [Decision(var, None, (name,), day) for (name, _, day), var in self.homework.items()]
        return found

    def hint_from(self, other: Variables, solver: cp_model.CpSolver) -> None:
        """Start the search from the timetable `solver` holds for `other` (a model of the same instance)."""
        for mine, theirs in zip(self.place + self.double, other.place + other.double, strict=True):
            for slot, var in mine.items():
                self.model.add_hint(var, solver.boolean_value(theirs[slot]))
        for key, var in self.homework.items():
            self.model.add_hint(var, solver.boolean_value(other.homework[key]))
        for mine, theirs in ((self.venue_use, other.venue_use), (self.double_use, other.double_use)):
            for index, slots in mine.items():
                for slot, by_venue in slots.items():
                    for venue, var in by_venue.items():
                        self.model.add_hint(var, solver.boolean_value(theirs[index][slot][venue]))

    def hint_timetable(self, taught: list[set[Slot]], homework: set[tuple[str, str, str]]) -> None:
        """Start the search from a given timetable: course k's lessons at `taught[k]`, items at `homework`."""
        for course in self.courses:
            for slot, var in self.place[course.index].items():
                self.model.add_hint(var, slot in taught[course.index])
        for key, var in self.homework.items():
            self.model.add_hint(var, key in homework)

    def fixed_copy(self, decisions: list[Decision], values: list[int], free: Callable[[Decision], bool]) -> cp_model.CpModel:
        """A copy of the model with every decision that is not `free` fixed to its value (a one-value
        domain, which presolve removes); the free ones are hinted with theirs."""
        copy = self.model.clone()
        copy.clear_hints()
        domains = copy.proto.variables
        for decision, value in zip(decisions, values, strict=True):
            if free(decision):
                copy.add_hint(decision.var, value)
            else:
                domain = domains[decision.var.index].domain
                domain[0] = domain[1] = value
        return copy

    def lessons(self, solver: cp_model.CpSolver) -> list[Lesson]:
        """The timetable `solver` holds, as named lessons ordered by class, day and period."""
        lessons = []
        for course in self.courses:
            for (day, period), var in self.place[course.index].items():
                if solver.boolean_value(var):
                    lessons += _course_lessons(course, day, period, self._venue_of(course, (day, period), solver))
        class_order = {c.name: i for i, c in enumerate(self.inst.classes)}
        day_order = {d: i for i, d in enumerate(self.inst.days)}
        lessons.sort(key=lambda l: (class_order[l.class_], day_order[l.day], l.period, l.weeks))
        return lessons

    def _venue_of(self, course: Course, slot: Slot, solver: cp_model.CpSolver) -> str | None:
        """The venue a flexible course's lesson at slot is in: its double lesson's, else its own, else none."""
        day, period = slot
        doubles = self.double_use.get(course.index, {})
        for start in ((day, period), (day, period - 1)):
            for venue, var in doubles.get(start, {}).items():
                if solver.boolean_value(var):
                    return venue
        for venue, var in self.venue_use.get(course.index, {}).get(slot, {}).items():
            if solver.boolean_value(var):
                return venue
        return None

    def homework_items(self, solver: cp_model.CpSolver) -> list[HomeworkItem]:
        """The items set, each class's written items filling its guidance session in plan order (a 单双周
        subject's items only in their own weeks' session)."""
        items = []
        for school_class in self.inst.classes:
            name, plan = school_class.name, self.inst.class_homework(school_class.name)
            for day in self.inst.days:
                left = dict.fromkeys(("odd", "even"), self.inst.guidance_minutes(name, day))
                for subject, entry in plan.items():
                    if not solver.boolean_value(self.homework[name, subject, day]):
                        continue
                    weeks = self.inst.homework_weeks(name, subject)
                    parities = ("odd", "even") if weeks == "all" else (weeks,)
                    at_school = min(entry.minutes, *(left[p] for p in parities)) if entry.written else 0
                    for parity in parities:
                        left[parity] -= at_school
                    done_at = "school" if at_school == entry.minutes else "school+home" if at_school else "home"
                    items.append(
                        HomeworkItem(
                            **{"class": name},
                            day=day,
                            subject=subject,
                            minutes=entry.minutes,
                            written=entry.written,
                            done_at=done_at,
                            school_minutes=at_school,
                            weeks=weeks,
                        )
                    )
        return items


def _course_lessons(course: Course, day: str, period: int, venue: str | None) -> Iterable[Lesson]:
    """The lessons of one placed course lesson (in `venue`, when the course chooses one): one per class,
    and per week for an odd/even pair."""
    for class_name in course.classes:
        for weeks in ("odd", "even") if course.alternating else ("all",):
            part = course.part("odd" if weeks == "all" else weeks)
            yield Lesson(
                **{"class": class_name},
                subject=part.subject,
                teachers=[part.teacher],
                venue=part.venue or venue,
                day=day,
                period=period,
                weeks=weeks,
            )
