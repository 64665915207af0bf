"""Gezinsplan use-cases: the family's view of the current version, answers, and the regisseur's draft and publishing.

Every function takes the acting user and checks access through webapp/auth/policy.py; what a user may not see
answers 404. Professionals' reads and changes are written to the access log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.auth.policy import YouthSharing
from webapp.clock import today, utcnow
from webapp.families.services import get_family
from webapp.models import (
    AuditAction,
    Family,
    GoalStatus,
    Plan,
    PlanResponse,
    PlanVersion,
    User,
)
from webapp.plans import snapshot
from webapp.sharing.services import sharing_for

OBJECT_TYPE = "gezinsplan"


class PlanError(ValueError):
    """A problem the user can fix; the message is translated."""


# --- reading ---------------------------------------------------------------------------------------------------


@dataclass
class VisiblePlan:
    """One version of the plan as one viewer may see it."""

    family: Family
    plan: Plan
    version: PlanVersion | None
    goals: list[dict] = field(default_factory=list)  # each with its "actions" and "progress"
    family_actions: list[dict] = field(default_factory=list)  # actions not tied to a goal
    content: dict = field(default_factory=dict)
    hidden_goals: int = 0
    my_response: PlanResponse | None = None
    sharing: dict[int, YouthSharing] = field(default_factory=dict)  # the family's youth's sharing choices


def plan_of(db: Session, family: Family) -> Plan:
    """The family's plan, created on first use (one family, one plan)."""
    plan = db.exec(select(Plan).where(Plan.family_id == family.id)).first()
    if plan is None:
        plan = Plan(family_id=family.id)
        db.add(plan)
        db.flush()
    return plan


def current_version(db: Session, plan: Plan) -> PlanVersion | None:
    return db.exec(
        select(PlanVersion).where(PlanVersion.plan_id == plan.id).order_by(PlanVersion.number.desc()).limit(1)
    ).first()


def _version(db: Session, plan: Plan, number: int) -> PlanVersion:
    version = db.exec(select(PlanVersion).where(PlanVersion.plan_id == plan.id, PlanVersion.number == number)).first()
    if version is None:
        raise NotFound()
    return version


def _youth_sharing(db: Session, family: Family) -> dict[int, YouthSharing]:
    return sharing_for(db, [m.user_id for m in family.members])


def goal_filter(viewer: User, family: Family, sharing: dict[int, YouthSharing], day: date):
    """A predicate: may the viewer see this snapshot goal?"""
    people = {m.user_id: m.user for m in family.members}

    def visible(goal: dict) -> bool:
        about = people.get(goal["about_user_id"]) if goal["about_user_id"] else None
        if goal["about_user_id"] and about is None:
            return policy.is_regisseur_of(viewer, family)  # about someone no longer in the family
        youth_sharing = sharing.get(goal["about_user_id"], YouthSharing())
        return policy.can_see_goal(viewer, family, about, goal["id"], day, youth_sharing)

    return visible


def _family_of_plan(db: Session, viewer: User, family_id: int) -> Family:
    """The family, or 404; a professional's refused attempt is logged for the family to see."""
    try:
        return get_family(db, viewer, family_id)
    except NotFound:
        family = db.get(Family, family_id)
        if family is not None and viewer.is_professional:
            audit.record(db, viewer, AuditAction.READ, family, OBJECT_TYPE, outcome="denied")
            db.commit()
        raise


def view_plan(db: Session, viewer: User, family_id: int, *, number: int | None = None) -> VisiblePlan:
    """The current (or a given) version as `viewer` may see it. Logs a professional's read."""
    family = _family_of_plan(db, viewer, family_id)
    plan = plan_of(db, family)
    version = _version(db, plan, number) if number is not None else current_version(db, plan)
    result = VisiblePlan(family=family, plan=plan, version=version, sharing=_youth_sharing(db, family))
    audit.record(db, viewer, AuditAction.READ, family, OBJECT_TYPE, plan.id)
    if db.new or db.dirty:
        db.commit()
    if version is None:
        return result
    content = version.content
    visible = goal_filter(viewer, family, result.sharing, today())
    goals = [dict(g) for g in content["goals"] if visible(g)]
    result.hidden_goals = len(content["goals"]) - len(goals)
    for goal in goals:
        goal["actions"] = [a for a in content["actions"] if a["goal_id"] == goal["id"]]
        goal["progress"] = progress(goal)
    result.goals = goals
    result.family_actions = [a for a in content["actions"] if a["goal_id"] is None]
    result.content = content
    result.my_response = db.exec(
        select(PlanResponse).where(PlanResponse.version_id == version.id, PlanResponse.user_id == viewer.id)
    ).first()
    return result


def progress(goal: dict) -> int:
    """Percent done: reached goals are 100; otherwise the share of its actions that are done."""
    if goal["status"] == GoalStatus.REACHED:
        return 100
    actions = goal.get("actions") or []
    if not actions:
        return 50 if goal["status"] == GoalStatus.BUSY else 0
    return round(100 * sum(a["done"] for a in actions) / len(actions))


def changes_in(db: Session, viewer: User, family_id: int, number: int) -> tuple[VisiblePlan, list[snapshot.Change]]:
    """What changed in version `number` compared with the one before, limited to what the viewer may see."""
    shown = view_plan(db, viewer, family_id, number=number)
    previous = None
    if number > 1:
        previous = _version(db, shown.plan, number - 1).content
    visible = goal_filter(viewer, shown.family, shown.sharing, today())
    allowed = {g["id"] for g in shown.version.content["goals"] if visible(g)}
    if previous:
        allowed |= {g["id"] for g in previous["goals"] if visible(g)}
    changes = [
        c for c in snapshot.compare(previous, shown.version.content) if c.goal_id is None or c.goal_id in allowed
    ]
    return shown, changes


def answer(db: Session, user: User, family_id: int, number: int, *, agrees: bool, comment: str) -> PlanResponse:
    """Akkoord or niet akkoord on a version; answering again replaces the earlier answer."""
    family = get_family(db, user, family_id)
    if not policy.can_answer_plan(user, family):
        raise NotFound()
    version = _version(db, plan_of(db, family), number)
    comment = comment.strip()
    if not agrees and not comment:
        raise PlanError(
            _("Schrijf er kort bij waar je het niet mee eens bent. Dan weet je regisseur wat er anders moet.")
        )
    response = db.exec(
        select(PlanResponse).where(PlanResponse.version_id == version.id, PlanResponse.user_id == user.id)
    ).first() or PlanResponse(version_id=version.id, user_id=user.id, agrees=agrees)
    response.agrees, response.comment, response.answered_at, response.handled_at = agrees, comment, utcnow(), None
    db.add(response)
    return response
