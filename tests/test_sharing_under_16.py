"""'Wie ziet wat van jou?': at /delen a young person under 16 reads who sees what of him, from the same policy the
plan pages apply, and what changes at 16; nobody else gets the page.

The plan world (tests/plan_factories.py, clock frozen on 2027-03-01): Noah is 14, Lina 10, Sara 17; mother Eva has
gezag, father Tom has not, Ingrid is the foster mother; Petra is the regisseur. Gezin Bakker (Mila, Anouk) is next door.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from babel.dates import format_date
from flask import url_for
from sqlmodel import select

from tests.conftest import freeze_time
from tests.mentor_factories import JimWorld, build_jim_world
from tests.plan_factories import TODAY, PlanWorld, Visitor, build_world, call, page_text, sign_in
from webapp.auth import policy
from webapp.auth.policy import AgeBand
from webapp.mentors import services as mentors
from webapp.models import GoalSharing, SharingChoice
from webapp.sharing import explained


@pytest.fixture
def world(app, db) -> PlanWorld:
    return build_world(app, db)


@pytest.fixture
def noah(app, world: PlanWorld) -> Visitor:
    return sign_in(app, world.noah)


def _people_listed(html: str) -> list[str]:
    """The names under 'Dit zijn:' (who see his part of the plan)."""
    block = html.split('class="sharing-explained__people"', 1)
    if len(block) == 1:
        return []
    return re.findall(r"<bdi>([^<]+)</bdi>", block[1].split("</ul>", 1)[0])


def test_a_14_year_old_reads_who_sees_what_instead_of_not_found(world: PlanWorld, noah: Visitor) -> None:
    response = noah.get("/delen")
    assert response.status_code == 200
    text = page_text(response.get_data(as_text=True))
    assert "Wie ziet wat van jou?" in text
    assert "Alles wat over jou gaat: jouw doelen en wat er over jou staat." in text
    assert "Je ouders of pleegouders zien alles wat in het plan over jou staat." in text
    assert "Tot je 16 bent, beslissen je ouders en jij samen met de regisseur" in text
    assert "Je regisseur is Petra Jansen." in text
    assert "Je ouders lezen dat gesprek niet, en ze zien ook niet wanneer de regisseur het opent." in text


def test_the_people_named_are_exactly_those_the_policy_lets_see_his_part(world: PlanWorld, noah: Visitor) -> None:
    listed = _people_listed(noah.text("/delen"))
    assert sorted(listed) == ["Eva de Vries", "Ingrid Mulder"]  # gezag and foster mother; Tom has no gezag
    day = TODAY
    expected = sorted(
        m.user.name
        for m in world.family.members
        if m.user_id != world.noah.id and not policy.is_regisseur_of(m.user, world.family)
        if policy.can_see_personal_part(m.user, world.family, world.noah, day, shared_with_family=False)
    )
    assert listed == expected


def test_he_reads_the_day_he_turns_16_and_what_changes_then(world: PlanWorld, noah: Visitor) -> None:
    sixteen = explained.sixteenth_birthday(world.noah.birth_date)
    assert sixteen == world.noah.birth_date.replace(year=world.noah.birth_date.year + 16)
    text = page_text(noah.text("/delen"))
    assert f"Op {format_date(sixteen, 'long', locale='nl')} word je 16." in text
    assert "Dan beslis jij zelf of je ouders of pleegouders je eigen doelen zien." in text
    assert "Je krijgt dan ook een toekomstplan" in text


def test_the_page_links_to_his_plan_the_access_log_and_his_rights(world: PlanWorld, noah: Visitor) -> None:
    html = noah.text("/delen")
    assert f'href="{world.plan_url()}"' in html
    assert 'href="/informatie/je-rechten"' in html
    assert 'href="/berichten"' in html  # his own conversation with the regisseur
    assert "Wat alleen over je broer of zus gaat, zie je niet." in page_text(html)  # Sara and Lina


def test_the_access_log_link_goes_to_his_familys_log(app, world: PlanWorld, noah: Visitor) -> None:
    with app.test_request_context():
        log = url_for("plans.access_log", family_id=world.family.id)
    assert f'href="{log}"' in noah.text("/delen")
    assert noah.get(log).status_code == 200  # and he may open it


def test_nothing_of_the_family_next_door_is_on_his_page(world: PlanWorld, noah: Visitor) -> None:
    text = page_text(noah.text("/delen"))
    for name in ("Bakker", "Mila", "Anouk", "Ruud"):
        assert name not in text


def test_a_child_of_10_reads_that_her_parents_decide(app, world: PlanWorld) -> None:
    text = page_text(sign_in(app, world.lina).text("/delen"))
    assert "Tot je 12 bent, beslissen je ouders samen met de regisseur" in text
    assert "Tot je 16 bent" not in text
    assert "Je mag zelf een volwassene kiezen als mentor." not in text  # a JIM is chosen from 12


def test_a_14_year_old_without_a_mentor_reads_that_he_may_choose_one(world: PlanWorld, noah: Visitor) -> None:
    assert "vragen we je ouders of ze je keuze steunen" in page_text(noah.text("/delen"))


def test_without_a_birth_date_the_page_still_explains_without_a_date(app, world: PlanWorld) -> None:
    world.noah.birth_date = None
    world.db.commit()
    text = page_text(sign_in(app, world.noah).text("/delen"))
    assert "Wie ziet wat van jou?" in text and "word je 16." not in text
    assert sorted(_people_listed(sign_in(app, world.noah).text("/delen"))) == ["Eva de Vries", "Ingrid Mulder"]


def test_he_cannot_post_a_choice_and_nothing_is_stored(world: PlanWorld, noah: Visitor) -> None:
    assert noah.post("/delen", {"goals": "nee", "toekomstplan": "nee"}).status_code == 404
    world.db.expire_all()
    assert world.db.exec(select(SharingChoice)).all() == []
    assert world.db.exec(select(GoalSharing)).all() == []


@pytest.mark.parametrize("name", ["eva", "tom", "ingrid", "petra", "ruud", "anouk", "outsider"])
def test_parents_regisseurs_and_strangers_get_not_found(app, world: PlanWorld, name: str) -> None:
    assert sign_in(app, getattr(world, name)).get("/delen").status_code == 404


def test_a_youth_of_16_or_older_still_gets_the_choice(app, world: PlanWorld) -> None:
    html = sign_in(app, world.sara).text("/delen")
    assert 'name="goals"' in html and "Wie ziet wat van jou?" not in page_text(html)


def test_the_day_before_16_he_reads_the_page_and_on_his_birthday_he_chooses(app, world: PlanWorld) -> None:
    sixteen = explained.sixteenth_birthday(world.noah.birth_date)
    freeze_time(app, datetime.combine(sixteen, datetime.min.time(), UTC).replace(hour=7) - timedelta(days=1))
    noah = sign_in(app, world.noah)
    assert "Wie ziet wat van jou?" in page_text(noah.text("/delen"))
    freeze_time(app, datetime.combine(sixteen, datetime.min.time(), UTC).replace(hour=7))
    assert 'name="goals"' in noah.text("/delen")


def test_a_leap_day_child_turns_16_on_the_day_the_policy_says() -> None:
    class Person:
        birth_date = date(2084, 2, 29)  # 2100 is no leap year

    sixteen = explained.sixteenth_birthday(Person.birth_date)
    assert sixteen == date(2100, 3, 1)
    assert policy.age_band(Person, sixteen - timedelta(days=1)) is AgeBand.YOUNG
    assert policy.age_band(Person, sixteen) is AgeBand.INDEPENDENT
    assert explained.sixteenth_birthday(date(2008, 2, 29)) == date(2024, 2, 29)


def test_the_plan_page_links_a_youth_under_16_to_the_explanation(app, world: PlanWorld, noah: Visitor) -> None:
    html = noah.text(world.plan_url())
    assert re.search(r'<a href="/delen">\s*Wie ziet wat van jou\?\s*</a>', html)
    eva = sign_in(app, world.eva).text(world.plan_url())
    assert 'href="/delen' not in eva


# --- his JIM mentor --------------------------------------------------------------------------------------------


@pytest.fixture
def jim(app, db) -> JimWorld:
    return build_jim_world(app, db, plan=True)


def test_with_an_active_mentor_he_reads_that_the_mentor_sees_only_the_goals_he_shares(app, jim: JimWorld) -> None:
    jim.active_mentorship(jim.noah)
    call(app, jim.db, mentors.share_goal_with_mentor, jim.noah, jim.goals["noah"].id, True)
    text = page_text(sign_in(app, jim.noah).text("/delen"))
    assert "Je mentor Joost Peeters ziet alleen de doelen die jij met hem of haar deelt. Nu is dat 1 doel." in text
    assert "lezen je ouders en je regisseur niet" in text
    assert "vragen we je ouders of ze je keuze steunen" not in text


def test_the_service_counts_only_the_goals_of_the_current_plan(app, jim: JimWorld) -> None:
    jim.active_mentorship(jim.noah)
    with app.test_request_context():
        view = explained.explain(jim.db, jim.noah, date(2027, 3, 1))
    assert view.mentor is not None and view.mentor.id == jim.joost.id
    assert view.goals_with_mentor == 0
    assert view.band is AgeBand.YOUNG and view.age == 14
    assert [sight.family.id for sight in view.families] == [jim.family.id]
