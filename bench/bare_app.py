"""The yardstick: a bare Flask route rendering 20 SQLite rows through SQLModel and a Jinja template.

No login, no CSRF, no i18n, no security headers: what any Flask page costs on this machine. The bench serves it
with the same gunicorn settings as OnsPlan (`gunicorn "bench.bare_app:create_app()"`, BENCH_BARE_DB set), so
OnsPlan's pages are reported as a share of it.
"""

from __future__ import annotations

import os

from flask import Flask, render_template
from jinja2 import DictLoader
from sqlalchemy import Engine
from sqlalchemy.orm import registry
from sqlmodel import Field, Session, SQLModel, create_engine, select

ROWS = 20
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


class BareModel(SQLModel, registry=registry()):
    """Its own metadata, so importing this module adds no table to OnsPlan's `SQLModel.metadata`."""


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
    BareItem.__table__.create(engine, checkfirst=True)  # type: ignore[attr-defined]
    with Session(engine) as db:
        db.add_all(BareItem(title=f"Doel nummer {n}", owner="Samira") for n in range(1, ROWS + 1))
        db.commit()
    engine.dispose()


def create_app() -> Flask:
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"bare.html": TEMPLATE})
    engine = engine_for(os.environ["BENCH_BARE_DB"])

    @app.route("/")
    def index() -> str:
        with Session(engine) as db:
            items = db.exec(select(BareItem).order_by(BareItem.id)).all()
        return render_template("bare.html", items=items)

    return app
