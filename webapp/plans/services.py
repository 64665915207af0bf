"""Gezinsplan use-cases: the family's view of the current version, answers, and the regisseur's draft and publishing.

Every function takes the acting user and checks access through webapp/auth/policy.py; what a user may not see
answers 404. Professionals' reads and changes are written to the access log. Every part of a version (goals, the
situation text, ZRM, summary, involved people, agreements, what changed) is shown only to those the rules allow for
whom it is about (`about_filter`): the filtering is plain Python on the snapshot, no query per part.
"""

from __future__ import annotations

from collections.abc import Callable
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
from webapp.plans.snapshot import FAMILY, UNKNOWN, About, about_of
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
    summary: str | None = None  # None when the summary is about someone the viewer may not see
    situation: list[dict] = field(default_factory=list)  # the visible parts, each {"about_name", "text"}
    agreements: list[dict] = field(default_factory=list)
    involved: list[dict] = field(default_factory=list)
    zrm_groups: list[dict] = field(default_factory=list)  # per assessment {"about": , "about_name": , "rows": [...]}
    my_response: PlanResponse | None = None
    sharing: dict[int, YouthSharing] = field(default_factory=dict)  # the family's youth's sharing choices
    regisseur: User | None = None  # with `organisation`: the contact card and "Wie helpen er mee?"
    # What the filters let through, for the key of the cached version body (webapp/plans/body_cache.py).
    visible_goal_ids: tuple[int, ...] = ()
    visible_abouts: frozenset[About] = frozenset()


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


def about_filter(viewer: User, family: Family, sharing: dict[int, YouthSharing], day: date) -> Callable[[About], bool]:
    """A predicate: may the viewer see a part about this person (a user id), the whole family or UNKNOWN?

    Decided once per "about" (a family has a handful of people), so a page with many parts asks the rules a few
    times, without a database query.
    """
    people = {m.user_id: m.user for m in family.members}
    decided: dict[About, bool] = {}

    def decide(about: About) -> bool:
        if about == FAMILY:
            return policy.can_see_plan_part(viewer, family, None, day, True)
        if about == UNKNOWN:
            return policy.can_see_part_about_anyone(viewer, family, day, sharing)
        person = people.get(about)
        if person is None:
            return policy.is_regisseur_of(viewer, family)  # about someone no longer in the family
        shared = sharing.get(person.id, YouthSharing()).goal_with_family(None)
        return policy.can_see_plan_part(viewer, family, person, day, shared)

    def visible(about: About) -> bool:
        if about not in decided:
            decided[about] = decide(about)
        return decided[about]

    return visible


def summary_about(version: PlanVersion) -> About:
    return snapshot.about_key(version.summary_about_user_id, version.summary_about_unknown)


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
    result = VisiblePlan(
        family=family, plan=plan, version=version, sharing=_youth_sharing(db, family), regisseur=family.regisseur
    )
    audit.record(db, viewer, AuditAction.READ, family, OBJECT_TYPE, plan.id)
    if db.new or db.dirty:
        db.commit()
    if version is None:
        return result
    show_visible_parts(result, viewer, today())
    result.my_response = db.exec(
        select(PlanResponse).where(PlanResponse.version_id == version.id, PlanResponse.user_id == viewer.id)
    ).first()
    return result


def show_visible_parts(result: VisiblePlan, viewer: User, day: date) -> None:
    """Fill `result` with the parts of its version the viewer may see (plain Python on the snapshot, no query).

    Shared by this module's ORM read and the plan page's plain read (webapp/plans/reads.py), so both decide alike.
    """
    version, family = result.version, result.family
    content = version.content
    visible = goal_filter(viewer, family, result.sharing, day)
    decides = about_filter(viewer, family, result.sharing, day)
    decided: dict[About, bool] = {}

    def may_see(about: About) -> bool:
        decided[about] = answer = decides(about)
        return answer

    result.summary = version.summary if may_see(summary_about(version)) else None
    result.situation = [p for p in snapshot.texts(content, "situation") if may_see(about_of(p))]
    result.agreements = [p for p in snapshot.texts(content, "agreements") if may_see(about_of(p))]
    result.involved = [p for p in content["involved"] if may_see(about_of(p))]
    result.zrm_groups = _zrm_groups([z for z in content["zrm"] if may_see(about_of(z))])
    goals = [dict(g) for g in content["goals"] if visible(g)]
    result.hidden_goals = len(content["goals"]) - len(goals)
    for goal in goals:
        goal["actions"] = [a for a in content["actions"] if a["goal_id"] == goal["id"]]
        goal["progress"] = progress(goal)
    result.goals = goals
    result.family_actions = [a for a in content["actions"] if a["goal_id"] is None]
    result.content = content
    result.visible_goal_ids = tuple(goal["id"] for goal in goals)
    result.visible_abouts = frozenset(about for about, seen in decided.items() if seen)


def _zrm_groups(rows: list[dict]) -> list[dict]:
    """ZRM rows (in snapshot order) grouped per whom the assessment is about, one chart each."""
    groups: dict[About, dict] = {}
    for row in rows:
        about = about_of(row)
        group = groups.setdefault(about, {"about": about, "about_name": row.get("about_name"), "rows": []})
        group["rows"].append(row)
    return list(groups.values())


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
    may_see = about_filter(viewer, shown.family, shown.sharing, today())
    allowed = {g["id"] for g in shown.version.content["goals"] if visible(g)}
    if previous:
        allowed |= {g["id"] for g in previous["goals"] if visible(g)}
    changes = [
        c
        for c in snapshot.compare(previous, shown.version.content)
        if (c.goal_id is None or c.goal_id in allowed) and (c.about is None or may_see(c.about))
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
