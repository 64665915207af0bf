"""The push worker: sends the outbox (`flask worker`), at least once, to every device of the recipient.

Why it is built this way:
- **Nothing lost.** Rows are only marked sent after the push service accepted them. A worker claims a batch by
  setting `claimed_until` (a lease): if it dies, the lease runs out and another worker (or the restarted one) takes
  the rows again. A row may then reach a phone twice; its `tag` makes it show once.
- **Several workers.** On PostgreSQL the claim is `SELECT ... FOR UPDATE SKIP LOCKED`, so workers never wait for
  or take each other's rows. SQLite has one writer at a time: the claim is a single `UPDATE ... RETURNING` whose
  WHERE clause only matches free rows, so two workers cannot claim the same row either.
- **The claim is a token.** The exact `claimed_until` a worker wrote identifies its claim. Before sending a row the
  worker renews that row's lease *only if it still holds that value* (so a row whose lease ran out and was taken
  by someone else is skipped), and the result is written under the same guard.
- **No transaction is open during HTTP.** A SQLite reader that later writes fails when someone else wrote in
  between, and PostgreSQL locks should not wait on a slow push service: read, send, then write.
- **Nothing personal in logs.** Logged are row and device ids, the kind and a short error; never the payload,
  the endpoint (a capability URL) or a name.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time as clock_time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import requests
from flask import Flask
from pywebpush import WebPushException, webpush
from sqlalchemy import delete, or_, update
from sqlmodel import Session, select

from webapp.clock import utcnow
from webapp.db import session_scope
from webapp.models import NotificationPreference, OutboxNotification, PushSubscription, User
from webapp.notify import mails, outbox, payload, vapid
from webapp.notify.services import endpoint_allowed

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
FIRST_RETRY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)
MIN_RETRY_AFTER = timedelta(seconds=1)
IDLE_WAIT = 1.0  # seconds between looks at an empty outbox
PERIODIC_EVERY = 300.0  # seconds between runs of the periodic jobs (e.g. planning JIM reviews)
QUIET_HOURS_ZONE = ZoneInfo("Europe/Amsterdam")
GONE = frozenset({404, 410})  # the browser unsubscribed or the subscription expired
BUSY = frozenset({429, 503})  # the push service asks us to come back later


@dataclass
class Outcome:
    """What happened to one row: sent (finished) or to be tried again at `not_before`."""

    result: str
    sent: bool = True
    not_before: datetime | None = None
    failed: bool = False  # counts as an attempt
    delivered: list[int] = field(default_factory=list)  # subscription ids that accepted it
    gone: list[int] = field(default_factory=list)  # subscription ids to delete


@dataclass
class Job:
    """A row with everything needed to send it, read in one short transaction."""

    row: OutboxNotification
    user: User | None
    preference: NotificationPreference | None
    devices: list[PushSubscription]


def run(
    app: Flask,
    *,
    once: bool = False,
    batch: int = 50,
    worker_id: str | None = None,
    lease: timedelta = LEASE,
    stop: threading.Event | None = None,
    periodic: tuple[Callable[[Session], int], ...] = (),
) -> int:
    """Claim and send due rows until `stop` is set (or, with `once`, until nothing is due). Returns rows handled.

    `periodic` jobs (each takes a session and returns how much it did) run at start and every PERIODIC_EVERY
    seconds, in their own transaction; they write outbox rows that this loop then sends. They must be safe to run
    in several workers at once."""
    worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}"
    stop = stop or threading.Event()
    handled = 0
    next_periodic = 0.0
    with app.app_context(), requests.Session() as http:
        while not stop.is_set():
            started = clock_time.monotonic()
            if periodic and started >= next_periodic:
                _run_periodic(app, periodic)
                next_periodic = started + PERIODIC_EVERY
            now = utcnow()
            lease_until = now + lease
            with session_scope(app) as db:
                ids = claim(db, now, batch, lease_until)
            if not ids:
                if once:
                    break
                stop.wait(IDLE_WAIT)
                continue
            done = _work_through(app, http, ids, lease_until, lease, stop)
            handled += done
            log.info(
                "worker %s: %d of %d claimed rows handled in %.2f s",
                worker_id,
                done,
                len(ids),
                clock_time.monotonic() - started,
            )
    return handled


def _run_periodic(app: Flask, jobs: tuple[Callable[[Session], int], ...]) -> None:
    for job in jobs:
        try:
            with session_scope(app) as db:
                done = job(db)
        except Exception as error:  # a failing job must not stop the sending
            log.warning("periodic job %s failed: %s", job.__name__, type(error).__name__)
        else:
            if done:
                log.info("periodic job %s: %d done", job.__name__, done)


def claim(db: Session, now: datetime, batch: int, lease_until: datetime) -> list[int]:
    """Take up to `batch` due rows by writing our lease into them; committed by the caller."""
    due = (
        select(OutboxNotification.id)
        .where(
            OutboxNotification.sent_at.is_(None),
            OutboxNotification.not_before <= now,
            or_(OutboxNotification.claimed_until.is_(None), OutboxNotification.claimed_until < now),
        )
        .order_by(OutboxNotification.not_before, OutboxNotification.id)
        .limit(batch)
    )
    if db.get_bind().dialect.name == "postgresql":
        ids = list(db.exec(due.with_for_update(skip_locked=True)).all())
        if ids:
            db.exec(_set_lease(OutboxNotification.id.in_(ids), lease_until))
        return ids
    # SQLite: one statement, so the check for free rows and the claim happen under the same write lock.
    claimed = db.exec(
        _set_lease(OutboxNotification.id.in_(due.scalar_subquery()), lease_until).returning(OutboxNotification.id)
    )
    return sorted(claimed.scalars().all())


def _set_lease(condition, lease_until: datetime | None):
    return (
        update(OutboxNotification)
        .where(condition)
        .values(claimed_until=lease_until)
        .execution_options(synchronize_session=False)
    )


def _work_through(
    app: Flask, http: requests.Session, ids: list[int], lease_until: datetime, lease: timedelta, stop: threading.Event
) -> int:
    """Handle the claimed rows one by one; on stop, hand the rest back at once instead of waiting for the lease."""
    for position, row_id in enumerate(ids):
        if stop.is_set():
            _release(app, ids[position:], lease_until)
            return position
        _handle(app, http, row_id, lease_until, lease)
    return len(ids)


def _release(app: Flask, ids: list[int], lease_until: datetime) -> None:
    with session_scope(app) as db:
        db.exec(_set_lease(OutboxNotification.id.in_(ids) & (OutboxNotification.claimed_until == lease_until), None))


def _handle(app: Flask, http: requests.Session, row_id: int, lease_until: datetime, lease: timedelta) -> None:
    row_lease = utcnow() + lease
    job = _take(app, row_id, lease_until, row_lease)
    if job is None:
        log.info("outbox %s: claim lost to another worker, skipped", row_id)
        return
    now = utcnow()
    try:
        if job.row.kind in outbox.MAIL_KINDS:
            outcome = _mail(app, job, now)
        else:
            outcome = decide(job, now, app.config["PUSH_TTL"]) or deliver(app, http, job, now)
    except Exception as error:  # one broken row must not stop the worker; it is retried later
        log.warning("outbox %s: %s", row_id, type(error).__name__)
        outcome = _retry(job.row, now, type(error).__name__)
    _record(app, row_id, row_lease, outcome, now)
    log.debug("outbox %s (%s): %s", row_id, job.row.kind, outcome.result)


def _take(app: Flask, row_id: int, lease_until: datetime, row_lease: datetime) -> Job | None:
    """Renew this row's lease if the claim is still ours, and read what sending needs."""
    with session_scope(app) as db:
        renewed = db.exec(
            _set_lease(
                (OutboxNotification.id == row_id)
                & (OutboxNotification.claimed_until == lease_until)
                & OutboxNotification.sent_at.is_(None),
                row_lease,
            )
        )
        if renewed.rowcount != 1:
            return None
        row = db.get(OutboxNotification, row_id)
        assert row is not None
        devices = db.exec(
            select(PushSubscription).where(PushSubscription.user_id == row.user_id).order_by(PushSubscription.id)
        ).all()
        return Job(row, db.get(User, row.user_id), db.get(NotificationPreference, row.user_id), list(devices))


def decide(job: Job, now: datetime, ttl: timedelta) -> Outcome | None:
    """Everything that holds a row back before sending; None means: send it now."""
    row, preference = job.row, job.preference
    if job.user is None or not job.user.active:
        return Outcome("account disabled")
    urgent = row.kind in outbox.URGENT_KINDS  # "Ik voel me niet veilig": no setting holds it back
    if not urgent and preference is not None and not getattr(preference, row.kind, True):
        return Outcome("type switched off")
    if row.attempts and now >= _aware(row.created_at) + ttl:
        return Outcome(f"gave up after {row.attempts} attempts: {row.result}")
    if not urgent and (end := quiet_hours_end(preference, now)) is not None:
        return Outcome("quiet hours", sent=False, not_before=end)
    return None


def _mail(app: Flask, job: Job, now: datetime) -> Outcome:
    """A mail row (a password reset): sent at once; push preferences and quiet hours are about push only. A
    failed send raises and is retried like a push, and given up after PUSH_TTL."""
    if job.row.attempts and now >= _aware(job.row.created_at) + app.config["PUSH_TTL"]:
        return Outcome(f"gave up after {job.row.attempts} attempts: {job.row.result}")
    return Outcome("mailed" if mails.send(app, job.row) else "nothing to mail")


def quiet_hours_end(preference: NotificationPreference | None, now: datetime) -> datetime | None:
    """When `now` lies inside the quiet hours (Amsterdam time, may span midnight): the moment they end (UTC)."""
    if preference is None or preference.quiet_from is None or preference.quiet_until is None:
        return None
    start, end = preference.quiet_from, preference.quiet_until
    if start == end:
        return None
    local = now.astimezone(QUIET_HOURS_ZONE)
    moment = local.time().replace(tzinfo=None)
    inside = start <= moment < end if start < end else (moment >= start or moment < end)
    if not inside:
        return None
    day = local.date() if moment < end else local.date() + timedelta(days=1)
    return datetime.combine(day, time(end.hour, end.minute), tzinfo=QUIET_HOURS_ZONE).astimezone(UTC)


def deliver(app: Flask, http: requests.Session, job: Job, now: datetime) -> Outcome:
    """Send to every device; a device that is gone is removed, one that asks to wait makes the row wait."""
    if not job.devices:
        return Outcome("no device")
    assert job.user is not None
    text = payload.encode(payload.build(job.row, job.user.language))
    delivered, gone, waits, errors = [], [], [], []
    for device in job.devices:
        status, error, wait_until = _send(app, http, device, text, now)
        if status == "delivered":
            delivered.append(device.id)
        elif status == "gone":
            gone.append(device.id)
        else:
            errors.append(error)
            if wait_until is not None:
                waits.append(wait_until)
            log.warning("outbox %s: push to device %s failed: %s", job.row.id, device.id, error)
    if errors:
        outcome = _retry(job.row, now, errors[0], max(waits) if waits else None)
    else:
        outcome = Outcome(_delivered_text(len(delivered), len(gone)))
    outcome.delivered, outcome.gone = delivered, gone
    return outcome


def _send(
    app: Flask, http: requests.Session, device: PushSubscription, text: str, now: datetime
) -> tuple[str, str, datetime | None]:
    """One push: ("delivered" | "gone" | "retry", short error, Retry-After moment). An endpoint that is not (or no
    longer) a known push service, e.g. saved under an older rule, is never contacted: it counts as gone."""
    config = app.config
    if not endpoint_allowed(device.endpoint):
        return "gone", "", None
    try:
        webpush(
            {"endpoint": device.endpoint, "keys": {"p256dh": device.p256dh, "auth": device.auth}},
            text,
            vapid_private_key=vapid.private_key(app),
            vapid_claims={"sub": vapid.subject(app)},  # a new dict each time: pywebpush adds `aud` and `exp` to it
            content_encoding="aes128gcm",
            ttl=int(config["PUSH_TTL"].total_seconds()),
            timeout=config["PUSH_TIMEOUT"],
            requests_session=http,
        )
    except WebPushException as error:
        code = error.response.status_code if error.response is not None else None
        if code in GONE:
            return "gone", "", None
        headers = error.response.headers if error.response is not None else {}
        wait = retry_after(headers.get("Retry-After"), now) if code in BUSY else None
        return "retry", f"HTTP {code}", wait
    except requests.Timeout:
        return "retry", "timeout", None
    except requests.ConnectionError:
        return "retry", "connection error", None
    return "delivered", "", None


def _retry(row: OutboxNotification, now: datetime, error: str, wait_until: datetime | None = None) -> Outcome:
    attempts = row.attempts + 1
    not_before = wait_until or now + backoff(attempts)
    return Outcome(f"attempt {attempts} failed: {error}", sent=False, not_before=not_before, failed=True)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after the 1st, 2nd, 3rd ... failure, never more than 6 hours."""
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 16), MAX_DELAY)


def retry_after(value: str | None, now: datetime) -> datetime | None:
    """A `Retry-After` header (seconds, or an HTTP date) as a moment, kept between 1 second and 6 hours from now."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        moment = now + timedelta(seconds=int(value))
    else:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return min(max(moment, now + MIN_RETRY_AFTER), now + MAX_DELAY)


def _delivered_text(delivered: int, gone: int) -> str:
    text = "no device" if not delivered else f"delivered to {delivered} device{'s' if delivered != 1 else ''}"
    return text + (f"; {gone} removed" if gone else "")


def _record(app: Flask, row_id: int, row_lease: datetime, outcome: Outcome, now: datetime) -> None:
    """Write the outcome under our lease; a worker that lost the row writes nothing about it but removals."""
    values: dict = {"claimed_until": None, "result": outcome.result[:200]}
    if outcome.sent:
        values["sent_at"] = now
    else:
        values["not_before"] = outcome.not_before
    if outcome.failed:
        values["attempts"] = OutboxNotification.attempts + 1
    with session_scope(app) as db:
        written = db.exec(
            update(OutboxNotification)
            .where(OutboxNotification.id == row_id, OutboxNotification.claimed_until == row_lease)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if written.rowcount != 1:
            log.warning("outbox %s: lease ran out while sending; another worker takes it", row_id)
        if outcome.gone:
            db.exec(delete(PushSubscription).where(PushSubscription.id.in_(outcome.gone)))
        if outcome.delivered:
            db.exec(
                update(PushSubscription)
                .where(PushSubscription.id.in_(outcome.delivered))
                .values(last_success_at=now)
                .execution_options(synchronize_session=False)
            )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def stop_on_signals(stop: threading.Event) -> None:
    """Ctrl-C or SIGTERM: finish the current row, hand the rest back, exit. A second Ctrl-C stops at once."""

    def handler(signum: int, _frame) -> None:
        stop.set()
        signal.signal(signum, signal.SIG_DFL if signum != signal.SIGINT else signal.default_int_handler)

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
