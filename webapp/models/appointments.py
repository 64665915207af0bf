"""Appointments (kennismaking, JIM-overleg, evaluatie, ...) with each participant's answer, and calendar feeds."""

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel, UniqueConstraint

from webapp.clock import utcnow


class AppointmentKind(StrEnum):
    KENNISMAKING = "kennismaking"
    JIM_OVERLEG = "jim_overleg"
    EVALUATIE = "evaluatie"
    INTAKE = "intake"  # Steuntje in de rug: the coordinator's intake talk with a family
    ANDERS = "anders"


class Answer(StrEnum):
    OPEN = "open"
    BEVESTIGD = "bevestigd"
    AFGEWEZEN = "afgewezen"
    ANDERE_TIJD = "andere_tijd"  # declined this time and proposed another


class Appointment(SQLModel, table=True):
    __table_args__ = (
        # A mentorship's reviews are numbered, so two workers planning the same review cannot both insert it.
        UniqueConstraint("mentorship_id", "review_number"),
        # A family's and a mentorship's appointments in time: an agenda reads the weeks it shows, not the years.
        Index("ix_appointment_family_id_starts_at", "family_id", "starts_at"),
        Index("ix_appointment_mentorship_id_starts_at", "mentorship_id", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", ondelete="CASCADE")
    mentorship_id: int | None = Field(default=None, foreign_key="mentorship.id", ondelete="SET NULL")
    review_number: int | None = None
    # Steuntje in de rug: an intake, kennismaking or evaluation the meldpunt's coordinator plans for this request.
    respite_request_id: int | None = Field(
        default=None, foreign_key="respite_request.id", index=True, ondelete="SET NULL"
    )
    kind: str = Field(max_length=20)  # AppointmentKind
    title: str = Field(default="", max_length=200)  # for "anders"
    starts_at: datetime = Field(index=True)  # UTC; shown and entered in Europe/Amsterdam
    duration_minutes: int = 60
    place: str = Field(default="", max_length=300)
    video_url: str = Field(default="", max_length=500)
    organiser_id: int | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL"
    )  # None: planned by OnsPlan
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    cancelled_at: datetime | None = None
    # A family asked for an interpreter (tolk) in this language: never a child interpreting for a parent (Pharos).
    interpreter_language: str = Field(default="", max_length=5)
    interpreter_requested_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    sequence: int = 0  # RFC 5545 SEQUENCE: raised on every change of time or place, so calendars update

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class AppointmentParticipant(SQLModel, table=True):
    __tablename__ = "appointment_participant"

    appointment_id: int = Field(foreign_key="appointment.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", primary_key=True, index=True, ondelete="CASCADE")
    answer: str = Field(default=Answer.OPEN, max_length=15)  # Answer
    proposed_starts_at: datetime | None = None  # with ANDERE_TIJD
    answered_at: datetime | None = None


class CalendarFeed(SQLModel, table=True):
    """A personal calendar subscription: a secret URL (only its hash is kept), revocable."""

    __tablename__ = "calendar_feed"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
