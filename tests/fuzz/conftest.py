"""One world per module (the demo story, everyone logged in once), rolled back at the end; hypothesis profiles.

`FUZZ_EXAMPLES=500` runs that many examples per route, with fresh randomness each run (a long local run);
without it every route gets a few examples, the same ones on every run (CI).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from hypothesis import HealthCheck, settings

from tests.conftest import outer_transaction
from tests.fuzz.world import World, build

LONG_RUN = int(os.environ.get("FUZZ_EXAMPLES", "0"))

settings.register_profile(
    "fuzz",
    max_examples=LONG_RUN or 10,
    derandomize=not LONG_RUN,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=bool(LONG_RUN),
)


@pytest.fixture(scope="module")
def world(app: Flask) -> Iterator[World]:
    with outer_transaction(app) as (connection, session):
        yield build(app, session, connection)
