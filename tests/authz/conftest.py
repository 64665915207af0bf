"""One world per module, each test inside a savepoint rolled back at its end (a refused write that slipped through,
or an allowed one on the actor's own data, changes nothing for the next test)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.authz.world import NOW, World, build
from tests.conftest import freeze_time
from webapp.db import database
from webapp.extensions import limiter


@pytest.fixture(scope="module")
def world(app: Flask) -> Iterator[World]:
    engine = database(app).engine
    connection = engine.connect()
    outer = connection.begin()
    database(app).bind_to(connection)
    freeze_time(app, NOW)
    session = database(app).sessionmaker()
    try:
        built = build(app, session)
        session.commit()  # lazy loads opened a savepoint: release it, or the next rollback would take the logins
        built.connection = connection
        yield built
    finally:
        session.close()
        app.config.pop("ONSPLAN_FROZEN_NOW", None)
        database(app).unbind()
        outer.rollback()
        connection.close()


@pytest.fixture
def rolled_back(world: World) -> Iterator[World]:
    """The world, with whatever the test's requests write undone afterwards."""
    world.db.commit()  # the world's own session keeps no savepoint open across the test's one
    savepoint = world.connection.begin_nested()
    limiter.reset()
    freeze_time(world.app, NOW)
    try:
        yield world
    finally:
        world.db.rollback()
        if savepoint.is_active:
            savepoint.rollback()
