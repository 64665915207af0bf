"""Who may see and change what. Every route asks here; the tests drive it from a table.

Rules are plain functions of the acting user and the object (no database access), so they are easy to read and to
test. Objects the user may not see answer 404 in the views: a stranger can't even learn that they exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from webapp.clock import age_on
from webapp.models import AuthSession, Family, FamilyMember, Relation, Role, User


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


# --- the plan: who sees which part ---------------------------------------------------------------------------


@dataclass(frozen=True)
class YouthSharing:
    """What a youth of 16+ shares with her parents and foster parents (None: not asked yet, so not shared)."""

    goals_with_family: bool | None = None
    toekomstplan_with_family: bool | None = None
    goal_overrides: dict[int, bool] = field(default_factory=dict)  # goal id -> shared with family or not

    def goal_with_family(self, goal_id: int | None) -> bool:
        if goal_id is not None and goal_id in self.goal_overrides:
            return self.goal_overrides[goal_id]
        return bool(self.goals_with_family)


def _is_carer(member: FamilyMember | None) -> bool:
    """Parents with authority (gezag) and foster parents look after a child's part of the plan."""
    if member is None:
        return False
    return (member.relation == Relation.OUDER and member.has_authority) or member.relation == Relation.PLEEGOUDER


def can_see_personal_part(viewer: User, family: Family, person: User, day: date, shared_with_family: bool) -> bool:
    """May `viewer` see the part of the plan that is about `person` (her goals, her toekomstplan)?

    Under 12 the parents with authority (and foster parents) see it; 12-15 the youth and they both see it; from 16
    the youth decides: they see it only while she shares it. The regisseur always sees it; anyone else never.
    """
    if not can_view_family(viewer, family):
        return False
    if viewer.id == person.id or is_regisseur_of(viewer, family):
        return True
    person_member = family.member_for(person.id)
    if person_member is None or person_member.relation != Relation.JONGERE:
        return True  # goals about a parent are the family's business
    if not _is_carer(family.member_for(viewer.id)):
        return False
    band = age_band(person, day)
    if band is AgeBand.INDEPENDENT:
        return shared_with_family
    return True


def can_see_goal(
    viewer: User, family: Family, about: User | None, goal_id: int | None, day: date, sharing: YouthSharing
) -> bool:
    if about is None:
        return can_view_family(viewer, family)
    return can_see_personal_part(viewer, family, about, day, sharing.goal_with_family(goal_id))


def can_see_toekomstplan(viewer: User, family: Family, youth: User, day: date, sharing: YouthSharing) -> bool:
    return can_see_personal_part(viewer, family, youth, day, bool(sharing.toekomstplan_with_family))


def can_edit_plan(user: User, family: Family) -> bool:
    """Only the family's regisseur edits the draft and publishes versions."""
    return can_manage_family(user, family)


def can_answer_plan(user: User, family: Family) -> bool:
    """Family members answer a version with akkoord / niet akkoord."""
    return user.active and is_member_of(user, family)


def can_edit_own_future(user: User, youth: User) -> bool:
    """The youth writes her own "what I want" and ticks her checklist herself."""
    return user.active and user.id == youth.id


def decides_own_sharing(youth: User, day: date) -> bool:
    """From 16 a youth decides what her parents see; she is asked on her first visit."""
    return youth.has_role(Role.JONGERE) and age_band(youth, day) is AgeBand.INDEPENDENT


# --- conversations with the regisseur ----------------------------------------------------------------------------


def can_read_conversation(user: User, family: Family, kind: str, person_id: int | None) -> bool:
    """The family conversation: the family's members with an account and its regisseur. A private conversation:
    that one person and the regisseur, nobody else (not her parents)."""
    if not user.active:
        return False
    if kind == "gezin":
        return can_view_family(user, family)
    if kind == "prive":
        return is_regisseur_of(user, family) or (user.id == person_id and is_member_of(user, family))
    return False
