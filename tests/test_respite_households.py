"""Steuntje in de rug, volunteer households: the screening checklist (a pure function, table-tested), the
coordinator's list and file with its steps, notes private to the meldpunt's coordinators, and the volunteer's own
plain-words view with the withdraw button."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from tests.conftest import browser, freeze_time, post_form
from tests.factories import PASSWORD, make_user
from tests.plan_factories import call
from webapp.models import (
    Household,
    HouseholdAdult,
    HouseholdEvent,
    HouseholdReference,
    Organisation,
    Role,
    User,
)
from webapp.respite.households import services
from webapp.respite.households.screening import checklist, counting_references, reference_problem

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


# --- the checklist, table-tested -------------------------------------------------------------------------------


def _household(**fields) -> Household:
    return Household(kind="steungezin", contact_name="Ria Peeters", email="ria@example.test", **fields)


def _adult(name: str = "Ria", requested: date | None = None, received: date | None = None) -> HouseholdAdult:
    return HouseholdAdult(household_id=1, name=name, vog_requested_on=requested, vog_received_on=received)


def _reference(
    id: int,
    context: str = "werk",
    *,
    years: int | None = 5,
    relative: bool = False,
    checked: date | None = date(2026, 11, 1),
    positive: bool | None = True,
) -> HouseholdReference:
    return HouseholdReference(
        id=id,
        household_id=1,
        name=f"Referentie {id}",
        context=context,
        known_years=years,
        is_relative=relative,
        checked_on=checked,
        positive=positive,
    )


DONE_HOUSEHOLD = dict(
    intake_done_on=date(2026, 10, 1), second_intake_on=date(2026, 10, 15), training_done_on=date(2026, 11, 20)
)
ALL_VOGS = [_adult("Ria", date(2026, 10, 2), date(2026, 10, 20)), _adult("Jan", date(2026, 10, 2), date(2026, 10, 22))]
TWO_GOOD = [_reference(1, "werk"), _reference(2, "buurt")]


@pytest.mark.parametrize(
    ("household", "adults", "references", "done", "complete"),
    [
        pytest.param({}, [], [], [], False, id="nothing yet"),
        pytest.param(
            DONE_HOUSEHOLD,
            ALL_VOGS,
            TWO_GOOD,
            ["intake", "intake2", "vog", "reference1", "reference2", "training"],
            True,
            id="all done",
        ),
        pytest.param({"intake_done_on": date(2026, 10, 1)}, [], [], ["intake"], False, id="one talk is not enough"),
        pytest.param(
            DONE_HOUSEHOLD,
            [ALL_VOGS[0], _adult("Jan", date(2026, 10, 2))],
            TWO_GOOD,
            ["intake", "intake2", "reference1", "reference2", "training"],
            False,
            id="a VOG for every adult: one still on its way",
        ),
        pytest.param(
            DONE_HOUSEHOLD,
            [],
            TWO_GOOD,
            ["intake", "intake2", "reference1", "reference2", "training"],
            False,
            id="no adults: no VOG done",
        ),
        pytest.param(
            DONE_HOUSEHOLD,
            ALL_VOGS,
            [_reference(1, "werk"), _reference(2, "buurt", relative=True)],
            ["intake", "intake2", "vog", "reference1", "training"],
            False,
            id="a relative does not count",
        ),
        pytest.param(
            DONE_HOUSEHOLD,
            ALL_VOGS,
            [_reference(1, "werk"), _reference(2, "buurt", years=1)],
            ["intake", "intake2", "vog", "reference1", "training"],
            False,
            id="known less than two years does not count",
        ),
        pytest.param(
            DONE_HOUSEHOLD,
            ALL_VOGS,
            [_reference(1, "werk"), _reference(2, "werk")],
            ["intake", "intake2", "vog", "reference1", "training"],
            False,
            id="two references from the same context count once",
        ),
        pytest.param(
            DONE_HOUSEHOLD,
            ALL_VOGS,
            [_reference(1, "werk"), _reference(2, "buurt", checked=None, positive=None)],
            ["intake", "intake2", "vog", "reference1", "training"],
            False,
            id="a reference not yet called does not count",
        ),
        pytest.param(
            DONE_HOUSEHOLD,
            ALL_VOGS,
            [_reference(1, "werk", positive=False), _reference(2, "buurt"), _reference(3, "vereniging")],
            ["intake", "intake2", "vog", "reference1", "reference2", "training"],
            True,
            id="a bad reference is replaced by a third",
        ),
    ],
)
def test_checklist_items(app: Flask, household, adults, references, done, complete) -> None:
    with app.test_request_context():
        found = checklist(_household(**household), adults, references)
        assert [item.code for item in found.items if item.done] == done
        assert found.complete is complete
        assert found.total == 6
        assert found.done_count == len(done)
        for item in found.items:  # every item says something in plain words, for both readers
            assert str(item.sentence) and str(item.plain)


@pytest.mark.parametrize(
    ("reference", "counts", "reason"),
    [
        (_reference(1), True, None),
        (_reference(1, relative=True), False, "familie"),
        (_reference(1, years=1), False, "korter dan 2 jaar"),
        (_reference(1, years=None), False, "korter dan 2 jaar"),
        (_reference(1, checked=None, positive=None), False, "nog niet gesproken"),
        (_reference(1, positive=False), False, "niet positief"),
    ],
)
def test_reference_rules_explain_why_a_reference_does_not_count(app: Flask, reference, counts, reason) -> None:
    with app.test_request_context():
        problem = reference_problem(reference)
        assert (problem is None) is counts
        if reason:
            assert reason in str(problem)
        assert bool(counting_references([reference])) is counts


def test_checklist_sentences_name_what_is_missing(app: Flask) -> None:
    with app.test_request_context():
        found = checklist(
            _household(intake_done_on=date(2026, 10, 1)),
            [_adult("Ria", date(2026, 11, 12))],
            [_reference(1, "werk"), _reference(2, "werk")],
        )
        assert "Ria: aangevraagd op 2026-11-12" in str(found.item("vog").sentence)
        assert "We hebben de VOG van Ria aangevraagd op 2026-11-12" in str(found.item("vog").plain)
        assert "andere kring dan Werk" in str(found.item("reference2").sentence)
        assert any("dezelfde kring" in str(problem) for problem in found.problems)
        assert [str(part) for part in found.still_needed] == [
            "een tweede gesprek",
            "een VOG van Ria",
            "één referentie",
            "de training",
        ]


# --- a meldpunt with its people --------------------------------------------------------------------------------


@dataclass
class World:
    app: Flask
    db: Session
    meldpunt: Organisation
    sanne: User  # coordinator of the meldpunt
    other_coordinator: User  # coordinator of another meldpunt
    ria: User  # volunteer, household in screening
    kees: User  # another volunteer
    regisseur: User
    household: Household  # Ria's
    other: Household  # Kees's
    adults: list[HouseholdAdult]

    def run(self, function, *args, **kwargs):
        return call(self.app, self.db, function, *args, **kwargs)

    cookies: dict = field(default_factory=dict)

    def client(self, user: User) -> FlaskClient:
        """A logged-in browser (one login per person and test: a second-factor code works once)."""
        if user.id not in self.cookies:
            client = self.app.test_client()
            response = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
            assert response.status_code == 302
            if user.totp_secret:
                code = pyotp.TOTP(user.totp_secret).at(NOW)
                assert post_form(client, "/tweestaps/controle", {"code": code}).status_code == 302
            with client.session_transaction() as session:
                self.cookies[user.id] = dict(session)
        return browser(self.app, self.cookies[user.id])

    def reload(self, household: Household) -> Household:
        self.db.expire_all()
        return self.db.get(Household, household.id)


def _coordinator(db: Session, organisation: Organisation, name: str) -> User:
    user = make_user(db, Role.COORDINATOR, name=name, totp_secret=pyotp.random_base32())
    user.organisation_id = organisation.id
    db.add(user)
    db.commit()
    return user


def _make_household(db: Session, meldpunt: Organisation, user: User | None, **fields) -> Household:
    household = Household(
        meldpunt_id=meldpunt.id,
        kind=fields.pop("kind", "steungezin"),
        user_id=user.id if user else None,
        contact_name=user.name if user else "Iemand",
        email=user.email if user else "iemand@example.test",
        woonplaats="Venlo",
        capacity=2,
        age_min=4,
        age_max=12,
        **fields,
    )
    db.add(household)
    db.commit()
    return household


@pytest.fixture
def world(app: Flask, db: Session) -> World:
    freeze_time(app, NOW)
    meldpunt = Organisation(name="Meldpunt Steuntje in de rug Venlo", kind="meldpunt", region="Noord-Limburg")
    elsewhere = Organisation(name="Meldpunt Zuid", kind="meldpunt", region="Zuid-Limburg")
    db.add_all([meldpunt, elsewhere])
    db.commit()
    ria = make_user(db, Role.STEUNGEZIN, name="Ria Peeters")
    kees = make_user(db, Role.STEUNGEZIN, name="Kees Janssen")
    household = _make_household(db, meldpunt, ria, created_at=datetime(2026, 11, 1, tzinfo=UTC))
    other = _make_household(db, meldpunt, kees)
    adults = [
        HouseholdAdult(household_id=household.id, name="Ria Peeters", birth_year=1975),
        HouseholdAdult(household_id=household.id, name="Jan Peeters", birth_year=1973),
    ]
    db.add_all(adults)
    db.commit()
    return World(
        app,
        db,
        meldpunt,
        _coordinator(db, meldpunt, "Sanne de Vries"),
        _coordinator(db, elsewhere, "Zoë Zuid"),
        ria,
        kees,
        make_user(db, Role.REGISSEUR, name="Petra Jansen", totp_secret=pyotp.random_base32()),
        household,
        other,
        adults,
    )


def _screen_completely(world: World) -> None:
    """Everything of the checklist done for Ria's household, through the services."""
    w, h = world, world.household.id
    w.run(services.record_intake, w.sanne, h, date(2026, 11, 5), date(2026, 11, 19))
    w.run(services.start_screening, w.sanne, h)
    for adult in w.adults:
        w.run(services.record_vog, w.sanne, h, adult.id, date(2026, 11, 6), date(2026, 11, 25))
    w.run(
        services.add_reference,
        w.sanne,
        h,
        name="Anna",
        context="werk",
        known_years=6,
        is_relative=False,
        checked_on=date(2026, 11, 20),
        positive=True,
    )
    w.run(
        services.add_reference,
        w.sanne,
        h,
        name="Bert",
        context="buurt",
        known_years=3,
        is_relative=False,
        checked_on=date(2026, 11, 21),
        positive=True,
    )
    w.run(services.record_training, w.sanne, h, date(2026, 11, 28))


# --- the volunteer's own view ----------------------------------------------------------------------------------


def test_volunteer_sees_her_own_state_in_plain_words(world: World) -> None:
    w = world
    w.run(services.record_vog, w.sanne, w.household.id, w.adults[0].id, date(2026, 11, 12), None)
    page = w.client(w.ria).get("/meldpunt/vrijwilligers/ik")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Je aanmelding is binnen" in text
    assert "We hebben de VOG van Ria Peeters aangevraagd op 12 november 2026" in text
    assert "Nog nodig:" in text and "2 referenties" in text
    assert "0 van 6 klaar" in text


def test_my_screening_is_none_without_a_household_and_the_page_404s(world: World) -> None:
    w = world
    assert w.run(services.my_screening, w.regisseur) is None
    assert w.run(services.my_screening, w.ria).household.id == w.household.id
    assert w.run(services.my_screening, w.kees).household.id == w.other.id
    assert w.client(w.regisseur).get("/meldpunt/vrijwilligers/ik").status_code == 404


def test_volunteer_sees_only_her_own_state(world: World) -> None:
    w = world
    w.run(
        services.record_vog,
        w.sanne,
        w.other.id,
        w.run(services.add_adult, w.sanne, w.other.id, "Kees Janssen", 1980).id,
        date(2026, 11, 3),
        None,
    )
    text = w.client(w.ria).get("/meldpunt/vrijwilligers/ik").get_data(as_text=True)
    assert "Kees" not in text
    assert w.client(w.ria).get(f"/meldpunt/vrijwilligers/{w.other.id}").status_code == 404
    assert (
        w.client(w.ria).get(f"/meldpunt/vrijwilligers/{w.household.id}").status_code == 404
    )  # the file is the coordinators'


def test_volunteer_withdraws_her_own_household(world: World) -> None:
    w = world
    client = w.client(w.ria)
    response = post_form(
        client, "/meldpunt/vrijwilligers/ik/stoppen", {"note": "We verhuizen.", "next": "/meldpunt/vrijwilligers/ik"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/meldpunt/vrijwilligers/ik")
    household = w.reload(w.household)
    assert household.status == "gestopt" and household.decided_at is not None
    event = w.db.exec(select(HouseholdEvent).where(HouseholdEvent.household_id == household.id)).one()
    assert (event.actor_id, event.note) == (w.ria.id, "We verhuizen.")
    assert w.reload(w.other).status == "aangemeld"  # Kees's household is untouched
    assert "Je bent gestopt als steungezin" in client.get("/meldpunt/vrijwilligers/ik").get_data(as_text=True)
    # A second time is a step out of order.
    assert post_form(client, "/meldpunt/vrijwilligers/ik/stoppen", {}).status_code == 409


def test_withdraw_without_a_household_is_404_and_an_outside_next_is_not_followed(world: World) -> None:
    w = world
    assert post_form(w.client(w.regisseur), "/meldpunt/vrijwilligers/ik/stoppen", {}).status_code == 404
    response = post_form(w.client(w.kees), "/meldpunt/vrijwilligers/ik/stoppen", {"next": "//evil.example"})
    assert response.headers["Location"].endswith("/meldpunt/vrijwilligers/ik")
