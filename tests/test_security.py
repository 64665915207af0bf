"""Security headers on every response, CSRF on every state change, a request size limit."""

from __future__ import annotations

import io
import re

from tests.conftest import csrf_token
from tests.factories import login, make_user
from webapp.models import Role


def test_every_page_sends_a_strict_content_security_policy_and_friends(client, db) -> None:
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_static_files_carry_the_headers_too_but_may_be_cached(client, db) -> None:
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_pages_with_personal_data_are_never_stored(client, db) -> None:
    login(client, make_user(db, Role.JONGERE))
    response = client.get("/home")
    assert response.headers["Cache-Control"] == "no-store"


def test_a_post_without_csrf_token_is_refused_with_a_translated_page(client, db) -> None:
    user = make_user(db, Role.JONGERE)
    response = client.post("/login", data={"email": user.email, "password": "x"})
    assert response.status_code == 400
    assert "Laad de pagina opnieuw" in response.get_data(as_text=True)
    login(client, user)
    assert client.post("/logout").status_code == 400
    assert client.post("/account/andere-apparaten-uitloggen").status_code == 400


def test_htmx_requests_send_the_token_in_a_header(client, db) -> None:
    user = make_user(db, Role.JONGERE)
    login(client, user)
    token = csrf_token(client, "/account")
    response = client.post("/account/andere-apparaten-uitloggen", headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 302
    assert response.headers.get("HX-Redirect") == "/account"


def test_the_csrf_token_is_in_the_body_for_htmx(client, db) -> None:
    html = client.get("/login").get_data(as_text=True)
    assert 'hx-headers=\'{"X-CSRFToken":' in html
    assert '"allowEval":false' in html and '"historyCacheSize":0' in html


def test_requests_larger_than_the_limit_are_refused(client, db) -> None:
    # 11 MB in all (a 10 MB attachment and its form)...
    assert client.post("/login", data={"email": "x" * (12 * 1024 * 1024)}).status_code == 413
    # ...but a text field in a multipart form may be no more than 256 KB.
    big_field = {"email": "x" * (300 * 1024), "file": (io.BytesIO(b"x"), "x.txt")}
    assert client.post("/login", data=big_field, content_type="multipart/form-data").status_code == 413


SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I)


def inline_code(html: str) -> list[str]:
    """Every piece of script or style the CSP would have to allow inline: script elements with a body or without
    a src (whatever their attributes), style elements, style attributes, on...= handlers."""
    found = [attrs + body for attrs, body in SCRIPT.findall(html) if body.strip() or "src=" not in attrs]
    found += re.findall(r"<style\b[^>]*>", html, re.I)
    found += STYLE_ATTRIBUTE.findall(html) + INLINE_HANDLER.findall(html)
    return found


def test_the_inline_check_finds_scripts_with_attributes_styles_and_handlers() -> None:
    assert inline_code('<script src="/static/js/app.js" defer></script><p class="x">ok</p>') == []
    for snippet in (
        "<script>alert(1)</script>",
        '<script type="module">alert(1)</script>',
        '<script nonce="abc">alert(1)</script>',
        "<SCRIPT>alert(1)</SCRIPT>",
        '<style media="screen">p{}</style>',
        "<p style='color: red'>x</p>",
        '<button onclick="go()">x</button>',
    ):
        assert inline_code(snippet), snippet


def test_no_inline_scripts_or_styles_in_pages(client, db) -> None:
    visitor = client.application.test_client()
    pages = [(visitor, path) for path in ("/login", "/wachtwoord-vergeten", "/hulp")]
    login(client, make_user(db, Role.JONGERE))
    pages += [(client, path) for path in ("/home", "/hulp", "/account", "/berichten", "/meldingen")]
    for browser, path in pages:
        response = browser.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert "<script" in html, path  # the page has its scripts, all from files
        assert inline_code(html) == [], path
