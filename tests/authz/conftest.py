"""One world per module, each test inside a savepoint rolled back at its end (a refused write that slipped through,
or an allowed one on the actor's own data, changes nothing for the next test)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.authz.world import NOW, World, build
from tests.conftest import freeze_time, outer_transaction
from webapp.extensions import limiter


@pytest.fixture(scope="module")
def world(app: Flask) -> Iterator[World]:
    with outer_transaction(app) as (connection, session):
        freeze_time(app, NOW)
        built = build(app, session)
        session.commit()  # lazy loads opened a savepoint: release it, or the next rollback would take the logins
        built.connection = connection
        yield built


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
