"""Every JIM and appointment page renders for the people of the demo story, and shows each what they need."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.factories import login
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


def _pages(mentorship: Mentorship, overleg: Appointment) -> dict[str, list[str]]:
    common = ["/home", "/afspraken", f"/afspraken/{overleg.id}", "/agenda", "/berichten"]
    return {
        "samira": [*common, "/mentor"],
        "karim": [*common, "/mentoren", f"/mentoren/{mentorship.id}"],
        "petra": [*common, "/mentoren", f"/mentoren/{mentorship.id}", f"/afspraken/{overleg.id}/wijzigen"],
    }


@pytest.mark.parametrize("who", ["samira", "karim", "petra"])
def test_each_demo_person_sees_the_jim_pages(app, client, demo, who) -> None:
    people, mentorship, overleg = demo
    assert login(client, people[who], DEMO_PASSWORD).status_code == 302
    for path in _pages(mentorship, overleg)[who]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
