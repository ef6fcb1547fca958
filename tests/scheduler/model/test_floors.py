"""The counting lower bounds of scheduler.model.floors: worked by hand on small cases and a generated school."""

from __future__ import annotations

from models.loading import parse_instance
from scheduler.generate import generate_school
from scheduler.model.floors import least_spread
from scheduler.model.timetable import TimetableModel


def test_least_spread_follows_the_daily_limits():
    assert least_spread(10, [0] * 5, [6] * 5) == 0  # 2 a day
    assert least_spread(11, [0] * 5, [6] * 5) == 1  # one day gets 3
    # 5 lessons forced on each of Mon/Wed/Fri leave 1 for Tue and Thu: 5,1,5,0,5.
    assert least_spread(16, [5, 0, 5, 0, 5], [6, 6, 6, 6, 6]) == 5
    # Thursday capped at 1 (a blocked day, say): 18 lessons as 4,4,4,1,5 at best.
    assert least_spread(18, [0] * 5, [6, 6, 6, 1, 6]) == 4
    assert least_spread(3, [0] * 5, [0, 6, 6, 6, 6]) == 1  # a day without lessons is the lightest


def test_generated_school_pe_and_balance_floors():
    # 24 classes need a PE lesson on Mon/Wed/Fri (no after-school sport then); the playground holds 5
    # classes in each of the 4 other periods: 4 classes a day in period 1 or 5, 12 in all.
    tm = TimetableModel.build(parse_instance(generate_school("primary", 4, 0)))
    assert tm.floors["soft.pe_placement"] == 12
    assert tm.floors["soft.teacher_balance"] > 38  # the even-split floor alone
