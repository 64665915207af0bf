"""Who may see and change what. Every route asks here; the tests drive it from a table.

Rules are plain functions of the acting user and the object (no database access), so they are easy to read and to
test. Objects the user may not see answer 404 in the views: a stranger can't even learn that they exist.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from webapp.clock import age_on
from webapp.models import AuthSession, Family, Role, User


class AgeBand(StrEnum):
    """The Dutch rules for minors: under 12 parents decide; 12-15 youth and parents together; from 16 the youth."""

    CHILD = "child"  # < 12
    YOUNG = "young"  # 12-15
    INDEPENDENT = "independent"  # 16+


def age_band(person: User, day: date) -> AgeBand | None:
    if person.birth_date is None:
        return None
    age = age_on(person.birth_date, day)
    if age < 12:
        return AgeBand.CHILD
    if age < 16:
        return AgeBand.YOUNG
    return AgeBand.INDEPENDENT


def is_regisseur_of(user: User, family: Family) -> bool:
    return user.has_role(Role.REGISSEUR) and family.regisseur_id == user.id


def is_member_of(user: User, family: Family) -> bool:
    return family.member_for(user.id) is not None


def can_view_family(user: User, family: Family) -> bool:
    """Family members with an account and the family's own regisseur; nobody else (not even a beheerder)."""
    return user.active and (is_member_of(user, family) or is_regisseur_of(user, family))


def can_manage_family(user: User, family: Family) -> bool:
    """Add people, send invitations: only the family's regisseur."""
    return user.active and is_regisseur_of(user, family)


def can_view_person(user: User, person: User, families_of_person: list[Family]) -> bool:
    """Oneself, or someone in a family the user may see."""
    if user.id == person.id:
        return True
    return any(can_view_family(user, family) for family in families_of_person)


def can_manage_accounts(user: User) -> bool:
    return user.active and user.has_role(Role.BEHEERDER)


def needs_second_factor(user: User) -> bool:
    """Professionals must use two-factor authentication before they see any family data."""
    return user.is_professional


def second_factor_done(user: User, auth: AuthSession | None) -> bool:
    if not needs_second_factor(user):
        return True
    return bool(user.totp_secret and auth is not None and auth.mfa_verified_at is not None)
