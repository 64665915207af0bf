"""Multi-step attacks, named, beside the matrix (issue 9).

Finding 3: after Sara stopped, Karim still opened their past JIM appointments (her name, the time, the place, the
answers), their .ics, and saw them in his calendar feed. A mentor's access to appointments follows the mentorship,
past appointments included: once it has ended he sees none of them anywhere, whoever ended it, and also not when Sara
later picks him again (the old appointments belong to the old mentorship). Sara and the regisseur keep seeing them.
The rule itself is table-driven in tests/test_policy_rules.py (VIEW_APPOINTMENT).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from tests.conftest import freeze_time
from tests.mentor_factories import FEED_LINK, JimWorld, build_jim_world
from tests.plan_factories import Visitor, page_text, sign_in
from webapp.models import Appointment, Mentorship

PLACE = "Buurthuis De Brug"  # where the world's JIM-overleg takes place
AFTER_THE_OVERLEG = datetime(2027, 3, 15, 9, 0, tzinfo=UTC)  # the overleg of 10 March is in the past


@pytest.fixture
def jim(app, db) -> JimWorld:
    return build_jim_world(app, db)


@pytest.fixture
def active(jim: JimWorld) -> Mentorship:
    return jim.active_mentorship()


def _past_overleg(jim: JimWorld, app) -> Appointment:
    """A JIM-overleg Karim confirmed, which has taken place (the clock moves past it)."""
    overleg = jim.propose(jim.petra, [jim.sara, jim.karim])
    karim = sign_in(app, jim.karim)
    assert karim.post(f"/afspraken/{overleg.id}/antwoord", {"answer": "bevestigd"}).status_code == 302
    freeze_time(app, AFTER_THE_OVERLEG)
    return overleg


def _feed_path(visitor: Visitor) -> str:
    response = visitor.post("/agenda/link")
    assert response.status_code == 200
    found = FEED_LINK.search(response.get_data(as_text=True))
    assert found, "no feed link on the page"
    return f"/agenda/{found.group(1)}.ics"


def _feed_uids(app, path: str) -> set[str]:
    response = app.test_client().get(path)  # a calendar app: no login, the secret URL is the key
    assert response.status_code == 200
    return {str(event["UID"]) for event in Calendar.from_ical(response.get_data()).walk("VEVENT")}


def _uid(appointment: Appointment) -> str:
    return f"afspraak-{appointment.id}@onsplan"


def _end(app, jim: JimWorld, mentorship: Mentorship, who: str) -> None:
    ender = {"youth": jim.sara, "mentor": jim.karim, "regisseur": jim.petra}[who]
    response = sign_in(app, ender).post(f"/mentoren/{mentorship.id}/stoppen")
    assert response.status_code == 302, (who, response.status_code)
    assert jim.fresh(mentorship).status == "beeindigd"


def _closed_to(visitor: Visitor, appointment: Appointment) -> None:
    for path in (f"/afspraken/{appointment.id}", f"/afspraken/{appointment.id}/agenda.ics"):
        response = visitor.get(path)
        assert response.status_code == 404, path
        assert PLACE not in response.get_data(as_text=True), path
    answer = visitor.post(f"/afspraken/{appointment.id}/antwoord", {"answer": "afgewezen"})
    assert answer.status_code == 404
    assert PLACE not in page_text(visitor.text("/afspraken"))  # not in his agenda either


@pytest.mark.parametrize("who", ["youth", "mentor", "regisseur"], ids=["sara-stops", "karim-steps-back", "petra-ends"])
def test_an_ended_mentor_no_longer_sees_a_past_jim_appointment(app, jim: JimWorld, active, who: str) -> None:
    overleg = _past_overleg(jim, app)
    karim = sign_in(app, jim.karim)
    feed = _feed_path(karim)
    page = page_text(karim.text(f"/afspraken/{overleg.id}"))  # while the mentorship runs he sees it, past or not
    assert PLACE in page and "Sara" in page
    assert karim.get(f"/afspraken/{overleg.id}/agenda.ics").status_code == 200
    assert _uid(overleg) in _feed_uids(app, feed)

    _end(app, jim, active, who)
    _closed_to(karim, overleg)
    assert _uid(overleg) not in _feed_uids(app, feed)  # the feed itself still works: it just leaves it out


def test_an_ended_mentor_loses_the_upcoming_ones_too(app, jim: JimWorld, active) -> None:
    upcoming = jim.propose(jim.sara, [jim.karim], datetime(2027, 3, 20, 16, 0), kind="kennismaking")
    karim = sign_in(app, jim.karim)
    feed = _feed_path(karim)
    assert _uid(upcoming) in _feed_uids(app, feed)
    _end(app, jim, active, "youth")
    _closed_to(karim, upcoming)
    assert _uid(upcoming) not in _feed_uids(app, feed)


def test_sara_and_the_regisseur_keep_seeing_the_past_appointment(app, jim: JimWorld, active) -> None:
    overleg = _past_overleg(jim, app)
    _end(app, jim, active, "youth")
    for person in (jim.sara, jim.petra):
        visitor = sign_in(app, person)
        assert PLACE in page_text(visitor.text(f"/afspraken/{overleg.id}")), person.name
        assert visitor.get(f"/afspraken/{overleg.id}/agenda.ics").status_code == 200, person.name
    assert _uid(overleg) in _feed_uids(app, _feed_path(sign_in(app, jim.sara)))


def test_picking_the_same_mentor_again_does_not_reopen_the_old_appointments(app, jim: JimWorld, active) -> None:
    overleg = _past_overleg(jim, app)
    _end(app, jim, active, "youth")
    again = jim.active_mentorship()  # Sara picks Karim again, the regisseur approves: a new mentorship
    assert again.id != active.id and jim.fresh(again).status == "actief"
    karim = sign_in(app, jim.karim)
    _closed_to(karim, overleg)
    assert _uid(overleg) not in _feed_uids(app, _feed_path(karim))
    new = jim.propose(jim.petra, [jim.sara, jim.karim], datetime(2027, 3, 24, 15, 0))
    assert PLACE in page_text(karim.text(f"/afspraken/{new.id}"))  # the new mentorship's appointments he sees
