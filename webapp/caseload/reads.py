"""The caseload's reads: statements built once at import, executed on the connection, returning plain rows (issue 14:
the regisseur's home lists dozens of families; ORM statements built per request cost more than the SQL itself).

Two statements whatever the number of families: the families with their plan's numbers (correlated counts, so no
per-family Python work), and the youths of those families born in the window of "turning 18 soon" with how many
checklist items they ticked. The exact window (`eighteenth_birthday`, 29 February) is checked in Python on the few
rows the statement returns.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Date, Integer, bindparam, func, select
from sqlmodel import Session

from webapp.models import (
    Action,
    ChecklistTick,
    Family,
    FamilyMember,
    Plan,
    PlanResponse,
    PlanVersion,
    Relation,
    Toekomstplan,
    User,
)
from webapp.sql_once import built_once

REGISSEUR = bindparam("regisseur_id", type_=Integer())
DAY = bindparam("day", type_=Date())
BORN_FROM = bindparam("born_from", type_=Date())
BORN_UNTIL = bindparam("born_until", type_=Date())

_VERSION = (
    select(func.coalesce(func.max(PlanVersion.number), 0))
    .where(PlanVersion.plan_id == Plan.id)
    .correlate(Plan)
    .scalar_subquery()
)
_DISAGREEMENTS = (
    select(func.count(PlanResponse.id))
    .join(PlanVersion, PlanVersion.id == PlanResponse.version_id)
    .where(PlanVersion.plan_id == Plan.id, PlanResponse.agrees.is_(False), PlanResponse.handled_at.is_(None))
    .correlate(Plan)
    .scalar_subquery()
)
_OVERDUE = (
    select(func.count(Action.id))
    .where(Action.plan_id == Plan.id, Action.done.is_(False), Action.due_date < DAY)
    .correlate(Plan)
    .scalar_subquery()
)

FAMILIES = built_once(
    select(
        Family.id,
        Family.name,
        Plan.id.label("plan_id"),
        Plan.next_evaluation,
        _VERSION.label("version"),
        _DISAGREEMENTS.label("open_disagreements"),
        _OVERDUE.label("overdue_actions"),
    )
    .select_from(Family)
    .outerjoin(Plan, Plan.family_id == Family.id)
    .where(Family.regisseur_id == REGISSEUR)
    .order_by(Family.name)
)
"""Her families by name, each with its plan (if any): latest version number, open "niet akkoord" answers, actions
past their date and not done."""

_TICKS = (
    select(func.count(ChecklistTick.id))
    .join(Toekomstplan, Toekomstplan.id == ChecklistTick.toekomstplan_id)
    .where(Toekomstplan.youth_id == User.id)
    .correlate(User)
    .scalar_subquery()
)

YOUTHS = built_once(
    select(FamilyMember.family_id, User.id, User.name, User.birth_date, _TICKS.label("ticks"))
    .select_from(FamilyMember)
    .join(Family, Family.id == FamilyMember.family_id)
    .join(User, User.id == FamilyMember.user_id)
    .where(
        Family.regisseur_id == REGISSEUR,
        FamilyMember.relation == Relation.JONGERE,
        User.birth_date.is_not(None),
        User.birth_date >= BORN_FROM,
        User.birth_date <= BORN_UNTIL,
    )
    .order_by(User.name)
)
"""The youths of her families born in (a day either side of) the window whose 18th birthday falls between `day` and
`day + within`, with the number of checklist items ticked in their toekomstplan."""


def families(db: Session, regisseur_id: int, day: date):
    return db.connection().execute(FAMILIES, {"regisseur_id": regisseur_id, "day": day}).all()


def youths_near_18(db: Session, regisseur_id: int, day: date, within: timedelta):
    params = {
        "regisseur_id": regisseur_id,
        "born_from": _years_before(day, 18) - timedelta(days=1),
        "born_until": _years_before(day + within, 18) + timedelta(days=1),
    }
    return db.connection().execute(YOUTHS, params).all()


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
