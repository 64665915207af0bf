"""A family and its members as plain rows, for the hot pages (issue 14: reads without ORM hydration).

One statement built once at import; the objects carry the attribute names `webapp/auth/policy.py` reads
(`family.member_for`, `member.relation`, `member.user.birth_date`, `person.has_role` ...), so the policy functions
decide on them exactly as on the ORM objects. Writes keep using the ORM (`webapp.families.services`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Row, bindparam, func, select
from sqlmodel import Session
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.models import Family, FamilyMember, User, UserRole
from webapp.models.people import PersonTraits, Role
from webapp.sql_once import built_once


@dataclass(frozen=True, slots=True)
class PersonRow(PersonTraits):
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


@dataclass(frozen=True, slots=True)
class OrganisationName:
    name: str


@dataclass(frozen=True, slots=True)
class RegisseurContact:
    """A family's regisseur as the contact card (`templates/_contact.html`) and "Wie helpen er mee?" show him."""

    id: int
    name: str
    job_title: str
    phone: str
    email: str | None
    organisation: OrganisationName | None


def regisseur_contact(row: Row) -> RegisseurContact | None:
    """From a row with `regisseur_id`, `regisseur_name`, `job_title`, `phone`, `email` and `organisation_name`."""
    if row.regisseur_id is None:
        return None
    organisation = OrganisationName(row.organisation_name) if row.organisation_name is not None else None
    return RegisseurContact(row.regisseur_id, row.regisseur_name, row.job_title, row.phone, row.email, organisation)


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


def roles_of(user_id):
    """A person's roles as one string ("jongere,ouder"), a scalar subquery correlated to `user_id`'s table."""
    return (
        select(func.aggregate_strings(UserRole.role, ","))
        .where(UserRole.user_id == user_id)
        .correlate_except(UserRole)
        .scalar_subquery()
    )


def person_columns(person, prefix: str) -> list:
    """The columns of a PersonRow, labelled `{prefix}_id`, `{prefix}_name`, ...: `person` is `User` or an alias."""
    return [
        person.id.label(f"{prefix}_id"),
        person.name.label(f"{prefix}_name"),
        person.birth_date.label(f"{prefix}_birth_date"),
        person.active.label(f"{prefix}_active"),
        person.language.label(f"{prefix}_language"),
        person.address_form.label(f"{prefix}_address_form"),
        person.organisation_id.label(f"{prefix}_organisation_id"),
        (person.email.is_not(None) & person.password_hash.is_not(None)).label(f"{prefix}_has_login"),
        roles_of(person.id).label(f"{prefix}_roles"),
    ]


def person_from(row: Row | NamedTuple, prefix: str) -> PersonRow | None:
    """The PersonRow of `person_columns(..., prefix)` in `row` (SQLAlchemy's or a namedtuple of its values); None when
    the person is not there (an outer join)."""
    values = row._mapping if isinstance(row, Row) else row._asdict()
    if values[f"{prefix}_id"] is None:
        return None
    roles = values[f"{prefix}_roles"]
    return PersonRow(
        id=values[f"{prefix}_id"],
        name=values[f"{prefix}_name"],
        birth_date=values[f"{prefix}_birth_date"],
        active=bool(values[f"{prefix}_active"]),
        language=values[f"{prefix}_language"],
        address_form=values[f"{prefix}_address_form"],
        organisation_id=values[f"{prefix}_organisation_id"],
        has_login=bool(values[f"{prefix}_has_login"]),
        role_set=frozenset(Role(r) for r in roles.split(",")) if roles else frozenset(),
    )


_FAMILY = built_once(
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
        *person_columns(User, "person"),
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
        person = person_from(row, "person")
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
