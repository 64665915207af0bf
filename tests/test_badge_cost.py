"""The unread badge in the navigation of every page (webapp/messages/services.py `unread_total`): one statement
for every demo person, however many families, conversations and messages there are, with the meaning it had: the
unread messages of every conversation the person may read (the list at /berichten says which), the conversation
on the page being built counted as read."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import event
from sqlmodel import Session, delete, func, select

from tests.demo_people import seed_demo
from tests.factories import login, make_family, make_regisseur, make_user
from tests.query_plans import growing_steps, sqlite_steps
from webapp.clock import utcnow
from webapp.db import database
from webapp.demo.story import DEMO_PASSWORD
from webapp.extensions import limiter
from webapp.home import now as home_now
from webapp.messages import services
from webapp.models import Conversation, ConversationRead, Family, Message, Relation, Role, User

BADGE = re.compile(r'class="badge"><span aria-hidden="true">(\d+)<')
_keys = itertools.count()


@pytest.fixture
def demo(app: Flask, db: Session) -> dict[str, User]:
    return seed_demo(app, db, accounts_only=True)


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements the app runs meanwhile (SQLite's explicit BEGIN not counted, as in bench/queries.py, nor
    the savepoints of the tests' own transaction)."""
    seen: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:
        if not statement.strip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE")):  # the tests' transactions
            seen.append(statement)

    engine = database(app).engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _write(db: Session, conversation_id: int, author: User, count: int = 1) -> None:
    for _ in range(count):
        key = f"badge-{next(_keys)}"
        db.add(Message(conversation_id=conversation_id, author_id=author.id, body=key, client_key=key, body_hash=key))
    db.flush()


def _open_every_conversation(db: Session, people: dict[str, User]) -> list[int]:
    """Everyone opens /berichten once (that makes their conversations); the ids of all conversations."""
    for person in people.values():
        services.conversations(db, person)
    db.commit()
    return list(db.exec(select(Conversation.id)))


def _listed_unread(db: Session, person: User) -> dict[int, int]:
    """What the conversation list at /berichten shows as unread, per conversation (the policy's answer)."""
    return {summary.conversation.id: summary.unread for summary in services.conversations(db, person)}


def _badge_counts_once(app: Flask, monkeypatch) -> list[list[str]]:
    """Each page's badge: the statements its unread_total ran."""
    calls: list[list[str]] = []
    original = services.unread_total

    def counted(db, user, reading=None):
        with statements(app) as seen:
            total = original(db, user, reading=reading)
        calls.append(list(seen))
        return total

    monkeypatch.setattr(services, "unread_total", counted)
    return calls


def test_the_badge_costs_one_statement_for_every_demo_person(app, db, demo, monkeypatch) -> None:
    conversation_ids = _open_every_conversation(db, demo)
    for conversation_id in conversation_ids:
        _write(db, conversation_id, demo["petra"])
        _write(db, conversation_id, demo["samira"])
    db.commit()
    calls = _badge_counts_once(app, monkeypatch)
    for key, person in demo.items():
        client = app.test_client()
        limiter.reset()
        assert login(client, person, DEMO_PASSWORD).status_code == 302, key
        calls.clear()
        page = client.get("/hulp").get_data(as_text=True)
        assert len(calls) == 1, key  # once per page, wherever base.html draws the badge
        assert len(calls[0]) == 1, (key, calls[0])
        expected = sum(_listed_unread(db, person).values())
        assert set(BADGE.findall(page)) == ({str(expected)} if expected else set()), key


@pytest.mark.parametrize("path", ["/home", "/berichten"])
def test_where_a_page_counted_unread_messages_the_badge_is_their_sum_for_every_demo_person(
    app, db, demo, monkeypatch, path
) -> None:
    """"Nu voor jou" on the home page (the most visited) and the message list (polled every 10 s) count the unread
    messages per conversation by the badge's own rule: the navigation shows their sum and runs no statement."""
    conversation_ids = _open_every_conversation(db, demo)
    for number, conversation_id in enumerate(conversation_ids):
        _write(db, conversation_id, demo["petra"], count=1 + number % 2)
        _write(db, conversation_id, demo["samira"])
    db.commit()
    calls = _badge_counts_once(app, monkeypatch)
    shown = []
    for key, person in demo.items():
        client = app.test_client()
        limiter.reset()
        assert login(client, person, DEMO_PASSWORD).status_code == 302, key
        calls.clear()
        response = client.get(path)
        assert response.status_code == 200, key
        assert calls == [], key
        expected = sum(_listed_unread(db, person).values())
        assert set(BADGE.findall(response.get_data(as_text=True))) == ({str(expected)} if expected else set()), key
        shown.append(expected)
    assert len([number for number in shown if number]) >= 5, shown


def test_the_badge_counts_what_the_conversation_list_counts_for_every_demo_person(app, db, demo) -> None:
    conversation_ids = _open_every_conversation(db, demo)
    authors = [demo["petra"], demo["samira"], demo["ayse"], demo["coordinator"], demo["peeters"], demo["karim"]]
    for number, conversation_id in enumerate(conversation_ids):
        _write(db, conversation_id, authors[number % len(authors)], count=1 + number % 3)
        _write(db, conversation_id, authors[(number + 1) % len(authors)])
    db.commit()
    for key, person in demo.items():
        listed = _listed_unread(db, person)
        assert services.unread_total(db, person) == sum(listed.values()), key
        assert sorted(services.readable_ids(db, person)) == sorted(listed), key
        for conversation_id, unread in listed.items():  # the page being built counts as read
            assert services.unread_total(db, person, reading=conversation_id) == sum(listed.values()) - unread
    assert services.unread_total(db, demo["samira"]) > 0 and services.unread_total(db, demo["coordinator"]) > 0
    assert services.unread_total(db, demo["peeters"]) > 0 and services.unread_total(db, demo["jeroen"]) > 0


def test_read_messages_and_ones_own_messages_do_not_count(app, db, demo) -> None:
    _open_every_conversation(db, demo)
    samira = demo["samira"]
    haddou = db.exec(select(Family).where(Family.name == "Haddou")).one()
    family_talk = db.exec(
        select(Conversation).where(Conversation.family_id == haddou.id, Conversation.kind == "gezin")
    ).one()
    before = services.unread_total(db, samira)
    elsewhere = before - _listed_unread(db, samira)[family_talk.id]
    _write(db, family_talk.id, samira, count=3)  # her own
    assert services.unread_total(db, samira) == before
    _write(db, family_talk.id, demo["petra"], count=2)
    assert services.unread_total(db, samira) == before + 2
    last = db.exec(select(Message.id).where(Message.conversation_id == family_talk.id).order_by(Message.id.desc()))
    db.merge(ConversationRead(conversation_id=family_talk.id, user_id=samira.id, last_read_message_id=last.first()))
    db.flush()
    assert services.unread_total(db, samira) == elsewhere


def test_a_stranger_and_another_regisseur_see_nothing_of_a_family_in_their_badge(app, db, demo) -> None:
    conversation_ids = _open_every_conversation(db, demo)
    stranger = make_user(db, Role.OUDER, name="Vreemde Badge")
    other = make_regisseur(db, name="Olga Badge")
    make_family(db, other, (stranger, Relation.OUDER), name="Badge")
    services.conversations(db, stranger)
    services.conversations(db, other)
    db.commit()
    for conversation_id in conversation_ids:  # every demo conversation gets news from Petra
        _write(db, conversation_id, demo["petra"], count=2)
    db.commit()
    assert services.unread_total(db, stranger) == 0
    assert services.unread_total(db, other) == 0
    assert services.unread_total(db, demo["jeroen"]) == sum(_listed_unread(db, demo["jeroen"]).values()) > 0


def test_the_badge_stays_one_statement_with_many_families_conversations_and_messages(app, db, demo) -> None:
    petra = demo["petra"]
    _open_every_conversation(db, demo)
    with statements(app) as small:
        services.unread_total(db, petra)
    for number in range(25):  # a caseload ten times the demo's, each family with its talk and news in it
        youth = make_user(db, Role.JONGERE, name=f"Jongere Badge{number}")
        parent = make_user(db, Role.OUDER, name=f"Ouder Badge{number}")
        family = make_family(db, petra, (youth, Relation.JONGERE), (parent, Relation.OUDER), name=f"Badge{number}")
        for person in (youth, parent):
            for summary in services.conversations(db, person):
                if summary.family is not None and summary.family.id == family.id:
                    _write(db, summary.conversation.id, person, count=4)
    db.commit()
    with statements(app) as large:
        total = services.unread_total(db, petra)
    assert len(small) == len(large) == 1
    assert total == sum(_listed_unread(db, petra).values()) >= 25 * 2 * 4


def test_the_badge_finds_a_persons_mentorships_through_an_index_on_her_not_through_every_active_one(
    app: Flask, db: Session, demo: dict[str, User]
) -> None:
    """With an index per column, SQLite answered "her active mentorships as a mentor" (mentor_id and status) from
    the status index: every active mentorship of every family, on every page (0.4-0.8 ms at 10,000 families, 0.1 at
    1,000). Nor may it find the conversations with the meldpunt by their kind alone (every Steuntje in de rug
    conversation in the country): the plan may use no index that holds only a status or a kind, and read no table
    whole."""
    for person in ("samira", "karim", "petra", "ayse", "coordinator", "peeters"):
        params = {**services.reader_params(demo[person]), "reading": 0}
        assert not growing_steps(db, services._UNREAD_TOTAL, params), person


def _badge(petra: User) -> tuple:
    return services._UNREAD_TOTAL, {**services.reader_params(petra), "reading": 0}


def _now_for_you(petra: User) -> tuple:
    moment = utcnow()
    return home_now.NOW_STATEMENT, home_now.statement_params(petra, moment.date(), moment, moment.date())


@pytest.mark.parametrize("counted", [_badge, _now_for_you], ids=["badge", "now-for-you"])
def test_unread_counts_read_the_messages_after_her_read_position_not_each_conversations_history(
    app, db, demo, counted
) -> None:
    """The badge and the home page's "Nu voor jou" counted unread messages by reading every message of every
    conversation she may read and comparing it with her read position: the work grew with each conversation's
    history, for years, on every page. They read from her read position on (the conversation's messages by id), so
    messages she has read cost nothing."""
    petra = demo["petra"]
    conversation_ids = _open_every_conversation(db, demo)
    for conversation_id in conversation_ids:
        _write(db, conversation_id, demo["samira"], count=2)
    db.commit()
    statement, params = counted(petra)
    work = sqlite_steps(db, statement, params)
    for conversation_id in conversation_ids:  # years of talk she has read: before the unread messages in id order
        db.exec(delete(Message).where(Message.conversation_id == conversation_id))
        _write(db, conversation_id, demo["samira"], count=40)
        read_up_to = db.exec(select(func.max(Message.id)).where(Message.conversation_id == conversation_id)).one()
        db.merge(ConversationRead(conversation_id=conversation_id, user_id=petra.id, last_read_message_id=read_up_to))
        _write(db, conversation_id, demo["samira"], count=2)
    db.commit()
    listed = _listed_unread(db, petra)
    assert set(listed.values()) == {2} and services.unread_total(db, petra) == 2 * len(listed) > 0
    assert sqlite_steps(db, statement, params) < 1.5 * work
