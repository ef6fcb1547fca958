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

    def add(self, kind: str, status: str, reason: str = "", reason_zh: str = "") -> None:
        """Record one constraint of `kind`, with the reason in English and Chinese; the worst status of
        a kind wins (ignored > approximated > exact)."""
        old_status, count, old_reason = self.lines.get(kind, ("exact", 0, Reason()))
        if ORDER.index(status) >= ORDER.index(old_status):
            old_status, old_reason = status, Reason(reason, reason_zh) if reason else old_reason
        self.lines[kind] = (old_status, count + 1, old_reason)

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
