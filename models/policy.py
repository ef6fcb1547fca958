"""Burden-reduction policy: presets and profiles as data files, each number with its source, and a
school's own overrides.

A preset (`models/presets/*.yaml`: cn-2021, cn-2025, beijing-2025, guangdong-2025, jiangsu) or a
profile file a school or district writes names the preset it `extends`, its source documents, and
settings by stage. A profile may make any number stricter than its base; to make one looser it must
say so under `relaxes` with a reason, or it is refused.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, model_validator

from models.calendar import ClockTime
from models.errors import Invalid

Stage = Literal["primary", "junior"]
STAGES: tuple[Stage, ...] = ("primary", "junior")
STAGE_ZH = {"primary": "小学", "junior": "初中"}
PRESET_NAMES = ("cn-2021", "cn-2025", "beijing-2025", "guangdong-2025", "jiangsu")
DEFAULT_PRESET = "cn-2021"
# What a profile that extends no preset must set itself: every number of the national base.
BASE_SETTINGS = (
    "max_daily_learning_minutes",
    "min_daily_activity_minutes",
    "earliest_lesson_start",
    "latest_dismissal",
    "latest_evening_study_end",
    "homework_caps",
)

# Which way is stricter, for each number a preset sets: a profile that moves one the other way
# relaxes its base. None (the rule is off) is the loosest value of every rule a setting switches on.
STRICTER: dict[str, Literal["higher", "lower"]] = {
    "max_daily_learning_minutes": "lower",
    "min_daily_activity_minutes": "higher",
    "earliest_lesson_start": "higher",
    "latest_dismissal": "lower",
    "latest_evening_study_end": "lower",
    "homework_caps": "lower",
    "min_break_minutes": "higher",
    "min_break_total_minutes": "higher",
    "big_breaks_a_day": "higher",
    "daily_pe_lesson": "higher",
    "min_activity_minutes_without_pe": "higher",
    "arrival_checked": "higher",
    "min_after_school_minutes": "higher",
}


# The setting whose number each rule a preset sets reads: a school's report gives that setting's sources.
RULE_SETTINGS = {
    "time.max_daily_learning": "max_daily_learning_minutes",
    "activity.daily_minimum": "min_daily_activity_minutes",
    "time.lesson_window": "earliest_lesson_start",
    "homework.daily_cap": "homework_caps",
    "homework.none_for_grade": "homework_caps",
    "activity.daily_pe": "daily_pe_lesson",
    "activity.without_pe": "min_activity_minutes_without_pe",
    "activity.big_breaks": "big_breaks_a_day",
    "time.break_length": "min_break_minutes",
    "time.break_total": "min_break_total_minutes",
    "time.arrival": "arrival_checked",
    "service.after_school": "min_after_school_minutes",
}


class Source(BaseModel):
    """A document a number comes from: who issued it, its title, number and date (when known)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    body: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=200)
    number: str | None = Field(None, max_length=100)
    date: str | None = Field(None, max_length=20)

    def text(self) -> str:
        """`北京市教育委员会《…》（京教体艺〔2025〕1号，2025-02-11）`."""
        details = "，".join(part for part in (self.number, self.date) if part)
        return f"{self.body}《{self.title}》" + (f"（{details}）" if details else "")


class Setting(BaseModel):
    """One number of a profile: the same for both stages (`value`) or by stage, and its sources."""

    model_config = ConfigDict(extra="forbid")

    value: object = None
    primary: object = None
    junior: object = None
    source: str | list[str]

    def for_stage(self, stage: Stage) -> object:
        """The value for a stage."""
        staged = self.primary if stage == "primary" else self.junior
        return self.value if staged is None else staged

    @property
    def sources(self) -> list[str]:
        return [self.source] if isinstance(self.source, str) else list(self.source)


class Profile(BaseModel):
    """A preset or a school's or district's profile: the settings it adds to the preset it extends."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    title: str = Field("", max_length=200)
    extends: str | None = None
    sources: dict[str, Source] = {}
    settings: dict[str, Setting] = {}
    relaxes: dict[str, str] = Field({}, description="Settings made looser than the base, each with its reason.")

    @model_validator(mode="after")
    def _known(self) -> Profile:
        for key, setting in self.settings.items():
            if key not in STRICTER:
                raise Invalid(f"settings.{key}: not a policy setting", f"settings.{key}：没有这项政策设置")
            for name in setting.sources:
                if name not in self.sources:
                    raise Invalid(
                        f"settings.{key}: source '{name}' is not listed under sources",
                        f"settings.{key}：依据“{name}”不在 sources 中",
                    )
            for stage in STAGES:
                if setting.for_stage(stage) is not None:
                    setting_value(key, setting.for_stage(stage))
        return self


class PolicySettings(BaseModel):
    """The policy section of an instance: a preset or profile and optional overrides.

    Every number left out comes from the preset (or profile) for the school's stage.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    preset: str = Field(
        DEFAULT_PRESET,
        max_length=200,
        description=f"A shipped preset ({', '.join(PRESET_NAMES)}) or a profile file (its path from the instance's folder).",
    )
    profile: Profile | None = Field(None, description="The profile file's content (filled in when the instance is read).")
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
    latest_evening_study_end: ClockTime | None = Field(
        None, description="晚自习 (evening study) of day pupils ends by this time (课后服务: 20:30)."
    )
    min_break_minutes: int | None = Field(None, ge=0, le=120, description="课间: the shortest break between lessons.")
    min_break_total_minutes: int | None = Field(None, ge=0, le=600, description="The breaks of a day in total.")
    big_breaks_a_day: int | None = Field(None, ge=0, le=4, description="大课间 of at least 30 minutes a day.")
    daily_pe_lesson: bool | None = Field(None, description="A PE lesson every school day.")
    min_activity_minutes_without_pe: int | None = Field(None, ge=0, le=600, description="Exercise on a day without PE.")
    arrival_checked: bool | None = Field(None, description="No required block before the earliest lesson start.")
    min_after_school_minutes: int | None = Field(None, ge=0, le=600, description="课后服务 minutes every school day.")


class Policy(BaseModel):
    """The policy in force for one school: every number resolved, with the documents it comes from."""

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
    min_break_minutes: int | None = None
    min_break_total_minutes: int | None = None
    big_breaks_a_day: int | None = None
    big_break_minutes: int = 30
    daily_pe_lesson: bool = False
    min_activity_minutes_without_pe: int | None = None
    arrival_checked: bool = False
    min_after_school_minutes: int | None = None
    sources: dict[str, list[Source]] = {}  # setting -> the documents its number comes from


@cache
def shipped_preset(name: str) -> Profile:
    """A preset shipped in models/presets/, by name."""
    text = resources.files("models").joinpath("presets", f"{name}.yaml").read_text(encoding="utf-8")
    return Profile.model_validate(yaml.safe_load(text))


def read_profile(path: Path) -> Profile:
    """A profile file; ValidationError or OSError as they come (the loader places them)."""
    return Profile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8-sig")))


def profile_chain(profile: Profile) -> list[Profile]:
    """The profile and every shipped preset it extends, the national base first."""
    chain, seen = [profile], set()
    while chain[0].extends is not None and chain[0].extends not in seen:
        seen.add(chain[0].extends)
        chain.insert(0, shipped_preset(chain[0].extends))
    return chain


def setting_value(key: str, value: object) -> object:
    """A profile's value of a setting as the instance's policy section reads it ("08:20" as minutes,
    grade keys as numbers); Invalid when it is not a value of that setting."""
    try:
        return getattr(PolicySettings.model_validate({key: value}), key)
    except ValidationError:
        raise Invalid(
            f"settings.{key}: {value!r} is not a value of this setting", f"settings.{key}：“{value}”不是这项设置的有效取值"
        ) from None


def show_setting(key: str, value: object, lang: str) -> str:
    """A setting's value as an office reads it: 08:20, 是 / yes, 0/0/60 for caps by grade, — when off."""
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if key in CLOCK_SETTINGS and isinstance(value, int):
        return f"{value // 60:02d}:{value % 60:02d}"
    if isinstance(value, dict):
        return "/".join(str(minutes) for _, minutes in sorted(value.items()))
    return "—" if value is None else str(value)


CLOCK_SETTINGS = ("earliest_lesson_start", "latest_dismissal", "latest_evening_study_end")


def _resolved_settings(settings: PolicySettings, stage: Stage) -> tuple[dict[str, object], dict[str, list[Source]]]:
    """Every number the profile chain sets for the stage, and the sources of each."""
    profile = settings.profile or shipped_preset(settings.preset)
    values: dict[str, object] = {}
    sources: dict[str, list[Source]] = {}
    for link in profile_chain(profile):
        for key, setting in link.settings.items():
            raw = setting.for_stage(stage)
            if raw is None:
                continue
            value = setting_value(key, raw)
            values[key] = {**values.get(key, {}), **value} if key == "homework_caps" else value  # type: ignore[dict-item]
            sources[key] = [link.sources[name] for name in setting.sources]
    return values, sources


def resolve_policy(settings: PolicySettings, stage: Stage) -> Policy:
    """Fill the settings' missing numbers from the preset or profile for the stage."""
    values, sources = _resolved_settings(settings, stage)
    for key, value in settings.model_dump(exclude={"preset", "profile"}).items():
        if value is not None and value != {}:
            values[key] = {**values.get(key, {}), **value} if key == "homework_caps" else value  # type: ignore[dict-item]
            sources.pop(key, None)
    return Policy(preset=settings.preset, sources=sources, **values)


def relaxations(profile: Profile, stage: Stage) -> list[tuple[str, object, object]]:
    """(setting, base value, profile value) for each number the profile makes looser than the preset it
    extends (cn-2021 for a profile that extends none) without saying so under `relaxes`."""
    base, _ = _resolved_settings(PolicySettings(preset=profile.extends or DEFAULT_PRESET), stage)
    found = []
    for key, setting in profile.settings.items():
        raw, before = setting.for_stage(stage), base.get(key)
        if key in profile.relaxes or before is None or raw is None:
            continue
        after = setting_value(key, raw)
        if _looser(key, before, after):
            found.append((key, before, after))
    return found


def _looser(key: str, before: object, after: object) -> bool:
    if key == "homework_caps":
        return any(after.get(grade, cap) > cap for grade, cap in before.items())  # type: ignore[union-attr]
    if STRICTER[key] == "higher":
        return after < before  # type: ignore[operator]
    return after > before  # type: ignore[operator]
