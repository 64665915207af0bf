"""Peer questions, the questions part: who enters which space, pseudonyms, questions and answers, 'dit hielp mij',
aanbevolen, volgen (and its notifications), editing and deleting one's own posts, pre-moderation, and that no page
another member sees carries a writer's real name or e-mail."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlmodel import Session, select

from tests.conftest import post_form
from tests.factories import login, make_family, make_user
from webapp.clock import today, utcnow
from webapp.db import database
from webapp.models import OutboxNotification, PeerFollow, PeerMember, PeerPost, Relation, Role, User
from webapp.models.peers import PostStatus
from webapp.peers.questions import membership, pseudonyms, services
from webapp.peers.questions.services import PostData

P = PostStatus


def years_ago(years: int, days: int = 0) -> date:
    day = today()
    return day.replace(year=day.year - years) - timedelta(days=days)


def moderator(db: Session, **kwargs) -> User:
    return make_user(db, Role.MODERATOR, totp_secret=pyotp.random_base32(), **kwargs)


def foster_youth(db: Session, age: int = 16, **kwargs) -> User:
    youth = make_user(db, Role.JONGERE, birth_date=years_ago(age), **kwargs)
    carer = make_user(db, Role.PLEEGOUDER)
    make_family(db, None, (youth, Relation.JONGERE), (carer, Relation.PLEEGOUDER))
    return youth


def browser_for(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    response = login(client, user)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def seasoned(db: Session, user: User, space: str = "pleegouders") -> PeerMember:
    """A member whose first three posts were approved: her posts are published at once."""
    member = membership.member_for(db, user, space, create=True)
    member.approved_posts = 3
    db.add(member)
    db.commit()
    return member


def ask(db: Session, user: User, space: str = "pleegouders", title: str = "Hoe regelen jullie zakgeld?", **kw):
    data = PostData(title=title, body=kw.pop("body", "Wij twijfelen over het bedrag."), language="nl", topics=["geld"])
    post = services.ask(db, user, space, data, **kw)
    db.commit()
    return post


def reply(db: Session, user: User, question: PeerPost, body: str = "Wij geven tien euro per week.") -> PeerPost:
    post = services.answer(db, user, question.space, question.id, PostData(body=body, language="nl"))
    db.commit()
    return post


# --- who may enter which space ------------------------------------------------------------------------------------


@dataclass
class Case:
    who: str
    pleegouders: bool
    jongeren: bool


def _person(db: Session, who: str) -> User:
    if who == "pleegouder":
        return make_user(db, Role.PLEEGOUDER)
    if who == "steungezin":
        return make_user(db, Role.STEUNGEZIN)
    if who.startswith("foster youth "):
        return foster_youth(db, int(who.rsplit(" ", 1)[1]))
    if who == "foster youth 24":
        return foster_youth(db, 24)
    if who == "youth at home 15":
        youth = make_user(db, Role.JONGERE, birth_date=years_ago(15))
        parent = make_user(db, Role.OUDER)
        make_family(db, None, (youth, Relation.JONGERE), (parent, Relation.OUDER))
        return youth
    if who == "mentor":
        return make_user(db, Role.MENTOR)
    if who == "regisseur":
        return make_user(db, Role.REGISSEUR, totp_secret=pyotp.random_base32())
    if who == "moderator":
        return moderator(db)
    if who == "ouder":
        return make_user(db, Role.OUDER)
    if who == "expert in pleegouders":
        user = make_user(db, Role.MENTOR)
        db.add(PeerMember(user_id=user.id, space="pleegouders", pseudonym="Wijze Uil 11", is_expert=True))
        db.commit()
        return user
    if who == "expert in jongeren":
        user = make_user(db, Role.MENTOR, birth_date=years_ago(30))
        db.add(PeerMember(user_id=user.id, space="jongeren", pseudonym="Wijze Uil 12", is_expert=True))
        db.commit()
        return user
    raise AssertionError(who)


CASES = [
    Case("pleegouder", True, False),
    Case("steungezin", True, False),
    Case("foster youth 12", False, True),
    Case("foster youth 17", False, True),
    Case("foster youth 23", False, True),
    Case("foster youth 24", False, False),
    Case("foster youth 11", False, False),
    Case("youth at home 15", False, False),
    Case("ouder", False, False),
    Case("mentor", False, False),
    Case("regisseur", False, False),
    Case("moderator", True, True),
    Case("expert in pleegouders", True, False),
    Case("expert in jongeren", False, True),
]


@pytest.mark.parametrize("case", CASES, ids=[c.who for c in CASES])
def test_who_may_enter_which_space(db: Session, case: Case) -> None:
    user = _person(db, case.who)
    assert membership.may_enter(db, user, "pleegouders") is case.pleegouders
    assert membership.may_enter(db, user, "jongeren") is case.jongeren
    assert membership.spaces_for(db, user) == [
        s for s, ok in (("pleegouders", case.pleegouders), ("jongeren", case.jongeren)) if ok
    ]


def test_a_space_one_may_not_enter_answers_404(app: Flask, db: Session) -> None:
    parent = make_user(db, Role.PLEEGOUDER)
    youth = foster_youth(db)
    youth_question = ask(db, youth, "jongeren")
    parent_browser = browser_for(app, parent)
    assert parent_browser.get("/vragen/jongeren").status_code == 404
    assert parent_browser.get(f"/vragen/jongeren/{youth_question.id}").status_code == 404
    assert parent_browser.get("/vragen/jongeren/nieuw").status_code == 404
    # and a question of the other space under this space's address is not found either
    assert parent_browser.get(f"/vragen/pleegouders/{youth_question.id}").status_code == 404
    youth_browser = browser_for(app, youth)
    assert youth_browser.get("/vragen/pleegouders").status_code == 404
    home = youth_browser.get("/vragen").get_data(as_text=True)
    assert "/vragen/jongeren" in home and "/vragen/pleegouders" not in home
    assert browser_for(app, make_user(db, Role.MENTOR)).get("/vragen").status_code == 404


# --- the pages, and that no page shows another member's real name ------------------------------------------------


def test_every_page_another_member_sees_hides_the_writers_real_name_and_email(app: Flask, db: Session) -> None:
    asker = make_user(db, Role.PLEEGOUDER, name="Marleen Hendriks", email="marleen.hendriks@example.test")
    seasoned(db, asker)
    question = ask(db, asker)
    answerer = make_user(db, Role.PLEEGOUDER, name="Joke van Dijk", email="joke.vandijk@example.test")
    seasoned(db, answerer)
    answer = reply(db, answerer, question)
    reader = make_user(db, Role.STEUNGEZIN, name="Ria Peeters")
    reader_browser = browser_for(app, reader)
    pages = [
        "/vragen",
        "/vragen/pleegouders",
        "/vragen/pleegouders?onderwerp=geld&taal=nl",
        f"/vragen/pleegouders/{question.id}",
    ]
    for path in pages:
        response = reader_browser.get(path)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        for secret in ("Marleen", "Hendriks", "marleen.hendriks", "Joke", "van Dijk", "joke.vandijk"):
            assert secret not in text, (path, secret)
        assert f"user/{asker.id}" not in text
    page = reader_browser.get(f"/vragen/pleegouders/{question.id}").get_data(as_text=True)
    asker_member = membership.member_for(db, asker, "pleegouders")
    answer_member = membership.member_for(db, answerer, "pleegouders")
    assert asker_member.pseudonym in page and answer_member.pseudonym in page
    assert f'id="bericht-{answer.id}"' in page
    # the follow button's htmx answer carries no name either
    fragment = reader_browser.post(
        f"/vragen/pleegouders/{question.id}/volgen",
        data={"volgen": "ja", "csrf_token": _csrf(reader_browser, f"/vragen/pleegouders/{question.id}")},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200
    assert "Hendriks" not in fragment.get_data(as_text=True) and "<html" not in fragment.get_data(as_text=True)


def _csrf(client: FlaskClient, path: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert match
    return match.group(1)


def test_the_writers_own_pages_render(app: Flask, db: Session) -> None:
    writer = make_user(db, Role.PLEEGOUDER)
    seasoned(db, writer)
    question = ask(db, writer)
    client = browser_for(app, writer)
    for path in (
        "/vragen/pleegouders/nieuw",
        "/vragen/pleegouders/naam",
        f"/vragen/pleegouders/{question.id}",
        f"/vragen/pleegouders/{question.id}/{question.id}/wijzigen",
        f"/vragen/pleegouders/{question.id}/{question.id}/verwijderen",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'dir="auto"' in response.get_data(as_text=True), path
