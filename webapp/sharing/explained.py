"""'Wie ziet wat van jou?': for a young person who does not decide yet what his parents see (under 16), the rules
of webapp/auth/policy.py in plain words, filled in with his own family: who sees his part of the plan, his regisseur,
his JIM mentor, and the day he turns 16.

Every "who sees it" answer is asked of the policy itself (`can_see_personal_part`), so the page cannot tell a
different story than the one the plan pages apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from webapp.auth import policy
from webapp.auth.policy import AgeBand
from webapp.clock import age_on
from webapp.families.services import member_families
from webapp.mentors import services as mentors
from webapp.models import Family, Relation, Role, User

SHARING_AGE = 16  # from this birthday a youth decides what his parents see (policy.decides_own_sharing)


@dataclass(frozen=True)
class FamilySight:
    """One family he is a young person in: who of them sees his part of the plan, and who leads it."""

    family: Family
    carers: list[User]  # parents with authority (gezag) and foster parents: they see everything about him
    regisseur: User | None
    has_other_youths: bool  # brothers or sisters: their own part he does not see


@dataclass(frozen=True)
class SharingExplained:
    youth: User
    age: int | None
    band: AgeBand | None
    turns_16_on: date | None
    families: list[FamilySight]
    mentor: User | None  # his JIM mentor while the mentorship is active
    goals_with_mentor: int  # how many of his goals in the current plan his mentor sees
    may_choose_mentor: bool


def explains_sharing(user: User, day: date) -> bool:
    """A young person who does not choose yet (under 16, or no birth date known) gets the explanation instead."""
    return user.active and user.has_role(Role.JONGERE) and not policy.decides_own_sharing(user, day)


def sixteenth_birthday(birth_date: date) -> date:
    """The day policy.age_band counts him 16 (a 29 February child: 1 March in a year without 29 February)."""
    try:
        return birth_date.replace(year=birth_date.year + SHARING_AGE)
    except ValueError:
        return date(birth_date.year + SHARING_AGE, 3, 1)


def explain(db: Session, youth: User, day: date) -> SharingExplained:
    """What `youth` may read about who sees his part of the plan (the caller checked `explains_sharing`)."""
    families = []
    for family in member_families(db, youth):
        member = family.member_for(youth.id)
        if member is None or member.relation != Relation.JONGERE:
            continue
        carers = [
            m.user
            for m in family.members
            if m.user_id != youth.id
            and policy.can_see_personal_part(m.user, family, youth, day, shared_with_family=False)
        ]
        others = any(m.relation == Relation.JONGERE and m.user_id != youth.id for m in family.members)
        families.append(FamilySight(family, carers, family.regisseur, others))
    mentor, shared = None, 0
    mentorship = mentors.open_for_youth(db, youth)
    if mentorship is not None and mentorship.status == "actief":
        mentor = mentors.get(db, youth, mentorship.id).mentor
        shared = sum(1 for _goal, with_mentor in mentors.own_goals_with_sharing(db, youth) if with_mentor)
    birth = youth.birth_date
    return SharingExplained(
        youth=youth,
        age=age_on(birth, day) if birth else None,
        band=policy.age_band(youth, day),
        turns_16_on=sixteenth_birthday(birth) if birth else None,
        families=families,
        mentor=mentor,
        goals_with_mentor=shared,
        may_choose_mentor=policy.can_nominate_mentor(youth, day),
    )
