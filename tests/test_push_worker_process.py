"""`flask worker` as the real process it is in production: killed in the middle of a batch (nothing lost), stopped
with Ctrl-C (clean exit), two side by side (no row sent twice), and its throughput to a local push service.

These tests commit, so each gets its own database (a SQLite file, or a fresh database in the test run's PostgreSQL
cluster with ONSPLAN_TEST_DB=postgres) instead of the rolled-back `db` fixture.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, make_url
from sqlmodel import Session, select

from tests.push_service import LocalPushService, Phone, new_vapid_private_key
from webapp.config import PROJECT_ROOT
from webapp.db import make_engine
from webapp.migrate import upgrade
from webapp.models import OutboxNotification, PushSubscription, User
from webapp.notify import outbox


@dataclass
class WorkerDatabase:
    url: str
    engine: Engine
    instance: Path

    def unsent(self) -> int:
        with Session(self.engine) as db:
            return db.exec(select(func.count()).where(OutboxNotification.sent_at.is_(None))).one()

    def rows(self) -> list[OutboxNotification]:
        with Session(self.engine) as db:
            return list(db.exec(select(OutboxNotification)))


@pytest.fixture
def worker_db(database_url: str, tmp_path: Path) -> Iterator[WorkerDatabase]:
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'worker.db'}"
        upgrade(url)
        yield WorkerDatabase(url, make_engine(url), tmp_path)
        return
    name = f"onsplan_push_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    engine = make_engine(url)
    try:
        yield WorkerDatabase(url, engine, tmp_path)
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture(scope="module")
def vapid_key() -> str:
    return new_vapid_private_key()


def _seed(database: WorkerDatabase, service: LocalPushService, count: int, prefix: str) -> tuple[Phone, list[str]]:
    """One person with one phone on the local push service, and `count` notifications for her."""
    phone = Phone()
    tags = [f"{prefix}-{number}" for number in range(count)]
    with Session(database.engine) as db:
        user = User(name=f"Persoon {prefix}", email=f"{prefix}@example.test")
        db.add(user)
        db.flush()
        db.add(
            PushSubscription(user_id=user.id, endpoint=service.endpoint(prefix), p256dh=phone.p256dh, auth=phone.auth)
        )
        for tag in tags:
            outbox.enqueue(db, [user.id], "berichten", f"/berichten/{tag}", tag)
        db.commit()
    return phone, tags


def _start_worker(database: WorkerDatabase, key: str, *args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "SECRET_KEY": "worker-test",
        "VAPID_PRIVATE_KEY": key,
        "ONSPLAN_INSTANCE": str(database.instance),
        "PUSH_TIMEOUT": "5",
        "PUSH_ALLOW_LOCAL_ENDPOINTS": "1",  # the push service of these tests listens on 127.0.0.1
    }
    log = (database.instance / f"worker-{time.monotonic_ns()}.log").open("wb")
    command = [sys.executable, "-m", "flask", "--app", "webapp", "worker", *args]
    return subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def _tags(phone: Phone, service: LocalPushService, prefix: str) -> list[str]:
    return [phone.decrypt(request.body)["tag"] for request in service.to(prefix)]


def test_a_worker_killed_in_the_middle_of_100_notifications_loses_none(worker_db, vapid_key) -> None:
    with LocalPushService(delay=0.05) as service:
        phone, tags = _seed(worker_db, service, 100, "kill")
        first = _start_worker(worker_db, vapid_key, "--lease", "2")
        try:
            _wait_for(lambda: service.count() >= 25, 30, "the first deliveries")
        finally:
            first.kill()  # SIGKILL: no chance to hand anything back
        first.wait()
        arrived_before_kill = service.count()
        assert worker_db.unsent() > 0, "the worker finished before it was killed"

        second = _start_worker(worker_db, vapid_key, "--lease", "2")
        try:
            _wait_for(lambda: worker_db.unsent() == 0, 30, "the outbox to empty")
        finally:
            second.send_signal(signal.SIGINT)  # Ctrl-C
        assert second.wait(timeout=15) == 0

        received = _tags(phone, service, "kill")
    assert set(received) == set(tags)  # every notification arrived at least once
    duplicates = len(received) - len(set(received))
    assert duplicates <= 1  # at most the one in flight when the worker died (its tag makes it show once)
    assert {(r.result, r.claimed_until) for r in worker_db.rows()} == {("delivered to 1 device", None)}
    print(
        f"\nkill-restart: killed after {arrived_before_kill} of 100 deliveries, restarted: "
        f"100 of 100 arrived, {duplicates} delivered twice"
    )


def test_throughput_of_one_worker_and_two_workers_side_by_side_send_each_row_once(worker_db, vapid_key) -> None:
    with LocalPushService() as service:
        phone, tags = _seed(worker_db, service, 200, "solo")
        started = time.monotonic()
        assert _start_worker(worker_db, vapid_key, "--once").wait(timeout=60) == 0
        wall = time.monotonic() - started
        solo = service.to("solo")
        rate = (len(solo) - 1) / (solo[-1].at - solo[0].at)
        assert sorted(_tags(phone, service, "solo")) == sorted(tags)

        phone, tags = _seed(worker_db, service, 200, "pair")
        workers = [_start_worker(worker_db, vapid_key, "--once", "--batch", "20") for _ in range(2)]
        assert [worker.wait(timeout=60) for worker in workers] == [0, 0]
        pair = service.to("pair")
        pair_rate = (len(pair) - 1) / (pair[-1].at - pair[0].at)
        received = Counter(_tags(phone, service, "pair"))
    assert set(received) == set(tags) and set(received.values()) == {1}  # each row exactly once
    assert worker_db.unsent() == 0
    print(
        f"\npush worker throughput to the local push service ({worker_db.engine.dialect.name}): "
        f"{rate:.0f} notifications/s with one worker (200 in {wall:.1f} s including start-up), "
        f"{pair_rate:.0f}/s with two workers"
    )
