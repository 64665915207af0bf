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
from tests.plan_factories import call, counted_queries
from webapp.models import (
    Household,
    HouseholdAdult,
    HouseholdEvent,
    HouseholdReference,
    IntakeNote,
    Organisation,
    OutboxNotification,
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


# --- the coordinator's list and file ---------------------------------------------------------------------------


def test_a_households_waiting_days_count_dutch_dates_also_just_after_midnight(world: World) -> None:
    """today() is the date in Amsterdam; a sign-up at 00:30 in Venlo was counted from UTC's date, the day before."""
    w = world
    freeze_time(w.app, datetime(2026, 12, 2, 23, 30, tzinfo=UTC))  # Thursday 3 December, 00:30 in Venlo
    late = _make_household(w.db, w.meldpunt, None, created_at=datetime(2026, 11, 30, 23, 30, tzinfo=UTC))  # 1 Dec
    listing = w.run(services.list_for_coordinator, w.sanne)
    waiting = {row.household.id: row.waiting_days for _statuses, rows in listing.groups for row in rows}
    assert waiting[late.id] == 2


def test_coordinator_lists_her_meldpunts_households_by_status_with_progress(world: World) -> None:
    w = world
    w.run(services.record_intake, w.sanne, w.household.id, date(2026, 11, 5), None)
    w.run(services.start_screening, w.sanne, w.household.id)
    pleegzorg = Organisation(name="Pleegzorg Limburg", kind="pleegzorg")
    w.db.add(pleegzorg)
    w.db.commit()
    _make_household(w.db, w.meldpunt, None, kind="pleeggezin", status="doorgestuurd", routed_to_id=pleegzorg.id)
    with counted_queries(w.app) as statements:
        listing = w.run(services.list_for_coordinator, w.sanne)
    assert len([s for s in statements if "respite_" in s]) == 3  # households, adults, references: not per row
    assert [[row.household.id for row in rows] for _statuses, rows in listing.groups] == [
        [w.other.id],
        [w.household.id],
        [],
        [],
    ]
    assert listing.groups[1][1][0].waiting_days == 30
    text = w.client(w.sanne).get("/meldpunt/vrijwilligers/").get_data(as_text=True)
    assert "Ria Peeters" in text and "1 van 6 klaar" in text and "30 dagen aangemeld" in text
    assert "doorgestuurd naar Pleegzorg Limburg" in text


def test_another_meldpunts_coordinator_and_other_people_get_404(world: World) -> None:
    w = world
    zoe = w.client(w.other_coordinator)
    assert "Ria Peeters" not in zoe.get("/meldpunt/vrijwilligers/").get_data(as_text=True)
    assert zoe.get(f"/meldpunt/vrijwilligers/{w.household.id}").status_code == 404
    assert post_form(zoe, f"/meldpunt/vrijwilligers/{w.household.id}/notities", {"text": "x"}).status_code == 404
    assert post_form(zoe, f"/meldpunt/vrijwilligers/{w.household.id}/screening", {}).status_code == 404
    assert w.client(w.regisseur).get("/meldpunt/vrijwilligers/").status_code == 404
    assert w.client(w.ria).get("/meldpunt/vrijwilligers/").status_code == 404
    assert w.client(w.sanne).get("/meldpunt/vrijwilligers/999999").status_code == 404


def test_the_file_shows_the_signup_with_labels(world: World) -> None:
    w = world
    w.household.days = ["za", "zo"]
    w.household.languages = ["nl", "tr"]
    w.household.experience = ["autisme"]
    w.household.motivation = "Wij hebben tijd en een grote tuin."
    w.db.add(w.household)
    w.db.commit()
    page = w.client(w.sanne).get(f"/meldpunt/vrijwilligers/{w.household.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for expected in ("zaterdag, zondag", "Nederlands, Turks", "Autisme", "grote tuin", "Jan Peeters", "0 van 6 klaar"):
        assert expected in text
    assert "OnsPlan bewaart de VOG zelf nooit" in text


# --- steps ----------------------------------------------------------------------------------------------------


def test_screening_starts_only_after_the_first_talk(world: World) -> None:
    w = world
    sanne = w.client(w.sanne)
    path = f"/meldpunt/vrijwilligers/{w.household.id}"
    refused = post_form(sanne, f"{path}/screening", {})
    assert refused.status_code == 409 and "eerste gesprek" in refused.get_data(as_text=True)
    assert post_form(sanne, f"{path}/gesprekken", {"intake_done_on": "2026-11-05"}).status_code == 302
    assert post_form(sanne, f"{path}/screening", {}).status_code == 302
    assert w.reload(w.household).status == "screening"
    assert post_form(sanne, f"{path}/screening", {}).status_code == 409  # twice is out of order


def test_approval_is_refused_while_the_checklist_is_incomplete(world: World) -> None:
    w = world
    w.run(services.record_intake, w.sanne, w.household.id, date(2026, 11, 5), date(2026, 11, 19))
    w.run(services.start_screening, w.sanne, w.household.id)
    path = f"/meldpunt/vrijwilligers/{w.household.id}/goedkeuren"
    refused = post_form(w.client(w.sanne), path, {"age_min": "4", "age_max": "12", "children": "2"})
    assert refused.status_code == 409
    assert "Nog niet klaar: VOG van elke volwassene, Referentie 1, Referentie 2, Training" in refused.get_data(
        as_text=True
    )
    assert w.reload(w.household).status == "screening"
    with pytest.raises(services.ScreeningIncomplete):
        w.run(services.approve, w.sanne, w.household.id, age_min=4, age_max=12, children=2)


def test_approval_with_a_complete_checklist_sets_the_terms_and_tells_the_volunteer(world: World) -> None:
    w = world
    _screen_completely(w)
    path = f"/meldpunt/vrijwilligers/{w.household.id}/goedkeuren"
    sanne = w.client(w.sanne)
    bad = post_form(sanne, path, {"age_min": "12", "age_max": "6", "children": "2"})
    assert bad.status_code == 400 and "Draai ze om" in bad.get_data(as_text=True)
    assert post_form(sanne, path, {"age_min": "6", "age_max": "12", "children": "2"}).status_code == 302
    household = w.reload(w.household)
    assert (household.status, household.approved_on) == ("goedgekeurd", NOW.date())
    assert (household.approved_age_min, household.approved_age_max, household.approved_children) == (6, 12, 2)
    pushes = w.db.exec(select(OutboxNotification).where(OutboxNotification.user_id == w.ria.id)).all()
    assert [(p.kind, p.url) for p in pushes] == [("steun", "/meldpunt/vrijwilligers/ik")]
    text = w.client(w.ria).get("/meldpunt/vrijwilligers/ik").get_data(as_text=True)
    assert "Je bent goedgekeurd sinds 1 december 2026" in text and "van 6 tot en met 12 jaar" in text
    assert post_form(sanne, path, {"age_min": "6", "age_max": "12", "children": "2"}).status_code == 409


def test_decline_needs_a_note_and_is_out_of_order_after_approval(world: World) -> None:
    w = world
    sanne = w.client(w.sanne)
    path = f"/meldpunt/vrijwilligers/{w.other.id}/afwijzen"
    assert post_form(sanne, path, {"note": ""}).status_code == 400
    assert post_form(sanne, path, {"note": "Past niet bij wat we zoeken."}).status_code == 302
    assert w.reload(w.other).status == "afgewezen" and w.reload(w.other).decided_at is not None
    assert post_form(sanne, path, {"note": "Nog eens."}).status_code == 409
    # A decided file is closed for screening changes.
    assert (
        post_form(
            sanne, f"/meldpunt/vrijwilligers/{w.other.id}/training", {"training_done_on": "2026-11-01"}
        ).status_code
        == 409
    )
    _screen_completely(w)
    w.run(services.approve, w.sanne, w.household.id, age_min=4, age_max=12, children=1)
    assert post_form(sanne, f"/meldpunt/vrijwilligers/{w.household.id}/afwijzen", {"note": "x"}).status_code == 409
    assert post_form(sanne, f"/meldpunt/vrijwilligers/{w.household.id}/stoppen", {"note": ""}).status_code == 302
    assert w.reload(w.household).status == "gestopt"


# --- screening details: validation ----------------------------------------------------------------------------


REFERENCE = {"name": "Anna de Boer", "context": "werk", "known_years": "5", "checked_on": "", "positive": ""}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"is_relative": "y"}, "Familie kan geen referentie zijn"),
        ({"known_years": "1"}, "minstens twee jaar"),
        ({"known_years": "veel"}, "Vul een heel getal in"),
        ({"context": ""}, "Kies waarvan deze persoon het gezin kent"),
        ({"name": ""}, "Vul de naam in"),
        ({"checked_on": "2027-01-01", "positive": "ja"}, "in de toekomst"),
        ({"checked_on": "gisteren"}, "Deze datum klopt niet"),
    ],
)
def test_a_reference_that_breaks_a_rule_is_refused_with_the_reason_and_the_input_kept(
    world: World, changes, message
) -> None:
    w = world
    response = post_form(
        w.client(w.sanne), f"/meldpunt/vrijwilligers/{w.household.id}/referenties", {**REFERENCE, **changes}
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and message in text
    if changes.get("name") != "":
        assert 'value="Anna de Boer"' in text
    assert w.db.exec(select(HouseholdReference)).all() == []


def test_two_references_must_come_from_two_contexts(world: World) -> None:
    w = world
    sanne = w.client(w.sanne)
    path = f"/meldpunt/vrijwilligers/{w.household.id}/referenties"
    assert post_form(sanne, path, REFERENCE).status_code == 302
    same = post_form(sanne, path, {**REFERENCE, "name": "Bert"})
    assert same.status_code == 400 and "verschillende kringen" in same.get_data(as_text=True)
    assert post_form(sanne, path, {**REFERENCE, "name": "Bert", "context": "buurt"}).status_code == 302
    references = w.db.exec(select(HouseholdReference).order_by(HouseholdReference.id)).all()
    assert [(r.name, r.context) for r in references] == [("Anna de Boer", "werk"), ("Bert", "buurt")]
    # Neither is called yet: they do not count.
    assert w.run(services.get_file, w.sanne, w.household.id).checklist.done_count == 0
    check = post_form(sanne, f"{path}/{references[0].id}", {f"ref{references[0].id}-checked_on": "2026-11-20"})
    assert check.status_code == 400 and "Kies of het gesprek goed was" in check.get_data(as_text=True)
    for reference in references:
        data = {f"ref{reference.id}-checked_on": "2026-11-20", f"ref{reference.id}-positive": "ja"}
        assert post_form(sanne, f"{path}/{reference.id}", data).status_code == 302
    found = w.run(services.get_file, w.sanne, w.household.id).checklist
    assert found.item("reference1").done and found.item("reference2").done


def test_vog_dates_per_adult_and_an_adult_added_later_needs_one_too(world: World) -> None:
    w = world
    sanne = w.client(w.sanne)
    base = f"/meldpunt/vrijwilligers/{w.household.id}"
    for adult in w.adults:
        prefix = f"vog{adult.id}"
        data = {f"{prefix}-vog_requested_on": "2026-11-06", f"{prefix}-vog_received_on": "2026-11-25"}
        assert post_form(sanne, f"{base}/volwassenen/{adult.id}/vog", data).status_code == 302
    assert w.run(services.get_file, w.sanne, w.household.id).checklist.item("vog").done
    wrong_order = {
        f"vog{w.adults[0].id}-vog_requested_on": "2026-11-26",
        f"vog{w.adults[0].id}-vog_received_on": "2026-11-25",
    }
    assert post_form(sanne, f"{base}/volwassenen/{w.adults[0].id}/vog", wrong_order).status_code == 400
    assert post_form(sanne, f"{base}/volwassenen", {"name": "Tom Peeters", "birth_year": "2008"}).status_code == 302
    assert not w.run(services.get_file, w.sanne, w.household.id).checklist.item("vog").done
    # Another household's adult cannot be reached through this file.
    kees_adult = w.run(services.add_adult, w.sanne, w.other.id, "Kees Janssen", 1980)
    data = {f"vog{kees_adult.id}-vog_requested_on": "2026-11-06"}
    assert post_form(sanne, f"{base}/volwassenen/{kees_adult.id}/vog", data).status_code == 404


# --- notes ----------------------------------------------------------------------------------------------------


def test_notes_are_read_only_by_the_meldpunts_coordinators(world: World) -> None:
    w = world
    path = f"/meldpunt/vrijwilligers/{w.household.id}"
    assert post_form(w.client(w.sanne), f"{path}/notities", {"text": "Warm gezin, veel ruimte."}).status_code == 302
    assert post_form(w.client(w.sanne), f"{path}/notities", {"text": "  "}).status_code == 400
    note = w.db.exec(select(IntakeNote)).one()
    assert (note.household_id, note.author_id, note.request_id) == (w.household.id, w.sanne.id, None)
    assert "Warm gezin" in w.client(w.sanne).get(path).get_data(as_text=True)
    assert "Warm gezin" not in w.client(w.ria).get("/meldpunt/vrijwilligers/ik").get_data(as_text=True)
    assert w.client(w.other_coordinator).get(path).status_code == 404


# --- for matching ---------------------------------------------------------------------------------------------


def test_approved_or_screening_gives_the_households_matching_may_consider(world: World) -> None:
    w = world
    _screen_completely(w)
    w.run(services.approve, w.sanne, w.household.id, age_min=4, age_max=12, children=1)
    in_screening = _make_household(w.db, w.meldpunt, None, status="screening")
    _make_household(w.db, w.meldpunt, None, kind="pleeggezin", status="screening")
    elsewhere = w.db.exec(select(Organisation).where(Organisation.name == "Meldpunt Zuid")).one()
    _make_household(w.db, elsewhere, None, status="goedgekeurd")
    found = w.run(services.approved_or_screening, w.meldpunt.id)
    assert [(c.household.id, c.in_screening) for c in found] == [(w.household.id, False), (in_screening.id, True)]


def test_the_coordinator_messages_the_volunteer_from_the_file(world: World) -> None:
    w = world
    opened = w.client(w.sanne).get(f"/meldpunt/vrijwilligers/{w.household.id}/bericht")
    assert opened.status_code == 302 and "/berichten/" in opened.headers["Location"]
    assert w.client(w.other_coordinator).get(f"/meldpunt/vrijwilligers/{w.household.id}/bericht").status_code == 404
    without_account = _make_household(w.db, w.meldpunt, None)
    assert w.client(w.sanne).get(f"/meldpunt/vrijwilligers/{without_account.id}/bericht").status_code == 404
