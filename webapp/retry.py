"""Repeating a request that failed on a transient database error, when repeating it is safe.

Transient: SQLite answered busy or locked (another connection held the write lock longer than `busy_timeout`, or a
GET that writes met a newer snapshot, see webapp/db.py), or PostgreSQL reported a serialization failure (40001) or a
deadlock (40P01). The same request a moment later normally succeeds.

Safe: GET and HEAD (they change nothing the person asked for; what they record on the side, such as the session
touch or an access-log row, is written again only if its transaction did not commit), and views marked
`@repeatable`: the message send, whose idempotency key makes a second run return the first message. Any other write
is never run twice: it fails once, with the translated error page, and the person decides.

The whole dispatch is repeated (before-request hooks, login, CSRF check, view) on a fresh database session, at most
`MAX_ATTEMPTS` times, with a short randomised pause so that the colliding requests do not meet again. A repeat runs
inside `writing()`: on SQLite its transactions take the write lock at BEGIN, so a GET that writes on the side (an
access-log row) and lost its snapshot the first time waits its turn instead of losing it again.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, g, request
from sqlalchemy.exc import DBAPIError

from webapp.db import SAFE_METHODS, discard_session, writing

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
PAUSE_SECONDS = 0.05  # before the second attempt; doubled before the third, each with jitter
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
SQLITE_BUSY, SQLITE_LOCKED = 5, 6
REPEATABLE_METHODS = SAFE_METHODS - {"OPTIONS"}

View = TypeVar("View", bound=Callable)


def repeatable(view: View) -> View:
    """Mark a view that writes but may run twice without harm (it carries an idempotency key)."""
    view.repeatable = True  # type: ignore[attr-defined]
    return view


def is_transient(error: BaseException | None) -> bool:
    """True for a database error that a later attempt may not meet (also when wrapped in another exception)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DBAPIError) and _transient_driver_error(error.orig):
            return True
        error = error.__cause__ or error.__context__
    return False


def _transient_driver_error(orig: BaseException | None) -> bool:
    if getattr(orig, "sqlstate", None) in TRANSIENT_SQLSTATES:
        return True
    if isinstance(orig, sqlite3.OperationalError):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
        return "locked" in str(orig) or "busy" in str(orig)
    return False


def may_repeat(app: Flask) -> bool:
    """Whether the current request may run again."""
    if request.method in REPEATABLE_METHODS:
        return True
    view = app.view_functions.get(request.endpoint or "")
    return bool(view and getattr(view, "repeatable", False))


def pause(attempt: int) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based)."""
    return PAUSE_SECONDS * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)  # noqa: S311 - jitter, not a secret


def _forget_attempt() -> None:
    """What the failed attempt left in this request: its session (rolled back), the user loaded through it, what its
    pages noted (the unread count for the badge), and the read position of uploaded files."""
    discard_session()
    for name in ("_login_user", "auth_session", "unread_total"):
        g.pop(name, None)
    for upload in request.files.values():
        upload.stream.seek(0)


def init_app(app: Flask) -> None:
    """Wrap the app's dispatch so a safe request is repeated after a transient database error."""
    dispatch = app.full_dispatch_request

    def full_dispatch_request_with_retry():
        attempt = 1
        while True:
            try:
                if attempt == 1:
                    return dispatch()
                with writing():
                    return dispatch()
            except Exception as error:
                if attempt >= MAX_ATTEMPTS or not is_transient(error) or not may_repeat(app):
                    raise
                log.warning(
                    "%s %s: %s on attempt %d, trying again", request.method, request.path, type(error).__name__, attempt
                )
            _forget_attempt()
            time.sleep(pause(attempt))
            attempt += 1

    app.full_dispatch_request = full_dispatch_request_with_retry  # type: ignore[method-assign]
