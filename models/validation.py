"""Cross-reference checks of an instance: every problem once, named by its place in the file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches

from models.bell import Bell, TimeRef
from models.calendar import WEEKDAY_NAMES, day_label, day_labels, english_days, format_clock, is_weekend, iso_weekday
from models.instance import Forbidden, Instance, Teacher, Together
from models.rules import RULE_BY_ID, RULE_IDS
from models.section import STAGE_GRADES, Section
from models.term import TermCalendar

MAX_WEIGHT = 1_000_000  # the whole objective stays far inside CP-SAT's 64-bit integers


KIND_ZH = {
    "subject": "学科",
    "teacher": "教师",
    "class": "班级",
    "venue": "场地",
    "grade": "年级",
    "day": "日期",
    "school": "学校",
}
STAGE_ZH = {"primary": "小学", "junior": "初中"}
MISSING_ZH = "缺少必填项"
TWICE_ZH = "“{}”声明了两次"
ENDS_ZH = "结束时间应晚于开始时间"


def rule_zh(rule_id: str) -> str:
    """`（规则：双休日不上课）`: a rule named by its Chinese title."""
    return f"（规则：{RULE_BY_ID[rule_id].title_zh}）"


def unknown(where: str, kind: str, name: str, known: Iterable[str]) -> Problem:
    """`unknown subject '英吾' (did you mean 英语?)` / `没有学科“英吾”（是不是“英语”？）`: a name the
    school does not have, at its place, with the closest known name when there is one."""
    close = closest(name, known)
    english = f"unknown {kind} '{name}'" + (f" (did you mean {close}?)" if close else "")
    chinese = f"没有{KIND_ZH[kind]}“{name}”" + (f"（是不是“{close}”？）" if close else "")
    return Problem(where, english, chinese)


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name closest to `name`, when one is close enough to be a typo of it."""
    close = get_close_matches(name, list(known), n=1, cutoff=0.5)
    return close[0] if close else None


@dataclass(frozen=True)
class Problem:
    """One problem of an input file: where it is and what is wrong, in English and in Chinese."""

    where: str
    message: str
    message_zh: str = ""  # the same in Chinese (the default language of every message)

    def text(self, lang: str = "en") -> str:
        """`where: message` in a language: Chinese when there is a Chinese message, else English."""
        message = self.message_zh if lang == "zh" and self.message_zh else english_days(self.message)
        return f"{self.where}: {message}" if self.where else message

    def __str__(self) -> str:
        return self.text("en")


class InputError(Exception):
    """Raised with every problem found in an input file."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def placed(where: str, problems: list[Problem]) -> list[Problem]:
    """The problems, each placed in the file `where` (when there is one): `school.yaml: grades[0].plan`."""
    return [
        Problem(f"{where}: {p.where}" if where and p.where else where or p.where, p.message, p.message_zh) for p in problems
    ]


def _duplicates(names: list[str]) -> set[str]:
    return {name for name, count in Counter(names).items() if count > 1}


class _Validator:
    """Collects problems; one method per section of the file."""

    def __init__(self, instance: Instance):
        self.inst = instance
        self.problems: list[Problem] = []
        self.days = set(instance.days)
        self.classes = {c.name for c in instance.classes}
        self.grades = {g.grade for g in instance.grades}
        self.teachers = {t.name for t in instance.teachers}
        self.venues = {v.name for v in instance.venues}
        self.subjects = instance.subject_names

    def add(self, where: str, message: str, message_zh: str = "") -> None:
        self.problems.append(Problem(where, message, message_zh))

    def check_subject(self, where: str, name: str) -> bool:
        if name in self.subjects:
            return True
        self.problems.append(unknown(where, "subject", name, self.subjects))
        return False

    def check_day(self, where: str, day: str | None) -> None:
        if day is not None and day not in self.days:
            self.add(
                where,
                f"unknown day '{day}' (the school days are {', '.join(self.inst.days)})",
                f"“{day}”不是本校的上课日（上课日为{'、'.join(day_labels('zh', self.inst.days))}）",
            )

    def check_period(self, where: str, period: int, sections: list[Section] | None = None, every: bool = False) -> None:
        """A period number that some bell of these sections (all when None) has, or `every` one."""
        counts = [len(section.periods) for section in sections or self.inst.sections_in_force]
        most = min(counts) if every else max(counts)
        if not 1 <= period <= most:
            self.add(
                where,
                f"period {period} does not exist (the bell has periods 1-{most})",
                f"没有第{period}节（作息表只有第1–{most}节）",
            )

    def section_of(self, class_name: str) -> Section | None:
        """A class's section, when its grade is known."""
        school_class = self.inst.class_by_name.get(class_name)
        return self.inst.section_by_grade.get(school_class.grade) if school_class else None

    def check_time_ref(self, where: str, ref: TimeRef, sections: list[Section] | None = None) -> None:
        self.check_day(f"{where}.day", ref.day)
        for index, period in enumerate(ref.periods or []):
            self.check_period(f"{where}.periods[{index}]", period, sections)
        if ref.periods is not None and ref.half is not None:
            self.add(where, "give either periods or half, not both", "节次和半天只能填一项，不能都填")

    def run(self) -> list[Problem]:
        self.calendar()
        self.structure()
        if self.problems:  # every later check reads the sections
            return self.problems
        self.bells()
        self.catalogues()
        self.plans()
        self.teaching()
        self.merged()
        self.together()
        self.fixed_and_forbidden()
        self.homework()
        self.preferences()
        if self.inst.calendar is not None:
            self.term(self.inst.calendar)
        for key in self.inst.weights:
            rule = RULE_BY_ID.get(key) if key in RULE_IDS else None  # the weekly rules, not the term audit's
            if rule is None or rule.hard:
                chinese = f"“{rule.title_zh}”是硬性规则，不能设权重" if rule else "没有这条软性规则（请检查规则编号的拼写）"
                self.add(f"weights.{key}", "not a soft rule id (see `jianfu rules`)", chinese)
            elif not 0 <= self.inst.weights[key] <= MAX_WEIGHT:
                self.add(
                    f"weights.{key}",
                    f"a weight is a whole number from 0 to {MAX_WEIGHT:,}",
                    f"权重应为0至{MAX_WEIGHT:,}之间的整数",
                )
        return self.problems

    def calendar(self) -> None:
        for index, day in enumerate(self.inst.days):
            if iso_weekday(day) is None:
                self.add(
                    f"days[{index}]",
                    f"unknown day name '{day}' (use 星期一..星期五 or Monday..Friday)",
                    f"没有“{day}”这个日期（请写星期一至星期五）",
                )
            elif is_weekend(day):
                self.add(
                    f"days[{index}]",
                    f"{day} is a weekend day: no lessons on Saturday or Sunday (rule calendar.no_weekend)",
                    f"{day_label('zh', day)}是双休日，不排课{rule_zh('calendar.no_weekend')}",
                )
        numbers = [iso_weekday(day) for day in self.inst.days]
        if len(set(numbers)) != len(numbers):
            self.add("days", "a day is listed twice", "有日期重复列出")

    def term(self, calendar: TermCalendar) -> None:
        """The 校历: ranges inside the term and in order, make-up days on weekend dates running a
        school day, dated bells that do not overlap and keep the weekly bell's periods."""
        inside = f"{calendar.start} – {calendar.end}"
        for key in ("holidays", "exams", "non_teaching"):
            for index, entry in enumerate(getattr(calendar, key)):
                where = f"calendar.{key}[{index}]"
                if entry.last < entry.start:
                    self.add(where, f"{entry.name} ends before it starts", f"{entry.name}的结束日期早于开始日期")
                elif entry.start < calendar.start or entry.last > calendar.end:
                    self.add(where, f"{entry.name} is outside the term ({inside})", f"{entry.name}不在学期内（{inside}）")
        for index, entry in enumerate(calendar.makeup_days):
            where = f"calendar.makeup_days[{index}]"
            if entry.date.isoweekday() <= 5:
                weekday = day_label("zh", WEEKDAY_NAMES[entry.date.isoweekday() - 1])
                english = f"{entry.date} is a weekday already: a make-up day is a weekend date made a working day"
                self.add(where, english, f"{entry.date}是{weekday}，本来就上课：调休上课日应是周末的日期")
            if not calendar.start <= entry.date <= calendar.end:
                self.add(where, f"{entry.date} is outside the term ({inside})", f"{entry.date}不在学期内（{inside}）")
            if entry.runs not in self.days:
                english = f"'{entry.runs}' is not a school day ({', '.join(self.inst.days)})"
                self.add(f"{where}.runs", english, f"“{entry.runs}”不是上课日（{'、'.join(self.inst.days)}）")
        self._dated_bells(calendar)

    def _dated_bells(self, calendar: TermCalendar) -> None:
        if calendar.bells and self.inst.sections:
            self.add("calendar.bells", "dated bells are for a school of one section", "按日期的作息表只适用于不分学部的学校")
            return
        ordered = sorted(enumerate(calendar.bells), key=lambda pair: pair[1].start)
        for (_, first), (index, second) in zip(ordered, ordered[1:], strict=False):
            if second.start <= first.end:
                english = f"{second.name} overlaps {first.name} ({second.start} – {first.end})"
                self.add(
                    f"calendar.bells[{index}]",
                    english,
                    f"{second.name}与{first.name}的日期重叠（{second.start} – {first.end}）",
                )
        weekly = len(self.inst.bell.periods) if self.inst.bell else None
        for index, entry in enumerate(calendar.bells):
            where = f"calendar.bells[{index}]"
            if entry.end < entry.start or entry.start < calendar.start or entry.end > calendar.end:
                self.add(
                    where, f"{entry.name}: its dates are not a range inside the term", f"{entry.name}的日期不是学期内的一段"
                )
            if weekly is not None and len(entry.bell.periods) != weekly:
                english = f"{entry.name} has {len(entry.bell.periods)} periods, the weekly bell {weekly}"
                self.add(
                    f"{where}.bell.periods",
                    english,
                    f"{entry.name}有 {len(entry.bell.periods)} 节，周课表的作息表有 {weekly} 节",
                )
            self._bell(f"{where}.bell", entry.bell, list(self.inst.sections_in_force))

    def structure(self) -> None:
        """One stage for the whole school, or sections that hold every grade once, each with a bell."""
        if not self.inst.sections:
            if self.inst.school.stage is None:
                self.add(
                    "school.stage",
                    "give the school's stage (primary | junior), or its sections",
                    "请填写学校的学段（小学或初中），或分学部填写",
                )
            if self.inst.bell is None:
                self.add("bell", "required field is missing", MISSING_ZH)
            if self.problems:
                return
            self._stage_grades("", self.inst.school.stage, [g.grade for g in self.inst.grades])
            return
        if self.inst.school.stage is not None:
            self.add("school.stage", "give the school's stage or its sections, not both", "学段和学部只能填一项，不能都填")
        for name in sorted(_duplicates([entry.name for entry in self.inst.sections])):
            self.add("sections", f"'{name}' is declared twice", TWICE_ZH.format(name))
        holder: dict[int, str] = {}
        for index, entry in enumerate(self.inst.sections):
            where = f"sections[{index}]"
            if entry.bell is None and self.inst.bell is None:
                self.add(
                    f"{where}.bell",
                    "required: the section has no bell and the school none either",
                    "必须填写：此学部没有作息表，学校也没有",
                )
            self._stage_grades(where, entry.stage, entry.grades)
            for grade in entry.grades:
                if grade in holder:
                    self.add(
                        f"{where}.grades",
                        f"grade {grade} is in sections {holder[grade]} and {entry.name}",
                        f"{grade}年级同时属于学部“{holder[grade]}”和“{entry.name}”",
                    )
                holder[grade] = entry.name
        for index, grade in enumerate(self.inst.grades):
            if grade.grade not in holder:
                self.add(f"grades[{index}]", f"grade {grade.grade} is in no section", f"{grade.grade}年级不属于任何学部")

    def _stage_grades(self, where: str, stage: str, grades: list[int]) -> None:
        for index, grade in enumerate(grades):
            if grade not in STAGE_GRADES[stage]:
                place = f"{where}.grades[{index}]" if where else f"grades[{index}].grade"
                self.add(place, f"grade {grade} is not a {stage} grade", f"{STAGE_ZH[stage]}没有{grade}年级")

    def bells(self) -> None:
        """Each bell in use: the school's, and every section's own."""
        if self.inst.bell is not None:
            self._bell("bell", self.inst.bell, [s for s in self.inst.sections_in_force if s.bell is self.inst.bell])
        for index, entry in enumerate(self.inst.sections):
            if entry.bell is not None:
                self._bell(f"sections[{index}].bell", entry.bell, [self.inst.sections_in_force[index]])

    def _bell(self, where: str, bell: Bell, sections: list[Section]) -> None:
        periods = bell.periods
        for index, period in enumerate(periods):
            if period.end <= period.start:
                self.add(f"{where}.periods[{index}]", "ends before it starts", ENDS_ZH)
            if index and period.start < periods[index - 1].end:
                self.add(
                    f"{where}.periods[{index}]", "starts before the previous period ends", "开始时间早于上一节的结束时间"
                )
        grades = {grade for section in sections for grade in section.grades}
        for index, block in enumerate(bell.blocks):
            place = f"{where}.blocks[{index}]"
            if block.end <= block.start:
                self.add(place, f"{block.name} ends before it starts", f"“{block.name}”的{ENDS_ZH}")
            for number, period in enumerate(periods, start=1):
                if block.start < period.end and period.start < block.end:
                    self.add(place, f"{block.name} overlaps period {number}", f"“{block.name}”与第{number}节时间重叠")
            for day_index, day in enumerate(block.days or []):
                self.check_day(f"{place}.days[{day_index}]", day)
            for grade_index, grade in enumerate(block.grades or []):
                if grade not in grades:
                    self.add(
                        f"{place}.grades[{grade_index}]",
                        f"grade {grade} does not use this bell",
                        f"{grade}年级不用这张作息表",
                    )
            latest = min((section.policy.latest_evening_study_end for section in sections), default=24 * 60)
            if block.kind == "evening_study" and block.end > latest:
                self.add(
                    place,
                    f"{block.name} ends at {format_clock(block.end)}, after {format_clock(latest)} "
                    "(policy latest_evening_study_end; 课后服务: day pupils' evening study ends by 20:30)",
                    f"“{block.name}”{format_clock(block.end)}结束，晚于政策规定的晚自习最晚结束时间"
                    f"{format_clock(latest)}（课后服务：走读生晚自习不晚于20:30结束）",
                )

    def catalogues(self) -> None:
        for section, names in (
            ("subjects", [s.name for s in self.inst.subjects]),
            ("venues", [v.name for v in self.inst.venues]),
            ("classes", [c.name for c in self.inst.classes]),
            ("teachers", [t.name for t in self.inst.teachers]),
            ("grades", [str(g.grade) for g in self.inst.grades]),
        ):
            for name in sorted(_duplicates(names)):
                self.add(section, f"'{name}' is declared twice", TWICE_ZH.format(name))
        for index, subject in enumerate(self.inst.subjects):
            self.subject_venues(f"subjects[{index}]", subject.name)
        for index, venue in enumerate(self.inst.venues):
            for time_index, entry in enumerate(venue.capacity_at):
                where = f"venues[{index}].capacity_at[{time_index}]"
                self.check_day(f"{where}.day", entry.day)
                if entry.end <= entry.start:
                    self.add(where, "ends before it starts", ENDS_ZH)
        for index, school_class in enumerate(self.inst.classes):
            if school_class.grade not in self.grades:
                self.add(f"classes[{index}].grade", f"unknown grade {school_class.grade}", f"没有{school_class.grade}年级")

    def subject_venues(self, where: str, name: str) -> None:
        """A subject's venues exist, and only some lessons need one when it has one to need."""
        need, declared = self.inst.venue_need(name), self.inst.subject_by_name[name]
        for field, names in (("venue", need.venues), ("double_venue", need.double_venues)):
            for venue in names:
                if venue not in self.venues:
                    self.problems.append(unknown(f"{where}.{field}", "venue", venue, self.venues))
        if declared.venue_lessons is not None and not need.venues:
            self.add(f"{where}.venue_lessons", "give the venue these lessons need (venue)", "请填写这些课所需的场地")
        paired = {n for g in self.inst.grades for pair in g.alternating for n in (pair.odd, pair.even)}
        if need.flexible and name in paired:
            self.add(
                where,
                f"{name} is taught in odd/even weeks (单双周): give it one venue for every lesson",
                f"“{name}”按单双周上课：只能为它的每节课指定同一个场地",
            )

    def _plan_section(self, where: str, grade: int, plan: dict[str, int], doubles: dict[str, int]) -> None:
        section = self.inst.section_by_grade.get(grade)
        week = len(self.inst.days) * len(section.periods) if section else None
        for subject, count in plan.items():
            if self.check_subject(f"{where}.plan.{subject}", subject):
                if count < 0:
                    self.add(
                        f"{where}.plan.{subject}", f"{count} lessons: a count cannot be negative", f"{count}节：节数不能为负"
                    )
                elif week is not None and count > week:
                    self.add(
                        f"{where}.plan.{subject}",
                        f"{count} lessons but the week has {week} periods",
                        f"{count}节，但一周只有{week}节课",
                    )
        for subject, count in doubles.items():
            if count < 0:
                self.add(f"{where}.doubles.{subject}", "a count cannot be negative", "次数不能为负")

    def plans(self) -> None:
        for index, grade in enumerate(self.inst.grades):
            self._plan_section(f"grades[{index}]", grade.grade, grade.plan, grade.doubles)
            for pair_index, pair in enumerate(grade.alternating):
                self.check_subject(f"grades[{index}].alternating[{pair_index}].odd", pair.odd)
                self.check_subject(f"grades[{index}].alternating[{pair_index}].even", pair.even)
        for index, school_class in enumerate(self.inst.classes):
            self._plan_section(f"classes[{index}]", school_class.grade, school_class.plan, school_class.doubles)
        if self.problems:
            return
        for index, school_class in enumerate(self.inst.classes):
            if school_class.grade not in self.grades:
                continue
            plan = self.inst.class_plan(school_class.name)
            for subject, count in self.inst.class_doubles(school_class.name).items():
                if 2 * count > plan.get(subject, 0):
                    self.add(
                        f"classes[{index}].doubles.{subject}",
                        f"{school_class.name}: {count} double lessons need {2 * count} lessons of {subject}, "
                        f"the plan has {plan.get(subject, 0)}",
                        f"“{school_class.name}”：{count}次连堂需要{2 * count}节“{subject}”，"
                        f"课时计划只有{plan.get(subject, 0)}节",
                    )
            for subject, count in plan.items():
                wanted = self.inst.venue_need(subject).lessons
                if wanted is not None and wanted > count:
                    self.add(
                        f"classes[{index}]",
                        f"{school_class.name} has {count} lessons of {subject}, fewer than its {wanted} in a venue",
                        f"“{school_class.name}”的“{subject}”只有{count}节，少于要求在场地上的{wanted}节",
                    )

    def teaching(self) -> None:
        seen: dict[tuple[str, str], str] = {}
        for index, teacher in enumerate(self.inst.teachers):
            where = f"teachers[{index}]"
            for subject, class_names in teacher.teaches.items():
                self.check_subject(f"{where}.teaches.{subject}", subject)
                for class_index, class_name in enumerate(class_names):
                    place = f"{where}.teaches.{subject}[{class_index}]"
                    if class_name not in self.classes:
                        self.problems.append(unknown(place, "class", class_name, self.classes))
                        continue
                    if (class_name, subject) in seen:
                        self.add(
                            place,
                            f"{class_name} {subject} is already taught by {seen[class_name, subject]}",
                            f"“{class_name}”的“{subject}”已由“{seen[class_name, subject]}”任教",
                        )
                    seen[class_name, subject] = teacher.name
            for ref_index, ref in enumerate(teacher.blocked):
                self.check_time_ref(f"{where}.blocked[{ref_index}]", ref, self._teacher_sections(teacher))
            wish = teacher.preferred_per_day
            if wish is not None and wish.max is not None and wish.max < wish.min:
                self.add(
                    f"{where}.preferred_per_day",
                    f"{teacher.name}: at most {wish.max} lessons a day is below at least {wish.min}",
                    f"“{teacher.name}”希望每天最多 {wish.max} 节，少于最少的 {wish.min} 节",
                )
            most = teacher.max_per_day
            if wish is not None and most is not None and wish.min > most:
                self.add(
                    f"{where}.preferred_per_day",
                    f"{teacher.name}: at least {wish.min} lessons a day is wished, above the most allowed ({most})",
                    f"“{teacher.name}”希望每天至少 {wish.min} 节，多于每天最多允许的 {most} 节",
                )
        if self.problems:
            return
        for index, school_class in enumerate(self.inst.classes):
            needed = set(self.inst.class_plan(school_class.name))
            needed.update(n for pair in self.inst.class_alternating(school_class.name) for n in (pair.odd, pair.even))
            for subject in sorted(needed - {s for (c, s) in seen if c == school_class.name}):
                self.add(
                    f"classes[{index}]",
                    f"{school_class.name}: no teacher teaches {subject} (teachers[].teaches)",
                    f"“{school_class.name}”的“{subject}”没有任课教师（请在教师的任教学科中填写）",
                )
            for subject in sorted({s for (c, s) in seen if c == school_class.name} - needed):
                self.add(
                    f"teachers[{self._teacher_index(seen[school_class.name, subject])}].teaches.{subject}",
                    f"{school_class.name} has no {subject} in its plan",
                    f"“{school_class.name}”的课时计划中没有“{subject}”",
                )

    def _teacher_index(self, name: str) -> int:
        return [t.name for t in self.inst.teachers].index(name)

    def merged(self) -> None:
        merged_lessons: Counter[tuple[str, str]] = Counter()
        for index, entry in enumerate(self.inst.merged):
            where = f"merged[{index}]"
            if not self.check_subject(f"{where}.subject", entry.subject):
                continue
            missing = [name for name in entry.classes if name not in self.classes]
            for name in missing:
                self.problems.append(unknown(f"{where}.classes", "class", name, self.classes))
            if missing or any(self.inst.class_by_name[n].grade not in self.grades for n in entry.classes):
                continue
            if len(set(entry.classes)) != len(entry.classes):
                self.add(f"{where}.classes", "a class is listed twice", "有班级重复列出")
            if len({self.section_of(name).name for name in entry.classes}) > 1:
                self.add(f"{where}.classes", "merged classes must be in one section", "合班的班级必须在同一个学部")
            teachers = {self.inst.teacher_of.get((name, entry.subject)) for name in entry.classes}
            if len(teachers) != 1:
                self.add(
                    where,
                    f"merged classes must share one {entry.subject} teacher, found {sorted(map(str, teachers))}",
                    f"合班的班级必须由同一位“{entry.subject}”教师任教，现为{_teachers_zh(teachers)}",
                )
            for name in entry.classes:
                planned = self.inst.class_plan(name).get(entry.subject, 0)
                lessons = entry.lessons if entry.lessons is not None else planned
                merged_lessons[name, entry.subject] += lessons
                if merged_lessons[name, entry.subject] > planned:
                    self.add(
                        where,
                        f"{name} has {planned} lessons of {entry.subject}, fewer than merged here",
                        f"“{name}”的“{entry.subject}”只有{planned}节，少于此处合班的节数",
                    )
            if entry.lessons is not None and 2 * entry.doubles > entry.lessons:
                self.add(
                    f"{where}.doubles",
                    f"{entry.doubles} double lessons need more than {entry.lessons} lessons",
                    f"{entry.doubles}次连堂需要{2 * entry.doubles}节，合班只有{entry.lessons}节",
                )

    def together(self) -> None:
        for index, entry in enumerate(self.inst.together):
            where = f"together[{index}]"
            if all(self._together_member(f"{where}.of[{k}]", m.class_, m.subject) for k, m in enumerate(entry.of)):
                self._together_entry(where, entry)

    def _together_member(self, where: str, name: str, subject: str) -> bool:
        """A known class with weekly lessons of a known subject."""
        if name not in self.classes:
            self.problems.append(unknown(f"{where}.class", "class", name, self.classes))
            return False
        if not self.check_subject(f"{where}.subject", subject):
            return False
        if subject not in self.inst.class_plan(name):
            self.add(f"{where}.subject", f"{name} has no weekly lessons of {subject}", f"“{name}”没有每周的“{subject}”课")
            return False
        return True

    def _together_entry(self, where: str, entry: Together) -> None:
        """Classes that can be taught at once: each once, in one bell, by different teachers, with the
        lessons asked for."""
        names = [m.class_ for m in entry.of]
        if len(set(names)) != len(names):
            self.add(
                f"{where}.of",
                "a class is listed twice (it has one lesson at a time)",
                "有班级重复列出（一个班同一时间只上一节课）",
            )
        if len({self.section_of(name).name for name in names}) > 1:
            self.add(f"{where}.of", "classes together must be in one section", "同时上课的班级必须在同一个学部")
        teachers = [self.inst.teacher_of.get((m.class_, m.subject)) for m in entry.of]
        if len(set(teachers)) != len(teachers):
            english = "a teacher cannot give two lessons at once (a 合班 of one teacher is merged:)"
            self.add(where, english, "同一位教师不能同时上两节课（同一教师的合班请用 merged）")
        counts = [self.inst.class_plan(m.class_)[m.subject] for m in entry.of]
        if entry.lessons is None and len(set(counts)) > 1:
            english = f"all their lessons together need as many lessons in each class, found {counts} (give lessons:)"
            self.add(where, english, f"全部同时上课需要各班节数相同，现为{counts}（请填 lessons）")
        elif entry.lessons is not None and entry.lessons > min(counts):
            english = f"{entry.lessons} lessons together, but a class has only {min(counts)}"
            self.add(f"{where}.lessons", english, f"要求同时上课{entry.lessons}节，但有班级只有{min(counts)}节")

    def fixed_and_forbidden(self) -> None:
        for index, entry in enumerate(self.inst.fixed):
            where = f"fixed[{index}]"
            self.check_subject(f"{where}.subject", entry.subject)
            self.check_day(f"{where}.day", entry.day)
            targets = [self.inst.section_by_grade.get(g) for g in entry.grades or []]
            targets += [self.section_of(name) for name in entry.classes or []]
            if not entry.grades and not entry.classes:  # every class whose plan has the subject
                targets = [
                    self.section_of(c.name)
                    for c in self.inst.classes
                    if c.grade in self.grades and entry.subject in self.inst.class_plan(c.name)
                ]
            self.check_period(f"{where}.period", entry.period, [t for t in targets if t] or None, every=True)
            for class_index, name in enumerate(entry.classes or []):
                if name not in self.classes:
                    self.problems.append(unknown(f"{where}.classes[{class_index}]", "class", name, self.classes))
            for grade_index, grade in enumerate(entry.grades or []):
                if grade not in self.grades:
                    self.add(f"{where}.grades[{grade_index}]", f"unknown grade {grade}", f"没有{grade}年级")
        for index, entry in enumerate(self.inst.forbidden):
            self._slots_entry(f"forbidden[{index}]", entry)
        for index, entry in enumerate(self.inst.preferences.avoid):
            self._slots_entry(f"preferences.avoid[{index}]", entry)

    def _slots_entry(self, where: str, entry: Forbidden) -> None:
        """A 禁排 (or 尽量不排) entry: its slots, and exactly one known class, grade, subject or teacher."""
        self.check_time_ref(where, entry, self._forbidden_sections(entry))
        named = [key for key in ("class_", "grade", "subject", "teacher") if getattr(entry, key) is not None]
        if len(named) != 1:
            self.add(where, "name exactly one of class, grade, subject, teacher", "班级、年级、学科、教师四项须填且只填一项")
        if entry.class_ is not None and entry.class_ not in self.classes:
            self.problems.append(unknown(f"{where}.class", "class", entry.class_, self.classes))
        if entry.grade is not None and entry.grade not in self.grades:
            self.add(f"{where}.grade", f"unknown grade {entry.grade}", f"没有{entry.grade}年级")
        if entry.subject is not None:
            self.check_subject(f"{where}.subject", entry.subject)
        if entry.teacher is not None and entry.teacher not in self.teachers:
            self.problems.append(unknown(f"{where}.teacher", "teacher", entry.teacher, self.inst.teacher_by_name))

    def _forbidden_sections(self, entry: Forbidden) -> list[Section] | None:
        """The bells a 禁排 entry's periods are counted in: its class's or grade's section (any, else)."""
        if entry.class_ is not None:
            section = self.section_of(entry.class_)
        elif entry.grade is not None:
            section = self.inst.section_by_grade.get(entry.grade)
        else:
            return None
        return [section] if section else None

    def _teacher_sections(self, teacher: Teacher) -> list[Section] | None:
        """The bells of the sections a teacher teaches in (any, when none is known)."""
        sections = {self.section_of(name) for names in teacher.teaches.values() for name in names}
        return [s for s in self.inst.sections_in_force if s in sections] or None

    def preferences(self) -> None:
        prefs = self.inst.preferences
        for key in ("no_noon_crossing", "parallel_same_half_day"):
            setting = getattr(prefs, key)
            for index, name in enumerate(setting if isinstance(setting, list) else []):
                if name not in self.teachers:
                    self.problems.append(unknown(f"preferences.{key}[{index}]", "teacher", name, self.inst.teacher_by_name))
        for index, order in enumerate(prefs.not_before):
            self.check_subject(f"preferences.not_before[{index}].first", order.first)
            self.check_subject(f"preferences.not_before[{index}].then", order.then)
        for index, pair in enumerate(prefs.not_same_day):
            for side, name in enumerate(pair):
                self.check_subject(f"preferences.not_same_day[{index}][{side}]", name)
        for index, pair in enumerate(prefs.teachers_apart):
            for side, name in enumerate(pair):
                if name not in self.teachers:
                    place = f"preferences.teachers_apart[{index}][{side}]"
                    self.problems.append(unknown(place, "teacher", name, self.inst.teacher_by_name))

    def homework_section(self, where: str, grade: int, plan: dict[str, int], homework: dict) -> None:
        paired = {n for g in self.inst.grades if g.grade == grade for pair in g.alternating for n in (pair.odd, pair.even)}
        plan = {**{name: 1 for name in paired}, **plan}
        section = self.inst.section_by_grade.get(grade)
        cap = section.policy.homework_caps.get(grade) if section else None
        for subject, entry in homework.items():
            place = f"{where}.homework.{subject}"
            if not self.check_subject(place, subject):
                continue
            if entry.items and subject not in plan:
                self.add(
                    place, f"homework of {subject}, which is not in the plan", f"课时计划中没有“{subject}”，却布置了它的作业"
                )
            if entry.items > len(self.inst.days):
                self.add(
                    place,
                    f"{entry.items} items but at most one a day on {len(self.inst.days)} days",
                    f"{entry.items}项作业，但每天最多一项，一周只有{len(self.inst.days)}天",
                )
            if entry.written and entry.items and cap == 0:
                self.add(
                    place,
                    f"grade {grade} may get no written homework (cap 0; rule homework.none_for_grade): "
                    "set written: false or remove it",
                    f"{grade}年级不得布置书面作业{rule_zh('homework.none_for_grade')}：请改为非书面作业或删去此项",
                )

    def homework(self) -> None:
        if self.problems:
            return
        settings = [("policy", self.inst.policy)] + [
            (f"sections[{index}].policy", entry.policy) for index, entry in enumerate(self.inst.sections) if entry.policy
        ]
        for where, policy in settings:
            for key, cap in policy.homework_caps.items():
                if not 1 <= key <= 9 or cap < 0:
                    self.add(
                        f"{where}.homework_caps.{key}",
                        "grades are 1-9 and caps cannot be negative",
                        "年级应为1至9，书面作业时长上限不能为负",
                    )
        for index, grade in enumerate(self.inst.grades):
            self.homework_section(f"grades[{index}]", grade.grade, grade.plan, grade.homework)
        for index, school_class in enumerate(self.inst.classes):
            plan = self.inst.class_plan(school_class.name)
            self.homework_section(f"classes[{index}]", school_class.grade, plan, school_class.homework)


def _teachers_zh(teachers: set[str | None]) -> str:
    """`“王芳”、“李强”、未安排`: the teachers found, a class without one as 未安排."""
    names = sorted(name for name in teachers if name is not None)
    return "、".join([f"“{name}”" for name in names] + (["未安排"] if None in teachers else []))


def instance_problems(instance: Instance) -> list[Problem]:
    """Every reference and consistency problem of a parsed instance (empty when it is sound)."""
    return _Validator(instance).run()
