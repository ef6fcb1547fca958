"""The rule families on the checker side; importing this package registers every check."""

from scheduler.check.rules import availability, clash, curriculum, daily, homework, policy, soft

__all__ = ["availability", "clash", "curriculum", "daily", "homework", "policy", "soft"]
