"""'Ik voel me niet veilig' (issue 13.2): a young person's urgent message to her regisseur(s). Who sees the button,
what the page shows, where the message goes, the push that ignores quiet hours and settings (but not twice in 10
minutes), the regisseur's inbox order and mark, the log row, and that parents and foster parents never see any of
it (Ayşe for Emre, Marleen for Samira, in the demo story)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from tests.conftest import freeze_time
from tests.demo_people import seed_demo
from tests.factories import make_family, make_regisseur, make_user
from tests.plan_factories import Visitor, call, page_text, sign_in
from tests.push_service import Phone, push_service_for
from webapp.messages import services as messages
from webapp.models import (
    AuditEvent,
    Conversation,
    ConversationKind,
    Family,
    Message,
    NotificationPreference,
    OutboxNotification,
    PushSubscription,
    Relation,
    Role,
    User,
)
from webapp.models.messages import SafetyAlert
from webapp.notify import payload, worker
from webapp.safety import services as safety

NOW = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)  # the demo's today, 14:00 in Venlo
FIXED = "Ik voel me niet veilig. Neem alsjeblieft contact met me op."
CRISIS_NUMBERS = ("112", "0800-0432", "0800-2000", "0800-0113")


@pytest.fixture
def demo(app, db) -> dict[str, User]:
    freeze_time(app, NOW)
    return seed_demo(app, db)


@pytest.fixture
def family(app, db):
    """A youth, her mother and their regisseur; a second regisseur with a family of her own."""
    freeze_time(app, NOW)
    petra = make_regisseur(db, name="Petra Veilig")
    youth = make_user(db, Role.JONGERE, name="Noor Veilig")
    mother = make_user(db, Role.OUDER, name="Moeder Veilig")
    home = make_family(db, petra, (youth, Relation.JONGERE), (mother, Relation.OUDER), name="Veilig")
    ruud = make_regisseur(db, name="Ruud Ander")
    other_youth = make_user(db, Role.JONGERE, name="Tim Ander")
    other = make_family(db, ruud, (other_youth, Relation.JONGERE), name="Ander")
    return {
        "petra": petra,
        "youth": youth,
        "mother": mother,
        "family": home,
        "ruud": ruud,
        "other": other_youth,
        "other_family": other,
    }


def _plain(html: str) -> str:
    """The page's text without the invisible direction marks around numbers (templates: the `ltr` filter)."""
    return re.sub("[\u2066-\u2069\u200e\u200f]", "", page_text(html))


def _send(visitor: Visitor, text: str = "", key: str = "alert-1"):
    return visitor.post("/niet-veilig", {"text": text, "client_key": key})


def _alert_messages(db: Session, youth: User) -> list[Message]:
    db.expire_all()
    return list(db.exec(select(Message).where(Message.author_id == youth.id, Message.urgent).order_by(Message.id)))


def _outbox(db: Session, user: User, kind: str | None = None) -> list[OutboxNotification]:
    db.expire_all()
    statement = select(OutboxNotification).where(OutboxNotification.user_id == user.id)
    if kind:
        statement = statement.where(OutboxNotification.kind == kind)
    return list(db.exec(statement))


# --- who sees the button ---------------------------------------------------------------------------------------------


def test_the_button_is_on_a_young_persons_home_and_help_page_and_nobody_elses(app, db, family) -> None:
    youth, mother, petra = (sign_in(app, family[k]) for k in ("youth", "mother", "petra"))
    assert 'href="/niet-veilig"' in youth.text("/home")
    assert 'href="/niet-veilig"' in youth.text("/hulp")
    for other in (mother, petra):
        assert "/niet-veilig" not in other.text("/home")
        assert "/niet-veilig" not in other.text("/hulp")
    assert "/niet-veilig" not in app.test_client().get("/hulp").get_data(as_text=True)


def test_only_young_people_open_the_page_or_send(app, db, family) -> None:
    for who in ("mother", "petra"):
        visitor = sign_in(app, family[who])
        assert visitor.get("/niet-veilig").status_code == 404
        assert _send(visitor).status_code == 404
        assert visitor.get("/niet-veilig/verstuurd").status_code == 404
    assert db.exec(select(SafetyAlert)).all() == []
    anonymous = app.test_client().get("/niet-veilig")
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")


# --- the page ------------------------------------------------------------------------------------------------------


def test_the_page_shows_the_crisis_numbers_first_then_the_form_to_her_regisseur(app, db, family) -> None:
    html = sign_in(app, family["youth"]).text("/niet-veilig")
    text = _plain(html)
    form_at = html.index('action="/niet-veilig"')
    for number in CRISIS_NUMBERS:
        assert number in text
        assert html.index(number) < form_at  # the numbers come before the form
    assert "Aan: Petra Veilig" in text
    assert "Stuur een bericht aan mijn regisseur" in text
    assert re.search(r'<label for="text">', html)


def test_without_a_regisseur_the_page_shows_the_numbers_and_says_there_is_nobody_to_message(app, db) -> None:
    freeze_time(app, NOW)
    alone = make_user(db, Role.JONGERE, name="Sam Zonder")
    make_family(db, None, (alone, Relation.JONGERE), name="Zonder")
    visitor = sign_in(app, alone)
    text = _plain(visitor.text("/niet-veilig"))
    assert all(number in text for number in CRISIS_NUMBERS)
    assert "Je hebt nu geen regisseur in OnsPlan" in text
    assert "Stuur een bericht aan mijn regisseur" not in text
    response = _send(visitor, "Help")
    assert response.status_code == 400
    assert "Je hebt nu geen regisseur in OnsPlan" in _plain(response.get_data(as_text=True))
    assert db.exec(select(SafetyAlert)).all() == [] and _alert_messages(db, alone) == []


# --- sending ----------------------------------------------------------------------------------------------------------


def test_sending_without_words_puts_the_fixed_urgent_message_in_her_private_conversation(app, db, family) -> None:
    youth = sign_in(app, family["youth"])
    response = _send(youth)
    assert response.status_code == 302 and response.headers["Location"] == "/niet-veilig/verstuurd"

    [message] = _alert_messages(db, family["youth"])
    assert message.body == FIXED and message.urgent
    conversation = db.get(Conversation, message.conversation_id)
    assert conversation.kind == ConversationKind.PRIVATE and conversation.person_id == family["youth"].id
    assert conversation.family_id == family["family"].id
    [alert] = db.exec(select(SafetyAlert)).all()
    assert (alert.youth_id, alert.family_id, alert.regisseur_id) == (
        family["youth"].id,
        family["family"].id,
        family["petra"].id,
    )
    assert alert.regisseur_name == "Petra Veilig" and alert.message_id == message.id and alert.pushed
    assert not hasattr(alert, "body") and not hasattr(alert, "text")  # the log row never holds the text


def test_her_own_words_are_the_message_and_the_sent_page_says_what_happens_next(app, db, family) -> None:
    youth = sign_in(app, family["youth"])
    _send(youth, "Mijn stiefvader is weer boos. Ik ben bij de buren.")
    [message] = _alert_messages(db, family["youth"])
    assert message.body == "Mijn stiefvader is weer boos. Ik ben bij de buren."
    text = _plain(youth.text("/niet-veilig/verstuurd"))
    assert "Je bericht is verstuurd" in text
    assert "Petra ziet je bericht bovenaan. Petra neemt zo snel mogelijk contact met je op." in text
    assert "Is het nu gevaarlijk? Bel 112" in text
    assert all(number in text for number in CRISIS_NUMBERS)
    assert "stiefvader" not in text  # the confirmation repeats no text


def test_too_long_words_are_refused_next_to_the_field_and_kept(app, db, family) -> None:
    youth = sign_in(app, family["youth"])
    long_text = "Ik " + "x" * 1100
    response = _send(youth, long_text)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="text-error"' in html and long_text in html
    assert _alert_messages(db, family["youth"]) == []


def test_the_same_form_sent_twice_makes_one_message(app, db, family) -> None:
    youth = sign_in(app, family["youth"])
    _send(youth, "Help", key="same")
    _send(youth, "Help", key="same")
    assert len(_alert_messages(db, family["youth"])) == 1
    assert len(db.exec(select(SafetyAlert)).all()) == 1
    assert len(_outbox(db, family["petra"], "dringend")) == 1


def test_each_regisseur_of_her_families_gets_it_once(app, db, family) -> None:
    youth = family["youth"]
    second = make_family(db, family["ruud"], (youth, Relation.JONGERE), name="Tweede")
    third = make_family(db, family["petra"], (youth, Relation.JONGERE), name="Derde")  # Petra again: once
    _send(sign_in(app, youth))
    alerts = db.exec(select(SafetyAlert).order_by(SafetyAlert.id)).all()
    assert {(a.family_id, a.regisseur_id) for a in alerts} == {
        (family["family"].id, family["petra"].id),
        (second.id, family["ruud"].id),
    }
    assert third.id not in {a.family_id for a in alerts}
    assert len(_outbox(db, family["petra"], "dringend")) == 1
    assert len(_outbox(db, family["ruud"], "dringend")) == 1


# --- push -------------------------------------------------------------------------------------------------------------


def test_the_push_goes_to_the_regisseur_only_with_a_generic_text_and_an_opaque_link(app, db, family) -> None:
    _send(sign_in(app, family["youth"]), "Ik ben bang voor mijn stiefvader")
    [row] = _outbox(db, family["petra"])
    assert row.kind == "dringend"
    [message] = _alert_messages(db, family["youth"])
    assert row.url == f"/berichten/{message.conversation_id}"
    assert _outbox(db, family["mother"]) == [] and _outbox(db, family["youth"]) == []
    with app.app_context():
        shown = payload.build(row, "nl")
    assert shown["body"] == "Dringend bericht in OnsPlan"
    assert "Noor" not in str(shown) and "stiefvader" not in str(shown) and "veilig" not in str(shown).lower()


def test_no_second_push_within_ten_minutes_but_every_message_goes(app, db, family) -> None:
    youth = sign_in(app, family["youth"])
    _send(youth, "Eerste", key="k1")
    freeze_time(app, NOW + timedelta(minutes=9))
    _send(youth, "Tweede", key="k2")
    assert [m.body for m in _alert_messages(db, family["youth"])] == ["Eerste", "Tweede"]
    assert len(_outbox(db, family["petra"], "dringend")) == 1
    assert [a.pushed for a in db.exec(select(SafetyAlert).order_by(SafetyAlert.id))] == [True, False]
    freeze_time(app, NOW + timedelta(minutes=11))
    _send(youth, "Derde", key="k3")
    assert len(_outbox(db, family["petra"], "dringend")) == 2


def test_the_ten_minutes_count_per_youth(app, db, family) -> None:
    _send(sign_in(app, family["youth"]), key="a")
    youth_b = make_user(db, Role.JONGERE, name="Broer Veilig")
    family["family"].members.append(type(family["family"].members[0])(user_id=youth_b.id, relation=Relation.JONGERE))
    db.commit()
    _send(sign_in(app, youth_b), key="b")
    assert len(_outbox(db, family["petra"], "dringend")) == 2


@pytest.fixture
def push_service(app, monkeypatch):
    with push_service_for(app, monkeypatch) as service:
        yield service


def test_the_push_reaches_her_phone_at_night_in_quiet_hours_with_messages_switched_off(
    app, db, family, push_service
) -> None:
    petra = family["petra"]
    phone = Phone()
    db.add(
        PushSubscription(
            user_id=petra.id, endpoint=push_service.endpoint("petra"), p256dh=phone.p256dh, auth=phone.auth
        )
    )
    db.add(NotificationPreference(user_id=petra.id, berichten=False, quiet_from=time(22, 0), quiet_until=time(7, 0)))
    db.commit()
    night = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)  # 00:30 in Venlo
    freeze_time(app, night)
    youth = sign_in(app, family["youth"])
    _send(youth, "Het is niet veilig thuis", key="night")
    ordinary = call(app, db, messages.send, family["mother"], _family_conversation(db, family), "Gewoon bericht", "n1")
    assert ordinary[1]

    worker.run(app, once=True)

    delivered = [phone.decrypt(r.body) for r in push_service.to("petra")]
    assert [d["body"] for d in delivered] == ["Dringend bericht in OnsPlan"]
    assert "niet veilig" not in str(delivered)
    [urgent] = _outbox(db, petra, "dringend")
    assert urgent.sent_at is not None and urgent.result == "delivered to 1 device"
    [plain] = _outbox(db, petra, "berichten")
    assert plain.result == "type switched off"


def _family_conversation(db: Session, family) -> int:
    with_regisseur = messages.conversations(db, family["mother"])
    return next(s.conversation.id for s in with_regisseur if s.conversation.kind == ConversationKind.FAMILY)


def test_the_settings_page_offers_no_switch_for_urgent_messages(app, db, family) -> None:
    html = sign_in(app, family["petra"]).text("/meldingen")
    assert 'name="dringend"' not in html
    assert not hasattr(NotificationPreference(user_id=1), "dringend")


# --- the regisseur's inbox ---------------------------------------------------------------------------------------


def _inbox_items(html: str) -> list[str]:
    return [_plain(item) for item in re.findall(r'<li class="list__item">(.*?)</li>', html, re.S)]


def test_her_inbox_shows_the_alert_first_marked_until_she_reads_it(app, db, family) -> None:
    # an older family message waits longer: without the alert it would be first
    freeze_time(app, NOW - timedelta(hours=3))
    call(app, db, messages.send, family["mother"], _family_conversation(db, family), "Vraag over school", "m1")
    freeze_time(app, NOW)
    _send(sign_in(app, family["youth"]))
    petra = sign_in(app, family["petra"])

    items = _inbox_items(petra.text("/berichten"))
    assert items[0].startswith("Privé: Noor Veilig") and "Dringend" in items[0]
    assert sum("Dringend" in item for item in items) == 1

    [message] = _alert_messages(db, family["youth"])
    thread = petra.text(f"/berichten/{message.conversation_id}")
    assert "Dringend" in _plain(thread) and "Ik voel me niet veilig" in _plain(thread)

    items = _inbox_items(petra.text("/berichten"))
    assert all("Dringend" not in item for item in items)
    assert items[0].startswith("Gezin Veilig")  # back to the oldest wait first


def test_the_youth_sees_her_own_alerts_and_nobody_elses(app, db, family) -> None:
    _send(sign_in(app, family["other"]), key="other")
    youth = sign_in(app, family["youth"])
    assert "Eerder gestuurd" not in _plain(youth.text("/niet-veilig"))
    assert youth.get("/niet-veilig/verstuurd").status_code == 302  # nothing of hers in the last hour
    _send(youth, key="mine")
    text = _plain(youth.text("/niet-veilig"))
    assert "Eerder gestuurd" in text and "aan Petra Veilig" in text and "Ruud" not in text
    with app.test_request_context():
        assert [a.youth_id for a in safety.own_alerts(db, family["youth"])] == [family["youth"].id]


# --- never visible to parents: named, across the demo's two families --------------------------------------------------


def _everything_a_parent_opens(visitor: Visitor, family: Family) -> str:
    pages = [
        "/home",
        "/berichten",
        f"/gezinnen/{family.id}",
        f"/gezinnen/{family.id}/plan",
        f"/gezinnen/{family.id}/plan/wie-heeft-gekeken",
        "/afspraken",
        "/hulp",
    ]
    html = visitor.text("/berichten")
    pages += sorted(set(re.findall(r'href="(/berichten/\d+)"', html)))
    return "\n".join(_plain(visitor.text(path)) for path in pages)


@pytest.mark.parametrize(
    ("youth_key", "carer_key", "family_name"), [("emre", "ayse", "Yılmaz"), ("samira", "hendriks", "Haddou")]
)
def test_a_parent_or_foster_parent_never_sees_the_alert(app, db, demo, youth_key, carer_key, family_name) -> None:
    family = db.exec(select(Family).where(Family.name == family_name)).one()
    youth = sign_in(app, demo[youth_key])
    _send(youth, "Ik wil vannacht niet thuis slapen", key=f"demo-{youth_key}")
    [message] = _alert_messages(db, demo[youth_key])
    petra = sign_in(app, demo["petra"])
    assert "Dringend" in _plain(petra.text("/berichten"))
    petra.text(f"/berichten/{message.conversation_id}")  # she reads it (a read in the access log)

    carer = sign_in(app, demo[carer_key])
    seen = _everything_a_parent_opens(carer, family)
    for secret in ("Ik wil vannacht niet thuis slapen", "Dringend", "niet veilig", "Ik voel me niet veilig"):
        assert secret not in seen, (carer_key, secret)
    assert carer.get(f"/berichten/{message.conversation_id}").status_code == 404
    assert carer.get("/niet-veilig").status_code == 404 and carer.get("/niet-veilig/verstuurd").status_code == 404
    assert _outbox(db, demo[carer_key], "dringend") == []
    assert all(str(message.conversation_id) not in row.url for row in _outbox(db, demo[carer_key]))
    # The log of the alert is its own table: no access-log row names it, whoever reads the family's log.
    db.expire_all()
    assert all("veilig" not in (e.object_type + e.subject_name).lower() for e in db.exec(select(AuditEvent)))
    assert db.exec(select(AuditEvent).where(AuditEvent.object_type.contains("alert"))).all() == []


def test_another_regisseur_and_another_family_cannot_reach_the_alert(app, db, family) -> None:
    """Across families: Ruud (regisseur of another family) and Tim (a youth there) get 404 on the conversation,
    see no mark in their lists, and Tim's own alert goes to Ruud, never to Petra."""
    _send(sign_in(app, family["youth"]), "Alleen voor Petra", key="x")
    [message] = _alert_messages(db, family["youth"])
    ruud, tim = sign_in(app, family["ruud"]), sign_in(app, family["other"])
    for visitor in (ruud, tim):
        assert visitor.get(f"/berichten/{message.conversation_id}").status_code == 404
        assert "Dringend" not in visitor.text("/berichten")
        assert "Alleen voor Petra" not in visitor.text("/berichten")
    _send(tim, "Voor Ruud", key="y")
    assert {a.regisseur_id for a in db.exec(select(SafetyAlert).where(SafetyAlert.youth_id == family["other"].id))} == {
        family["ruud"].id
    }
    assert len(_outbox(db, family["petra"], "dringend")) == 1
