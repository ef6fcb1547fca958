"""CSV cells safe to open in Excel or WPS: a text cell that starts like a formula (= + - @, a tab or
a carriage return) is written with a leading apostrophe, as OWASP advises against formula
injection, and read back without it."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: object) -> object:
    """The value to write in a CSV cell: text that a spreadsheet would run as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restored(text: str) -> str:
    """A CSV cell's text as `neutralised` wrote it, back to the value."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
