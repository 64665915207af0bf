"""A regisseur invites a person into a family; the invitee sets a password once, before the link expires."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select

from tests.conftest import freeze_time, post_form
from tests.factories import login, make_family, make_regisseur, make_user
from webapp.clock import utcnow
from webapp.models import Invitation, Relation, Role, User

NEW_PASSWORD = "de zon schijnt op de maas"


def _invite(client, family, **overrides) -> str:
    data = {"name": "Nieuwe Ouder", "email": "nieuw@example.test", "relation": "ouder", "language": "tr", **overrides}
    response = post_form(client, f"/gezinnen/{family.id}/uitnodigen", data)
    assert response.status_code == 201, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert "<svg" in html  # QR code
    return re.search(r'id="invite-link" class="break" href="http://localhost(/uitnodiging/[^"]+)"', html).group(1)


def test_the_regisseur_invites_a_parent_who_sets_a_password_and_lands_home(app, client, db) -> None:
    petra = make_regisseur(db)
    family = make_family(db, petra, (make_user(db, Role.JONGERE), Relation.JONGERE))
    login(client, petra)
    link = _invite(client, family)

    invitee = app.test_client()
    page = invitee.get(link)
    assert page.status_code == 200 and "Nieuwe" in page.get_data(as_text=True)
    response = post_form(invitee, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "language": "tr"})
    assert response.status_code == 302 and response.headers["Location"] == "/home"
    home = invitee.get("/home")
    assert home.status_code == 200 and 'lang="tr"' in home.get_data(as_text=True)
    person = db.exec(User.__table__.select().where(User.email == "nieuw@example.test")).one()
    assert db.get(User, person.id).has_role(Role.OUDER)


def test_an_invitation_link_works_only_once(app, client, db) -> None:
    petra = make_regisseur(db)
    family = make_family(db, petra)
    login(client, petra)
    link = _invite(client, family)
    first = app.test_client()
    post_form(first, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "language": "nl"})
    again = app.test_client()
    assert again.get(link).status_code == 410
    assert (
        post_form(
            again, link, {"password": "iets anders lang", "confirm": "iets anders lang", "language": "nl"}
        ).status_code
        == 410
    )


def test_an_expired_invitation_link_is_refused(app, client, db) -> None:
    petra = make_regisseur(db)
    family = make_family(db, petra)
    login(client, petra)
    link = _invite(client, family)
    freeze_time(app, utcnow() + timedelta(days=8))
    assert app.test_client().get(link).status_code == 410


def test_a_weak_password_is_refused_with_a_reason_and_the_choice_of_language_kept(app, client, db) -> None:
    petra = make_regisseur(db)
    family = make_family(db, petra)
    login(client, petra)
    link = _invite(client, family)
    invitee = app.test_client()
    response = post_form(invitee, link, {"password": "password1", "confirm": "password1", "language": "pl"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'lang="pl" selected value="pl"' in html
    short = post_form(invitee, link, {"password": "kort", "confirm": "kort", "language": "nl"})
    assert "minstens 8 tekens" in short.get_data(as_text=True)


def test_a_new_link_replaces_the_old_one(app, client, db) -> None:
    petra = make_regisseur(db)
    family = make_family(db, petra)
    login(client, petra)
    old_link = _invite(client, family)
    invitation = db.exec(select(Invitation).where(Invitation.family_id == family.id)).one()
    family_page = client.get(f"/gezinnen/{family.id}").get_data(as_text=True)
    assert "Nieuwe Ouder" in family_page and "uitgenodigd, de link werkt tot" in family_page
    response = post_form(client, f"/gezinnen/{family.id}/uitnodigingen/{invitation.id}/nieuwe-link", {})
    assert response.status_code == 201
    assert app.test_client().get(old_link).status_code == 410


def test_nobody_is_added_to_the_family_before_accepting(client, db) -> None:
    petra = make_regisseur(db)
    family = make_family(db, petra)
    login(client, petra)
    _invite(client, family)
    db.refresh(family)
    assert family.members == []
    assert db.exec(select(User).where(User.email == "nieuw@example.test")).first() is None


def test_a_youth_needs_a_birth_date_and_the_form_keeps_what_was_typed(client, db) -> None:
    petra = make_regisseur(db)
    family = make_family(db, petra)
    login(client, petra)
    response = post_form(
        client,
        f"/gezinnen/{family.id}/uitnodigen",
        {"name": "Jongere Naam", "email": "jong@example.test", "relation": "jongere", "language": "nl"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="Jongere Naam"' in html and 'value="jong@example.test"' in html
    assert "geboortedatum" in html


def test_another_regisseur_cannot_invite_into_a_family_that_is_not_theirs(client, db) -> None:
    family = make_family(db, make_regisseur(db))
    other = make_regisseur(db)
    login(client, other)
    assert client.get(f"/gezinnen/{family.id}/uitnodigen").status_code == 404
    response = post_form(
        client,
        f"/gezinnen/{family.id}/uitnodigen",
        {"name": "X", "email": "x@example.test", "relation": "ouder", "language": "nl"},
    )
    assert response.status_code == 404
