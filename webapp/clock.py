"""One clock for the whole app, so tests can travel in time (birthdays change access rules)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

_FROZEN_KEY = "ONSPLAN_FROZEN_NOW"


def utcnow() -> datetime:
    """Timezone-aware UTC 'now'; tests freeze it with `config["ONSPLAN_FROZEN_NOW"]`."""
    if has_app_context() and (frozen := current_app.config.get(_FROZEN_KEY)):
        return frozen
    return datetime.now(UTC)


def today() -> date:
    """Today's date in the Netherlands: birthdays, ages, due dates and "today" are Dutch calendar days. From midnight to
    01:00 (02:00 in summer) UTC's date is still yesterday's: a youth turning 16 at 00:30 was 15 for an hour."""
    return utcnow().astimezone(LOCAL_TZ).date()


def age_on(birth_date: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


# --- local time: people enter and read times in Europe/Amsterdam; the database holds UTC --------------------------

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped when summer time starts (e.g. 02:30 on the last Sunday of March)."""


def from_local(moment: datetime) -> datetime:
    """A naive Amsterdam wall-clock time as aware UTC. In the autumn hour that happens twice, the first is meant."""
    local = moment.replace(tzinfo=LOCAL_TZ, fold=0)
    if local.astimezone(UTC).astimezone(LOCAL_TZ).replace(tzinfo=None) != moment:
        raise NonexistentLocalTime(moment.isoformat())
    return local.astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    """Aware Amsterdam time (for forms and calendar files)."""
    return moment.astimezone(LOCAL_TZ)
