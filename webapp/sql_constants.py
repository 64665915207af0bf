"""Our own constants written into the SQL of statements built once at import (issue 14).

A statement such as `kind IN ('gezin', 'prive', 'mentor') AND status = 'actief'` written with SQLAlchemy gets a bound
parameter for every constant, and a list for IN becomes an "expanding" parameter: on every execution SQLAlchemy
re-renders the SQL text to put one placeholder per item in it (15-80 µs a statement, most of the hot pages' statements
have one), and then converts every parameter ("Nu voor jou" had 87, most of them constants). Written into the SQL
they cost nothing per execution, and SQLite plans with the values in view.

Only what is safe to write as SQL text is written in: anonymous parameters (made from a literal in the code, never a
named one that an execution fills in) holding a whole number or plain text (letters, digits, spaces and `_-,.:;/`: the values
of our enums, a separator), of a plain String or Integer type (no type that converts a value on the way in, such as an Enum that
stores names). Anything else stays a parameter.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import TypeVar

from sqlalchemy import Integer, String, literal_column, tuple_
from sqlalchemy.sql import elements, sqltypes, visitors
from sqlalchemy.sql.base import Executable

S = TypeVar("S", bound=Executable)

# Text that needs no escaping in SQL on either engine: no quote, no backslash, no % (psycopg's placeholders).
_PLAIN_TEXT = re.compile(r"[\w ,.:;/-]+", re.ASCII)


def inline_constants(statement: S) -> S:
    """`statement` with the constants it was built with written into its SQL (see the module's docstring)."""
    return visitors.replacement_traverse(statement, {}, _written_in)  # type: ignore[return-value]


def _written_in(element):
    if not isinstance(element, elements.BindParameter) or not _constant(element):
        return None  # keep it, and look inside
    if element.expanding:
        values = [_sql_text(value) for value in element.value]
        if not values or any(value is None for value in values):
            return None
        return tuple_(*values)
    return _sql_text(element.value)


def _constant(parameter: elements.BindParameter) -> bool:
    """An anonymous parameter with its value in the statement, of a type that passes values through unchanged."""
    return (
        isinstance(parameter.key, elements._anonymous_label)
        and parameter.value is not None
        and parameter.callable is None
        and _passes_values_through(parameter.type)
    )


def _passes_values_through(type_: sqltypes.TypeEngine) -> bool:
    """String, Integer, no type, or a decorator of String or Integer that converts nothing on the way in (SQLModel's
    AutoString); not an Enum (it stores the member's name)."""
    if isinstance(type_, sqltypes.TypeDecorator):
        if type(type_).process_bind_param is not sqltypes.TypeDecorator.process_bind_param:
            return False
        type_ = type_.impl_instance
    return isinstance(type_, String | Integer | sqltypes.NullType) and not isinstance(type_, sqltypes.Enum)


def _sql_text(value: object):
    """A whole number or plain text as SQL text; None for any other value (it stays a parameter). An enum member is
    written as its value; only an exact int or str is written at all (a subclass may print as something else:
    `str()` of a `(str, Enum)` member is its name)."""
    if isinstance(value, Enum):
        value = value.value
    if type(value) is int:
        return literal_column(str(value), Integer())
    if type(value) is str and _PLAIN_TEXT.fullmatch(value):
        return literal_column(f"'{value}'", String())
    return None
