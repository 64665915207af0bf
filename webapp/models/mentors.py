"""JIM mentorships: a youth nominates a trusted adult, who accepts; parents support it; the regisseur approves.

`Mentorship` holds the current state and the dates a monitoring dashboard needs (gemeente, started, ended: no
personal details needed for counting); `MentorshipEvent` is the history the youth sees step by step.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from webapp.clock import utcnow


class MentorRelation(StrEnum):
    OOM_TANTE = "oom_tante"
    OPA_OMA = "opa_oma"
    BROER_ZUS = "broer_zus"
    NEEF_NICHT = "neef_nicht"
    BUUR = "buur"
    COACH = "coach"
    DOCENT = "docent"
    FAMILIEVRIEND = "familievriend"
    ANDERS = "anders"


class MentorshipStatus(StrEnum):
    GENOMINEERD = "genomineerd"  # the youth named someone
    UITGENODIGD = "uitgenodigd"  # an invitation link exists
    GEACCEPTEERD = "geaccepteerd"  # the mentor said yes; waiting for the regisseur
    ACTIEF = "actief"  # approved: the mentor sees what the youth shares
    AFGEWEZEN = "afgewezen"  # the mentor or the regisseur said no
    INGETROKKEN = "ingetrokken"  # the youth stopped before it started
    BEEINDIGD = "beeindigd"  # ended after it was active


OPEN_STATUSES = (
    MentorshipStatus.GENOMINEERD,
    MentorshipStatus.UITGENODIGD,
    MentorshipStatus.GEACCEPTEERD,
    MentorshipStatus.ACTIEF,
)
_OPEN_SQL = text("status IN ({})".format(", ".join(f"'{s.value}'" for s in OPEN_STATUSES)))


class Mentorship(SQLModel, table=True):
    # One mentorship in progress per youth, also when two requests race (a partial unique index).
    __table_args__ = (
        Index(
            "uq_mentorship_open_per_youth", "youth_id", unique=True, sqlite_where=_OPEN_SQL, postgresql_where=_OPEN_SQL
        ),
        # "Her active mentorships as a mentor", in every person's readable conversations (migration 0021).
        Index("ix_mentorship_mentor_id_status", "mentor_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    youth_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    family_id: int = Field(foreign_key="family.id", index=True, ondelete="CASCADE")
    gemeente_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)  # for monitoring
    status: str = Field(max_length=15, index=True)  # MentorshipStatus
    # What the youth told us about the person she chose.
    nominee_name: str = Field(max_length=200)
    relation: str = Field(max_length=20)  # MentorRelation
    contact: str = Field(max_length=254)  # phone number or e-mail address
    motivation: str = Field(max_length=2000)  # in her own words
    mentor_id: int | None = Field(default=None, foreign_key="user.id", index=True)  # once the mentor accepted
    # Parents (for a youth under 16) support the choice, or not; None: not asked or not answered yet.
    parents_support: bool | None = None
    parents_answered_by_id: int | None = Field(default=None, foreign_key="user.id")
    decline_reason: str = Field(default="", max_length=1000)  # the regisseur's words, shown to the youth
    nominated_at: datetime = Field(default_factory=utcnow)
    accepted_at: datetime | None = None
    started_at: datetime | None = Field(default=None, index=True)  # approved by the regisseur
    ended_at: datetime | None = Field(default=None, index=True)


class MentorshipEvent(SQLModel, table=True):
    """One step of a mentorship (who moved it from which state to which, when)."""

    __tablename__ = "mentorship_event"

    id: int | None = Field(default=None, primary_key=True)
    mentorship_id: int = Field(foreign_key="mentorship.id", index=True, ondelete="CASCADE")
    from_status: str | None = Field(default=None, max_length=15)
    to_status: str = Field(max_length=15)
    actor_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    at: datetime = Field(default_factory=utcnow)


class MentorInvite(SQLModel, table=True):
    """The link the youth gives her nominee. Works once, expires; only its hash is stored."""

    __tablename__ = "mentor_invite"

    id: int | None = Field(default=None, primary_key=True)
    mentorship_id: int = Field(foreign_key="mentorship.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
