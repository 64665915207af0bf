"""The plan page's data as plain rows, for the hot page (issue 14: reads without ORM hydration).

Three statements, built once at import, whatever the size of the plan: the family with its members
(`webapp.families.reads.visible_family`), the plan with its current (or a given) version, the viewer's answer to it
and the regisseur's contact card (`_PLAN`), and the youth's sharing choices (`sharing_in_family`). The parts of the version
the viewer may see are chosen by the same code as the ORM read (`services.show_visible_parts`, the policy's
functions on objects with the attribute names they read). A professional's read still writes its access-log row,
and a refused professional's attempt its "denied" row. Creating the plan on a first visit is a write: the ORM does it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, Text, and_, bindparam, cast, func, select
from sqlmodel import Session
from werkzeug.exceptions import NotFound

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.clock import today
from webapp.families.reads import FamilyRow, family_row, regisseur_contact
from webapp.models import AuditAction, Family, Organisation, Plan, PlanResponse, PlanVersion, User
from webapp.plans import services
from webapp.plans.services import OBJECT_TYPE, VisiblePlan
from webapp.sharing.services import sharing_in_family
from webapp.sql_once import built_once


@dataclass(frozen=True, slots=True)
class PlanRow:
    id: int


@dataclass(frozen=True, slots=True)
class VersionRow:
    """A published version, with the attribute names of `PlanVersion` the page and the filters read."""

    id: int
    number: int
    summary: str
    summary_about_user_id: int | None
    summary_about_unknown: bool
    published_at: datetime
    content: dict
    content_digest: str  # of the snapshot's stored text: part of the cached body's key


@dataclass(frozen=True, slots=True)
class ResponseRow:
    """The viewer's akkoord / niet akkoord on the version."""

    id: int
    agrees: bool
    comment: str


_NUMBER = bindparam("number", type_=Integer)  # None: the current version
_LATEST = select(func.max(PlanVersion.number)).where(PlanVersion.plan_id == Plan.id).correlate(Plan).scalar_subquery()
_PLAN = built_once(
    select(
        Plan.id.label("plan_id"),
        PlanVersion.id.label("version_id"),
        PlanVersion.number,
        PlanVersion.summary,
        PlanVersion.summary_about_user_id,
        PlanVersion.summary_about_unknown,
        PlanVersion.published_at,
        cast(PlanVersion.content, Text).label("content"),
        PlanResponse.id.label("response_id"),
        PlanResponse.agrees,
        PlanResponse.comment,
        User.id.label("regisseur_id"),
        User.name.label("regisseur_name"),
        User.job_title,
        User.phone,
        User.email,
        Organisation.name.label("organisation_name"),
    )
    .select_from(Family)
    .outerjoin(Plan, Plan.family_id == Family.id)
    .outerjoin(PlanVersion, and_(PlanVersion.plan_id == Plan.id, PlanVersion.number == func.coalesce(_NUMBER, _LATEST)))
    .outerjoin(
        PlanResponse, and_(PlanResponse.version_id == PlanVersion.id, PlanResponse.user_id == bindparam("viewer"))
    )
    .outerjoin(User, User.id == Family.regisseur_id)
    .outerjoin(Organisation, Organisation.id == User.organisation_id)
    .where(Family.id == bindparam("family_id"))
)


def _family_of_plan(db: Session, viewer: User, family_id: int) -> FamilyRow:
    """The family, or 404; a professional's refused attempt is logged for the family to see (as
    `services._family_of_plan` does)."""
    family = family_row(db, family_id)
    if family is not None and policy.can_view_family(viewer, family):
        return family
    if family is not None and viewer.is_professional:
        audit.record(db, viewer, AuditAction.READ, family, OBJECT_TYPE, outcome="denied")
        db.commit()
    raise NotFound()


def _version(row) -> VersionRow | None:
    if row.version_id is None:
        return None
    content_text = row.content
    return VersionRow(
        row.version_id,
        row.number,
        row.summary,
        row.summary_about_user_id,
        bool(row.summary_about_unknown),
        row.published_at,
        json.loads(content_text),
        hashlib.blake2b(content_text.encode(), digest_size=16).hexdigest(),
    )


def plan_page(db: Session, viewer: User, family_id: int, *, number: int | None = None) -> VisiblePlan:
    """The current (or a given) version as `viewer` may see it, as `services.view_plan` shows it: the same parts,
    the same 404s, the same access-log rows."""
    family = _family_of_plan(db, viewer, family_id)
    params = {"family_id": family_id, "number": number, "viewer": viewer.id}
    row = db.connection().execute(_PLAN, params).one()
    # The first visit makes the family's plan (a write, through the ORM).
    plan = PlanRow(row.plan_id if row.plan_id is not None else services.plan_of(db, family).id)
    version = _version(row)
    if number is not None and version is None:
        raise NotFound()
    result = VisiblePlan(
        family=family,
        plan=plan,
        version=version,
        sharing=sharing_in_family(db, family),
        regisseur=regisseur_contact(row),
    )
    audit.record(db, viewer, AuditAction.READ, family, OBJECT_TYPE, plan.id)
    if db.new or db.dirty or row.plan_id is None:
        db.commit()
    if version is None:
        return result
    services.show_visible_parts(result, viewer, today())
    if row.response_id is not None:
        result.my_response = ResponseRow(row.response_id, bool(row.agrees), row.comment)
    return result
