"""The access log's hash chain: each row stores the hash of the row before it, so tampering shows.

row_hash = sha256(prev_hash + "\\n" + canonical(row)), where canonical(row) is a JSON list of the row's fields in a
fixed order (below). The first row continues GENESIS. The format is fixed for good: migration 0006 chained the rows
that existed before it with these same functions, and changing them would break every stored chain.

Every AuditEvent added to a session is chained just before it is written (a `before_flush` listener), whoever adds
it. The chain's order is the id order, and the ids are handed out by the chain itself, under a lock:

- PostgreSQL: a transaction-level advisory lock (`pg_advisory_xact_lock`), taken before the last row is read and held
  until commit or rollback, so a second writer waits and then continues the first writer's row. (READ COMMITTED:
  the statement after the lock sees what the first writer committed.) The id comes from the table's sequence after
  the lock, so ids follow the chain.
- SQLite: one writer at a time by design. The chain takes the write lock before it reads the last row; a
  transaction that read other tables before and whose snapshot has gone stale meanwhile gets SQLITE_BUSY, never
  a fork.

Whatever slips past the lock, the unique index on `prev_hash` refuses a second row continuing the same row.
A chain without a secret can be rebuilt from the changed row onwards by someone who can write the table as its
owner: `flask audit-verify` prints the last hash, so keep that somewhere else now and then (an anchor).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, inspect, select, text
from sqlalchemy.orm import Session

from webapp.models import AuditEvent

GENESIS = "0" * 64
FORMAT = "onsplan-audit-v1"
FIELDS = (
    "id",
    "occurred_at",
    "action",
    "object_type",
    "object_id",
    "family_id",
    "subject_id",
    "subject_name",
    "actor_id",
    "actor_name",
    "actor_role",
    "actor_organisation",
    "on_behalf_of",
    "source",
    "outcome",
)
ADVISORY_LOCK = 7513  # one key for the whole log (NEN 7513)

_table = AuditEvent.__table__


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise ValueError("audit times are stored in UTC and must say so")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, str):
        return str(value)  # a StrEnum member becomes its plain value
    return value


def canonical(row: Mapping[str, Any]) -> bytes:
    """The row's fields as one unambiguous byte string (JSON list, fixed order, UTF-8)."""
    return json.dumps([FORMAT, *(_plain(row[name]) for name in FIELDS)], ensure_ascii=False, separators=(",", ":")).encode()


def link(prev_hash: str, row: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(row)).hexdigest()


def _fields(event_row: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event_row, name) for name in FIELDS}


def tail(connection) -> tuple[int, str]:
    """The last row's id and hash (0 and GENESIS for an empty log)."""
    found = connection.execute(select(_table.c.id, _table.c.row_hash).order_by(_table.c.id.desc()).limit(1)).first()
    return (found.id, found.row_hash) if found else (0, GENESIS)


def _next_id(connection, last_id: int) -> int:
    if connection.dialect.name == "postgresql":
        return connection.execute(text("SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))")).scalar_one()
    return last_id + 1


def chain(connection, events: Iterable[AuditEvent]) -> None:
    """Give new rows their id and hashes, continuing the stored chain. Call inside the writing transaction."""
    events = list(events)
    if not events:
        return
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
    else:
        # Take SQLite's write lock before reading the tail (a write that changes nothing): waiting for it is then
        # done by busy_timeout, instead of failing later because the tail we read is no longer the last row.
        connection.execute(text("UPDATE audit_event SET id = id WHERE 0"))
    last_id, prev = tail(connection)
    for pending in events:
        last_id = pending.id = _next_id(connection, last_id)
        if pending.occurred_at.utcoffset() is None:  # stored as UTC: hash what will be read back
            pending.occurred_at = pending.occurred_at.replace(tzinfo=UTC)
        pending.prev_hash = prev
        prev = pending.row_hash = link(prev, _fields(pending))


@event.listens_for(Session, "before_flush")
def _chain_new_rows(session: Session, _context, _instances) -> None:
    pending = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if pending:
        pending.sort(key=lambda obj: inspect(obj).insert_order)
        chain(session.connection(), pending)


@dataclass(frozen=True)
class Verdict:
    rows: int  # rows checked (up to and including a broken one)
    broken_id: int | None = None
    reason: str = ""
    last_hash: str = GENESIS

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify(connection, batch: int = 1000) -> Verdict:
    """Walk the whole log in id order; stop at the first row whose link or contents do not match."""
    prev, count = GENESIS, 0
    result = connection.execute(select(_table).order_by(_table.c.id), execution_options={"yield_per": batch})
    for row in result.mappings():
        count += 1
        if row["prev_hash"] != prev:
            return Verdict(count, row["id"], "does not continue the row before it (a row was removed or added)", prev)
        if row["row_hash"] != link(prev, row):
            return Verdict(count, row["id"], "its contents were changed after it was written", prev)
        prev = row["row_hash"]
    return Verdict(count, last_hash=prev)
