"""Joining a family by accepting an invitation: the person's own consent, never the regisseur's say-so alone.

Three ways in, all through `Invitation` (see its docstring):
- someone new opens the link, chooses a password, and has an account that belongs to this one family;
- someone with an account logs in and says yes on "Uitnodigingen" (the link itself never sets a password for an
  existing account, so a second regisseur inviting the same address can't take it over);
- a youth under 16 who is already a jongere in a family says yes, and a parent with authority there agrees too.
Accepting a link that creates an account ends every other open link for that address and every other session.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import bindparam, func
from sqlmodel import Session, col, select
from werkzeug.exceptions import NotFound

from webapp.auth import passwords, policy, sessions
from webapp.auth.services import AccountError, check_new_password, user_by_email
from webapp.auth.tokens import hash_token
from webapp.clock import today, utcnow
from webapp.families.services import ROLE_FOR_RELATION, invitation_state, member_families
from webapp.models import Family, FamilyMember, Invitation, Relation, Role, User, UserRole
from webapp.sql_once import built_once


@dataclass(frozen=True)
class LinkCheck:
    invitation: Invitation | None
    problem: str | None  # translated reason when the link can't be used


def check_link(db: Session, token: str) -> LinkCheck:
    """The invitation behind a link, or why it no longer works (used, declined, expired, unknown)."""
    invitation = db.exec(select(Invitation).where(Invitation.token_hash == hash_token(token))).first()
    if invitation is None:
        return LinkCheck(None, _("Deze uitnodiging bestaat niet. Controleer de link of vraag je regisseur om een nieuwe."))
    state = invitation_state(invitation)
    if state in ("geaccepteerd", "wacht-op-ouder"):
        return LinkCheck(
            None, _("Deze uitnodiging is al gebruikt. Je kunt inloggen met je e-mailadres en wachtwoord.")
        )
    if state == "afgewezen":
        return LinkCheck(None, _("Deze uitnodiging is afgewezen. Vraag je regisseur om een nieuwe link als dat niet klopt."))
    if state == "verlopen":
        return LinkCheck(None, _("Deze uitnodiging is verlopen. Vraag je regisseur om een nieuwe link."))
    return LinkCheck(invitation, None)


def _usable(db: Session, token: str) -> Invitation:
    check = check_link(db, token)
    if check.invitation is None:
        raise AccountError(check.problem)
    return check.invitation


def create_account(db: Session, token: str, password: str, confirm: str, language: str) -> User:
    """Someone new accepts: an account with this password, a member of this invitation's family only.

    An address that already has an account is refused (log in and say yes instead): a link never sets the password
    of an existing account. The one exception is the person an invitation from before migration 0007 was made for.
    """
    invitation = _usable(db, token)
    existing = user_by_email(db, invitation.email) if invitation.email else None
    legacy_person = invitation.user_id is not None and existing is not None and existing.id == invitation.user_id
    if existing is not None and not (legacy_person and not existing.password_hash):
        raise AccountError(
            _("Er is al een account met dit e-mailadres. Log in, dan kun je de uitnodiging daar aannemen.")
        )
    family = db.get(Family, invitation.family_id)
    if existing is None:
        user = User(
            name=invitation.name,
            email=invitation.email,
            language=language,
            birth_date=invitation.birth_date,
        )
        check_new_password(password, confirm, user)
        db.add(user)
        db.flush()
    else:
        user = existing
        check_new_password(password, confirm, user)
    user.password_hash = passwords.hash_password(password)
    user.language = language
    user.active = True
    _join(db, user, family, invitation)
    _end_other_links(db, invitation)
    sessions.revoke_all(db, user.id)
    return user


def decline_link(db: Session, token: str) -> None:
    """"Dit klopt niet": whoever holds the link may turn it down; the regisseur sees it was declined."""
    _usable(db, token).declined_at = utcnow()


def _end_other_links(db: Session, accepted: Invitation) -> None:
    now = utcnow()
    for other in db.exec(
        select(Invitation).where(
            Invitation.email == accepted.email,
            Invitation.id != accepted.id,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > now,
        )
    ):
        other.expires_at = now


def _join(db: Session, user: User, family: Family, invitation: Invitation) -> None:
    relation = Relation(invitation.relation)
    role = ROLE_FOR_RELATION.get(relation)
    if role is not None and not user.has_role(role):
        user.roles.append(UserRole(user_id=user.id, role=role))
    if family.member_for(user.id) is None:
        family.members.append(
            FamilyMember(user_id=user.id, relation=relation.value, has_authority=relation == Relation.OUDER)
        )
    invitation.user_id = user.id
    invitation.accepted_at = utcnow()
    invitation.awaiting_carer_since = None


# --- answering while logged in -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationView:
    invitation: Invitation
    family: Family
    youth: User | None = None  # for a parent's consent: who would join
    state: str = "open"


def invitations_for(db: Session, user: User) -> list[InvitationView]:
    """Invitations addressed to this account's e-mail that still wait for its answer, and those waiting for a
    parent's consent (so the youth sees where it stands)."""
    if not user.email:
        return []
    rows = db.exec(
        select(Invitation)
        .where(Invitation.email == user.email, Invitation.accepted_at.is_(None), Invitation.declined_at.is_(None))
        .order_by(Invitation.created_at.desc())
    )
    found = []
    for invitation in rows:
        state = invitation_state(invitation)
        if state == "wacht-op-ouder" and invitation.user_id != user.id:
            continue
        if state in ("open", "wacht-op-ouder"):
            found.append(InvitationView(invitation, db.get(Family, invitation.family_id), state=state))
    return found


def consent_requests_for(db: Session, user: User) -> list[InvitationView]:
    """Youths under 16 in this parent's family who said yes to joining another family and wait for her answer."""
    if not user.has_role(Role.OUDER):
        return []
    my_families = [f.id for f in member_families(db, user)]
    if not my_families:
        return []
    youth_ids = select(FamilyMember.user_id).where(
        col(FamilyMember.family_id).in_(my_families), FamilyMember.relation == Relation.JONGERE.value
    )
    rows = db.exec(
        select(Invitation).where(
            col(Invitation.user_id).in_(youth_ids),
            Invitation.awaiting_carer_since.is_not(None),
            Invitation.accepted_at.is_(None),
            Invitation.declined_at.is_(None),
        )
    )
    day = today()
    found = []
    for invitation in rows:
        youth = db.get(User, invitation.user_id)
        if policy.can_consent_to_joining(user, youth, member_families(db, youth), day):
            found.append(InvitationView(invitation, db.get(Family, invitation.family_id), youth, "wacht-op-ouder"))
    return found


def answer(db: Session, user: User, invitation_id: int, *, yes: bool) -> str:
    """The invited person says yes or no. Returns the new state (a youth under 16 may still need a parent)."""
    view = next((v for v in invitations_for(db, user) if v.invitation.id == invitation_id), None)
    if view is None or view.state != "open":
        raise NotFound()
    invitation = view.invitation
    if not yes:
        invitation.declined_at = utcnow()
        return "afgewezen"
    invitation.user_id = user.id
    if policy.joining_needs_carer(user, member_families(db, user), today()):
        invitation.awaiting_carer_since = utcnow()
        return "wacht-op-ouder"
    _join(db, user, view.family, invitation)
    return "geaccepteerd"


def answer_as_carer(db: Session, user: User, invitation_id: int, *, yes: bool) -> InvitationView:
    """A parent with authority agrees (the youth joins) or not (the invitation is declined)."""
    view = next((v for v in consent_requests_for(db, user) if v.invitation.id == invitation_id), None)
    if view is None:
        raise NotFound()
    view.invitation.carer_id = user.id
    if yes:
        _join(db, view.youth, view.family, view.invitation)
    else:
        view.invitation.declined_at = utcnow()
        view.invitation.awaiting_carer_since = None
    return view


def _waiting_statement():
    """One statement for the home page (every family member's most visited page): invitations to my address that
    wait for my answer, plus youths' invitations that wait for me as a parent with authority. The age rule is left to
    `consent_requests_for` on the page itself: a youth turning 16 while waiting is rare."""
    invitation = Invitation.__table__
    member = FamilyMember.__table__
    open_ = (invitation.c.accepted_at.is_(None), invitation.c.declined_at.is_(None))
    mine = (
        select(func.count())
        .select_from(invitation)
        .where(
            invitation.c.email == bindparam("email"),
            invitation.c.awaiting_carer_since.is_(None),
            invitation.c.expires_at > bindparam("now"),
            *open_,
        )
        .scalar_subquery()
    )
    my_families = select(member.c.family_id).where(
        member.c.user_id == bindparam("me"), member.c.relation == Relation.OUDER.value, member.c.has_authority
    )
    youths = select(member.c.user_id).where(
        member.c.family_id.in_(my_families), member.c.relation == Relation.JONGERE.value
    )
    for_consent = (
        select(func.count())
        .select_from(invitation)
        .where(invitation.c.awaiting_carer_since.is_not(None), invitation.c.user_id.in_(youths), *open_)
        .scalar_subquery()
    )
    return select(mine + for_consent)


_WAITING = built_once(_waiting_statement())


def waiting_count(db: Session, user: User) -> int:
    """How many invitations wait for this person (her own, or a child's to consent to): for the home page."""
    if not user.email:
        return 0
    return db.connection().execute(_WAITING, {"email": user.email, "now": utcnow(), "me": user.id}).scalar_one()
