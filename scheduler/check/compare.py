"""阴阳课表: the timetable a school posts against the one its classes follow. Every difference, class
by class, and above all those that change a rule's figures: a subject's weekly lessons, a day's PE
lessons, activity or learning minutes, a PE, music or art lesson taken by another subject, a rule
the timetable in use breaks and the posted one does not."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from models.calendar import Lang, day_label, english_days, period_label
from models.instance import Instance
from models.solution import Lesson
from scheduler.check.checker import check_timetable
from scheduler.check.rules.daily import activity_minutes, learning_minutes
from scheduler.check.timetable import class_days, in_parity, lesson_teachers
from scheduler.check.violation import Violation

# Subjects the documents say may not be squeezed (挤占): PE (by its kind), music and art.
PROTECTED = ("音乐", "美术")


@dataclass(frozen=True)
class Difference:
    """One difference between the posted timetable and the one in use, in both languages."""

    class_: str
    english: str
    chinese: str
    relevant: bool  # it changes a rule's figures

    def text(self, lang: Lang) -> str:
        """The difference as the report prints it."""
        return self.chinese if lang == "zh" else english_days(self.english)

    def as_dict(self) -> dict[str, object]:
        """Plain data for JSON reports."""
        return {"class": self.class_, "message": self.english, "message_zh": self.chinese, "rule_relevant": self.relevant}


@dataclass
class Comparison:
    """Every difference, and the rule breaches only the timetable in use has."""

    differences: list[Difference] = field(default_factory=list)
    new_violations: list[Violation] = field(default_factory=list)

    @property
    def relevant(self) -> bool:
        """Whether the two differ in a way that changes a rule's figures."""
        return bool(self.new_violations) or any(d.relevant for d in self.differences)


WEEKS_ZH = {"all": "", "odd": "（单周）", "even": "（双周）"}


def _cell(lessons: list[Lesson]) -> str:
    """A slot's subjects: an odd/even pair in that order, each marked with its weeks."""
    order = {"all": 0, "odd": 1, "even": 2}
    shown = [f"{x.subject}{WEEKS_ZH[x.weeks]}" for x in sorted(lessons, key=lambda x: (order[x.weeks], x.subject))]
    return "/".join(dict.fromkeys(shown)) or "—"


def _protected(inst: Instance, subject: str) -> bool:
    return inst.subject_kind(subject) == "pe" or subject in PROTECTED


def _weekly(lessons: list[Lesson], parity: str) -> Counter[tuple[str, str]]:
    return Counter((x.class_, x.subject) for x in in_parity(lessons, parity))


def slot_differences(inst: Instance, posted: list[Lesson], in_use: list[Lesson]) -> list[Difference]:
    """The slots whose lessons differ, class by class; a PE, music or art lesson is taken (挤占) when the
    class has fewer of them a week in use than posted, and that slot lost one."""

    def by_slot(lessons: list[Lesson]) -> dict[tuple[str, str, int], list[Lesson]]:
        slots: dict[tuple[str, str, int], list[Lesson]] = {}
        for lesson in lessons:
            slots.setdefault((lesson.class_, lesson.day, lesson.period), []).append(lesson)
        return slots

    def content(lessons: list[Lesson]) -> list[tuple[str, tuple[str, ...], str]]:
        return sorted((x.subject, tuple(sorted(lesson_teachers(inst, x))), x.weeks) for x in lessons)

    fewer = {
        key
        for parity in ("odd", "even")
        for key, count in _weekly(posted, parity).items()
        if _protected(inst, key[1]) and _weekly(in_use, parity)[key] < count
    }
    before, after = by_slot(posted), by_slot(in_use)
    order = {day: index for index, day in enumerate(inst.days)}
    found = []
    for key in sorted(set(before) | set(after), key=lambda k: (k[0], order.get(k[1], 9), k[2])):
        was, now = before.get(key, []), after.get(key, [])
        if content(was) == content(now):
            continue
        name, day, period = key
        lost = {x.subject for x in was} - {x.subject for x in now}
        squeezed = [s for s in sorted(lost) if (name, s) in fewer]
        zh_when, en_when = f"{day_label('zh', day)}{period_label('zh', period)}", f"{day_label('en', day)} period {period}"
        english = f"{name}, {en_when}: posted {_cell(was)}, in use {_cell(now)}"
        chinese = f"{name} {zh_when}：公示 {_cell(was)}，实际 {_cell(now)}"
        if squeezed:
            english += f" ({', '.join(squeezed)} taken)"
            chinese += f"（挤占{'、'.join(squeezed)}）"
        found.append(Difference(name, english, chinese, bool(squeezed)))
    return found


def figure_differences(inst: Instance, posted: list[Lesson], in_use: list[Lesson]) -> list[Difference]:
    """A class's weekly lessons of a subject, or a day's PE lessons, activity or learning minutes,
    that differ (in odd weeks, and in even weeks where they differ)."""
    found = []
    alternating = any(x.weeks != "all" for x in posted + in_use)
    for parity in ("odd", "even"):
        a, b = in_parity(posted, parity), in_parity(in_use, parity)
        weeks_en, weeks_zh = (f" ({parity} weeks)", WEEKS_ZH[parity]) if alternating else ("", "")
        weekly_a, weekly_b = _weekly(posted, parity), _weekly(in_use, parity)
        for name, subject in sorted(set(weekly_a) | set(weekly_b)):
            if weekly_a[name, subject] != weekly_b[name, subject]:
                counts = weekly_a[name, subject], weekly_b[name, subject]
                english = f"{name}: {subject} {counts[0]} lessons a week posted, {counts[1]} in use{weeks_en}"
                chinese = f"{name}：{subject} 每周公示 {counts[0]} 节，实际 {counts[1]} 节{weeks_zh}"
                found.append(Difference(name, english, chinese, True))
        found += _day_figures(inst, class_days(a), class_days(b), weeks_en, weeks_zh)
    return list(dict.fromkeys(found))


def _day_figures(inst: Instance, posted: dict, in_use: dict, weeks_en: str, weeks_zh: str) -> list[Difference]:
    found = []
    for school_class in inst.classes:
        name = school_class.name
        for day in inst.days:
            was, now = posted[name, day], in_use[name, day]
            for measure, en, zh in (
                (activity_minutes, "physical activity", "体育活动"),
                (learning_minutes, "learning", "集中学习"),
            ):
                before, after = measure(inst, name, day, was), measure(inst, name, day, now)
                if before != after:
                    english = f"{name}, {day_label('en', day)}: {before} min of {en} posted, {after} in use{weeks_en}"
                    chinese = f"{name} {day_label('zh', day)}：{zh}公示 {before} 分钟，实际 {after} 分钟{weeks_zh}"
                    found.append(Difference(name, english, chinese, True))
    return found


def compare(inst: Instance, posted: list[Lesson], in_use: list[Lesson]) -> Comparison:
    """Every difference between the posted timetable and the one in use, and the breaches of the one
    in use that the posted one does not have."""
    known = set(check_timetable(inst, posted, None))
    new = [v for v in check_timetable(inst, in_use, None) if v not in known]
    differences = slot_differences(inst, posted, in_use) + figure_differences(inst, posted, in_use)
    return Comparison(differences, new)
