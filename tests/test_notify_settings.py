"""Meldingen settings: devices (push subscriptions) added by push.js as JSON, listed and removed per person;
preferences and quiet hours in a plain form. Only the person's own rows; CSRF on every change."""

from __future__ import annotations

import base64
import os
import re
from datetime import time

import pytest
from babel.support import Translations
from sqlmodel import select

from tests.conftest import CSRF_PATTERN, csrf_token, post_form
from tests.factories import login, make_user
from webapp.config import Config
from webapp.models import NotificationPreference, PushSubscription, Role
from webapp.notify import services

TRANSLATIONS = os.path.join(os.path.dirname(__file__), "..", "translations")
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)
BAD_SUBSCRIPTION = (
    "Dit apparaat gaf geen goede gegevens voor meldingen. Laad de pagina opnieuw en probeer het nog een keer."
)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def subscription(endpoint: str = "https://fcm.googleapis.com/fcm/send/abc123", **keys) -> dict:
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": _b64url(b"\x04" + b"\x01" * 64), "auth": _b64url(b"\x02" * 16), **keys},
    }


@pytest.fixture(autouse=True)
def vapid_key_in_tmp(app, tmp_path, monkeypatch):
    """The settings page shows the VAPID public key: generate it in a temp dir, not in the repository."""
    monkeypatch.setitem(app.config, "VAPID_KEY_FILE", str(tmp_path / "vapid_private.pem"))


@pytest.fixture
def samira(db):
    return make_user(db, Role.JONGERE, name="Samira Test")


def _client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def _token(client) -> str:
    return csrf_token(client, "/meldingen")


def _add(client, data, token: str | None = "", user_agent: str = ANDROID_CHROME):
    headers = {"User-Agent": user_agent}
    if token is not None:
        headers["X-CSRFToken"] = token or _token(client)
    return client.post("/meldingen/apparaten", json=data, headers=headers)


def _rows(db, user=None) -> list[PushSubscription]:
    query = select(PushSubscription)
    if user is not None:
        query = query.where(PushSubscription.user_id == user.id)
    return list(db.exec(query.execution_options(populate_existing=True)))


# --- who may ------------------------------------------------------------------------------------------------


def test_the_settings_need_a_login(client) -> None:
    for path in ("/meldingen", "/meldingen/apparaten"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    token = csrf_token(client, "/hulp")  # an anonymous visitor's own valid token
    response = client.post("/meldingen/apparaten", json=subscription(), headers={"X-CSRFToken": token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = client.post("/meldingen/voorkeuren", data={"csrf_token": token, "berichten": "y"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_every_change_needs_the_csrf_token(app, db, samira) -> None:
    client = _client(app, samira)
    assert _add(client, subscription(), token=None).status_code == 400
    assert _add(client, subscription(), token="not-the-token").status_code == 400
    assert _rows(db) == []

    assert _add(client, subscription()).status_code == 201
    [row] = _rows(db, samira)
    response = client.delete("/meldingen/apparaten", json={"endpoint": row.endpoint})
    assert response.status_code == 400
    assert client.post(f"/meldingen/apparaten/{row.id}/verwijderen").status_code == 400
    assert client.post("/meldingen/voorkeuren", data={"quiet_from": "22:00", "quiet_until": "07:00"}).status_code == 400
    assert len(_rows(db, samira)) == 1
    assert db.get(NotificationPreference, samira.id) is None


# --- devices ------------------------------------------------------------------------------------------------


def test_a_device_is_stored_once_per_endpoint_and_listed(app, db, samira) -> None:
    client = _client(app, samira)
    response = _add(client, subscription())
    assert response.status_code == 201
    assert response.json["ok"] is True
    [row] = _rows(db, samira)
    assert row.device == "Chrome, Android"
    assert row.p256dh == _b64url(b"\x04" + b"\x01" * 64) and row.auth == _b64url(b"\x02" * 16)

    # The same browser again (new keys after re-subscribing): updated, not doubled.
    again = subscription(auth=_b64url(b"\x03" * 16))
    assert _add(client, again).status_code == 201
    [row] = _rows(db, samira)
    assert row.auth == _b64url(b"\x03" * 16)

    page = client.get("/meldingen").get_data(as_text=True)
    assert "Chrome, Android" in page
    assert f'data-endpoint-key="{services.endpoint_key(row.endpoint)}"' in page
    assert row.endpoint not in page  # the page never carries the endpoint itself
    partial = client.get("/meldingen/apparaten", headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "Chrome, Android" in partial.get_data(as_text=True) and "<html" not in partial.get_data(as_text=True)


def test_a_browser_that_changes_hands_belongs_to_the_last_person_who_subscribed(app, db, samira) -> None:
    uncle = make_user(db, Role.OUDER, name="Karim Test")
    assert _add(_client(app, samira), subscription()).status_code == 201
    assert _add(_client(app, uncle), subscription()).status_code == 201
    assert [row.user_id for row in _rows(db)] == [uncle.id]


@pytest.mark.parametrize(
    "data",
    [
        None,
        ["not", "an", "object"],
        {"endpoint": "https://fcm.googleapis.com/fcm/send/x"},
        subscription(p256dh=_b64url(b"\x04" + b"\x01" * 10)),
        subscription(p256dh=_b64url(b"\x05" + b"\x01" * 64)),
        subscription(auth="not base64!"),
        subscription(auth=_b64url(b"\x02" * 8)),
        subscription(endpoint=""),
        subscription(endpoint="https://fcm.googleapis.com/" + "x" * 1000),
    ],
)
def test_an_invalid_subscription_is_refused_with_a_plain_message(app, db, samira, data) -> None:
    response = _add(_client(app, samira), data)
    assert response.status_code == 400
    assert response.json == {"ok": False, "error": BAD_SUBSCRIPTION}
    assert _rows(db) == []


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://fcm.googleapis.com/fcm/send/x",  # not https
        "https://intranet.example.org/push",  # not a push service: the worker would POST there
        "https://10.0.0.7/push",
        "https://fcm.googleapis.com.evil.example/x",
        "https://user:pw@fcm.googleapis.com/x",
        "http://localhost:8080/push",
        "ftp://fcm.googleapis.com/x",
        "https://fcm.googleapis.com:8443/fcm/send/x",  # a push service's host, another port
        "https://fcm.googleapis.com:80/fcm/send/x",
        "https://evil.push.apple.com/x",  # Apple's web push is web.push.apple.com only
        "https://anything.googleapis.com/x",
        "https://notify.windows.com.evil.example/x",
        "https://evilnotify.windows.com/x",
    ],
)
def test_only_push_services_are_accepted_as_endpoints(app, db, samira, endpoint) -> None:
    response = _add(_client(app, samira), subscription(endpoint=endpoint))
    assert response.status_code == 400
    assert "Probeer een andere browser" in response.json["error"]
    assert _rows(db) == []


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc",
        "https://updates.push.services.mozilla.com/wpush/v2/abc",
        "https://web.push.apple.com/QGx",
        "https://wns2-par02p.notify.windows.com/w/?token=abc",
        "https://push.services.mozilla.com/wpush/v2/abc",
        "https://fcm.googleapis.com:443/fcm/send/abc",
        "http://127.0.0.1:8123/push/x",  # a test's own push service (only with PUSH_ALLOW_LOCAL_ENDPOINTS)
    ],
)
def test_the_push_services_of_the_common_browsers_are_accepted(app, db, samira, endpoint) -> None:
    assert _add(_client(app, samira), subscription(endpoint=endpoint)).status_code == 201


@pytest.mark.parametrize("demo", [False, True], ids=["production", "make run (demo)"])
@pytest.mark.parametrize(
    "endpoint", ["http://127.0.0.1:8123/push/x", "https://127.0.0.1/push/x", "http://[::1]:8123/push/x"]
)
def test_a_loopback_endpoint_is_refused_without_the_test_flag_even_in_demo_mode(
    app, db, samira, monkeypatch, demo: bool, endpoint: str
) -> None:
    monkeypatch.delitem(app.config, "PUSH_ALLOW_LOCAL_ENDPOINTS")
    monkeypatch.setitem(app.config, "DEMO", demo)
    response = _add(_client(app, samira), subscription(endpoint=endpoint))
    assert response.status_code == 400
    assert _rows(db) == []


def test_make_run_does_not_allow_loopback_push_endpoints(monkeypatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x")
    for name in ("DEMO", "INSECURE_COOKIES"):
        monkeypatch.setenv(name, "1")
    assert Config.from_env().PUSH_ALLOW_LOCAL_ENDPOINTS is False


def test_the_error_is_in_the_users_language(app, db) -> None:
    english = make_user(db, Role.JONGERE, language="en")
    response = _add(_client(app, english), {"endpoint": 42})
    assert response.status_code == 400
    expected = Translations.load(TRANSLATIONS, ["en"]).gettext(BAD_SUBSCRIPTION)
    assert expected != BAD_SUBSCRIPTION
    assert response.json["error"] == expected


def test_a_stranger_cannot_remove_someone_elses_device(app, db, samira) -> None:
    client = _client(app, samira)
    assert _add(client, subscription()).status_code == 201
    [row] = _rows(db, samira)

    stranger = _client(app, make_user(db, Role.OUDER))
    assert post_form(stranger, f"/meldingen/apparaten/{row.id}/verwijderen", {}).status_code == 404
    response = stranger.delete(
        "/meldingen/apparaten", json={"endpoint": row.endpoint}, headers={"X-CSRFToken": _token(stranger)}
    )
    assert response.status_code == 200 and response.json["removed"] is False
    assert post_form(stranger, "/meldingen/apparaten/999999/verwijderen", {}).status_code == 404
    assert len(_rows(db, samira)) == 1

    response = post_form(client, f"/meldingen/apparaten/{row.id}/verwijderen", {})
    assert response.status_code == 302
    assert _rows(db, samira) == []
    assert "Dit apparaat krijgt geen meldingen meer." in client.get("/meldingen").get_data(as_text=True)


def test_this_browser_unsubscribes_by_endpoint(app, db, samira) -> None:
    client = _client(app, samira)
    assert _add(client, subscription()).status_code == 201
    response = client.delete(
        "/meldingen/apparaten",
        json={"endpoint": subscription()["endpoint"]},
        headers={"X-CSRFToken": _token(client)},
    )
    assert response.status_code == 200 and response.json["removed"] is True
    assert _rows(db, samira) == []


# --- preferences --------------------------------------------------------------------------------------------


def test_preferences_and_quiet_hours_are_saved(app, db, samira) -> None:
    client = _client(app, samira)
    page = client.get("/meldingen").get_data(as_text=True)
    assert re.search(r'<input checked id="berichten"', page) and re.search(r'<input checked id="plan"', page)
    assert re.search(r'<input checked id="afspraken"', page) and re.search(r'<input checked id="mentor"', page)
    assert 'id="steun"' not in page  # only the kinds that exist so far are shown

    response = post_form(
        client, "/meldingen/voorkeuren", {"plan": "y", "mentor": "y", "quiet_from": "22:00", "quiet_until": "07:30"}
    )
    assert response.status_code == 302
    saved = db.get(NotificationPreference, samira.id, populate_existing=True)
    assert (saved.berichten, saved.plan, saved.afspraken, saved.mentor) == (False, True, False, True)
    assert (saved.quiet_from, saved.quiet_until) == (time(22, 0), time(7, 30))
    assert (saved.steun, saved.vragen) == (True, True)

    page = client.get("/meldingen").get_data(as_text=True)
    assert "Je keuzes voor meldingen zijn opgeslagen." in page
    assert re.search(r'<input id="berichten"', page)
    assert 'value="22:00"' in page and 'value="07:30"' in page

    # Both times empty: no quiet hours.
    assert post_form(client, "/meldingen/voorkeuren", {"berichten": "y", "plan": "y"}).status_code == 302
    saved = db.get(NotificationPreference, samira.id, populate_existing=True)
    assert (saved.berichten, saved.quiet_from, saved.quiet_until) == (True, None, None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quiet_from": "22:00"}, "Vul allebei de tijden in, of laat ze allebei leeg."),
        ({"quiet_until": "07:00"}, "Vul allebei de tijden in, of laat ze allebei leeg."),
        ({"quiet_from": "08:00", "quiet_until": "08:00"}, "Kies een eindtijd die anders is dan de begintijd."),
    ],
)
def test_wrong_quiet_hours_keep_the_input_and_say_what_to_fix(app, db, samira, data, message) -> None:
    client = _client(app, samira)
    response = post_form(client, "/meldingen/voorkeuren", data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'aria-invalid="true"' in page
    for value in data.values():
        assert f'value="{value}"' in page
    assert re.search(r'<input id="berichten"', page)  # the unticked box stays unticked
    assert CSRF_PATTERN.search(page)
    assert db.get(NotificationPreference, samira.id) is None


def test_the_device_name_is_read_from_the_browser() -> None:
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Version/17.4 Mobile Safari/604.1"
    )
    edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0"
    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    assert services.device_name(ANDROID_CHROME) == "Chrome, Android"
    assert services.device_name(iphone) == "Safari, iPhone"
    assert services.device_name(edge) == "Edge, Windows"
    assert services.device_name(firefox) == "Firefox, Linux"
    assert services.device_name("") == ""
