"""Database engine and the per-request session.

The engine is built in `init_app` (not at import) so tests choose their database. A view gets its session with
`get_session()`; it is closed at the end of the request, never committed implicitly.

Transactions and the write lock (issue 15)
------------------------------------------
SQLite lets one connection write at a time. In WAL mode a plain (deferred) `BEGIN` starts as a reader on a snapshot;
its first write must then take the write lock, and when another connection has committed since that snapshot was
taken SQLite answers SQLITE_BUSY at once: waiting would not make the snapshot current, so `busy_timeout` never
applies. Under load that made 15-18% of message sends fail with "database is locked".

So a transaction that will write says so at its start: `BEGIN IMMEDIATE` takes the write lock first (waiting up to
`busy_timeout` for it, in turn with the other writers) and only then reads, from the newest data. Which ones:

- every transaction of a request with an unsafe HTTP method (POST, PUT, PATCH, DELETE);
- every transaction opened inside `writing()`: `session_scope` (the CLI and the push worker: claims, leases,
  outcomes, periodic jobs) and `write_transaction` (a short write after a page is built, such as a conversation's
  read state).

Reads (GET, HEAD) stay deferred: they never wait for a writer and WAL runs them beside it. Taking the lock for every
transaction would queue every page behind every other. A GET that writes anyway (the once-a-minute session touch,
an access-log row) can still meet SQLITE_BUSY; webapp/retry.py repeats such a request, which is safe for GET, and the
repeat takes the write lock at BEGIN.

Savepoints are unaffected: the hook runs only for the outermost `BEGIN`; SQLAlchemy issues `SAVEPOINT` itself (the
tests bind every session to one outer connection with join_transaction_mode="create_savepoint"). The sqlite3 module's
own transaction handling is switched off (`isolation_level = None`) so that SQLAlchemy decides where BEGIN goes.

PostgreSQL needs no hook: it locks rows, not the database, and writers wait for each other under READ COMMITTED.
Its transient failures (serialization failure 40001, deadlock 40P01) are retried by webapp/retry.py where safe.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

EXTENSION_KEY = "onsplan_db"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BUSY_TIMEOUT_MS = 15_000

# Set inside `writing()`: True makes the next BEGIN on SQLite take the write lock whatever the request's method.
_write_intent: ContextVar[bool] = ContextVar("onsplan_write_intent", default=False)


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)
        self.sessionmaker = sessionmaker(bind=self.engine, class_=Session, expire_on_commit=False)

    def bind_to(self, connection) -> None:
        """Run every session inside `connection` (tests: one outer transaction rolled back per test)."""
        self.sessionmaker = sessionmaker(
            bind=connection, class_=Session, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )

    def unbind(self) -> None:
        self.sessionmaker = sessionmaker(bind=self.engine, class_=Session, expire_on_commit=False)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (makes SAVEPOINT work).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def will_write() -> bool:
    """Whether a transaction beginning now is expected to write (see the module docstring)."""
    if _write_intent.get():
        return True
    return has_request_context() and request.method not in SAFE_METHODS


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if will_write() else "BEGIN")


@contextmanager
def writing() -> Iterator[None]:
    """Transactions that begin inside this block take the write lock at their start (SQLite)."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


@contextmanager
def write_transaction(session: Session) -> Iterator[Session]:
    """A short transaction of its own that takes the write lock at its start; committed at the end of the block,
    rolled back on error. The session must not be inside a transaction: commit what came before first."""
    if session.in_transaction():
        raise RuntimeError("write_transaction needs a session outside a transaction: commit or roll back first")
    with writing():
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = Database(app.config["DATABASE_URL"])
    app.teardown_appcontext(_close_session)


def database(app: Flask | None = None) -> Database:
    return (app or current_app).extensions[EXTENSION_KEY]


def get_session() -> Session:
    """The request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = database().sessionmaker()
    return g.db_session


def discard_session() -> None:
    """Roll back and close the request's session, if it has one: after a failure nothing may use it again (an error
    page, a retried request). A later `get_session()` opens a fresh one."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def _close_session(_exc) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@contextmanager
def session_scope(app: Flask | None = None, *, write: bool = True) -> Iterator[Session]:
    """A session outside a request (CLI, worker): commits on success, rolls back on error.

    Such a session is a unit of work that writes (claims, leases, outcomes, seeding), so by default its
    transactions take the write lock at their start; pass `write=False` for a read-only report."""
    session = database(app).sessionmaker()
    token = _write_intent.set(write)
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()
        _write_intent.reset(token)
