"""The access rules of webapp/auth/policy.py as tables, one row per person and situation: whose part of the plan,
private conversations, mentor and JIM conversations, the JIM mentor's steps and appointments.

Plain objects, no database: each row names the Dutch rule it checks, so a changed rule fails a named row. (The family
and role rows live in tests/test_policy.py.)
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.test_policy import person
from webapp.auth import policy
from webapp.auth.policy import YouthSharing
from webapp.models import Family, FamilyMember, Mentorship, Relation, Role, User

DAY = date(2026, 1, 1)


def born(age: int) -> date:
    """A birth date that makes someone exactly `age` on DAY (born on DAY, `age` years earlier)."""
    return DAY.replace(year=DAY.year - age)


REGISSEUR = person(1, Role.REGISSEUR)
OTHER_REGISSEUR = person(2, Role.REGISSEUR)
YOUTH_17 = person(3, Role.JONGERE, birth_date=born(17))
PARENT = person(4, Role.OUDER)  # with parental authority (gezag)
FOSTER = person(5, Role.PLEEGOUDER)
PARENT_NO_AUTHORITY = person(6, Role.OUDER)
BROTHER_14 = person(7, Role.JONGERE, birth_date=born(14))
SISTER_10 = person(8, Role.JONGERE, birth_date=born(10))
MENTOR = person(9, Role.MENTOR)
STRANGER = person(10, Role.OUDER)


def member(user: User, relation: Relation, authority: bool = False) -> FamilyMember:
    return FamilyMember(user_id=user.id, user=user, relation=relation, has_authority=authority)


FAMILY = Family(
    id=1,
    name="Eigen",
    regisseur_id=REGISSEUR.id,
    members=[
        member(YOUTH_17, Relation.JONGERE),
        member(PARENT, Relation.OUDER, authority=True),
        member(FOSTER, Relation.PLEEGOUDER),
        member(PARENT_NO_AUTHORITY, Relation.OUDER),
        member(BROTHER_14, Relation.JONGERE),
        member(SISTER_10, Relation.JONGERE),
    ],
)


def inactive(user: User) -> User:
    return person(user.id, *(role.role for role in user.roles), birth_date=user.birth_date).model_copy(
        update={"active": False}
    )


# --- whose part of the plan ------------------------------------------------------------------------------------------

#   viewer, about, shared with family, may see, the rule
PERSONAL_PART = [
    (YOUTH_17, YOUTH_17, False, True, "her own part, shared or not"),
    (REGISSEUR, YOUTH_17, False, True, "the regisseur always"),
    (OTHER_REGISSEUR, YOUTH_17, True, False, "another regisseur never"),
    (STRANGER, PARENT, True, False, "someone outside the family never, not even a parent's part"),
    (PARENT, YOUTH_17, True, True, "16+: a carer while she shares"),
    (PARENT, YOUTH_17, False, False, "16+: not while she does not share"),
    (FOSTER, YOUTH_17, False, False, "16+: a foster parent neither"),
    (FOSTER, YOUTH_17, True, True, "16+: a foster parent while she shares"),
    (PARENT, BROTHER_14, False, True, "12-15: carers see it, sharing does not matter"),
    (FOSTER, SISTER_10, False, True, "under 12: carers see it"),
    (PARENT_NO_AUTHORITY, SISTER_10, True, False, "a parent without authority is no carer"),
    (BROTHER_14, YOUTH_17, True, False, "a brother is no carer"),
    (YOUTH_17, SISTER_10, True, False, "a sister is no carer"),
    (YOUTH_17, PARENT, False, True, "a part about a parent is the family's business"),
    (PARENT_NO_AUTHORITY, FOSTER, False, True, "a part about a foster parent too"),
]


@pytest.mark.parametrize(("viewer", "about", "shared", "expected", "rule"), PERSONAL_PART)
def test_who_sees_a_personal_part_of_the_plan(viewer, about, shared, expected, rule) -> None:
    assert policy.can_see_personal_part(viewer, FAMILY, about, DAY, shared) is expected, rule


def test_a_disabled_carer_sees_no_part() -> None:
    assert policy.can_see_personal_part(inactive(PARENT), FAMILY, BROTHER_14, DAY, True) is False


#   viewer, whose private conversation, may see that it was read, the rule
PRIVATE_PART = [
    (YOUTH_17, YOUTH_17, True, "her own"),
    (REGISSEUR, PARENT, True, "the regisseur"),
    (OTHER_REGISSEUR, PARENT, False, "another regisseur"),
    (FOSTER, PARENT, False, "an adult's private conversation is hers alone"),
    (PARENT, YOUTH_17, False, "16+: only she, even for a carer"),
    (PARENT, BROTHER_14, False, "12-15: hers too (the reads would tell that she wrote, or asked for help)"),
    (PARENT, SISTER_10, True, "under 12: the carers with authority"),
    (PARENT_NO_AUTHORITY, BROTHER_14, False, "not a parent without authority"),
    (SISTER_10, BROTHER_14, False, "not a sister"),
    (STRANGER, BROTHER_14, False, "nobody outside the family"),
]


@pytest.mark.parametrize(("viewer", "whose", "expected", "rule"), PRIVATE_PART)
def test_who_sees_that_a_private_conversation_was_read(viewer, whose, expected, rule) -> None:
    assert policy.can_see_private_part(viewer, FAMILY, whose, DAY) is expected, rule


def test_a_goal_follows_its_own_choice_before_the_youths_general_one() -> None:
    sharing = YouthSharing(goals_with_family=True, goal_overrides={7: False, 8: True})
    assert [sharing.goal_with_family(goal) for goal in (7, 8, 9, None)] == [False, True, True, True]
    hidden = YouthSharing(goals_with_family=False, goal_overrides={8: True})
    assert [hidden.goal_with_family(goal) for goal in (7, 8, None)] == [False, True, False]
    assert YouthSharing().goal_with_family(1) is False  # not asked yet: not shared
    assert policy.can_see_goal(PARENT, FAMILY, YOUTH_17, 8, DAY, hidden) is True
    assert policy.can_see_goal(PARENT, FAMILY, YOUTH_17, 7, DAY, hidden) is False
    assert policy.can_see_goal(PARENT, FAMILY, None, 7, DAY, hidden) is True  # a family goal


def test_a_part_about_the_whole_family_is_seen_by_the_family_only() -> None:
    assert policy.can_see_plan_part(PARENT_NO_AUTHORITY, FAMILY, None, DAY, False) is True
    assert policy.can_see_plan_part(STRANGER, FAMILY, None, DAY, True) is False
    assert policy.can_see_plan_part(PARENT, FAMILY, YOUTH_17, DAY, False) is False


def test_a_part_that_does_not_say_whom_it_is_about_needs_every_members_rule() -> None:
    nobody_shares: dict[int, YouthSharing] = {}
    shares = {YOUTH_17.id: YouthSharing(goals_with_family=True)}
    # Under 12 and 12-15 children: a parent without authority may not see their parts, so not this one either.
    assert policy.can_see_part_about_anyone(PARENT_NO_AUTHORITY, FAMILY, DAY, shares) is False
    # The 17-year-old does not share: her carer may not see a part that could be about her.
    assert policy.can_see_part_about_anyone(PARENT, FAMILY, DAY, nobody_shares) is False
    assert policy.can_see_part_about_anyone(PARENT, FAMILY, DAY, shares) is True
    assert policy.can_see_part_about_anyone(REGISSEUR, FAMILY, DAY, nobody_shares) is True
    assert policy.can_see_part_about_anyone(STRANGER, FAMILY, DAY, shares) is False
    adults = Family(
        id=2,
        name="Volwassen",
        regisseur_id=REGISSEUR.id,
        members=[member(PARENT, Relation.OUDER, authority=True)],
    )
    assert policy.can_see_part_about_anyone(PARENT, adults, DAY, {}) is True


def test_the_toekomstplan_follows_its_own_choice() -> None:
    assert policy.can_see_toekomstplan(PARENT, FAMILY, YOUTH_17, DAY, YouthSharing(toekomstplan_with_family=True))
    assert not policy.can_see_toekomstplan(
        PARENT, FAMILY, YOUTH_17, DAY, YouthSharing(goals_with_family=True, toekomstplan_with_family=None)
    )


def test_who_answers_edits_and_decides() -> None:
    assert policy.can_answer_plan(PARENT_NO_AUTHORITY, FAMILY) is True
    assert policy.can_answer_plan(REGISSEUR, FAMILY) is False  # not a member
    assert policy.can_answer_plan(inactive(PARENT), FAMILY) is False
    assert policy.can_edit_plan(REGISSEUR, FAMILY) is True
    assert policy.can_edit_plan(PARENT, FAMILY) is False
    assert policy.can_edit_own_future(YOUTH_17, YOUTH_17) is True
    assert policy.can_edit_own_future(PARENT, YOUTH_17) is False
    assert policy.can_edit_own_future(inactive(YOUTH_17), YOUTH_17) is False
    assert policy.decides_own_sharing(YOUTH_17, DAY) is True
    assert policy.decides_own_sharing(BROTHER_14, DAY) is False
    grown_parent = person(11, Role.OUDER, birth_date=born(40))
    assert policy.decides_own_sharing(grown_parent, DAY) is False  # the rule is a youth's


# --- conversations -------------------------------------------------------------------------------------------------


def mentorship(status: str, mentor: User | None = MENTOR) -> Mentorship:
    return Mentorship(
        id=1,
        youth_id=YOUTH_17.id,
        family_id=FAMILY.id,
        status=status,
        nominee_name="M",
        relation="buur",
        contact="06 12345678",
        motivation="-",
        mentor_id=mentor.id if mentor else None,
    )


ACTIVE, ACCEPTED, ENDED, INVITED = (mentorship(s) for s in ("actief", "geaccepteerd", "beeindigd", "uitgenodigd"))

#   user, kind, person_id, mentorship, read, write, the rule
CONVERSATIONS = [
    (PARENT, "gezin", None, None, True, True, "the family conversation: members"),
    (REGISSEUR, "gezin", None, None, True, True, "...and the regisseur"),
    (STRANGER, "gezin", None, None, False, False, "...nobody else"),
    (YOUTH_17, "prive", YOUTH_17.id, None, True, True, "a private conversation: the person"),
    (REGISSEUR, "prive", YOUTH_17.id, None, True, True, "...and the regisseur"),
    (PARENT, "prive", YOUTH_17.id, None, False, False, "...not her parent"),
    (STRANGER, "prive", STRANGER.id, None, False, False, "...not someone outside the family with the same id"),
    (MENTOR, "mentor", None, None, False, False, "a mentor conversation needs its mentorship"),
    (MENTOR, "mentor", None, ACCEPTED, True, True, "the mentor from accepting"),
    (MENTOR, "mentor", None, ACTIVE, True, True, "...while active"),
    (MENTOR, "mentor", None, ENDED, False, False, "...not after the end"),
    (REGISSEUR, "mentor", None, ENDED, True, False, "the regisseur reads the history, writes no more"),
    (YOUTH_17, "mentor", None, ACTIVE, False, False, "the youth is not in the mentor's talk with the regisseur"),
    (YOUTH_17, "jim", None, ACTIVE, True, True, "the JIM conversation: the youth"),
    (MENTOR, "jim", None, ACTIVE, True, True, "...and her active mentor"),
    (MENTOR, "jim", None, ACCEPTED, False, False, "...not before he is active"),
    (YOUTH_17, "jim", None, ENDED, True, False, "she keeps reading its history, writes no more"),
    (REGISSEUR, "jim", None, ACTIVE, False, False, "not the regisseur"),
    (PARENT, "jim", None, ACTIVE, False, False, "not her parents"),
    (REGISSEUR, "onbekend", None, ACTIVE, False, False, "an unknown kind: nobody"),
]


@pytest.mark.parametrize(("user", "kind", "person_id", "m", "read", "write", "rule"), CONVERSATIONS)
def test_who_reads_and_writes_a_conversation(user, kind, person_id, m, read, write, rule) -> None:
    assert policy.can_read_conversation(user, FAMILY, kind, person_id, m) is read, rule
    assert policy.can_write_conversation(user, FAMILY, kind, person_id, m) is write, rule


def test_a_disabled_account_reads_no_conversation() -> None:
    assert policy.can_read_conversation(inactive(PARENT), FAMILY, "gezin", None) is False
    assert policy.can_read_conversation(inactive(MENTOR), FAMILY, "jim", None, ACTIVE) is False


# --- JIM mentors ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("age", "may"), [(11, False), (12, True), (16, True), (23, True), (24, False)])
def test_a_youth_of_12_up_to_23_nominates_her_own_mentor(age: int, may: bool) -> None:
    assert policy.can_nominate_mentor(person(20, Role.JONGERE, birth_date=born(age)), DAY) is may


def test_only_an_active_youth_with_a_known_age_nominates() -> None:
    assert policy.can_nominate_mentor(person(21, Role.OUDER, birth_date=born(17)), DAY) is False
    assert policy.can_nominate_mentor(person(22, Role.JONGERE), DAY) is False
    assert policy.can_nominate_mentor(inactive(YOUTH_17), DAY) is False


@pytest.mark.parametrize(("youth", "must"), [(SISTER_10, True), (BROTHER_14, True), (YOUTH_17, False)])
def test_parents_support_the_choice_only_under_16(youth: User, must: bool) -> None:
    assert policy.parents_must_support(youth, DAY) is must
    assert policy.can_support_mentorship(PARENT, FAMILY, youth, DAY) is must
    assert policy.can_support_mentorship(PARENT_NO_AUTHORITY, FAMILY, youth, DAY) is False
    assert policy.can_support_mentorship(inactive(PARENT), FAMILY, youth, DAY) is False


#   user, youth, mentorship, may view, the rule
VIEW_MENTORSHIP = [
    (YOUTH_17, YOUTH_17, INVITED, True, "the youth"),
    (REGISSEUR, YOUTH_17, INVITED, True, "her regisseur"),
    (OTHER_REGISSEUR, YOUTH_17, ACTIVE, False, "another regisseur"),
    (MENTOR, YOUTH_17, INVITED, False, "the nominee before he accepts"),
    (MENTOR, YOUTH_17, ACCEPTED, True, "the mentor once he accepted"),
    (MENTOR, YOUTH_17, ACTIVE, True, "...and while active"),
    (MENTOR, YOUTH_17, ENDED, False, "...not after the end"),
    (PARENT, YOUTH_17, ACTIVE, False, "16+: not her parents"),
    (PARENT, BROTHER_14, ACTIVE, True, "under 16: her carers"),
    (STRANGER, BROTHER_14, ACTIVE, False, "nobody else"),
]


@pytest.mark.parametrize(("user", "youth", "m", "expected", "rule"), VIEW_MENTORSHIP)
def test_who_sees_a_mentorship(user, youth, m, expected, rule) -> None:
    assert policy.can_view_mentorship(user, FAMILY, m, youth, DAY) is expected, rule


def test_who_decides_and_who_ends_a_mentorship() -> None:
    assert policy.can_decide_mentorship(REGISSEUR, FAMILY) is True
    assert policy.can_decide_mentorship(OTHER_REGISSEUR, FAMILY) is False
    assert policy.can_decide_mentorship(YOUTH_17, FAMILY) is False
    assert policy.can_decide_mentorship(inactive(REGISSEUR), FAMILY) is False
    for user, expected in ((YOUTH_17, True), (REGISSEUR, True), (MENTOR, True), (PARENT, False), (STRANGER, False)):
        assert policy.can_end_mentorship(user, FAMILY, ACTIVE) is expected, user.name
    assert policy.can_end_mentorship(MENTOR, FAMILY, ENDED) is False
    assert policy.can_end_mentorship(inactive(YOUTH_17), FAMILY, ACTIVE) is False
    assert policy.can_view_mentorship(inactive(YOUTH_17), FAMILY, ACTIVE, YOUTH_17, DAY) is False


def test_an_active_mentor_sees_only_her_own_goals_that_she_shares_with_him() -> None:
    assert policy.can_see_goal_as_mentor(MENTOR, ACTIVE, YOUTH_17.id, True) is True
    assert policy.can_see_goal_as_mentor(MENTOR, ACTIVE, YOUTH_17.id, False) is False
    assert policy.can_see_goal_as_mentor(MENTOR, ACTIVE, PARENT.id, True) is False
    assert policy.can_see_goal_as_mentor(MENTOR, ACTIVE, None, True) is False
    assert policy.can_see_goal_as_mentor(MENTOR, ACCEPTED, YOUTH_17.id, True) is False
    assert policy.can_see_goal_as_mentor(STRANGER, ACTIVE, YOUTH_17.id, True) is False
    assert policy.can_see_goal_as_mentor(inactive(MENTOR), ACTIVE, YOUTH_17.id, True) is False


# --- appointments --------------------------------------------------------------------------------------------------


def test_the_organiser_or_the_regisseur_changes_an_appointment() -> None:
    assert policy.can_change_appointment(YOUTH_17, FAMILY, YOUTH_17.id) is True
    assert policy.can_change_appointment(REGISSEUR, FAMILY, YOUTH_17.id) is True
    assert policy.can_change_appointment(PARENT, FAMILY, YOUTH_17.id) is False
    assert policy.can_change_appointment(PARENT, FAMILY, None) is False
    assert policy.can_change_appointment(OTHER_REGISSEUR, FAMILY, None) is False
    assert policy.can_change_appointment(inactive(YOUTH_17), FAMILY, YOUTH_17.id) is False


#   user, participant, mentorship, may view, the rule
VIEW_APPOINTMENT = [
    (REGISSEUR, False, None, True, "the family's regisseur, also when not taking part"),
    (OTHER_REGISSEUR, True, None, False, "another regisseur, even on the list"),
    (PARENT, True, None, True, "a family member who takes part"),
    (PARENT, False, None, False, "not a family member who does not take part"),
    (MENTOR, True, ACTIVE, True, "a mentor who takes part, while the mentorship is active"),
    (MENTOR, True, ENDED, False, "...not once it has ended"),
    (MENTOR, True, ACCEPTED, False, "...not before it is active"),
    (MENTOR, True, None, False, "...not without a mentorship"),
    (MENTOR, False, ACTIVE, False, "...not an appointment he does not take part in"),
    (STRANGER, True, None, False, "someone outside the family, even on the list"),
]


@pytest.mark.parametrize(("user", "participant", "m", "expected", "rule"), VIEW_APPOINTMENT)
def test_who_sees_an_appointment(user, participant, m, expected, rule) -> None:
    participants = {user.id} if participant else {YOUTH_17.id}
    assert policy.can_view_appointment(user, FAMILY, participants, m) is expected, rule


def test_a_disabled_account_sees_no_appointment() -> None:
    assert policy.can_view_appointment(inactive(PARENT), FAMILY, {PARENT.id}) is False
    assert policy.can_view_appointment(inactive(REGISSEUR), FAMILY, set()) is False


@pytest.mark.parametrize(
    ("user", "may"),
    [
        (REGISSEUR, True),
        (OTHER_REGISSEUR, False),
        (YOUTH_17, True),
        (BROTHER_14, True),
        (PARENT, False),
        (FOSTER, False),
        (MENTOR, False),
        (person(30, Role.JONGERE, birth_date=born(15)), False),  # a youth of another family
    ],
)
def test_the_regisseur_or_a_youth_of_the_family_proposes_an_appointment(user: User, may: bool) -> None:
    assert policy.can_propose_appointment(user, FAMILY) is may


def test_a_disabled_youth_proposes_nothing() -> None:
    assert policy.can_propose_appointment(inactive(YOUTH_17), FAMILY) is False


# --- joining a second family, own data -----------------------------------------------------------------------------

NO_BIRTH_DATE = person(31, Role.JONGERE)
SECOND = Family(
    id=3,
    name="Tweede",
    regisseur_id=OTHER_REGISSEUR.id,
    members=[
        member(NO_BIRTH_DATE, Relation.JONGERE),
        member(STRANGER, Relation.OUDER, authority=True),
    ],
)


@pytest.mark.parametrize(
    ("youth", "families", "needed", "rule"),
    [
        (BROTHER_14, [FAMILY], True, "12-15 and a jongere in a family"),
        (SISTER_10, [FAMILY], True, "under 12"),
        (YOUTH_17, [FAMILY], False, "from 16 she decides herself"),
        (NO_BIRTH_DATE, [SECOND], True, "age unknown: ask, to be safe"),
        (PARENT, [FAMILY], False, "a parent in her own family"),
        (person(32, Role.JONGERE, birth_date=born(14)), [FAMILY], False, "a youth in no family yet"),
    ],
)
def test_a_youth_under_16_joins_another_family_only_with_a_carer(youth, families, needed, rule) -> None:
    assert policy.joining_needs_carer(youth, families, DAY) is needed, rule


@pytest.mark.parametrize(
    ("user", "youth", "may", "rule"),
    [
        (PARENT, BROTHER_14, True, "a parent with authority where he is a jongere"),
        (PARENT, SISTER_10, True, "...also for a child under 12"),
        (PARENT, YOUTH_17, False, "...not from 16"),
        (FOSTER, BROTHER_14, False, "a foster parent does not consent"),
        (PARENT_NO_AUTHORITY, BROTHER_14, False, "a parent without authority does not"),
        (BROTHER_14, BROTHER_14, False, "not the youth himself"),
        (STRANGER, BROTHER_14, False, "a parent with authority in another family"),
        (STRANGER, NO_BIRTH_DATE, True, "a parent with authority in her own family, age unknown"),
        (SISTER_10, BROTHER_14, False, "not a sister"),
    ],
)
def test_who_consents_to_a_youth_joining_another_family(user, youth, may, rule) -> None:
    assert policy.can_consent_to_joining(user, youth, [FAMILY, SECOND], DAY) is may, rule


def test_a_disabled_parent_consents_to_nothing() -> None:
    assert policy.can_consent_to_joining(inactive(PARENT), BROTHER_14, [FAMILY], DAY) is False


def test_the_requester_and_the_regisseur_see_a_data_request_and_only_the_regisseur_answers() -> None:
    assert policy.can_view_data_request(PARENT, FAMILY, PARENT.id) is True
    assert policy.can_view_data_request(REGISSEUR, FAMILY, PARENT.id) is True
    assert policy.can_view_data_request(FOSTER, FAMILY, PARENT.id) is False
    assert policy.can_view_data_request(OTHER_REGISSEUR, FAMILY, PARENT.id) is False
    assert policy.can_view_data_request(inactive(PARENT), FAMILY, PARENT.id) is False
    assert policy.can_handle_data_request(REGISSEUR, FAMILY) is True
    assert policy.can_handle_data_request(PARENT, FAMILY) is False
    assert policy.can_handle_data_request(OTHER_REGISSEUR, FAMILY) is False
    assert policy.can_handle_data_request(inactive(REGISSEUR), FAMILY) is False


@pytest.mark.parametrize(
    ("user", "in_a_family", "refusal"),
    [
        (MENTOR, False, None),
        (person(33, Role.STEUNGEZIN), False, None),
        (person(34, Role.MENTOR, Role.STEUNGEZIN), False, None),
        (MENTOR, True, policy.DeletionRefusal.FAMILY),
        (REGISSEUR, False, policy.DeletionRefusal.PROFESSIONAL),
        (person(35, Role.BEHEERDER), False, policy.DeletionRefusal.PROFESSIONAL),
        (YOUTH_17, False, policy.DeletionRefusal.FAMILY),
        (person(36, Role.MENTOR, Role.OUDER), False, policy.DeletionRefusal.FAMILY),
    ],
)
def test_only_a_mentor_or_steungezin_outside_any_family_deletes_her_own_account(user, in_a_family, refusal) -> None:
    assert policy.account_deletion_refusal(user, in_a_family) is refusal
