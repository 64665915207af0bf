"""Statements built once at import, made cheap to execute many times (issue 14): `built_once(statement)`.

The hot pages run a handful of large read statements on every request. SQLAlchemy does some work per execution that
depends only on the statement, not on the request: finding its compiled SQL by its cache key (webapp/sql_keys.py)
and handling the constants it was built with (webapp/sql_constants.py). `built_once` does that work once.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.sql.base import Executable

from webapp.sql_constants import inline_constants
from webapp.sql_keys import hashed_once

S = TypeVar("S", bound=Executable)


def built_once(statement: S) -> S:
    """`statement` with our constants written into its SQL and a cache key that hashes in constant time. Only for
    statements that live as long as the process (module level)."""
    return hashed_once(inline_constants(statement))
