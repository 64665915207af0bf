"""Gezin aanmelden and overdracht: named multi-step attacks beside the route table (issue 13, item 9).

Two gemeenten: Venlo (Petra and Jeroen, regisseurs; Karin, its coordinator) and Horst (Henk, its regisseur; Hanna,
its coordinator), and the meldpunt's coordinator Sanne. Each test takes the steps a person would in a browser,
checks the refusal (404, never 403: a stranger can't learn a family exists) and that nothing changed, and has its
control: the same step by the person who may take it works.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlmodel import select

from tests.conftest import post_form
from tests.factories import login, make_user
from tests.intake_factories import make_gemeente_family, make_organisation, make_professional
from tests.plan_factories import call
from webapp.messages import services as messages
from webapp.models import Family, FamilyHandover, Invitation, OrganisationKind, Relation, Role

LINK = re.compile(r'id="invite-link-\d+" class="break" href="http://localhost(/uitnodiging/[^"]+)"')


@pytest.fixture
def towns(db):
    venlo = make_organisation(db, "Gemeente Venlo")
    horst = make_organisation(db, "Gemeente Horst aan de Maas")
    meldpunt = make_organisation(db, "Meldpunt Steuntje Venlo", OrganisationKind.MELDPUNT)
    people = {
        "petra": make_professional(db, Role.REGISSEUR, venlo, "Petra Jansen"),
        "jeroen": make_professional(db, Role.REGISSEUR, venlo, "Jeroen Willems"),
        "karin": make_professional(db, Role.COORDINATOR, venlo, "Karin Vos"),
        "henk": make_professional(db, Role.REGISSEUR, horst, "Henk Horst"),
        "hanna": make_professional(db, Role.COORDINATOR, horst, "Hanna Horst"),
        "sanne": make_professional(db, Role.COORDINATOR, meldpunt, "Sanne de Vries"),
        "sandra": make_user(db, Role.OUDER, name="Sandra Bos"),
        "tim": make_user(db, Role.JONGERE, name="Tim Bos", birth_date=date(2009, 3, 1)),
    }
    bos = make_gemeente_family(
        db, people["petra"], venlo, (people["sandra"], Relation.OUDER), (people["tim"], Relation.JONGERE)
    )
    return {"venlo": venlo, "horst": horst, "bos": bos, **people}


def _hand_over(client, family: Family, to_id: int, reason: str = "Verlof"):
    return post_form(client, f"/gemeente/gezinnen/{family.id}/overdragen", {"regisseur": str(to_id), "reason": reason})


def _regisseur_of(db, family: Family) -> int | None:
    db.expire_all()
    return db.get(Family, family.id).regisseur_id


def test_a_regisseur_cannot_hand_her_own_family_over(client, db, towns) -> None:
    login(client, towns["petra"])
    assert client.get("/gemeente/gezinnen").status_code == 404
    assert client.get(f"/gemeente/gezinnen/{towns['bos'].id}/overdragen").status_code == 404
    assert _hand_over(client, towns["bos"], towns["jeroen"].id).status_code == 404
    assert _regisseur_of(db, towns["bos"]) == towns["petra"].id
    # nor take someone else's family by handing it to herself through the form
    jeroen_family = make_gemeente_family(db, towns["jeroen"], towns["venlo"], name="Smits")
    assert _hand_over(client, jeroen_family, towns["petra"].id).status_code == 404
    assert _regisseur_of(db, jeroen_family) == towns["jeroen"].id


def test_a_coordinator_of_another_gemeente_cannot_hand_the_family_over(client, db, towns) -> None:
    login(client, towns["hanna"])
    assert "Gezin Bos" not in client.get("/gemeente/gezinnen").get_data(as_text=True)
    assert client.get(f"/gemeente/gezinnen/{towns['bos'].id}/overdragen").status_code == 404
    for target in ("henk", "jeroen"):
        assert _hand_over(client, towns["bos"], towns[target].id).status_code == 404
    assert _regisseur_of(db, towns["bos"]) == towns["petra"].id


def test_sanne_of_the_meldpunt_has_no_handover_powers(client, db, towns) -> None:
    login(client, towns["sanne"])
    assert client.get("/gemeente/gezinnen").status_code == 404
    assert client.get(f"/gemeente/gezinnen/{towns['bos'].id}/overdragen").status_code == 404
    assert _hand_over(client, towns["bos"], towns["jeroen"].id).status_code == 404
    assert _regisseur_of(db, towns["bos"]) == towns["petra"].id
    assert db.exec(select(FamilyHandover)).all() == []


def test_a_handover_to_a_non_regisseur_or_another_gemeentes_regisseur_is_refused(client, db, towns) -> None:
    login(client, towns["karin"])
    for target in ("henk", "sandra", "karin", "sanne", "petra"):
        response = _hand_over(client, towns["bos"], towns[target].id)
        assert response.status_code == 400, target
        assert "Kies een andere regisseur van deze gemeente." in response.get_data(as_text=True)
    assert _hand_over(client, towns["bos"], 999_999).status_code == 400
    assert _regisseur_of(db, towns["bos"]) == towns["petra"].id
    assert db.exec(select(FamilyHandover)).all() == []
    # control: a regisseur of Venlo
    assert _hand_over(client, towns["bos"], towns["jeroen"].id).status_code == 302
    assert _regisseur_of(db, towns["bos"]) == towns["jeroen"].id


def test_after_the_handover_petra_gets_404_on_the_familys_plan_messages_editor_and_toekomstplan(
    app, client, db, towns
) -> None:
    bos, petra_user = towns["bos"], towns["petra"]
    summaries = call(app, db, messages.conversations, towns["tim"])
    private = next(s.conversation for s in summaries if s.conversation.kind == "prive")
    family_talk = next(s.conversation for s in summaries if s.conversation.kind == "gezin")
    call(app, db, messages.send, towns["tim"], private.id, "Alleen voor mijn regisseur.", "tim-1")
    petra = app.test_client()
    login(petra, petra_user)
    pages = (
        f"/gezinnen/{bos.id}",
        f"/gezinnen/{bos.id}/plan",
        f"/gezinnen/{bos.id}/plan/bewerken",
        f"/gezinnen/{bos.id}/plan/wie-heeft-gekeken",
        f"/berichten/{private.id}",
        f"/berichten/{family_talk.id}",
        f"/toekomstplan/{towns['tim'].id}",
    )
    assert all(petra.get(path).status_code == 200 for path in pages)  # control: before, she sees them all
    login(client, towns["karin"])
    assert _hand_over(client, bos, towns["jeroen"].id).status_code == 302
    for path in pages:
        assert petra.get(path).status_code == 404, path
    for path in (f"/gezinnen/{bos.id}/plan/bewerken/basis", f"/berichten/{private.id}"):
        response = post_form(petra, path, {"situation": "x", "body": "Hallo", "client_key": "p-1"})
        assert response.status_code == 404, path
    inbox = petra.get("/berichten").get_data(as_text=True)
    assert "Alleen voor mijn regisseur." not in inbox and "Tim" not in inbox
    assert "Gezin Bos" not in petra.get("/home").get_data(as_text=True)


def test_a_regisseur_cannot_add_an_existing_account_to_a_new_family_without_consent(app, client, db, towns) -> None:
    """Petra registers a family naming Henk's client Sandra's address: Sandra is not added; she is asked, and only her
    yes makes her a member."""
    venlo = towns["venlo"]
    login(client, towns["jeroen"])
    data = {
        "name": "Nieuw",
        "gemeente": str(venlo.id),
        "members-0-name": "Sandra Bos",
        "members-0-relation": "ouder",
        "members-0-email": towns["sandra"].email,
        "members-0-language": "nl",
    }
    response = post_form(client, "/gezinnen/nieuw", data)
    assert response.status_code == 201
    family = db.exec(select(Family).where(Family.name == "Nieuw")).unique().one()
    assert family.member_for(towns["sandra"].id) is None
    assert "Tim" not in response.get_data(as_text=True)  # nothing of her other family shows
    # the link never sets the password of her account
    link = LINK.search(response.get_data(as_text=True)).group(1)
    stranger = app.test_client()
    taken = post_form(
        stranger,
        link,
        {"password": "een heel ander wachtwoord", "confirm": "een heel ander wachtwoord", "language": "nl"},
    )
    assert taken.status_code == 400
    # she says yes herself (control)
    sandra = app.test_client()
    login(sandra, towns["sandra"])
    invitation = db.exec(select(Invitation).where(Invitation.family_id == family.id)).one()
    assert post_form(sandra, f"/uitnodigingen/{invitation.id}/antwoord", {"answer": "ja"}).status_code == 302
    db.expire_all()
    assert db.get(Family, family.id).member_for(towns["sandra"].id) is not None


def test_a_regisseur_cannot_register_a_family_in_another_gemeente_or_ask_for_a_family_not_hers(
    client, db, towns
) -> None:
    login(client, towns["henk"])
    data = {
        "name": "Stiekem",
        "gemeente": str(towns["venlo"].id),
        "members-0-name": "Kind",
        "members-0-relation": "anders",
        "members-0-language": "nl",
    }
    assert post_form(client, "/gezinnen/nieuw", data).status_code == 400
    assert db.exec(select(Family).where(Family.name == "Stiekem")).unique().first() is None
    asked = post_form(client, f"/gezinnen/{towns['bos'].id}/andere-regisseur", {"reason": "Geef mij het gezin"})
    assert asked.status_code == 404
    assert db.exec(select(FamilyHandover)).all() == []
