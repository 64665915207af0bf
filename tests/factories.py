"""Test data builders. Passwords share one precomputed argon2 hash so tests stay fast."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pyotp
from flask.testing import FlaskClient
from sqlmodel import Session

from tests.conftest import post_form
from webapp.auth.passwords import hash_password
from webapp.clock import utcnow
from webapp.models import (
    Answer,
    Appointment,
    AppointmentParticipant,
    Family,
    FamilyMember,
    Invitation,
    Relation,
    Role,
    User,
    UserRole,
)

PASSWORD = "paars paard op het ijs"
PASSWORD_HASH = hash_password(PASSWORD)
_sequence = itertools.count(1)


def make_user(
    db: Session,
    *roles: Role,
    name: str | None = None,
    email: str | None = "",
    birth_date: date | None = None,
    language: str = "nl",
    totp_secret: str | None = None,
    with_password: bool = True,
) -> User:
    number = next(_sequence)
    if email == "":
        email = f"person{number}@example.test"
    user = User(
        name=name or f"Persoon {number}",
        email=email,
        password_hash=PASSWORD_HASH if (email and with_password) else None,
        birth_date=birth_date,
        language=language,
        totp_secret=totp_secret,
        roles=[UserRole(role=role) for role in roles],
    )
    db.add(user)
    db.commit()
    return user


def make_regisseur(db: Session, **kwargs) -> User:
    return make_user(db, Role.REGISSEUR, totp_secret=pyotp.random_base32(), **kwargs)


def make_family(
    db: Session, regisseur: User | None, *members: tuple[User, Relation], name: str = "Testgezin"
) -> Family:
    family = Family(name=name, regisseur_id=regisseur.id if regisseur else None)
    family.members = [
        FamilyMember(user_id=user.id, relation=relation, has_authority=relation == Relation.OUDER)
        for user, relation in members
    ]
    db.add(family)
    db.commit()
    return family


def login(client: FlaskClient, user: User, password: str = PASSWORD, **extra):
    """Log in with the form; professionals also pass the two-step check with a fresh code."""
    response = post_form(client, "/login", {"email": user.email, "password": password, **extra})
    if user.is_professional and user.totp_secret and response.status_code == 302:
        response = post_form(client, "/tweestaps/controle", {"code": pyotp.TOTP(user.totp_secret).now()})
    return response


def make_invitation(
    db: Session, family: Family, regisseur: User, *, email: str | None = None, relation: Relation = Relation.OUDER
) -> Invitation:
    """An open invitation into `family` (its token is not kept: tests that need the link invite through the form)."""
    number = next(_sequence)
    invitation = Invitation(
        token_hash=f"{number:064d}",
        family_id=family.id,
        created_by_id=regisseur.id,
        email=email or f"invited{number}@example.test",
        name=f"Genodigde {number}",
        relation=relation.value,
        expires_at=utcnow() + timedelta(days=7),
    )
    db.add(invitation)
    db.commit()
    return invitation


def make_appointment(
    db: Session,
    family_id: int,
    starts_at: datetime,
    *people: User,
    answer: str = Answer.BEVESTIGD,
    mentorship_id: int | None = None,
) -> int:
    """An appointment written straight into the database (any time, also years back), with `people` taking part,
    each with `answer`; its id."""
    appointment = Appointment(
        family_id=family_id, mentorship_id=mentorship_id, kind="jim_overleg", starts_at=starts_at, place="Wijkteam"
    )
    db.add(appointment)
    db.flush()
    for person in people:
        db.add(AppointmentParticipant(appointment_id=appointment.id, user_id=person.id, answer=answer))
    return appointment.id
