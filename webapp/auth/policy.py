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


def joining_needs_carer(person: User, families_of_person: list[Family], day: date) -> bool:
    """A youth under 16 who already belongs to a family as a jongere joins another family only when a parent with
    authority there agrees too (from 16 she decides herself). Without a known birth date we ask, to be safe."""
    is_youth_somewhere = any(
        (member := family.member_for(person.id)) is not None and member.relation == Relation.JONGERE
        for family in families_of_person
    )
    if not is_youth_somewhere:
        return False
    band = age_band(person, day)
    return band is None or band in (AgeBand.CHILD, AgeBand.YOUNG)


def can_consent_to_joining(user: User, youth: User, families_of_youth: list[Family], day: date) -> bool:
    """A parent with authority in a family where the youth (under 16) is a jongere answers for her joining another."""
    if not user.active or user.id == youth.id or not joining_needs_carer(youth, families_of_youth, day):
        return False
    for family in families_of_youth:
        member, own = family.member_for(youth.id), family.member_for(user.id)
        youth_here = member is not None and member.relation == Relation.JONGERE
        if youth_here and own is not None and own.relation == Relation.OUDER and own.has_authority:
            return True
    return False


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


def can_see_private_part(viewer: User, family: Family, person: User, day: date) -> bool:
    """May `viewer` see that a professional read `person`'s own conversation (or one of its files) in the access log?

    A private conversation exists so that someone can talk to the regisseur without the others: the person and the
    regisseur see it. An adult's is hers alone, and so is a youth's from 12: that the regisseur read it, when and how
    often, would tell her carers that she wrote — after "Ik voel me niet veilig", that she asked for help. A child
    under 12 is the one case where the carers with authority see it (they decide for her).
    """
    if not can_view_family(viewer, family):
        return False
    if viewer.id == person.id or is_regisseur_of(viewer, family):
        return True
    member = family.member_for(person.id)
    if member is None or member.relation != Relation.JONGERE or age_band(person, day) != AgeBand.CHILD:
        return False
    return can_see_personal_part(viewer, family, person, day, shared_with_family=False)


def can_see_goal(
    viewer: User, family: Family, about: User | None, goal_id: int | None, day: date, sharing: YouthSharing
) -> bool:
    return can_see_plan_part(viewer, family, about, day, sharing.goal_with_family(goal_id))


def can_see_plan_part(viewer: User, family: Family, about: User | None, day: date, shared_with_family: bool) -> bool:
    """Any part of the plan (a goal, the situation text, a ZRM assessment, a summary, someone involved, agreements):
    about the whole family (None) everyone in the family sees it; about one person, the rules of her own part.
    For parts other than goals, a youth of 16+ shares them with her choice for her goals (`goals_with_family`)."""
    if about is None:
        return can_view_family(viewer, family)
    return can_see_personal_part(viewer, family, about, day, shared_with_family)


def can_see_part_about_anyone(viewer: User, family: Family, day: date, sharing: dict[int, YouthSharing]) -> bool:
    """A part that does not say whom it is about (written before parts did): it may be about anyone in the family,
    so only someone who may see a part about every member sees it, and the regisseur. For a family without youth
    that is everyone; in a family with a youth of 16+ who does not share, or a young child, only some or nobody."""
    return can_view_family(viewer, family) and all(
        can_see_personal_part(
            viewer, family, member.user, day, sharing.get(member.user_id, YouthSharing()).goal_with_family(None)
        )
        for member in family.members
    )


def can_see_toekomstplan(viewer: User, family: Family, youth: User, day: date, sharing: YouthSharing) -> bool:
    return can_see_personal_part(viewer, family, youth, day, bool(sharing.toekomstplan_with_family))


def can_edit_plan(user: User, family: Family) -> bool:
    """Only the family's regisseur edits the draft and publishes versions."""
    return can_manage_family(user, family)


def can_translate_plan(user: User, family: Family) -> bool:
    """Only the family's regisseur adds or changes a translation of a plan part (she types what an interpreter
    gives her, and names the interpreter). No machine translation: family members read translations, never make them."""
    return can_edit_plan(user, family)


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


def can_read_conversation(user: User, family: Family, kind: str, person_id: int | None, mentorship=None) -> bool:
    """The family conversation: the family's members with an account and its regisseur. A private conversation:
    that one person and the regisseur, nobody else (not her parents). A mentor conversation: the mentor (from
    accepting until it ends) and the regisseur. A JIM conversation: the youth and her mentor while it is active
    (the youth keeps reading its history); not her parents, not the regisseur."""
    if not user.active:
        return False
    if kind == "gezin":
        return can_view_family(user, family)
    if kind == "prive":
        return is_regisseur_of(user, family) or (user.id == person_id and is_member_of(user, family))
    if mentorship is None:
        return False
    if kind == "mentor":
        return is_regisseur_of(user, family) or is_mentor_of(user, mentorship, statuses=("geaccepteerd", "actief"))
    if kind == "jim":
        return user.id == mentorship.youth_id or is_mentor_of(user, mentorship)
    return False


def can_write_conversation(user: User, family: Family, kind: str, person_id: int | None, mentorship=None) -> bool:
    """Reading a mentor conversation's history stays possible after a mentorship ended; writing only while open."""
    if not can_read_conversation(user, family, kind, person_id, mentorship):
        return False
    if kind == "jim":
        return mentorship.status == "actief"
    if kind == "mentor":
        return mentorship.status in ("geaccepteerd", "actief")
    return True


# --- JIM mentors -------------------------------------------------------------------------------------------------

JIM_AGES = range(12, 24)  # a youth of 12 up to and including 23 picks her own JIM


def can_nominate_mentor(user: User, day: date) -> bool:
    return (
        user.active
        and user.has_role(Role.JONGERE)
        and user.birth_date is not None
        and age_on(user.birth_date, day) in JIM_AGES
    )


def parents_must_support(youth: User, day: date) -> bool:
    """Under 16, the parents are asked to support the youth's choice before the regisseur approves."""
    return age_band(youth, day) in (AgeBand.CHILD, AgeBand.YOUNG)


def is_mentor_of(user: User, mentorship, *, statuses: tuple[str, ...] = ("actief",)) -> bool:
    return user.active and mentorship.mentor_id == user.id and mentorship.status in statuses


def can_view_mentorship(user: User, family: Family, mentorship, youth: User, day: date) -> bool:
    """The youth, her regisseur, the mentor (from accepting until it ends) and, under 16, her carers."""
    if not user.active:
        return False
    if user.id == mentorship.youth_id or is_regisseur_of(user, family):
        return True
    if is_mentor_of(user, mentorship, statuses=("geaccepteerd", "actief")):
        return True
    return can_support_mentorship(user, family, youth, day)


def can_support_mentorship(user: User, family: Family, youth: User, day: date) -> bool:
    """Parents with authority and foster parents of a youth under 16 say whether they support her choice."""
    return (
        user.active
        and user.id != youth.id
        and _is_carer(family.member_for(user.id))
        and parents_must_support(youth, day)
    )


def can_decide_mentorship(user: User, family: Family) -> bool:
    """Only the youth's own regisseur approves or declines a mentor."""
    return user.active and is_regisseur_of(user, family)


def can_end_mentorship(user: User, family: Family, mentorship) -> bool:
    """The youth ends it whenever she wants; the mentor may step back; the regisseur may end it too."""
    return user.active and (
        user.id == mentorship.youth_id or is_regisseur_of(user, family) or is_mentor_of(user, mentorship)
    )


def can_see_goal_as_mentor(user: User, mentorship, goal_about_id: int | None, shared_with_mentor: bool) -> bool:
    """An active mentor sees only the youth's own goals that she chose to share with him."""
    return is_mentor_of(user, mentorship) and goal_about_id == mentorship.youth_id and shared_with_mentor


# --- appointments ------------------------------------------------------------------------------------------------


def can_view_appointment(user: User, family: Family, participant_ids: set[int], mentorship=None) -> bool:
    """The participants and the family's regisseur; nobody else learns the appointment exists.

    A participant from outside the family takes part as a JIM mentor, so his access follows the mentorship
    (`mentorship`: the appointment's own when he is its mentor, else his active one in this family): while it is
    active he sees its appointments, past ones included; once it has ended, none of them (page, .ics, feed).
    """
    if not user.active:
        return False
    if is_regisseur_of(user, family):
        return True
    if user.id not in participant_ids:
        return False
    return is_member_of(user, family) or (mentorship is not None and is_mentor_of(user, mentorship))


def can_change_appointment(user: User, family: Family, organiser_id: int | None) -> bool:
    """Who planned it, or the regisseur, changes the time or place, cancels it, or takes a proposed time."""
    return user.active and (user.id == organiser_id or is_regisseur_of(user, family))


def can_request_interpreter(user: User, family: Family, participant_ids: set[int], day: date) -> bool:
    """Asking for an interpreter (tolk) on an appointment: a member of the family who takes part and speaks for
    themselves, a parent (or another adult of the family) or a youth from 16. A younger child does not arrange it:
    no child interprets for a parent (Pharos), and the organiser sees to it."""
    if not user.active or user.id not in participant_ids:
        return False
    member = family.member_for(user.id)
    if member is None:
        return False
    if member.relation == Relation.JONGERE:
        return age_band(user, day) == AgeBand.INDEPENDENT
    return True


def can_propose_appointment(user: User, family: Family) -> bool:
    """The regisseur of the family, or a youth of the family (for herself, with her mentor)."""
    if not user.active:
        return False
    member = family.member_for(user.id)
    return is_regisseur_of(user, family) or (member is not None and member.relation == Relation.JONGERE)


# --- own data: requests about one's data, deleting one's account ---------------------------------------------


def can_view_data_request(user: User, family: Family, requester_id: int | None) -> bool:
    """A correction or erasure request: the person who asked it, and the regisseur of the family whose dossier it
    is. Not the other family members (it may be about them)."""
    return user.active and (user.id == requester_id or is_regisseur_of(user, family))


def can_handle_data_request(user: User, family: Family) -> bool:
    """Only the family's own regisseur (who keeps the dossier, Jeugdwet art. 7.3.8) answers a request."""
    return user.active and is_regisseur_of(user, family)


class DeletionRefusal(StrEnum):
    PROFESSIONAL = "professional"  # her work is part of families' dossiers and the access log
    FAMILY = "family"  # a family member's data is part of the family's dossier (kept 20 years)


DELETABLE_ROLES = frozenset({Role.MENTOR, Role.STEUNGEZIN})


def account_deletion_refusal(user: User, in_a_family: bool) -> DeletionRefusal | None:
    """Why this person may not delete her own account, or None when she may. A JIM mentor or a steungezin who is
    not a member of any family may: no dossier rule keeps their account. A family member's data belongs to the
    family's dossier (Jeugdwet art. 7.3.8: kept 20 years), so she asks her regisseur for erasure instead; a
    professional's account is closed by the beheerder."""
    if in_a_family:
        return DeletionRefusal.FAMILY
    if user.is_professional:
        return DeletionRefusal.PROFESSIONAL
    if not user.role_set <= DELETABLE_ROLES:
        return DeletionRefusal.FAMILY  # a jongere, ouder or pleegouder: her data stays in a dossier
    return None


# --- Steuntje in de rug: requests, households, matches ---------------------------------------------------------
# A request belongs to a family and is handled by one meldpunt (an organisation); a volunteer household belongs to
# one meldpunt. Coordinators see only their own meldpunt's requests and households. A household never sees a family
# before both sides accepted a proposal; a family never browses households.

RESPITE_CARER_RELATIONS = frozenset({Relation.OUDER, Relation.PLEEGOUDER})


def is_coordinator_of(user: User, meldpunt_id: int | None) -> bool:
    """A coordinator works for one meldpunt (her organisation) and sees only what belongs to it."""
    return (
        user.active
        and meldpunt_id is not None
        and user.has_role(Role.COORDINATOR)
        and user.organisation_id == meldpunt_id
    )


def is_respite_carer(user: User, family: Family) -> bool:
    """A parent or foster parent of the family: the people who ask for a steungezin and answer proposals."""
    member = family.member_for(user.id)
    return user.active and member is not None and member.relation in RESPITE_CARER_RELATIONS


def can_request_respite(user: User, family: Family) -> bool:
    """A parent or foster parent asks for a steungezin; the regisseur may fill it in with the family."""
    return is_respite_carer(user, family) or (user.active and is_regisseur_of(user, family))


def can_view_respite_request(user: User, family: Family, request) -> bool:
    """The family's parents and foster parents; the coordinators of its meldpunt once it is sent (not a draft); the
    regisseur only when the family said yes to sharing the status, or when he filled it in with them. Children of the
    family do not see it (it is about their care, asked by their parents)."""
    if not user.active:
        return False
    if is_respite_carer(user, family):
        return True
    if request.status != "concept" and is_coordinator_of(user, request.meldpunt_id):
        return True
    return is_regisseur_of(user, family) and (
        bool(request.share_with_regisseur) or request.created_by_id == user.id
    )


def can_edit_respite_request(user: User, family: Family, request) -> bool:
    """The family changes what it asked while it is a draft or still waiting for the intake."""
    return request.status in ("concept", "nieuw") and can_change_respite_request(user, family, request)


def can_change_respite_request(user: User, family: Family, request) -> bool:
    """Change, send, stop or throw away a request: the family's parents and foster parents; the regisseur only a
    request he filled in with them (one the family shares with him he only reads: status and history)."""
    return is_respite_carer(user, family) or (
        user.active and is_regisseur_of(user, family) and request.created_by_id == user.id
    )


def can_handle_respite_request(user: User, request) -> bool:
    """Intake, notes, search, proposals and steps: the coordinators of the request's meldpunt."""
    return request.status != "concept" and is_coordinator_of(user, request.meldpunt_id)


def can_view_household(user: User, household) -> bool:
    """A volunteer household's file: the coordinators of its meldpunt, and the household itself."""
    return user.active and (is_coordinator_of(user, household.meldpunt_id) or household.user_id == user.id)


def is_household_user(user: User, household) -> bool:
    return user.active and household.user_id is not None and household.user_id == user.id


def can_answer_match_as_family(user: User, family: Family) -> bool:
    return is_respite_carer(user, family)


def can_answer_match_as_household(user: User, household) -> bool:
    return is_household_user(user, household)


def can_see_match_contacts(match) -> bool:
    """Names, addresses and phone numbers are shown to each other only after both sides accepted."""
    return match.accepted_at is not None and match.status in ("akkoord", "beeindigd")


def can_view_respite_match(user: User, family: Family, request, household, match) -> bool:
    """A proposal or match: the family's carers, the proposed household (a limited profile until both accept), and
    the coordinators of the meldpunt. A withdrawn proposal is no longer shown to the household."""
    if not user.active:
        return False
    if is_coordinator_of(user, request.meldpunt_id):
        return True
    if is_respite_carer(user, family):
        return match.status != "ingetrokken"
    return is_household_user(user, household) and match.status != "ingetrokken"


def can_read_request_conversation(user: User, family: Family, request) -> bool:
    """The conversation about a family's request (kind steuntje): the family's parents and foster parents, and the
    coordinators of the request's meldpunt once it is sent. Not the children, not the regisseur: it is between the
    family and the meldpunt (the regisseur reads the status only when the family shares it)."""
    if not user.active:
        return False
    return is_respite_carer(user, family) or can_handle_respite_request(user, request)


def can_read_household_conversation(user: User, household) -> bool:
    """A volunteer household's conversation with the meldpunt (kind steungezin): the household's own account and
    the coordinators of its meldpunt. A family never reads it."""
    return user.active and (is_household_user(user, household) or is_coordinator_of(user, household.meldpunt_id))


def can_view_respite_appointment(
    user: User, family: Family, participant_ids: set[int], request, match_household=None
) -> bool:
    """An intake, kennismaking or evaluation the meldpunt planned for a request. Participants see it when they take
    part as a member of the family, as a coordinator of the request's meldpunt, or as the household of the request's
    accepted match (`match_household`, None when there is none). The family's regisseur sees it only when he may see
    the request itself (the family shares its status with him, or he filled it in with them); nobody else."""
    if not user.active:
        return False
    if user.id in participant_ids and (
        is_member_of(user, family)
        or is_coordinator_of(user, request.meldpunt_id)
        or (match_household is not None and is_household_user(user, match_household))
    ):
        return True
    return is_regisseur_of(user, family) and (bool(request.share_with_regisseur) or request.created_by_id == user.id)


def can_answer_checkin(user: User, family: Family, household, side: str) -> bool:
    """A check-in ("hoe gaat het?") is answered by the side it belongs to: a parent or foster parent for the family,
    the volunteer's own account for the steungezin. Nobody answers for the other side."""
    if side == "gezin":
        return is_respite_carer(user, family)
    return side == "steungezin" and is_household_user(user, household)


def can_see_checkin_answer(user: User, family: Family, request, household, side: str) -> bool:
    """The answers (faces and note) are read by the side that gave them and the coordinators of the meldpunt; the other
    side sees only whether it was filled in, so both can say honestly how it goes."""
    return can_answer_checkin(user, family, household, side) or is_coordinator_of(user, request.meldpunt_id)


def can_suggest_match_for_plan(user: User, family: Family, match) -> bool:
    """"Toevoegen aan ons plan": a parent or foster parent adds the steungezin as a betrokkene of the family plan,
    once both sides said yes (the regisseur, who edits the plan, takes the suggestion in)."""
    return is_respite_carer(user, family) and can_see_match_contacts(match)


def can_take_match_into_plan(user: User, family: Family, match) -> bool:
    """The family's regisseur sees and takes in the family's suggestion to add its steungezin to the plan, and
    only that (not the proposal or the match itself, unless the family shares it)."""
    return match is not None and match.plan_suggested_at is not None and can_edit_plan(user, family)


# --- peer questions: two closed spaces, pseudonyms, moderation -------------------------------------------------
# Young people never see the adults' space and adults never see the young people's space; moderators see both. A
# member never learns who is behind a pseudonym.

PEER_FLAGS_TO_HIDE = 3  # three members' flags hide a post until a moderator looks
PEER_PREMODERATED_POSTS = 3  # a new member's first three posts wait for a moderator
JONGEREN_MIN_AGE, JONGEREN_MAX_AGE = 12, 23


def is_moderator(user: User) -> bool:
    return user.active and user.has_role(Role.MODERATOR)


def can_edit_articles(user: User) -> bool:
    """Informatie: only a redacteur writes, translates and publishes articles and reads the feedback on them;
    everyone reads the published articles (they are public). Others do not even see that the editor exists (404)."""
    return user.active and user.has_role(Role.REDACTEUR)


def may_enter_space(user: User, space: str, day: date, *, foster_youth: bool, expert_in_space: bool) -> bool:
    """Pleegouders: foster parents (gezinshuisouders are pleegouders in OnsPlan) and steungezinnen. Jongeren: a
    jongere of 12-23 who lives or lived in a foster family (`foster_youth`: a jongere in a family with a pleegouder).
    A moderator may admit an ervaringsdeskundige to a space (`expert_in_space`). Moderators enter both."""
    if not user.active:
        return False
    if user.has_role(Role.MODERATOR) or expert_in_space:
        return True
    if space == "pleegouders":
        return user.has_role(Role.PLEEGOUDER, Role.STEUNGEZIN)
    if space == "jongeren":
        if not (user.has_role(Role.JONGERE) and foster_youth and user.birth_date is not None):
            return False
        return JONGEREN_MIN_AGE <= age_on(user.birth_date, day) <= JONGEREN_MAX_AGE
    return False


def can_see_peer_post(viewer_member_id: int | None, moderator: bool, post) -> bool:
    """Published posts for every member of the space; her own posts (also in review or rejected, not deleted) for
    the writer; everything for a moderator."""
    if moderator:
        return True
    if post.status == "published":
        return True
    return viewer_member_id is not None and post.author_id == viewer_member_id and post.status != "deleted"


def peer_hold_reason(space: str, approved_posts: int, crisis: bool) -> str | None:
    """Why a new post waits for a moderator, or None: published at once. A crisis word always holds (and alerts);
    the Jongeren space is pre-moderated; so are a new member's first three posts."""
    if crisis:
        return "crisis"
    if space == "jongeren":
        return "jongeren"
    if approved_posts < PEER_PREMODERATED_POSTS:
        return "nieuw_lid"
    return None


def can_recommend_peer_post(is_expert: bool, moderator: bool) -> bool:
    """The aanbevolen mark: only ervaringsdeskundigen and moderators give it."""
    return is_expert or moderator


def can_change_peer_post(member_id: int | None, post) -> bool:
    """Edit or delete: only the writer, while the post exists."""
    return member_id is not None and post.author_id == member_id and post.status != "deleted"


def can_decide_identity_request(user: User, requested_by_id: int | None) -> bool:
    """A second moderator, never the one who asked."""
    return is_moderator(user) and requested_by_id is not None and requested_by_id != user.id


def can_flag_peer_post(member_id: int | None, post) -> bool:
    """A member flags a published post of someone else in her space (her own she edits or deletes herself)."""
    return member_id is not None and post.author_id != member_id and post.status == "published"


def may_post_in_peer_space(suspended_until, now) -> bool:
    """A member a moderator suspended may not post until the end of the suspension (she is told until when)."""
    return suspended_until is None or suspended_until <= now


# --- a new family, and handing a family to another regisseur (overdracht) --------------------------------------
# A family belongs to one gemeente and has one regisseur. Only a coordinator *of that gemeente* moves it to another
# regisseur: a coordinator of a meldpunt (Steuntje in de rug) has the same role name but works for another kind of
# organisation, and gets none of these powers.


def is_gemeente_coordinator(user: User, gemeente_id: int | None) -> bool:
    """A coordinator whose organisation is this gemeente (coordinator AND organisation kind gemeente AND the same
    gemeente)."""
    organisation = user.organisation
    return (
        user.active
        and gemeente_id is not None
        and user.has_role(Role.COORDINATOR)
        and organisation is not None
        and organisation.id == gemeente_id
        and organisation.kind == "gemeente"
    )


def can_register_family(user: User) -> bool:
    """Gezin aanmelden: a regisseur registers a new family and becomes its regisseur."""
    return user.active and user.has_role(Role.REGISSEUR)


def can_register_in_gemeente(user: User, gemeente) -> bool:
    """The family's gemeente: a regisseur who works for a gemeente registers families of that gemeente only; one who
    works elsewhere (an aanbieder) picks any gemeente. It must be an organisation of kind gemeente."""
    if not can_register_family(user) or gemeente is None or gemeente.kind != "gemeente":
        return False
    own = user.organisation
    return own is None or own.kind != "gemeente" or own.id == gemeente.id


def can_hand_over_family(user: User, family: Family) -> bool:
    """Only a coordinator of the family's own gemeente hands it to another regisseur (not the regisseur himself, not
    a coordinator of another gemeente or of a meldpunt)."""
    return is_gemeente_coordinator(user, family.gemeente_id)


def can_take_over_family(candidate: User, family: Family) -> bool:
    """Who may become the family's new regisseur: an active regisseur of the same gemeente, not the current one."""
    return (
        candidate.active
        and candidate.has_role(Role.REGISSEUR)
        and family.gemeente_id is not None
        and candidate.organisation_id == family.gemeente_id
        and candidate.id != family.regisseur_id
    )


def can_ask_for_handover(user: User, family: Family) -> bool:
    """The family's own regisseur may ask the gemeente for another regisseur (leaving, too many families); the
    coordinator decides."""
    return can_manage_family(user, family)
