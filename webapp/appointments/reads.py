"""The agenda as plain rows, for the hot pages (issue 14: reads without ORM hydration).

The agenda (/afspraken, Mijn mentor, a volunteer household's page) lists the appointments a person may still see
with everyone's answer. One statement built once at import returns the appointments and their participants
together; the objects carry the attribute names the list template and the callers read (`entry.appointment.id`,
`entry.answer_of(...)`, `person.first_name` ...). Which appointments: the rule of `visibility` (the policy's
`can_view_appointment` as SQL), as before. Writes keep using the ORM (`webapp.appointments.services`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Integer, bindparam, or_, select
from sqlmodel import Session

from webapp.appointments.visibility import VIEWER, regisseur_sees, still_visible
from webapp.clock import utcnow
from webapp.models import Answer, Appointment, AppointmentParticipant, Family, FamilyMember, Relation, Role, User
from webapp.sql_once import built_once

RECENT = timedelta(hours=2)  # an appointment that began less than this ago is still "upcoming"


# The rows are NamedTuples: made for every appointment and participant of a long agenda on every visit, and the
# kept list's key (appointments/display.py), hashed and compared in C.


class AppointmentRow(NamedTuple):
    """The appointment as the list shows it (no ORM object: nothing to change here)."""

    id: int
    family_id: int
    mentorship_id: int | None
    respite_request_id: int | None
    kind: str
    title: str
    starts_at: datetime
    duration_minutes: int
    place: str
    video_url: str
    organiser_id: int | None
    interpreter_language: str
    cancelled_at: datetime | None


class ParticipantRow(NamedTuple):
    appointment_id: int
    user_id: int
    answer: str


class ParticipantName(NamedTuple):
    """Who takes part, as the list names her (by first name)."""

    id: int
    name: str

    @property
    def first_name(self) -> str:
        return self.name.split(" ", 1)[0]


@dataclass(slots=True)
class AgendaEntry:
    """One appointment of the agenda with everyone's answer; the reading side of `services.AppointmentView`."""

    appointment: AppointmentRow
    participants: list[tuple[ParticipantRow, ParticipantName]] = field(default_factory=list)
    family: None = None  # agenda lists never need the family

    @property
    def participant_ids(self) -> set[int]:
        return {p.user_id for p, _u in self.participants}

    def answer_of(self, user_id: int) -> ParticipantRow | None:
        return next((p for p, _u in self.participants if p.user_id == user_id), None)

    @property
    def everyone_confirmed(self) -> bool:
        return all(p.answer == Answer.BEVESTIGD for p, _u in self.participants)


@dataclass
class Agenda:
    upcoming: list[AgendaEntry]
    past: list[AgendaEntry]


_AS_REGISSEUR = bindparam("regisseur_id", type_=Integer())  # her id when she is a regisseur, else NULL: no match
_CUTOFF = bindparam("cutoff", type_=Appointment.__table__.c.starts_at.type)
_PAST_LIMIT = bindparam("past_limit", type_=Integer())
_MENTORSHIP = bindparam("mentorship_id", type_=Integer())
_APPOINTMENT_COLUMNS = tuple(getattr(Appointment, name) for name in AppointmentRow._fields)


def _entries(*only):
    """The upcoming appointments (all) and the latest `past_limit` past ones, each row an appointment with one
    participant (by name), soonest first. `only`: further conditions (one mentorship's appointments)."""
    visible = or_(still_visible(bindparam(VIEWER, type_=Integer())), regisseur_sees(_AS_REGISSEUR))
    upcoming = select(Appointment.id).where(visible, Appointment.starts_at >= _CUTOFF, *only)
    past = (
        select(Appointment.id)
        .where(visible, Appointment.starts_at < _CUTOFF, *only)
        .order_by(Appointment.starts_at.desc())
        .limit(_PAST_LIMIT)
    )
    return (
        select(
            *_APPOINTMENT_COLUMNS,
            AppointmentParticipant.user_id,
            AppointmentParticipant.answer,
            User.name.label("person_name"),
        )
        .select_from(Appointment)
        .outerjoin(AppointmentParticipant, AppointmentParticipant.appointment_id == Appointment.id)
        .outerjoin(User, User.id == AppointmentParticipant.user_id)
        .where(or_(Appointment.id.in_(upcoming), Appointment.id.in_(past.scalar_subquery())))
        .order_by(Appointment.starts_at, Appointment.id, User.name)
    )


_AGENDA = built_once(_entries())
_AGENDA_OF_MENTORSHIP = built_once(_entries(Appointment.mentorship_id == _MENTORSHIP))


def agenda(db: Session, user: User, *, mentorship_id: int | None = None, past_limit: int = 10) -> Agenda:
    """The appointments this user takes part in (and, for a regisseur, those of the caseload's families), soonest
    first, the latest `past_limit` past ones latest first; cancelled ones stay visible until they would have
    happened. One statement, whatever the number."""
    params = {
        VIEWER: user.id,
        "regisseur_id": user.id if user.has_role(Role.REGISSEUR) else None,
        "cutoff": utcnow() - RECENT,
        "past_limit": past_limit,
    }
    statement = _AGENDA
    if mentorship_id is not None:
        statement, params["mentorship_id"] = _AGENDA_OF_MENTORSHIP, mentorship_id
    entries: dict[int, AgendaEntry] = {}
    for row in db.connection().execute(statement, params):
        entry = entries.get(row.id)
        if entry is None:
            entry = entries[row.id] = AgendaEntry(AppointmentRow(*row[: len(_APPOINTMENT_COLUMNS)]))
        if row.user_id is not None:
            entry.participants.append(
                (ParticipantRow(row.id, row.user_id, row.answer), ParticipantName(row.user_id, row.person_name))
            )
    cutoff = params["cutoff"]
    upcoming = [e for e in entries.values() if e.appointment.starts_at >= cutoff]
    past = [e for e in reversed(entries.values()) if e.appointment.starts_at < cutoff]
    return Agenda(upcoming, past)


_ME = bindparam("me", type_=Integer())
_DIRECTS_A_FAMILY = built_once(select(Family.id).where(Family.regisseur_id == _ME).limit(1))
_YOUTH_IN_A_FAMILY = built_once(
    select(FamilyMember.family_id)
    .where(FamilyMember.user_id == _ME, FamilyMember.relation == Relation.JONGERE)
    .limit(1)
)


def plans_anywhere(db: Session, user: User) -> bool:
    """Whether this person may plan appointments in some family, for the agenda's button: a regisseur with a family,
    or a youth of a family (policy.can_propose_appointment). One small statement."""
    if not user.active:
        return False
    statement = _DIRECTS_A_FAMILY if user.has_role(Role.REGISSEUR) else _YOUTH_IN_A_FAMILY
    return db.connection().execute(statement, {"me": user.id}).first() is not None
