"""Test fixtures: a real database migrated with alembic, each test inside a transaction rolled back at the end.

The database is SQLite in a temp dir by default; `ONSPLAN_TEST_DB=postgres` starts a throw-away PostgreSQL cluster
on its own Unix socket (see tests/postgres.py), and `TEST_DATABASE_URL` points at one you run yourself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection
from sqlmodel import Session

from tests import postgres
from webapp import create_app, gc_tuning
from webapp.auth import passwords
from webapp.config import Config
from webapp.db import database
from webapp.extensions import limiter
from webapp.migrate import upgrade

CSRF_PATTERN = re.compile(r'name="csrf_token" value="([^"]+)"')

# argon2id at its lowest cost: with the production parameters every login and every seeded demo story cost 0.1-0.2 s
# of CPU, minutes of the suite. Production keeps them (test_passwords.py checks the defaults, e2e/ logs in with them).
passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def pytest_collection_finish(session: pytest.Session) -> None:
    """The collector as in a gunicorn worker (webapp/gc_tuning.py): what collection loaded (the modules) leaves its
    generations, and a test's short-lived objects die young. Measured on a slice of 45 s: the collector's pauses
    3.6 → 2.3 s."""
    gc_tuning.tune_this_process()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
    elif os.environ.get("ONSPLAN_TEST_DB") == "postgres":
        with postgres.temporary_cluster() as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory) -> Flask:
    config = Config(
        SECRET_KEY="test-secret-key",
        DATABASE_URL=database_url,
        TESTING=True,
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_SECURE=False,
        WTF_CSRF_SSL_STRICT=False,
        ATTACHMENTS_DIR=str(tmp_path_factory.mktemp("attachments")),
        PUSH_ALLOW_LOCAL_ENDPOINTS=True,  # the push tests run their own push service on 127.0.0.1
    )
    application = create_app(config)
    with application.app_context():
        upgrade(database_url)
    return application


@contextmanager
def outer_transaction(app: Flask) -> Iterator[tuple[Connection, Session]]:
    """A connection in an outer transaction that is rolled back at the end, the app bound to it, and a session on
    it; the clock runs free again afterwards."""
    connection = database(app).engine.connect()
    outer = connection.begin()
    database(app).bind_to(connection)
    session = database(app).sessionmaker()
    try:
        yield connection, session
    finally:
        session.close()
        app.config.pop("ONSPLAN_FROZEN_NOW", None)
        database(app).unbind()
        outer.rollback()
        connection.close()


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back after the test; the app's requests share it."""
    limiter.reset()
    app.config.pop("ONSPLAN_FROZEN_NOW", None)
    # No app context stays pushed during the test: each request must get its own `g`, as in production.
    with outer_transaction(app) as (_connection, session):
        yield session


@pytest.fixture
def client(app: Flask, db: Session) -> FlaskClient:
    return app.test_client()


def csrf_token(client: FlaskClient, path: str = "/hulp") -> str:
    """The CSRF token of the client's session, read from a page's form."""
    match = CSRF_PATTERN.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def browser(app: Flask, cookie: dict) -> FlaskClient:
    """A fresh browser with a saved session cookie: a request that logs out or switches language spoils nothing."""
    client = app.test_client()
    if cookie:
        with client.session_transaction() as session:
            session.update(cookie)
    return client


def post_form(client: FlaskClient, path: str, data: dict, **kwargs):
    return client.post(path, data={**data, "csrf_token": csrf_token(client)}, **kwargs)


def freeze_time(app: Flask, moment: datetime) -> None:
    app.config["ONSPLAN_FROZEN_NOW"] = moment
