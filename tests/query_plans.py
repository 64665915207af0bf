"""SQLite's query plan of a statement, and the steps in it that grow with the database: a table read whole, or rows
found by an index on a status or kind column alone (every row of that status or kind in the country, where the
statement wants a person's or an organisation's own)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy.sql.base import Executable
from sqlmodel import Session


def plan_of(db: Session, statement: Executable, params: dict) -> list[str]:
    """SQLite's plan for `statement` with `params`: one line per step ("SEARCH message USING INDEX ...")."""
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's query planner; PostgreSQL plans from statistics")
    sql = str(statement.params(params).compile(db.get_bind(), compile_kwargs={"literal_binds": True}))
    return [row[3] for row in db.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]


def growing_steps(db: Session, statement: Executable, params: dict) -> list[str]:
    """The steps of SQLite's plan for `statement` with `params` that read more as the database grows."""
    plan = plan_of(db, statement, params)
    whole = [s for s in plan if s.startswith("SCAN") and s != "SCAN CONSTANT ROW" and not s.startswith("SCAN anon")]
    by_status_or_kind = [s for s in plan if _BY_STATUS_OR_KIND.search(s)]
    return whole + by_status_or_kind


# "USING INDEX ix_mentorship_status (status=?)", "USING INDEX sqlite_autoindex_conversation_2 (kind=?)"
_BY_STATUS_OR_KIND = re.compile(r"\((status|kind)=\?\)")


def sqlite_steps(db: Session, statement: Executable, params: dict) -> int:
    """How many instructions SQLite's virtual machine runs for `statement`: the work it does, whatever the machine
    (its rows read and compared), to compare the same statement on a small and a larger database."""
    return sqlite_steps_while(db, lambda: db.connection().execute(statement, params).all())


def sqlite_steps_while(db: Session, read: Callable[[], object]) -> int:
    """How many instructions SQLite's virtual machine runs while `read` runs (all of its statements)."""
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's virtual machine")
    raw = db.connection().connection.dbapi_connection
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0  # go on

    raw.set_progress_handler(count, 1)
    try:
        read()
    finally:
        raw.set_progress_handler(None, 1)
    return steps[0]
