"""Logging in: success, one answer for unknown e-mail and wrong password, throttling, kept input."""

from __future__ import annotations

import re

from tests.conftest import csrf_token, post_form
from tests.factories import PASSWORD, login, make_user
from webapp.auth import passwords
from webapp.models import Role


def test_a_youth_logs_in_and_lands_on_home(client, db) -> None:
    samira = make_user(db, Role.JONGERE, name="Samira Test")
    response = login(client, samira)
    assert response.status_code == 302 and response.headers["Location"] == "/home"
    assert "Hoi Samira" in client.get("/home").get_data(as_text=True)


def test_login_follows_only_local_next_targets(client, db) -> None:
    user = make_user(db, Role.OUDER)
    token = csrf_token(client)
    local = client.post("/login?next=/account", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert local.headers["Location"] == "/account"
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})
    token = csrf_token(client)
    evil = client.post(
        "/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert evil.headers["Location"] == "/home"


def test_unknown_email_and_wrong_password_get_the_same_answer_and_the_same_work(client, db, monkeypatch) -> None:
    user = make_user(db, Role.OUDER)
    calls: list[str] = []
    real = passwords._hasher

    class CountingHasher:
        def verify(self, hash_, password):
            calls.append(hash_)
            return real.verify(hash_, password)

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(passwords, "_hasher", CountingHasher())
    wrong = post_form(client, "/login", {"email": user.email, "password": "niet het wachtwoord"})
    unknown = post_form(client, "/login", {"email": "nobody@example.test", "password": "niet het wachtwoord"})
    assert wrong.status_code == unknown.status_code == 401
    strip = lambda r: r.get_data(as_text=True).replace(user.email, "E").replace("nobody@example.test", "E")  # noqa: E731
    assert csrf_free(strip(wrong)) == csrf_free(strip(unknown))
    assert len(calls) == 2, "both cases must run exactly one argon2 verification"


def csrf_free(html: str) -> str:
    return re.sub(r'value="[^"]*"', 'value=""', re.sub(r'"X-CSRFToken": "[^"]*"', "", html))


def test_a_wrong_password_keeps_the_typed_email_and_explains_in_the_visitors_language(client, db) -> None:
    user = make_user(db, Role.OUDER)
    client.set_cookie("onsplan_lang", "en")
    response = post_form(client, "/login", {"email": user.email, "password": "fout"})
    html = response.get_data(as_text=True)
    assert f'value="{user.email}"' in html
    assert 'aria-invalid="true"' in html
    assert response.status_code == 401
    assert "This email address or password is not right. Try again." in html
    assert "klopt niet" not in html  # not the Dutch source text


def test_a_disabled_account_cannot_log_in(client, db) -> None:
    user = make_user(db, Role.OUDER)
    user.active = False
    db.commit()
    assert login(client, user).status_code == 401


def test_ten_attempts_per_account_then_refused_even_from_other_addresses(client, db) -> None:
    user = make_user(db, Role.OUDER)
    for attempt in range(10):
        response = client.post(
            "/login",
            data={"email": user.email, "password": "fout", "csrf_token": csrf_token(client)},
            environ_overrides={"REMOTE_ADDR": f"10.0.0.{attempt}"},
        )
        assert response.status_code == 401
    blocked = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client)},
        environ_overrides={"REMOTE_ADDR": "10.0.1.99"},
    )
    assert blocked.status_code == 429
    assert f'value="{user.email}"' in blocked.get_data(as_text=True)


def test_ten_attempts_per_address_then_refused_for_any_account(client, db) -> None:
    for attempt in range(10):
        response = post_form(client, "/login", {"email": f"guess{attempt}@example.test", "password": "fout"})
        assert response.status_code == 401
    user = make_user(db, Role.OUDER)
    assert login(client, user).status_code == 429


def test_an_empty_form_gets_translated_field_messages(client, db) -> None:
    response = post_form(client, "/login", {"email": "", "password": ""})
    assert response.status_code == 400
    assert "Vul je e-mailadres in." in response.get_data(as_text=True)
