"""Builders for the JIM mentor and appointment tests, on top of the plan world (tests/plan_factories.py).

`build_jim_world` makes the people of the plan world (its goals and published plan only with `plan=True`) and adds
Karim (the adult Sara, 17, picks as her JIM mentor; an account without a role yet) and Joost (whom Noah, 14, picks),
and freezes the clock at NOW (Monday 1 March 2027, 11:00 in Amsterdam).
Every step runs through the real services with `call`, so history, outbox rows and reviews are written as in
production.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import Flask
from sqlmodel import Session, select

from tests.conftest import freeze_time
from tests.factories import make_family, make_regisseur, make_user
from tests.plan_factories import NOW, PlanWorld, born, build_world, call
from webapp.appointments import services as appointments
from webapp.appointments.reminders import tag_prefix
from webapp.clock import from_local
from webapp.mentors import services as mentors
from webapp.models import (
    Appointment,
    AppointmentParticipant,
    Conversation,
    Mentorship,
    MentorshipEvent,
    OutboxNotification,
    Relation,
    Role,
    User,
)

INVITE_LINK = re.compile(r"/jim/([A-Za-z0-9_-]+)")
FEED_LINK = re.compile(r"/agenda/([A-Za-z0-9_-]+)\.ics")


@dataclass
class JimWorld(PlanWorld):
    karim: User | None = None  # Sara's choice
    joost: User | None = None  # Noah's choice

    # --- the steps of a mentorship ------------------------------------------------------------------------------
    def nominate(
        self, youth: User | None = None, name: str = "Karim Benali", contact: str = "06 12345678"
    ) -> tuple[Mentorship, str]:
        return self.run(
            mentors.nominate,
            youth or self.sara,
            name=name,
            relation="oom_tante",
            contact=contact,
            motivation="Hij luistert altijd naar me.",
        )

    def accept(self, token: str, mentor: User | None = None) -> Mentorship:
        return self.run(mentors.accept, token, mentor or self.karim)

    def approve(self, mentorship: Mentorship, regisseur: User | None = None) -> Mentorship:
        return self.run(mentors.approve, regisseur or self.petra, mentorship.id)

    def active_mentorship(self, youth: User | None = None, mentor: User | None = None) -> Mentorship:
        """Nominated, invited, accepted and approved (with the parents' support for a youth under 16)."""
        youth = youth or self.sara
        mentor = mentor or (self.joost if youth.id == self.noah.id else self.karim)
        mentorship, token = self.nominate(youth, name=mentor.name)
        self.accept(token, mentor)
        if youth.id == self.noah.id:
            self.run(mentors.support, self.eva, mentorship.id, True)
        return self.approve(mentorship)

    # --- appointments ---------------------------------------------------------------------------------------
    def propose(
        self,
        organiser: User,
        participants: list[User],
        local: datetime = datetime(2027, 3, 10, 15, 0),
        kind: str = "jim_overleg",
        **details: Any,
    ) -> Appointment:
        """An appointment planned by `organiser` at the Amsterdam wall-clock time `local`."""
        details.setdefault("place", "Buurthuis De Brug")
        return self.run(
            appointments.propose,
            organiser,
            self.family.id,
            appointments.Details(kind=kind, starts_local=local, **details),
            [p.id for p in participants],
        )

    # --- reading back ---------------------------------------------------------------------------------------
    def fresh(self, model: Any) -> Any:
        """The row as the database has it now (pages commit in their own sessions)."""
        self.db.expire_all()
        return self.db.get(type(model), model.id)

    def events(self, mentorship: Mentorship) -> list[tuple[str | None, str, int | None]]:
        self.db.expire_all()
        rows = self.db.exec(
            select(MentorshipEvent).where(MentorshipEvent.mentorship_id == mentorship.id).order_by(MentorshipEvent.id)
        )
        return [(e.from_status, e.to_status, e.actor_id) for e in rows]

    def outbox(self, kind: str | None = None, tag: str | None = None, *, prefix: str = "") -> list[OutboxNotification]:
        """Outbox rows, oldest first: of one kind, with exactly this tag, or with tags starting with `prefix`."""
        self.db.expire_all()
        statement = select(OutboxNotification).order_by(OutboxNotification.id)
        if kind is not None:
            statement = statement.where(OutboxNotification.kind == kind)
        rows = list(self.db.exec(statement))
        return [r for r in rows if (tag is None or r.tag == tag) and r.tag.startswith(prefix)]

    def reminders(self, appointment: Appointment, *, pending: bool = True) -> list[OutboxNotification]:
        """The reminder rows of an appointment; by default only those the worker would still send."""
        rows = self.outbox("afspraken", prefix=tag_prefix(appointment))
        return [r for r in rows if not pending or r.sent_at is None]

    def answers(self, appointment: Appointment) -> dict[int, str]:
        self.db.expire_all()
        rows = self.db.exec(
            select(AppointmentParticipant).where(AppointmentParticipant.appointment_id == appointment.id)
        )
        return {p.user_id: p.answer for p in rows}

    def conversation(self, kind: str, mentorship: Mentorship) -> Conversation:
        self.db.expire_all()
        return self.db.exec(
            select(Conversation).where(Conversation.kind == kind, Conversation.mentorship_id == mentorship.id)
        ).one()


def build_jim_world(app: Flask, db: Session, *, plan: bool = False) -> JimWorld:
    """The people of the plan world; with `plan` also its goals and published plans (slower: only the tests of
    what a mentor sees need them)."""
    freeze_time(app, NOW)
    if plan:
        plan_world = build_world(app, db)
        fields = {
            name: getattr(plan_world, name) for name in PlanWorld.__dataclass_fields__ if name not in ("app", "db")
        }
    else:
        fields = _people(db)
    world = JimWorld(
        app=app,
        db=db,
        **fields,
        karim=make_user(db, name="Karim Benali", email="karim@example.test"),
        joost=make_user(db, name="Joost Peeters", email="joost@example.test"),
    )
    return world


def _people(db: Session) -> dict[str, Any]:
    """The same people and families as `build_world`, without a plan."""
    people = {
        "petra": make_regisseur(db, name="Petra Jansen"),
        "ruud": make_regisseur(db, name="Ruud Smit"),
        "sara": make_user(db, Role.JONGERE, name="Sara de Vries", birth_date=date(2009, 6, 1)),
        "noah": make_user(db, Role.JONGERE, name="Noah de Vries", birth_date=born(14)),
        "lina": make_user(db, Role.JONGERE, name="Lina de Vries", birth_date=born(10)),
        "eva": make_user(db, Role.OUDER, name="Eva de Vries"),
        "tom": make_user(db, Role.OUDER, name="Tom de Vries"),
        "ingrid": make_user(db, Role.PLEEGOUDER, name="Ingrid Mulder"),
        "mila": make_user(db, Role.JONGERE, name="Mila Bakker", birth_date=born(17)),
        "anouk": make_user(db, Role.OUDER, name="Anouk Bakker"),
        "outsider": make_user(db, Role.OUDER, name="Kees Vreemd"),
    }
    p = people
    family = make_family(
        db,
        p["petra"],
        *((p[n], Relation.JONGERE) for n in ("sara", "noah", "lina")),
        (p["eva"], Relation.OUDER),
        (p["tom"], Relation.OUDER),
        (p["ingrid"], Relation.PLEEGOUDER),
        name="De Vries",
    )
    family.member_for(p["tom"].id).has_authority = False  # Tom has no gezag
    db.commit()
    other = make_family(db, p["ruud"], (p["mila"], Relation.JONGERE), (p["anouk"], Relation.OUDER), name="Bakker")
    return {**people, "family": family, "other_family": other}


def utc(local: datetime) -> datetime:
    """An Amsterdam wall-clock time as the UTC moment the database stores."""
    return from_local(local)


__all__ = ["FEED_LINK", "INVITE_LINK", "NOW", "JimWorld", "build_jim_world", "call", "utc"]
