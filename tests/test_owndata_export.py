"""The export of everything OnsPlan holds about me: a JSON download and a page to print, from the account page.
It shows what the person may see on screen and never another person's private data."""

from __future__ import annotations

import json

import pytest

from tests.mentor_factories import JimWorld, build_jim_world
from tests.plan_factories import NOW, page_text, sign_in
from webapp.audit import services as audit
from webapp.messages import services as messages
from webapp.models import AuditAction, ConversationKind, PushSubscription, ZrmDomain
from webapp.owndata import services
from webapp.plans import drafting

EXPECTED_SECTIONS = {
    "format",
    "profile",
    "roles",
    "families",
    "regisseur_of",
    "plan",
    "toekomstplan",
    "conversations",
    "messages",
    "appointments",
    "mentorships",
    "sharing",
    "push_devices",
    "notification_preferences",
    "sessions",
    "calendar_feeds",
    "access_log",
    "data_requests",
}


@pytest.fixture
def world(app, db) -> JimWorld:
    return build_jim_world(app, db, plan=True)


def _send(world: JimWorld, user, kind: ConversationKind, text: str) -> None:
    """`user` writes `text` in her family conversation or her own private one."""
    summaries = world.run(messages.conversations, user)
    conversation = next(
        s.conversation
        for s in summaries
        if s.conversation.kind == kind
        and s.conversation.person_id in (None, user.id)
        and s.family.id == world.family.id
    )
    world.run(messages.send, user, conversation.id, text, f"key-{user.id}-{len(text)}")


def _download(world: JimWorld, user) -> dict:
    response = sign_in(world.app, user).get("/mijn-gegevens/download")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    return json.loads(response.get_data(as_text=True))


def test_the_account_page_links_to_my_data(world: JimWorld) -> None:
    html = sign_in(world.app, world.sara).text("/account")
    assert 'href="/mijn-gegevens"' in html
    page = sign_in(world.app, world.sara).text("/mijn-gegevens")
    assert 'href="/mijn-gegevens/download"' in page and 'href="/mijn-gegevens/afdrukken"' in page


def test_the_download_is_a_json_attachment_with_every_documented_section(world: JimWorld) -> None:
    data = _download(world, world.sara)
    assert set(data) == EXPECTED_SECTIONS
    assert data["format"] == {"name": "onsplan-eigen-gegevens", "version": 1, "made_at": data["format"]["made_at"]}
    assert data["profile"]["name"] == "Sara de Vries" and data["profile"]["birth_date"] == "2009-06-01"
    assert data["roles"] == ["jongere"]
    assert data["families"] == [
        {"family_id": world.family.id, "name": "De Vries", "relation": "jongere", "has_authority": False,
         "regisseur": "Petra Jansen"}
    ]  # fmt: skip


def test_my_goals_and_the_familys_are_in_my_export_and_nobody_elses(world: JimWorld) -> None:
    titles = {goal["title"] for goal in _download(world, world.sara)["plan"][0]["goals"]}
    assert titles == {
        "We eten elke dag samen",
        "Sara kiest een opleiding",
        "Sara praat met iemand over hoe ze zich voelt",
    }
    eva_titles = {goal["title"] for goal in _download(world, world.eva)["plan"][0]["goals"]}
    assert eva_titles == {"We eten elke dag samen", "Eva vindt werk voor drie dagen"}


def test_the_plan_parts_about_me_or_the_family_are_in_it_and_a_siblings_hidden_parts_are_not(world: JimWorld) -> None:
    world.share(world.sara, goals=False, toekomstplan=False)  # Sara (17) keeps her part from her parents
    world.run(
        drafting.update_basics,
        world.petra,
        world.family.id,
        situation="Het gaat rustiger thuis.",
        agreements="",
        next_evaluation=None,
        about_people={
            world.sara.id: ("Sara slaapt slecht sinds de verhuizing.", ""),
            world.noah.id: ("Noah wordt gepest op school.", ""),
        },
    )
    world.run(
        drafting.record_zrm,
        world.petra,
        world.family.id,
        {ZrmDomain.GEESTELIJKE_GEZONDHEID: 2},
        NOW.date(),
        world.sara.id,
    )
    world.publish("Sara's situatie erbij.")
    sara = _download(world, world.sara)["plan"][0]
    assert {(p["about"], p["text"]) for p in sara["situation"]} == {
        ("gezin", "Het gaat rustiger thuis."),
        ("ik", "Sara slaapt slecht sinds de verhuizing."),
    }
    assert ("ik", "geestelijke_gezondheid", 2) in {(z["about"], z["domain"], z["score"]) for z in sara["zrm"]}
    eva = json.dumps(_download(world, world.eva), ensure_ascii=False)
    assert "Het gaat rustiger thuis." in eva
    assert "Sara slaapt slecht" not in eva and "Noah wordt gepest" not in eva and "geestelijke_gezondheid" not in eva


def test_my_messages_are_in_it_and_another_members_private_conversation_is_not(world: JimWorld) -> None:
    _send(world, world.sara, ConversationKind.PRIVATE, "Ik wil graag op mezelf wonen.")
    _send(world, world.eva, ConversationKind.PRIVATE, "Ik maak me zorgen over Sara, privé.")
    sara = _download(world, world.sara)
    body = json.dumps(sara, ensure_ascii=False)
    assert [m["text"] for m in sara["messages"]] == ["Ik wil graag op mezelf wonen."]
    assert "zorgen over Sara" not in body
    eva_private = {c["id"] for c in _download(world, world.eva)["conversations"] if c["kind"] == "prive"}
    assert eva_private and not eva_private & {c["id"] for c in sara["conversations"]}


def test_the_access_log_rows_about_me_are_in_my_export(world: JimWorld) -> None:
    sign_in(world.app, world.petra).text(world.plan_url())
    rows = _download(world, world.sara)["access_log"]
    assert any(r["by"] == "Petra Jansen" and r["action"] == "read" and r["object"] == "gezinsplan" for r in rows)
    assert not any(r["family"] == "Bakker" for r in rows)


def test_a_hidden_personal_access_row_of_a_youth_of_16_is_not_in_her_mothers_export(world: JimWorld) -> None:
    def log_mentorship_look(db, actor, family, subject_id):
        audit.record(db, actor, AuditAction.READ, family, "mentorschap", 1, subject_id=subject_id)

    world.run(log_mentorship_look, world.petra, world.family, world.sara.id)
    assert any(r["object"] == "mentorschap" for r in _download(world, world.sara)["access_log"])
    assert not any(r["object"] == "mentorschap" for r in _download(world, world.eva)["access_log"])


def test_push_devices_are_listed_without_their_endpoint_or_keys(world: JimWorld) -> None:
    world.db.add(
        PushSubscription(
            user_id=world.sara.id,
            endpoint="https://fcm.googleapis.com/fcm/send/SECRET-ENDPOINT",
            p256dh="SECRET-P256DH",
            auth="SECRET-AUTH",
            device="Chrome, Android",
        )
    )
    world.db.commit()
    data = _download(world, world.sara)
    assert [d["device"] for d in data["push_devices"]] == ["Chrome, Android"]
    assert "SECRET" not in json.dumps(data)


def test_a_mentor_whose_mentorship_ended_no_longer_gets_the_youths_name(world: JimWorld) -> None:
    mentorship = world.active_mentorship()
    assert _download(world, world.karim)["mentorships"]["as_mentor"][0]["youth"] == "Sara"
    world.run(services.mentors.end, world.sara, mentorship.id)
    ended = _download(world, world.karim)["mentorships"]["as_mentor"][0]
    assert ended["status"] == "beeindigd" and ended["youth"] is None


def test_the_printable_page_shows_my_data_and_not_another_members_private_words(world: JimWorld) -> None:
    _send(world, world.sara, ConversationKind.PRIVATE, "Ik wil graag op mezelf wonen.")
    _send(world, world.eva, ConversationKind.PRIVATE, "Ik maak me zorgen over Sara, privé.")
    text = page_text(sign_in(world.app, world.sara).text("/mijn-gegevens/afdrukken"))
    assert "Sara de Vries" in text and "Sara kiest een opleiding" in text
    assert "Ik wil graag op mezelf wonen." in text
    assert "zorgen over Sara" not in text and "Eva vindt werk" not in text


def test_my_data_pages_need_a_login(client) -> None:
    for path in ("/mijn-gegevens", "/mijn-gegevens/download", "/mijn-gegevens/afdrukken"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
