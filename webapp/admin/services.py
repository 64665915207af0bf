from __future__ import annotations

from sqlmodel import Session, func, select
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.auth.services import set_active
from webapp.models import Organisation, User
from webapp.models.people import OrganisationKind

PAGE_SIZE = 50


def list_accounts(db: Session, actor: User, page: int) -> tuple[list[User], int]:
    """One page of accounts (people with an e-mail address) and the number of pages."""
    if not policy.can_manage_accounts(actor):
        raise NotFound()
    has_email = User.email.is_not(None)
    total = db.exec(select(func.count()).select_from(User).where(has_email)).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = db.exec(select(User).where(has_email).order_by(User.name).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return list(rows.unique()), pages


def set_account_active(db: Session, actor: User, user_id: int, active: bool) -> User:
    if not policy.can_manage_accounts(actor):
        raise NotFound()
    user = db.get(User, user_id)
    if user is None or user.id == actor.id:
        raise NotFound()
    set_active(db, user, active)
    return user


# --- where pleeggezin and gezinshuis sign-ups of Steuntje in de rug are sent -----------------------------------

ROUTING_KINDS = (OrganisationKind.PLEEGZORG, OrganisationKind.GEZINSHUIS)


def routing_organisations(db: Session, actor: User) -> list[Organisation]:
    """The organisations that take pleeggezin and gezinshuis sign-ups from the aanmeldpunt (the beheerder keeps
    this list): by kind, then name."""
    if not policy.can_manage_accounts(actor):
        raise NotFound()
    rows = db.exec(
        select(Organisation).where(Organisation.kind.in_(ROUTING_KINDS)).order_by(Organisation.kind, Organisation.name)
    )
    return list(rows)


def add_routing_organisation(db: Session, actor: User, *, name: str, kind: str, region: str) -> Organisation:
    """A new organisation for sign-ups; an empty region means it takes sign-ups from every region."""
    if not policy.can_manage_accounts(actor):
        raise NotFound()
    if kind not in ROUTING_KINDS:
        raise ValueError(kind)
    organisation = Organisation(name=name.strip(), kind=kind, region=region.strip())
    db.add(organisation)
    db.flush()
    return organisation


def rename_routing_organisation(db: Session, actor: User, organisation_id: int, name: str) -> Organisation:
    if not policy.can_manage_accounts(actor):
        raise NotFound()
    organisation = db.get(Organisation, organisation_id)
    if organisation is None or organisation.kind not in ROUTING_KINDS:
        raise NotFound()
    organisation.name = name.strip()
    db.add(organisation)
    return organisation


def regions(db: Session) -> list[str]:
    """The regions the gemeenten belong to (for the region choice)."""
    rows = db.exec(
        select(Organisation.region)
        .where(Organisation.kind == OrganisationKind.GEMEENTE, Organisation.region != "")
        .distinct()
        .order_by(Organisation.region)
    )
    return list(rows)
