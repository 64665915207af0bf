"""Reminders 24 hours and 1 hour before an appointment: scheduled outbox rows (the worker sends them when due).

Each change of time or participants cancels the scheduled rows and schedules them again; a cancelled appointment
keeps none. People who declined get no reminder.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlmodel import Session

from webapp.clock import utcnow
from webapp.models import Appointment
from webapp.notify import outbox
from webapp.notify.payload import REMINDER_TAG_PREFIX

BEFORE = (timedelta(hours=24), timedelta(hours=1))


def tag_prefix(appointment: Appointment) -> str:
    return f"{REMINDER_TAG_PREFIX}{appointment.id}-"


def schedule(db: Session, appointment: Appointment, user_ids: Iterable[int]) -> None:
    """(Re)schedule the reminders of `appointment` for these people; moments already past are skipped."""
    cancel(db, appointment)
    if appointment.cancelled_at is not None:
        return
    people = list(user_ids)
    now = utcnow()
    for before in BEFORE:
        moment = appointment.starts_at - before
        if moment <= now:
            continue
        hours = int(before.total_seconds() // 3600)
        outbox.enqueue(
            db,
            people,
            "afspraken",
            f"/afspraken/{appointment.id}",
            f"{tag_prefix(appointment)}{hours}u",
            not_before=moment,
        )


def cancel(db: Session, appointment: Appointment, user_ids: Iterable[int] | None = None) -> None:
    outbox.cancel_unsent(db, tag_prefix(appointment), user_ids)
