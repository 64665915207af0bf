"""The session guard (issue 14, item 3): the cookie's session and its person in one statement, however many
sessions, people and roles there are, read into a plain object (webapp/auth/current.py) that the pages and the
policy read as they read the ORM user, that equals the ORM user, and that saves what is written through it. A
revoked, idle, too old or disabled session still logs out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pyotp
import pytest
from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm.exc import UnmappedInstanceError
from sqlmodel import Session

from tests.conftest import freeze_time
from tests.factories import login, make_regisseur, make_user
from webapp.auth import policy, sessions
from webapp.auth.current import CARRIED, SessionRow, SignedInUser, account
from webapp.clock import utcnow
from webapp.db import database, get_session
from webapp.models import AuthSession, Organisation, OrganisationKind, Role, User, UserRole


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements run meanwhile (not the tests' own savepoints, nor SQLite's explicit BEGIN)."""
    seen: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:
        if not statement.strip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            seen.append(statement)

    engine = database(app).engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _coordinator(db: Session) -> User:
    organisation = Organisation(name="Gemeente Venlo", kind=OrganisationKind.GEMEENTE, region="Noord-Limburg")
    db.add(organisation)
    db.flush()
    user = make_user(db, Role.COORDINATOR, Role.MODERATOR, language="tr", totp_secret=pyotp.random_base32())
    user.organisation_id = organisation.id
    db.commit()
    return user


def _token(db: Session, user: User) -> str:
    token = sessions.start(db, user)
    db.commit()
    return token


def _load(app: Flask, token: str) -> tuple[SignedInUser, SessionRow] | None:
    with app.test_request_context():
        return sessions.load_user(get_session(), token)


def _more_data(db: Session) -> None:
    """Other people with sessions and roles: none of it may change what the guard runs."""
    for number in range(30):
        other = make_user(db, Role.OUDER, Role.MENTOR, Role.STEUNGEZIN)
        for _ in range(3 if number % 2 else 1):
            sessions.start(db, other)
    db.commit()


def _guard_statements(app: Flask, client, monkeypatch) -> list[list[str]]:
    """The statements of the session guard on each page the client opens."""
    runs: list[list[str]] = []
    original = sessions.load_user

    def counted(db, token):
        with statements(app) as seen:
            found = original(db, token)
        runs.append(seen)
        return found

    monkeypatch.setattr(sessions, "load_user", counted)
    for path in ("/home", "/berichten", "/account"):
        assert client.get(path).status_code == 200
    return runs


@pytest.mark.parametrize("more", [False, True], ids=["little data", "more data"])
def test_the_guard_reads_the_session_and_the_person_in_one_statement(app, client, db, monkeypatch, more) -> None:
    if more:
        _more_data(db)
    user = _coordinator(db)
    login(client, user)
    if more:
        db.add(UserRole(user_id=user.id, role=Role.REDACTEUR))
        for _ in range(5):
            sessions.start(db, user)  # her other devices
        db.commit()
    runs = _guard_statements(app, client, monkeypatch)
    assert [len(run) for run in runs] == [1, 1, 1], runs


def test_the_once_a_minute_touch_is_one_update_more(app, client, db, monkeypatch) -> None:
    user = make_user(db, Role.JONGERE)
    login(client, user)
    freeze_time(app, utcnow() + timedelta(minutes=2))
    runs = _guard_statements(app, client, monkeypatch)
    assert [len(run) for run in runs] == [2, 1, 1], runs
    assert runs[0][1].lstrip().upper().startswith("UPDATE")


def test_the_plain_person_reads_as_the_orm_user(app, db) -> None:
    for user in (_coordinator(db), make_user(db, Role.JONGERE, with_password=False), make_regisseur(db)):
        token = _token(db, user)
        found = _load(app, token)
        assert found is not None
        plain, auth = found
        for name in CARRIED:
            assert getattr(plain, name) == getattr(user, name), name
        assert plain.role_set == user.role_set
        assert plain.has_login == user.has_login
        assert plain.first_name == user.first_name
        assert plain.is_professional == user.is_professional
        assert plain.has_role(Role.COORDINATOR) == user.has_role(Role.COORDINATOR)
        assert (plain.organisation is None) == (user.organisation is None)
        if user.organisation is not None:
            assert (plain.organisation.name, plain.organisation.kind) == (
                user.organisation.name,
                user.organisation.kind,
            )
        assert plain.get_id() == token
        assert (plain.is_authenticated, plain.is_active, plain.is_anonymous) == (True, True, False)
        assert policy.second_factor_done(plain, auth) == policy.second_factor_done(user, db.get(AuthSession, auth.id))
        assert auth.user_id == user.id


def test_the_plain_person_equals_the_orm_user_both_ways(app, db) -> None:
    user = make_user(db, Role.OUDER)
    other = make_user(db, Role.OUDER)
    plain, _auth = _load(app, _token(db, user))
    assert plain == user
    assert user == plain
    assert (plain != user) is False
    assert (user != plain) is False
    assert plain != other
    assert other != plain
    assert plain in [other, user]
    assert plain != User(name="nog niet opgeslagen")
    again, _auth = _load(app, _token(db, user))
    assert plain == again
    assert hash(plain) == hash(again)


def test_what_it_does_not_carry_comes_from_the_orm_user(app, db) -> None:
    user = make_user(db, Role.OUDER)
    token = _token(db, user)
    with app.test_request_context():
        plain, _auth = sessions.load_user(get_session(), token)
        assert plain.password_hash == user.password_hash
        orm = account(plain)
        assert isinstance(orm, User)
        assert orm.id == user.id
        assert orm.get_id() == token
        assert account(orm) is orm


def test_a_write_through_the_plain_person_is_saved(app, db) -> None:
    user = make_user(db, Role.OUDER, language="nl")
    token = _token(db, user)
    with app.test_request_context():
        plain, _auth = sessions.load_user(get_session(), token)
        plain.language = "tr"
        plain.push_offer = "open"
        assert (plain.language, plain.push_offer) == ("tr", "open")
        get_session().commit()
    db.expire_all()
    saved = db.get(User, user.id)
    assert (saved.language, saved.push_offer) == ("tr", "open")


def test_a_role_added_through_the_orm_user_shows_at_once(app, db) -> None:
    user = make_user(db, Role.OUDER)
    token = _token(db, user)
    with app.test_request_context():
        plain, _auth = sessions.load_user(get_session(), token)
        plain.roles.append(UserRole(user_id=user.id, role=Role.STEUNGEZIN))
        assert plain.has_role(Role.STEUNGEZIN)


def test_it_never_passes_for_an_orm_object(app, db) -> None:
    """db.add of the plain person fails loudly (use `account`), and nothing private is forwarded."""
    user = make_user(db, Role.OUDER)
    token = _token(db, user)
    with app.test_request_context():
        plain, _auth = sessions.load_user(get_session(), token)
        assert not hasattr(plain, "_sa_instance_state")
        with pytest.raises(UnmappedInstanceError):
            get_session().add(plain)


def test_a_revoked_session_logs_out(app, db) -> None:
    user = make_user(db, Role.OUDER)
    token = _token(db, user)
    with app.test_request_context():
        sessions.revoke(get_session(), token)
        get_session().commit()
    assert _load(app, token) is None


def test_a_session_of_a_disabled_account_logs_out(app, db) -> None:
    user = make_user(db, Role.OUDER)
    token = _token(db, user)
    user.active = False
    db.commit()
    assert _load(app, token) is None


@pytest.mark.parametrize(
    ("make", "later"),
    [
        (make_regisseur, timedelta(minutes=16)),
        (lambda db: make_user(db, Role.JONGERE), timedelta(days=91)),
    ],
    ids=["professional idle", "family after 91 days"],
)
def test_an_ended_session_logs_out_and_is_revoked(app, db, make, later) -> None:
    user = make(db)
    token = _token(db, user)
    assert _load(app, token) is not None
    freeze_time(app, utcnow() + later)
    assert _load(app, token) is None
    db.expire_all()
    assert sessions.find(db, token).revoked_at is not None


def test_an_unknown_token_logs_nobody_in(app, db) -> None:
    assert _load(app, "no-such-token") is None
