"""'Ik voel me niet veilig': a young person sends an urgent message to her regisseur(s), in her own private
conversation with each (webapp/messages), so nobody else reads it: not her parents, not her foster parents.

- To whom: the regisseur of every family she belongs to, once per regisseur (two families with the same regisseur
  give one message). Without a regisseur there is nobody to send it to; the page still shows the crisis numbers.
- What: her own line, or "Ik voel me niet veilig. Neem alsjeblieft contact met me op." in the regisseur's language.
- Marked urgent: the regisseur's inbox shows the conversation first, marked "Dringend", until she has read it.
- Push at once, also in her quiet hours and whatever her settings ("Dringend bericht in OnsPlan": never a name, a
  text or a reason on a lock screen). Not a second push for the same youth within 10 minutes; the message itself
  always goes.
- Logged in `safety_alert`: who, when, to whom, not the text. Only the youth reads her rows (and each regisseur the
  urgent message in her own conversation); it is not part of the family's access log, so parents never see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.clock import utcnow
from webapp.families.services import member_families
from webapp.messages import services as messages
from webapp.models import Family, Role, User
from webapp.models.messages import SafetyAlert
from webapp.notify.payload import language_of

PUSH_PAUSE = timedelta(minutes=10)
FIXED_TEXT = _l("Ik voel me niet veilig. Neem alsjeblieft contact met me op.")
RECENT = timedelta(hours=1)  # the "sent" page shows what went out in the last hour


class NoRegisseur(LookupError):
    """She belongs to no family with a regisseur: there is nobody to send the message to."""


class AlertError(ValueError):
    """Something she can fix (reload the form); the message is translated."""


@dataclass(frozen=True)
class Recipient:
    family: Family
    regisseur: User


def may_use(user: User) -> bool:
    """The button is for young people (the jongere role), whatever their age."""
    return bool(user.active and user.has_role(Role.JONGERE))


def _check(user: User) -> None:
    if not may_use(user):
        raise NotFound()


def recipients(db: Session, youth: User) -> list[Recipient]:
    """The regisseur of each of her families, each regisseur once (her first family with that regisseur)."""
    _check(youth)
    found: dict[int, Recipient] = {}
    for family in sorted(member_families(db, youth), key=lambda f: f.id):
        regisseur = family.regisseur
        if regisseur is not None and regisseur.active and regisseur.id not in found:
            found[regisseur.id] = Recipient(family, regisseur)
    return list(found.values())


def _push_allowed(db: Session, youth: User) -> bool:
    """No second push for the same youth within 10 minutes (the messages themselves always go)."""
    recent = db.exec(
        select(SafetyAlert.id).where(
            SafetyAlert.youth_id == youth.id, SafetyAlert.pushed, SafetyAlert.created_at > utcnow() - PUSH_PAUSE
        )
    ).first()
    return recent is None


def send_alert(db: Session, youth: User, text: str, client_key: str) -> list[SafetyAlert]:
    """Send the urgent message to each regisseur (in the caller's transaction); the log rows made. A retry with
    the same key sends nothing again and returns the rows of the first time."""
    found = recipients(db, youth)
    if not found:
        raise NoRegisseur()
    push = _push_allowed(db, youth)
    alerts: list[SafetyAlert] = []
    for recipient in found:
        body = text.strip()
        if not body:
            with force_locale(language_of(recipient.regisseur.language)):
                body = str(FIXED_TEXT)
        conversation = messages.private_conversation(db, youth, recipient.family)
        try:
            message, created = messages.send(db, youth, conversation.id, body, client_key, urgent=True, push=push)
        except messages.MessageError as problem:
            raise AlertError(str(problem)) from problem
        if not created:
            earlier = db.exec(select(SafetyAlert).where(SafetyAlert.message_id == message.id)).first()
            if earlier is not None:
                alerts.append(earlier)
            continue
        alert = SafetyAlert(
            youth_id=youth.id,
            family_id=recipient.family.id,
            regisseur_id=recipient.regisseur.id,
            regisseur_name=recipient.regisseur.name,
            message_id=message.id,
            pushed=push,
        )
        db.add(alert)
        alerts.append(alert)
    db.flush()
    return alerts


def own_alerts(db: Session, youth: User, since: timedelta | None = None, limit: int = 20) -> list[SafetyAlert]:
    """Her own alerts, newest first (only she reads these rows; nobody else's are ever shown to her)."""
    _check(youth)
    statement = select(SafetyAlert).where(SafetyAlert.youth_id == youth.id)
    if since is not None:
        statement = statement.where(SafetyAlert.created_at > utcnow() - since)
    return list(db.exec(statement.order_by(SafetyAlert.created_at.desc(), SafetyAlert.id.desc()).limit(limit)))


def recently_sent(db: Session, youth: User) -> list[SafetyAlert]:
    """What she sent in the last hour (the confirmation page)."""
    return own_alerts(db, youth, since=RECENT)
