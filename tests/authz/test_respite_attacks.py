"""Steuntje in de rug: named multi-step attacks on side B, beside the matrix (issue 10, "access rules").

The world (tests/authz/respite_world.py): each side has its own meldpunt and coordinator, an approved household (the
side's steungezin), a second household in screening with an account of its own, and the family's requests: one in
zoeken (not shared with the regisseur) and one matched (afsprakenkaart, trial, week-2 check-ins with notes). Each test
takes the steps a real person would (pages and forms, as in a browser) and checks the answer, the page text, and that
nothing changed in the database. Every refusal is paired with a control: the same step by the rightful person works.
"""

from __future__ import annotations

from sqlmodel import func, select

from tests.authz.routes import NEVER_ISSUED
from tests.authz.world import NAMES, Actor, World
from webapp.models import (
    CheckIn,
    HouseholdReference,
    IntakeNote,
    RespiteMatch,
    RespiteRequest,
    RespiteRequestEvent,
    User,
)
from webapp.models import Household as VolunteerHousehold
from webapp.respite.signup import services as signup

PASSWORD = "Zwaluw-staart-2027-lang!"


def _actor(world: World, who: str) -> Actor:
    return world.actors.get(who) or world.insiders[who]


def _get(world: World, who: str, path: str):
    return _actor(world, who).client(world.app).get(path)


def _post(world: World, who: str, path: str, data: dict | None = None, *, client=None):
    actor = _actor(world, who)
    client = client or actor.client(world.app)
    body = {**(data or {}), "csrf_token": actor.csrf}
    return client.post(path, data=body, headers={"X-CSRFToken": actor.csrf})


def _text(response) -> str:
    return response.get_data(as_text=True)


def _fresh(world: World, model, object_id: int):
    world.db.expire_all()
    return world.db.get(model, object_id)


def _propose(world: World) -> int:
    """Coordinator B proposes B's approved household for B's request in zoeken, on her page: the new proposal."""
    b = world.b
    request_id, household_id = b.ids["respite_searching"], b.ids["households"][0]
    response = _post(world, "coordinator_b", f"/meldpunt/koppelen/{request_id}/voorstellen/{household_id}")
    assert response.status_code == 302, _text(response)[:2000]
    world.db.expire_all()
    return world.db.exec(
        select(RespiteMatch.id).where(RespiteMatch.request_id == request_id, RespiteMatch.status == "voorgesteld")
    ).one()


def _count(world: World, model, *where) -> int:
    world.db.expire_all()
    return world.db.exec(select(func.count()).select_from(model).where(*where)).one()


# --- a household sees no name, address or phone of the family before both said yes -------------------------------


def test_a_proposed_household_sees_first_names_and_needs_but_no_family_name_address_or_phone(
    rolled_back: World,
) -> None:
    world, b = rolled_back, rolled_back.b
    match_id = _propose(world)
    parent = b.people["parent"]
    response = _get(world, "steungezin_b", f"/steuntje/koppeling/{match_id}")
    assert response.status_code == 200
    page = _text(response)
    assert b.people["child"].first_name in page  # the limited profile: first name, needs, days, area
    assert "Zorgwens Zwaluwstaart zoeken: vaste tijden en een stille kamer" in page
    hidden = [b.family.name, parent.name, parent.phone, parent.email, NAMES["B"]["regisseur"]]
    hidden += [b.people[k].first_name for k in ("parent", "foster", "youth_14", "youth_17_sharing")]
    assert not [text for text in hidden if text in page]
    assert "Intake Zwanenburg" not in page  # the coordinator's intake note is hers alone
    # and the other way round: the family sees the household's first names, not its surname, street or phone
    page = _text(_get(world, "parent", f"/steuntje/koppeling/{match_id}"))
    household = b.people["steungezin"]
    assert household.first_name in page
    assert not [text for text in ("Biesterveld", "Biesterlaan 17", "06 2222 0002", household.email) if text in page]
    # The control: once both said yes, each sees the other's name and phone.
    assert _post(world, "steungezin_b", f"/steuntje/koppeling/{match_id}/antwoord", {"answer": "ja"}).status_code == 302
    assert _post(world, "parent", f"/steuntje/koppeling/{match_id}/antwoord", {"answer": "ja"}).status_code == 302
    page = _text(_get(world, "steungezin_b", f"/steuntje/koppeling/{match_id}"))
    assert parent.name in page and parent.phone in page


# --- a coordinator of another meldpunt ------------------------------------------------------------------------------


def test_a_coordinator_of_another_meldpunt_opens_steps_notes_shortlists_and_proposes_nothing_of_side_b(
    rolled_back: World,
) -> None:
    world, a, b = rolled_back, rolled_back.a, rolled_back.b
    request_id = b.ids["respite_searching"]
    b_household, a_household = b.ids["households"][0], a.ids["households"][0]
    before = (
        _count(world, RespiteRequestEvent, RespiteRequestEvent.request_id == request_id),
        _count(world, IntakeNote),
        _count(world, RespiteMatch),
    )
    for path in (
        f"/meldpunt/aanvraag/{request_id}",
        f"/meldpunt/aanvraag/{request_id}/bericht",
        f"/meldpunt/koppelen/{request_id}",
        f"/steuntje/{request_id}",
        f"/steuntje/koppeling/{b.ids['match']}",
        f"/steuntje/verloop/{b.ids['match']}",
        f"/meldpunt/vrijwilligers/{b_household}",
        f"/meldpunt/vrijwilligers/{b_household}/bericht",
    ):
        response = _get(world, "coordinator", path)
        assert response.status_code == 404, path
        assert not b.leaked(_text(response)), path
    writes = {
        f"/meldpunt/aanvraag/{request_id}/stap": {"naar": "gestopt", "reason": "gezin_stopt"},
        f"/meldpunt/aanvraag/{request_id}/notitie": {"text": "Notitie van een vreemde"},
        f"/meldpunt/aanvraag/{request_id}/afspraak": {
            "kind": "intake",
            "day": "2027-03-20",
            "start": "10:00",
            "duration": "60",
            "place": "Ergens",
        },
        # B's request with B's household, with her own household, and her own request with B's household
        f"/meldpunt/koppelen/{request_id}/voorstellen/{b_household}": {},
        f"/meldpunt/koppelen/{request_id}/voorstellen/{a_household}": {},
        f"/meldpunt/koppelen/{a.ids['respite_searching']}/voorstellen/{b_household}": {},
        f"/meldpunt/vrijwilligers/{b_household}/notities": {"text": "Notitie van een vreemde"},
        f"/steuntje/koppeling/{b.ids['match']}/afspraken/nieuw": {"days_times": "Elke dag"},
        f"/steuntje/verloop/{b.ids['match']}/afsluiten": {"reason": "doel_bereikt"},
    }
    for path, data in writes.items():
        response = _post(world, "coordinator", path, data)
        assert response.status_code == 404, (path, response.status_code)
        assert not b.leaked(_text(response)), path
    after = (
        _count(world, RespiteRequestEvent, RespiteRequestEvent.request_id == request_id),
        _count(world, IntakeNote),
        _count(world, RespiteMatch),
    )
    assert after == before
    assert _fresh(world, RespiteRequest, request_id).status == "zoeken"
    # The control: the same pages open for B's own coordinator, and A's coordinator opens A's request.
    assert _get(world, "coordinator_b", f"/meldpunt/aanvraag/{request_id}").status_code == 200
    assert _get(world, "coordinator_b", f"/meldpunt/koppelen/{request_id}").status_code == 200
    assert _get(world, "coordinator", f"/meldpunt/aanvraag/{a.ids['respite_searching']}").status_code == 200


def test_a_coordinator_cannot_reach_side_b_screening_through_her_own_household(rolled_back: World) -> None:
    """Her own household in the URL, B's reference or adult behind it: the object must belong to the household."""
    world, a, b = rolled_back, rolled_back.a, rolled_back.b
    own = a.ids["households"][1]
    reference_id, adult_id = b.ids["references"][0], b.ids["adults"][0]
    for path, data in {
        f"/meldpunt/vrijwilligers/{own}/referenties/{reference_id}": {"checked_on": "", "positive": ""},
        f"/meldpunt/vrijwilligers/{own}/referenties/{reference_id}/weg": {},
        f"/meldpunt/vrijwilligers/{own}/volwassenen/{adult_id}/vog": {"vog_requested_on": "2027-02-01"},
    }.items():
        assert _post(world, "coordinator", path, data).status_code == 404, path
    reference = _fresh(world, HouseholdReference, reference_id)
    assert reference is not None and reference.checked_on is not None and reference.positive is True


# --- a household whose proposal was withdrawn ------------------------------------------------------------------------


def test_a_household_whose_proposal_was_withdrawn_no_longer_reaches_it(rolled_back: World) -> None:
    world = rolled_back
    match_id = _propose(world)
    path = f"/steuntje/koppeling/{match_id}"
    assert _get(world, "steungezin_b", path).status_code == 200
    assert _post(world, "coordinator_b", f"{path}/intrekken", {"note": "Past toch niet"}).status_code == 302
    for page in (path, f"{path}/afspraken"):
        response = _get(world, "steungezin_b", page)
        assert response.status_code == 404, page
        assert "Zorgwens Zwaluwstaart zoeken" not in _text(response), page
    assert _post(world, "steungezin_b", f"{path}/antwoord", {"answer": "ja"}).status_code == 404
    assert _fresh(world, RespiteMatch, match_id).household_answer is None
    assert path not in _text(_get(world, "steungezin_b", "/steungezin"))


# --- the regisseur, and the family's children -----------------------------------------------------------------------


def test_the_regisseur_reads_the_request_only_after_the_family_shares_it(rolled_back: World) -> None:
    world, b = rolled_back, rolled_back.b
    path = f"/steuntje/{b.ids['respite_searching']}"
    response = _get(world, "regisseur_b", path)
    assert response.status_code == 404
    assert "Zorgwens Zwaluwstaart zoeken" not in _text(response)
    assert _post(world, "parent", f"{path}/delen", {"share": "ja"}).status_code == 302
    response = _get(world, "regisseur_b", path)
    assert response.status_code == 200
    assert "Intake Zwanenburg" not in _text(response)  # the intake note stays the meldpunt's
    assert _post(world, "regisseur_b", f"{path}/delen", {"share": "ja"}).status_code == 404  # the family's choice
    assert _post(world, "parent", f"{path}/delen", {"share": "nee"}).status_code == 302
    assert _get(world, "regisseur_b", path).status_code == 404


def test_a_youth_of_the_family_reads_nothing_of_the_familys_request(rolled_back: World) -> None:
    world, b = rolled_back, rolled_back.b
    match_id = b.ids["match"]
    paths = [f"/steuntje/{b.ids[k]}" for k in ("respite_draft", "respite_searching", "respite_matched")]
    paths += [
        f"/steuntje/koppeling/{match_id}",
        f"/steuntje/koppeling/{match_id}/afspraken",
        f"/steuntje/verloop/{match_id}",
        f"/steuntje/verloop/checkin/{b.ids['checkin_family']}",
    ]
    for path in paths:
        response = _get(world, "youth_17_sharing", path)
        assert response.status_code == 404, path
        assert "Zwaluwstaart" not in _text(response), path
    assert _get(world, "youth_17_sharing", "/steuntje").status_code == 404
    response = _post(world, "youth_17_sharing", f"/steuntje/koppeling/{match_id}/in-ons-plan")
    assert response.status_code == 404
    assert _get(world, "parent", paths[1]).status_code == 200  # the control: her mother reads it


# --- answering a proposal that is not one's own -----------------------------------------------------------------------


def test_a_second_household_cannot_answer_a_proposal_made_to_another(rolled_back: World) -> None:
    world = rolled_back
    match_id = _propose(world)
    path = f"/steuntje/koppeling/{match_id}/antwoord"
    for who in ("second_household_b", "steungezin", "second_household_a"):
        response = _post(world, who, path, {"answer": "ja"})
        assert response.status_code == 404, who
        response = _post(world, who, path, {"answer": "nee", "reason": "klik"})
        assert response.status_code == 404, who
    match = _fresh(world, RespiteMatch, match_id)
    assert (match.status, match.household_answer, match.family_answer) == ("voorgesteld", None, None)
    assert _post(world, "steungezin_b", path, {"answer": "ja"}).status_code == 302  # the control: its own answer
    assert _fresh(world, RespiteMatch, match_id).household_answer == "ja"


# --- check-in notes -------------------------------------------------------------------------------------------------


def test_a_steungezin_reads_no_other_households_check_in_and_no_side_reads_the_others_note(
    rolled_back: World,
) -> None:
    world, b = rolled_back, rolled_back.b
    household_note = "Checkin Bouwina Biesterveld: het zwemmen ging goed"
    family_note = "Checkin Zwanenburg: ze komt blij thuis"
    household_checkin, family_checkin = b.ids["checkin_household"], b.ids["checkin_family"]
    for who in ("steungezin", "second_household_b", "second_household_a"):
        for checkin_id in (household_checkin, family_checkin):
            response = _get(world, who, f"/steuntje/verloop/checkin/{checkin_id}")
            assert response.status_code == 404, (who, checkin_id)
            assert household_note not in _text(response) and family_note not in _text(response)
        page = _text(_get(world, who, "/steungezin"))
        assert household_note not in page and family_note not in page
    # The two sides of the match itself: each reads its own note, never the other's (not on the follow-up page either).
    for who, own, own_id, other, other_id in (
        ("steungezin_b", household_note, household_checkin, family_note, family_checkin),
        ("parent", family_note, family_checkin, household_note, household_checkin),
    ):
        assert own in _text(_get(world, who, f"/steuntje/verloop/checkin/{own_id}"))
        assert other not in _text(_get(world, who, f"/steuntje/verloop/checkin/{other_id}"))
        assert other not in _text(_get(world, who, f"/steuntje/verloop/{b.ids['match']}"))
    # A second answer from another household changes nothing.
    before = _fresh(world, CheckIn, household_checkin).note
    response = _post(world, "steungezin", f"/steuntje/verloop/checkin/{household_checkin}", {"face": "1", "note": "x"})
    assert response.status_code == 404
    assert _fresh(world, CheckIn, household_checkin).note == before


# --- the aanmeldpunt's account link ---------------------------------------------------------------------------------


def test_an_old_account_link_works_never_again(rolled_back: World) -> None:
    world, b = rolled_back, rolled_back.b
    users = _count(world, User)
    approved = b.ids["households"][0]
    for token in (b.tokens["aanmeld_used"], b.tokens["aanmeld_replaced"], NEVER_ISSUED):
        page = _get(world, "anonymous", f"/aanmelden/account/{token}")
        assert page.status_code == 410, token
        assert not b.leaked(_text(page))
        response = _post(world, "anonymous", f"/aanmelden/account/{token}", {"password": PASSWORD, "confirm": PASSWORD})
        assert response.status_code == 410
        assert _post(world, "steungezin", f"/aanmelden/account/{token}/koppelen").status_code == 410
    assert _count(world, User) == users
    assert _fresh(world, VolunteerHousehold, approved).user_id == b.people["steungezin"].id


def test_a_new_account_link_used_twice_makes_one_account(rolled_back: World) -> None:
    world, b = rolled_back, rolled_back.b
    data = signup.SignupData(
        kind="steunouder",
        contact_name="Bolle Brinkman",
        email="bolle.brinkman@zwanenburg.test",
        gemeente_id=b.ids["gemeente"],
        adults=[signup.Adult("Bolle Brinkman", 1960)],
        phone="06 2222 0003",
        street="Brinkweg 1",
        postcode="5911 AC",
        woonplaats="Venlo",
    )
    household = world.run(signup.create_household, data)
    token = world.run(signup.issue_account_link, household).rsplit("/", 1)[1]
    path = f"/aanmelden/account/{token}"
    first = _post(world, "anonymous", path, {"password": PASSWORD, "confirm": PASSWORD, "language": "nl"})
    assert first.status_code == 302, _text(first)[:2000]
    owner = _fresh(world, VolunteerHousehold, household.id).user_id
    assert owner is not None
    again = _post(world, "anonymous", path, {"password": PASSWORD + "x", "confirm": PASSWORD + "x", "language": "nl"})
    assert again.status_code == 410
    assert _post(world, "steungezin", f"{path}/koppelen").status_code == 410
    assert _count(world, User, User.email == data.email) == 1
    assert _fresh(world, VolunteerHousehold, household.id).user_id == owner
