"""Statements built once at import, with the hash of their SQLAlchemy cache key computed once (issue 14).

To find a statement's compiled SQL, SQLAlchemy looks up the statement's cache key in its compiled cache on every
execution. The key is a nested tuple of the statement's whole structure, memoised per statement object, but a tuple
does not keep its hash: each lookup walks the whole structure again. For the hot pages' large read statements
("Nu voor jou" is one UNION ALL of ten selects) that was 80-160 µs a page, 4-5% of it, much of it cache misses.

`hashed_once(statement)` gives the statement a cache key equal to its own (same items, same hash, so it finds and
stores the same compiled SQL) whose hash is computed once. Only for statements that live as long as the process
and are never changed: SQLAlchemy's statements are immutable (every `.where()` makes a new one), so the memoised
key is the statement's key for good, and a statement made from this one has its own.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.sql.base import Executable
from sqlalchemy.util import HasMemoized

S = TypeVar("S", bound=Executable)


class _HashedOnce(tuple):
    """A tuple that knows its hash: equal to, and hashed like, the tuple it was made from."""

    _hash: int

    def __hash__(self) -> int:
        return self._hash


def hashed_once(statement: S) -> S:
    """`statement`, whose cache key hashes in constant time (see the module's docstring)."""
    key = statement._generate_cache_key()
    if key is None or not isinstance(statement, HasMemoized):  # not cacheable, or not memoised by SQLAlchemy
        return statement
    items = _HashedOnce(key.key)
    items._hash = hash(key.key)
    fixed = key._replace(key=items)
    # As SQLAlchemy memoises the key: a function returning it, in the instance's __dict__, named among its memoised
    # attributes, so that a statement made from this one (`.where()`, `.limit()` ...) does not inherit it.
    statement._set_memoized_attribute("_generate_cache_key", lambda: fixed)
    return statement
