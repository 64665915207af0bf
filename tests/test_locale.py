"""Which language a visitor sees: saved preference > switcher cookie > Accept-Language > Dutch."""

from __future__ import annotations

import re

from tests.conftest import post_form
from tests.factories import login, make_user
from webapp.models import Role


def _lang(response) -> str:
    return re.search(r'<html lang="([a-z]+)" dir="(ltr|rtl)"', response.get_data(as_text=True)).group(1)


def test_without_any_signal_the_app_speaks_dutch(client, db) -> None:
    assert _lang(client.get("/login")) == "nl"


def test_the_browser_language_is_used_when_nothing_was_chosen(client, db) -> None:
    assert _lang(client.get("/login", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"})) == "pl"
    assert _lang(client.get("/login", headers={"Accept-Language": "fr-FR"})) == "nl"


def test_the_switcher_cookie_beats_the_browser_language(client, db) -> None:
    response = post_form(client, "/taal", {"language": "ar", "next": "/login"})
    assert response.headers["Location"] == "/login"
    page = client.get("/login", headers={"Accept-Language": "en"})
    assert _lang(page) == "ar"
    assert 'dir="rtl"' in page.get_data(as_text=True)


def test_the_saved_preference_beats_the_cookie(client, db) -> None:
    ayse = make_user(db, Role.OUDER, language="tr")
    client.set_cookie("onsplan_lang", "en")
    login(client, ayse)
    assert _lang(client.get("/home", headers={"Accept-Language": "uk"})) == "tr"


def test_switching_language_while_logged_in_saves_the_preference(client, db) -> None:
    user = make_user(db, Role.JONGERE)
    login(client, user)
    post_form(client, "/taal", {"language": "uk", "next": "/home"})
    db.refresh(user)
    assert user.language == "uk"


def test_an_unknown_language_is_ignored(client, db) -> None:
    post_form(client, "/taal", {"language": "xx", "next": "/login"})
    assert _lang(client.get("/login")) == "nl"


def test_the_switcher_never_redirects_off_site(client, db) -> None:
    response = post_form(client, "/taal", {"language": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/home"
