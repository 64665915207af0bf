"""When the short check-ins of a match fall due: pure date arithmetic, no database.

The trial period (default eight weeks) has a check-in in weeks 2, 4 and 8 for both sides, which feed the evaluation.
A check-in never falls after the trial's last day: with a shorter trial the later ones move to that day, so every
answer is in before the evaluation. After the evaluation the match is reviewed every six months; both sides get a
check-in two weeks before each review ("review1", "review2", ...).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

TRIAL_WEEKS = (2, 4, 8)
TRIAL_LENGTH = timedelta(weeks=8)
REVIEW_MONTHS = 6
REVIEW_CHECKIN_BEFORE = timedelta(weeks=2)
SIDES = ("gezin", "steungezin")


@dataclass(frozen=True)
class Moment:
    moment: str  # "week2", "week4", "week8", "review1", ...
    due_on: date


def default_trial_end(starts_on: date) -> date:
    return starts_on + TRIAL_LENGTH


def trial_moments(starts_on: date, ends_on: date | None = None) -> list[Moment]:
    """The trial's check-ins: weeks 2, 4 and 8 after the first day, none later than the last day."""
    ends_on = ends_on or default_trial_end(starts_on)
    return [Moment(f"week{week}", min(starts_on + timedelta(weeks=week), ends_on)) for week in TRIAL_WEEKS]


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when that month is shorter (31 August + 6 = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_on(after: date) -> date:
    return add_months(after, REVIEW_MONTHS)


def review_moment(number: int, review_on: date, today: date) -> Moment:
    """The check-in before review `number`: two weeks before it, but not before today."""
    return Moment(f"review{number}", max(review_on - REVIEW_CHECKIN_BEFORE, today))


def review_number(moment: str) -> int | None:
    """1 for "review1"; None for a trial moment."""
    if moment.startswith("review") and moment[6:].isdigit():
        return int(moment[6:])
    return None
