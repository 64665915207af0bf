"""Every JIM and appointment page renders for the people of the demo story, and shows each what they need."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.factories import login
from tests.plan_factories import page_text
from webapp.demo.story import DEMO_PASSWORD, seed
from webapp.models import Appointment, Mentorship, User


@pytest.fixture
def demo(app, db):
    with app.app_context():
        seed(db)
        db.commit()
    people = {u.email.split("@")[0]: u for u in db.exec(select(User)).all() if u.email}
    mentorship = db.exec(select(Mentorship)).one()
    overleg = db.exec(select(Appointment).where(Appointment.kind == "jim_overleg")).one()
    return people, mentorship, overleg


UNSHARED_GOAL = "Ik weet waar ik ga wonen na mijn 18e"  # Samira does not share this goal with Karim


def _pages(mentorship: Mentorship, overleg: Appointment) -> dict[str, dict[str, tuple[list[str], list[str]]]]:
    """Per person: page -> (what it must show, what it must not show), as plain text."""
    overleg_page = f"/afspraken/{overleg.id}"
    agenda = (["Maak een agenda-link", "Geen namen."], [])
    return {
        "samira": {
            "/home": (["Hoi Samira", "Karim is je mentor"], []),
            "/afspraken": (["JIM-overleg", "Jij: bevestigd"], []),
            overleg_page: (["Wie komen er?", "Karim nog geen antwoord", "Kom je?"], ["Afspraak afzeggen"]),
            "/agenda": agenda,
            "/berichten": (["Jij en je mentor Karim", "Alleen jij en Petra (privé)"], []),
            "/mentor": (["Karim is je mentor", "Wat ziet Karim?", UNSHARED_GOAL, "Delen met mijn mentor"], []),
        },
        "karim": {
            "/home": (["Hallo Karim", "U bent mentor van Samira"], []),  # a mentor: "u"
            "/afspraken": (["JIM-overleg", "U: nog geen antwoord"], []),
            overleg_page: (["U nog geen antwoord", "Komt u?"], ["Afspraak afzeggen"]),
            "/agenda": agenda,
            "/berichten": (["U en Samira", "U en regisseur Petra (over Samira)"], ["Gezin Haddou"]),
            "/mentoren": (["U bent mentor van Samira"], []),
            f"/mentoren/{mentorship.id}": (
                ["Doelen die Samira met de mentor deelt", "Ik haal mijn diploma mbo niveau 3"],
                [UNSHARED_GOAL, "Gezin Haddou"],
            ),
        },
        "petra": {
            "/home": (["Hallo Petra", "Gezin Haddou", "Gezin Yılmaz"], []),
            "/afspraken": (["JIM-overleg", "Nieuwe afspraak"], []),
            overleg_page: (["Karim nog geen antwoord", "Tijd of plek veranderen", "Afspraak afzeggen"], []),
            "/agenda": agenda,
            "/berichten": (["JIM-mentor Karim Haddou (mentor van Samira)"], []),
            "/mentoren": (["Karim Haddou voor Samira"], []),
            f"/mentoren/{mentorship.id}": (["Karim Haddou, mentor voor Samira", "Heeft ja gezegd", "Is mentor"], []),
            f"{overleg_page}/wijzigen": (["Afspraak veranderen", "Opslaan"], []),
        },
    }


@pytest.mark.parametrize("who", ["samira", "karim", "petra"])
def test_each_demo_person_sees_the_jim_pages(app, client, demo, who) -> None:
    people, mentorship, overleg = demo
    assert login(client, people[who], DEMO_PASSWORD).status_code == 302
    for path, (shown, hidden) in _pages(mentorship, overleg)[who].items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        text = page_text(response.get_data(as_text=True))
        assert [phrase for phrase in shown if phrase not in text] == [], path
        assert [phrase for phrase in hidden if phrase in text] == [], path
