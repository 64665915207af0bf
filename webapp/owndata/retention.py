"""Retention: the worker deletes rows that have done their job, each after its own term (the table below; the README
repeats it). Each job is `job(db) -> rows deleted`, idempotent and safe in several workers at once (a row two
workers both delete is simply gone), and deletes in batches so no lock is held long.

What is *not* here, on purpose: the dossier (plans, toekomstplan, messages, appointments, mentorships) is kept 20
years (Jeugdwet art. 7.3.8) and destroyed only on request; the access log is kept at least 5 years (NEN 7513).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, delete, or_
from sqlmodel import Session, select

from webapp.clock import utcnow
from webapp.models import (
    AuthSession,
    CalendarFeed,
    Invitation,
    MentorInvite,
    OutboxNotification,
    PasswordReset,
    PushSubscription,
)
from webapp.models.respite import Household, HouseholdStatus, RespiteMatch

BATCH = 1000


@dataclass(frozen=True)
class Term:
    what: str  # for the README and the log
    keep: timedelta  # how long after the row stopped counting it is kept


TERMS: dict[str, Term] = {
    # A session that ended (logout, password change, disabled account, or idle too long) is kept a month, so a
    # person or the beheerder can still see from which device someone was logged in after a problem.
    "sessions": Term(
        "ended login sessions (logged out, revoked or idle past the family idle timeout)", timedelta(days=30)
    ),
    # A reset link works one hour and once; kept a week after use or expiry for questions ("I got no mail").
    "password_resets": Term("used or expired password reset links", timedelta(days=7)),
    # Family and mentor invitations: a month after they were used or expired (until then an old link says "used"
    # or "expired"; after that "does not exist").
    "invitations": Term("accepted, declined or expired family invitations", timedelta(days=30)),
    "mentor_invites": Term("used or expired JIM mentor invitation links", timedelta(days=30)),
    "calendar_feeds": Term("revoked calendar feed addresses", timedelta(days=30)),
    # Sent, given-up and withdrawn notifications: two weeks, to answer "why did my phone not ring".
    "outbox": Term("sent, given-up or withdrawn push notifications", timedelta(days=14)),
    # A device nothing reached for 270 days: push services forget subscriptions that long unused (FCM: 270 days).
    "push_devices": Term("push devices without a successful delivery", timedelta(days=270)),
    # Steuntje in de rug: a sign-up that was declined, withdrawn or sent on to a pleegzorg or gezinshuis organisation
    # is deleted a year after that decision, with its adults, references, notes and proposals. A household that was
    # ever matched with a family (both said yes) stays: that match is part of the family's dossier.
    "respite_signups": Term(
        "declined, withdrawn or sent-on volunteer sign-ups (never matched with a family)", timedelta(days=365)
    ),
}


def _delete_where(db: Session, model: type, condition: ColumnElement[bool]) -> int:
    """Delete the rows matching `condition`, a batch at a time (by id, so each statement holds its lock briefly)."""
    total = 0
    while True:
        ids = list(db.exec(select(model.id).where(condition).order_by(model.id).limit(BATCH)))
        if not ids:
            return total
        db.exec(delete(model).where(model.id.in_(ids)).execution_options(synchronize_session=False))
        db.commit()
        total += len(ids)


def _cutoff(name: str, now: datetime | None = None) -> datetime:
    return (now or utcnow()) - TERMS[name].keep


def purge_sessions(db: Session) -> int:
    """Ended sessions: revoked, idle longer than the longest idle timeout, or older than the longest absolute
    lifetime (when one is configured); each kept TERMS["sessions"] after it ended."""
    now, config = utcnow(), current_app.config
    cutoff = _cutoff("sessions", now)
    ended = [AuthSession.revoked_at < cutoff, AuthSession.last_seen_at < cutoff - config["IDLE_TIMEOUT_FAMILY"]]
    if lifetime := config.get("SESSION_LIFETIME_FAMILY"):
        ended.append(AuthSession.created_at < cutoff - lifetime)
    return _delete_where(db, AuthSession, or_(*ended))


def purge_password_resets(db: Session) -> int:
    cutoff = _cutoff("password_resets")
    return _delete_where(db, PasswordReset, or_(PasswordReset.used_at < cutoff, PasswordReset.expires_at < cutoff))


def purge_invitations(db: Session) -> int:
    cutoff = _cutoff("invitations")
    ended = [Invitation.accepted_at < cutoff, Invitation.declined_at < cutoff, Invitation.expires_at < cutoff]
    return _delete_where(db, Invitation, or_(*ended))


def purge_mentor_invites(db: Session) -> int:
    cutoff = _cutoff("mentor_invites")
    return _delete_where(db, MentorInvite, or_(MentorInvite.used_at < cutoff, MentorInvite.expires_at < cutoff))


def purge_calendar_feeds(db: Session) -> int:
    return _delete_where(db, CalendarFeed, CalendarFeed.revoked_at < _cutoff("calendar_feeds"))


def purge_outbox(db: Session) -> int:
    return _delete_where(db, OutboxNotification, OutboxNotification.sent_at < _cutoff("outbox"))


def purge_push_devices(db: Session) -> int:
    cutoff = _cutoff("push_devices")
    never_reached = PushSubscription.last_success_at.is_(None) & (PushSubscription.created_at < cutoff)
    return _delete_where(db, PushSubscription, or_(PushSubscription.last_success_at < cutoff, never_reached))


def purge_respite_signups(db: Session) -> int:
    """Sign-ups decided a year ago (afgewezen, gestopt, doorgestuurd); the database cascades to their adults,
    references, notes, history and proposals."""
    decided = (HouseholdStatus.AFGEWEZEN, HouseholdStatus.GESTOPT, HouseholdStatus.DOORGESTUURD)
    ever_matched = select(RespiteMatch.household_id).where(RespiteMatch.accepted_at.is_not(None))
    condition = (
        Household.status.in_(decided)
        & (Household.decided_at < _cutoff("respite_signups"))
        & Household.id.not_in(ever_matched)
    )
    return _delete_where(db, Household, condition)


JOBS: tuple[Callable[[Session], int], ...] = (
    purge_sessions,
    purge_password_resets,
    purge_invitations,
    purge_mentor_invites,
    purge_calendar_feeds,
    purge_outbox,
    purge_push_devices,
    purge_respite_signups,
)
