"""Push delivery, end to end without the internet: a message or an outbox row → the worker → real pywebpush →
a push service on 127.0.0.1 → decrypted with the phone's own key. Also: what the push service answers (410, 429,
errors, timeouts), preferences and quiet hours. See tests/push_service.py."""

from __future__ import annotations

import json
import threading
import time as clock
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from tests.factories import make_family, make_regisseur, make_user
from tests.push_service import LocalPushService, Phone, push_service_for, verify_vapid
from webapp.config import Config
from webapp.messages import services as messages
from webapp.models import (
    ConversationKind,
    NotificationPreference,
    OutboxNotification,
    PushSubscription,
    Relation,
    Role,
    User,
)
from webapp.notify import outbox, payload, vapid, worker

SECRET = "Ik durf het niet aan mijn moeder te vertellen"
MOMENT = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def service(app, db, monkeypatch):
    """A push service on 127.0.0.1, and a VAPID key of this test (nothing written to instance/)."""
    with push_service_for(app, monkeypatch) as push_service:
        yield push_service


def _subscribe(db: Session, user: User, service: LocalPushService, name: str) -> Phone:
    phone = Phone()
    db.add(PushSubscription(user_id=user.id, endpoint=service.endpoint(name), p256dh=phone.p256dh, auth=phone.auth))
    db.commit()
    return phone


def _enqueue(db: Session, user: User, kind: str = "berichten", tag: str = "bericht-1") -> OutboxNotification:
    """An outbox row written at MOMENT (the tests travel in time from there)."""
    [row] = outbox.enqueue(db, [user.id], kind, "/berichten/1", tag)
    row.created_at = row.not_before = MOMENT
    db.commit()
    return row


def _row(db: Session, row_id: int) -> OutboxNotification:
    db.expire_all()
    row = db.get(OutboxNotification, row_id)
    assert row is not None
    return row


def _run(app, moment: datetime | None = None) -> int:
    """One `flask worker --once`, at `moment` (else now)."""
    app.config["ONSPLAN_FROZEN_NOW"] = moment
    return worker.run(app, once=True)


def _family(db: Session, youth_language: str = "nl", parent_language: str = "nl"):
    petra = make_regisseur(db, name="Petra Regisseur")
    samira = make_user(db, Role.JONGERE, name="Samira Haddou", language=youth_language)
    parent = make_user(db, Role.OUDER, name="Ayşe Yılmaz", language=parent_language)
    family = make_family(db, petra, (samira, Relation.JONGERE), (parent, Relation.OUDER), name="Haddou")
    return petra, samira, parent, family


def _conversation(db: Session, user: User, kind: ConversationKind) -> int:
    return next(s.conversation.id for s in messages.conversations(db, user) if s.conversation.kind == kind)


def test_a_private_message_reaches_the_regisseurs_phone_encrypted_signed_and_without_its_text(app, db, service) -> None:
    petra, samira, _parent, _family_row = _family(db)
    phone = _subscribe(db, petra, service, "petra")
    private = _conversation(db, samira, ConversationKind.PRIVATE)
    messages.send(db, samira, private, SECRET, "key-1")
    db.commit()

    assert _run(app) == 1

    [request] = service.to("petra")
    assert request.headers["content-encoding"] == "aes128gcm"
    assert request.headers["ttl"] == str(24 * 60 * 60)
    assert SECRET.encode() not in request.body  # encrypted on the wire
    claims, key = verify_vapid(request.headers["authorization"], service.endpoint("petra"))
    assert claims["sub"] == "mailto:beheer@onsplan.nl"
    assert key == vapid.public_key_b64url(app)
    data = phone.decrypt(request.body)
    assert data == {
        "title": "OnsPlan",
        "body": "Je hebt een nieuw bericht in OnsPlan",
        "url": f"/berichten/{private}",
        "tag": f"bericht-{private}",
        "lang": "nl",
        "dir": "ltr",
    }
    text = json.dumps(data, ensure_ascii=False)
    for secret in ("moeder", "Samira", "Haddou", "Petra", SECRET):
        assert secret not in text
    row = db.exec(select(OutboxNotification).where(OutboxNotification.user_id == petra.id)).one()
    assert row.sent_at is not None and row.result == "delivered to 1 device" and row.claimed_until is None
    assert db.exec(select(PushSubscription)).one().last_success_at is not None


def test_a_turkish_parent_gets_turkish_text_on_each_of_her_devices(app, db, service) -> None:
    petra, _samira, ayse, _family_row = _family(db, parent_language="tr")
    phones = {name: _subscribe(db, ayse, service, name) for name in ("ayse-phone", "ayse-tablet")}
    family_conversation = _conversation(db, petra, ConversationKind.FAMILY)
    messages.send(db, petra, family_conversation, "Morgen om 10 uur bij de huisarts", "key-2")
    db.commit()

    _run(app)

    for name, phone in phones.items():
        [request] = service.to(name)
        data = phone.decrypt(request.body)
        assert data["body"] == "OnsPlan'da yeni bir mesajın var"
        assert data["lang"] == "tr"
        assert "huisarts" not in json.dumps(data)
    row = db.exec(select(OutboxNotification).where(OutboxNotification.user_id == ayse.id)).one()
    assert row.result == "delivered to 2 devices"


@pytest.mark.parametrize("language", Config().LANGUAGES)
def test_every_kind_is_translated_and_far_below_the_push_size_limit(app, language) -> None:
    longest = OutboxNotification(user_id=1, kind="berichten", url="/" + "x" * 199, tag="t" * 100)
    with app.app_context():
        for kind in payload.BODIES:
            longest.kind = kind
            data = payload.build(longest, language)
            size = len(payload.encode(data).encode())
            assert size < 1000 < payload.MAX_PAYLOAD_BYTES
            assert (data["body"] == payload.build(longest, "nl")["body"]) == (language == "nl")
            assert "OnsPlan" in data["body"]
            assert data["dir"] == ("rtl" if language in ("ar", "fa") else "ltr")


def test_a_device_the_push_service_no_longer_knows_is_removed_and_the_others_still_get_it(app, db, service) -> None:
    user = make_user(db, Role.JONGERE)
    _subscribe(db, user, service, "gone")
    _subscribe(db, user, service, "expired")
    kept = _subscribe(db, user, service, "kept")
    service.answer("gone", 410)
    service.answer("expired", 404)
    row = _enqueue(db, user)

    _run(app)

    assert [s.endpoint for s in db.exec(select(PushSubscription))] == [service.endpoint("kept")]
    assert kept.decrypt(service.to("kept")[0].body)["tag"] == "bericht-1"
    assert _row(db, row.id).result == "delivered to 1 device; 2 removed"


def test_a_device_saved_under_an_older_rule_is_never_contacted_and_is_removed(app, db, service, monkeypatch) -> None:
    """A loopback endpoint saved while demo mode allowed it: the worker refuses it as it would any other host."""
    user = make_user(db, Role.JONGERE)
    _subscribe(db, user, service, "old")
    row = _enqueue(db, user)
    monkeypatch.setitem(app.config, "PUSH_ALLOW_LOCAL_ENDPOINTS", False)

    _run(app)

    assert service.count() == 0
    assert list(db.exec(select(PushSubscription))) == []
    assert _row(db, row.id).result == "no device; 1 removed"


def test_429_with_retry_after_delays_the_row_and_it_is_sent_after_the_wait(app, db, service) -> None:
    user = make_user(db, Role.JONGERE)
    _subscribe(db, user, service, "busy")
    service.answer("busy", 429, {"Retry-After": "120"})
    row = _enqueue(db, user)

    _run(app, MOMENT)
    waiting = _row(db, row.id)
    assert waiting.sent_at is None and waiting.attempts == 1 and waiting.claimed_until is None
    assert waiting.not_before == MOMENT + timedelta(seconds=120)
    assert waiting.result == "attempt 1 failed: HTTP 429"

    service.answer("busy", 201)
    _run(app, MOMENT + timedelta(seconds=119))
    assert len(service.to("busy")) == 1  # not due yet
    _run(app, MOMENT + timedelta(seconds=120))
    assert len(service.to("busy")) == 2
    assert _row(db, row.id).result == "delivered to 1 device"


def test_other_failures_back_off_1_2_4_minutes_and_a_timeout_is_a_failure_too(app, db, service) -> None:
    user = make_user(db, Role.JONGERE)
    _subscribe(db, user, service, "broken")
    service.answer("broken", 500)
    row = _enqueue(db, user)
    moment = MOMENT
    for attempt, minutes in ((1, 1), (2, 2), (3, 4)):
        _run(app, moment)
        failed = _row(db, row.id)
        assert (failed.attempts, failed.not_before) == (attempt, moment + timedelta(minutes=minutes))
        moment = failed.not_before
    assert failed.result == "attempt 3 failed: HTTP 500" and failed.sent_at is None

    app.config["PUSH_TIMEOUT"] = 0.2
    service.answer("broken", 201, delay=1.0)
    _run(app, moment)
    assert _row(db, row.id).result == "attempt 4 failed: timeout"


def test_a_notification_that_keeps_failing_is_given_up_after_the_ttl(app, db, service) -> None:
    user = make_user(db, Role.JONGERE)
    _subscribe(db, user, service, "phone")
    row = _enqueue(db, user)
    row.attempts, row.result = 9, "attempt 9 failed: HTTP 500"
    row.created_at = MOMENT - timedelta(hours=24)
    db.commit()

    _run(app, MOMENT)

    assert service.count() == 0
    assert _row(db, row.id).result == "gave up after 9 attempts: attempt 9 failed: HTTP 500"


def test_a_type_switched_off_is_not_sent_and_other_types_are(app, db, service) -> None:
    user = make_user(db, Role.JONGERE)
    _subscribe(db, user, service, "phone")
    db.add(NotificationPreference(user_id=user.id, berichten=False))
    db.commit()
    message_row = _enqueue(db, user, "berichten", "bericht-1")
    plan_row = _enqueue(db, user, "plan", "plan-1")

    _run(app)

    assert _row(db, message_row.id).sent_at is not None
    assert _row(db, message_row.id).result == "type switched off"
    assert [r.path for r in service.received] == ["/push/phone"]
    assert _row(db, plan_row.id).result == "delivered to 1 device"


def test_quiet_hours_over_midnight_delay_the_notification_until_they_end(app, db, service) -> None:
    user = make_user(db, Role.JONGERE)
    phone = _subscribe(db, user, service, "phone")
    db.add(NotificationPreference(user_id=user.id, quiet_from=time(22, 0), quiet_until=time(7, 0)))
    db.commit()
    row = _enqueue(db, user)
    late_evening = datetime(2026, 1, 15, 22, 30, tzinfo=UTC)  # 23:30 in Amsterdam (CET)

    _run(app, late_evening)
    delayed = _row(db, row.id)
    assert service.count() == 0
    assert delayed.sent_at is None and delayed.attempts == 0 and delayed.result == "quiet hours"
    assert delayed.not_before == datetime(2026, 1, 16, 6, 0, tzinfo=UTC)  # 07:00 in Amsterdam

    _run(app, datetime(2026, 1, 16, 5, 59, tzinfo=UTC))
    assert service.count() == 0
    _run(app, datetime(2026, 1, 16, 6, 0, tzinfo=UTC))
    assert phone.decrypt(service.to("phone")[0].body)["tag"] == "bericht-1"
    assert _row(db, row.id).result == "delivered to 1 device"


def test_without_a_device_or_with_a_disabled_account_nothing_is_sent_and_the_row_is_done(app, db, service) -> None:
    nobody = make_user(db, Role.JONGERE)
    disabled = make_user(db, Role.JONGERE)
    _subscribe(db, disabled, service, "disabled")
    disabled.active = False
    db.commit()
    rows = [_enqueue(db, nobody), _enqueue(db, disabled)]

    _run(app)

    assert service.count() == 0
    assert [_row(db, r.id).result for r in rows] == ["no device", "account disabled"]


def test_a_claimed_row_is_not_claimed_again_until_its_lease_runs_out(app, db) -> None:
    user = make_user(db, Role.JONGERE)
    for number in range(5):
        _enqueue(db, user, tag=f"t{number}")
    with app.app_context():
        lease = timedelta(seconds=60)
        first = worker.claim(db, MOMENT, 3, MOMENT + lease)
        second = worker.claim(db, MOMENT, 3, MOMENT + lease + timedelta(microseconds=1))
        third = worker.claim(db, MOMENT + timedelta(seconds=30), 10, MOMENT + lease * 2)
        after_the_lease = worker.claim(db, MOMENT + lease + timedelta(seconds=1), 10, MOMENT + lease * 3)
    assert len(first) == 3 and len(second) == 2 and not set(first) & set(second)
    assert third == []
    assert sorted(after_the_lease) == sorted(first + second)


def test_a_stopped_worker_finishes_the_row_in_hand_and_gives_the_rest_back_at_once(app, db, service) -> None:
    user = make_user(db, Role.JONGERE)
    _subscribe(db, user, service, "slow")
    service.answer("slow", 201, delay=1.0)
    rows = [_enqueue(db, user, tag=f"t{number}") for number in range(10)]
    stop = threading.Event()
    running = threading.Thread(target=worker.run, args=(app,), kwargs={"stop": stop})
    running.start()
    deadline = clock.monotonic() + 10
    while service.count() == 0 and clock.monotonic() < deadline:
        clock.sleep(0.01)
    stop.set()  # what Ctrl-C or SIGTERM does in `flask worker`
    running.join(timeout=10)

    assert not running.is_alive()
    states = [_row(db, row.id) for row in rows]
    assert [row.sent_at is not None for row in states] == [True] + [False] * 9
    assert all(row.claimed_until is None for row in states)  # another worker may take them now, not in 60 s
