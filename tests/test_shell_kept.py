"""The page shell's top bar and footer are kept per process (webapp/shell.py): a page reads the same as when they are
rendered on every request, each page's forms carry its own session's CSRF token and return to its own address, and
the menu's unread number and current item follow the request."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlmodel import Session

from tests.factories import login, make_family, make_regisseur, make_user
from webapp import kept_html
from webapp.messages import services as messages
from webapp.models import Relation, Role

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
HEADER_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')
NEXT = re.compile(r'name="next" value="([^"]*)"')


class _NothingKept(dict):
    def get(self, key, default=None):
        return None

    def __setitem__(self, key, value) -> None:
        pass


@pytest.fixture
def people(app: Flask, db: Session):
    kept_html.forget()
    petra = make_regisseur(db, name="Petra Jansen")
    samira = make_user(db, Role.JONGERE, name="Samira Haddou")
    marleen = make_user(db, Role.PLEEGOUDER, name="Marleen Hendriks")
    family = make_family(db, petra, (samira, Relation.JONGERE), (marleen, Relation.PLEEGOUDER), name="Haddou")
    return petra, samira, marleen, family


def _client(app: Flask, user):
    client = app.test_client()
    login(client, user)
    return client


def _without_tokens(html: str) -> str:
    return HEADER_TOKEN.sub("token", TOKEN.sub("token", html))


def test_pages_read_the_same_with_the_kept_shell_as_rendered_each_time(app, people, monkeypatch) -> None:
    petra, samira, _marleen, family = people
    pages = [(samira, "/hulp"), (samira, "/home"), (samira, f"/gezinnen/{family.id}/plan"), (petra, "/home")]
    pages += [(petra, "/afspraken"), (petra, "/berichten"), (samira, "/niet-te-vinden")]
    clients = {user.id: _client(app, user) for user in (petra, samira)}
    kept = [clients[user.id].get(path).get_data(as_text=True) for user, path in pages]
    kept_again = [clients[user.id].get(path).get_data(as_text=True) for user, path in pages]  # from the kept map
    monkeypatch.setattr(kept_html, "_kept", _NothingKept())
    rendered = [clients[user.id].get(path).get_data(as_text=True) for user, path in pages]
    assert [_without_tokens(html) for html in kept_again] == [_without_tokens(html) for html in rendered]
    assert [_without_tokens(html) for html in kept] == [_without_tokens(html) for html in rendered]


def test_every_form_of_the_shell_carries_this_sessions_token(app, people) -> None:
    petra, samira, marleen, _family = people
    for user in (samira, marleen, petra, samira):
        html = _client(app, user).get("/hulp").get_data(as_text=True)
        tokens = set(TOKEN.findall(html))
        assert tokens == set(HEADER_TOKEN.findall(html)), "the forms and htmx send one token: this session's"
        assert "\ue000" not in html
    first, second = (_client(app, samira).get("/hulp").get_data(as_text=True) for _ in range(2))
    assert set(TOKEN.findall(first)) != set(TOKEN.findall(second)), "two sessions, two tokens"


def test_the_language_form_returns_to_the_page_it_is_on(app, people) -> None:
    _petra, samira, _marleen, family = people
    client = _client(app, samira)
    for path in ("/hulp", "/hulp?vraag=1", f"/gezinnen/{family.id}/plan"):
        html = client.get(path).get_data(as_text=True)
        assert NEXT.findall(html) == [path.replace("&", "&amp;") if "?" in path else f"{path}?"]


def test_the_menu_shows_the_unread_number_and_the_current_page_as_they_change(app, db, people) -> None:
    petra, samira, _marleen, _family = people
    client = _client(app, samira)
    assert "nieuw bericht" not in client.get("/hulp").get_data(as_text=True)
    with app.test_request_context():
        conversation = next(s.conversation.id for s in messages.conversations(db, petra) if s.family is not None)
        messages.send(db, petra, conversation, "Hoi Samira, hoe gaat het?", "shell-kept-1")
    html = client.get("/hulp").get_data(as_text=True)
    assert "1 nieuw bericht" in html
    assert re.search(r'href="/hulp"\s+aria-current="page"', html)
    assert not re.search(r'href="/hulp"\s+aria-current="page"', client.get("/home").get_data(as_text=True))
