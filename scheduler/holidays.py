"""A term's `calendar:` section from the State Council's holidays and make-up working days, as the
maintained package chinese-calendar records them; a year it has no data for is left to the office
(a new year's notice comes before a package update), and every entry can be edited by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import chinese_calendar

from models.calendar import WEEKDAY_NAMES
from models.term import TermCalendar, balanced_runs, term_days

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


@dataclass
class Holidays:
    """What the package knows of a term: holiday ranges, make-up days, and the years it lacks."""

    holidays: list[dict[str, object]] = field(default_factory=list)
    makeup_days: list[dict[str, object]] = field(default_factory=list)
    missing_years: list[int] = field(default_factory=list)


def _dates(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def official_days(start: dt.date, end: dt.date) -> Holidays:
    """The official holidays (named ranges, weekend dates inside them included) and make-up working
    days between two dates."""
    found = Holidays()
    for date in _dates(start, end):
        try:
            working, (is_holiday, name) = chinese_calendar.is_workday(date), chinese_calendar.get_holiday_detail(date)
        except NotImplementedError:
            if date.year not in found.missing_years:
                found.missing_years.append(date.year)
            continue
        if working and date.isoweekday() >= 6:
            found.makeup_days.append({"date": date})
        elif is_holiday and name:
            chinese = HOLIDAY_NAMES.get(name, name)
            last = found.holidays[-1] if found.holidays else None
            if last and last["name"] == chinese and last["end"] == date - dt.timedelta(days=1):
                last["end"] = date
            else:
                found.holidays.append({"name": chinese, "start": date, "end": date})
    return found


def calendar_section(start: dt.date, end: dt.date, name: str = "", days: list[str] | None = None) -> tuple[dict, Holidays]:
    """The `calendar:` section of an instance for a term, and what the package knew."""
    days = days or list(WEEKDAY_NAMES)
    found = official_days(start, end)
    section: dict[str, object] = {"name": name, "start": start, "end": end}
    section["holidays"] = [
        entry if entry["end"] != entry["start"] else {"name": entry["name"], "start": entry["start"]}
        for entry in found.holidays
    ]
    section["makeup_days"] = [entry | {"runs": days[0]} for entry in found.makeup_days]
    # Each make-up day runs the school day that leaves the term most even (the office may change it).
    choice = balanced_runs(days, term_days(TermCalendar.model_validate(section), days))
    for entry in section["makeup_days"]:
        entry["runs"] = choice[entry["date"]]
    return section, found
