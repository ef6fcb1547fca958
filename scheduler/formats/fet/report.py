"""The import report: for every FET constraint type of a file, imported exactly, approximated or ignored, and why."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """What became of each FET constraint type and each structural feature of the file."""

    lines: dict[str, tuple[str, int, str]] = field(default_factory=dict)

    def add(self, kind: str, status: str, reason: str = "") -> None:
        """Record one constraint of `kind`; the worst status of a kind wins (ignored > approximated > exact)."""
        order = ("exact", "approximated", "ignored")
        old_status, count, old_reason = self.lines.get(kind, ("exact", 0, ""))
        if order.index(status) >= order.index(old_status):
            old_status, old_reason = status, reason or old_reason
        self.lines[kind] = (old_status, count + 1, old_reason)

    @property
    def exact(self) -> bool:
        """Whether everything in the file was imported exactly."""
        return all(status == "exact" for status, _, _ in self.lines.values())

    def text(self) -> list[str]:
        """One line per constraint type: status, count, reason."""
        return [
            f"{status:12} {kind} ×{count}" + (f": {reason}" if reason else "")
            for kind, (status, count, reason) in sorted(self.lines.items())
        ]
