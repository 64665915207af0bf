"""Sessions live on the server: logout, password change, disabling and idle time end them, whatever the cookie."""

from __future__ import annotations

from datetime import timedelta

import pyotp

from tests.conftest import csrf_token, freeze_time, post_form
from tests.factories import PASSWORD, login, make_regisseur, make_user
from webapp.clock import utcnow
from webapp.models import Role


def _cookies(client) -> dict[str, str]:
    return {cookie.key: cookie.value for cookie in client._cookies.values()}


def test_a_session_cookie_replayed_after_logout_is_refused(app, client, db) -> None:
    user = make_user(db, Role.JONGERE)
    login(client, user)
    stolen = _cookies(client)["onsplan_session"]
    assert client.get("/home").status_code == 200
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})
    assert response.headers["Location"].startswith("/login")
    assert response.headers["Clear-Site-Data"] == '"cache"'

    replay = app.test_client()
    replay.set_cookie("onsplan_session", stolen)
    assert replay.get("/home").status_code == 302


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    other_phone = app.test_client()
    login(other_phone, user)
    login(client, user)
    response = post_form(
        client,
        "/account/wachtwoord",
        {"current_password": PASSWORD, "password": "een nieuwe lange zin", "confirm": "een nieuwe lange zin"},
    )
    assert response.status_code == 302
    assert client.get("/home").status_code == 200
    assert other_phone.get("/home").status_code == 302


def test_changing_the_password_asks_for_the_current_one_and_keeps_the_form(client, db) -> None:
    user = make_user(db, Role.OUDER)
    login(client, user)
    response = post_form(
        client,
        "/account/wachtwoord",
        {"current_password": "fout", "password": "een nieuwe zin", "confirm": "een nieuwe zin"},
    )
    assert response.status_code == 400
    assert "Je huidige wachtwoord klopt niet." in response.get_data(as_text=True)


def test_changing_the_email_needs_the_current_password(client, db) -> None:
    user = make_user(db, Role.OUDER)
    login(client, user)
    refused = post_form(client, "/account/email", {"email": "nieuw@example.test", "current_password": "fout"})
    assert refused.status_code == 400
    assert 'value="nieuw@example.test"' in refused.get_data(as_text=True)
    accepted = post_form(client, "/account/email", {"email": "Nieuw@Example.test", "current_password": PASSWORD})
    assert accepted.status_code == 302  # a confirmation link goes to the new address (tests/test_email_change.py)


def test_disabling_an_account_ends_its_sessions_at_once(app, client, db) -> None:
    beheerder = make_user(db, Role.BEHEERDER, totp_secret=pyotp.random_base32())
    parent = make_user(db, Role.OUDER)
    parent_phone = app.test_client()
    login(parent_phone, parent)
    assert parent_phone.get("/home").status_code == 200
    login(client, beheerder)
    response = post_form(client, f"/beheer/accounts/{parent.id}/uit", {})
    assert response.status_code == 302
    assert parent_phone.get("/home").status_code == 302


def test_log_out_on_other_devices(app, client, db) -> None:
    user = make_user(db, Role.JONGERE)
    library_pc = app.test_client()
    login(library_pc, user)
    login(client, user)
    post_form(client, "/account/andere-apparaten-uitloggen", {})
    assert library_pc.get("/home").status_code == 302
    assert client.get("/home").status_code == 200


def test_professionals_are_logged_out_after_15_idle_minutes(app, client, db) -> None:
    petra = make_regisseur(db)
    login(client, petra)
    assert client.get("/home").status_code == 200
    freeze_time(app, utcnow() + timedelta(minutes=16))
    assert client.get("/home").status_code == 302


def test_youth_stay_logged_in_on_their_own_phone_for_days(app, client, db) -> None:
    samira = make_user(db, Role.JONGERE)
    login(client, samira, remember="y")
    freeze_time(app, utcnow() + timedelta(days=3))
    assert client.get("/home").status_code == 200


def test_session_cookies_are_httponly_and_samesite_lax(client, db) -> None:
    user = make_user(db, Role.JONGERE)
    response = login(client, user)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("onsplan_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure_and_host_prefixed() -> None:
    from webapp.config import Config

    mapping = Config(SECRET_KEY="x", DATABASE_URL="sqlite://").as_mapping()
    assert mapping["SESSION_COOKIE_SECURE"] and mapping["REMEMBER_COOKIE_SECURE"]
    assert mapping["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert mapping["REMEMBER_COOKIE_NAME"].startswith("__Host-")


def _stay_busy(app, client, start, until: timedelta, every: timedelta) -> None:
    """Open a page every `every` (never idle) until `until` after `start`; each visit must still be logged in."""
    moment = every
    while moment <= until:
        freeze_time(app, start + moment)
        assert client.get("/home").status_code == 200, f"logged out early, after {moment}"
        moment += every


def test_a_busy_professional_session_still_ends_12_hours_after_the_login(app, client, db) -> None:
    petra = make_regisseur(db)
    start = utcnow()
    login(client, petra)
    _stay_busy(app, client, start, timedelta(hours=11, minutes=50), timedelta(minutes=10))
    freeze_time(app, start + timedelta(hours=12, minutes=1))
    assert client.get("/home").status_code == 302


def test_a_busy_family_session_still_ends_90_days_after_the_login(app, client, db) -> None:
    samira = make_user(db, Role.JONGERE)
    start = utcnow()
    login(client, samira, remember="y")
    _stay_busy(app, client, start, timedelta(days=89), timedelta(days=7))
    freeze_time(app, start + timedelta(days=90, minutes=1))
    assert client.get("/home").status_code == 302
