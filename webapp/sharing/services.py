"""Reading and changing a youth's sharing choices. The rules that use them live in webapp/auth/policy.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    bindparam,
    cast,
    literal,
    null,
    union_all,
)
from sqlalchemy import select as core_select
from sqlmodel import Session, select

from webapp.auth import policy
from webapp.auth.policy import YouthSharing
from webapp.clock import today, utcnow
from webapp.models import Family, FamilyMember, Goal, GoalSharing, SharingChoice, User
from webapp.sql_once import built_once

if TYPE_CHECKING:
    from webapp.families.reads import FamilyRow


_choice, _goal, _member = SharingChoice.__table__.c, GoalSharing.__table__.c, FamilyMember.__table__.c


def _choices_of(youths: ColumnElement | Select) -> CompoundSelect:
    """A youth's general choice ("c") and her choices per goal ("g") in one statement (the plan page is hot)."""
    return union_all(
        core_select(
            literal("c").label("kind"),
            _choice.youth_id,
            cast(null(), Integer).label("goal_id"),
            _choice.share_goals_with_family.label("goals"),
            _choice.share_toekomstplan_with_family.label("toekomstplan"),
        ).where(_choice.youth_id.in_(youths)),
        core_select(literal("g"), _goal.youth_id, _goal.goal_id, _goal.with_family, cast(null(), Boolean)).where(
            _goal.youth_id.in_(youths), _goal.with_family.is_not(None)
        ),
    )


_OF_PEOPLE = built_once(_choices_of(bindparam("youths", expanding=True)))
_IN_FAMILY = built_once(_choices_of(core_select(_member.user_id).where(_member.family_id == bindparam("family_id"))))


def _collect(youth_ids: list[int], rows) -> dict[int, YouthSharing]:
    choices: dict[int, tuple[bool, bool]] = {}
    overrides: dict[int, dict[int, bool]] = {}
    for kind, youth_id, goal_id, goals, toekomstplan in rows:
        if kind == "c":
            choices[youth_id] = (bool(goals), bool(toekomstplan))
        else:
            overrides.setdefault(youth_id, {})[goal_id] = bool(goals)
    result = {}
    for youth_id in youth_ids:
        goals, toekomstplan = choices.get(youth_id, (None, None))
        result[youth_id] = YouthSharing(
            goals_with_family=goals, toekomstplan_with_family=toekomstplan, goal_overrides=overrides.get(youth_id, {})
        )
    return result


def sharing_for(db: Session, youth_ids: list[int]) -> dict[int, YouthSharing]:
    """The sharing choices of these people (one statement built once whatever their number; the session's pending
    changes are flushed first, as an ORM query would)."""
    if not youth_ids:
        return {}
    return _collect(youth_ids, db.execute(_OF_PEOPLE, {"youths": list(youth_ids)}))


def sharing_in_family(db: Session, family: Family | FamilyRow) -> dict[int, YouthSharing]:
    """`sharing_for` the family's members, selected by the family in the statement (no list of ids to expand)."""
    if not family.members:
        return {}
    return _collect([m.user_id for m in family.members], db.execute(_IN_FAMILY, {"family_id": family.id}))


def choice_of(db: Session, youth: User) -> SharingChoice | None:
    return db.exec(select(SharingChoice).where(SharingChoice.youth_id == youth.id)).first()


def must_ask(db: Session, youth: User) -> bool:
    """A youth of 16+ who has not said yet what she shares is asked first (until then nothing is shared)."""
    return policy.decides_own_sharing(youth, today()) and must_choose(youth, sharing_for(db, [youth.id]))


def must_choose(youth: User, sharing: dict[int, YouthSharing]) -> bool:
    """Like `must_ask`, from sharing choices already loaded (saves a query on busy pages)."""
    return (
        policy.decides_own_sharing(youth, today()) and sharing.get(youth.id, YouthSharing()).goals_with_family is None
    )


def set_choice(db: Session, youth: User, *, goals: bool, toekomstplan: bool) -> SharingChoice:
    choice = choice_of(db, youth) or SharingChoice(youth_id=youth.id)
    choice.share_goals_with_family = goals
    choice.share_toekomstplan_with_family = toekomstplan
    choice.answered_at = utcnow()
    db.add(choice)
    return choice


def own_goals(db: Session, youth: User) -> list[Goal]:
    """The goals (in the draft and so in coming versions) that are about this youth."""
    return list(db.exec(select(Goal).where(Goal.about_user_id == youth.id).order_by(Goal.id)))


def goal_overrides(db: Session, youth: User) -> dict[int, bool | None]:
    return {
        row.goal_id: row.with_family for row in db.exec(select(GoalSharing).where(GoalSharing.youth_id == youth.id))
    }


def set_goal_sharing(
    db: Session,
    youth: User,
    goal_id: int,
    *,
    with_family: bool | None = None,
    clear_family: bool = False,
    with_mentor: bool | None = None,
) -> GoalSharing:
    """Per-goal exception (`clear_family`: follow the general choice again). The caller checks the goal is hers."""
    row = db.exec(select(GoalSharing).where(GoalSharing.goal_id == goal_id, GoalSharing.youth_id == youth.id)).first()
    row = row or GoalSharing(goal_id=goal_id, youth_id=youth.id)
    if with_family is not None or clear_family:
        row.with_family = with_family
    if with_mentor is not None:
        row.with_mentor = with_mentor
    db.add(row)
    return row
