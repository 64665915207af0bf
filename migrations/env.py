"""Alembic environment: the schema is SQLModel.metadata; the URL is DATABASE_URL or the embedded SQLite default.

A caller may pass an open connection in `config.attributes["connection"]` (the tests do).
"""

from logging.config import fileConfig

from alembic import context
from sqlmodel import SQLModel

import webapp.models  # noqa: F401 - registers every table
from webapp.config import INSTANCE_DIR, default_database_url
from webapp.db import make_engine
from webapp.peers.search.index import include_object  # the full-text index is per database, not in the models

config = context.config
if config.config_file_name is not None and not config.attributes.get("connection"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def _url() -> str:
    return config.attributes.get("url") or default_database_url()


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    if (connection := config.attributes.get("connection")) is not None:
        _run(connection)
        return
    url = _url()
    if url.startswith("sqlite"):
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
