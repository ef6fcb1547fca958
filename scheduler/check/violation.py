"""A breach of a hard rule, as the checker reports it."""

from __future__ import annotations

from dataclasses import dataclass


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

    def as_dict(self) -> dict[str, object]:
        """Plain data for JSON reports."""
        data = {"rule": self.rule, "class": self.class_, "teacher": self.teacher, "venue": self.venue}
        data |= {"day": self.day, "period": self.period, "message": self.message}
        return {key: value for key, value in data.items() if value is not None}
