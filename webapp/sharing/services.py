"""Reading and changing a youth's sharing choices. The rules that use them live in webapp/auth/policy.py."""

from __future__ import annotations

from sqlmodel import Session, select

from webapp.auth import policy
from webapp.auth.policy import YouthSharing
from webapp.clock import today, utcnow
from webapp.models import Goal, GoalSharing, SharingChoice, User


def sharing_for(db: Session, youth_ids: list[int]) -> dict[int, YouthSharing]:
    """The sharing choices of these people (two queries whatever their number)."""
    if not youth_ids:
        return {}
    choices = {c.youth_id: c for c in db.exec(select(SharingChoice).where(SharingChoice.youth_id.in_(youth_ids)))}
    overrides: dict[int, dict[int, bool]] = {}
    for row in db.exec(select(GoalSharing).where(GoalSharing.youth_id.in_(youth_ids))):
        if row.with_family is not None:
            overrides.setdefault(row.youth_id, {})[row.goal_id] = row.with_family
    result = {}
    for youth_id in youth_ids:
        choice = choices.get(youth_id)
        result[youth_id] = YouthSharing(
            goals_with_family=choice.share_goals_with_family if choice else None,
            toekomstplan_with_family=choice.share_toekomstplan_with_family if choice else None,
            goal_overrides=overrides.get(youth_id, {}),
        )
    return result


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
