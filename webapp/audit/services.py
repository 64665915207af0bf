"""Writing and reading the access log. Only professionals' access is logged: family members reading their own plan
is not an event. Rows are never changed (the database refuses it) and are chained by hash (see chain.py).

What a professional opens, and whether it is logged (NEN 7513: every look at a client's personal data):
- logged: the gezinsplan (read, print), the plan editor, "wat is er veranderd", a toekomstplan, the family page (who
  is in the family, their ages), a conversation (family, private, mentor <-> regisseur; also new messages fetched by
  polling), a downloaded attachment, a mentorship, an appointment (webapp/mentors, webapp/appointments).
- not logged, because they show no more than names and counters of the professional's own caseload: the caseload
  (home), the inbox (/berichten: who wrote and how long ago, no message text), the agenda list, the list of mentors
  waiting for a decision; and an appointment's `.ics` (only its kind, place and a link: no names). Plan editor
  partials (one goal or action of the draft) belong to the editor visit, which is logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.audit import chain
from webapp.auth import policy
from webapp.auth.policy import YouthSharing
from webapp.clock import today
from webapp.models import AuditAction, AuditEvent, Conversation, ConversationKind, Family, Mentorship, Role, User
from webapp.sharing.services import sharing_for

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
            subject_name=_name_of(db, family, subject_id),
            actor_id=actor.id,
            actor_name=actor.name,
            actor_role=acting_role(actor),
            actor_organisation=actor.organisation.name if actor.organisation else "",
            source=(request.remote_addr or "")[:64] if has_request_context() else "",
            outcome=outcome,
        )
    )


def _name_of(db: Session, family: Family, person_id: int | None) -> str:
    """The person's name as it is now, kept in the row (the account may change or go later)."""
    if person_id is None:
        return ""
    member = family.member_for(person_id)
    person = member.user if member else db.get(User, person_id)
    return person.name if person else ""


# A conversation's kind decides what the family reads in the log, and who of them sees the row.
CONVERSATION_OBJECTS = {
    ConversationKind.FAMILY: "gezinsgesprek",
    ConversationKind.PRIVATE: "privegesprek",
    ConversationKind.MENTOR: "mentorgesprek",
    ConversationKind.JIM: "jimgesprek",  # the youth with her mentor: a regisseur cannot open it
    ConversationKind.STEUNTJE: "steuntjegesprek",  # the family's carers with the meldpunt (Steuntje in de rug)
}


def record_conversation(
    db: Session,
    actor: User,
    family: Family,
    conversation: Conversation,
    mentorship: Mentorship | None,
    attachment_id: int | None = None,
) -> None:
    """Log a professional reading a conversation, or downloading one of its attachments (an export: the file leaves
    OnsPlan). A private conversation is about its person; a mentor conversation about the mentorship's youth."""
    subject_id = conversation.person_id or (mentorship.youth_id if mentorship else None)
    if attachment_id is None:
        object_type, object_id, action = CONVERSATION_OBJECTS[conversation.kind], conversation.id, AuditAction.READ
    else:
        object_type, object_id, action = "bijlage", attachment_id, AuditAction.EXPORT
    record(db, actor, action, family, object_type, object_id, subject_id)


def verify_log(db: Session) -> chain.Verdict:
    """Check the whole chain (for `flask audit-verify`)."""
    return chain.verify(db.connection())


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
    sharing: dict[int, YouthSharing] = {}  # the family's sharing choices, loaded once when an event needs them

    def youth_sharing(user_id: int) -> YouthSharing:
        if not sharing:
            sharing.update(sharing_for(db, [m.user_id for m in family.members]))
        return sharing[user_id]

    return [event for event in events if _may_see(viewer, family, event, youth_sharing)]


@dataclass
class EventGroup:
    """The same person doing the same thing to the same kind of data on one day (in the family's time zone):
    "Petra Jansen heeft het gezinsplan bekeken, 7 keer op 2 december". `events` newest first; the page shows the
    first as the group's line and every single time one tap away."""

    day: date
    events: list[AuditEvent] = field(default_factory=list)

    @property
    def latest(self) -> AuditEvent:
        return self.events[0]

    @property
    def count(self) -> int:
        return len(self.events)


def grouped(events: list[AuditEvent]) -> list[EventGroup]:
    """`events` (newest first, as events_for_family gives them) per person, action and day, in the order of each
    group's newest event. Plain Python on the rows already read: no query."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    groups: dict[tuple, EventGroup] = {}
    for event in events:
        moment = event.occurred_at if event.occurred_at.tzinfo else event.occurred_at.replace(tzinfo=ZoneInfo("UTC"))
        day = moment.astimezone(zone).date()
        key = (
            event.actor_id,
            event.actor_name,
            event.actor_role,
            event.actor_organisation,
            event.on_behalf_of,
            event.object_type,
            event.action,
            event.outcome,
            event.subject_name,
            day,
        )
        groups.setdefault(key, EventGroup(day)).events.append(event)
    return list(groups.values())


# A youth's JIM mentor and her appointments with him are hers: her parents see that a professional looked at them
# only while they would see her own part of the plan (under 16); from 16 only she (and the regisseur) does.
PERSONAL_OBJECTS = frozenset({"mentorschap", "afspraak"})
# Someone's own conversation with the regisseur (and its files) is hers alone; a youth's follows the rule above.
# The mentor <-> regisseur conversation is about the youth; a file of the family conversation has no subject.
PRIVATE_OBJECTS = frozenset({"privegesprek", "mentorgesprek", "jimgesprek", "bijlage", "vragen-identiteit"})
# "vragen-identiteit": a moderator looked who is behind her pseudonym in the peer questions (webapp/peers/moderation);
# that she takes part there is hers alone, like her own conversation.
# A respite request and its conversation are the parents' and foster parents': the children do not see the request,
# and the regisseur sees it only when the family shares it (so not its rows in the log either).
RESPITE_OBJECTS = frozenset({"steunaanvraag", "steuntjegesprek"})


def _may_see(viewer: User, family: Family, event: AuditEvent, youth_sharing: Callable[[int], YouthSharing]) -> bool:
    if event.object_type in RESPITE_OBJECTS:
        return policy.is_respite_carer(viewer, family)
    if event.subject_id is None or event.object_type not in PERSONAL_OBJECTS | PRIVATE_OBJECTS | {"toekomstplan"}:
        return True
    person = family.member_for(event.subject_id)
    if person is None:
        return policy.is_regisseur_of(viewer, family)
    if event.object_type in PRIVATE_OBJECTS:
        return policy.can_see_private_part(viewer, family, person.user, today())
    if event.object_type == "toekomstplan":  # seen only by whom the toekomstplan itself is shown (issue 9, finding 4)
        if not policy.can_see_personal_part(viewer, family, person.user, today(), shared_with_family=True):
            return False
        if policy.can_see_personal_part(viewer, family, person.user, today(), shared_with_family=False):
            return True
        # only a carer of a youth of 16+ gets here
        return policy.can_see_toekomstplan(viewer, family, person.user, today(), youth_sharing(person.user_id))
    return policy.can_see_personal_part(viewer, family, person.user, today(), shared_with_family=False)
