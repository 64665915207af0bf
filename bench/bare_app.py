"""The yardsticks: a bare Flask route rendering 20 SQLite rows through SQLModel and a Jinja template, and the same
route behind a login.

`/`: no login, no CSRF, no i18n, no security headers: what any Flask page costs on this machine.
`/ingelogd`: the same 20 rows for a logged-in user: Flask's signed session cookie, Flask-Login loading the user
(one SELECT by primary key), Flask-Babel translating one string from OnsPlan's Turkish catalogue (the user's
language) and Flask-WTF's CSRF token in a form. That is what the frameworks OnsPlan uses cost before any of
OnsPlan's own code runs; the difference between a page and this route is "our cost".
`/inloggen` (POST, no form) logs the one user in and sets the session cookie the bench then sends.

The bench serves it with the same gunicorn settings as OnsPlan (`gunicorn "bench.bare_app:create_app()"`,
BENCH_BARE_DB set), so OnsPlan's pages are reported as a share of both routes.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, render_template
from flask_babel import Babel
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_wtf.csrf import CSRFProtect
from jinja2 import DictLoader
from sqlalchemy import Engine
from sqlalchemy.orm import registry
from sqlmodel import Field, Session, SQLModel, create_engine, select

PROJECT_ROOT = Path(__file__).resolve().parents[1]

ROWS = 20
LANGUAGE = "tr"
TRANSLATED = "Inloggen"  # one msgid of OnsPlan's catalogue ("Giriş yap" in Turkish)
TEMPLATE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Bare</title></head>
<body>
<ul>
{% for item in items %}  <li>{{ item.id }}. {{ item.title }} <small>{{ item.owner }}</small></li>
{% endfor %}</ul>
</body>
</html>
"""
LOGGED_IN_TEMPLATE = """<!doctype html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ _(translated) }}</title></head>
<body>
<p>{{ current_user.name }}</p>
<ul>
{% for item in items %}  <li>{{ item.id }}. {{ item.title }} <small>{{ item.owner }}</small></li>
{% endfor %}</ul>
<form method="post" action="/uit"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}"><button>x</button></form>
</body>
</html>
"""


class BareModel(SQLModel, registry=registry()):
    """Its own metadata, so importing this module adds no table to OnsPlan's `SQLModel.metadata`."""


class BareUser(BareModel, table=True):
    __tablename__ = "bare_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    language: str


class LoggedIn(UserMixin):
    def __init__(self, user: BareUser) -> None:
        self.id = user.id
        self.name = user.name
        self.language = user.language


class BareItem(BareModel, table=True):
    __tablename__ = "bare_item"

    id: int | None = Field(default=None, primary_key=True)
    title: str
    owner: str


def engine_for(path: str) -> Engine:
    return create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})


def prepare(path: str) -> None:
    """Create the table with its 20 rows (before gunicorn starts, so the workers don't race)."""
    engine = engine_for(path)
    BareModel.metadata.create_all(engine)
    with Session(engine) as db:
        db.add(BareUser(name="Samira", language=LANGUAGE))
        db.add_all(BareItem(title=f"Doel nummer {n}", owner="Samira") for n in range(1, ROWS + 1))
        db.commit()
    engine.dispose()


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="bench-bare",  # noqa: S106 - a throw-away app on 127.0.0.1
        BABEL_TRANSLATION_DIRECTORIES=str(PROJECT_ROOT / "translations"),
    )
    app.jinja_loader = DictLoader({"bare.html": TEMPLATE, "logged_in.html": LOGGED_IN_TEMPLATE})
    engine = engine_for(os.environ["BENCH_BARE_DB"])
    logins = LoginManager(app)
    csrf = CSRFProtect(app)
    Babel(app, locale_selector=lambda: current_user.language if current_user.is_authenticated else "nl")

    def items() -> list[BareItem]:
        with Session(engine) as db:
            return list(db.exec(select(BareItem).order_by(BareItem.id)).all())

    @logins.user_loader
    def load_user(user_id: str) -> LoggedIn | None:
        with Session(engine) as db:
            user = db.get(BareUser, int(user_id))
        return LoggedIn(user) if user else None

    @app.route("/")
    def index() -> str:
        return render_template("bare.html", items=items())

    @app.post("/inloggen")
    @csrf.exempt
    def log_in() -> tuple[str, int]:
        with Session(engine) as db:
            user = db.exec(select(BareUser)).one()
        login_user(LoggedIn(user))
        return "", 204

    @app.route("/ingelogd")
    @login_required
    def logged_in() -> str:
        return render_template("logged_in.html", items=items(), lang=LANGUAGE, translated=TRANSLATED)

    return app
