"""Builders for the intake and handover tests: gemeenten, their regisseurs and coordinators, a meldpunt."""

from __future__ import annotations

import pyotp
from sqlmodel import Session

from tests.factories import make_family, make_user
from webapp.models import Family, Organisation, OrganisationKind, Relation, Role, User


def make_organisation(db: Session, name: str, kind: OrganisationKind = OrganisationKind.GEMEENTE) -> Organisation:
    organisation = Organisation(name=name, kind=kind, region="Noord-Limburg")
    db.add(organisation)
    db.commit()
    return organisation


def make_professional(db: Session, role: Role, organisation: Organisation | None, name: str) -> User:
    user = make_user(db, role, name=name, totp_secret=pyotp.random_base32())
    user.organisation_id = organisation.id if organisation else None
    db.add(user)
    db.commit()
    db.refresh(user)
    return user


def make_gemeente_family(db: Session, regisseur: User, gemeente: Organisation, *members, name="Bos") -> Family:
    family = make_family(db, regisseur, *members, name=name)
    family.gemeente_id = gemeente.id
    db.add(family)
    db.commit()
    return family


__all__ = ["Relation", "make_gemeente_family", "make_organisation", "make_professional"]
