"""A person's own data: requests to correct or destroy (part of) her data, and their history.

A request belongs to one family's dossier and is answered by that family's regisseur (the jeugdhulpverlener who
keeps the dossier). The legal term is stamped when the request comes in (`due_on`), so the caseload can show how
many days are left. `OwnDataRequestEvent` is append-only: no code path changes or deletes a row.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from webapp.clock import utcnow


class RequestKind(StrEnum):
    CORRECTIE = "correctie"  # something is wrong or missing (AVG art. 16)
    VERNIETIGING = "vernietiging"  # destroy (part of) my data (Jeugdwet art. 7.3.9)


class RequestStatus(StrEnum):
    INGEDIEND = "ingediend"
    IN_BEHANDELING = "in_behandeling"
    AFGEROND = "afgerond"
    AFGEWEZEN = "afgewezen"


OPEN_REQUEST_STATUSES = (RequestStatus.INGEDIEND, RequestStatus.IN_BEHANDELING)


class OwnDataRequest(SQLModel, table=True):
    __tablename__ = "own_data_request"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True, ondelete="CASCADE")  # whose dossier
    # SET NULL: a mentor who deletes his account leaves his request with the regisseur.
    requester_id: int | None = Field(default=None, foreign_key="user.id", index=True, ondelete="SET NULL")
    kind: str = Field(max_length=15)  # RequestKind
    about: str = Field(max_length=300)  # which data, in her own words
    text: str = Field(max_length=4000)  # what she asks, in her own words
    status: str = Field(default=RequestStatus.INGEDIEND, max_length=15, index=True)  # RequestStatus
    answer: str = Field(default="", max_length=4000)  # the regisseur's answer or reason, shown to the requester
    created_at: datetime = Field(default_factory=utcnow)
    due_on: date  # the legal term ends (see webapp/owndata/workflow.py: TERMS)
    closed_at: datetime | None = None


class OwnDataRequestEvent(SQLModel, table=True):
    """One step of a request: who moved it from which state to which, when, and what they wrote."""

    __tablename__ = "own_data_request_event"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="own_data_request.id", index=True, ondelete="CASCADE")
    from_status: str | None = Field(default=None, max_length=15)
    to_status: str = Field(max_length=15)
    actor_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    note: str = Field(default="", max_length=4000)
    at: datetime = Field(default_factory=utcnow)
