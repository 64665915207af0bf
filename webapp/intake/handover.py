"""Overdracht: a coordinator of the gemeente hands a family to another regisseur of the same gemeente.

What changes at once, and why nothing else needs to:
- Access follows `Family.regisseur_id` everywhere (webapp/auth/policy.py `is_regisseur_of`), read fresh on every
  request; nothing caches it. The old regisseur gets "niet gevonden" on the family's page, plan, editor,
  toekomstplannen, conversations and appointments from the next request on.
- Conversations belong to the family, not to a regisseur: the family conversation and each member's private
  conversation "with the regisseur" now reach the new one, with their history (he needs it to carry on; it is the
  family's dossier). The old regisseur no longer reads them, nor sees them in his inbox.
- Appointments the old regisseur planned stay in the family's agenda; the new regisseur sees and may change them.
- The family sees the change: a notice on their home and family page ("Jeroen Willems is nu jullie regisseur,
  sinds 2 december"), a notification (generic text, no names), and a row in their access log ("Karin Vos heeft het
  gezin overgedragen aan een andere regisseur", with the new regisseur's name). The new regisseur is notified too.
- The reason is for the coordinator and the regisseurs: it is not on the family's pages or in any notification.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import bindparam, func
from sqlmodel import Session, col, select
from werkzeug.exceptions import NotFound

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.clock import utcnow
from webapp.families import services as families
from webapp.models import (
    AuditAction,
    Family,
    FamilyHandover,
    FamilyMember,
    Organisation,
    Role,
    User,
    UserRole,
)
from webapp.notify import outbox
from webapp.sql_once import built_once

AUDIT_OBJECT = "regisseur"  # the family's access log: who handed the family over, to whom (webapp/labels.py)
NOTICE_FOR = timedelta(days=30)  # how long the family's pages say "X is nu jullie regisseur"


class HandoverError(ValueError):
    """A refusal the coordinator can act on; the message is translated."""


@dataclass(frozen=True)
class FamilyRow:
    family: Family
    open_question: FamilyHandover | None  # the regisseur asked for another regisseur


@dataclass
class GemeenteOverview:
    gemeente: Organisation
    families: list[FamilyRow] = field(default_factory=list)
    regisseurs: list[tuple[User, int]] = field(default_factory=list)  # every regisseur of the gemeente, caseload size
    history: list[tuple[FamilyHandover, Family]] = field(default_factory=list)  # recent handovers, newest first

    @property
    def waiting(self) -> int:
        return sum(row.open_question is not None for row in self.families)


def _gemeente_of(actor: User) -> Organisation:
    """The gemeente this coordinator works for; 404 for everybody else (a meldpunt's coordinator included)."""
    if actor.organisation_id is None or not policy.is_gemeente_coordinator(actor, actor.organisation_id):
        raise NotFound()
    return actor.organisation


def _open_questions(db: Session, family_ids: list[int]) -> dict[int, FamilyHandover]:
    if not family_ids:
        return {}
    rows = db.exec(
        select(FamilyHandover)
        .where(
            col(FamilyHandover.family_id).in_(family_ids),
            col(FamilyHandover.asked_at).is_not(None),
            col(FamilyHandover.handed_over_at).is_(None),
        )
        .order_by(col(FamilyHandover.asked_at))
    )
    return {row.family_id: row for row in rows}


def regisseurs_of(db: Session, gemeente_id: int) -> list[User]:
    rows = db.exec(
        select(User)
        .join(UserRole, col(UserRole.user_id) == User.id)
        .where(User.organisation_id == gemeente_id, UserRole.role == Role.REGISSEUR, col(User.active).is_(True))
        .order_by(User.name)
    )
    return list(rows.unique())


def overview(db: Session, actor: User) -> GemeenteOverview:
    """The gemeente's families with their regisseur (those waiting for another regisseur first), its regisseurs
    with how many families each leads, and the handovers of the last months."""
    gemeente = _gemeente_of(actor)
    found = list(db.exec(select(Family).where(Family.gemeente_id == gemeente.id).order_by(Family.name)).unique())
    questions = _open_questions(db, [f.id for f in found])
    rows = [FamilyRow(f, questions.get(f.id)) for f in found]
    rows.sort(key=lambda row: row.open_question is None)
    counts: dict[int | None, int] = {}
    for family in found:
        counts[family.regisseur_id] = counts.get(family.regisseur_id, 0) + 1
    history = db.exec(
        select(FamilyHandover, Family)
        .join(Family, col(Family.id) == FamilyHandover.family_id)
        .where(Family.gemeente_id == gemeente.id, col(FamilyHandover.handed_over_at).is_not(None))
        .order_by(col(FamilyHandover.handed_over_at).desc())
        .limit(20)
    )
    return GemeenteOverview(
        gemeente,
        rows,
        [(r, counts.get(r.id, 0)) for r in regisseurs_of(db, gemeente.id)],
        list(history.unique()),
    )


@dataclass
class HandoverPage:
    family: Family
    candidates: list[User]
    open_question: FamilyHandover | None


def handover_page(db: Session, actor: User, family_id: int) -> HandoverPage:
    """The form to hand this family over: 404 unless the actor is a coordinator of the family's gemeente."""
    family = db.get(Family, family_id)
    if family is None or not policy.can_hand_over_family(actor, family):
        raise NotFound()
    candidates = [r for r in regisseurs_of(db, family.gemeente_id) if policy.can_take_over_family(r, family)]
    return HandoverPage(family, candidates, _open_questions(db, [family.id]).get(family.id))


def hand_over(db: Session, actor: User, family_id: int, to_regisseur_id: int | None, reason: str) -> FamilyHandover:
    """Give the family to another regisseur of the same gemeente, at once (see the module docstring)."""
    page = handover_page(db, actor, family_id)
    family = page.family
    new = db.get(User, to_regisseur_id) if to_regisseur_id is not None else None
    if new is None or not policy.can_take_over_family(new, family):
        raise HandoverError(_("Kies een andere regisseur van deze gemeente."))
    reason = reason.strip()
    if not reason:
        raise HandoverError(_("Schrijf kort waarom."))
    now = utcnow()
    row = page.open_question or FamilyHandover(family_id=family.id)
    row.from_regisseur_id = family.regisseur_id
    row.to_regisseur_id = new.id
    row.handed_over_by_id = actor.id
    row.reason = reason
    row.handed_over_at = now
    db.add(row)
    family.regisseur_id = new.id
    family.regisseur = new
    db.flush()
    audit.record(db, actor, AuditAction.CHANGE, family, AUDIT_OBJECT, row.id, subject_id=new.id)
    members = [m.user_id for m in family.members if m.user.has_login]
    outbox.enqueue(db, members, "gezin", f"/gezinnen/{family.id}", f"regisseur-{family.id}")
    outbox.enqueue(db, [new.id], "gezin", f"/gezinnen/{family.id}", f"overdracht-{family.id}")
    return row


def ask_for_handover(db: Session, actor: User, family_id: int, reason: str) -> FamilyHandover:
    """The family's regisseur asks the gemeente for another regisseur; one open question per family."""
    family = families.get_family(db, actor, family_id)
    if not policy.can_ask_for_handover(actor, family):
        raise NotFound()
    reason = reason.strip()
    if not reason:
        raise HandoverError(_("Schrijf kort waarom."))
    row = _open_questions(db, [family.id]).get(family.id)
    if row is None:
        row = FamilyHandover(family_id=family.id, from_regisseur_id=actor.id, asked_at=utcnow())
        db.add(row)
    row.asked_by_id, row.asked_reason = actor.id, reason
    db.flush()
    return row


def open_question(db: Session, actor: User, family: Family) -> FamilyHandover | None:
    """The regisseur's own open question about this family (for its family page)."""
    if not policy.can_ask_for_handover(actor, family):
        return None
    return _open_questions(db, [family.id]).get(family.id)


# --- what the family and the coordinator see on their pages (hot: built once, plain rows) ------------------------


@dataclass(frozen=True)
class RegisseurNotice:
    family_id: int
    family_name: str
    regisseur_name: str
    since: datetime


def _notices_statement():
    handover = FamilyHandover.__table__
    family = Family.__table__
    member = FamilyMember.__table__
    user = User.__table__
    latest = (
        select(handover.c.family_id, func.max(handover.c.handed_over_at).label("at"))
        .where(handover.c.handed_over_at > bindparam("since"))
        .group_by(handover.c.family_id)
        .subquery()
    )
    return (
        select(family.c.id, family.c.name, user.c.name, latest.c.at)
        .select_from(latest)
        .join(family, family.c.id == latest.c.family_id)
        .join(user, user.c.id == family.c.regisseur_id)
        .where(family.c.id.in_(select(member.c.family_id).where(member.c.user_id == bindparam("me"))))
        .order_by(latest.c.at.desc())
    )


_NOTICES = built_once(_notices_statement())


def regisseur_notices(db: Session, user: User) -> list[RegisseurNotice]:
    """ "Jeroen Willems is nu jullie regisseur, sinds 2 december": for each family this person belongs to whose
    regisseur changed in the last 30 days. One statement (the home page is the most visited page)."""
    rows = db.connection().execute(_NOTICES, {"me": user.id, "since": utcnow() - NOTICE_FOR})
    return [RegisseurNotice(*row) for row in rows]


def notice_for_family(db: Session, viewer: User, family: Family) -> RegisseurNotice | None:
    """The same notice on the family page, for anyone who may see the family."""
    if not policy.can_view_family(viewer, family) or family.regisseur is None:
        return None
    at = db.exec(
        select(func.max(FamilyHandover.handed_over_at)).where(
            FamilyHandover.family_id == family.id, col(FamilyHandover.handed_over_at) > utcnow() - NOTICE_FOR
        )
    ).first()
    return RegisseurNotice(family.id, family.name, family.regisseur.name, at) if at else None


@dataclass(frozen=True)
class CoordinatorHome:
    show: bool
    families: int = 0
    waiting: int = 0
    gemeente: str = ""


def _home_statement():
    handover = FamilyHandover.__table__
    family = Family.__table__
    waiting = (
        select(func.count())
        .select_from(handover.join(family, family.c.id == handover.c.family_id))
        .where(
            family.c.gemeente_id == bindparam("gemeente"),
            handover.c.asked_at.is_not(None),
            handover.c.handed_over_at.is_(None),
        )
        .scalar_subquery()
    )
    total = select(func.count()).select_from(family).where(family.c.gemeente_id == bindparam("gemeente"))
    return select(total.scalar_subquery(), waiting)


_HOME = built_once(_home_statement())


def coordinator_home(db: Session, user: User) -> CoordinatorHome:
    """For a coordinator of a gemeente: how many families the gemeente has and how many wait for another
    regisseur. Everybody else: nothing (and no query)."""
    if user.organisation_id is None or not policy.is_gemeente_coordinator(user, user.organisation_id):
        return CoordinatorHome(False)
    total, waiting = db.connection().execute(_HOME, {"gemeente": user.organisation_id}).one()
    return CoordinatorHome(True, total, waiting, user.organisation.name)
