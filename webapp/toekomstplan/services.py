"""Toekomstplan use-cases: the youth writes what she wants and ticks her checklist; her regisseur sees progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.auth.policy import YouthSharing
from webapp.clock import age_on, today, utcnow
from webapp.families.services import families_for
from webapp.models import (
    AuditAction,
    ChecklistTick,
    Family,
    FutureDomain,
    FutureDomainEntry,
    FutureStep,
    Relation,
    Toekomstplan,
    User,
)
from webapp.sharing.services import sharing_for
from webapp.toekomstplan.checklist import BY_KEY, ITEMS, ChecklistItem, due_date, eighteenth_birthday

OBJECT_TYPE = "toekomstplan"
# The toekomstplan is for young people from 16 to 27; from 17 it is shown prominently.
MIN_AGE, PROMINENT_AGE, MAX_AGE = 16, 17, 27


class FutureError(ValueError):
    """A problem the user can fix; the message is translated."""


@dataclass
class ChecklistRow:
    item: ChecklistItem
    due: date
    done: bool
    overdue: bool


@dataclass
class FutureView:
    youth: User
    family: Family
    plan: Toekomstplan
    entries: dict[str, FutureDomainEntry]
    checklist: list[ChecklistRow]
    birthday_18: date
    days_to_18: int
    can_edit_own: bool
    can_edit_all: bool

    @property
    def done_count(self) -> int:
        return sum(row.done for row in self.checklist)


def has_toekomstplan_age(person: User, day: date) -> bool:
    return person.birth_date is not None and MIN_AGE <= age_on(person.birth_date, day) <= MAX_AGE


def _family_of_youth(db: Session, viewer: User, youth: User) -> Family:
    """The family in which `youth` is a jongere and `viewer` may look (404 otherwise)."""
    for family in families_for(db, viewer):
        member = family.member_for(youth.id)
        if member is not None and member.relation == Relation.JONGERE:
            return family
    raise NotFound()


def _load(db: Session, viewer: User, youth_id: int) -> tuple[User, Family]:
    youth = db.get(User, youth_id)
    if youth is None or not has_toekomstplan_age(youth, today()):
        raise NotFound()
    family = _family_of_youth(db, viewer, youth)
    sharing = sharing_for(db, [youth.id])[youth.id]
    if not policy.can_see_toekomstplan(viewer, family, youth, today(), sharing):
        raise NotFound()
    return youth, family


def _plan_for(db: Session, youth: User, family: Family) -> Toekomstplan:
    plan = db.exec(select(Toekomstplan).where(Toekomstplan.youth_id == youth.id)).first()
    if plan is None:
        plan = Toekomstplan(youth_id=youth.id, family_id=family.id)
        db.add(plan)
        db.flush()
    return plan


def view(db: Session, viewer: User, youth_id: int, *, record_read: bool = True) -> FutureView:
    """The toekomstplan as this viewer may see it. `record_read=False` when a refused form is drawn again: then
    nothing is written (not even a first empty toekomstplan; the request's session is rolled back)."""
    youth, family = _load(db, viewer, youth_id)
    plan = _plan_for(db, youth, family)
    if record_read:
        audit.record(db, viewer, AuditAction.READ, family, OBJECT_TYPE, plan.id, subject_id=youth.id)
        if db.new or db.dirty:
            db.commit()
    ticked = {tick.item for tick in plan.checklist}
    day = today()
    rows = []
    for item in ITEMS:
        due = due_date(item, youth.birth_date)
        rows.append(ChecklistRow(item, due, item.key in ticked, item.key not in ticked and due < day))
    rows.sort(key=lambda row: (row.done, row.due))
    birthday = eighteenth_birthday(youth.birth_date)
    return FutureView(
        youth=youth,
        family=family,
        plan=plan,
        entries={entry.domain: entry for entry in plan.domains},
        checklist=rows,
        birthday_18=birthday,
        days_to_18=(birthday - day).days,
        can_edit_own=policy.can_edit_own_future(viewer, youth),
        can_edit_all=policy.can_edit_plan(viewer, family),
    )


def _editable(db: Session, viewer: User, youth_id: int, *, own_part: bool) -> tuple[User, Family, Toekomstplan]:
    """The youth edits her own part; the regisseur edits everything."""
    youth, family = _load(db, viewer, youth_id)
    allowed = policy.can_edit_plan(viewer, family) or (own_part and policy.can_edit_own_future(viewer, youth))
    if not allowed:
        raise NotFound()
    plan = _plan_for(db, youth, family)
    audit.record(db, viewer, AuditAction.CHANGE, family, OBJECT_TYPE, plan.id, subject_id=youth.id)
    return youth, family, plan


def set_checklist_item(db: Session, viewer: User, youth_id: int, key: str, done: bool) -> bool:
    if key not in BY_KEY:
        raise NotFound()
    _youth, _family, plan = _editable(db, viewer, youth_id, own_part=True)
    tick = next((t for t in plan.checklist if t.item == key), None)
    if done and tick is None:
        plan.checklist.append(ChecklistTick(item=key, done_by_id=viewer.id))
    elif not done and tick is not None:
        plan.checklist.remove(tick)
    return done


def save_domain(
    db: Session, viewer: User, youth_id: int, domain: FutureDomain, *, want_text: str, now_text: str | None
) -> FutureDomainEntry:
    """The youth writes "what I want"; "where I am now" is written together (the regisseur or the youth)."""
    _youth, _family, plan = _editable(db, viewer, youth_id, own_part=True)
    entry = next((e for e in plan.domains if e.domain == domain), None)
    if entry is None:
        entry = FutureDomainEntry(domain=domain)
        plan.domains.append(entry)
    entry.want_text = want_text.strip()
    if now_text is not None:
        entry.now_text = now_text.strip()
    entry.updated_at = utcnow()
    return entry


def add_step(
    db: Session, viewer: User, youth_id: int, domain: FutureDomain, *, what: str, owner: str, due: date | None
) -> FutureStep:
    if not what.strip():
        raise FutureError(_("Schrijf op wat de stap is."))
    _youth, _family, plan = _editable(db, viewer, youth_id, own_part=True)
    step = FutureStep(domain=domain, what=what.strip(), owner=owner.strip(), due_date=due)
    plan.steps.append(step)
    return step


def set_step_done(db: Session, viewer: User, youth_id: int, step_id: int, done: bool) -> FutureStep:
    _youth, _family, plan = _editable(db, viewer, youth_id, own_part=True)
    step = next((s for s in plan.steps if s.id == step_id), None)
    if step is None:
        raise NotFound()
    step.done = done
    return step


def youths_with_toekomstplan(viewer: User, family: Family, sharing: dict[int, YouthSharing]) -> list[User]:
    """The young people in this family whose toekomstplan the viewer may open (sharing: see sharing_for)."""
    day = today()
    youths = [m.user for m in family.members if m.relation == Relation.JONGERE and has_toekomstplan_age(m.user, day)]
    return [y for y in youths if policy.can_see_toekomstplan(viewer, family, y, day, sharing.get(y.id, YouthSharing()))]
