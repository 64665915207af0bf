"""Concurrent writes through real connections (issue 15): on SQLite a transaction that will write takes the write lock
at its start, a safe request is repeated after a transient database error, the read state is written after the page,
and an error page never uses the failed session.

The send and read tests run against an app and a database of their own: their requests commit for real, on
separate connections, instead of inside the rolled-back transaction the other tests share. Not timed.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask, g
from sqlalchemy import create_engine, event, func, make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from tests.conftest import csrf_token, post_form
from tests.factories import login, make_family, make_regisseur, make_user
from webapp import create_app, retry
from webapp.config import Config
from webapp.db import database, session_scope, will_write
from webapp.extensions import limiter
from webapp.home import reads as home_reads
from webapp.i18n import views as i18n_views
from webapp.intake import services as intake
from webapp.messages import services
from webapp.migrate import upgrade
from webapp.models import Conversation, ConversationKind, ConversationRead, FamilyMember, Message, Relation, Role, User

THREADS = 16
SENDS_PER_THREAD = 25


# --- an app with a database of its own -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def live_url(database_url: str, tmp_path_factory) -> Iterator[str]:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('concurrency') / 'live.db'}"
        return
    name = f"{url.database}_concurrency"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="module")
def live_app(live_url: str, tmp_path_factory) -> Iterator[Flask]:
    config = Config(
        SECRET_KEY="test-secret-key",
        DATABASE_URL=live_url,
        TESTING=True,
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_SECURE=False,
        WTF_CSRF_SSL_STRICT=False,
        LOGIN_ATTEMPTS="1000 per minute",  # sixteen clients log in from one address
        ATTACHMENTS_DIR=str(tmp_path_factory.mktemp("live-attachments")),
    )
    application = create_app(config)
    with application.app_context():
        upgrade(live_url)
    yield application
    database(application).engine.dispose()


@pytest.fixture(scope="module")
def family(live_app: Flask) -> dict:
    """A regisseur and a family of four with a login; ids only (every test opens its own sessions)."""
    with Session(database(live_app).engine, expire_on_commit=False) as db:
        petra = make_regisseur(db, name="Petra Live")
        members = [
            (make_user(db, Role.JONGERE, name="Samira Live"), Relation.JONGERE),
            (make_user(db, Role.PLEEGOUDER, name="Marleen Live"), Relation.PLEEGOUDER),
            (make_user(db, Role.OUDER, name="Said Live"), Relation.OUDER),
            (make_user(db, Role.OUDER, name="Nadia Live"), Relation.OUDER),
        ]
        found = make_family(db, petra, *members, name="Livegezin")
        return {"id": found.id, "petra": petra, "members": [user for user, _relation in members]}


def _logged_in(app: Flask, user) -> object:
    limiter.reset()
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def _family_conversation(app: Flask, client, family_id: int) -> int:
    client.get("/berichten")  # opens the family's conversations
    with Session(database(app).engine) as db:
        return db.exec(
            select(Conversation.id).where(
                Conversation.family_id == family_id, Conversation.kind == ConversationKind.FAMILY
            )
        ).one()


# --- many writers at once ------------------------------------------------------------------------------------------
def test_sixteen_people_sending_at_once_store_every_message_once_without_server_errors(live_app, family) -> None:
    clients = [_logged_in(live_app, family["members"][n % len(family["members"])]) for n in range(THREADS)]
    conversation_id = _family_conversation(live_app, clients[0], family["id"])
    tokens = [csrf_token(client) for client in clients]
    start = threading.Barrier(THREADS)

    def sender(n: int) -> list[int]:
        start.wait()
        statuses = []
        for i in range(SENDS_PER_THREAD):
            form = {"body": f"bericht {n}-{i}", "client_key": f"key-{n}-{i}", "csrf_token": tokens[n]}
            statuses.append(clients[n].post(f"/berichten/{conversation_id}", data=form).status_code)
            if i % 5 == 0:  # reading (and so marking read) between sends, as a phone does
                statuses.append(clients[n].get(f"/berichten/{conversation_id}").status_code)
        return statuses

    with ThreadPoolExecutor(THREADS) as pool:
        statuses = [status for result in pool.map(sender, range(THREADS)) for status in result]

    assert [s for s in statuses if s >= 500] == []
    assert set(statuses) == {200, 302}
    with Session(database(live_app).engine) as db:
        bodies = db.exec(select(Message.body).where(Message.conversation_id == conversation_id)).all()
    expected = {f"bericht {n}-{i}" for n in range(THREADS) for i in range(SENDS_PER_THREAD)}
    assert len(bodies) == THREADS * SENDS_PER_THREAD == 400
    assert set(bodies) == expected  # each once: 400 rows, 400 different bodies


def test_a_conversation_read_while_someone_else_writes_answers_200_and_is_marked_read(live_app, family) -> None:
    """The writer commits between the page's first read and its end: with a plain BEGIN the old read-and-mark
    transaction could not take the write lock any more (SQLite answered 'database is locked' at once)."""
    samira, marleen = family["members"][:2]
    reader = _logged_in(live_app, samira)
    conversation_id = _family_conversation(live_app, reader, family["id"])
    first = post_form(_logged_in(live_app, marleen), f"/berichten/{conversation_id}", {"body": "Eerst", "client_key": "w-0"})
    assert first.status_code == 302
    engine = database(live_app).engine
    written: list[int] = []
    started = threading.Event()

    def write_meanwhile(_conn, _cursor, statement: str, *_args) -> None:
        if started.is_set() or "FROM message" not in statement:
            return
        started.set()
        with Session(engine, expire_on_commit=False) as other:  # another connection commits a message now
            message = Message(
                conversation_id=conversation_id, author_id=marleen.id, body="Tussendoor", client_key="w-1", body_hash="x"
            )
            other.add(message)
            other.commit()
            written.append(message.id)

    event.listen(engine, "before_cursor_execute", write_meanwhile)
    try:
        page = reader.get(f"/berichten/{conversation_id}")
    finally:
        event.remove(engine, "before_cursor_execute", write_meanwhile)

    assert written, "the concurrent write did not happen"
    assert page.status_code == 200
    assert "Eerst" in page.get_data(as_text=True)
    with Session(engine) as db:
        read = db.get(ConversationRead, (conversation_id, samira.id))
        shown = db.exec(
            select(func.max(Message.id)).where(Message.conversation_id == conversation_id, Message.id < written[0])
        ).one()
    assert read is not None and read.last_read_message_id >= shown
    again = reader.get(f"/berichten/{conversation_id}")
    assert again.status_code == 200 and "Tussendoor" in again.get_data(as_text=True)


def test_a_read_whose_read_state_cannot_be_saved_still_answers_200(live_app, family, monkeypatch) -> None:
    samira, marleen = family["members"][:2]
    reader = _logged_in(live_app, samira)
    conversation_id = _family_conversation(live_app, reader, family["id"])
    sent = post_form(_logged_in(live_app, marleen), f"/berichten/{conversation_id}", {"body": "Nieuw", "client_key": "r-0"})
    assert sent.status_code == 302

    def locked(*_args, **_kwargs):
        raise OperationalError("UPDATE conversation_read", {}, Exception("database is locked"))

    monkeypatch.setattr(services, "mark_read", locked)
    page = reader.get(f"/berichten/{conversation_id}")
    assert page.status_code == 200 and "Nieuw" in page.get_data(as_text=True)


# --- where the write lock is taken -------------------------------------------------------------------------------
def test_on_sqlite_writes_take_the_lock_at_begin_and_reads_do_not(live_app, family) -> None:
    engine = database(live_app).engine
    if engine.dialect.name != "sqlite":
        pytest.skip("BEGIN IMMEDIATE is SQLite's; PostgreSQL locks rows")
    client = _logged_in(live_app, family["members"][0])
    conversation_id = _family_conversation(live_app, client, family["id"])
    token = csrf_token(client)
    begins: list[str] = []

    def note(_conn, _cursor, statement: str, *_args) -> None:
        if statement.startswith("BEGIN"):
            begins.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        assert client.get("/berichten").status_code == 200
        page, begins[:] = list(begins), []
        form = {"body": "Met slot", "client_key": "lock-1", "csrf_token": token}
        assert client.post(f"/berichten/{conversation_id}", data=form).status_code == 302
        send, begins[:] = list(begins), []
        with session_scope(live_app) as session:  # the worker's and the CLI's unit of work
            session.exec(select(Message.id)).first()
        worker = list(begins)
    finally:
        event.remove(engine, "before_cursor_execute", note)

    assert page and set(page) == {"BEGIN"}
    assert send and set(send) == {"BEGIN IMMEDIATE"}
    assert worker == ["BEGIN IMMEDIATE"]


def test_a_savepoint_inside_a_write_transaction_rolls_back_alone(live_app) -> None:
    with session_scope(live_app) as session:
        session.add(User(name="Buiten Savepoint"))
        inner = session.begin_nested()
        session.add(User(name="Binnen Savepoint"))
        session.flush()
        inner.rollback()
    with Session(database(live_app).engine) as db:
        names = set(db.exec(select(User.name).where(User.name.like("% Savepoint"))).all())
    assert names == {"Buiten Savepoint"}


# --- the error page --------------------------------------------------------------------------------------------------
def test_a_database_error_in_a_request_renders_the_translated_error_page_without_the_database(
    app, db, monkeypatch
) -> None:
    petra = make_regisseur(db)
    ayse = make_user(db, Role.OUDER, name="Ayşe Test", language="tr")
    family = make_family(db, petra, (ayse, Relation.OUDER))
    client = app.test_client()
    login(client, ayse)
    client.get("/berichten")
    conversation = db.exec(select(Conversation).where(Conversation.family_id == family.id)).first()
    db.add(Message(conversation_id=conversation.id, author_id=petra.id, body="Hallo", client_key="e-1", body_hash="x"))
    db.add(ConversationRead(conversation_id=conversation.id, user_id=ayse.id, last_read_message_id=0))
    db.commit()  # an unread message: the navigation would show a badge
    engine = database(app).engine
    after_failure: list[str] = []

    def failing_thread(session, shown, **_kwargs):
        session.add(ConversationRead(conversation_id=shown.id, user_id=ayse.id))  # already there: the flush fails
        try:
            session.flush()
        finally:
            event.listen(engine, "before_cursor_execute", note)

    def note(_conn, _cursor, statement: str, *_args) -> None:
        if not statement.lstrip().upper().startswith(("ROLLBACK", "RELEASE", "SAVEPOINT")):
            after_failure.append(statement)

    monkeypatch.setattr(services, "thread", failing_thread)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # answer as in production, not raise in the test
    try:
        page = client.get(f"/berichten/{conversation.id}")
    finally:
        event.remove(engine, "before_cursor_execute", note)

    html = page.get_data(as_text=True)
    assert page.status_code == 500
    assert "Bir şeyler ters gitti" in html and 'lang="tr"' in html  # OnsPlan's page in Ayşe's language
    assert "bottom-nav" in html  # the page shell as for her, logged in
    assert 'class="badge"' not in html
    assert after_failure == []  # the failed session was not used again, and nothing else asked the database


def test_a_not_found_page_keeps_the_navigation_for_the_person_but_shows_no_badge(client, db) -> None:
    petra = make_regisseur(db)
    samira = make_user(db, Role.JONGERE, name="Samira Zoekt", language="en")
    family = make_family(db, petra, (samira, Relation.JONGERE))
    login(client, samira)
    client.get("/berichten")
    conversation = db.exec(select(Conversation).where(Conversation.family_id == family.id)).first()
    db.add(Message(conversation_id=conversation.id, author_id=petra.id, body="Hoi", client_key="n-1", body_hash="x"))
    db.commit()
    assert 'class="badge"' in client.get("/home").get_data(as_text=True)  # the badge is there on a normal page

    page = client.get("/gezinnen/999999")
    html = page.get_data(as_text=True)
    assert page.status_code == 404
    assert "Page not found" in html and "bottom-nav" in html
    assert 'class="badge"' not in html


# --- which errors are repeated -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("driver_error", "transient"),
    [
        (OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked")), True),
        (IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed")), False),
        (ValueError("not a database error"), False),
    ],
)
def test_only_busy_locked_serialization_and_deadlock_errors_are_transient(driver_error, transient) -> None:
    assert retry.is_transient(driver_error) is transient


def test_postgresql_serialization_failures_and_deadlocks_are_transient() -> None:
    class DriverError(Exception):
        def __init__(self, sqlstate: str) -> None:
            self.sqlstate = sqlstate

    assert retry.is_transient(OperationalError("UPDATE", {}, DriverError("40001")))
    assert retry.is_transient(OperationalError("UPDATE", {}, DriverError("40P01")))
    assert not retry.is_transient(OperationalError("UPDATE", {}, DriverError("23505")))


# --- which requests are repeated -----------------------------------------------------------------------------------
def _locked() -> OperationalError:
    return OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))


@pytest.fixture
def youth(app, client, db, monkeypatch):
    monkeypatch.setattr(retry, "pause", lambda _attempt: 0.0)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    person = make_user(db, Role.JONGERE, name="Samira Herhaal")
    make_family(db, make_regisseur(db), (person, Relation.JONGERE))
    login(client, person)
    return person


def test_a_page_that_meets_a_locked_database_is_answered_by_a_second_attempt_that_takes_the_lock(
    client, youth, monkeypatch
) -> None:
    takes_lock = []
    real = services.conversations

    def flaky(session, user):
        takes_lock.append(will_write())
        if len(takes_lock) == 1:
            raise _locked()
        return real(session, user)

    monkeypatch.setattr(services, "conversations", flaky)
    assert client.get("/berichten").status_code == 200
    assert takes_lock == [False, True]  # a GET reads without the lock; its repeat waits its turn for it


def test_a_repeated_home_page_starts_without_the_unread_count_the_failed_attempt_noted(
    client, youth, monkeypatch
) -> None:
    """The home page notes the badge's number while building Nu voor jou (messages.services.note_unread_total); a
    second attempt after a locked database starts without it, as it starts without the failed attempt's user."""
    noted_at_start, attempts = [], []
    real_families, real_intake = home_reads.member_families, intake.home

    def families(db, user_id):
        noted_at_start.append(g.get("unread_total"))
        return real_families(db, user_id)

    def flaky_intake(db, user):  # after Nu voor jou noted the number
        attempts.append(g.get("unread_total"))
        if len(attempts) == 1:
            raise _locked()
        return real_intake(db, user)

    monkeypatch.setattr(home_reads, "member_families", families)
    monkeypatch.setattr(intake, "home", flaky_intake)
    assert client.get("/home").status_code == 200
    assert attempts == [0, 0] and noted_at_start == [None, None]


def test_a_page_is_tried_at_most_three_times(client, youth, monkeypatch) -> None:
    calls = []

    def always_locked(_session, _user):
        calls.append(1)
        raise _locked()

    monkeypatch.setattr(services, "conversations", always_locked)
    assert client.get("/berichten").status_code == 500
    assert len(calls) == retry.MAX_ATTEMPTS == 3


def test_a_write_without_an_idempotency_key_is_not_run_twice(client, youth, monkeypatch) -> None:
    calls = []

    def locked_language(_user, language):
        calls.append(language)
        raise _locked()

    monkeypatch.setattr(i18n_views, "set_language", locked_language)
    answer = post_form(client, "/taal", {"language": "en", "next": "/home"})
    assert answer.status_code == 500
    assert calls == ["en"]


def test_a_send_that_failed_after_its_commit_is_repeated_and_stored_once(client, db, youth, monkeypatch) -> None:
    conversation_id = _opened_family_conversation(client, db, youth)
    calls = []
    real = services.send

    def commit_then_locked(session, *args, **kwargs):
        calls.append(1)
        result = real(session, *args, **kwargs)
        if len(calls) == 1:
            session.commit()
            raise _locked()
        return result

    monkeypatch.setattr(services, "send", commit_then_locked)
    answer = post_form(client, f"/berichten/{conversation_id}", {"body": "Eén keer", "client_key": "once"})
    assert answer.status_code == 302
    assert len(calls) == 2
    stored = db.exec(select(Message).where(Message.conversation_id == conversation_id, Message.body == "Eén keer"))
    assert len(stored.all()) == 1


def _opened_family_conversation(client, db, youth) -> int:
    client.get("/berichten")
    return db.exec(
        select(Conversation.id)
        .join(FamilyMember, FamilyMember.family_id == Conversation.family_id)
        .where(FamilyMember.user_id == youth.id, Conversation.kind == ConversationKind.FAMILY)
    ).one()
