"""The home page's own reads: statements built once at import, executed on the connection, returning small plain
objects with the attribute names the template and webapp/auth/policy.py read (issue 14: no ORM hydration on the
page everyone opens first).

- `member_families`: the families she is a member of, each with her own membership (what `policy.is_respite_carer`
  reads through `family.member_for`) and its regisseur's contact card, in one statement (the ORM loaded the family,
  then its members and its regisseur and his organisation lazily, per family);
- `open_mentorship`: a youth's mentorship in progress with her mentor's name (mentors.services.open_for_youth and
  mentors.services.get);
- `mentees`: the youths a mentor mentors (mentors.services.for_mentor).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from webapp.families.reads import RegisseurContact, regisseur_contact
from webapp.models import Family, FamilyMember, Mentorship, MentorshipStatus, Organisation, User
from webapp.models.mentors import OPEN_STATUSES
from webapp.sql_once import built_once

ME = bindparam("me", type_=Integer())


@dataclass(frozen=True, slots=True)
class OwnMembership:
    user_id: int
    relation: str
    has_authority: bool


@dataclass(frozen=True, slots=True)
class HomeFamily:
    """A family she belongs to: only her own membership is loaded (`member_for` of anyone else is None: the home
    page asks only about her)."""

    id: int
    name: str
    regisseur_id: int | None
    regisseur: RegisseurContact | None
    membership: OwnMembership

    def member_for(self, user_id: int | None) -> OwnMembership | None:
        return self.membership if user_id == self.membership.user_id else None


_REGISSEUR = aliased(User, name="regisseur")
_MEMBER_FAMILIES = built_once(
    select(
        Family.id,
        Family.name,
        Family.regisseur_id,
        FamilyMember.relation,
        FamilyMember.has_authority,
        _REGISSEUR.name.label("regisseur_name"),
        _REGISSEUR.job_title,
        _REGISSEUR.phone,
        _REGISSEUR.email,
        Organisation.name.label("organisation_name"),
    )
    .select_from(FamilyMember)
    .join(Family, Family.id == FamilyMember.family_id)
    .outerjoin(_REGISSEUR, _REGISSEUR.id == Family.regisseur_id)
    .outerjoin(Organisation, Organisation.id == _REGISSEUR.organisation_id)
    .where(FamilyMember.user_id == ME)
    .order_by(Family.name, Family.id)
)


def member_families(db: Session, user_id: int) -> list[HomeFamily]:
    """The families she is a member of (not those she directs as regisseur), by name."""
    families = []
    for row in db.connection().execute(_MEMBER_FAMILIES, {"me": user_id}):
        contact = regisseur_contact(row)
        membership = OwnMembership(user_id, row.relation, bool(row.has_authority))
        families.append(HomeFamily(row.id, row.name, row.regisseur_id, contact, membership))
    return families


@dataclass(frozen=True, slots=True)
class FirstName:
    first_name: str


@dataclass(frozen=True, slots=True)
class OpenMentorship:
    """What the home page's card reads of her mentorship in progress: `mentor` only once she has one."""

    id: int
    youth_id: int
    status: str
    nominee_name: str
    mentor_id: int | None
    mentor: FirstName | None


_MENTOR = aliased(User, name="mentor")
_OPEN_FOR_YOUTH = built_once(
    select(
        Mentorship.id,
        Mentorship.youth_id,
        Mentorship.status,
        Mentorship.nominee_name,
        Mentorship.mentor_id,
        _MENTOR.name.label("mentor_name"),
    )
    .outerjoin(_MENTOR, _MENTOR.id == Mentorship.mentor_id)
    .where(Mentorship.youth_id == ME, Mentorship.status.in_([s.value for s in OPEN_STATUSES]))
    .limit(1)
)


def open_mentorship(db: Session, youth_id: int) -> OpenMentorship | None:
    """Her mentorship in progress (nominated up to active), if any: there is at most one. Hers to see
    (policy.can_view_mentorship: the youth herself)."""
    row = db.connection().execute(_OPEN_FOR_YOUTH, {"me": youth_id}).first()
    if row is None:
        return None
    mentor = FirstName(row.mentor_name.split(" ", 1)[0]) if row.mentor_id and row.mentor_name else None
    return OpenMentorship(row.id, row.youth_id, row.status, row.nominee_name, row.mentor_id, mentor)


@dataclass(frozen=True, slots=True)
class MentorshipId:
    id: int


@dataclass(frozen=True, slots=True)
class Mentee:
    """As the template reads a mentors.services.MentorshipView: `mentorship.id`, `youth.first_name`."""

    mentorship: MentorshipId
    youth: FirstName


_MENTEES = built_once(
    select(Mentorship.id, User.name)
    .join(Family, Family.id == Mentorship.family_id)
    .join(User, User.id == Mentorship.youth_id)
    .where(
        Mentorship.mentor_id == ME,
        Mentorship.status.in_([MentorshipStatus.GEACCEPTEERD.value, MentorshipStatus.ACTIEF.value]),
    )
    .order_by(Mentorship.id)
)


def mentees(db: Session, mentor_id: int) -> list[Mentee]:
    """The youths this person mentors (accepted or active)."""
    return [
        Mentee(MentorshipId(id), FirstName(name.split(" ", 1)[0]))
        for id, name in db.connection().execute(_MENTEES, {"me": mentor_id})
    ]
