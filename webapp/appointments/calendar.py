"""Calendar files (RFC 5545) made with the `icalendar` library: one .ics per appointment, and a personal feed
behind a secret, revocable URL. Times carry TZID=Europe/Amsterdam with its VTIMEZONE, so phones show the right
hour across summer time.

What a feed shows is deliberately plain: calendar apps sync to cloud services, so an event says only what kind of
appointment it is (and "met tolk" when an interpreter comes, never the language), where, and a link back to
OnsPlan (no names, no care details).
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import and_, bindparam
from sqlmodel import Session, select

from webapp.appointments.services import STILL_VISIBLE, VIEWER
from webapp.appointments.visibility import within_reach
from webapp.auth.tokens import hash_token, new_token
from webapp.clock import to_local, utcnow
from webapp.labels import APPOINTMENT_KIND_LABELS
from webapp.models import Appointment, AppointmentParticipant, CalendarFeed, User
from webapp.sql_hints import not_by_index

PRODID = "-//OnsPlan//Afspraken//NL"
FEED_PAST = timedelta(days=60)  # a feed shows appointments from two months ago on


def event_uid(appointment: Appointment) -> str:
    return f"afspraak-{appointment.id}@onsplan"


def summary(appointment: Appointment) -> str:
    """Only the kind ("Andere afspraak (OnsPlan)"): the free title of an "anders" appointment is typed by people
    and may name someone or a care matter, so it stays in OnsPlan and out of calendars synced to the cloud."""
    what = str(APPOINTMENT_KIND_LABELS[appointment.kind])
    if appointment.interpreter_language:  # "met tolk" only: the language would say something about the family
        return _("%(what)s met tolk (OnsPlan)", what=what)
    return _("%(what)s (OnsPlan)", what=what)


def to_event(appointment: Appointment, url: str, confirmed: bool) -> Event:
    event = Event()
    event.add("uid", event_uid(appointment))
    event.add("dtstamp", utcnow())
    event.add("dtstart", to_local(appointment.starts_at))
    event.add("dtend", to_local(appointment.ends_at))
    event.add("summary", summary(appointment))
    event.add("sequence", appointment.sequence)
    event.add("last-modified", appointment.updated_at)
    if appointment.cancelled_at is not None:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED" if confirmed else "TENTATIVE")
    location = appointment.place or appointment.video_url
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("description", _("Bekijk en beantwoord deze afspraak in OnsPlan: %(url)s", url=url))
    return event


def calendar_of(events: list[Event], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


# --- personal feeds ------------------------------------------------------------------------------------------


def active_feed(db: Session, user: User) -> CalendarFeed | None:
    return db.exec(
        select(CalendarFeed).where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
    ).first()


def new_feed(db: Session, user: User) -> str:
    """A new secret feed URL token (shown once); the old URL stops working."""
    revoke(db, user)
    token, token_hash = new_token()
    db.add(CalendarFeed(user_id=user.id, token_hash=token_hash))
    return token


def revoke(db: Session, user: User) -> None:
    now = utcnow()
    for feed in db.exec(select(CalendarFeed).where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))):
        feed.revoked_at = now
        db.add(feed)


def feed_owner(db: Session, token: str) -> User | None:
    """The active account behind a feed token, or None (unknown, revoked, or the account was switched off)."""
    feed = db.exec(
        select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(token), CalendarFeed.revoked_at.is_(None))
    ).first()
    user = db.get(User, feed.user_id) if feed else None
    if user is None or not user.active:
        return None
    feed.last_used_at = utcnow()
    db.add(feed)
    return user


_VIEWER = bindparam(VIEWER)


def feed_appointments(db: Session, user: User) -> list[tuple[Appointment, AppointmentParticipant]]:
    """Her appointments from FEED_PAST ago on, with her answer: found in the weeks of her families (and the rest
    within reach), not among every appointment she ever took part in."""
    rows = db.exec(
        select(Appointment, AppointmentParticipant)
        .join(
            AppointmentParticipant,
            and_(
                AppointmentParticipant.appointment_id == Appointment.id,
                not_by_index(AppointmentParticipant.user_id) == user.id,
            ),
        )
        .where(
            within_reach(_VIEWER, Appointment.starts_at >= utcnow() - FEED_PAST),
            STILL_VISIBLE,  # a mentor's appointments leave his feed when the mentorship ends
        )
        .order_by(Appointment.starts_at),
        params={VIEWER: user.id},
    )
    return list(rows.all())
