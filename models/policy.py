"""Burden-reduction policy: a named preset of national numbers with per-school overrides."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict

from models.calendar import ClockTime

Stage = Literal["primary", "junior"]

# Written homework a day under 双减 (2021): none in grades 1-2, 60 min in the rest of primary school,
# 90 in junior school (五四制's grade 6 among them).
CN_2021_HOMEWORK_CAPS: dict[Stage, dict[int, int]] = {
    "primary": {1: 0, 2: 0, 3: 60, 4: 60, 5: 60, 6: 60},
    "junior": {6: 90, 7: 90, 8: 90, 9: 90},
}

# The national 2021 rules: the 双减 opinion, the MOE sleep notice (lessons not before 08:20 / 08:00),
# the one-hour physical-activity rule and the 学校卫生工作条例's daily study time (see models/rules.py).
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

    model_config = ConfigDict(extra="forbid", strict=True)

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
    daily_max_counts: Literal["lessons", "occurrences"] = Field(
        "lessons",
        description="What the daily maximum of a subject counts: lessons (a day with one of its wanted double "
        "lessons may have 2), or occurrences (a wanted double lesson counts once).",
    )
    homework_caps: dict[Annotated[int, Strict(False)], int] = Field(
        {}, description="Written-homework minutes a day by grade, overriding the preset (e.g. {3: 40, 4: 40})."
    )
    weekend_homework_minutes: int | None = Field(
        None, ge=0, description="Written minutes set on the last school day of the week; the grade's cap if left out."
    )
    homework_home_minutes: int | None = Field(
        None,
        ge=0,
        description="'Written homework basically finished at school': minutes a day left over after the "
        "homework-guidance session stay at most this; off if left out.",
    )
    latest_evening_study_end: ClockTime = Field(
        20 * 60 + 30, description="晚自习 (evening study) of day pupils ends by this time (课后服务: 20:30)."
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
    daily_max_counts: Literal["lessons", "occurrences"]
    homework_caps: dict[int, int]
    weekend_homework_minutes: int | None = None
    homework_home_minutes: int | None = None
    latest_evening_study_end: int = 20 * 60 + 30


def resolve_policy(settings: PolicySettings, stage: Stage) -> Policy:
    """Fill the settings' missing numbers from the preset for the stage."""
    values = dict(PRESETS[settings.preset][stage])
    for key, value in settings.model_dump().items():
        if value is not None:
            values[key] = value
    values["homework_caps"] = CN_2021_HOMEWORK_CAPS[stage] | settings.homework_caps
    return Policy(**values)
