"""A family and its members as plain rows, for the hot pages (issue 14: reads without ORM hydration).

One statement built once at import; the objects carry the attribute names `webapp/auth/policy.py` reads
(`family.member_for`, `member.relation`, `member.user.birth_date`, `person.has_role` ...), so the policy functions
decide on them exactly as on the ORM objects. Writes keep using the ORM (`webapp.families.services`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import bindparam, func, select
from sqlmodel import Session
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.models import Family, FamilyMember, User, UserRole
from webapp.models.people import PROFESSIONAL_ROLES, Role


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A family member's account as the rules and the pages read it (no password, no second factor)."""

    id: int
    name: str
    birth_date: date | None
    active: bool
    language: str
    address_form: str
    organisation_id: int | None
    has_login: bool
    role_set: frozenset[Role] = frozenset()

    def has_role(self, *roles: Role) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def is_professional(self) -> bool:
        return bool(self.role_set & PROFESSIONAL_ROLES)

    @property
    def first_name(self) -> str:
        return self.name.split(" ", 1)[0]


@dataclass(frozen=True, slots=True)
class MemberRow:
    id: int
    family_id: int
    user_id: int
    relation: str
    has_authority: bool
    user: PersonRow


@dataclass(slots=True)
class FamilyRow:
    id: int
    name: str
    gemeente_id: int | None
    regisseur_id: int | None
    created_at: datetime
    members: list[MemberRow] = field(default_factory=list)

    def member_for(self, user_id: int | None) -> MemberRow | None:
        return next((m for m in self.members if m.user_id == user_id), None)


_ROLES = (
    select(func.aggregate_strings(UserRole.role, ","))
    .where(UserRole.user_id == FamilyMember.user_id)
    .correlate(FamilyMember)
    .scalar_subquery()
)
_FAMILY = (
    select(
        Family.id,
        Family.name,
        Family.gemeente_id,
        Family.regisseur_id,
        Family.created_at,
        FamilyMember.id.label("member_id"),
        FamilyMember.user_id,
        FamilyMember.relation,
        FamilyMember.has_authority,
        User.name.label("person_name"),
        User.birth_date,
        User.active,
        User.language,
        User.address_form,
        User.organisation_id,
        (User.email.is_not(None) & User.password_hash.is_not(None)).label("has_login"),
        _ROLES.label("roles"),
    )
    .select_from(Family)
    .outerjoin(FamilyMember, FamilyMember.family_id == Family.id)
    .outerjoin(User, User.id == FamilyMember.user_id)
    .where(Family.id == bindparam("family_id"))
    .order_by(FamilyMember.id)
)


def family_row(db: Session, family_id: int) -> FamilyRow | None:
    """The family with its members (in the order they were added), or None: one statement, no ORM objects."""
    rows = db.connection().execute(_FAMILY, {"family_id": family_id}).all()
    if not rows:
        return None
    first = rows[0]
    family = FamilyRow(first.id, first.name, first.gemeente_id, first.regisseur_id, first.created_at)
    for row in rows:
        if row.member_id is None:
            continue
        person = PersonRow(
            id=row.user_id,
            name=row.person_name,
            birth_date=row.birth_date,
            active=bool(row.active),
            language=row.language,
            address_form=row.address_form,
            organisation_id=row.organisation_id,
            has_login=bool(row.has_login),
            role_set=frozenset(Role(r) for r in row.roles.split(",")) if row.roles else frozenset(),
        )
        family.members.append(
            MemberRow(row.member_id, row.id, row.user_id, row.relation, bool(row.has_authority), person)
        )
    return family


def visible_family(db: Session, viewer: User, family_id: int) -> FamilyRow:
    """The family as plain rows, or 404 when it doesn't exist or the viewer may not see it (the same answer for both,
    and the same rule as `webapp.families.services.get_family`)."""
    family = family_row(db, family_id)
    if family is None or not policy.can_view_family(viewer, family):
        raise NotFound()
    return family
