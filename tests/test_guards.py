"""The default-deny gate (webapp/auth/guards.py): only views marked @public open without a login, a visitor is sent
to the login page and back, and only same-site paths are followed after login (no open redirect)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask import Flask

from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_user
from webapp import create_app
from webapp.auth.guards import is_public_endpoint, public, safe_next
from webapp.config import Config
from webapp.models import Role

LOCAL = ["/account", "/gezinnen/12/plan?versie=2#doelen", "/", "/uitleg?woord=gezag en voogdij", "/uitleg/één"]
FOREIGN = [
    None,
    "",
    "home",  # not a path from the root
    "https://evil.example/x",
    "javascript:alert(1)",
    "//evil.example/x",
    "///evil.example/x",  # browsers read three slashes as two
    "/\\evil.example/x",  # ...and a backslash as a slash
    "/\\/evil.example/x",
    "/\t/evil.example/x",  # tabs and newlines are dropped from URLs
    "/\n/evil.example/x",
    "/\x7f/evil.example/x",  # DEL, a control character too
    "//",
]


@pytest.mark.parametrize("target", LOCAL)
def test_a_same_site_path_is_followed(target: str) -> None:
    assert safe_next(target) == target


@pytest.mark.parametrize("target", FOREIGN)
def test_anything_that_could_leave_the_site_is_not_followed(target: str | None) -> None:
    assert safe_next(target) is None


@pytest.mark.parametrize("target", ["/\\evil.example/x", "///evil.example/x", "/\t/evil.example/x"])
def test_login_never_sends_the_user_to_another_site(client, db, target: str) -> None:
    user = make_user(db, Role.OUDER)
    data = {"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client)}
    response = client.post(f"/login?next={quote(target, safe='')}", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/home"


def test_login_follows_a_same_site_next(client, db) -> None:
    user = make_user(db, Role.OUDER)
    data = {"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client)}
    response = client.post(f"/login?next={quote('/account', safe='')}", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/account"


@pytest.fixture
def fresh_app(tmp_path) -> Flask:
    """An app of its own, so the gate is installed inside the test (the shared `app` is built once per session)."""
    config = Config(
        SECRET_KEY="test-secret-key",
        DATABASE_URL=f"sqlite:///{tmp_path / 'gate.db'}",
        TESTING=True,
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_SECURE=False,
    )
    app = create_app(config)

    @public
    def open_page() -> str:
        return "open"

    def closed_page() -> str:
        return "closed"

    app.add_url_rule("/test-open", "test_open", open_page)
    app.add_url_rule("/test-closed", "test_closed", closed_page)
    return app


def test_a_view_marked_public_opens_without_login(fresh_app: Flask) -> None:
    assert is_public_endpoint(fresh_app, "test_open") is True
    response = fresh_app.test_client().get("/test-open")
    assert response.status_code == 200 and response.get_data(as_text=True) == "open"


def test_any_other_view_sends_a_visitor_to_the_login_page_and_back(fresh_app: Flask) -> None:
    assert is_public_endpoint(fresh_app, "test_closed") is False
    assert is_public_endpoint(fresh_app, "does.not.exist") is False
    response = fresh_app.test_client().get("/test-closed")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Ftest-closed"
