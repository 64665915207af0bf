"""What a refused request may not change, measured cheaply.

While a request runs, every INSERT/UPDATE/DELETE statement names its table (`Writes`). The fingerprint is the row
count of every table plus a hash of the rows of the tables the request wrote to. It is taken twice on the same
connection: after the request, and again after rolling back the example's savepoint (which is the state before the
request). A refusal that left a row behind, or changed one, shows as a difference.

A refused form may still draw its page again, and drawing a page may write what any page view writes; those rows
are not the form's doing and are left out (see `PAGE_VIEW`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, event, text
from sqlmodel import SQLModel

DML = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)

# Per table: which rows count. Any page view may write these, so they are no sign of a form changing something:
# - audit_event: a professional who sees the form again reads family data, and every read is logged (NEN 7513);
#   a logged change (action 'change') would still show;
# - auth_session: the session's last-seen time is touched at most once a minute;
# - conversation_read: a conversation drawn again is read again.
PAGE_VIEW: dict[str, str] = {
    "audit_event": "action <> 'read'",
    "auth_session": "",
    "conversation_read": "1 = 0",
}
IGNORED_COLUMNS: dict[str, frozenset[str]] = {"auth_session": frozenset({"last_seen_at"})}


class Writes:
    """The tables written by statements on `engine` while `recording()` is active."""

    def __init__(self, engine: Engine) -> None:
        self.tables: set[str] = set()
        self._on = False
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement: str, *_args) -> None:
        if self._on and (match := DML.match(statement)):
            self.tables.add(match.group(1).lower())

    def close(self, engine: Engine) -> None:
        event.remove(engine, "before_cursor_execute", self._seen)

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        self.tables = set()
        self._on = True
        try:
            yield self.tables
        finally:
            self._on = False


def _tables() -> dict[str, list[str]]:
    """Table name → primary key columns, from the models."""
    return {t.name: [c.name for c in t.primary_key.columns] for t in SQLModel.metadata.sorted_tables}


def _where(table: str) -> str:
    condition = PAGE_VIEW.get(table, "")
    return f" WHERE {condition}" if condition else ""


def fingerprint(connection: Connection, written: set[str]) -> dict[str, object]:
    tables = _tables()
    counts = " UNION ALL ".join(f"SELECT '{name}', COUNT(*) FROM \"{name}\"{_where(name)}" for name in tables)  # noqa: S608 - table names from the models
    result: dict[str, object] = {name: count for name, count in connection.execute(text(counts))}
    for name in sorted(written & tables.keys()):
        rows = connection.execute(
            text(f'SELECT * FROM "{name}"{_where(name)} ORDER BY {", ".join(tables[name])}')  # noqa: S608
        ).mappings()
        ignored = IGNORED_COLUMNS.get(name, frozenset())
        digest = hashlib.sha256()
        for row in rows:
            digest.update(repr(sorted((k, v) for k, v in row.items() if k not in ignored)).encode())
        result[f"{name} rows"] = digest.hexdigest()
    return result


def difference(before: dict[str, object], after: dict[str, object]) -> list[str]:
    return [f"{key}: {before.get(key)} → {after.get(key)}" for key in sorted(before) if before[key] != after.get(key)]
