"""What the fuzzer found, written down as plain examples (each failed on the code before its fix).

They run on both databases: a NUL was harmless on SQLite and a server error on PostgreSQL.
"""

from __future__ import annotations

from sqlmodel import select

from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_user
from tests.fuzz.world import PUSH_SUBSCRIPTION
from tests.plan_factories import build_world, page_text, sign_in
from webapp.models import Action, Goal, GoalNote, PeerMember, PeerPost, PushSubscription, Role


def test_a_nul_in_a_form_field_is_removed_before_the_form_reads_it(app, db) -> None:
    """PostgreSQL refuses NUL in text, even in a lookup: the login crashed. Now the rest of what was typed counts."""
    samira = make_user(db, Role.JONGERE, email="samira@example.test")
    client = app.test_client()
    response = client.post(
        "/login",
        data={"email": "samira@\x00example.test", "password": PASSWORD, "csrf_token": csrf_token(client, "/login")},
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200, f"{samira.email} is not logged in"


def test_a_tampered_two_step_secret_gets_a_new_secret_and_a_message_not_a_crash(app, db) -> None:
    youth = make_user(db, Role.JONGERE)
    visitor = sign_in(app, youth)
    # Not base32, 80 bits (pyotp wants 112), not ASCII, a length base32 cannot have.
    for secret in ("0", "AAAAAAAAAAAAAAAA", "ÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄ", "A" * 33):
        response = visitor.post("/tweestaps/instellen", {"secret": secret, "code": "123456"})
        assert response.status_code == 400, secret
        html = response.get_data(as_text=True)
        assert "Deze code klopt niet" in page_text(html)
        assert f'value="{secret}"' not in html, "the page kept the tampered secret"
    db.expire_all()
    assert youth.totp_secret is None


def test_a_blank_about_means_the_whole_family_not_a_crash(app, db) -> None:
    """Optional() let " " pass without the choice check, and int(" ") failed."""
    world = build_world(app, db)
    petra = sign_in(app, world.petra)
    response = petra.post(
        f"{world.editor_url()}/doelen",
        {"title": "Samen naar de markt", "about": " ", "status": "nieuw", "target_date": ""},
    )
    assert response.status_code == 302
    goal = db.exec(select(Goal).where(Goal.title == "Samen naar de markt")).one()
    assert goal.about_user_id is None


def test_a_refused_note_tells_why_in_the_htmx_answer(app, db) -> None:
    world = build_world(app, db)
    petra = sign_in(app, world.petra)
    goal = world.goals["lina"]
    response = petra.post(f"{world.editor_url()}/doelen/{goal.id}/notities", {"text": " "}, htmx=True)
    assert response.status_code == 422
    assert "Schrijf een korte notitie." in page_text(response.get_data(as_text=True))
    assert db.exec(select(GoalNote)).all() == []


def test_a_push_endpoint_with_a_nul_is_refused_and_removing_one_finds_nothing(app, db) -> None:
    youth = make_user(db, Role.JONGERE)
    visitor = sign_in(app, youth)
    headers = {"X-CSRFToken": visitor.token}
    bad = {**PUSH_SUBSCRIPTION, "endpoint": PUSH_SUBSCRIPTION["endpoint"] + "\x00"}
    added = visitor.client.post("/meldingen/apparaten", json=bad, headers=headers)
    assert added.status_code == 400 and added.get_json()["error"]
    removed = visitor.client.delete("/meldingen/apparaten", json={"endpoint": "https://x\x00"}, headers=headers)
    assert removed.status_code == 200 and removed.get_json()["removed"] is False
    assert db.exec(select(PushSubscription)).all() == []


def test_an_action_with_a_blank_goal_is_about_no_goal_not_a_crash(app, db) -> None:
    world = build_world(app, db)
    petra = sign_in(app, world.petra)
    response = petra.post(
        f"{world.editor_url()}/acties", {"what": "Bellen met school", "who": "Eva", "goal": " ", "due_date": ""}
    )
    assert response.status_code == 302
    assert db.exec(select(Action).where(Action.what == "Bellen met school")).one().goal_id is None


def test_a_toekomstplan_step_of_only_spaces_is_refused_with_a_message(app, db) -> None:
    world = build_world(app, db)
    sara = sign_in(app, world.sara)
    response = sara.post(
        f"/toekomstplan/{world.sara.id}/domein/wonen/stappen", {"what": "   ", "owner": "Sara", "due": ""}
    )
    assert response.status_code == 400
    assert "Schrijf op wat de stap is." in page_text(response.get_data(as_text=True))


def test_a_refused_first_answer_writes_no_member_row(app, db) -> None:
    """The question page drawn again for a refused answer committed the member row of a first entry: a refusal
    changed the database. Now the row is made on the next page she opens."""
    writer, newcomer = make_user(db, Role.PLEEGOUDER), make_user(db, Role.PLEEGOUDER)
    member = PeerMember(user_id=writer.id, space="pleegouders", pseudonym="Rustige Reiger 7", approved_posts=3)
    db.add(member)
    db.flush()
    question = PeerPost(space="pleegouders", kind="vraag", author_id=member.id, title="Zakgeld", body="Hoeveel?")
    db.add(question)
    db.commit()
    visitor = sign_in(app, newcomer)
    response = visitor.post(f"/vragen/pleegouders/{question.id}/antwoorden", {"body": "", "language": "nl"})
    assert response.status_code == 400
    db.expire_all()
    assert db.exec(select(PeerMember).where(PeerMember.user_id == newcomer.id)).first() is None
    assert visitor.get(f"/vragen/pleegouders/{question.id}").status_code == 200
    assert db.exec(select(PeerMember).where(PeerMember.user_id == newcomer.id)).first() is not None


def test_an_identity_request_without_a_reason_is_a_message_not_a_crash(app, db) -> None:
    """The refusal joined lazily translated strings (TypeError, HTTP 500)."""
    moderator = make_user(db, Role.MODERATOR, totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    member = PeerMember(user_id=make_user(db, Role.PLEEGOUDER).id, space="pleegouders", pseudonym="Stille Uil 3")
    db.add(member)
    db.commit()
    response = sign_in(app, moderator).post(f"/moderatie/lid/{member.id}/identiteit", {"identity-reason": ""})
    assert response.status_code == 400
    assert "Schrijf" in page_text(response.get_data(as_text=True))
