"""Steuntje in de rug — a proposal and the match it becomes: limited profiles before both say yes, contacts after,
a no with its reason for the coordinator only, withdrawing, the afsprakenkaart's versions, "add to our plan" and the
steungezin's own page.

The world: Ayşe Yılmaz (parent) asks for a steungezin for Elif (8, no account); Sanne (coordinator of the Venlo
meldpunt) proposes the Peeters household (Ria's account). Every step runs through the real services or pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pyotp
import pytest
from flask import Flask
from sqlmodel import Session, select

from tests.conftest import freeze_time
from tests.factories import make_family, make_regisseur, make_user
from tests.plan_factories import NOW, Visitor, call, sign_in
from webapp.models import (
    AgreementCard,
    Appointment,
    AppointmentParticipant,
    AuditEvent,
    Family,
    Household,
    Involved,
    MatchStatus,
    Organisation,
    OrganisationKind,
    OutboxNotification,
    Plan,
    Relation,
    RespiteMatch,
    RespiteRequest,
    RespiteRequestChild,
    RespiteRequestEvent,
    Role,
    User,
)
from webapp.models.respite import RequestStatus
from webapp.respite.matches import services
from webapp.respite.workflow import Actor, move_request

R = RequestStatus


@dataclass
class World:
    app: Flask
    db: Session
    meldpunt: Organisation
    sanne: User  # coordinator of the meldpunt
    other_coordinator: User  # of another meldpunt
    petra: User  # the family's regisseur
    ayse: User
    elif_: User
    family: Family
    ria: User  # the Peeters household's account
    kees: User  # another household's account
    peeters: Household
    request: RespiteRequest
    match: RespiteMatch

    def visit(self, user: User) -> Visitor:
        return sign_in(self.app, user)

    def run(self, function, *args, **kwargs):
        return call(self.app, self.db, function, *args, **kwargs)

    def refresh(self) -> None:
        self.db.expire_all()

    def page(self, user: User, path: str = "") -> tuple[int, str]:
        response = self.visit(user).get(f"/steuntje/koppeling/{self.match.id}{path}")
        return response.status_code, response.get_data(as_text=True)

    def accept_both(self) -> None:
        self.run(services.answer, self.ria, self.match.id, yes=True)
        self.run(services.answer, self.ayse, self.match.id, yes=True)
        self.refresh()


def _household(db: Session, meldpunt: Organisation, user: User, name: str, **extra) -> Household:
    household = Household(meldpunt_id=meldpunt.id, kind="steungezin", status="goedgekeurd", user_id=user.id, **extra)
    household.contact_name = name
    household.email = user.email
    db.add(household)
    db.commit()
    return household


@pytest.fixture
def world(app: Flask, db: Session) -> World:
    freeze_time(app, NOW)
    meldpunt = Organisation(
        name="Meldpunt Steuntje in de rug Venlo", kind=OrganisationKind.MELDPUNT, region="Noord-Limburg"
    )
    elsewhere = Organisation(name="Meldpunt Maastricht", kind=OrganisationKind.MELDPUNT, region="Zuid-Limburg")
    db.add(meldpunt)
    db.add(elsewhere)
    db.commit()
    sanne = make_user(db, Role.COORDINATOR, name="Sanne de Vries", totp_secret=pyotp.random_base32())
    sanne.organisation_id, sanne.phone = meldpunt.id, "077 1234567"
    other = make_user(db, Role.COORDINATOR, name="Otto Maas", totp_secret=pyotp.random_base32())
    other.organisation_id = elsewhere.id
    db.add_all([sanne, other])
    db.commit()
    petra = make_regisseur(db, name="Petra Jansen")
    ayse = make_user(db, Role.OUDER, name="Ayşe Yılmaz", email="ayse.yilmaz@example.test", language="nl")  # pages read in Dutch here; e2e reads them in Turkish
    ayse.phone = "06 99998888"
    db.add(ayse)
    elif_ = make_user(db, name="Elif Yılmaz", email=None, birth_date=date(2018, 6, 1))
    family = make_family(db, petra, (ayse, Relation.OUDER), (elif_, Relation.JONGERE), name="Yılmaz")
    ria = make_user(db, Role.STEUNGEZIN, name="Ria Peeters", email="ria.peeters@example.test")
    kees = make_user(db, Role.STEUNGEZIN, name="Kees Jacobs")
    peeters = _household(
        db,
        meldpunt,
        ria,
        "Ria Peeters",
        phone="06 11112222",
        street="Kloosterstraat 12",
        postcode="5911 AB",
        woonplaats="Blerick",
        adults=[{"name": "Ria Peeters", "birth_year": 1975}, {"name": "Henk Peeters", "birth_year": 1973}],
        children=[{"age": 12}],
        languages=["nl", "tr"],
        experience=["autisme"],
        has_pets=True,
        pets_note="Een rustige kat",
    )
    _household(db, meldpunt, kees, "Kees Jacobs", woonplaats="Venlo")
    request = RespiteRequest(
        family_id=family.id,
        meldpunt_id=meldpunt.id,
        created_by_id=ayse.id,
        help_kinds=["weekend_maand"],
        days=["za", "zo"],
        woonplaats="Venlo",
        child_needs="Elif houdt van vaste tijden en puzzels.",
        needs_choices=["autisme"],
        home_languages=["tr", "nl"],
        values_choices=["halal"],
    )
    db.add(request)
    db.flush()
    db.add(RespiteRequestChild(request_id=request.id, user_id=elif_.id))
    with app.test_request_context():
        move_request(db, request, R.NIEUW, Actor.FAMILY, ayse)
        move_request(db, request, R.INTAKE, Actor.COORDINATOR, sanne)
        move_request(db, request, R.ZOEKEN, Actor.COORDINATOR, sanne)
        move_request(db, request, R.VOORGESTELD, Actor.COORDINATOR, sanne)
    match = RespiteMatch(
        request_id=request.id, household_id=peeters.id, proposed_by_id=sanne.id, score=80, reasons=["spreekt Turks"]
    )
    db.add(match)
    db.commit()
    return World(app, db, meldpunt, sanne, other, petra, ayse, elif_, family, ria, kees, peeters, request, match)


def _notified(db: Session, user: User) -> list[OutboxNotification]:
    return list(db.exec(select(OutboxNotification).where(OutboxNotification.user_id == user.id)))


# --- limited profiles before both accept ---------------------------------------------------------------------------


def test_the_household_sees_first_names_ages_and_needs_but_no_surname_address_or_phone(world: World) -> None:
    status, page = world.page(world.ria)
    assert status == 200
    assert "Elif" in page and "8 jaar" in page
    assert "Elif houdt van vaste tijden en puzzels." in page
    assert "Autisme of veel behoefte aan vaste structuur" in page
    assert "Venlo" in page and "Turks" in page
    assert "spreekt Turks" not in page  # the matching reasons are the coordinator's
    assert "Yılmaz" not in page and "Ayşe" not in page
    assert "06 99998888" not in page and "ayse.yilmaz@example.test" not in page


def test_the_family_sees_the_households_first_names_and_area_but_no_surname_address_or_phone(world: World) -> None:
    status, page = world.page(world.ayse)
    assert status == 200
    assert "Ria" in page and "Henk" in page and "12 jaar" in page
    assert "Blerick" in page and "Een rustige kat" in page and "Autisme" in page
    assert "Peeters" not in page
    assert "Kloosterstraat" not in page and "5911 AB" not in page
    assert "06 11112222" not in page and "ria.peeters@example.test" not in page


def test_strangers_another_household_and_another_meldpunts_coordinator_get_404(world: World) -> None:
    stranger = make_user(world.db, Role.OUDER)
    for user in (stranger, world.kees, world.other_coordinator, world.petra):
        for path in ("", "/afspraken"):
            assert world.page(user, path)[0] == 404, (user.name, path)
        response = world.visit(user).post(f"/steuntje/koppeling/{world.match.id}/antwoord", {"answer": "ja"})
        assert response.status_code == 404, user.name
    assert world.visit(world.ria).get("/steuntje/koppeling/999999").status_code == 404


def test_a_coordinators_read_is_in_the_familys_access_log(world: World) -> None:
    status, page = world.page(world.sanne)
    assert status == 200 and "Yılmaz" in page and "spreekt Turks" in page
    events = world.db.exec(select(AuditEvent).where(AuditEvent.family_id == world.family.id)).all()
    assert [(e.actor_id, e.object_type, e.object_id) for e in events] == [
        (world.sanne.id, "steunaanvraag", world.request.id)
    ]


# --- answering -----------------------------------------------------------------------------------------------------


def test_when_both_say_yes_they_see_each_others_contacts_and_the_request_moves_to_kennismaking(world: World) -> None:
    response = world.visit(world.ria).post(f"/steuntje/koppeling/{world.match.id}/antwoord", {"answer": "ja"})
    assert response.status_code == 302
    world.refresh()
    assert world.match.status == MatchStatus.VOORGESTELD and world.match.accepted_at is None
    assert "06 99998888" not in world.page(world.ria)[1]  # one yes is not enough

    response = world.visit(world.ayse).post(f"/steuntje/koppeling/{world.match.id}/antwoord", {"answer": "ja"})
    assert response.status_code == 302
    world.refresh()
    assert world.match.status == MatchStatus.AKKOORD and world.match.accepted_at is not None
    assert world.request.status == R.KENNISMAKING
    step = world.db.exec(
        select(RespiteRequestEvent).where(
            RespiteRequestEvent.request_id == world.request.id, RespiteRequestEvent.to_status == R.KENNISMAKING
        )
    ).one()
    assert step.actor_id is None  # OnsPlan itself took this step

    household_page = world.page(world.ria)[1]
    assert "Ayşe Yılmaz" in household_page and "06 99998888" in household_page
    family_page = world.page(world.ayse)[1]
    assert "Ria Peeters" in family_page and "Kloosterstraat 12" in family_page and "06 11112222" in family_page
    for user in (world.ayse, world.ria):
        assert [n.kind for n in _notified(world.db, user)] == ["steun"]


def test_a_no_sends_the_request_back_to_zoeken_and_only_the_coordinator_reads_why(world: World) -> None:
    response = world.visit(world.ayse).post(
        f"/steuntje/koppeling/{world.match.id}/antwoord",
        {"answer": "nee", "reason": "afstand", "note": "Blerick is te ver met de bus."},
    )
    assert response.status_code == 302
    world.refresh()
    assert world.match.status == MatchStatus.AFGEWEZEN
    assert world.match.family_decline_code == "afstand"
    assert world.request.status == R.ZOEKEN

    coordinator_page = world.page(world.sanne)[1]
    assert "De afstand is te groot" in coordinator_page and "Blerick is te ver met de bus." in coordinator_page
    for user in (world.ria, world.ayse):
        status, page = world.page(user)
        assert status == 200
        assert "De afstand is te groot" not in page and "te ver met de bus" not in page
    assert [n.kind for n in _notified(world.db, world.sanne)] == ["steun"]
    assert len(_notified(world.db, world.ria)) == 1  # told that it is off, not why


def test_a_no_without_a_reason_is_sent_back_with_what_was_typed(world: World) -> None:
    response = world.visit(world.ria).post(
        f"/steuntje/koppeling/{world.match.id}/antwoord", {"answer": "nee", "note": "Wij twijfelen"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Kies waarom u nee zegt" in page and "Wij twijfelen" in page
    world.refresh()
    assert world.match.household_answer is None and world.request.status == R.VOORGESTELD

    response = world.visit(world.ria).post(
        f"/steuntje/koppeling/{world.match.id}/antwoord", {"answer": "nee", "reason": "anders"}
    )
    assert response.status_code == 400
    assert "Schrijf in een paar woorden waarom" in response.get_data(as_text=True)
    assert world.visit(world.ria).post(f"/steuntje/koppeling/{world.match.id}/antwoord", {}).status_code == 400


def test_answering_twice_or_after_the_proposal_was_decided_answers_409(world: World) -> None:
    ria = world.visit(world.ria)
    assert ria.post(f"/steuntje/koppeling/{world.match.id}/antwoord", {"answer": "ja"}).status_code == 302
    assert ria.post(f"/steuntje/koppeling/{world.match.id}/antwoord", {"answer": "ja"}).status_code == 409
    ayse = world.visit(world.ayse)
    assert (
        ayse.post(f"/steuntje/koppeling/{world.match.id}/antwoord", {"answer": "nee", "reason": "dagen"}).status_code
        == 302
    )
    assert ayse.post(f"/steuntje/koppeling/{world.match.id}/antwoord", {"answer": "ja"}).status_code == 409
    world.refresh()
    assert world.match.status == MatchStatus.AFGEWEZEN and world.match.family_answer == "nee"


def test_the_coordinator_withdraws_a_proposal_and_it_is_gone_for_both_sides(world: World) -> None:
    sanne = world.visit(world.sanne)
    assert world.visit(world.ayse).post(f"/steuntje/koppeling/{world.match.id}/intrekken", {}).status_code == 404
    assert (
        world.visit(world.other_coordinator).post(f"/steuntje/koppeling/{world.match.id}/intrekken", {}).status_code
        == 404
    )
    assert (
        sanne.post(f"/steuntje/koppeling/{world.match.id}/intrekken", {"note": "Te snel voorgesteld"}).status_code
        == 302
    )
    world.refresh()
    assert world.match.status == MatchStatus.INGETROKKEN and world.request.status == R.ZOEKEN
    assert sanne.post(f"/steuntje/koppeling/{world.match.id}/intrekken", {}).status_code == 409
    # A withdrawn proposal is no longer shown to either side, so answering it is not possible.
    assert world.page(world.ria)[0] == 404 and world.page(world.ayse)[0] == 404
    assert (
        world.visit(world.ria).post(f"/steuntje/koppeling/{world.match.id}/antwoord", {"answer": "ja"}).status_code
        == 404
    )
    assert world.page(world.sanne)[0] == 200


def test_matches_for_request_shows_the_family_its_proposals_but_not_withdrawn_ones(world: World) -> None:
    found = world.run(services.matches_for_request, world.ayse, world.request.id)
    assert [v.match.id for v in found] == [world.match.id] and found[0].side == services.GEZIN
    with pytest.raises(Exception) as refused:
        world.run(services.matches_for_request, world.ria, world.request.id)
    assert getattr(refused.value, "code", None) == 404
    world.run(services.withdraw, world.sanne, world.match.id)
    assert world.run(services.matches_for_request, world.ayse, world.request.id) == []
    assert [v.match.id for v in world.run(services.matches_for_request, world.sanne, world.request.id)] == [
        world.match.id
    ]


# --- the kennismaking ----------------------------------------------------------------------------------------------


def test_the_coordinator_plans_the_kennismaking_with_both_sides_once_both_said_yes(world: World) -> None:
    sanne = world.visit(world.sanne)
    day = (NOW + timedelta(days=7)).date().isoformat()
    form = {"day": day, "time": "15:30", "place": "Bij het gezin thuis"}
    assert sanne.post(f"/steuntje/koppeling/{world.match.id}/kennismaking", form).status_code == 409
    world.accept_both()
    assert sanne.post(f"/steuntje/koppeling/{world.match.id}/kennismaking", {**form, "place": ""}).status_code == 400
    assert world.visit(world.ayse).post(f"/steuntje/koppeling/{world.match.id}/kennismaking", form).status_code == 404
    assert sanne.post(f"/steuntje/koppeling/{world.match.id}/kennismaking", form).status_code == 302
    appointment = world.db.exec(select(Appointment).where(Appointment.respite_request_id == world.request.id)).one()
    assert appointment.kind == "kennismaking"
    people = set(
        world.db.exec(
            select(AppointmentParticipant.user_id).where(AppointmentParticipant.appointment_id == appointment.id)
        )
    )
    assert people == {world.sanne.id, world.ayse.id, world.ria.id}
    assert "Kennismaking" in world.page(world.ria)[1]


# --- the afsprakenkaart ----------------------------------------------------------------------------------------


def _card_form(**sections: str) -> dict:
    return {code: sections.get(code, "") for code in services.agreements.SECTIONS}


def test_there_is_no_afsprakenkaart_before_both_said_yes(world: World) -> None:
    assert world.page(world.ayse, "/afspraken")[0] == 409
    assert (
        world.visit(world.ayse)
        .post(f"/steuntje/koppeling/{world.match.id}/afspraken/nieuw", _card_form(food="Halal"))
        .status_code
        == 409
    )


def test_a_new_version_needs_both_to_agree_again_and_shows_what_changed(world: World) -> None:
    world.accept_both()
    sanne, ayse, ria = world.visit(world.sanne), world.visit(world.ayse), world.visit(world.ria)
    form_page = sanne.get(f"/steuntje/koppeling/{world.match.id}/afspraken/nieuw").get_data(as_text=True)
    assert "Meldpunt Steuntje in de rug Venlo" in form_page  # the first card starts with what is known
    first = _card_form(days_times="Eén weekend per maand", food="Halal eten, geen varkensvlees", emergency="Bel Ayşe")
    assert sanne.post(f"/steuntje/koppeling/{world.match.id}/afspraken/nieuw", first).status_code == 302
    assert ayse.post(f"/steuntje/koppeling/{world.match.id}/afspraken/1/akkoord").status_code == 302
    assert ria.post(f"/steuntje/koppeling/{world.match.id}/afspraken/1/akkoord").status_code == 302
    assert ria.post(f"/steuntje/koppeling/{world.match.id}/afspraken/1/akkoord").status_code == 409
    card = world.db.exec(select(AgreementCard).where(AgreementCard.version == 1)).one()
    assert card.family_agreed_by_id == world.ayse.id and card.household_agreed_by_id == world.ria.id

    second = {**first, "food": "Halal eten, geen varkensvlees, geen noten"}
    assert ayse.post(f"/steuntje/koppeling/{world.match.id}/afspraken/nieuw", second).status_code == 302
    world.refresh()
    latest = world.db.exec(select(AgreementCard).where(AgreementCard.version == 2)).one()
    assert latest.family_agreed_at is None and latest.household_agreed_at is None
    assert ria.post(f"/steuntje/koppeling/{world.match.id}/afspraken/1/akkoord").status_code == 409
    page = ria.text(f"/steuntje/koppeling/{world.match.id}/afspraken")
    assert "Wat is er veranderd?" in page and "Eten en dieet" in page
    assert "Halal eten, geen varkensvlees, geen noten" in page and "Ja, ik ben akkoord" in page
    assert page.count("Bel Ayşe") == 1  # unchanged sections are not listed as changes
    assert any(n.url.endswith("/afspraken") for n in _notified(world.db, world.ria))
    old = ria.text(f"/steuntje/koppeling/{world.match.id}/afspraken?versie=1")
    assert "oude versie" in old and "geen noten" not in old


def test_a_card_without_changes_or_too_long_is_sent_back(world: World) -> None:
    world.accept_both()
    ayse = world.visit(world.ayse)
    assert ayse.post(f"/steuntje/koppeling/{world.match.id}/afspraken/nieuw", _card_form()).status_code == 400
    first = _card_form(screens="Een uur per dag")
    assert ayse.post(f"/steuntje/koppeling/{world.match.id}/afspraken/nieuw", first).status_code == 302
    again = ayse.post(f"/steuntje/koppeling/{world.match.id}/afspraken/nieuw", first)
    assert again.status_code == 400 and "Er is niets veranderd" in again.get_data(as_text=True)
    long = ayse.post(
        f"/steuntje/koppeling/{world.match.id}/afspraken/nieuw", _card_form(screens="x" * 2001, photos="Geen foto's")
    )
    assert long.status_code == 400 and "Geen foto&#39;s" in long.get_data(as_text=True)


# --- "Toevoegen aan ons plan" ------------------------------------------------------------------------------------


def test_a_carer_asks_and_the_regisseur_adds_the_steungezin_to_the_plan(world: World) -> None:
    ayse = world.visit(world.ayse)
    assert ayse.post(f"/steuntje/koppeling/{world.match.id}/in-ons-plan").status_code == 404  # not yet a match
    world.accept_both()
    assert ayse.post(f"/steuntje/koppeling/{world.match.id}/in-ons-plan").status_code == 302
    assert ayse.post(f"/steuntje/koppeling/{world.match.id}/in-ons-plan").status_code == 409
    assert any(n.url.endswith("/plan") for n in _notified(world.db, world.petra))

    other_regisseur = make_regisseur(world.db)
    assert world.visit(other_regisseur).get(f"/steuntje/koppeling/{world.match.id}/plan").status_code == 404
    assert world.visit(world.ria).get(f"/steuntje/koppeling/{world.match.id}/plan").status_code == 404
    petra = world.visit(world.petra)
    page = petra.text(f"/steuntje/koppeling/{world.match.id}/plan")
    assert "Ria Peeters" in page and "06 11112222" in page
    assert "Elif houdt van" not in page  # only what goes into the plan
    assert petra.post(f"/steuntje/koppeling/{world.match.id}/plan").status_code == 302
    plan = world.db.exec(select(Plan).where(Plan.family_id == world.family.id)).one()
    involved = world.db.exec(select(Involved).where(Involved.plan_id == plan.id)).one()
    assert involved.name == "Ria Peeters" and involved.contact == "06 11112222"
    assert involved.organisation == "Meldpunt Steuntje in de rug Venlo"
    assert petra.post(f"/steuntje/koppeling/{world.match.id}/plan").status_code == 409
    assert "staat bij de betrokkenen" in world.page(world.ayse)[1]


# --- the steungezin's own page -----------------------------------------------------------------------------------


def test_the_steungezin_page_shows_open_proposals_then_the_family_it_helps(world: World) -> None:
    ria = world.visit(world.ria)
    page = ria.text("/steungezin")
    assert "Voorstellen om te beantwoorden" in page and "Elif" in page and "Yılmaz" not in page
    assert "Berichten met de coördinator" in page and 'id="screening"' in page
    world.accept_both()
    page = ria.text("/steungezin")
    assert "Voorstellen om te beantwoorden" not in page
    assert "Gezinnen die u helpt" in page and "Elif" in page and "Afsprakenkaart opschrijven" in page
    world.run(services.write_card, world.sanne, world.match.id, {"food": "Halal"})
    assert "Nieuwe afspraken: lees ze en zeg ja" in ria.text("/steungezin")


def test_the_steungezin_page_is_only_for_volunteers(world: World) -> None:
    assert world.visit(world.ayse).get("/steungezin").status_code == 404
    newcomer = make_user(world.db, Role.STEUNGEZIN)
    page = world.visit(newcomer).text("/steungezin")
    assert "nog niet gekoppeld" in page
