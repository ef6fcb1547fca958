"""FET time and space constraints as instance entries, each recorded in the import report."""

from __future__ import annotations

from collections import Counter, defaultdict
from xml.etree.ElementTree import Element

from models.rules import RULE_BY_ID
from scheduler.formats.fet.xml_io import child_int, child_percent, child_text
from scheduler.formats.import_report import ImportReport
from scheduler.formats.teaching import WISH_LOWERED, wished_minimum_lowered

SOFT = ("a FET preference below 100 % has no hard equivalent; left out", "权重低于100%的FET约束没有对应的硬性规则，未导入")
NOT_AVAILABLE = ("ConstraintTeacherNotAvailableTimes", "ConstraintStudentsSetNotAvailableTimes")
MAX_DAYS = ("ConstraintTeacherMaxDaysPerWeek", "ConstraintTeachersMaxDaysPerWeek")
MAX_HOURS_DAILY = ("ConstraintTeacherMaxHoursDaily", "ConstraintTeachersMaxHoursDaily")
MIN_HOURS_DAILY = ("ConstraintTeacherMinHoursDaily", "ConstraintTeachersMinHoursDaily")
SOFT_RULE = {
    "ConstraintTeacherMaxGapsPerWeek": "soft.teacher_idle",
    "ConstraintTeacherMaxGapsPerDay": "soft.teacher_idle",
    "ConstraintTeachersMaxGapsPerWeek": "soft.teacher_idle",
    "ConstraintTeachersMaxGapsPerDay": "soft.teacher_idle",
}


def _title(rule_id: str) -> str:
    return RULE_BY_ID[rule_id].title_zh


class _Context:
    """What the constraint readers share: the instance data so far, the activities, the name maps."""

    def __init__(self, root, data, activities, days, hours, sets, report):
        self.data, self.activities, self.days, self.hours, self.sets = data, activities, days, hours, sets
        self.report = report
        self.subgroups = {child_text(subgroup, "Name") for subgroup in root.iter("Subgroup")}
        self.classes = {c["name"] for c in data["classes"]}
        self.teachers = {t["name"]: t for t in data["teachers"]}
        self.together: Counter = Counter()  # (class, subject) of activities starting together -> lessons
        self.fewest_from: dict[str, str] = {}  # teacher -> the constraint type their wished minimum came from
        self.per_class_subject = defaultdict(list)
        for key, activity in activities.items():
            for name in activity["classes"]:
                self.per_class_subject[name, activity["subject"]].append(key)

    def slots(self, element: Element, tag: str, day_tag: str, hour_tag: str) -> dict[str, list[int]]:
        """Day (instance name) -> periods, from FET (day, hour) slots."""
        found: dict[str, list[int]] = defaultdict(list)
        for slot in element.findall(tag):
            day, hour = self.days.get(child_text(slot, day_tag)), self.hours.get(child_text(slot, hour_tag))
            if day and hour:
                found[day].append(hour)
        return found

    def complement(self, allowed: dict[str, list[int]]) -> dict[str, list[int]]:
        return {
            day: [p for p in self.hours.values() if p not in allowed.get(day, [])]
            for day in self.days.values()
            if len(allowed.get(day, [])) < len(self.hours)
        }

    def forbid(self, slots: dict[str, list[int]], **target: str | int) -> None:
        self._slots_entries(self.data["forbidden"], slots, target)

    def avoid(self, slots: dict[str, list[int]], **target: str | int) -> None:
        """尽量不排 of the target at these slots (the soft rule soft.avoided_slots)."""
        self._slots_entries(self.data.setdefault("preferences", {}).setdefault("avoid", []), slots, target)

    @staticmethod
    def _slots_entries(entries: list[dict], slots: dict[str, list[int]], target: dict) -> None:
        for day, periods in slots.items():
            if periods:
                entries.append({**target, "day": day, "periods": sorted(set(periods))})


def _availability(ctx: _Context, kind: str, element: Element) -> None:
    if kind == "ConstraintBreakTimes":  # no lesson at all: forbidden to every grade
        for grade in sorted({c["grade"] for c in ctx.data["classes"]}):
            ctx.forbid(ctx.slots(element, "Break_Time", "Day", "Hour"), grade=grade)
        return ctx.report.add(kind, "exact")
    slots = ctx.slots(element, "Not_Available_Time", "Day", "Hour")
    if kind == "ConstraintTeacherNotAvailableTimes":
        teacher = ctx.teachers.get(child_text(element, "Teacher"))
        if teacher is not None:  # else a teacher with no activity
            teacher.setdefault("blocked", []).extend({"day": d, "periods": sorted(set(p))} for d, p in slots.items())
        return ctx.report.add(kind, "exact")
    name = child_text(element, "Students")
    for class_name in ctx.sets.get(name, []):
        if class_name in ctx.classes:
            ctx.forbid(slots, **{"class": class_name})
    if name in ctx.subgroups:
        english = "a subgroup's unavailable times apply to its whole class"
        return ctx.report.add(kind, "approximated", english, "子组的不可用时间用于整个班级")
    ctx.report.add(kind, "exact")


def _rather_not(ctx: _Context, kind: str, element: Element) -> None:
    """A teacher's or students set's unavailable times below 100 %: 尽量不排 (soft.avoided_slots)."""
    slots = ctx.slots(element, "Not_Available_Time", "Day", "Hour")
    if kind == "ConstraintTeacherNotAvailableTimes":
        if child_text(element, "Teacher") in ctx.teachers:  # else a teacher with no activity
            ctx.avoid(slots, teacher=child_text(element, "Teacher"))
    else:
        for class_name in ctx.sets.get(child_text(element, "Students"), []):
            if class_name in ctx.classes:
                ctx.avoid(slots, **{"class": class_name})
    english = "below 100 %: 尽量不排, jianfu's soft rule soft.avoided_slots"
    ctx.report.add(kind, "approximated", english, f"权重低于100%：按软性要求“{_title('soft.avoided_slots')}”处理")


def _preferred(ctx: _Context, kind: str, element: Element) -> None:
    starting = "StartingTime" in kind
    if kind == "ConstraintActivityPreferredStartingTime":
        activity = ctx.activities.get(child_text(element, "Activity_Id"))
        day, hour = ctx.days.get(child_text(element, "Preferred_Day")), ctx.hours.get(child_text(element, "Preferred_Hour"))
        if activity is None or day is None or hour is None or activity["duration"] != 1:
            english = "only a single-period activity at one day and hour becomes 固排"
            return ctx.report.add(kind, "ignored", english, "只有指定某天某节的单节教学班才导入为固排")
        ctx.data["fixed"].append(
            {"subject": activity["subject"], "day": day, "period": hour, "classes": activity["classes"]}
        )
        return ctx.report.add(kind, "exact")
    tags = (
        ("Preferred_Starting_Time", "Preferred_Starting_Day", "Preferred_Starting_Hour")
        if starting
        else ("Preferred_Time_Slot", "Preferred_Day", "Preferred_Hour")
    )
    banned = ctx.complement(ctx.slots(element, *tags))
    if kind.startswith("ConstraintActivity"):
        english = "jianfu forbids slots to a class, grade, subject or teacher, not to one activity"
        return ctx.report.add(kind, "ignored", english, "减负排课只对班级、年级、学科或教师禁排，不对单个教学班禁排")
    if child_text(element, "Activity_Tag_Name"):
        return ctx.report.add(kind, "ignored", "activity tags have no jianfu equivalent", "减负排课中没有教学班标签")
    students = child_text(element, "Students_Name")
    target = {
        "teacher": child_text(element, "Teacher_Name"),
        "subject": child_text(element, "Subject_Name"),
        "class": students,
    }
    target = {key: value for key, value in target.items() if value}
    if len(target) != 1:
        english = "jianfu forbids slots to one class, subject or teacher at a time, not to a mix"
        return ctx.report.add(kind, "ignored", english, "减负排课每次只对一个班级、学科或教师禁排，不能混合")
    if students:
        for name in ctx.sets.get(students, []):
            if name in ctx.classes:  # else a group without lessons
                ctx.forbid(banned, **{"class": name})
    elif "subject" in target or target["teacher"] in ctx.teachers:  # else a teacher without lessons
        ctx.forbid(banned, **target)
    if starting:
        return ctx.report.add(kind, "approximated", "starting times applied to every period", "首选开始时间用于每一节")
    ctx.report.add(kind, "exact")


def _same_time(ctx: _Context, kind: str, element: Element) -> None:
    """Activities of different classes and teachers, equally long, starting together: 同时上课 of their
    classes' lessons of their subjects (curriculum.together)."""
    found = [ctx.activities.get((a.text or "").strip()) for a in element.findall("Activity_Id")]
    if None in found or len({a["duration"] for a in found}) > 1:
        english = "only active activities of equal duration start together in jianfu"
        return ctx.report.add(kind, "ignored", english, "只有时长相同的有效教学班才能同时上课")
    members = tuple(sorted((a["classes"][0], a["subject"]) for a in found))
    classes = [name for a in found for name in a["classes"]]
    teachers = {_teacher_of(ctx, name, subject) for name, subject in members}
    if len(set(classes)) != len(classes) or None in teachers or len(teachers) != len(members):
        english = "activities of one class (subgroups) or one teacher cannot start together in jianfu"
        return ctx.report.add(kind, "ignored", english, "同一班级（子组）或同一教师的教学班不能同时上课")
    if len(members) > 1:
        ctx.together[members] += found[0]["duration"]
    ctx.report.add(kind, "exact")


def _teacher_of(ctx: _Context, name: str, subject: str) -> str | None:
    return next((t for t, teacher in ctx.teachers.items() if name in teacher["teaches"].get(subject, [])), None)


def _together(ctx: _Context) -> list[dict]:
    """The 同时上课 entries, each within its classes' lessons of the subject."""
    entries = []
    for members, lessons in ctx.together.items():
        planned = [sum(ctx.activities[k]["duration"] for k in ctx.per_class_subject[key]) for key in members]
        entries.append({"of": [{"class": c, "subject": s} for c, s in members], "lessons": min(lessons, *planned)})
    return entries


def _max_days(ctx: _Context, kind: str, element: Element, weight: float) -> None:
    """A teacher's (or every teacher's) days a week: their maximum at 100 %, below it a wish the soft
    rule soft.teacher_days weighs."""
    field = "max_days" if weight >= 100 else "preferred_days"
    for name in _teachers_of(ctx, kind, element):
        ctx.teachers[name][field] = child_int(element, "Max_Days_Per_Week", least=1)
    if weight >= 100:
        return ctx.report.add(kind, "exact")
    english = "below 100 %: jianfu's soft rule soft.teacher_days (each day beyond the maximum counts)"
    ctx.report.add(kind, "approximated", english, f"权重低于100%：按软性要求“{_title('soft.teacher_days')}”处理")


def _teachers_of(ctx: _Context, kind: str, element: Element) -> list[str]:
    """The teacher a constraint on one teacher names (when imported), or every teacher."""
    if kind.startswith("ConstraintTeachers"):
        return list(ctx.teachers)
    name = child_text(element, "Teacher_Name")
    return [name] if name in ctx.teachers else []


def _daily_most_wished(ctx: _Context, kind: str, element: Element) -> None:
    """A teacher's (or every teacher's) most lessons a day below 100 %: a wish the soft rule
    soft.teacher_daily_range weighs (the lowest of two on one teacher; none where it is no fewer than
    the hours of a day, as it then binds nothing)."""
    most = child_int(element, "Maximum_Hours_Daily", least=1)
    binding = _teachers_of(ctx, kind, element) if most < len(ctx.hours) else []
    for name in binding:
        wish = ctx.teachers[name].setdefault("preferred_per_day", {})
        wish["max"] = min(most, wish.get("max", most))
    english = "below 100 %: jianfu's soft rule soft.teacher_daily_range (each lesson beyond the maximum counts)"
    ctx.report.add(kind, "approximated", english, f"权重低于100%：按软性要求“{_title('soft.teacher_daily_range')}”处理")


def _daily_fewest_wished(ctx: _Context, kind: str, element: Element) -> None:
    """A teacher's (or every teacher's) fewest lessons on a day they teach: a wish the soft rule
    soft.teacher_daily_range weighs (FET holds it at 100 %; jianfu has no such hard rule). The highest
    of two on one teacher; none at 1, as every day a teacher teaches has a lesson."""
    fewest = child_int(element, "Minimum_Hours_Daily", least=1)
    for name in _teachers_of(ctx, kind, element) if fewest > 1 else []:
        wish = ctx.teachers[name].setdefault("preferred_per_day", {})
        if fewest > wish.get("min", 1):
            wish["min"], ctx.fewest_from[name] = fewest, kind
    english = (
        "jianfu's soft rule soft.teacher_daily_range (each lesson short of the minimum on a day with a lesson"
        " counts; a day without one is never refused)"
    )
    chinese = f"按软性要求“{_title('soft.teacher_daily_range')}”处理（有课的日子少于最少课时的每节计入；不禁止无课的日子）"
    ctx.report.add(kind, "approximated", english, chinese)


def _wishes_within_maxima(ctx: _Context) -> None:
    """Each wished fewest lessons a day within the teacher's most (see wished_minimum_lowered), a
    lowered one noted on the constraint type that set it."""
    for name, kind in ctx.fewest_from.items():
        if wished_minimum_lowered(ctx.teachers[name], len(ctx.hours)):
            ctx.report.add(kind, "approximated", *WISH_LOWERED, count=0)


def _min_days(ctx: _Context, kind: str, element: Element, spread: dict[str, set[str]]) -> None:
    keys = [(a.text or "").strip() for a in element.findall("Activity_Id")]
    found = [ctx.activities[k] for k in keys if k in ctx.activities]
    if child_percent(element) < 100:
        english = "below 100 %: jianfu's soft rule soft.subject_spread"
        chinese = f"权重低于100%：按软性要求“{_title('soft.subject_spread')}”处理"
        return ctx.report.add(kind, "approximated", english, chinese)
    subjects = {a["subject"] for a in found}
    classes = {tuple(a["classes"]) for a in found}
    if len(subjects) != 1 or len(classes) != 1 or child_int(element, "MinDays", "1") != 1:
        english = "only 'min 1 day' between the lessons of one class and subject is imported"
        return ctx.report.add(kind, "ignored", english, "只导入同一班级同一学科的课“至少间隔1天”")
    for name in next(iter(classes)):
        if set(ctx.per_class_subject[name, next(iter(subjects))]) <= set(keys):
            spread[next(iter(subjects))].add(name)
    ctx.report.add(kind, "exact")


def import_constraints(root, data, activities, days, hours, sets, report: ImportReport) -> None:
    """Add the FET constraints of `root` to the instance `data`, recording each in `report`."""
    data.update(forbidden=[], fixed=[], venues=[])
    ctx = _Context(root, data, activities, days, hours, sets, report)
    spread: dict[str, set[str]] = defaultdict(set)
    rooms_of: dict[str, list[str]] = {}
    for section in ("Time_Constraints_List", "Space_Constraints_List"):
        for element in root.findall(f"{section}/*"):
            kind = element.tag
            if child_text(element, "Active", "true") != "true":
                continue
            weight = child_percent(element)
            if kind in ("ConstraintBasicCompulsoryTime", "ConstraintBasicCompulsorySpace"):
                report.add(kind, "exact")
            elif kind in SOFT_RULE:
                english = f"becomes the soft rule {SOFT_RULE[kind]} (fewest idle periods)"
                report.add(kind, "approximated", english, f"改为软性要求“{_title(SOFT_RULE[kind])}”")
            elif kind == "ConstraintActivitiesSameStartingTime" and weight >= 100:
                _same_time(ctx, kind, element)
            elif kind in MAX_DAYS and weight > 0:
                _max_days(ctx, kind, element, weight)
            elif kind in MAX_HOURS_DAILY and 0 < weight < 100:
                _daily_most_wished(ctx, kind, element)
            elif kind in MIN_HOURS_DAILY and weight > 0:
                _daily_fewest_wished(ctx, kind, element)
            elif kind in NOT_AVAILABLE and 0 < weight < 100:
                _rather_not(ctx, kind, element)
            elif weight < 100 and kind != "ConstraintMinDaysBetweenActivities":
                report.add(kind, "ignored", *SOFT)
            elif kind in (
                "ConstraintBreakTimes",
                "ConstraintTeacherNotAvailableTimes",
                "ConstraintStudentsSetNotAvailableTimes",
            ):
                _availability(ctx, kind, element)
            elif "Preferred" in kind and ("TimeSlots" in kind or "StartingTime" in kind):
                _preferred(ctx, kind, element)
            elif kind == "ConstraintMinDaysBetweenActivities":
                _min_days(ctx, kind, element, spread)
            elif kind in MAX_HOURS_DAILY:
                most = child_int(element, "Maximum_Hours_Daily", least=1)
                for name in _teachers_of(ctx, kind, element):
                    ctx.teachers[name]["max_per_day"] = min(most, ctx.teachers[name].get("max_per_day", most))
                report.add(kind, "exact")
            elif kind in ("ConstraintSubjectPreferredRoom", "ConstraintSubjectPreferredRooms"):
                rooms = [(r.text or "").strip() for r in element.findall("Preferred_Room")] or [child_text(element, "Room")]
                rooms_of[child_text(element, "Subject")] = rooms
            else:
                report.add(kind, "ignored", "no jianfu equivalent", "减负排课中没有对应的规则")
    for subject, classes in spread.items():
        having = {c["name"] for c in data["classes"] if len(ctx.per_class_subject[c["name"], subject]) > 1}
        if classes == having:
            next(s for s in data["subjects"] if s["name"] == subject)["max_per_day"] = 1
        else:
            english = "not every class's lessons of the subject: left out"
            report.add("ConstraintMinDaysBetweenActivities", "approximated", english, "未包括该学科所有班级的课，未导入")
    _wishes_within_maxima(ctx)
    _venues(data, rooms_of, report)
    if ctx.together:
        data["together"] = _together(ctx)


def _venues(data: dict, rooms_of: dict[str, list[str]], report: ImportReport) -> None:
    """A subject's preferred rooms become its venue, holding as many classes at once as it has rooms."""
    used: dict[str, int] = defaultdict(int)
    for rooms in rooms_of.values():
        for room in set(rooms):
            used[room] += 1
    for subject, rooms in rooms_of.items():
        kind = "ConstraintSubjectPreferredRoom" + ("s" if len(rooms) > 1 else "")
        venue = "+".join(sorted(set(rooms)))
        if venue not in {v["name"] for v in data["venues"]}:
            data["venues"].append({"name": venue, "capacity": len(set(rooms))})
        for entry in data["subjects"]:
            if entry["name"] == subject:
                entry["venue"] = venue
        if any(used[room] > 1 for room in rooms) and len(set(rooms)) > 1:
            english = "rooms shared with other subjects' room lists"
            report.add(kind, "approximated", english, "这些教室也在别的学科的首选教室中")
        else:
            report.add(kind, "exact")
