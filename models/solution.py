"""A timetable as plain data: lessons by name, and the summary of the solve that made it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.bell import MAX_TEXT

Status = Literal["optimal", "feasible", "infeasible", "unknown"]
Weeks = Literal["all", "odd", "even"]
PARITIES: tuple[Literal["odd", "even"], ...] = ("odd", "even")  # the two weeks of an odd/even (单双周) cycle


OWN_ROOM = "本班教室"  # a lesson's venue when it is held in its class's own room, out of its subject's venue


class Lesson(BaseModel):
    """One class's lesson at one slot; `weeks` is odd/even for 单双周 lessons; `venue` the shared venue
    it takes when its subject has a choice, or OWN_ROOM for its class's own room (室内课)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True, str_max_length=MAX_TEXT)

    class_: str = Field(alias="class")
    subject: str
    teachers: list[str] = []
    venue: str | None = None
    day: str
    period: int = Field(ge=1)
    weeks: Weeks = "all"


class HomeworkItem(BaseModel):
    """One homework item of a class on a day, and where it is expected to be done."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True, str_max_length=MAX_TEXT)

    class_: str = Field(alias="class")
    day: str
    subject: str
    minutes: int = Field(ge=1)
    written: bool = True
    done_at: Literal["school", "home", "school+home"] = "home"
    school_minutes: int = Field(0, ge=0, description="Minutes done in the after-school homework-guidance session.")
    weeks: Weeks = Field("all", description="odd / even for the homework of a subject taught in those weeks (单双周).")


class Summary(BaseModel):
    """What the solve found and how: status, objective and its bound, soft-rule breakdown."""

    model_config = ConfigDict(extra="forbid")

    status: Status
    objective: int | None = None
    bound: int | None = None
    gap: float | None = None
    soft: dict[str, int] = {}
    solver: str = ""
    seed: int = 0
    workers: int = 1
    time_limit_s: float = 0.0
    deterministic_time: float | None = None
    first_solution_s: float | None = Field(None, description="Seconds from the start to the first timetable.")
    best_solution_s: float | None = Field(None, description="Seconds from the start to the best timetable.")
    wall_time_s: float | None = Field(
        None, description="Left out of single-worker solves so that their files are byte-identical."
    )
    reasons: list[str] = []
    moved_lessons: int | None = Field(None, description="Repairs only: lessons moved from the proposed timetable.")


class Solution(BaseModel):
    """A solution file: the summary and the lessons."""

    model_config = ConfigDict(extra="forbid")

    instance: str = ""
    policy: str | None = Field(
        None, max_length=200, description="The preset or profile it was made under (`--policy`) when not the instance's own."
    )
    summary: Summary | None = None
    lessons: list[Lesson] = []
    homework: list[HomeworkItem] = []
