"""Family use-cases. Every query is scoped to what the acting user may see (see webapp/auth/policy.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlmodel import Session, or_, select
from werkzeug.exceptions import NotFound

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.auth.services import AccountError, normalise_email
from webapp.auth.tokens import new_token
from webapp.clock import utcnow
from webapp.models import AuditAction, Family, FamilyMember, Invitation, Relation, Role, User

ROLE_FOR_RELATION = {Relation.JONGERE: Role.JONGERE, Relation.OUDER: Role.OUDER, Relation.PLEEGOUDER: Role.PLEEGOUDER}
RECENT_INVITATIONS = timedelta(days=30)


def families_for(db: Session, user: User) -> list[Family]:
    """The families this user belongs to, or coordinates as regisseur."""
    member_of = select(FamilyMember.family_id).where(FamilyMember.user_id == user.id)
    conditions = [Family.id.in_(member_of)]
    if user.has_role(Role.REGISSEUR):
        conditions.append(Family.regisseur_id == user.id)
    return list(db.exec(select(Family).where(or_(*conditions)).order_by(Family.name)).unique())


def member_families(db: Session, user: User) -> list[Family]:
    """Only the families this user belongs to (not those coordinated as regisseur)."""
    member_of = select(FamilyMember.family_id).where(FamilyMember.user_id == user.id)
    return list(db.exec(select(Family).where(Family.id.in_(member_of)).order_by(Family.name)).unique())


def get_family(db: Session, user: User, family_id: int) -> Family:
    """The family, or 404 when it doesn't exist or this user may not see it (the same answer for both)."""
    family = db.get(Family, family_id)
    if family is None or not policy.can_view_family(user, family):
        raise NotFound()
    return family


def open_family(db: Session, user: User, family_id: int) -> Family:
    """The family page: who is in the family and their ages. A professional's look goes into the access log."""
    family = get_family(db, user, family_id)
    audit.record(db, user, AuditAction.READ, family, "gezin", family.id)
    return family


def get_managed_family(db: Session, user: User, family_id: int) -> Family:
    family = get_family(db, user, family_id)
    if not policy.can_manage_family(user, family):
        raise NotFound()
    return family


def open_invitations(db: Session, actor: User, family: Family) -> list[Invitation]:
    """Invitations of this family nobody has accepted yet (open, waiting for a parent, declined or expired in the
    last 30 days), newest first, for the family page of its regisseur."""
    if not policy.can_manage_family(actor, family):
        return []
    since = utcnow() - RECENT_INVITATIONS
    rows = db.exec(
        select(Invitation)
        .where(Invitation.family_id == family.id, Invitation.accepted_at.is_(None), Invitation.created_at > since)
        .order_by(Invitation.created_at.desc())
    )
    return _latest_per_address(rows)


def _latest_per_address(rows) -> list[Invitation]:
    seen: set[str] = set()
    latest = []
    for invitation in rows:
        key = invitation.email or f"#{invitation.user_id}"
        if key not in seen:
            seen.add(key)
            latest.append(invitation)
    return latest


def invitation_state(invitation: Invitation) -> str:
    """open / wacht-op-ouder / afgewezen / verlopen / geaccepteerd: what the family page and the invitee see."""
    if invitation.accepted_at is not None:
        return "geaccepteerd"
    if invitation.declined_at is not None:
        return "afgewezen"
    if invitation.awaiting_carer_since is not None:
        return "wacht-op-ouder"
    if invitation.expires_at <= utcnow():
        return "verlopen"
    return "open"


@dataclass(frozen=True)
class InviteResult:
    name: str
    token: str


def invite_to_family(
    db: Session,
    actor: User,
    family: Family,
    *,
    name: str,
    email: str,
    relation: Relation,
    birth_date: date | None,
    language: str,
) -> InviteResult:
    """Make a one-time invitation link for this family (shown once to the regisseur).

    Nobody is added yet: the person joins by accepting, so an existing account is never attached without its owner's
    consent. The answer is the same whether or not the address has an account elsewhere: the regisseur can't learn it.
    """
    if not policy.can_manage_family(actor, family):
        raise NotFound()
    email = normalise_email(email)
    if any(member.user.email == email for member in family.members):
        raise AccountError(_("Iemand met dit e-mailadres hoort al bij dit gezin."))
    invitation = Invitation(
        token_hash="",
        family_id=family.id,
        created_by_id=actor.id,
        email=email,
        name=name.strip(),
        relation=relation.value,
        birth_date=birth_date,
        language=language,
        expires_at=utcnow(),
    )
    _expire_open(db, family.id, email)
    return InviteResult(invitation.name, _issue(db, invitation))


def renew_invitation(db: Session, actor: User, family: Family, invitation_id: int) -> InviteResult:
    """A new link for someone who has not accepted (or whose link expired); the older link stops working."""
    if not policy.can_manage_family(actor, family):
        raise NotFound()
    old = db.get(Invitation, invitation_id)
    if old is None or old.family_id != family.id or old.accepted_at is not None:
        raise NotFound()
    if not old.email:  # nothing to send a new link to
        raise NotFound()
    fresh = Invitation(
        token_hash="",
        family_id=family.id,
        created_by_id=actor.id,
        email=old.email,
        name=old.name,
        relation=old.relation,
        birth_date=old.birth_date,
        language=old.language,
        user_id=old.user_id,  # only set on invitations made before 0007 (the pending person)
        expires_at=utcnow(),
    )
    _expire_open(db, family.id, old.email)
    return InviteResult(fresh.name, _issue(db, fresh))


def _expire_open(db: Session, family_id: int, email: str) -> None:
    """One working link per family and address: a new one ends the older ones."""
    now = utcnow()
    for old in db.exec(
        select(Invitation).where(
            Invitation.family_id == family_id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.declined_at.is_(None),
        )
    ):
        old.expires_at = min(old.expires_at, now)
        old.awaiting_carer_since = None


def _issue(db: Session, invitation: Invitation) -> str:
    """Store a one-time invitation and return its token (only its hash is kept)."""
    token, token_hash = new_token()
    invitation.token_hash = token_hash
    invitation.expires_at = utcnow() + current_app.config["INVITE_VALID_FOR"]
    db.add(invitation)
    return token

