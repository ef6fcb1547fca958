"""Burden-reduction policy: a named preset of national numbers with per-school overrides."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.calendar import ClockTime

Stage = Literal["primary", "junior"]

# The national 2021 rules (双减 and the MOE sleep / physical-activity notices), see DOMAIN.md.
PRESETS: dict[str, dict[Stage, dict[str, object]]] = {
    "cn-2021": {
        "primary": {
            "max_daily_learning_minutes": 360,
            "min_daily_activity_minutes": 60,
            "earliest_lesson_start": 8 * 60 + 20,
            "latest_dismissal": 17 * 60 + 30,
        },
        "junior": {
            "max_daily_learning_minutes": 420,
            "min_daily_activity_minutes": 60,
            "earliest_lesson_start": 8 * 60,
            "latest_dismissal": 18 * 60,
        },
    },
}


class PolicySettings(BaseModel):
    """The policy section of an instance: a preset name and optional overrides.

    Every number left out comes from the preset for the school's stage.
    """

    model_config = ConfigDict(extra="forbid")

    preset: Literal["cn-2021"] = "cn-2021"
    max_daily_learning_minutes: int | None = Field(None, ge=1, le=24 * 60)
    min_daily_activity_minutes: int | None = Field(None, ge=0, le=24 * 60)
    earliest_lesson_start: ClockTime | None = None
    latest_dismissal: ClockTime | None = None
    main_subject_daily_max: int = Field(2, ge=1, le=20)
    other_subject_daily_max: int = Field(1, ge=1, le=20)
    max_break_in_double_minutes: int = Field(
        15, ge=0, description="A double lesson may span a break this long or shorter, never more."
    )


class Policy(BaseModel):
    """The policy in force for one school: every number resolved."""

    preset: str
    max_daily_learning_minutes: int
    min_daily_activity_minutes: int
    earliest_lesson_start: int
    latest_dismissal: int
    main_subject_daily_max: int
    other_subject_daily_max: int
    max_break_in_double_minutes: int


def resolve_policy(settings: PolicySettings, stage: Stage) -> Policy:
    """Fill the settings' missing numbers from the preset for the stage."""
    values = dict(PRESETS[settings.preset][stage])
    for key, value in settings.model_dump().items():
        if value is not None:
            values[key] = value
    return Policy(**values)
