"""The rule families on the model side; importing this package registers every rule."""

from scheduler.model.rules import availability, clash, curriculum, daily, homework, policy, soft

__all__ = ["availability", "clash", "curriculum", "daily", "homework", "policy", "soft"]
