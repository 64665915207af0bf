"""Push offered where it matters (issue 13.4): once, after a first message or an appointment answer, on the page one
lands on; "Nee, dank je" for good; and "Petra antwoordt meestal binnen ..." from her real answers."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from tests.conftest import freeze_time
from tests.factories import make_family, make_regisseur, make_user
from tests.plan_factories import call, page_text, sign_in
from tests.push_service import Phone
from webapp.appointments import services as appointments
from webapp.messages import reply_time
from webapp.messages import services as messages
from webapp.models import ConversationKind, Message, PushSubscription, Relation, Role, User

NOW = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)  # Wednesday, 14:00 in Venlo
CARD = 'id="push-offer"'


@pytest.fixture
def family(app, db):
    freeze_time(app, NOW)
    petra = make_regisseur(db, name="Petra Antwoord")
    youth = make_user(db, Role.JONGERE, name="Samira Vraag")
    mother = make_user(db, Role.OUDER, name="Moeder Vraag")
    home = make_family(db, petra, (youth, Relation.JONGERE), (mother, Relation.OUDER), name="Vraag")
    return {"petra": petra, "youth": youth, "mother": mother, "family": home}


def _conversation(db: Session, user: User, kind: ConversationKind) -> int:
    return next(s.conversation.id for s in messages.conversations(db, user) if s.conversation.kind == kind)


def _state(db: Session, user: User) -> str:
    db.expire_all()
    return db.get(User, user.id).push_offer


# --- the offer --------------------------------------------------------------------------------------------------------


def test_after_her_first_message_the_thread_offers_notifications_once(app, db, family) -> None:
    conversation = _conversation(db, family["youth"], ConversationKind.PRIVATE)
    youth = sign_in(app, family["youth"])
    assert CARD not in youth.text(f"/berichten/{conversation}")  # nothing to offer before she wrote
    response = youth.post(f"/berichten/{conversation}", {"body": "Hoi Petra", "client_key": "k1"})
    assert response.status_code == 302
    assert _state(db, family["youth"]) == "open"

    html = youth.text(response.headers["Location"].split("#")[0])
    assert CARD in html
    assert "Meldingen aanzetten op dit apparaat" in html and 'src="/static/js/push.js"' in html
    assert 'href="/meldingen"' in html  # without JavaScript: to Account, Meldingen
    assert re.search(r'<form method="post" action="/meldingen/aanbod"', html)
    assert _state(db, family["youth"]) == "getoond"

    assert CARD not in youth.text(f"/berichten/{conversation}")  # once, not on every visit
    youth.post(f"/berichten/{conversation}", {"body": "Nog een vraag", "client_key": "k2"})
    assert CARD not in youth.text(f"/berichten/{conversation}")
    assert CARD not in youth.text("/home")


def test_with_htmx_the_first_message_brings_the_offer_beside_it_without_reloading(app, db, family) -> None:
    """The thread is not reloaded (what she typed, the poller, the page's place stay): the card comes in with an
    out-of-band swap of its slot, once."""
    conversation = _conversation(db, family["mother"], ConversationKind.FAMILY)
    mother = sign_in(app, family["mother"])
    first = mother.post(f"/berichten/{conversation}", {"body": "Vraag", "client_key": "h1"}, htmx=True)
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and "HX-Redirect" not in first.headers
    assert "Vraag" in html and 'id="push-offer-slot" hx-swap-oob="true"' in html and CARD in html
    assert _state(db, family["mother"]) == "getoond"
    second = mother.post(f"/berichten/{conversation}", {"body": "Nog een", "client_key": "h2"}, htmx=True)
    assert "HX-Redirect" not in second.headers and "Nog een" in second.get_data(as_text=True)
    assert CARD not in second.get_data(as_text=True)


def test_nee_dank_je_is_for_good_and_goes_back_to_the_page(app, db, family) -> None:
    conversation = _conversation(db, family["youth"], ConversationKind.PRIVATE)
    youth = sign_in(app, family["youth"])
    youth.post(f"/berichten/{conversation}", {"body": "Hoi", "client_key": "n1"})
    page = f"/berichten/{conversation}"
    youth.text(page)
    response = youth.post("/meldingen/aanbod", {"next": page})
    assert response.status_code == 302 and response.headers["Location"] == page
    assert _state(db, family["youth"]) == "nee"
    assert "Account, Meldingen" in page_text(youth.text(page))  # the flash says where it still can be done
    with_htmx = youth.post("/meldingen/aanbod", {"next": page}, htmx=True)
    assert with_htmx.status_code == 200 and with_htmx.get_data(as_text=True) == ""  # htmx takes the card away


def test_the_way_back_after_nee_stays_on_this_site(app, db, family) -> None:
    youth = sign_in(app, family["youth"])
    for bad in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = youth.post("/meldingen/aanbod", {"next": bad})
        assert response.status_code == 302 and response.headers["Location"] == "/home"


def test_nobody_with_notifications_on_already_is_asked(app, db, family) -> None:
    db.add(
        PushSubscription(
            user_id=family["mother"].id, endpoint="https://fcm.googleapis.com/fcm/send/x", p256dh="p", auth="a"
        )
    )
    db.commit()
    conversation = _conversation(db, family["mother"], ConversationKind.FAMILY)
    mother = sign_in(app, family["mother"])
    mother.post(f"/berichten/{conversation}", {"body": "Vraag", "client_key": "d1"})
    assert _state(db, family["mother"]) == "aan"
    assert CARD not in mother.text(f"/berichten/{conversation}")


def test_turning_notifications_on_anywhere_closes_the_offer(app, db, family) -> None:
    youth = sign_in(app, family["youth"])
    conversation = _conversation(db, family["youth"], ConversationKind.PRIVATE)
    youth.post(f"/berichten/{conversation}", {"body": "Hoi", "client_key": "s1"})
    assert _state(db, family["youth"]) == "open"
    phone = Phone()
    subscription = {
        "endpoint": "https://fcm.googleapis.com/fcm/send/offer-test",
        "keys": {"p256dh": phone.p256dh, "auth": phone.auth},
    }
    response = youth.client.post("/meldingen/apparaten", json=subscription, headers={"X-CSRFToken": youth.token})
    assert response.status_code == 201
    assert _state(db, family["youth"]) == "aan"
    assert CARD not in youth.text(f"/berichten/{conversation}")


def test_answering_an_appointment_offers_it_on_the_appointment_page(app, db, family) -> None:
    start = datetime(2026, 12, 9, 10, 0)
    details = appointments.Details(kind="anders", starts_local=start, title="Gesprek", place="Venlo")
    talk = call(app, db, appointments.propose, family["petra"], family["family"].id, details, [family["mother"].id])
    mother = sign_in(app, family["mother"])
    response = mother.post(f"/afspraken/{talk.id}/antwoord", {"answer": "bevestigd"}, htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Redirect" not in response.headers  # swapped in place, not reloaded
    assert "antwoord is opgeslagen" in page_text(html)
    assert 'id="push-offer-slot" hx-swap-oob="true"' in html and CARD in html
    assert f'name="next" value="/afspraken/{talk.id}"' in html  # "Nee, dank je" returns to the page, not the POST
    assert CARD not in mother.text(f"/afspraken/{talk.id}")


def test_the_unsafe_alert_does_not_offer_notifications(app, db, family) -> None:
    youth = sign_in(app, family["youth"])
    youth.post("/niet-veilig", {"text": "", "client_key": "u1"})
    assert _state(db, family["youth"]) == ""
    assert CARD not in youth.text("/niet-veilig/verstuurd")


# --- how soon the regisseur usually answers ----------------------------------------------------------------------


def test_working_time_counts_weekdays_from_nine_to_five_in_the_netherlands() -> None:
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)  # 19:00 in Venlo
    monday_ten = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 10:00 in Venlo
    assert reply_time.working_time(friday_evening, monday_ten) == timedelta(hours=1)
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    assert reply_time.working_time(saturday, saturday + timedelta(hours=5)) == timedelta(0)
    morning = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)  # 9:00
    assert reply_time.working_time(morning, morning + timedelta(hours=30)) == timedelta(hours=8 + 6)


@pytest.mark.parametrize(
    ("wait", "expected"),
    [
        (timedelta(minutes=20), "Petra antwoordt meestal binnen een uur."),
        (timedelta(hours=2, minutes=10), "Petra antwoordt meestal binnen 3 uur."),
        (timedelta(hours=8), "Petra antwoordt meestal binnen 1 werkdag."),
        (timedelta(hours=17), "Petra antwoordt meestal binnen 3 werkdagen."),
    ],
)
def test_the_usual_wait_reads_as_a_person_says_it(app, wait, expected) -> None:
    with app.test_request_context():
        assert reply_time.rounded(wait, 5).text("Petra") == expected


def _exchange(db: Session, conversation_id: int, asker: User, regisseur: User, asked: datetime, wait: timedelta):
    for author, moment in ((asker, asked), (regisseur, asked + wait)):
        message = Message(
            conversation_id=conversation_id,
            author_id=author.id,
            body="x",
            client_key=f"{moment}{author.id}",
            body_hash="h",
        )
        message.created_at = moment
        db.add(message)
        db.flush()
    db.commit()


def test_the_thread_tells_the_family_how_soon_she_usually_answers_from_five_answers(app, db, family) -> None:
    petra, youth, mother = family["petra"], family["youth"], family["mother"]
    private = _conversation(db, youth, ConversationKind.PRIVATE)
    shared = _conversation(db, mother, ConversationKind.FAMILY)
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Venlo
    waits = [timedelta(hours=1, minutes=30), timedelta(hours=2), timedelta(hours=26), timedelta(minutes=40)]
    for day, wait in enumerate(waits):
        _exchange(
            db, private if day % 2 else shared, youth if day % 2 else mother, petra, monday + timedelta(days=day), wait
        )
    youth_visitor = sign_in(app, youth)
    assert "antwoordt meestal" not in youth_visitor.text(f"/berichten/{private}")  # four answers: too few

    _exchange(db, shared, mother, petra, monday + timedelta(days=7), timedelta(hours=1, minutes=50))
    # five answers: 40 min, 1:30, 1:50, 2:00 and 26 hours that hold 8 working hours → median 1:50 → "binnen 2 uur"
    assert "Petra antwoordt meestal binnen 2 uur." in page_text(youth_visitor.text(f"/berichten/{private}"))
    assert "Petra antwoordt meestal binnen 2 uur." in page_text(sign_in(app, mother).text(f"/berichten/{shared}"))
    assert "antwoordt meestal" not in sign_in(app, petra).text(f"/berichten/{shared}")  # not to herself
    assert "antwoordt meestal" not in youth_visitor.text("/home")  # one statement, on the thread only


def test_answers_older_than_ninety_days_and_other_regisseurs_answers_do_not_count(app, db, family) -> None:
    petra, mother = family["petra"], family["mother"]
    shared = _conversation(db, mother, ConversationKind.FAMILY)
    long_ago = NOW - timedelta(days=120)
    for day in range(5):
        _exchange(db, shared, mother, petra, long_ago + timedelta(days=day), timedelta(minutes=30))
    ruud = make_regisseur(db, name="Ruud Snel")
    other_parent = make_user(db, Role.OUDER)
    make_family(db, ruud, (other_parent, Relation.OUDER), name="Snel")
    other = _conversation(db, other_parent, ConversationKind.FAMILY)
    for day in range(5):
        _exchange(db, other, other_parent, ruud, NOW - timedelta(days=10 - day), timedelta(minutes=30))
    with app.test_request_context():
        assert reply_time.usual_reply_time(db, petra.id) is None
        assert reply_time.usual_reply_time(db, ruud.id) == reply_time.ReplyTime(hours=1, answers=5)
