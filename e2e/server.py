"""Start OnsPlan on a free port of 127.0.0.1 in a thread, with a fresh SQLite database holding the demo story."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server


class _Handler(WSGIRequestHandler):
    """No access log, and no keep-alive: once the server stops, the browser really finds nobody there.

    (With HTTP/1.1 keep-alive, a handler thread would go on answering the browser's open connection after
    `shutdown()`, and the offline test would never be offline.)
    """

    protocol_version = "HTTP/1.0"

    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass
class RunningApp:
    server: BaseWSGIServer
    thread: threading.Thread
    database_url: str

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def stop(self) -> None:
        """Stop serving and close the listening socket (new connections are refused). Safe to call twice."""
        if self.thread.is_alive():
            self.server.shutdown()
            self.thread.join(timeout=10)
            self.server.server_close()


def start_app(directory: Path, *, with_mentor: bool = True) -> RunningApp:
    """Serve a fresh database with the demo story; `with_mentor=False` leaves Samira without a JIM mentor.

    The database is a copy of one migrated and seeded once per test process (`_demo_database`): migrating and
    seeding take about two seconds of CPU, copying the file a few milliseconds, and about twenty journeys start an
    app of their own."""
    directory.mkdir(parents=True, exist_ok=True)
    database = directory / "e2e.db"
    shutil.copyfile(_demo_database(with_mentor), database)
    app = _make_app(f"sqlite:///{database}")
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_Handler)
    thread = threading.Thread(target=server.serve_forever, name=f"onsplan-e2e-{server.server_port}", daemon=True)
    thread.start()
    return RunningApp(server=server, thread=thread, database_url=f"sqlite:///{database}")


_TEMPLATES: dict[bool, Path] = {}


def _demo_database(with_mentor: bool) -> Path:
    """The migrated database with the demo story (and the articles of content/, as `flask seed-demo` loads them for
    `make run`), made on first use in this process and left closed, so a plain file copy is a consistent database."""
    if with_mentor in _TEMPLATES:
        return _TEMPLATES[with_mentor]
    from webapp.content.sources import sync_directory
    from webapp.db import database, session_scope
    from webapp.demo.story import seed
    from webapp.migrate import upgrade

    directory = Path(tempfile.mkdtemp(prefix="onsplan-e2e-demo-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    path = directory / ("demo.db" if with_mentor else "demo-without-mentor.db")
    url = f"sqlite:///{path}"
    upgrade(url)
    app = _make_app(url)
    with app.app_context(), session_scope(app) as db:
        seed(db, with_mentor=with_mentor)
        sync_directory(db)
    database(app).engine.dispose()  # the last connection out checkpoints the WAL into the file
    _TEMPLATES[with_mentor] = path
    return path


def _make_app(url: str) -> Flask:
    # Imported here, not at the top: conftest.py first points ONSPLAN_INSTANCE (read when webapp.config is
    # imported) at a temporary directory, so nothing is written into the repository's instance/.
    from webapp import create_app
    from webapp.config import Config

    config = Config.from_env()
    config.DATABASE_URL = url
    config.DEMO = True
    config.SESSION_COOKIE_SECURE = False
    config.REMEMBER_COOKIE_SECURE = False
    config.WTF_CSRF_SSL_STRICT = False
    config.SECRET_KEY = "e2e"
    # Every journey logs in from 127.0.0.1: allow more than the production 10 per 5 minutes (tests/test_login.py
    # proves the real limit).
    config.LOGIN_ATTEMPTS = "200 per 5 minutes"
    # The same for the aanmeldpunt's sign-ups (tests/test_respite_signup.py proves the real limit of 5 an hour).
    config.RESPITE_SIGNUPS_PER_HOUR = "200 per hour"
    config.PUSH_ALLOW_LOCAL_ENDPOINTS = True  # e2e/test_push_settings.py subscribes with an endpoint on 127.0.0.1
    return create_app(config)
