"""'Wat mogen je ouders zien?': a youth of 16+ is asked first, chooses in general and per goal; younger ones aren't.

Sara was born on 2009-06-01 (17 on the world's day); Noah is 14.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import select

from tests.conftest import freeze_time
from tests.plan_factories import GOAL_TITLES, PlanWorld, Visitor, born, build_world, checked, page_text, sign_in
from webapp.models import GoalSharing, SharingChoice

T = GOAL_TITLES


@pytest.fixture
def world(app, db) -> PlanWorld:
    return build_world(app, db)


@pytest.fixture
def sara(app, world: PlanWorld) -> Visitor:
    return sign_in(app, world.sara)


def _choice(world: PlanWorld) -> SharingChoice | None:
    world.db.expire_all()
    return world.db.exec(select(SharingChoice).where(SharingChoice.youth_id == world.sara.id)).first()


def test_a_youth_of_16_without_a_choice_is_asked_first_and_then_gets_her_plan(world: PlanWorld, sara: Visitor) -> None:
    plan = world.plan_url()
    response = sara.get(plan)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert (location.path, parse_qs(location.query)) == ("/delen", {"next": [plan]})
    html = sara.text(response.headers["Location"])
    assert "Je bent 16 of ouder. Daarom beslis jij zelf" in page_text(html)
    assert f'value="{plan}"' in html  # where she goes afterwards
    chosen = sara.post("/delen", {"goals": "ja", "toekomstplan": "nee", "next": plan})
    assert chosen.status_code == 302 and chosen.headers["Location"] == plan
    assert (_choice(world).share_goals_with_family, _choice(world).share_toekomstplan_with_family) == (True, False)
    text = page_text(sara.text(plan))
    assert T["sara_school"] in text and T["sara_feelings"] in text


def test_her_toekomstplan_also_asks_first(world: PlanWorld, sara: Visitor) -> None:
    response = sara.get(f"/toekomstplan/{world.sara.id}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/delen?next=")


def test_both_questions_need_an_answer(world: PlanWorld, sara: Visitor) -> None:
    response = sara.post("/delen", {"goals": "ja"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Kies ja of nee." in page_text(html)
    assert checked(html, "goals") == "ja"  # her first answer is kept
    assert _choice(world) is None


def test_the_choice_can_be_changed_and_shows_what_she_chose(app, world: PlanWorld, sara: Visitor) -> None:
    sara.post("/delen", {"goals": "ja", "toekomstplan": "ja"})
    eva = sign_in(app, world.eva)
    assert T["sara_school"] in eva.text(world.plan_url())
    assert sara.post("/delen", {"goals": "nee", "toekomstplan": "ja"}).headers["Location"] == "/delen"
    html = sara.text("/delen")
    assert (checked(html, "goals"), checked(html, "toekomstplan")) == ("nee", "ja")
    assert "Je bent 16 of ouder" not in page_text(html)  # not the first time any more
    assert T["sara_school"] not in eva.text(world.plan_url())


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example/x", "evil"])
def test_after_choosing_she_is_only_sent_to_pages_of_onsplan(world: PlanWorld, sara: Visitor, target: str) -> None:
    response = sara.post("/delen", {"goals": "ja", "toekomstplan": "ja", "next": target})
    assert response.headers["Location"] == "/delen"


def test_a_backslash_does_not_lead_to_another_site(world: PlanWorld, sara: Visitor) -> None:
    """Browsers read "/\\x" as "//x"; the Location header must not carry a raw backslash or a host."""
    location = sara.post("/delen", {"goals": "ja", "toekomstplan": "ja", "next": "/\\evil.example/x"}).headers[
        "Location"
    ]
    assert "\\" not in location and not location.startswith("//") and urlsplit(location).netloc == ""


def test_on_her_16th_birthday_she_is_asked_the_day_before_not(app, world: PlanWorld) -> None:
    freeze_time(app, datetime(2025, 5, 31, 20, 0, tzinfo=UTC))
    sara = sign_in(app, world.sara)
    assert sara.get(world.plan_url()).status_code == 200
    assert "Wie ziet wat van jou?" in page_text(sara.text("/delen"))  # at 15 she reads who sees what
    freeze_time(app, datetime(2025, 6, 1, 7, 0, tzinfo=UTC))
    assert sara.get(world.plan_url()).status_code == 302
    assert sara.get("/delen").status_code == 200


def test_a_15_year_old_does_not_choose(app, world: PlanWorld) -> None:
    world.noah.birth_date = born(15, days=1)
    world.db.commit()
    noah = sign_in(app, world.noah)
    assert noah.get(world.plan_url()).status_code == 200  # not sent to /delen
    # He reads an explanation there, with nothing to choose (tests/test_sharing_under_16.py).
    assert 'name="goals"' not in noah.text("/delen")
    assert noah.post("/delen", {"goals": "nee", "toekomstplan": "nee"}).status_code == 404
    assert noah.post(f"/delen/doel/{world.goals['noah'].id}", {"with_family": "nee"}).status_code == 404
    world.db.expire_all()
    assert world.db.exec(select(SharingChoice)).all() == []
    assert world.db.exec(select(GoalSharing)).all() == []


@pytest.mark.parametrize("name", ["eva", "petra", "ingrid"])
def test_parents_and_the_regisseur_do_not_choose_for_her(app, world: PlanWorld, name: str) -> None:
    visitor = sign_in(app, getattr(world, name))
    assert visitor.get("/delen").status_code == 404
    assert visitor.post(f"/delen/doel/{world.goals['sara_school'].id}", {"with_family": "ja"}).status_code == 404


# --- per goal ----------------------------------------------------------------------------------------------------------


def test_per_goal_she_shows_one_goal_while_keeping_the_rest(app, world: PlanWorld, sara: Visitor) -> None:
    sara.post("/delen", {"goals": "nee", "toekomstplan": "nee"})
    goal = world.goals["sara_school"]
    response = sara.post(f"/delen/doel/{goal.id}", {"with_family": "ja"})
    assert response.status_code == 302 and response.headers["Location"] == f"/delen#doel-{goal.id}"
    eva = sign_in(app, world.eva)
    page = eva.text(world.plan_url())
    assert T["sara_school"] in page and T["sara_feelings"] not in page
    sara.post(f"/delen/doel/{goal.id}", {"with_family": ""})  # back to her general choice
    assert T["sara_school"] not in eva.text(world.plan_url())


def test_the_per_goal_choice_lists_only_her_own_goals(world: PlanWorld, sara: Visitor) -> None:
    sara.post("/delen", {"goals": "ja", "toekomstplan": "ja"})
    text = page_text(sara.text("/delen"))
    assert "Per doel kiezen" in text
    assert T["sara_school"] in text and T["sara_feelings"] in text
    assert T["noah"] not in text and T["family"] not in text


@pytest.mark.parametrize("goal", ["noah", "family", "eva"])
def test_a_goal_that_is_not_hers_is_404(world: PlanWorld, sara: Visitor, goal: str) -> None:
    sara.post("/delen", {"goals": "ja", "toekomstplan": "ja"})
    response = sara.post(f"/delen/doel/{world.goals[goal].id}", {"with_family": "nee"})
    assert response.status_code == 404
    world.db.expire_all()
    assert world.db.exec(select(GoalSharing)).all() == []


def test_a_goal_of_another_family_is_404(app, world: PlanWorld) -> None:
    world.share(world.mila)
    mila = sign_in(app, world.mila)
    assert mila.post(f"/delen/doel/{world.goals['sara_school'].id}", {"with_family": "ja"}).status_code == 404
    world.db.expire_all()
    assert world.db.exec(select(GoalSharing)).all() == []
