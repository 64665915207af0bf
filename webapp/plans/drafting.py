"""The regisseur's side of the gezinsplan: editing the draft and publishing versions.

Only the family's regisseur gets here (policy.can_edit_plan); every change is logged as a professional's change.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.clock import today, utcnow
from webapp.families.services import get_family
from webapp.models import (
    Action,
    AuditAction,
    Family,
    Goal,
    GoalNote,
    GoalStatus,
    Involved,
    Plan,
    PlanResponse,
    PlanVersion,
    User,
    ZrmDomain,
    ZrmScore,
)
from webapp.notify import outbox
from webapp.plans import snapshot
from webapp.plans.services import OBJECT_TYPE, PlanError, current_version, plan_of


def editable_plan(db: Session, user: User, family_id: int, *, log_read: bool = False) -> tuple[Family, Plan]:
    family = get_family(db, user, family_id)
    if not policy.can_edit_plan(user, family):
        raise NotFound()
    plan = plan_of(db, family)
    if log_read:
        audit.record(db, user, AuditAction.READ, family, OBJECT_TYPE, plan.id)
    return family, plan


def _changed(db: Session, user: User, family: Family, plan: Plan) -> None:
    plan.updated_at = utcnow()
    audit.record(db, user, AuditAction.CHANGE, family, OBJECT_TYPE, plan.id)


def zrm_history(db: Session, plan: Plan) -> list[ZrmScore]:
    return list(
        db.exec(select(ZrmScore).where(ZrmScore.plan_id == plan.id).order_by(ZrmScore.assessed_on, ZrmScore.id))
    )


def goal_of(plan: Plan, goal_id: int) -> Goal:
    goal = next((g for g in plan.goals if g.id == goal_id), None)
    if goal is None:
        raise NotFound()
    return goal


def _member_or_none(family: Family, user_id: int | None) -> int | None:
    if user_id is None:
        return None
    if family.member_for(user_id) is None:
        raise PlanError(_("Kies iemand uit het gezin, of het hele gezin."))
    return user_id


def update_basics(
    db: Session, user: User, family_id: int, *, situation: str, agreements: str, next_evaluation: date | None
) -> Plan:
    family, plan = editable_plan(db, user, family_id)
    plan.situation, plan.agreements, plan.next_evaluation = situation.strip(), agreements.strip(), next_evaluation
    _changed(db, user, family, plan)
    return plan


def save_goal(
    db: Session,
    user: User,
    family_id: int,
    goal_id: int | None,
    *,
    title: str,
    about_user_id: int | None,
    status: GoalStatus,
    target_date: date | None,
) -> Goal:
    """Add a goal (goal_id None) or change one."""
    family, plan = editable_plan(db, user, family_id)
    goal = goal_of(plan, goal_id) if goal_id else Goal(plan_id=plan.id, position=len(plan.goals))
    goal.title, goal.status, goal.target_date = title.strip(), status, target_date
    goal.about_user_id = _member_or_none(family, about_user_id)
    if goal_id is None:
        plan.goals.append(goal)
    _changed(db, user, family, plan)
    db.flush()
    return goal


def add_note(db: Session, user: User, family_id: int, goal_id: int, text: str) -> GoalNote:
    family, plan = editable_plan(db, user, family_id)
    goal = goal_of(plan, goal_id)
    note = GoalNote(goal_id=goal.id, text=text.strip(), author_id=user.id)
    goal.notes.append(note)
    _changed(db, user, family, plan)
    return note


def add_action(
    db: Session, user: User, family_id: int, *, what: str, who: str, due_date: date | None, goal_id: int | None
) -> Action:
    family, plan = editable_plan(db, user, family_id)
    if goal_id is not None:
        goal_of(plan, goal_id)
    action = Action(plan_id=plan.id, goal_id=goal_id, what=what.strip(), who=who.strip(), due_date=due_date)
    plan.actions.append(action)
    _changed(db, user, family, plan)
    return action


def action_of(plan: Plan, action_id: int) -> Action:
    action = next((a for a in plan.actions if a.id == action_id), None)
    if action is None:
        raise NotFound()
    return action


def set_action_done(db: Session, user: User, family_id: int, action_id: int, done: bool) -> Action:
    family, plan = editable_plan(db, user, family_id)
    action = action_of(plan, action_id)
    action.done = done
    _changed(db, user, family, plan)
    return action


def update_action(
    db: Session,
    user: User,
    family_id: int,
    action_id: int,
    *,
    what: str,
    who: str,
    due_date: date | None,
    goal_id: int | None,
) -> Action:
    family, plan = editable_plan(db, user, family_id)
    action = action_of(plan, action_id)
    if goal_id is not None:
        goal_of(plan, goal_id)
    action.what, action.who, action.due_date, action.goal_id = what.strip(), who.strip(), due_date, goal_id
    _changed(db, user, family, plan)
    return action


def add_involved(
    db: Session, user: User, family_id: int, *, name: str, role: str, organisation: str, contact: str
) -> Involved:
    family, plan = editable_plan(db, user, family_id)
    involved = Involved(
        plan_id=plan.id,
        name=name.strip(),
        role=role.strip(),
        organisation=organisation.strip(),
        contact=contact.strip(),
    )
    plan.involved.append(involved)
    _changed(db, user, family, plan)
    return involved


def remove_involved(db: Session, user: User, family_id: int, involved_id: int) -> None:
    family, plan = editable_plan(db, user, family_id)
    involved = next((i for i in plan.involved if i.id == involved_id), None)
    if involved is None:
        raise NotFound()
    plan.involved.remove(involved)
    _changed(db, user, family, plan)


def record_zrm(db: Session, user: User, family_id: int, scores: dict[ZrmDomain, int], assessed_on: date) -> None:
    """A new ZRM assessment: adds rows, so earlier scores stay in the history."""
    family, plan = editable_plan(db, user, family_id)
    if assessed_on > today():
        raise PlanError(_("De datum van de ZRM-meting kan niet in de toekomst liggen."))
    for domain, score in scores.items():
        db.add(ZrmScore(plan_id=plan.id, domain=domain, score=score, assessed_on=assessed_on, assessed_by_id=user.id))
    _changed(db, user, family, plan)


def publish(db: Session, user: User, family_id: int, summary: str) -> PlanVersion:
    """Freeze the draft as the next version; family members see it and can answer it."""
    family, plan = editable_plan(db, user, family_id)
    summary = summary.strip()
    if not summary:
        raise PlanError(_("Schrijf in een paar woorden wat er veranderd is."))
    latest = current_version(db, plan)
    people = {m.user_id: m.user for m in family.members}
    content = snapshot.take(plan, zrm_history(db, plan), people)
    if latest is not None and latest.content == content:
        raise PlanError(_("Er is niets veranderd sinds de vorige versie."))
    version = PlanVersion(
        plan_id=plan.id,
        number=(latest.number + 1) if latest else 1,
        summary=summary,
        content=content,
        published_by_id=user.id,
    )
    db.add(version)
    _changed(db, user, family, plan)
    members = [m.user_id for m in family.members if m.user.has_login]
    outbox.enqueue(db, members, "plan", f"/gezinnen/{family.id}/plan", f"plan-{family.id}")
    return version


def disagreements(db: Session, user: User, family_id: int) -> list[tuple[PlanResponse, PlanVersion, User]]:
    """Answers "niet akkoord" the regisseur has not followed up yet, newest first."""
    _family, plan = editable_plan(db, user, family_id)
    rows = db.exec(
        select(PlanResponse, PlanVersion, User)
        .join(PlanVersion, PlanVersion.id == PlanResponse.version_id)
        .join(User, User.id == PlanResponse.user_id)
        .where(PlanVersion.plan_id == plan.id, PlanResponse.agrees.is_(False), PlanResponse.handled_at.is_(None))
        .order_by(PlanResponse.answered_at.desc())
    )
    return list(rows.unique())


def responses_to(db: Session, version: PlanVersion) -> list[tuple[PlanResponse, User]]:
    rows = db.exec(
        select(PlanResponse, User)
        .join(User, User.id == PlanResponse.user_id)
        .where(PlanResponse.version_id == version.id)
    )
    return list(rows.unique())


def mark_handled(db: Session, user: User, family_id: int, response_id: int) -> None:
    family, plan = editable_plan(db, user, family_id)
    response = db.get(PlanResponse, response_id)
    version = db.get(PlanVersion, response.version_id) if response else None
    if response is None or version is None or version.plan_id != plan.id:
        raise NotFound()
    response.handled_at = utcnow()
    _changed(db, user, family, plan)
