"""Day names, period names and clock times, the small vocabularies every other module uses, with
day and period labels in Chinese (the default) and English."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, WithJsonSchema

from models.errors import Invalid

# Every accepted spelling of a weekday, mapped to its ISO number (Monday = 1).
_DAY_SPELLINGS: dict[str, int] = {}
for number, names in enumerate(
    [
        ("星期一", "周一", "礼拜一", "monday", "mon"),
        ("星期二", "周二", "礼拜二", "tuesday", "tue"),
        ("星期三", "周三", "礼拜三", "wednesday", "wed"),
        ("星期四", "周四", "礼拜四", "thursday", "thu"),
        ("星期五", "周五", "礼拜五", "friday", "fri"),
        ("星期六", "周六", "礼拜六", "saturday", "sat"),
        ("星期日", "周日", "礼拜日", "星期天", "周天", "sunday", "sun"),
    ],
    start=1,
):
    for name in names:
        _DAY_SPELLINGS[name] = number

WEEKDAY_NAMES = ["星期一", "星期二", "星期三", "星期四", "星期五"]

Lang = Literal["zh", "en"]
LANGS: tuple[str, ...] = ("zh", "en")
_DAY_LABELS = {
    "zh": ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def iso_weekday(name: str) -> int | None:
    """ISO weekday number (1 = Monday .. 7 = Sunday) of a day name, or None if unknown."""
    return _DAY_SPELLINGS.get(name.strip().lower())


def is_weekend(name: str) -> bool:
    """True for Saturday and Sunday in any accepted spelling."""
    return iso_weekday(name) in (6, 7)


_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def _parse_clock(value: object) -> int:
    """Minutes after midnight of 'HH:MM'. YAML 1.1 reads unquoted 8:20 as 500 (sexagesimal)."""
    if isinstance(value, bool):
        raise Invalid("expected a clock time like '08:20'", "应为“08:20”这样的时刻")
    if isinstance(value, int):
        # PyYAML turns 08:20 into 8*60+20; accept it as the time it was written as.
        if 0 <= value < 24 * 60:
            return value
        raise Invalid(f"{value} is not a clock time like '08:20'", f"{value}不是“08:20”这样的时刻")
    if isinstance(value, str):
        match = _CLOCK.match(value)
        if match:
            hours, minutes = int(match.group(1)), int(match.group(2))
            if hours < 24 and minutes < 60:
                return hours * 60 + minutes
    raise Invalid(f"{value!r} is not a clock time like '08:20'", f"“{value}”不是“08:20”这样的时刻")


ClockTime = Annotated[
    int,
    BeforeValidator(_parse_clock),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$", "examples": ["08:20"]}),
]
"""A clock time, stored as minutes after midnight, written in files as 'HH:MM'."""


def format_clock(minutes: int) -> str:
    """'HH:MM' of minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def consecutive_day_pairs(days: list[str]) -> list[tuple[str, str]]:
    """Pairs of school days that follow each other in the calendar."""
    return [(a, b) for a, b in zip(days, days[1:], strict=False) if iso_weekday(b) == iso_weekday(a) + 1]


def day_label(lang: Lang, day: str) -> str:
    """A school day's name in the language (星期一 / Monday), whatever spelling the instance uses."""
    number = iso_weekday(day)
    return _DAY_LABELS[lang][number - 1] if number else day


def day_labels(lang: Lang, days: list[str]) -> list[str]:
    """School days' names in the language."""
    return [day_label(lang, day) for day in days]


def period_label(lang: Lang, number: int, given: str | None = None) -> str:
    """A period's name: the bell schedule's own name, else 第N节 / Period N."""
    if given:
        return given
    return f"第{number}节" if lang == "zh" else f"Period {number}"


_CHINESE_DAY = re.compile(r"(?:星期|礼拜)([一二三四五六日天])")
_DAY_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}


def english_days(text: str) -> str:
    """An English text with the Chinese day names in it (星期一, 礼拜三) in English: an instance's days
    reach English messages in the spelling of its file."""
    return _CHINESE_DAY.sub(lambda match: _DAY_LABELS["en"][_DAY_NUMBER[match.group(1)] - 1], text)
