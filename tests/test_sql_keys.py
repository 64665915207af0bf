"""Statements whose cache key hashes once (webapp/sql_keys.py, issue 14): the key is the statement's own (it finds the
same compiled SQL and the same rows), its hash is not computed again, and a statement made from one of them
(`.where()`) has its own key, SQL and rows."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from tests.factories import make_user
from webapp.models import Role, User
from webapp.sql_keys import hashed_once


def _people():
    return select(User.id, User.name).order_by(User.id)


def test_the_key_is_the_statements_own_and_hashes_without_walking_it() -> None:
    plain, fixed = _people(), hashed_once(_people())
    assert fixed._generate_cache_key().key == plain._generate_cache_key().key
    assert hash(fixed._generate_cache_key().key) == hash(plain._generate_cache_key().key)
    assert fixed._generate_cache_key() is fixed._generate_cache_key()

    items = fixed._generate_cache_key().key
    items._hash = 12345  # what it answers is what it kept, not a walk through the statement's structure
    assert hash(items) == 12345


def test_a_statement_made_from_one_has_its_own_key_sql_and_rows(db) -> None:
    first = make_user(db, Role.OUDER, name="Ayşe Yılmaz")
    make_user(db, Role.JONGERE, name="Emre Yılmaz")
    everyone = hashed_once(_people())
    one = everyone.where(User.id == bindparam("person"))
    connection = db.connection()
    assert len(connection.execute(everyone).all()) == 2
    assert connection.execute(one, {"person": first.id}).all() == [(first.id, "Ayşe Yılmaz")]
    assert one._generate_cache_key().key != everyone._generate_cache_key().key
    assert len(connection.execute(everyone).all()) == 2  # and the first one still finds its own compiled SQL


def test_a_hashed_statement_reads_the_same_rows(db) -> None:
    make_user(db, Role.OUDER, name="Ayşe Yılmaz")
    connection = db.connection()
    assert connection.execute(hashed_once(_people())).all() == connection.execute(_people()).all()
