"""Joining a family takes the person's own yes (issue 9, findings 1 and 2), and a youth in two families (her birth
family and her foster family) is a first-class case: each regisseur reaches her only through his own family.

The attacks are written as the review tried them: a second regisseur with her own family next to the first.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlmodel import select

from tests.conftest import post_form
from tests.factories import PASSWORD, login, make_family, make_regisseur, make_user
from webapp.auth.tokens import new_token
from webapp.clock import today, utcnow
from webapp.models import AuditEvent, Family, FamilyMember, Invitation, Relation, Role, SharingChoice, User

NEW_PASSWORD = "de zon schijnt op de maas"


def _born(years: int) -> date:
    return today() - timedelta(days=365 * years + 100)


def _invite(client, family: Family, email: str, relation: str = "ouder", name: str = "Nieuwe Persoon", **extra):
    data = {"name": name, "email": email, "relation": relation, "language": "nl", **extra}
    return post_form(client, f"/gezinnen/{family.id}/uitnodigen", data)


def _link(response) -> str:
    assert response.status_code == 201, response.get_data(as_text=True)
    found = re.search(r'id="invite-link" class="break" href="http://localhost(/uitnodiging/[^"]+)"', response.text)
    assert found, "no invitation link on the page"
    return found.group(1)


def _accept_with_password(app, link: str):
    visitor = app.test_client()
    visitor.get(link)
    return visitor, post_form(visitor, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "language": "nl"})


def _members(db, family: Family) -> set[int]:
    db.expire_all()
    return {member.user_id for member in db.get(Family, family.id).members}


def _answer(app, person: User, yes: bool = True):
    client = app.test_client()
    login(client, person)
    page = client.get("/uitnodigingen")
    found = re.search(r'action="/uitnodigingen/(\d+)/antwoord"', page.text)
    assert found, "no invitation waiting for an answer"
    return client, post_form(client, f"/uitnodigingen/{found.group(1)}/antwoord", {"answer": "ja" if yes else "nee"})


# --- finding 1: an existing account is never attached without its owner's yes -------------------------------------


def test_inviting_an_existing_account_adds_nobody_until_that_person_says_yes_while_logged_in(app, client, db) -> None:
    rita = make_regisseur(db)
    her_family = make_family(db, rita, name="Gezin van Rita")
    samira = make_user(db, Role.JONGERE, birth_date=_born(17))
    make_family(db, make_regisseur(db), (samira, Relation.JONGERE), name="Haddou")
    login(client, rita)

    _link(_invite(client, her_family, samira.email, relation="jongere", birth_date=_born(17).isoformat()))
    assert samira.id not in _members(db, her_family)

    _samira_client, response = _answer(app, samira, yes=True)
    assert response.status_code == 302
    assert samira.id in _members(db, her_family)


def test_the_regisseur_gets_the_same_answer_for_an_address_with_and_without_an_account(client, db) -> None:
    rita = make_regisseur(db)
    family = make_family(db, rita)
    existing = make_user(db, Role.OUDER, email="bestaat@example.test")
    make_family(db, make_regisseur(db), (existing, Relation.OUDER), name="Ander gezin")
    login(client, rita)

    def normalised(email: str) -> tuple[int, str]:
        response = _invite(client, family, email, name="Zelfde Naam")
        body = re.sub(r"/uitnodiging/[^\"<\s]+", "/uitnodiging/TOKEN", response.text)
        body = re.sub(r"<svg.*?</svg>", "QR", body, flags=re.S)
        body = re.sub(r"[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-.]{20,}", "SIGNED", body)  # CSRF tokens (time-stamped)
        return response.status_code, body

    assert normalised(existing.email) == normalised("nieuw-adres@example.test")


def test_a_link_never_sets_the_password_of_an_existing_account(app, client, db) -> None:
    rita = make_regisseur(db)
    family = make_family(db, rita)
    victim = make_user(db, Role.OUDER)
    make_family(db, make_regisseur(db), (victim, Relation.OUDER), name="Gezin van het slachtoffer")
    login(client, rita)
    link = _link(_invite(client, family, victim.email))

    attacker, response = _accept_with_password(app, link)
    assert response.status_code == 400
    assert "Log in" in response.text
    db.expire_all()
    assert db.get(User, victim.id).password_hash is not None
    assert attacker.get("/home").status_code == 302  # not logged in as the victim
    assert victim.id not in _members(db, family)
    relogin = app.test_client()
    assert login(relogin, victim, PASSWORD).status_code == 302  # her own password still works


def test_a_person_can_say_no_and_the_regisseur_sees_it(app, client, db) -> None:
    rita = make_regisseur(db)
    family = make_family(db, rita)
    karin = make_user(db, Role.OUDER)
    login(client, rita)
    _link(_invite(client, family, karin.email, name="Karin"))
    _karin_client, response = _answer(app, karin, yes=False)
    assert response.status_code == 302
    assert karin.id not in _members(db, family)
    assert "uitnodiging afgewezen" in client.get(f"/gezinnen/{family.id}").text


def test_an_invitation_for_someone_else_cannot_be_answered_by_id(app, client, db) -> None:
    rita = make_regisseur(db)
    family = make_family(db, rita)
    login(client, rita)
    _link(_invite(client, family, "iemand@example.test"))
    invitation = db.exec(select(Invitation).where(Invitation.family_id == family.id)).one()
    stranger = app.test_client()
    login(stranger, make_user(db, Role.OUDER))
    response = post_form(stranger, f"/uitnodigingen/{invitation.id}/antwoord", {"answer": "ja"})
    assert response.status_code == 404
    assert len(_members(db, family)) == 0


# --- finding 2: a second invitation of the same new address is no way in ----------------------------------------


def test_a_second_regisseur_inviting_the_same_new_address_gets_her_own_family_only(app, db) -> None:
    petra, rita = make_regisseur(db), make_regisseur(db)
    first = make_family(db, petra, name="Eerste gezin")
    second = make_family(db, rita, name="Tweede gezin")
    petra_client, rita_client = app.test_client(), app.test_client()
    login(petra_client, petra)
    login(rita_client, rita)
    first_link = _link(_invite(petra_client, first, "nieuw@example.test", name="Echte Ouder"))
    second_link = _link(_invite(rita_client, second, "nieuw@example.test", name="Echte Ouder"))

    attacker, response = _accept_with_password(app, second_link)
    assert response.status_code == 302
    person = db.exec(select(User).where(User.email == "nieuw@example.test")).one()
    assert person.id in _members(db, second)
    assert person.id not in _members(db, first)
    assert attacker.get(f"/gezinnen/{first.id}").status_code == 404
    # The first regisseur's old link stops working: it can no longer set a password for this address.
    assert app.test_client().get(first_link).status_code == 410


def test_an_invitation_made_before_the_change_still_lets_its_own_person_choose_a_password(app, db) -> None:
    """Rows from before migration 0007 name the pending person; her own link keeps working, for her family only."""
    petra = make_regisseur(db)
    pending = make_user(db, Role.OUDER, with_password=False)
    family = make_family(db, petra, (pending, Relation.OUDER))
    token, token_hash = new_token()
    db.add(
        Invitation(
            token_hash=token_hash,
            family_id=family.id,
            created_by_id=petra.id,
            email=pending.email,
            name=pending.name,
            relation="ouder",
            user_id=pending.id,
            expires_at=utcnow() + timedelta(days=3),
        )
    )
    db.commit()
    _client, response = _accept_with_password(app, f"/uitnodiging/{token}")
    assert response.status_code == 302
    db.expire_all()
    assert db.get(User, pending.id).password_hash is not None


# --- a youth joining a second family -----------------------------------------------------------------------------


def _youth_in_birth_family(db, age: int):
    petra = make_regisseur(db)
    mother = make_user(db, Role.OUDER, name="Ayşe Moeder")
    youth = make_user(db, Role.JONGERE, name="Emre Zoon", birth_date=_born(age))
    birth = make_family(db, petra, (mother, Relation.OUDER), (youth, Relation.JONGERE), name="Geboortegezin")
    return petra, mother, youth, birth


def test_a_youth_under_16_joins_a_second_family_only_when_a_parent_with_authority_agrees(app, client, db) -> None:
    _petra, mother, emre, _birth = _youth_in_birth_family(db, 15)
    rita = make_regisseur(db)
    foster = make_family(db, rita, name="Pleeggezin")
    login(client, rita)
    _link(_invite(client, foster, emre.email, relation="jongere", birth_date=_born(15).isoformat()))

    _emre_client, response = _answer(app, emre, yes=True)
    assert response.status_code == 302
    assert emre.id not in _members(db, foster)
    assert "zei ja, wacht op een ouder met gezag" in client.get(f"/gezinnen/{foster.id}").text

    mother_client = app.test_client()
    login(mother_client, mother)
    page = mother_client.get("/uitnodigingen").text
    assert "Emre wil ook bij gezin Pleeggezin horen" in page
    invitation_id = re.search(r'action="/uitnodigingen/(\d+)/toestemming"', page).group(1)
    assert post_form(mother_client, f"/uitnodigingen/{invitation_id}/toestemming", {"answer": "ja"}).status_code == 302
    assert emre.id in _members(db, foster)


def test_only_a_parent_with_authority_of_that_youth_answers_for_her(app, client, db) -> None:
    _petra, _mother, emre, birth = _youth_in_birth_family(db, 14)
    no_authority = make_user(db, Role.OUDER)
    db.get(Family, birth.id).members.append(
        FamilyMember(user_id=no_authority.id, relation=Relation.OUDER, has_authority=False)
    )
    db.commit()
    other_parent = make_user(db, Role.OUDER)
    make_family(db, make_regisseur(db), (other_parent, Relation.OUDER), name="Ander gezin")
    rita = make_regisseur(db)
    foster = make_family(db, rita, name="Pleeggezin")
    login(client, rita)
    _link(_invite(client, foster, emre.email, relation="jongere", birth_date=_born(14).isoformat()))
    _answer(app, emre, yes=True)
    invitation = db.exec(select(Invitation).where(Invitation.family_id == foster.id)).one()

    for outsider in (no_authority, other_parent, emre):
        visitor = app.test_client()
        login(visitor, outsider)
        assert "toestemming" not in visitor.get("/uitnodigingen").text
        response = post_form(visitor, f"/uitnodigingen/{invitation.id}/toestemming", {"answer": "ja"})
        assert response.status_code == 404, outsider.name
    assert emre.id not in _members(db, foster)


def test_a_youth_of_16_decides_herself(app, client, db) -> None:
    _petra, _mother, samira, _birth = _youth_in_birth_family(db, 16)
    rita = make_regisseur(db)
    foster = make_family(db, rita, name="Pleeggezin")
    login(client, rita)
    _link(_invite(client, foster, samira.email, relation="jongere", birth_date=_born(16).isoformat()))
    _answer(app, samira, yes=True)
    assert samira.id in _members(db, foster)


# --- a youth in two families: each regisseur through his own family ------------------------------------------


def test_a_youth_in_two_families_is_reached_and_logged_through_the_family_of_whoever_looks(app, db) -> None:
    petra, mother, samira, birth = _youth_in_birth_family(db, 17)
    rita = make_regisseur(db)
    foster_mother = make_user(db, Role.PLEEGOUDER)
    foster = make_family(db, rita, (samira, Relation.JONGERE), (foster_mother, Relation.PLEEGOUDER), name="Pleeg")
    db.add(SharingChoice(youth_id=samira.id, share_goals_with_family=False, share_toekomstplan_with_family=False))
    db.commit()

    signed_in = {}
    for regisseur, family in ((petra, birth), (rita, foster)):
        visitor = signed_in[regisseur.id] = app.test_client()
        login(visitor, regisseur)
        assert visitor.get(f"/toekomstplan/{samira.id}").status_code == 200
        db.expire_all()
        logged = db.exec(
            select(AuditEvent).where(AuditEvent.actor_id == regisseur.id, AuditEvent.object_type == "toekomstplan")
        ).all()
        assert [event.family_id for event in logged] == [family.id]

    for carer in (mother, foster_mother):  # she shares nothing: neither family's carers read her toekomstplan
        visitor = app.test_client()
        login(visitor, carer)
        assert visitor.get(f"/toekomstplan/{samira.id}").status_code == 404
    # Each regisseur sees only her own family (a TOTP code works once: reuse her signed-in device).
    visitor = signed_in[rita.id]
    assert visitor.get(f"/gezinnen/{birth.id}").status_code == 404
    assert mother.name not in visitor.get(f"/gezinnen/{foster.id}").text


def test_a_regisseur_who_only_invited_a_youth_does_not_reach_her_toekomstplan(app, client, db) -> None:
    _petra, _mother, samira, _birth = _youth_in_birth_family(db, 17)
    rita = make_regisseur(db)
    foster = make_family(db, rita, name="Pleeggezin")
    login(client, rita)
    _link(_invite(client, foster, samira.email, relation="jongere", birth_date=_born(17).isoformat()))
    assert client.get(f"/toekomstplan/{samira.id}").status_code == 404
    db.expire_all()
    assert db.exec(select(AuditEvent).where(AuditEvent.actor_id == rita.id)).all() == []


def test_the_invite_form_is_throttled_per_regisseur(app, client, db) -> None:
    rita = make_regisseur(db)
    family = make_family(db, rita)
    login(client, rita)
    for number in range(30):
        assert _invite(client, family, f"adres{number}@example.test").status_code == 201
    assert _invite(client, family, "nog-een@example.test").status_code == 429


def test_the_home_page_counts_what_waits_for_the_youth_and_then_for_her_parent(app, client, db) -> None:
    _petra, mother, emre, _birth = _youth_in_birth_family(db, 15)
    rita = make_regisseur(db)
    foster = make_family(db, rita, name="Pleeggezin")
    login(client, rita)
    _link(_invite(client, foster, emre.email, relation="jongere", birth_date=_born(15).isoformat()))
    waiting = "Er wacht 1 uitnodiging op je antwoord."
    waiting_for_the_parent = "Er wacht 1 uitnodiging op uw antwoord."  # a parent is addressed with "u"

    emre_client = app.test_client()
    login(emre_client, emre)
    assert waiting in emre_client.get("/home").text
    mother_client = app.test_client()
    login(mother_client, mother)
    assert waiting_for_the_parent not in mother_client.get("/home").text

    _answer(app, emre, yes=True)
    assert waiting not in emre_client.get("/home").text
    assert waiting_for_the_parent in mother_client.get("/home").text
