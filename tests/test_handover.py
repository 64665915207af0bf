"""Overdracht: a coordinator of the gemeente hands a family to another regisseur of the same gemeente. The old
regisseur loses access at once, the new one gets the family (its conversations too), the family sees the change on
its pages and in its access log, and is notified without names. The rules are table-tested below."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from tests.conftest import post_form
from tests.factories import login, make_user
from tests.intake_factories import make_gemeente_family, make_organisation, make_professional
from tests.plan_factories import call
from webapp.auth import policy
from webapp.messages import services as messages
from webapp.models import (
    AuditEvent,
    Family,
    FamilyHandover,
    FamilyMember,
    Organisation,
    OrganisationKind,
    OutboxNotification,
    Relation,
    Role,
    User,
    UserRole,
)

# --- the rules, as a table ---------------------------------------------------------------------------------------

VENLO = Organisation(id=1, name="Gemeente Venlo", kind=OrganisationKind.GEMEENTE)
HORST = Organisation(id=2, name="Gemeente Horst", kind=OrganisationKind.GEMEENTE)
MELDPUNT = Organisation(id=3, name="Meldpunt", kind=OrganisationKind.MELDPUNT)
AANBIEDER = Organisation(id=4, name="Jeugdzorg Noord", kind=OrganisationKind.AANBIEDER)


def _person(user_id: int, role: Role | None, organisation: Organisation | None, active: bool = True) -> User:
    user = User(
        id=user_id, name=f"P{user_id}", organisation_id=organisation.id if organisation else None, active=active
    )
    user.organisation = organisation
    user.roles = [UserRole(user_id=user_id, role=role)] if role else []
    return user


PETRA = _person(10, Role.REGISSEUR, VENLO)
FAMILY = Family(id=1, name="Bos", gemeente_id=VENLO.id, regisseur_id=PETRA.id)

HAND_OVER = [
    ("karin: coordinator of the family's gemeente", _person(20, Role.COORDINATOR, VENLO), True),
    ("karin, account closed", _person(21, Role.COORDINATOR, VENLO, active=False), False),
    ("coordinator of another gemeente", _person(22, Role.COORDINATOR, HORST), False),
    ("sanne: coordinator of a meldpunt", _person(23, Role.COORDINATOR, MELDPUNT), False),
    ("coordinator without organisation", _person(24, Role.COORDINATOR, None), False),
    ("the family's own regisseur", PETRA, False),
    ("another regisseur of the gemeente", _person(25, Role.REGISSEUR, VENLO), False),
    ("beheerder of the gemeente", _person(26, Role.BEHEERDER, VENLO), False),
]


@pytest.mark.parametrize(("who", "user", "allowed"), HAND_OVER, ids=[row[0] for row in HAND_OVER])
def test_who_may_hand_a_family_over(who, user, allowed) -> None:
    assert policy.can_hand_over_family(user, FAMILY) is allowed


TAKE_OVER = [
    ("a regisseur of the same gemeente", _person(30, Role.REGISSEUR, VENLO), True),
    ("the current regisseur", PETRA, False),
    ("a regisseur of another gemeente", _person(31, Role.REGISSEUR, HORST), False),
    ("a regisseur of an aanbieder", _person(32, Role.REGISSEUR, AANBIEDER), False),
    ("a closed regisseur account", _person(33, Role.REGISSEUR, VENLO, active=False), False),
    ("a coordinator of the gemeente", _person(34, Role.COORDINATOR, VENLO), False),
    ("a parent", _person(35, Role.OUDER, None), False),
]


@pytest.mark.parametrize(("who", "user", "allowed"), TAKE_OVER, ids=[row[0] for row in TAKE_OVER])
def test_who_may_become_the_new_regisseur(who, user, allowed) -> None:
    assert policy.can_take_over_family(user, FAMILY) is allowed


REGISTER_IN = [
    ("regisseur of venlo in venlo", PETRA, VENLO, True),
    ("regisseur of venlo in horst", PETRA, HORST, False),
    ("regisseur of an aanbieder in horst", _person(40, Role.REGISSEUR, AANBIEDER), HORST, True),
    ("regisseur without organisation in venlo", _person(41, Role.REGISSEUR, None), VENLO, True),
    ("anyone in a meldpunt", _person(42, Role.REGISSEUR, AANBIEDER), MELDPUNT, False),
    ("a coordinator of venlo", _person(43, Role.COORDINATOR, VENLO), VENLO, False),
    ("no gemeente", PETRA, None, False),
]


@pytest.mark.parametrize(("who", "user", "gemeente", "allowed"), REGISTER_IN, ids=[row[0] for row in REGISTER_IN])
def test_in_which_gemeente_a_regisseur_may_register_a_family(who, user, gemeente, allowed) -> None:
    assert policy.can_register_in_gemeente(user, gemeente) is allowed


def test_only_the_familys_own_regisseur_asks_for_another_regisseur() -> None:
    assert policy.can_ask_for_handover(PETRA, FAMILY)
    assert not policy.can_ask_for_handover(_person(50, Role.REGISSEUR, VENLO), FAMILY)
    assert not policy.can_ask_for_handover(_person(51, Role.COORDINATOR, VENLO), FAMILY)


# --- the pages ---------------------------------------------------------------------------------------------------


@pytest.fixture
def venlo(db):
    """Gemeente Venlo with Petra and Jeroen (regisseurs), Karin (its coordinator) and family Bos of Petra: Sandra
    (parent, account), Noor (6, no account) and Tim (16, account)."""
    gemeente = make_organisation(db, "Gemeente Venlo")
    people = {
        "petra": make_professional(db, Role.REGISSEUR, gemeente, "Petra Jansen"),
        "jeroen": make_professional(db, Role.REGISSEUR, gemeente, "Jeroen Willems"),
        "karin": make_professional(db, Role.COORDINATOR, gemeente, "Karin Vos"),
        "sandra": make_user(db, Role.OUDER, name="Sandra Bos"),
        "noor": make_user(db, name="Noor Bos", email=None, birth_date=date(2020, 6, 1)),
        "tim": make_user(db, Role.JONGERE, name="Tim Bos", birth_date=date(2010, 1, 5)),
    }
    family = make_gemeente_family(
        db,
        people["petra"],
        gemeente,
        (people["sandra"], Relation.OUDER),
        (people["noor"], Relation.JONGERE),
        (people["tim"], Relation.JONGERE),
    )
    return gemeente, family, people


def _hand_over(client, family, to: User, reason: str = "Petra gaat met verlof."):
    return post_form(client, f"/gemeente/gezinnen/{family.id}/overdragen", {"regisseur": str(to.id), "reason": reason})


def test_karin_sees_the_gemeentes_families_with_their_regisseur(client, db, venlo) -> None:
    _gemeente, _family, people = venlo
    login(client, people["karin"])
    home = client.get("/home").get_data(as_text=True)
    assert "Gezinnen van Gemeente Venlo" in home and "/gemeente/gezinnen" in home
    page = client.get("/gemeente/gezinnen")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Gezin Bos" in html and "Petra Jansen" in html and "Jeroen Willems" in html
    assert "Sandra" not in html and "Noor" not in html  # the overview names families and regisseurs, not members


def test_a_handover_moves_the_family_at_once_and_the_family_sees_it(app, client, db, venlo) -> None:
    _gemeente, family, people = venlo
    login(client, people["karin"])
    form = client.get(f"/gemeente/gezinnen/{family.id}/overdragen").get_data(as_text=True)
    assert "Jeroen Willems" in form and f'value="{people["petra"].id}"' not in form  # not the current one
    response = _hand_over(client, family, people["jeroen"])
    assert response.status_code == 302 and response.headers["Location"] == "/gemeente/gezinnen"
    db.expire_all()
    assert db.get(Family, family.id).regisseur_id == people["jeroen"].id
    row = db.exec(select(FamilyHandover).where(FamilyHandover.family_id == family.id)).one()
    assert (row.from_regisseur_id, row.to_regisseur_id, row.handed_over_by_id) == (
        people["petra"].id,
        people["jeroen"].id,
        people["karin"].id,
    )
    # notified: the members with an account and the new regisseur; a generic kind, no names in the row
    sent = db.exec(select(OutboxNotification).where(OutboxNotification.kind == "gezin")).all()
    assert {n.user_id for n in sent} == {people["sandra"].id, people["tim"].id, people["jeroen"].id}
    assert all(n.url == f"/gezinnen/{family.id}" and "Jeroen" not in n.tag for n in sent)
    # the access log the family reads
    event = db.exec(
        select(AuditEvent).where(AuditEvent.family_id == family.id, AuditEvent.object_type == "regisseur")
    ).one()
    assert (event.actor_name, event.subject_name, event.action) == ("Karin Vos", "Jeroen Willems", "change")
    sandra = app.test_client()
    login(sandra, people["sandra"])
    log = sandra.get(f"/gezinnen/{family.id}/plan/wie-heeft-gekeken").get_data(as_text=True)
    assert "Karin Vos" in log and "overgedragen aan een andere regisseur" in log and "Jeroen Willems" in log
    assert "verlof" not in log  # the reason stays with the professionals
    notice = "Jeroen Willems is nu jullie regisseur, sinds"
    assert notice in sandra.get("/home").get_data(as_text=True)
    family_page = sandra.get(f"/gezinnen/{family.id}").get_data(as_text=True)
    assert notice in family_page and "verlof" not in family_page


def test_the_old_regisseur_loses_the_family_and_the_new_one_gets_its_conversations(app, client, db, venlo) -> None:
    _gemeente, family, people = venlo
    call(app, db, messages.conversations, people["sandra"])  # the family and Sandra's private conversation
    family_conversation = next(
        s.conversation
        for s in call(app, db, messages.conversations, people["sandra"])
        if s.conversation.kind == "gezin"
    )
    call(app, db, messages.send, people["sandra"], family_conversation.id, "Hallo Petra, Noor is ziek.", "k-1")
    petra = app.test_client()
    login(petra, people["petra"])
    assert petra.get(f"/berichten/{family_conversation.id}").status_code == 200
    login(client, people["karin"])
    _hand_over(client, family, people["jeroen"])
    for path in (
        f"/gezinnen/{family.id}",
        f"/gezinnen/{family.id}/plan",
        f"/gezinnen/{family.id}/plan/bewerken",
        f"/gezinnen/{family.id}/eerste-plan",
        f"/berichten/{family_conversation.id}",
        f"/toekomstplan/{people['tim'].id}",
    ):
        assert petra.get(path).status_code == 404, path
    assert "Noor is ziek" not in petra.get("/berichten").get_data(as_text=True)
    jeroen = app.test_client()
    login(jeroen, people["jeroen"])
    thread = jeroen.get(f"/berichten/{family_conversation.id}")
    assert thread.status_code == 200 and "Noor is ziek" in thread.get_data(as_text=True)
    assert jeroen.get(f"/gezinnen/{family.id}/plan/bewerken").status_code == 200


def test_a_refused_handover_keeps_what_was_typed_and_changes_nothing(client, db, venlo) -> None:
    _gemeente, family, people = venlo
    login(client, people["karin"])
    no_reason = _hand_over(client, family, people["jeroen"], reason="")
    assert no_reason.status_code == 400 and "Schrijf kort waarom." in no_reason.get_data(as_text=True)
    nobody = post_form(client, f"/gemeente/gezinnen/{family.id}/overdragen", {"regisseur": "", "reason": "Verlof"})
    assert nobody.status_code == 400 and "Kies een regisseur." in nobody.get_data(as_text=True)
    assert "Verlof</textarea>" in nobody.get_data(as_text=True)
    garbage = post_form(client, f"/gemeente/gezinnen/{family.id}/overdragen", {"regisseur": "abc", "reason": "Verlof"})
    assert garbage.status_code == 400
    db.expire_all()
    assert db.get(Family, family.id).regisseur_id == people["petra"].id
    assert db.exec(select(FamilyHandover)).all() == []


def test_the_regisseur_asks_for_another_regisseur_and_karin_sees_it_waiting(app, client, db, venlo) -> None:
    _gemeente, family, people = venlo
    login(client, people["petra"])
    page = client.get(f"/gezinnen/{family.id}").get_data(as_text=True)
    assert "Vraag een andere regisseur" in page
    empty = post_form(client, f"/gezinnen/{family.id}/andere-regisseur", {"reason": ""})
    assert empty.status_code == 302 and db.exec(select(FamilyHandover)).all() == []
    asked = post_form(client, f"/gezinnen/{family.id}/andere-regisseur", {"reason": "Ik ga naar een ander wijkteam."})
    assert asked.status_code == 302
    assert "Je vroeg op" in client.get(f"/gezinnen/{family.id}").get_data(as_text=True)
    karin = app.test_client()
    login(karin, people["karin"])
    assert "1 gezin wacht op een andere regisseur." in karin.get("/home").get_data(as_text=True)
    overview = karin.get("/gemeente/gezinnen").get_data(as_text=True)
    assert "Ik ga naar een ander wijkteam." in overview
    _hand_over(karin, family, people["jeroen"], reason="Jeroen heeft ruimte.")
    rows = db.exec(select(FamilyHandover)).all()
    assert len(rows) == 1 and rows[0].asked_by_id == people["petra"].id and rows[0].handed_over_at is not None
    assert "wacht op een andere regisseur" not in karin.get("/home").get_data(as_text=True)


def test_a_meldpunt_coordinator_has_no_gemeente_pages_and_keeps_her_meldpunt(client, db, venlo) -> None:
    _gemeente, family, _people = venlo
    meldpunt = make_organisation(db, "Meldpunt Venlo", OrganisationKind.MELDPUNT)
    sanne = make_professional(db, Role.COORDINATOR, meldpunt, "Sanne de Vries")
    login(client, sanne)
    home = client.get("/home").get_data(as_text=True)
    assert "/gemeente/gezinnen" not in home and "Meldpunt Steuntje in de rug" in home
    assert client.get("/gemeente/gezinnen").status_code == 404
    assert client.get(f"/gemeente/gezinnen/{family.id}/overdragen").status_code == 404


def test_karins_home_does_not_show_the_meldpunt(client, db, venlo) -> None:
    _gemeente, _family, people = venlo
    login(client, people["karin"])
    html = client.get("/home").get_data(as_text=True)
    assert "Meldpunt Steuntje in de rug" not in html and ">Meldpunt<" not in html
    assert "Je account is klaar." not in html  # her home has work on it


def test_the_family_member_list_of_the_new_family_is_unchanged_by_a_handover(client, db, venlo) -> None:
    _gemeente, family, people = venlo
    before = [(m.user_id, m.relation, m.has_authority) for m in family.members]
    login(client, people["karin"])
    _hand_over(client, family, people["jeroen"])
    after = db.exec(select(FamilyMember).where(FamilyMember.family_id == family.id).order_by(FamilyMember.id)).all()
    assert [(m.user_id, m.relation, m.has_authority) for m in after] == before
