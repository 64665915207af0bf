"""Gezin aanmelden: a regisseur registers a new family, and starts its first plan from an empty draft.

The regisseur becomes the family's regisseur. People without an account (a child of 8) are added at once, as Users
without e-mail or password. People with an e-mail address are *not* added: each gets a one-time invitation through
the usual flow (webapp/families/services.py `invite_to_family`), so an existing account joins only with its owner's
consent, and the regisseur never learns whether an address already has an account.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import bindparam, exists
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.clock import today
from webapp.families import services as families
from webapp.models import (
    AuditAction,
    Family,
    FamilyMember,
    Organisation,
    OrganisationKind,
    Plan,
    PlanVersion,
    Relation,
    TextKind,
    User,
)
from webapp.plans import drafting
from webapp.plans.snapshot import FAMILY
from webapp.sql_once import built_once

AUDIT_OBJECT = "aanmelding"  # the family reads "heeft jullie gezin aangemeld" in its access log (webapp/labels.py)
FIRST_EVALUATION_AFTER = timedelta(weeks=13)  # 1G1P: look at the plan together about every three months


class RegistrationError(ValueError):
    """A problem the regisseur can fix; the message is translated."""


@dataclass(frozen=True)
class NewMember:
    name: str
    relation: Relation
    birth_date: date | None = None
    has_authority: bool = False
    email: str = ""  # empty: no account now
    language: str = "nl"


@dataclass
class Registered:
    family: Family
    added: list[User] = field(default_factory=list)  # members without an account, in the family now
    invitations: list[families.InviteResult] = field(default_factory=list)  # links shown once


def gemeenten_for(db: Session, actor: User) -> list[Organisation]:
    """The gemeenten this regisseur may register a family in (her own, or any when she does not work for one)."""
    if not policy.can_register_family(actor):
        raise NotFound()
    rows = db.exec(
        select(Organisation).where(Organisation.kind == OrganisationKind.GEMEENTE).order_by(Organisation.name)
    )
    return [g for g in rows if policy.can_register_in_gemeente(actor, g)]


def register_family(
    db: Session, actor: User, *, name: str, gemeente_id: int | None, members: list[NewMember]
) -> Registered:
    """Make the family with this regisseur, add the people without an account, invite the others."""
    if not policy.can_register_family(actor):
        raise NotFound()
    gemeente = db.get(Organisation, gemeente_id) if gemeente_id is not None else None
    if not policy.can_register_in_gemeente(actor, gemeente):
        raise RegistrationError(_("Kies een gemeente uit de lijst."))
    name = name.strip()
    if not name:
        raise RegistrationError(_("Vul de naam van het gezin in."))
    if not members:
        raise RegistrationError(_("Vul minstens één persoon van het gezin in."))
    family = Family(name=name, gemeente_id=gemeente.id, regisseur_id=actor.id)
    db.add(family)
    db.flush()
    result = Registered(family)
    for person in members:
        if person.email.strip():
            continue
        user = User(name=person.name.strip(), birth_date=person.birth_date, language=person.language)
        db.add(user)
        db.flush()
        family.members.append(
            FamilyMember(
                user_id=user.id,
                relation=person.relation.value,
                has_authority=person.has_authority and person.relation == Relation.OUDER,
            )
        )
        result.added.append(user)
    db.flush()
    for person in members:
        if person.email.strip():
            result.invitations.append(
                families.invite_to_family(
                    db,
                    actor,
                    family,
                    name=person.name,
                    email=person.email,
                    relation=person.relation,
                    birth_date=person.birth_date,
                    language=person.language,
                )
            )
    audit.record(db, actor, AuditAction.CHANGE, family, AUDIT_OBJECT, family.id)
    return result


# --- the first plan ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanPart:
    """One part the 1G1P method asks for, and whether the draft has it yet."""

    key: str  # the editor's anchor
    done: bool
    person: str | None = None  # a goal per member: whose


@dataclass
class FirstPlan:
    family: Family
    plan: Plan | None  # None: not started
    published: bool
    parts: list[PlanPart] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return sum(not part.done for part in self.parts)


def first_plan(db: Session, actor: User, family_id: int) -> FirstPlan:
    """Where the family's first plan stands: not started, or which parts of the draft are still empty."""
    family = families.get_managed_family(db, actor, family_id)
    plan = db.exec(select(Plan).where(Plan.family_id == family.id)).first()
    if plan is None:
        return FirstPlan(family, None, False, _parts(family, None))
    published = db.exec(select(PlanVersion.id).where(PlanVersion.plan_id == plan.id).limit(1)).first() is not None
    return FirstPlan(family, plan, published, _parts(family, plan))


def _parts(family: Family, plan: Plan | None) -> list[PlanPart]:
    texts = drafting.texts_of(plan) if plan is not None else {FAMILY: {"situation": "", "agreements": ""}}
    scaffold = _scaffold()

    def written(kind: TextKind) -> bool:
        return any(
            parts.get(kind.value, "").strip()
            and parts.get(kind.value, "").strip() != scaffold.get(kind.value, "").strip()
            for parts in texts.values()
        )

    goals = plan.goals if plan is not None else []
    about = {goal.about_user_id for goal in goals}
    parts = [PlanPart("basis", written(TextKind.SITUATION))]
    parts += [PlanPart("doelen", m.user_id in about, m.user.name) for m in family.members]
    parts += [
        PlanPart("acties", bool(plan is not None and plan.actions)),
        PlanPart("afspraken", written(TextKind.AGREEMENTS)),
        PlanPart("evaluatie", bool(plan is not None and plan.next_evaluation)),
    ]
    return parts


def _scaffold() -> dict[str, str]:
    """The empty sections of "hoe gaat het nu": the two questions the family and the regisseur answer together."""
    return {"situation": _("Wat gaat goed?") + "\n\n\n" + _("Wat zijn de zorgen?") + "\n"}


def start_first_plan(db: Session, actor: User, family_id: int) -> Plan:
    """ "Begin het eerste plan": a draft with the empty sections of the 1G1P method (the situation's two questions,
    an evaluation date three months from today); goals per member, actions and agreements are added in the editor.
    Starting again changes nothing once the draft has content or a version."""
    family = families.get_managed_family(db, actor, family_id)
    if not policy.can_edit_plan(actor, family):
        raise NotFound()
    existing = db.exec(select(Plan).where(Plan.family_id == family.id)).first()
    if existing is not None and (existing.situation or existing.texts or existing.goals or existing.next_evaluation):
        return existing
    return drafting.update_basics(
        db,
        actor,
        family.id,
        situation=_scaffold()["situation"],
        agreements="",
        next_evaluation=today() + FIRST_EVALUATION_AFTER,
    )


@dataclass(frozen=True)
class FamilyName:
    id: int
    name: str


def _without_version_statement():
    """Correlated per family of hers (NOT EXISTS), not NOT IN over every plan with a version of every family: that
    list grows with the whole database (~2.7 ms with 10,000 families on SQLite)."""
    family, plan, version = Family.__table__, Plan.__table__, PlanVersion.__table__
    with_version = (
        exists().where(plan.c.family_id == family.c.id).where(version.c.plan_id == plan.c.id).correlate(family)
    )
    return (
        select(family.c.id, family.c.name)
        .where(family.c.regisseur_id == bindparam("me"), ~with_version)
        .order_by(family.c.name)
    )


_WITHOUT_VERSION = built_once(_without_version_statement())


def registered_by(db: Session, actor: User) -> list[FamilyName]:
    """The families this regisseur leads that have no plan version yet (for "begin het eerste plan" on her home
    page: one statement built once, plain rows)."""
    if not policy.can_register_family(actor):
        return []
    return [FamilyName(*row) for row in db.connection().execute(_WITHOUT_VERSION, {"me": actor.id})]
