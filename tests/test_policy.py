"""The access rules, table-driven: every role against its own family and a foreign one."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from webapp.auth import policy
from webapp.auth.policy import AgeBand
from webapp.models import AuthSession, Family, FamilyMember, Relation, Role, User, UserRole

REFERENCE_TIME = datetime(2026, 1, 1, tzinfo=UTC)


def person(id_: int, *roles: Role, birth_date: date | None = None, totp: str | None = None) -> User:
    return User(
        id=id_,
        name=f"P{id_}",
        email=f"p{id_}@x.test",
        roles=[UserRole(role=r) for r in roles],
        birth_date=birth_date,
        totp_secret=totp,
    )


REGISSEUR = person(1, Role.REGISSEUR)
OTHER_REGISSEUR = person(2, Role.REGISSEUR)
YOUTH = person(3, Role.JONGERE)
PARENT = person(4, Role.OUDER)
FOSTER = person(5, Role.PLEEGOUDER)
MENTOR = person(6, Role.MENTOR)
STEUNGEZIN = person(7, Role.STEUNGEZIN)
COORDINATOR = person(8, Role.COORDINATOR)
MODERATOR = person(9, Role.MODERATOR)
BEHEERDER = person(10, Role.BEHEERDER)
STRANGER_YOUTH = person(11, Role.JONGERE)

FAMILY = Family(
    id=1,
    name="Eigen",
    regisseur_id=REGISSEUR.id,
    members=[
        FamilyMember(user_id=YOUTH.id, relation=Relation.JONGERE),
        FamilyMember(user_id=PARENT.id, relation=Relation.OUDER, has_authority=True),
        FamilyMember(user_id=FOSTER.id, relation=Relation.PLEEGOUDER),
    ],
)

#            user             view   manage
TABLE = [
    (REGISSEUR, True, True),
    (OTHER_REGISSEUR, False, False),
    (YOUTH, True, False),
    (PARENT, True, False),
    (FOSTER, True, False),
    (MENTOR, False, False),
    (STEUNGEZIN, False, False),
    (COORDINATOR, False, False),
    (MODERATOR, False, False),
    (BEHEERDER, False, False),
    (STRANGER_YOUTH, False, False),
]


@pytest.mark.parametrize(("user", "may_view", "may_manage"), TABLE, ids=lambda v: getattr(v, "name", str(v)))
def test_family_access_by_role(user: User, may_view: bool, may_manage: bool) -> None:
    assert policy.can_view_family(user, FAMILY) is may_view
    assert policy.can_manage_family(user, FAMILY) is may_manage


def test_a_member_of_the_family_without_the_regisseur_role_cannot_manage_it() -> None:
    parent_named_as_regisseur = person(20, Role.OUDER)
    family = Family(id=2, name="X", regisseur_id=parent_named_as_regisseur.id, members=[])
    assert not policy.can_manage_family(parent_named_as_regisseur, family)


def test_a_disabled_account_sees_nothing() -> None:
    disabled = person(21, Role.OUDER)
    disabled.active = False
    family = Family(id=3, name="Y", members=[FamilyMember(user_id=disabled.id, relation=Relation.OUDER)])
    assert not policy.can_view_family(disabled, family)


def test_people_are_visible_to_themselves_and_to_those_who_see_their_family() -> None:
    assert policy.can_view_person(YOUTH, YOUTH, [])
    assert policy.can_view_person(PARENT, YOUTH, [FAMILY])
    assert policy.can_view_person(REGISSEUR, YOUTH, [FAMILY])
    assert not policy.can_view_person(STRANGER_YOUTH, YOUTH, [FAMILY])
    assert not policy.can_view_person(OTHER_REGISSEUR, YOUTH, [FAMILY])


@pytest.mark.parametrize(
    ("birth", "day", "band"),
    [
        (date(2015, 6, 1), date(2027, 5, 31), AgeBand.CHILD),  # the day before turning 12
        (date(2015, 6, 1), date(2027, 6, 1), AgeBand.YOUNG),  # 12th birthday
        (date(2011, 6, 1), date(2027, 5, 31), AgeBand.YOUNG),  # 15, the day before 16
        (date(2011, 6, 1), date(2027, 6, 1), AgeBand.INDEPENDENT),  # 16th birthday
        (date(2008, 2, 29), date(2026, 2, 28), AgeBand.INDEPENDENT),
    ],
)
def test_birthdays_move_a_youth_into_the_next_age_band(birth: date, day: date, band: AgeBand) -> None:
    assert policy.age_band(person(30, Role.JONGERE, birth_date=birth), day) is band


def test_unknown_birth_date_has_no_age_band() -> None:
    assert policy.age_band(person(31, Role.JONGERE), date(2026, 1, 1)) is None


@pytest.mark.parametrize("user", [REGISSEUR, COORDINATOR, MODERATOR, BEHEERDER], ids=lambda u: u.name)
def test_professionals_need_a_verified_second_factor(user: User) -> None:
    assert policy.needs_second_factor(user)
    enrolled = person(user.id, *user.role_set, totp="JBSWY3DPEHPK3PXP")
    assert not policy.second_factor_done(enrolled, AuthSession(token_hash="x", user_id=user.id))
    verified = AuthSession(token_hash="x", user_id=user.id, mfa_verified_at=REFERENCE_TIME)
    assert policy.second_factor_done(enrolled, verified)
    assert not policy.second_factor_done(user, verified)  # not enrolled at all


@pytest.mark.parametrize("user", [YOUTH, PARENT, FOSTER, MENTOR, STEUNGEZIN], ids=lambda u: u.name)
def test_family_and_network_roles_log_in_with_a_password_only(user: User) -> None:
    assert not policy.needs_second_factor(user)
    assert policy.second_factor_done(user, None)


def test_only_the_beheerder_manages_accounts() -> None:
    assert policy.can_manage_accounts(BEHEERDER)
    assert not any(policy.can_manage_accounts(u) for u, *_ in TABLE if u is not BEHEERDER)
