"""Gezin aanmelden: a regisseur registers a new family (members with and without an account), the invitations go
through the usual consent flow, and the first plan starts from an empty draft with the parts of the 1G1P method."""

from __future__ import annotations

import re

from sqlmodel import select

from tests.conftest import csrf_token, post_form
from tests.factories import login, make_user
from tests.intake_factories import make_organisation, make_professional
from webapp.models import (
    AuditEvent,
    Family,
    Invitation,
    OrganisationKind,
    Plan,
    PlanVersion,
    Role,
)

LINK = re.compile(r'id="invite-link-\d+" class="break" href="http://localhost(/uitnodiging/[^"]+)"')


def _setup(db):
    venlo = make_organisation(db, "Gemeente Venlo")
    petra = make_professional(db, Role.REGISSEUR, venlo, "Petra Jansen")
    return venlo, petra


def _form(gemeente_id: int, rows: list[dict], name: str = "Bos") -> dict:
    data = {"name": name, "gemeente": str(gemeente_id)}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"members-{index}-{key}"] = value
    return data


SANDRA = {
    "name": "Sandra Bos",
    "relation": "ouder",
    "has_authority": "y",
    "email": "sandra@example.test",
    "language": "nl",
}
NOOR = {"name": "Noor Bos", "relation": "jongere", "birth_date": "2020-06-01", "language": "nl"}


def _family(db, name: str = "Bos") -> Family:
    return db.exec(select(Family).where(Family.name == name)).unique().one()


def test_the_regisseur_registers_a_family_with_a_child_without_account_and_an_invited_parent(client, db) -> None:
    venlo, petra = _setup(db)
    login(client, petra)
    page = client.get("/gezinnen/nieuw")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Gemeente Venlo" in html and 'name="members-2-name"' in html  # three empty rows
    response = post_form(client, "/gezinnen/nieuw", _form(venlo.id, [SANDRA, NOOR]))
    assert response.status_code == 201, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    family = _family(db)
    assert family.regisseur_id == petra.id and family.gemeente_id == venlo.id
    # Noor is in the family at once, without an account; Sandra only after she says yes
    assert [(m.user.name, m.relation, m.user.has_login) for m in family.members] == [("Noor Bos", "jongere", False)]
    noor = family.members[0].user
    assert noor.email is None and noor.password_hash is None and noor.birth_date.isoformat() == "2020-06-01"
    invitation = db.exec(select(Invitation).where(Invitation.family_id == family.id)).one()
    assert (invitation.email, invitation.relation) == ("sandra@example.test", "ouder")
    assert len(LINK.findall(html)) == 1 and "<svg" in html
    assert "Begin het eerste plan" in html
    logged = db.exec(select(AuditEvent).where(AuditEvent.family_id == family.id)).all()
    assert [(e.object_type, e.action, e.actor_name) for e in logged] == [("aanmelding", "change", "Petra Jansen")]


def test_the_invited_parent_sets_a_password_and_joins_with_authority(app, client, db) -> None:
    venlo, petra = _setup(db)
    login(client, petra)
    html = post_form(client, "/gezinnen/nieuw", _form(venlo.id, [SANDRA, NOOR])).get_data(as_text=True)
    link = LINK.search(html).group(1)
    sandra = app.test_client()
    password = "de maas stroomt langs venlo"
    response = post_form(sandra, link, {"password": password, "confirm": password, "language": "nl"})
    assert response.status_code == 302
    family = _family(db)
    db.refresh(family)
    member = next(m for m in family.members if m.user.name == "Sandra Bos")
    assert member.has_authority and member.user.has_role(Role.OUDER)


def test_an_existing_account_is_never_added_without_its_owners_consent(app, client, db) -> None:
    venlo, petra = _setup(db)
    existing = make_user(db, Role.OUDER, name="Sandra Elders", email="sandra@example.test")
    login(client, petra)
    response = post_form(client, "/gezinnen/nieuw", _form(venlo.id, [SANDRA, NOOR]))
    assert response.status_code == 201
    family = _family(db)
    assert family.member_for(existing.id) is None
    # the page says the same as for a new address: the regisseur can't learn that the account exists
    assert "Sandra Elders" not in response.get_data(as_text=True)
    # the link can't set a password for the existing account
    link = LINK.search(response.get_data(as_text=True)).group(1)
    other = app.test_client()
    answer = post_form(
        other,
        link,
        {"password": "iemand anders zijn wachtwoord", "confirm": "iemand anders zijn wachtwoord", "language": "nl"},
    )
    assert answer.status_code == 400
    db.refresh(family)
    assert family.member_for(existing.id) is None


def test_a_refused_form_keeps_everything_typed_and_shows_errors_next_to_the_field(client, db) -> None:
    venlo, petra = _setup(db)
    login(client, petra)
    rows = [
        {"name": "Noor Bos", "relation": "jongere", "language": "nl"},  # no birth date
        {"name": "", "relation": "ouder", "email": "kees@example.test", "language": "nl"},  # no name
        {"name": "Kees Bos", "relation": "ouder", "email": "geen-adres", "language": "nl"},
    ]
    response = post_form(client, "/gezinnen/nieuw", _form(venlo.id, rows, name=""))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Vul de naam van het gezin in." in html
    assert 'id="members-0-birth_date-error"' in html
    assert 'id="members-1-name-error"' in html
    assert 'id="members-2-email-error"' in html
    assert 'value="Noor Bos"' in html and 'value="kees@example.test"' in html and 'value="geen-adres"' in html
    assert db.exec(select(Family)).unique().all() == []


def test_an_empty_form_and_the_same_address_twice_are_refused(client, db) -> None:
    venlo, petra = _setup(db)
    login(client, petra)
    empty = post_form(client, "/gezinnen/nieuw", _form(venlo.id, []))
    assert empty.status_code == 400 and "Vul minstens één persoon" in empty.get_data(as_text=True)
    twice = [SANDRA, {**SANDRA, "name": "Sandra Twee"}]
    response = post_form(client, "/gezinnen/nieuw", _form(venlo.id, twice))
    assert response.status_code == 400 and "staat er al bij iemand anders" in response.get_data(as_text=True)
    assert db.exec(select(Family)).unique().all() == []


def test_nog_iemand_toevoegen_adds_a_row_and_keeps_what_was_typed(client, db) -> None:
    venlo, petra = _setup(db)
    login(client, petra)
    data = {**_form(venlo.id, [NOOR, {}, {}]), "add_row": "1"}
    response = post_form(client, "/gezinnen/nieuw", data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="members-3-name"' in html and 'value="Noor Bos"' in html
    assert 'class="error"' not in html  # adding a row checks nothing yet
    assert db.exec(select(Family)).unique().all() == []


def test_a_regisseur_of_a_gemeente_registers_only_in_her_own_gemeente(client, db) -> None:
    _venlo, petra = _setup(db)
    horst = make_organisation(db, "Gemeente Horst aan de Maas")
    login(client, petra)
    assert "Horst" not in client.get("/gezinnen/nieuw").get_data(as_text=True)
    response = post_form(client, "/gezinnen/nieuw", _form(horst.id, [NOOR]))
    assert response.status_code == 400
    assert db.exec(select(Family)).unique().all() == []


def test_a_regisseur_of_an_aanbieder_chooses_the_gemeente(client, db) -> None:
    venlo = make_organisation(db, "Gemeente Venlo")
    horst = make_organisation(db, "Gemeente Horst aan de Maas")
    meldpunt = make_organisation(db, "Meldpunt", OrganisationKind.MELDPUNT)
    aanbieder = make_organisation(db, "Jeugdzorg Noord", OrganisationKind.AANBIEDER)
    regisseur = make_professional(db, Role.REGISSEUR, aanbieder, "Rob Aanbieder")
    login(client, regisseur)
    html = client.get("/gezinnen/nieuw").get_data(as_text=True)
    assert "Gemeente Venlo" in html and "Gemeente Horst aan de Maas" in html and "Meldpunt" not in html
    assert post_form(client, "/gezinnen/nieuw", _form(meldpunt.id, [NOOR])).status_code == 400
    assert post_form(client, "/gezinnen/nieuw", _form(horst.id, [NOOR])).status_code == 201
    assert _family(db).gemeente_id == horst.id
    assert venlo.id != horst.id


def test_only_a_regisseur_may_register_a_family(client, db) -> None:
    venlo = make_organisation(db, "Gemeente Venlo")
    for role in (Role.COORDINATOR, Role.OUDER, Role.BEHEERDER):
        person = make_professional(db, role, venlo, f"Iemand {role.value}")
        login(client, person)
        assert client.get("/gezinnen/nieuw").status_code == 404
        assert post_form(client, "/gezinnen/nieuw", _form(venlo.id, [NOOR])).status_code == 404
        client.post("/uitloggen", data={"csrf_token": csrf_token(client)})
    assert db.exec(select(Family)).unique().all() == []


# --- the first plan ---------------------------------------------------------------------------------------------


def _registered(client, db, venlo, petra) -> Family:
    login(client, petra)
    assert post_form(client, "/gezinnen/nieuw", _form(venlo.id, [SANDRA, NOOR])).status_code == 201
    return _family(db)


def test_begin_het_eerste_plan_makes_a_draft_with_the_empty_sections(client, db) -> None:
    venlo, petra = _setup(db)
    family = _registered(client, db, venlo, petra)
    before = client.get(f"/gezinnen/{family.id}/eerste-plan")
    assert before.status_code == 200 and "nog leeg" in before.get_data(as_text=True)
    assert db.exec(select(Plan).where(Plan.family_id == family.id)).first() is None
    response = post_form(client, f"/gezinnen/{family.id}/eerste-plan", {})
    assert response.status_code == 302 and response.headers["Location"].endswith("/plan/bewerken#basis")
    plan = db.exec(select(Plan).where(Plan.family_id == family.id)).one()
    assert "Wat gaat goed?" in plan.situation and "Wat zijn de zorgen?" in plan.situation
    assert plan.next_evaluation is not None and plan.goals == [] and plan.agreements == ""
    assert db.exec(select(PlanVersion).where(PlanVersion.plan_id == plan.id)).first() is None  # family sees nothing
    editor = client.get(f"/gezinnen/{family.id}/plan/bewerken")
    assert editor.status_code == 200 and "Wat gaat goed?" in editor.get_data(as_text=True)
    checklist = client.get(f"/gezinnen/{family.id}/eerste-plan").get_data(as_text=True)
    assert "Een doel voor Noor Bos" in checklist and "Nog 4 delen zijn leeg." in checklist  # only the date is set


def test_starting_again_changes_nothing_once_the_draft_has_content(client, db) -> None:
    venlo, petra = _setup(db)
    family = _registered(client, db, venlo, petra)
    post_form(client, f"/gezinnen/{family.id}/eerste-plan", {})
    plan = db.exec(select(Plan).where(Plan.family_id == family.id)).one()
    plan.situation = "Het gaat goed met Noor."
    db.add(plan)
    db.commit()
    post_form(client, f"/gezinnen/{family.id}/eerste-plan", {})
    db.refresh(plan)
    assert plan.situation == "Het gaat goed met Noor."


def test_a_refused_start_creates_no_empty_plan(client, db) -> None:
    venlo, petra = _setup(db)
    family = _registered(client, db, venlo, petra)
    response = client.post(f"/gezinnen/{family.id}/eerste-plan", data={"csrf_token": "vervalst"})
    assert response.status_code == 400
    assert db.exec(select(Plan).where(Plan.family_id == family.id)).first() is None


def test_another_regisseur_gets_404_on_the_first_plan_of_a_family_not_hers(app, client, db) -> None:
    venlo, petra = _setup(db)
    family = _registered(client, db, venlo, petra)
    jeroen = make_professional(db, Role.REGISSEUR, venlo, "Jeroen Willems")
    other = app.test_client()
    login(other, jeroen)
    assert other.get(f"/gezinnen/{family.id}/eerste-plan").status_code == 404
    assert post_form(other, f"/gezinnen/{family.id}/eerste-plan", {}).status_code == 404
    assert db.exec(select(Plan).where(Plan.family_id == family.id)).first() is None


def test_the_regisseurs_home_offers_gezin_aanmelden_and_the_first_plan(client, db) -> None:
    venlo, petra = _setup(db)
    family = _registered(client, db, venlo, petra)
    html = client.get("/home").get_data(as_text=True)
    assert "/gezinnen/nieuw" in html and f"/gezinnen/{family.id}/eerste-plan" in html
