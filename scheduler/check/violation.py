"""A breach of a hard rule, as the checker reports it."""

from __future__ import annotations

from dataclasses import dataclass

from models.calendar import english_days


@dataclass(frozen=True)
class Violation:
    """One breach of a hard rule, where it happens and by how much."""

    rule: str
    message: str
    class_: str | None = None
    teacher: str | None = None
    venue: str | None = None
    day: str | None = None
    period: int | None = None
    message_zh: str = ""  # the same in Chinese, for the office's report

    def message_in(self, lang: str) -> str:
        """The message in a language: Chinese when there is one, else the English."""
        return self.message_zh if lang == "zh" and self.message_zh else english_days(self.message)

    def as_dict(self) -> dict[str, object]:
        """Plain data for JSON reports."""
        data = {"rule": self.rule, "class": self.class_, "teacher": self.teacher, "venue": self.venue}
        data |= {"day": self.day, "period": self.period, "message": self.message, "message_zh": self.message_zh or None}
        return {key: value for key, value in data.items() if value is not None}
