"""Telling SQLite which index not to start from, in statements built once at import (issue 14).

SQLite plans without statistics (nobody runs ANALYZE on the embedded database), so for `status = 'x' AND
family_id IN (her families)` it may start from the status index: every row of that status in the database, on
every page, growing with the country's data; for an appointment she takes part in, from her participations: every
appointment she ever had. PostgreSQL plans from statistics and needs no hint.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, literal_column


def not_by_index(column: ColumnElement) -> ColumnElement:
    """`column || ''` (a number: `column + 0`): the same value, but no longer a column SQLite can look up through its
    index, so it starts from the statement's other conditions (a person's own rows) and checks this one on the rows
    it finds."""
    if isinstance(column.type, Integer):
        return column + literal_column("0")
    return column.concat(literal_column("''"))
