"""The schema comes from alembic: an empty database migrates to head and back, and matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import webapp.models  # noqa: F401 - registers the tables
from webapp.migrate import downgrade, upgrade
from webapp.peers.search.index import include_object  # the full-text index is per database, not in the models


def test_an_empty_database_migrates_to_head_and_back(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    assert {"user", "user_role", "organisation", "family", "family_member", "auth_session", "invitation"} <= tables
    downgrade(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(url)
    engine.dispose()


def test_the_migrations_match_the_models(app, database_url) -> None:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == [], "models changed without a migration: alembic revision --autogenerate"
