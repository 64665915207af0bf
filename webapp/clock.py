"""One clock for the whole app, so tests can travel in time (birthdays change access rules)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import current_app, has_app_context

_FROZEN_KEY = "ONSPLAN_FROZEN_NOW"


def utcnow() -> datetime:
    """Timezone-aware UTC 'now'; tests freeze it with `config["ONSPLAN_FROZEN_NOW"]`."""
    if has_app_context() and (frozen := current_app.config.get(_FROZEN_KEY)):
        return frozen
    return datetime.now(UTC)


def today() -> date:
    return utcnow().date()


def age_on(birth_date: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)
