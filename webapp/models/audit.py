"""The access log (NEN 7513): every read, change, print or export of a family's plan by a professional.

Append-only for the app: no code path updates or deletes rows, and database triggers refuse it (migration 0002).
"""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from webapp.clock import utcnow


class AuditAction(StrEnum):
    READ = "read"
    CHANGE = "change"
    PRINT = "print"
    EXPORT = "export"


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = Field(default_factory=utcnow, index=True)
    action: str = Field(max_length=10)  # AuditAction
    object_type: str = Field(max_length=30)  # "gezinsplan", "toekomstplan"
    object_id: int | None = None
    family_id: int = Field(foreign_key="family.id", index=True)  # the client (whose data)
    subject_id: int | None = Field(default=None, foreign_key="user.id")  # the person the data is about, if one
    actor_id: int = Field(foreign_key="user.id")
    actor_name: str = Field(max_length=200)  # kept as it was, even if the account changes later
    actor_role: str = Field(max_length=20)
    actor_organisation: str = Field(default="", max_length=200)
    on_behalf_of: str = Field(default="", max_length=200)
    source: str = Field(default="", max_length=64)  # client address
    outcome: str = Field(default="success", max_length=10)  # success / denied
