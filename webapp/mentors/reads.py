"""JIM mentorships as plain rows, for "Mijn mentor" and the mentorship page (issue 14: reads without ORM hydration).

Statements built once at import and run on the session's connection. The objects carry the attribute names
`webapp/auth/policy.py` and the templates read (`mentorship.youth_id`, `.mentor_id`, `.status`; the family and its
people from `webapp.families.reads`), so `can_view_mentorship`, `can_read_conversation` and `can_see_goal_as_mentor`
decide on them exactly as on the ORM objects. The steps of a mentorship keep using the ORM (`services`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Row, String, bindparam, case, cast, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.families.reads import FamilyRow, PersonRow, family_row, person_columns, person_from
from webapp.messages import services as messages
from webapp.models import (
    OPEN_STATUSES,
    Conversation,
    ConversationKind,
    Family,
    FamilyMember,
    GoalSharing,
    Mentorship,
    MentorshipEvent,
    MentorshipStatus,
    Plan,
    PlanVersion,
    Relation,
    User,
)
from webapp.plans.services import progress
from webapp.sql_once import built_once


@dataclass(frozen=True, slots=True)
class MentorshipRow:
    """A mentorship as the rules and the pages read it."""

    id: int
    youth_id: int
    family_id: int
    status: str
    nominee_name: str
    relation: str
    contact: str
    motivation: str
    mentor_id: int | None
    parents_support: bool | None
    decline_reason: str
    nominated_at: datetime
    accepted_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None


@dataclass(frozen=True, slots=True)
class MentorshipView:
    """The mentorship with its family (members included, for the rules), its youth and its mentor."""

    mentorship: MentorshipRow
    family: FamilyRow
    youth: PersonRow
    mentor: PersonRow | None
    conversation_ids: dict[str, int]  # the mentorship's conversations that exist, by kind (for `conversations`)


@dataclass(frozen=True, slots=True)
class EventRow:
    """One step in a mentorship's history."""

    from_status: str | None
    to_status: str
    at: datetime


@dataclass(frozen=True, slots=True)
class YouthFamily:
    """The family in which someone is the youth, as far as "Mijn mentor" needs it (may she nominate yet?)."""

    id: int
    regisseur_id: int | None


_YOUTH = aliased(User, name="youth")
_MENTOR = aliased(User, name="mentor")


_MENTORSHIP_COLUMNS = (
    Mentorship.id,
    Mentorship.youth_id,
    Mentorship.family_id,
    Mentorship.status,
    Mentorship.nominee_name,
    Mentorship.relation,
    Mentorship.contact,
    Mentorship.motivation,
    Mentorship.mentor_id,
    Mentorship.parents_support,
    Mentorship.decline_reason,
    Mentorship.nominated_at,
    Mentorship.accepted_at,
    Mentorship.started_at,
    Mentorship.ended_at,
)
# The conversations of a mentorship (one of each kind), and while which steps `messages.for_mentorship` makes each on
# first use.
_MADE_WHILE = {ConversationKind.MENTOR: messages.MENTOR_READS, ConversationKind.JIM: (MentorshipStatus.ACTIEF,)}
_CONVERSATION_COLUMNS = [
    select(Conversation.id)
    .where(Conversation.mentorship_id == Mentorship.id, Conversation.kind == kind.value)
    .correlate(Mentorship)
    .scalar_subquery()
    .label(f"{kind.value}_conversation")
    for kind in _MADE_WHILE
]
_WITH_PEOPLE = built_once(
    select(
        *_MENTORSHIP_COLUMNS,
        *person_columns(_YOUTH, "youth_person"),
        *person_columns(_MENTOR, "mentor_person"),
        *_CONVERSATION_COLUMNS,
    )
    .select_from(Mentorship)
    .join(_YOUTH, _YOUTH.id == Mentorship.youth_id)
    .outerjoin(_MENTOR, _MENTOR.id == Mentorship.mentor_id)
)
_BY_ID = built_once(_WITH_PEOPLE.where(Mentorship.id == bindparam("mentorship_id")))
# Her mentorship in progress (there is at most one), else her latest.
_LATEST_OF_YOUTH = built_once(
    _WITH_PEOPLE.where(Mentorship.youth_id == bindparam("youth_id"))
    .order_by(case((Mentorship.status.in_(OPEN_STATUSES), 0), else_=1), Mentorship.id.desc())
    .limit(1)
)
_HISTORY = built_once(
    select(MentorshipEvent.from_status, MentorshipEvent.to_status, MentorshipEvent.at)
    .where(MentorshipEvent.mentorship_id == bindparam("mentorship_id"))
    .order_by(MentorshipEvent.id)
)
_YOUTH_FAMILY = built_once(
    select(Family.id, Family.regisseur_id)
    .join(FamilyMember, FamilyMember.family_id == Family.id)
    .where(FamilyMember.user_id == bindparam("youth_id"), FamilyMember.relation == Relation.JONGERE)
    .order_by(Family.id)
    .limit(1)
)
_SHARED_WITH_MENTOR = (
    select(func.aggregate_strings(cast(GoalSharing.goal_id, String), ","))
    .where(GoalSharing.youth_id == bindparam("youth_id"), GoalSharing.with_mentor)
    .scalar_subquery()
)
# The current plan version's content and the ids of the goals the youth shares with her mentor, in one statement.
_CURRENT_CONTENT = built_once(
    select(PlanVersion.content, _SHARED_WITH_MENTOR.label("shared"))
    .join(Plan, Plan.id == PlanVersion.plan_id)
    .where(Plan.family_id == bindparam("family_id"))
    .order_by(PlanVersion.number.desc())
    .limit(1)
)


def _visible(db: Session, viewer: User, row: Row | None, day: date) -> MentorshipView:
    """The mentorship if `viewer` may see it, else 404: the rule of `services.get`."""
    if row is None:
        raise NotFound()
    mentorship = MentorshipRow(*row[: len(_MENTORSHIP_COLUMNS)])
    family = family_row(db, mentorship.family_id)
    youth = person_from(row, "youth_person")
    if family is None or not policy.can_view_mentorship(viewer, family, mentorship, youth, day):
        raise NotFound()
    values = row._mapping
    existing = {kind.value: values[f"{kind.value}_conversation"] for kind in _MADE_WHILE}
    conversation_ids = {kind: found for kind, found in existing.items() if found is not None}
    return MentorshipView(mentorship, family, youth, person_from(row, "mentor_person"), conversation_ids)


def visible_mentorship(db: Session, viewer: User, mentorship_id: int, day: date) -> MentorshipView:
    """The mentorship with its people and its conversations' ids, or 404 when it doesn't exist or the viewer may not
    see it (two statements: the mentorship, its family)."""
    row = db.connection().execute(_BY_ID, {"mentorship_id": mentorship_id}).first()
    return _visible(db, viewer, row, day)


def latest_of_youth(db: Session, youth: User, day: date) -> MentorshipView | None:
    """Her mentorship in progress, else her latest one, else None (the youth's own page)."""
    row = db.connection().execute(_LATEST_OF_YOUTH, {"youth_id": youth.id}).first()
    return _visible(db, youth, row, day) if row is not None else None


def is_open(mentorship: MentorshipRow) -> bool:
    return mentorship.status in OPEN_STATUSES


def history(db: Session, mentorship_id: int) -> list[EventRow]:
    return [EventRow(*row) for row in db.connection().execute(_HISTORY, {"mentorship_id": mentorship_id})]


def youth_family(db: Session, youth_id: int) -> YouthFamily | None:
    """The family in which this person is the youth (as `services.youth_family`), without its members."""
    row = db.connection().execute(_YOUTH_FAMILY, {"youth_id": youth_id}).first()
    return YouthFamily(*row) if row is not None else None


def _content_and_shared(db: Session, family_id: int, youth_id: int) -> tuple[dict | None, set[int]]:
    row = db.connection().execute(_CURRENT_CONTENT, {"family_id": family_id, "youth_id": youth_id}).first()
    if row is None:
        return None, set()
    return row.content, {int(goal_id) for goal_id in row.shared.split(",")} if row.shared else set()


def own_goals_in(content: dict, youth_id: int, shared: set[int]) -> list[tuple[dict, bool]]:
    """Her goals in a plan version's content, each with whether her mentor sees it."""
    return [(g, g["id"] in shared) for g in content["goals"] if g["about_user_id"] == youth_id]


def goals_shared_in(
    content: dict, shared: set[int], viewer: User, mentorship: MentorshipRow | Mentorship, youth_id: int
) -> list[dict]:
    """The youth's own goals in a plan version's content that she shares with her mentor, with their actions and
    progress (for the mentor: only those the rules let him see; for the youth and the regisseur: the same list)."""
    goals = []
    for goal in content["goals"]:
        if goal["about_user_id"] != youth_id or goal["id"] not in shared:
            continue
        if viewer.id == mentorship.mentor_id and not policy.can_see_goal_as_mentor(
            viewer, mentorship, goal["about_user_id"], True
        ):
            continue
        goal = dict(goal)
        goal["actions"] = [a for a in content["actions"] if a["goal_id"] == goal["id"]]
        goal["progress"] = progress(goal)
        goals.append(goal)
    return goals


def own_goals(db: Session, youth_id: int, family_id: int) -> list[tuple[dict, bool]]:
    """Her goals in the current plan version, each with whether her mentor sees it (one statement)."""
    content, shared = _content_and_shared(db, family_id, youth_id)
    return own_goals_in(content, youth_id, shared) if content is not None else []


def goals_for(db: Session, viewer: User, view: MentorshipView) -> list[dict]:
    """What `services.goals_for` gives, in one statement."""
    content, shared = _content_and_shared(db, view.family.id, view.youth.id)
    if content is None:
        return []
    return goals_shared_in(content, shared, viewer, view.mentorship, view.youth.id)


def conversations(viewer: User, view: MentorshipView) -> dict[str, int] | None:
    """The ids of the mentorship's conversations `viewer` may open, by kind, as `messages.for_mentorship` gives them
    (read with the mentorship: no statement); None when one that it makes on first use is still missing (then call
    it, and commit)."""
    found = {}
    for kind, made_while in _MADE_WHILE.items():
        if not policy.can_read_conversation(viewer, view.family, kind, None, view.mentorship):
            continue
        if kind.value in view.conversation_ids:
            found[kind.value] = view.conversation_ids[kind.value]
        elif view.mentorship.status in made_while:
            return None
    return found
