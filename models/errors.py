"""The error a validator raises, in English and in Chinese: a module of its own, below every other
module of models/, which all may raise it."""

from __future__ import annotations


class Invalid(ValueError):
    """A validator's refusal of a value, in English (its text) and in Chinese (`message_zh`)."""

    def __init__(self, message: str, message_zh: str):
        super().__init__(message)
        self.message_zh = message_zh
