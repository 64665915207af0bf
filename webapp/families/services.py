"""Family use-cases. Every query is scoped to what the acting user may see (see webapp/auth/policy.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlmodel import Session, or_, select
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.auth.services import AccountError, normalise_email, user_by_email
from webapp.auth.tokens import new_token
from webapp.clock import utcnow
from webapp.models import Family, FamilyMember, Invitation, Relation, Role, User, UserRole

ROLE_FOR_RELATION = {Relation.JONGERE: Role.JONGERE, Relation.OUDER: Role.OUDER, Relation.PLEEGOUDER: Role.PLEEGOUDER}


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


def get_managed_family(db: Session, user: User, family_id: int) -> Family:
    family = get_family(db, user, family_id)
    if not policy.can_manage_family(user, family):
        raise NotFound()
    return family


def pending_invitations(db: Session, family: Family) -> dict[int, Invitation]:
    """Invitations that still work, per user id, for the family page of the regisseur."""
    rows = db.exec(
        select(Invitation)
        .where(Invitation.family_id == family.id, Invitation.accepted_at.is_(None), Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at)
    )
    return {invitation.user_id: invitation for invitation in rows}


@dataclass(frozen=True)
class InviteResult:
    person: User
    token: str | None  # None when the person already had an account and was simply added


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
    """Add a person to the family and make a one-time invitation link (shown once to the regisseur)."""
    if not policy.can_manage_family(actor, family):
        raise NotFound()
    email = normalise_email(email)
    person = user_by_email(db, email)
    if person is not None and family.member_for(person.id) is not None and person.has_login:
        raise AccountError(_("%(name)s hoort al bij dit gezin.", name=person.name))
    if person is None:
        person = User(name=name.strip(), email=email, language=language, birth_date=birth_date)
        db.add(person)
        db.flush()
    role = ROLE_FOR_RELATION.get(relation)
    if role is not None and not person.has_role(role):
        person.roles.append(UserRole(user_id=person.id, role=role))
    if family.member_for(person.id) is None:
        family.members.append(
            FamilyMember(user_id=person.id, relation=relation, has_authority=relation == Relation.OUDER)
        )
    if person.has_login:
        return InviteResult(person, None)
    return InviteResult(person, _new_invitation(db, actor, family, person.id))


def renew_invitation(db: Session, actor: User, family: Family, person_id: int) -> InviteResult:
    """A new link for someone who has not accepted yet; older links stop working."""
    if not policy.can_manage_family(actor, family):
        raise NotFound()
    member = family.member_for(person_id)
    if member is None or member.user.has_login or not member.user.email:
        raise NotFound()
    for old in db.exec(select(Invitation).where(Invitation.user_id == person_id, Invitation.accepted_at.is_(None))):
        old.expires_at = min(old.expires_at, utcnow())
    return InviteResult(member.user, _new_invitation(db, actor, family, person_id))


def _new_invitation(db: Session, actor: User, family: Family, person_id: int) -> str:
    """Store a one-time invitation and return its token (only its hash is kept)."""
    token, token_hash = new_token()
    db.add(
        Invitation(
            token_hash=token_hash,
            user_id=person_id,
            family_id=family.id,
            created_by_id=actor.id,
            expires_at=utcnow() + current_app.config["INVITE_VALID_FOR"],
        )
    )
    return token
