"""Writing and reading the access log. Only professionals' access is logged: family members reading their own plan
is not an event. Rows are never changed (the database refuses it)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.clock import today
from webapp.models import AuditAction, AuditEvent, Family, Role, User

# Which role a professional acts in, when they hold several.
_ACTING_ROLES = (Role.REGISSEUR, Role.COORDINATOR, Role.MODERATOR, Role.BEHEERDER, Role.MENTOR)


def acting_role(user: User) -> str:
    return next((role.value for role in _ACTING_ROLES if user.has_role(role)), "")


def record(
    db: Session,
    actor: User,
    action: AuditAction,
    family: Family,
    object_type: str,
    object_id: int | None = None,
    subject_id: int | None = None,
    outcome: str = "success",
) -> None:
    """Log one access by a professional; family members' own reading is not logged."""
    if not actor.is_professional:
        return
    db.add(
        AuditEvent(
            action=action,
            object_type=object_type,
            object_id=object_id,
            family_id=family.id,
            subject_id=subject_id,
            actor_id=actor.id,
            actor_name=actor.name,
            actor_role=acting_role(actor),
            actor_organisation=actor.organisation.name if actor.organisation else "",
            source=(request.remote_addr or "")[:64] if has_request_context() else "",
            outcome=outcome,
        )
    )


def events_for_family(
    db: Session, viewer: User, family: Family, since: date | None, until: date | None, limit: int = 200
) -> list[AuditEvent]:
    """The log of one family, newest first, for its members (and its regisseur)."""
    if not policy.can_view_family(viewer, family):
        raise NotFound()
    statement = select(AuditEvent).where(AuditEvent.family_id == family.id)
    # The family picks days as they see them: in the app's time zone (Europe/Amsterdam), not the server's.
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    if since:
        statement = statement.where(AuditEvent.occurred_at >= datetime.combine(since, time.min, tzinfo=zone))
    if until:
        statement = statement.where(
            AuditEvent.occurred_at < datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        )
    events = db.exec(statement.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(limit))
    return [event for event in events if _may_see(viewer, family, event)]


# A youth's JIM mentor and her appointments with him are hers: her parents see that a professional looked at them
# only while they would see her own part of the plan (under 16); from 16 only she (and the regisseur) does.
PERSONAL_OBJECTS = frozenset({"mentorschap", "afspraak"})


def _may_see(viewer: User, family: Family, event: AuditEvent) -> bool:
    if event.object_type not in PERSONAL_OBJECTS or event.subject_id is None:
        return True
    person = family.member_for(event.subject_id)
    if person is None:
        return policy.is_regisseur_of(viewer, family)
    return policy.can_see_personal_part(viewer, family, person.user, today(), shared_with_family=False)
