"""The regisseur's caseload: per family what needs attention, in a fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, func, select

from webapp.clock import today
from webapp.models import (
    Action,
    ChecklistTick,
    Family,
    FamilyMember,
    Plan,
    PlanResponse,
    PlanVersion,
    Relation,
    Role,
    Toekomstplan,
    User,
)
from webapp.owndata.services import OpenRequest, open_for_regisseur
from webapp.toekomstplan.checklist import ITEMS, eighteenth_birthday

TURNING_18_WITHIN = timedelta(days=183)


@dataclass(frozen=True)
class FamilyRef:
    """Just what the caseload shows of a family (no ORM objects: this page lists dozens of families)."""

    id: int
    name: str


@dataclass(frozen=True)
class YouthRef:
    id: int
    first_name: str


@dataclass
class TurningEighteen:
    youth: YouthRef
    birthday: date
    checklist_done: int
    checklist_total: int = len(ITEMS)


@dataclass
class CaseloadRow:
    family: FamilyRef
    plan_id: int | None
    next_evaluation: date | None
    version: int
    open_disagreements: int
    overdue_actions: int
    turning_18: list[TurningEighteen] = field(default_factory=list)
    data_requests: list[OpenRequest] = field(default_factory=list)  # correction/erasure, nearest deadline first

    @property
    def needs_attention(self) -> bool:
        return bool(self.open_disagreements or self.overdue_actions or self.turning_18 or self.data_requests)


def caseload(db: Session, regisseur: User) -> list[CaseloadRow]:
    if not regisseur.has_role(Role.REGISSEUR):
        return []
    day = today()
    families = [
        FamilyRef(family_id, name)
        for family_id, name in db.exec(
            select(Family.id, Family.name).where(Family.regisseur_id == regisseur.id).order_by(Family.name)
        )
    ]
    family_ids = [f.id for f in families]
    plans = {
        family_id: (plan_id, next_evaluation)
        for plan_id, family_id, next_evaluation in db.exec(
            select(Plan.id, Plan.family_id, Plan.next_evaluation).where(Plan.family_id.in_(family_ids))
        )
    }
    plan_ids = [plan_id for plan_id, _ in plans.values()]
    versions = _grouped(
        db,
        select(PlanVersion.plan_id, func.max(PlanVersion.number))
        .where(PlanVersion.plan_id.in_(plan_ids))
        .group_by(PlanVersion.plan_id),
    )
    disagreements = _grouped(
        db,
        select(PlanVersion.plan_id, func.count(PlanResponse.id))
        .join(PlanResponse, PlanResponse.version_id == PlanVersion.id)
        .where(PlanVersion.plan_id.in_(plan_ids), PlanResponse.agrees.is_(False), PlanResponse.handled_at.is_(None))
        .group_by(PlanVersion.plan_id),
    )
    overdue = _grouped(
        db,
        select(Action.plan_id, func.count(Action.id))
        .where(Action.plan_id.in_(plan_ids), Action.done.is_(False), Action.due_date < day)
        .group_by(Action.plan_id),
    )
    soon: dict[int, list[tuple[YouthRef, date]]] = {f.id: [] for f in families}
    for family_id, youth_id, name, birth_date in db.exec(
        select(FamilyMember.family_id, User.id, User.name, User.birth_date)
        .join(User, User.id == FamilyMember.user_id)
        .where(
            FamilyMember.family_id.in_(family_ids),
            FamilyMember.relation == Relation.JONGERE,
            User.birth_date.is_not(None),
        )
        .order_by(User.name)
    ):
        birthday = eighteenth_birthday(birth_date)
        if day <= birthday <= day + TURNING_18_WITHIN:
            soon[family_id].append((YouthRef(youth_id, name.split(" ", 1)[0]), birthday))
    youth_ids = [youth.id for youths in soon.values() for youth, _birthday in youths]
    ticks = _grouped(
        db,
        select(Toekomstplan.youth_id, func.count(ChecklistTick.id))
        .join(ChecklistTick, ChecklistTick.toekomstplan_id == Toekomstplan.id)
        .where(Toekomstplan.youth_id.in_(youth_ids))
        .group_by(Toekomstplan.youth_id),
    )
    requests: dict[int, list[OpenRequest]] = {}
    for request in open_for_regisseur(db, regisseur):
        requests.setdefault(request.family_id, []).append(request)
    rows = []
    for family in families:
        plan_id, next_evaluation = plans.get(family.id, (None, None))
        rows.append(
            CaseloadRow(
                family=family,
                plan_id=plan_id,
                next_evaluation=next_evaluation,
                version=versions.get(plan_id, 0),
                open_disagreements=disagreements.get(plan_id, 0),
                overdue_actions=overdue.get(plan_id, 0),
                turning_18=[TurningEighteen(y, birthday, ticks.get(y.id, 0)) for y, birthday in soon[family.id]],
                data_requests=requests.get(family.id, []),
            )
        )
    rows.sort(key=lambda r: (r.next_evaluation is None, r.next_evaluation or day, r.family.name))
    return rows


def _grouped(db: Session, statement) -> dict[int, int]:
    return {key: value for key, value in db.exec(statement)}
