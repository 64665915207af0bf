"""The regisseur's side of the gezinsplan: editing the draft and publishing versions.

Only the family's regisseur gets here (policy.can_edit_plan); every change is logged as a professional's change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
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
    PlanText,
    PlanVersion,
    TextKind,
    User,
    ZrmDomain,
    ZrmScore,
)
from webapp.notify import outbox
from webapp.plans import snapshot
from webapp.plans.services import OBJECT_TYPE, PlanError, about_filter, current_version, goal_filter, plan_of
from webapp.plans.snapshot import FAMILY, About
from webapp.sharing.services import sharing_for


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
    db: Session,
    user: User,
    family_id: int,
    *,
    situation: str,
    agreements: str,
    next_evaluation: date | None,
    about_people: Mapping[int, tuple[str, str]] | None = None,
    earlier: tuple[str, str] | None = None,
) -> Plan:
    """The whole family's "how it is going now" and agreements, the next evaluation, and the same two texts per
    person (`about_people`: user id -> (situation, agreements)); `earlier` changes the texts from before parts said
    whom they are about (it can empty them, not add new ones). An empty text takes that part out."""
    family, plan = editable_plan(db, user, family_id)
    plan.situation, plan.agreements, plan.next_evaluation = situation.strip(), agreements.strip(), next_evaluation
    for person_id, person_texts in (about_people or {}).items():
        about = _member_or_none(family, person_id)
        for kind, text in zip(TextKind, person_texts, strict=True):
            _set_text(plan, kind, about, False, text)
    if earlier is not None:
        for kind, text in zip(TextKind, earlier, strict=True):
            if any(t.kind == kind and t.about_unknown for t in plan.texts):
                _set_text(plan, kind, None, True, text)
    _changed(db, user, family, plan)
    return plan


def _set_text(plan: Plan, kind: TextKind, about_user_id: int | None, unknown: bool, text: str) -> None:
    text = text.strip()
    row = next(
        (t for t in plan.texts if t.kind == kind and t.about_user_id == about_user_id and t.about_unknown == unknown),
        None,
    )
    if row is not None and not text:
        plan.texts.remove(row)
    elif row is not None:
        row.text = text
    elif text:
        plan.texts.append(
            PlanText(plan_id=plan.id, kind=kind, about_user_id=about_user_id, about_unknown=unknown, text=text)
        )


def texts_of(plan: Plan) -> dict[About, dict[str, str]]:
    """The draft's texts per whom they are about: {about: {"situation": ..., "agreements": ...}}."""
    result: dict[About, dict[str, str]] = {FAMILY: {"situation": plan.situation, "agreements": plan.agreements}}
    for row in plan.texts:
        about = snapshot.about_key(row.about_user_id, row.about_unknown)
        result.setdefault(about, {kind.value: "" for kind in TextKind})[row.kind] = row.text
    return result


@dataclass(frozen=True)
class Seers:
    """Who in the family will see a part, in the regisseur's editor ("wie ziet dit")."""

    names: list[str]  # family members with an account who will see it (the regisseur always does)
    deciding: str | None = None  # a youth of 16+ it is about: she decides whether her carers see it


class Audience:
    """Answers "wie ziet dit" for the draft's parts with today's rules and sharing choices (loaded once)."""

    def __init__(self, db: Session, family: Family) -> None:
        self.family = family
        ids = [m.user_id for m in family.members]
        self.sharing = sharing_for(db, ids)
        # The rules look at people's roles: load them for the whole family at once, not one query per person.
        db.exec(select(User).where(User.id.in_(ids)).options(selectinload(User.roles))).all()
        self.readers = [m.user for m in family.members if m.user.has_login]
        self._filters = {reader.id: about_filter(reader, family, self.sharing, today()) for reader in self.readers}
        self._goal_filters = {reader.id: goal_filter(reader, family, self.sharing, today()) for reader in self.readers}

    def _deciding(self, about_user_id: int | None) -> str | None:
        person = self.family.member_for(about_user_id) if about_user_id is not None else None
        if person is not None and policy.decides_own_sharing(person.user, today()):
            return person.user.first_name
        return None

    def about(self, about: About) -> Seers:
        """A part about the whole family (FAMILY), nobody knows whom (UNKNOWN) or one person (a user id)."""
        names = [reader.name for reader in self.readers if self._filters[reader.id](about)]
        return Seers(names, self._deciding(about) if isinstance(about, int) else None)

    def of_row(self, about_user_id: int | None, unknown: bool = False) -> Seers:
        return self.about(snapshot.about_key(about_user_id, unknown))

    def goal(self, goal: Goal) -> Seers:
        """A goal follows the youth's choice for that goal, if she made one (the plan page's own `goal_filter`)."""
        part = {"id": goal.id, "about_user_id": goal.about_user_id}
        names = [reader.name for reader in self.readers if self._goal_filters[reader.id](part)]
        return Seers(names, self._deciding(goal.about_user_id))


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
    db: Session,
    user: User,
    family_id: int,
    *,
    name: str,
    role: str,
    organisation: str,
    contact: str,
    about_user_id: int | None = None,
) -> Involved:
    """Someone who helps the whole family (`about_user_id` None) or one person of it."""
    family, plan = editable_plan(db, user, family_id)
    involved = Involved(
        plan_id=plan.id,
        name=name.strip(),
        role=role.strip(),
        organisation=organisation.strip(),
        contact=contact.strip(),
        about_user_id=_member_or_none(family, about_user_id),
    )
    plan.involved.append(involved)
    _changed(db, user, family, plan)
    return involved


def set_involved_about(db: Session, user: User, family_id: int, involved_id: int, about_user_id: int | None) -> None:
    """Say whom someone involved helps (also settles one added before parts said so)."""
    family, plan = editable_plan(db, user, family_id)
    involved = next((i for i in plan.involved if i.id == involved_id), None)
    if involved is None:
        raise NotFound()
    involved.about_user_id, involved.about_unknown = _member_or_none(family, about_user_id), False
    _changed(db, user, family, plan)


def remove_involved(db: Session, user: User, family_id: int, involved_id: int) -> None:
    family, plan = editable_plan(db, user, family_id)
    involved = next((i for i in plan.involved if i.id == involved_id), None)
    if involved is None:
        raise NotFound()
    plan.involved.remove(involved)
    _changed(db, user, family, plan)


def record_zrm(
    db: Session,
    user: User,
    family_id: int,
    scores: dict[ZrmDomain, int],
    assessed_on: date,
    about_user_id: int | None = None,
) -> None:
    """A new ZRM assessment of the whole family (`about_user_id` None) or of one person: adds rows, so earlier scores
    stay in the history."""
    family, plan = editable_plan(db, user, family_id)
    if assessed_on > today():
        raise PlanError(_("De datum van de ZRM-meting kan niet in de toekomst liggen."))
    about = _member_or_none(family, about_user_id)
    for domain, score in scores.items():
        db.add(
            ZrmScore(
                plan_id=plan.id,
                domain=domain,
                score=score,
                assessed_on=assessed_on,
                assessed_by_id=user.id,
                about_user_id=about,
            )
        )
    _changed(db, user, family, plan)


def settle_earlier_zrm(db: Session, user: User, family_id: int, about_user_id: int | None) -> int:
    """Say whom the ZRM scores from before parts said so are about (all of them: one family, one plan)."""
    family, plan = editable_plan(db, user, family_id)
    about = _member_or_none(family, about_user_id)
    earlier = [score for score in zrm_history(db, plan) if score.about_unknown]
    for score in earlier:
        score.about_user_id, score.about_unknown = about, False
    _changed(db, user, family, plan)
    return len(earlier)


def publish(
    db: Session, user: User, family_id: int, summary: str, summary_about_user_id: int | None = None
) -> PlanVersion:
    """Freeze the draft as the next version; family members see it (each the parts the rules allow) and answer it.
    The summary is about the whole family (`summary_about_user_id` None) or one person, like every other part."""
    family, plan = editable_plan(db, user, family_id)
    summary = summary.strip()
    if not summary:
        raise PlanError(_("Schrijf in een paar woorden wat er veranderd is."))
    summary_about = _member_or_none(family, summary_about_user_id)
    latest = current_version(db, plan)
    people = {m.user_id: m.user for m in family.members}
    content = snapshot.take(plan, zrm_history(db, plan), people)
    if latest is not None and latest.content == content:
        raise PlanError(_("Er is niets veranderd sinds de vorige versie."))
    version = PlanVersion(
        plan_id=plan.id,
        number=(latest.number + 1) if latest else 1,
        summary=summary,
        summary_about_user_id=summary_about,
        content=content,
        published_by_id=user.id,
    )
    db.add(version)
    _changed(db, user, family, plan)
    members = [m.user_id for m in family.members if m.user.has_login]
    outbox.enqueue(db, members, "plan", f"/gezinnen/{family.id}/plan", f"plan-{family.id}")
    return version


def pending_changes(db: Session, user: User, family_id: int) -> list[snapshot.Change]:
    """What publishing the draft now would change, compared with the published version: the same list the family
    sees on "Wat is er veranderd?" (each member only the parts the rules allow), so the regisseur writes the summary
    seeing it. Nothing is written."""
    family, plan = editable_plan(db, user, family_id)
    latest = current_version(db, plan)
    people = {m.user_id: m.user for m in family.members}
    draft = snapshot.take(plan, zrm_history(db, plan), people)
    return snapshot.compare(latest.content if latest else None, draft)


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
