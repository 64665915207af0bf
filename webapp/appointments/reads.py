"""The agenda as plain rows, for the hot pages (issue 14: reads without ORM hydration).

The agenda (/afspraken, Mijn mentor, a volunteer household's page) lists the appointments a person may still see
with everyone's answer. One statement built once at import returns the appointments and their participants
together; the objects carry the attribute names the list template and the callers read (`entry.appointment.id`,
`entry.answer_of(...)`, `person.first_name` ...). Which appointments: the rule of `visibility` (the policy's
`can_view_appointment` as SQL), as before. Writes keep using the ORM (`webapp.appointments.services`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Integer, and_, bindparam, func, literal, or_, select, true, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session

from webapp.appointments.visibility import VIEWER, families_reached, regisseur_sees, still_visible, within_reach
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


_VIEWER = bindparam(VIEWER, type_=Integer())
_AS_REGISSEUR = bindparam("regisseur_id", type_=Integer())  # her id when she is a regisseur, else NULL: no match
_CUTOFF = bindparam("cutoff", type_=Appointment.__table__.c.starts_at.type)
_PAST_LIMIT = bindparam("past_limit", type_=Integer())
_PAST_OFFSET = bindparam("past_offset", type_=Integer())  # past_limit - 1: the nth latest of a family
_MENTORSHIP = bindparam("mentorship_id", type_=Integer())
_EARLIEST = literal(datetime(1, 1, 1, tzinfo=UTC), Appointment.__table__.c.starts_at.type)
_APPOINTMENT_COLUMNS = tuple(getattr(Appointment, name) for name in AppointmentRow._fields)


def _visible(appointment, of_mentorship: bool):
    """The agenda's rule for `appointment` (the table or an alias): the regisseur's view first, which decides her
    own families' appointments at once."""
    rule = or_(regisseur_sees(_AS_REGISSEUR, appointment), still_visible(_VIEWER, appointment))
    return and_(rule, appointment.mentorship_id == _MENTORSHIP) if of_mentorship else rule


def _upcoming(of_mentorship: bool):
    """Every appointment she may see from the cut-off on: from the time index of her families and the rest."""
    return select(Appointment.id).where(
        within_reach(_VIEWER, Appointment.starts_at >= _CUTOFF), _visible(Appointment, of_mentorship)
    )


def _past(of_mentorship: bool):
    """The latest `past_limit` appointments she may see before the cut-off, read from the latest moment at which one
    of her families had `past_limit` of them (each family's nth latest, a few steps back in its time index): at
    most about `past_limit` a family, however many years of appointments lie behind."""
    families = families_reached(_VIEWER).subquery()
    earlier = aliased(Appointment, name="earlier")
    nth_latest = (
        select(earlier.starts_at)
        .where(
            earlier.family_id == families.c.family_id,
            earlier.starts_at < _CUTOFF,
            _visible(earlier, of_mentorship),
        )
        .order_by(earlier.starts_at.desc())
        .limit(1)
        .offset(_PAST_OFFSET)
        .correlate(families)
        .scalar_subquery()
    )
    # One row, computed once: each branch of within_reach compares with it. When none of her families has that
    # many, all of them are read (fewer than past_limit a family).
    bound = select(
        func.coalesce(select(func.max(nth_latest)).select_from(families).scalar_subquery(), _EARLIEST).label("since")
    ).subquery()
    return (
        select(Appointment.id)
        .select_from(bound.join(Appointment, true()))
        .where(
            within_reach(_VIEWER, and_(Appointment.starts_at < _CUTOFF, Appointment.starts_at >= bound.c.since)),
            _visible(Appointment, of_mentorship),
        )
        .order_by(Appointment.starts_at.desc())
        .limit(_PAST_LIMIT)
    )


def _entries(*, of_mentorship: bool = False):
    """The upcoming appointments and the latest `past_limit` past ones, each row an appointment with one participant
    (by name), soonest first; `of_mentorship`: only one mentorship's (the `mentorship_id` parameter)."""
    past = _past(of_mentorship).subquery()
    shown = union_all(_upcoming(of_mentorship), select(past.c.id)).subquery()
    return (
        select(
            *_APPOINTMENT_COLUMNS,
            AppointmentParticipant.user_id,
            AppointmentParticipant.answer,
            User.name.label("person_name"),
        )
        .select_from(shown)
        .join(Appointment, Appointment.id == shown.c.id)
        .outerjoin(AppointmentParticipant, AppointmentParticipant.appointment_id == Appointment.id)
        .outerjoin(User, User.id == AppointmentParticipant.user_id)
        .order_by(Appointment.starts_at, Appointment.id, User.name)
    )


_AGENDA = built_once(_entries())
_AGENDA_OF_MENTORSHIP = built_once(_entries(of_mentorship=True))


def agenda(db: Session, user: User, *, mentorship_id: int | None = None, past_limit: int = 10) -> Agenda:
    """The appointments this user takes part in (and, for a regisseur, those of the caseload's families), soonest
    first, the latest `past_limit` past ones latest first; cancelled ones stay visible until they would have
    happened. One statement, whatever the number."""
    params = {
        VIEWER: user.id,
        "regisseur_id": user.id if user.has_role(Role.REGISSEUR) else None,
        "cutoff": utcnow() - RECENT,
        "past_limit": past_limit,
        "past_offset": max(past_limit, 1) - 1,  # OFFSET -1 is an error on PostgreSQL; LIMIT 0 reads none anyway
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
