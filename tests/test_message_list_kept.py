"""The list of conversations kept per process (webapp/messages/display.py, issue 14): a second visit reads the same
as one rendered afresh, and a new message, a read, a minute more of waiting, a new day or another reader of the same
conversations shows at once. The kept list holds the last message's first words, never its whole body."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from tests.conftest import freeze_time
from tests.factories import make_family, make_regisseur, make_user
from tests.plan_factories import NOW, page_text, sign_in
from tests.test_lists_and_words import words
from webapp import kept_html
from webapp.messages import display, reads
from webapp.messages import services as messages
from webapp.models import ConversationKind, Relation, Role

LONG = "Kunnen we het hebben over de weekenden bij oma, want dat gaat sinds de zomer echt niet meer zoals afgesproken"


@pytest.fixture
def talk(app, db):
    freeze_time(app, NOW)
    petra = make_regisseur(db, name="Petra Jansen")
    samira = make_user(db, Role.JONGERE, name="Samira Haddou")
    marleen = make_user(db, Role.PLEEGOUDER, name="Marleen Hendriks")
    family = make_family(db, petra, (samira, Relation.JONGERE), (marleen, Relation.PLEEGOUDER), name="Haddou")
    return {"petra": petra, "samira": samira, "marleen": marleen, "family": family}


def _send(app, db, user, kind: str, body: str, key: str) -> None:
    with app.test_request_context():
        for summary in messages.conversations(db, user):
            if summary.conversation.kind == kind:
                messages.send(db, user, summary.conversation.id, body, key)
        db.commit()


def _list(html: str) -> str:
    found = re.search(r'<ul class="list conversations">.*?</ul>', html, re.S)
    assert found, "no list of conversations on the page"
    return found.group(0)


def _family_item(html: str) -> str:
    return next(i for i in re.findall(r"<li\b.*?</li>", _list(html), re.S) if "Gezin Haddou" in page_text(i))


def test_the_kept_list_reads_as_the_list_rendered_afresh(app, db, talk, monkeypatch) -> None:
    _send(app, db, talk["samira"], ConversationKind.FAMILY, "Zullen we zaterdag bellen?", "a")
    _send(app, db, talk["marleen"], ConversationKind.PRIVATE, "Een vraag over school", "b")
    petra = sign_in(app, talk["petra"])
    first = petra.text("/berichten")
    assert _list(petra.text("/berichten")) == _list(first)  # the second time from the kept list
    monkeypatch.setattr(kept_html, "_kept", {})
    assert _list(petra.text("/berichten")) == _list(first)


def test_a_new_message_and_a_read_show_at_once(app, db, talk) -> None:
    marleen = sign_in(app, talk["marleen"])
    assert "Nog geen berichten" in words(_family_item(marleen.text("/berichten")))
    _send(app, db, talk["samira"], ConversationKind.FAMILY, "Zullen we zaterdag bellen?", "a")
    item = words(_family_item(marleen.text("/berichten")))
    assert "Samira: Zullen we zaterdag bellen?" in item and "1 nieuw bericht" in item
    conversation_id = re.search(r'href="/berichten/(\d+)"', _family_item(marleen.text("/berichten"))).group(1)
    marleen.text(f"/berichten/{conversation_id}")  # read
    assert "nieuw bericht" not in words(_family_item(marleen.text("/berichten")))


def test_the_waiting_time_moves_with_the_clock(app, db, talk) -> None:
    _send(app, db, talk["samira"], ConversationKind.FAMILY, "Bent u er?", "a")
    freeze_time(app, NOW + timedelta(minutes=5))
    petra = sign_in(app, talk["petra"])
    assert "wacht al 5 minuten op antwoord" in words(_family_item(petra.text("/berichten")))
    freeze_time(app, NOW + timedelta(minutes=17))
    assert "wacht al 17 minuten op antwoord" in words(_family_item(petra.text("/berichten")))
    freeze_time(app, NOW + timedelta(hours=3))
    petra = sign_in(app, talk["petra"])  # a professional's session ends after 15 minutes without use
    assert "wacht al 3 uur op antwoord" in words(_family_item(petra.text("/berichten")))


def test_a_message_of_today_shows_its_time_and_tomorrow_its_date(app, db, talk) -> None:
    freeze_time(app, datetime(2027, 3, 1, 21, 30, tzinfo=NOW.tzinfo))  # 22:30 in Venlo
    _send(app, db, talk["samira"], ConversationKind.FAMILY, "Slaap lekker", "a")
    marleen = sign_in(app, talk["marleen"])
    assert ">22:30</time>" in _family_item(marleen.text("/berichten"))
    freeze_time(app, datetime(2027, 3, 1, 23, 15, tzinfo=NOW.tzinfo))  # 00:15 the next day in Venlo
    assert ">1 maart</time>" in _family_item(marleen.text("/berichten"))


def test_two_readers_of_the_same_conversation_each_see_their_own_list(app, db, talk) -> None:
    _send(app, db, talk["samira"], ConversationKind.FAMILY, "Zullen we zaterdag bellen?", "a")
    samira, marleen = sign_in(app, talk["samira"]), sign_in(app, talk["marleen"])
    assert "Jij: Zullen we zaterdag bellen?" in words(_family_item(samira.text("/berichten")))
    theirs = words(_family_item(marleen.text("/berichten")))
    assert "Samira: Zullen we zaterdag bellen?" in theirs and "Jij:" not in theirs


def test_the_kept_list_holds_the_first_words_not_the_whole_message(app, db, talk) -> None:
    _send(app, db, talk["samira"], ConversationKind.FAMILY, LONG, "a")
    sign_in(app, talk["marleen"]).text("/berichten")
    kept = repr(list(kept_html._kept.items()))
    assert "Kunnen we het hebben over de weekenden bij oma" in kept
    assert "zoals afgesproken" not in kept


def test_the_same_rows_read_by_another_person_are_her_own_list(app, db, talk) -> None:
    """The reader is part of the key even where two readers' rows are the same (two coordinators of a meldpunt)."""
    _send(app, db, talk["samira"], ConversationKind.FAMILY, "Zullen we zaterdag bellen?", "a")
    with app.test_request_context():
        listing = reads.list_rows(db, talk["samira"])
        hers = words(str(display.conversation_list_html(listing, talk["samira"])))
        theirs = words(str(display.conversation_list_html(listing, talk["marleen"])))
    assert "Jij: Zullen we zaterdag bellen?" in hers
    assert "Samira: Zullen we zaterdag bellen?" in theirs and "Jij:" not in theirs


def test_a_professionals_kept_list_holds_no_words_of_a_familys_conversation(app, db, talk) -> None:
    """She sees who wrote and when, never the words: neither on the page nor in what the process keeps of it."""
    _send(app, db, talk["samira"], ConversationKind.FAMILY, "Thuis is het vandaag niet leuk", "a")
    kept_html.forget()
    html = sign_in(app, talk["petra"]).text("/berichten")
    assert "Laatste bericht van Samira" in words(_family_item(html))
    assert "Thuis is het" not in html
    assert "Thuis is het" not in repr(list(kept_html._kept.items()))
