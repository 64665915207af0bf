"""The access log (NEN 7513): every read, change, print or export of a family's data by a professional.

Append-only: no code path updates or deletes rows, and the database refuses it (migrations 0002 and 0006): UPDATE,
DELETE, SQLite's `INSERT OR REPLACE` on an existing row and PostgreSQL's TRUNCATE all fail. Every row carries the
hash of the row before it (`prev_hash`) and its own (`row_hash`, see webapp/audit/chain.py), so a row changed or
removed behind the database's back is found by `flask audit-verify`.

No foreign keys on purpose. The log must outlive what it points at (kept at least 5 years, longer than a deleted
account or a destroyed dossier), and an append-only table can neither block a deletion elsewhere nor follow one:
`ON DELETE SET NULL` or `CASCADE` would be a change of the log. So the actor and the person the data is about are
kept as an id plus their name at the time (`actor_name`, `subject_name`); the ids may point at nobody later.
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

    id: int | None = Field(default=None, primary_key=True)  # given by the chain (webapp/audit/chain.py)
    occurred_at: datetime = Field(default_factory=utcnow, index=True)
    action: str = Field(max_length=10)  # AuditAction
    object_type: str = Field(max_length=30)  # "gezinsplan", "toekomstplan", "gezin", "privegesprek", ...
    object_id: int | None = None
    family_id: int = Field(index=True)  # the client (whose data); no foreign key, see above
    subject_id: int | None = None  # the person the data is about, if one
    subject_name: str = Field(default="", max_length=200)  # her name at the time
    actor_id: int
    actor_name: str = Field(max_length=200)  # kept as it was, even if the account changes or goes later
    actor_role: str = Field(max_length=20)
    actor_organisation: str = Field(default="", max_length=200)
    on_behalf_of: str = Field(default="", max_length=200)
    source: str = Field(default="", max_length=64)  # client address
    outcome: str = Field(default="success", max_length=10)  # success / denied
    # The hash chain: sha256 over the previous row's hash and this row's fields. `prev_hash` is unique, so two
    # writers can never both continue the same row (the chain cannot fork, whatever happens).
    prev_hash: str = Field(default="", max_length=64, unique=True, index=True)
    row_hash: str = Field(default="", max_length=64)
