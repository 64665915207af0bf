"""The push rules on their own: VAPID keys from configuration or generated once, Retry-After, backoff, quiet hours."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, time, timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.push_service import b64url, b64url_decode
from webapp import create_app
from webapp.config import Config
from webapp.models import NotificationPreference
from webapp.notify import vapid, worker

NOW = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)


def _app(tmp_path, **config):
    return create_app(
        Config(SECRET_KEY="x", DATABASE_URL="sqlite://", VAPID_KEY_FILE=str(tmp_path / "vapid_private.pem"), **config)
    )


def test_without_a_configured_key_one_is_generated_once_on_first_use_and_kept(tmp_path) -> None:
    app = _app(tmp_path)
    key_file = tmp_path / "vapid_private.pem"
    assert not key_file.exists()  # create_app does no I/O
    public = vapid.public_key_b64url(app)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    point = b64url_decode(public)
    assert len(point) == 65 and point[0] == 4 and "=" not in public
    assert vapid.public_key_b64url(_app(tmp_path)) == public  # a restart reads the same key
    assert list(tmp_path.iterdir()) == [key_file]  # no temporary file left behind


def test_a_configured_key_is_used_as_pem_or_raw_base64url_and_nothing_is_written(tmp_path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    raw = b64url(key.private_numbers().private_value.to_bytes(32, "big"))
    expected = b64url(
        key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    for value in (pem.decode(), pem.decode().replace("\n", "\\n"), raw):
        app = _app(tmp_path, VAPID_PRIVATE_KEY=value)
        assert vapid.public_key_b64url(app) == expected
        assert vapid.private_key(app).private_key.private_numbers() == key.private_numbers()
    assert not (tmp_path / "vapid_private.pem").exists()


def test_a_wrong_key_is_refused(tmp_path) -> None:
    with pytest.raises(ValueError):
        vapid.public_key_b64url(_app(tmp_path, VAPID_PRIVATE_KEY="dGVzdA"))


def test_the_push_settings_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("VAPID_PRIVATE_KEY", "abc")
    monkeypatch.setenv("VAPID_SUBJECT", "mailto:push@gemeente.nl")
    monkeypatch.setenv("PUSH_TTL", "3600")
    monkeypatch.setenv("PUSH_TIMEOUT", "5")
    config = Config.from_env()
    assert (config.VAPID_PRIVATE_KEY, config.VAPID_SUBJECT) == ("abc", "mailto:push@gemeente.nl")
    assert config.PUSH_TTL.total_seconds() == 3600
    assert config.PUSH_TIMEOUT == 5.0
    defaults = Config()
    assert defaults.PUSH_TTL.total_seconds() == 24 * 3600
    assert defaults.PUSH_TIMEOUT == 10.0
    assert defaults.VAPID_SUBJECT == "mailto:beheer@onsplan.nl"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", NOW + timedelta(seconds=120)),
        (" 30 ", NOW + timedelta(seconds=30)),
        ("0", NOW + timedelta(seconds=1)),  # never "again at once"
        ("Sat, 28 Mar 2026 12:05:00 GMT", NOW + timedelta(minutes=5)),
        ("Sat, 28 Mar 2026 11:00:00 GMT", NOW + timedelta(seconds=1)),  # a date in the past
        ("999999", NOW + timedelta(hours=6)),  # at most 6 hours
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_is_seconds_or_an_http_date(header, expected) -> None:
    assert worker.retry_after(header, NOW) == expected


def test_backoff_doubles_from_one_minute_up_to_six_hours() -> None:
    minutes = [worker.backoff(n) / timedelta(minutes=1) for n in range(1, 12)]
    assert minutes == [1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360]
    assert worker.backoff(10_000) == timedelta(hours=6)


def _quiet(start: time | None, end: time | None) -> NotificationPreference:
    return NotificationPreference(user_id=1, quiet_from=start, quiet_until=end)


@pytest.mark.parametrize(
    ("start", "end", "now", "until"),
    [
        # 22:00-07:00 over midnight, winter (CET = UTC+1)
        (time(22), time(7), datetime(2026, 1, 15, 20, 59, tzinfo=UTC), None),
        (time(22), time(7), datetime(2026, 1, 15, 21, 0, tzinfo=UTC), datetime(2026, 1, 16, 6, 0, tzinfo=UTC)),
        (time(22), time(7), datetime(2026, 1, 16, 2, 0, tzinfo=UTC), datetime(2026, 1, 16, 6, 0, tzinfo=UTC)),
        (time(22), time(7), datetime(2026, 1, 16, 6, 0, tzinfo=UTC), None),
        # the night the clocks go forward (29 March 2026): 07:00 is already summer time (UTC+2)
        (time(22), time(7), datetime(2026, 3, 28, 22, 0, tzinfo=UTC), datetime(2026, 3, 29, 5, 0, tzinfo=UTC)),
        # within one day: school hours
        (time(8, 30), time(15), datetime(2026, 1, 15, 9, 0, tzinfo=UTC), datetime(2026, 1, 15, 14, 0, tzinfo=UTC)),
        (time(8, 30), time(15), datetime(2026, 1, 15, 15, 0, tzinfo=UTC), None),
        # no quiet hours
        (None, None, datetime(2026, 1, 15, 23, 0, tzinfo=UTC), None),
        (time(7), time(7), datetime(2026, 1, 15, 6, 0, tzinfo=UTC), None),
    ],
)
def test_quiet_hours_are_amsterdam_time_and_may_span_midnight(start, end, now, until) -> None:
    assert worker.quiet_hours_end(_quiet(start, end), now) == until
    assert worker.quiet_hours_end(None, now) is None
