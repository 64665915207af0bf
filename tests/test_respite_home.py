"""Steuntje in de rug on the home page: with the demo story, every respite role lands on real work, and the home
page pays one statement for it whatever the data size."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.plan_factories import counted_queries, page_text, sign_in
from tests.query_plans import growing_steps
from webapp.demo.story import seed
from webapp.models import User


@pytest.fixture
def demo(app, db) -> dict[str, User]:
    with app.test_request_context():
        seed(db)
        db.commit()
    return {u.email.split("@")[0]: u for u in db.exec(select(User)).all() if u.email}


def _home(app, user: User) -> str:
    return page_text(sign_in(app, user).text("/home"))


def test_the_coordinator_sees_requests_sign_ups_and_screening_waiting(app, demo) -> None:
    text = _home(app, demo["coordinator"])
    assert "Meldpunt Steuntje in de rug" in text
    assert "1 aanvraag zoekt een steungezin" in text  # Elif's
    assert "1 aanmelding wacht op een intake" in text  # Vermeulen
    assert "1 vrijwilliger in screening" in text  # Janssen
    assert "Welkom bij OnsPlan" not in text


def test_the_steungezin_sees_her_check_in_due(app, demo) -> None:
    text = _home(app, demo["peeters"])
    assert "Naar mijn steungezin-pagina" in text
    assert "1 vragenlijst" in text  # the Smits family's week-4 check-in
    assert "Welkom bij OnsPlan" not in text


def test_a_parent_with_a_running_request_sees_it_and_one_with_a_check_in_due_is_asked(app, demo) -> None:
    ayse = sign_in(app, demo["ayse"]).text("/home")  # her OnsPlan is in Turkish: look at the card's link
    assert 'id="respite-title"' in ayse and 'href="/steuntje"' in ayse
    assert "Hoe gaat het met het steungezin?" in _home(app, demo["smits"])


def test_a_foster_parent_without_a_request_is_offered_respite_and_a_youth_sees_nothing_of_it(app, demo) -> None:
    assert "Even rust nodig?" in _home(app, demo["hendriks"])
    assert "Steuntje in de rug" not in _home(app, demo["emre"])
    assert "Steuntje in de rug" not in _home(app, demo["samira"])


def test_the_regisseur_and_the_moderator_see_no_respite_card(app, demo) -> None:
    assert "Steuntje in de rug" not in _home(app, demo["petra"])


@pytest.mark.parametrize("who", ["coordinator", "peeters", "ayse"])
def test_the_respite_card_costs_one_statement(app, demo, who) -> None:
    visitor = sign_in(app, demo[who])
    with counted_queries(app) as statements:
        visitor.text("/home")
    respite = [s for s in statements if "respite_" in s and "conversation" not in s]  # the badge is its own
    assert len(respite) == 1, respite


def test_the_request_pages_lead_to_the_match_its_agreements_and_the_trial(app, demo, db) -> None:
    from webapp.models import RespiteMatch

    match = db.exec(select(RespiteMatch)).one()
    for who, path in (
        ("smits", f"/steuntje/{match.request_id}"),
        ("coordinator", f"/meldpunt/aanvraag/{match.request_id}"),
    ):
        html = sign_in(app, demo[who]).text(path)
        assert f"/steuntje/koppeling/{match.id}" in html
        assert f"/steuntje/koppeling/{match.id}/afspraken" in html
        assert f"/steuntje/verloop/{match.id}" in html


def test_the_respite_card_reads_its_own_rows_not_every_row_of_a_status(app, db, demo) -> None:
    """A meldpunt's requests and households, a household's matches: found by their owner and status together.
    With an index per column SQLite read every request, household or match of the status in the database."""
    from webapp.clock import today
    from webapp.respite import services as respite

    assert not growing_steps(db, respite._COORDINATOR, {"meldpunt": demo["coordinator"].organisation_id})
    for who in ("peeters", "coordinator"):
        params = {"me": demo[who].id, "today": today()}
        assert not growing_steps(db, respite._STEUNGEZIN, params), who
        assert not growing_steps(db, respite._FAMILY, params), who
