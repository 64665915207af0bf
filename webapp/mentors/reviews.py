"""Every active mentorship gets a review (evaluatie) about every two months, proposed by OnsPlan in the regisseur's
name: on approval the first, and after each review has taken place the next (`plan_due_reviews`, run by the
worker). Reviews are numbered per mentorship and the number is unique, so two workers cannot both plan one.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlmodel import Session, func, select

from webapp.appointments import services as appointments
from webapp.clock import LOCAL_TZ, to_local, utcnow
from webapp.models import Appointment, Family, Mentorship, MentorshipStatus

INTERVAL = timedelta(days=61)  # "about every two months"
REVIEW_TIME = time(16, 0)  # after school, Amsterdam time
EARLIEST = timedelta(days=7)  # a late review is proposed at least a week ahead


def review_moment(after: datetime, now: datetime) -> datetime:
    """Two months after `after`, on a weekday at 16:00 Amsterdam time; at least a week from now."""
    day = max(to_local(after + INTERVAL), to_local(now + EARLIEST)).date()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, REVIEW_TIME, tzinfo=LOCAL_TZ).astimezone(after.tzinfo)


def _last_review(db: Session, mentorship: Mentorship) -> Appointment | None:
    return db.exec(
        select(Appointment)
        .where(Appointment.mentorship_id == mentorship.id, Appointment.review_number.is_not(None))
        .order_by(Appointment.review_number.desc())
    ).first()


def plan_next_review(db: Session, mentorship: Mentorship) -> Appointment | None:
    """Propose the next review (youth, mentor and regisseur asked to confirm). None when another process just did."""
    family = db.get(Family, mentorship.family_id)
    last = _last_review(db, mentorship)
    after = last.starts_at if last else (mentorship.started_at or utcnow())
    return appointments.propose_review(
        db,
        family,
        mentorship,
        number=(last.review_number if last else 0) + 1,
        starts_at=review_moment(after, utcnow()),
        participant_ids={mentorship.youth_id, mentorship.mentor_id, family.regisseur_id} - {None},
    )


def plan_due_reviews(db: Session) -> int:
    """For each active mentorship whose latest review has taken place (or was cancelled), propose the next one."""
    latest = (
        select(Appointment.mentorship_id, func.max(Appointment.review_number).label("number"))
        .where(Appointment.review_number.is_not(None))
        .group_by(Appointment.mentorship_id)
        .subquery()
    )
    due = db.exec(
        select(Mentorship)
        .join(latest, latest.c.mentorship_id == Mentorship.id, isouter=True)
        .join(
            Appointment,
            (Appointment.mentorship_id == Mentorship.id) & (Appointment.review_number == latest.c.number),
            isouter=True,
        )
        .where(
            Mentorship.status == MentorshipStatus.ACTIEF,
            (Appointment.id.is_(None)) | (Appointment.starts_at < utcnow()) | Appointment.cancelled_at.is_not(None),
        )
    ).all()
    planned = sum(1 for mentorship in due if plan_next_review(db, mentorship) is not None)
    return planned
