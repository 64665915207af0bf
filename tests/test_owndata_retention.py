"""Retention jobs: each deletes what is past its term and keeps what is not. The clock is frozen at NOW."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from tests.conftest import freeze_time
from tests.factories import make_family, make_regisseur, make_user
from tests.plan_factories import NOW, call
from webapp.models import (
    AuthSession,
    CalendarFeed,
    Invitation,
    MentorInvite,
    Mentorship,
    OutboxNotification,
    PasswordReset,
    PushSubscription,
    Relation,
    Role,
)
from webapp.owndata import retention
from webapp.owndata.retention import TERMS

DAY = timedelta(days=1)
_tokens = iter(range(10_000))


def _hash() -> str:
    return f"{next(_tokens):064d}"


@pytest.fixture
def person(app, db):
    freeze_time(app, NOW)
    return make_user(db, Role.JONGERE, name="Sara Bewaar")


def _left(db: Session, model) -> set[int]:
    db.expire_all()
    return set(db.exec(select(model.id)).all())


def _run(app, db, job) -> int:
    return call(app, db, job)


def test_every_job_has_a_term_and_runs_in_the_worker() -> None:
    assert {job.__name__.removeprefix("purge_") for job in retention.JOBS} == set(TERMS)


def test_ended_sessions_go_after_their_term_and_live_ones_stay(app, db, person) -> None:
    keep = TERMS["sessions"].keep
    idle = app.config["IDLE_TIMEOUT_FAMILY"]
    rows = {
        "revoked_long_ago": AuthSession(revoked_at=NOW - keep - DAY, last_seen_at=NOW - keep - DAY),
        "revoked_recently": AuthSession(revoked_at=NOW - keep + DAY, last_seen_at=NOW - keep + DAY),
        "idle_long_ago": AuthSession(last_seen_at=NOW - idle - keep - DAY, created_at=NOW - idle - keep - DAY),
        "idle_but_within_term": AuthSession(last_seen_at=NOW - idle - keep + DAY, created_at=NOW - idle - keep + DAY),
        "in_use": AuthSession(last_seen_at=NOW - timedelta(minutes=5), created_at=NOW - 20 * DAY),
    }
    for row in rows.values():
        row.user_id, row.token_hash = person.id, _hash()
        db.add(row)
    db.commit()
    ids = {name: row.id for name, row in rows.items()}
    assert _run(app, db, retention.purge_sessions) == 2
    assert _left(db, AuthSession) == {ids["revoked_recently"], ids["idle_but_within_term"], ids["in_use"]}


def test_used_or_expired_password_resets_go_after_a_week(app, db, person) -> None:
    keep = TERMS["password_resets"].keep
    rows = {
        "used_long_ago": PasswordReset(used_at=NOW - keep - DAY, expires_at=NOW - keep + DAY),
        "expired_long_ago": PasswordReset(expires_at=NOW - keep - DAY),
        "used_recently": PasswordReset(used_at=NOW - DAY, expires_at=NOW - DAY),
        "still_valid": PasswordReset(expires_at=NOW + timedelta(minutes=30)),
    }
    for row in rows.values():
        row.user_id, row.token_hash = person.id, _hash()
        db.add(row)
    db.commit()
    ids = {name: row.id for name, row in rows.items()}
    assert _run(app, db, retention.purge_password_resets) == 2
    assert _left(db, PasswordReset) == {ids["used_recently"], ids["still_valid"]}


def test_accepted_declined_or_expired_invitations_go_after_their_term(app, db, person) -> None:
    regisseur = make_regisseur(db)
    family = make_family(db, regisseur, (person, Relation.JONGERE))
    keep = TERMS["invitations"].keep
    rows = {
        "accepted_long_ago": Invitation(accepted_at=NOW - keep - DAY, expires_at=NOW - keep + 5 * DAY),
        "expired_long_ago": Invitation(expires_at=NOW - keep - DAY),
        "declined_long_ago": Invitation(declined_at=NOW - keep - DAY, expires_at=NOW - keep + 5 * DAY),
        "accepted_recently": Invitation(accepted_at=NOW - DAY, expires_at=NOW + 6 * DAY),
        "open": Invitation(expires_at=NOW + 3 * DAY),
    }
    for row in rows.values():
        row.user_id, row.family_id, row.created_by_id, row.token_hash = person.id, family.id, regisseur.id, _hash()
        db.add(row)
    db.commit()
    ids = {name: row.id for name, row in rows.items()}
    assert _run(app, db, retention.purge_invitations) == 3
    assert _left(db, Invitation) == {ids["accepted_recently"], ids["open"]}


def test_used_or_expired_mentor_invites_go_after_their_term(app, db, person) -> None:
    family = make_family(db, make_regisseur(db), (person, Relation.JONGERE))
    mentorship = Mentorship(
        youth_id=person.id, family_id=family.id, status="uitgenodigd", nominee_name="Karim", relation="oom_tante",
        contact="06 12345678", motivation="Hij luistert.",
    )  # fmt: skip
    db.add(mentorship)
    db.commit()
    keep = TERMS["mentor_invites"].keep
    rows = {
        "used_long_ago": MentorInvite(used_at=NOW - keep - DAY, expires_at=NOW - keep + DAY),
        "expired_long_ago": MentorInvite(expires_at=NOW - keep - DAY),
        "expired_recently": MentorInvite(expires_at=NOW - DAY),
        "open": MentorInvite(expires_at=NOW + 3 * DAY),
    }
    for row in rows.values():
        row.mentorship_id, row.token_hash = mentorship.id, _hash()
        db.add(row)
    db.commit()
    ids = {name: row.id for name, row in rows.items()}
    assert _run(app, db, retention.purge_mentor_invites) == 2
    assert _left(db, MentorInvite) == {ids["expired_recently"], ids["open"]}


def test_revoked_calendar_feeds_go_after_their_term(app, db, person) -> None:
    keep = TERMS["calendar_feeds"].keep
    rows = {
        "revoked_long_ago": CalendarFeed(revoked_at=NOW - keep - DAY),
        "revoked_recently": CalendarFeed(revoked_at=NOW - DAY),
        "in_use": CalendarFeed(created_at=NOW - 400 * DAY, last_used_at=NOW - 400 * DAY),
    }
    for row in rows.values():
        row.user_id, row.token_hash = person.id, _hash()
        db.add(row)
    db.commit()
    ids = {name: row.id for name, row in rows.items()}
    assert _run(app, db, retention.purge_calendar_feeds) == 1
    assert _left(db, CalendarFeed) == {ids["revoked_recently"], ids["in_use"]}


def test_sent_or_given_up_notifications_go_after_their_term_and_waiting_ones_stay(app, db, person) -> None:
    keep = TERMS["outbox"].keep
    rows = {
        "sent_long_ago": OutboxNotification(sent_at=NOW - keep - DAY, result="delivered to 1 device"),
        "given_up_long_ago": OutboxNotification(sent_at=NOW - keep - DAY, result="gave up after 9 attempts"),
        "sent_recently": OutboxNotification(sent_at=NOW - DAY, result="delivered to 1 device"),
        "old_but_waiting": OutboxNotification(created_at=NOW - 60 * DAY, not_before=NOW + DAY),
    }
    for row in rows.values():
        row.user_id, row.kind, row.url, row.tag = person.id, "berichten", "/berichten/1", "bericht-1"
        db.add(row)
    db.commit()
    ids = {name: row.id for name, row in rows.items()}
    assert _run(app, db, retention.purge_outbox) == 2
    assert _left(db, OutboxNotification) == {ids["sent_recently"], ids["old_but_waiting"]}


def test_devices_nothing_reached_for_270_days_are_removed(app, db, person) -> None:
    keep = TERMS["push_devices"].keep
    rows = {
        "dead": PushSubscription(created_at=NOW - 2 * keep, last_success_at=NOW - keep - DAY),
        "never_reached_and_old": PushSubscription(created_at=NOW - keep - DAY),
        "reached_recently": PushSubscription(created_at=NOW - 2 * keep, last_success_at=NOW - DAY),
        "new_and_not_yet_reached": PushSubscription(created_at=NOW - DAY),
    }
    for number, row in enumerate(rows.values()):
        row.user_id, row.endpoint, row.p256dh, row.auth = person.id, f"https://fcm.googleapis.com/{number}", "k", "a"
        db.add(row)
    db.commit()
    ids = {name: row.id for name, row in rows.items()}
    assert _run(app, db, retention.purge_push_devices) == 2
    assert _left(db, PushSubscription) == {ids["reached_recently"], ids["new_and_not_yet_reached"]}


def test_a_job_deletes_more_than_one_batch(app, db, person, monkeypatch) -> None:
    monkeypatch.setattr(retention, "BATCH", 2)
    for _ in range(5):
        db.add(
            OutboxNotification(
                user_id=person.id, kind="plan", url="/", tag="t", sent_at=NOW - TERMS["outbox"].keep - DAY
            )
        )
    db.commit()
    assert _run(app, db, retention.purge_outbox) == 5
    assert _left(db, OutboxNotification) == set()


def test_flask_worker_runs_the_retention_jobs_with_its_periodic_jobs(app, db, person) -> None:
    old = OutboxNotification(user_id=person.id, kind="plan", url="/", tag="t", sent_at=NOW - TERMS["outbox"].keep - DAY)
    db.add(old)
    db.commit()
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert _left(db, OutboxNotification) == set()
