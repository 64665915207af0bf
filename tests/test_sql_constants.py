"""Statements built once at import (webapp/sql_once.py, webapp/sql_constants.py, issue 14): our constants are written
into their SQL, so SQLAlchemy neither re-renders the SQL for an IN list nor converts the constants on every execution;
they read the same rows; and nothing that could change the SQL's meaning is written in."""

from __future__ import annotations

import enum
import importlib
import pkgutil

import pytest
from sqlalchemy import Enum, Integer, String, bindparam, column, literal, select, table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.selectable import CompoundSelect, Select
from sqlmodel import Session

import webapp
from tests.factories import make_user
from webapp.models import Relation, Role, User, UserRole
from webapp.sql_constants import inline_constants
from webapp.sql_keys import _HashedOnce
from webapp.sql_once import built_once

DIALECTS = [sqlite.dialect(), postgresql.dialect()]


def _people_with_roles():
    return (
        select(User.id, User.name)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role.in_([Role.OUDER.value, Role.JONGERE.value]), User.active == True)  # noqa: E712
        .where(User.name != "niemand", User.id > 0)
        .order_by(User.id)
    )


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
def test_our_constants_are_written_into_the_sql(dialect) -> None:
    plain = _people_with_roles().compile(dialect=dialect)
    written = inline_constants(_people_with_roles()).compile(dialect=dialect)
    assert "POSTCOMPILE" in plain.string and "POSTCOMPILE" not in written.string
    assert "IN ('ouder', 'jongere')" in written.string and "'niemand'" in written.string
    assert len(written.params) < len(plain.params)


def test_a_statement_with_its_constants_written_in_reads_the_same_rows(db: Session) -> None:
    make_user(db, Role.OUDER, name="Ayşe Yılmaz")
    make_user(db, Role.JONGERE, name="Emre Yılmaz")
    make_user(db, Role.REGISSEUR, name="Petra Jansen")
    connection = db.connection()
    rows = connection.execute(_people_with_roles()).all()
    assert [name for _id, name in rows] == ["Ayşe Yılmaz", "Emre Yılmaz"]
    assert connection.execute(built_once(_people_with_roles())).all() == rows


@pytest.mark.parametrize(
    "value",
    ["O'Brien", "50%", "a\\b", "line\nbreak", "Ayşe", True, 1.5],
    ids=["quote", "percent", "backslash", "newline", "non-ascii", "bool", "float"],
)
def test_a_value_that_is_not_plain_text_or_a_whole_number_stays_a_parameter(value) -> None:
    statement = inline_constants(select(User.id).where(User.name == literal(value)))
    for dialect in DIALECTS:
        assert len(statement.compile(dialect=dialect).params) == 1, dialect.name


class _TextMember(str, enum.Enum):  # noqa: UP042 - the mix-in whose str() is the name, on purpose
    FAMILY = "gezin"


class _NumberMember(int, enum.Enum):
    THREE = 3


def test_an_enum_member_is_written_as_its_value_not_as_what_str_makes_of_it() -> None:
    """`str()` of a `(str, Enum)` member is "_TextMember.FAMILY", and of an `(int, Enum)` member "_NumberMember.THREE":
    written in as such, the first would match nothing and the second would name a column."""
    things = table("things", column("kind", String()), column("number", Integer()))
    statement = inline_constants(
        select(things.c.kind).where(
            things.c.kind == _TextMember.FAMILY,
            things.c.number == _NumberMember.THREE,
            things.c.kind.in_([_TextMember.FAMILY]),
        )
    )
    sql = str(statement.compile(dialect=sqlite.dialect()))
    assert "things.kind = 'gezin'" in sql and "things.number = 3" in sql and "IN ('gezin')" in sql
    assert "Member" not in sql


def test_a_named_parameter_stays_a_parameter_even_with_a_value() -> None:
    statement = inline_constants(select(User.id).where(User.name == bindparam("name", value="Samira")))
    assert statement.compile(dialect=sqlite.dialect()).params == {"name": "Samira"}


def test_a_type_that_converts_values_on_the_way_in_keeps_its_parameter() -> None:
    """An Enum column stores the member's name, not its value: writing the value in would change the meaning."""
    relations = table("relations", column("relation", Enum(Relation)))
    statement = inline_constants(select(relations.c.relation).where(relations.c.relation == Relation.OUDER))
    assert "'ouder'" not in str(statement.compile(dialect=sqlite.dialect()))


def _module_level_statements():
    for info in pkgutil.walk_packages(webapp.__path__, "webapp."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Select | CompoundSelect):
                yield f"{info.name}.{name}", value


def test_every_statement_built_at_import_is_built_once() -> None:
    """A module-level statement lives as long as the process: its constants written in and its key hashed once. A
    named expanding parameter (ids the caller passes) is the only IN list left for SQLAlchemy to render."""
    statements = dict(_module_level_statements())
    assert len(statements) > 30
    for name, statement in statements.items():
        key = statement._generate_cache_key()
        assert key is None or isinstance(key.key, _HashedOnce), name
        compiled = statement.compile(dialect=sqlite.dialect())
        assert all(not p.key.startswith("%(") for p in compiled.post_compile_params), name
        assert not compiled.literal_execute_params, name
