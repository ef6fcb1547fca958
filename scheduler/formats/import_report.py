"""The import report of another tool's file (FET, XHSTT): for every constraint type and structural
part of the file, imported exactly, approximated or ignored, and why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from models.calendar import Lang

ORDER = ("exact", "approximated", "ignored")
STATUS_ZH = {"exact": "按原义导入", "approximated": "近似导入", "ignored": "未导入"}


class Reason(NamedTuple):
    """Why a constraint type was approximated or ignored, in English and Chinese."""

    en: str = ""
    zh: str = ""


@dataclass
class ImportReport:
    """What became of each constraint type and each structural feature of the file; `name_zh` gives
    a type's Chinese name."""

    name_zh: Callable[[str], str] = str
    lines: dict[str, tuple[str, int, Reason]] = field(default_factory=dict)
    given: set[tuple[str, str, str]] = field(default_factory=set)  # (kind, status, English reason) recorded

    def add(self, kind: str, status: str, reason: str = "", reason_zh: str = "", count: int = 1) -> None:
        """Record `count` constraints of `kind` (0: a note on those already recorded), with the reason
        in English and Chinese; the worst status of a kind wins (ignored > approximated > exact), with
        each distinct reason given for it."""
        old_status, recorded, old_reason = self.lines.get(kind, ("exact", 0, Reason()))
        if ORDER.index(status) > ORDER.index(old_status):
            old_status, old_reason = status, Reason(reason, reason_zh)
        elif status == old_status and reason and (kind, status, reason) not in self.given:
            old_reason = _joined(old_reason, Reason(reason, reason_zh))
        self.given.add((kind, status, reason))
        self.lines[kind] = (old_status, recorded + count, old_reason)

    @property
    def exact(self) -> bool:
        """Whether everything in the file was imported exactly."""
        return all(status == "exact" for status, _, _ in self.lines.values())

    def text(self, lang: Lang = "en") -> list[str]:
        """One line per constraint type: status, count, reason; in Chinese, the types by their Chinese names."""
        if lang == "zh":
            return [
                f"{STATUS_ZH[status]:　<6}{self.name_zh(kind)} ×{count}" + (f"：{reason.zh}" if reason.zh else "")
                for kind, (status, count, reason) in sorted(self.lines.items())
            ]
        return [
            f"{status:12} {kind} ×{count}" + (f": {reason.en}" if reason.en else "")
            for kind, (status, count, reason) in sorted(self.lines.items())
        ]


def _joined(first: Reason, second: Reason) -> Reason:
    """Two reasons as one, in each language."""
    if not first.en:
        return second
    return Reason(f"{first.en}; {second.en}", f"{first.zh}；{second.zh}")
