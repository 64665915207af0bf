"""Calendar files: one appointment as .ics, read back with `icalendar` (Europe/Amsterdam with its VTIMEZONE, UTC
value as stored, stable UID, SEQUENCE and STATUS following changes), and the personal feed behind a secret,
revocable URL that shows only the owner's appointments and no person's name.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from icalendar import Calendar, Event

from tests.mentor_factories import FEED_LINK, NOW, JimWorld, build_jim_world, utc
from tests.plan_factories import Visitor, sign_in
from webapp.appointments import calendar as feeds
from webapp.appointments import services
from webapp.models import Mentorship


@pytest.fixture
def world(app, db) -> JimWorld:
    return build_jim_world(app, db)


@pytest.fixture
def active(world: JimWorld) -> Mentorship:
    return world.active_mentorship()


def _calendar(response) -> Calendar:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.get_data())


def _events(calendar: Calendar) -> list[Event]:
    return calendar.walk("VEVENT")


def _only_event(visitor: Visitor | FlaskClient, appointment_id: int) -> Event:
    (event,) = _events(_calendar(visitor.get(f"/afspraken/{appointment_id}/agenda.ics")))
    return event


# --- one appointment -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local", "expected_utc"),
    [
        (datetime(2027, 3, 10, 15, 0), datetime(2027, 3, 10, 14, 0, tzinfo=UTC)),  # winter time: UTC+1
        (datetime(2027, 7, 14, 15, 0), datetime(2027, 7, 14, 13, 0, tzinfo=UTC)),  # summer time: UTC+2
    ],
    ids=["winter", "summer"],
)
def test_an_appointment_file_carries_amsterdam_time_with_its_timezone(
    app, world: JimWorld, active, local: datetime, expected_utc: datetime
) -> None:
    appointment = world.propose(world.petra, [world.sara, world.karim], local, duration_minutes=90)
    response = sign_in(app, world.sara).get(f"/afspraken/{appointment.id}/agenda.ics")
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert f'filename="afspraak-{appointment.id}.ics"' in response.headers["Content-Disposition"]
    calendar = _calendar(response)
    (event,) = _events(calendar)
    start = event["DTSTART"]
    assert start.params["TZID"] == "Europe/Amsterdam"
    assert start.dt.replace(tzinfo=None) == local  # the wall-clock time people typed
    assert start.dt.astimezone(UTC) == expected_utc == world.fresh(appointment).starts_at
    assert (event["DTEND"].dt - start.dt).total_seconds() == 90 * 60
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert b"TZID=Europe/Amsterdam:" in response.get_data()
    assert str(event["LOCATION"]) == "Buurthuis De Brug"
    assert str(event["URL"]).endswith(f"/afspraken/{appointment.id}")


def test_uid_stays_sequence_follows_changes_and_a_cancelled_appointment_says_so(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.petra, [world.sara, world.karim])
    sara = sign_in(app, world.sara)
    first = _only_event(sara, appointment.id)
    assert str(first["UID"]) == f"afspraak-{appointment.id}@onsplan"
    assert (first["SEQUENCE"], str(first["STATUS"])) == (0, "TENTATIVE")  # Sara has not answered yet

    world.run(services.answer, world.sara, appointment.id, "bevestigd")
    confirmed = _only_event(sara, appointment.id)
    assert (confirmed["SEQUENCE"], str(confirmed["STATUS"])) == (0, "CONFIRMED")

    world.run(
        services.change,
        world.petra,
        appointment.id,
        services.Details(kind="jim_overleg", starts_local=datetime(2027, 3, 17, 16, 0), place="Buurthuis De Brug"),
    )
    moved = _only_event(sara, appointment.id)
    assert str(moved["UID"]) == str(first["UID"])
    assert moved["SEQUENCE"] == 1
    assert moved["DTSTART"].dt.astimezone(UTC) == utc(datetime(2027, 3, 17, 16, 0))
    assert str(moved["STATUS"]) == "TENTATIVE"  # asked again after the move

    world.run(services.cancel, world.petra, appointment.id)
    cancelled = _only_event(sara, appointment.id)
    assert str(cancelled["UID"]) == str(first["UID"])
    assert (cancelled["SEQUENCE"], str(cancelled["STATUS"])) == (2, "CANCELLED")


def test_the_regisseur_gets_the_file_of_an_appointment_she_is_not_in(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.sara, [world.karim], kind="kennismaking")
    event = _only_event(sign_in(app, world.petra), appointment.id)
    assert str(event["STATUS"]) == "TENTATIVE"
    assert sign_in(app, world.eva).get(f"/afspraken/{appointment.id}/agenda.ics").status_code == 404


# --- the personal feed -----------------------------------------------------------------------------------------


def _new_feed(visitor: Visitor) -> str:
    response = visitor.post("/agenda/link")
    assert response.status_code == 200
    match = FEED_LINK.search(response.get_data(as_text=True))
    assert match, "no feed link on the page"
    return f"/agenda/{match.group(1)}.ics"


def test_the_feed_shows_the_owners_appointments_without_a_login(app, world: JimWorld, active) -> None:
    mine = world.propose(world.petra, [world.sara, world.karim])
    declined = world.propose(world.petra, [world.sara], datetime(2027, 3, 11, 15, 0))
    world.run(services.answer, world.sara, declined.id, "afgewezen")
    cancelled = world.propose(world.petra, [world.sara], datetime(2027, 3, 12, 15, 0))
    world.run(services.cancel, world.petra, cancelled.id)
    not_mine = world.propose(world.petra, [world.eva], datetime(2027, 3, 13, 15, 0), kind="anders", title="Werk")
    noahs = world.propose(world.noah, [world.petra], datetime(2027, 3, 14, 15, 0))

    sara = sign_in(app, world.sara)
    assert sara.get("/agenda").status_code == 200
    feed = _new_feed(sara)
    calendar = _calendar(app.test_client().get(feed))  # a calendar app: no cookies
    uids = {str(e["UID"]) for e in _events(calendar)}
    assert f"afspraak-{mine.id}@onsplan" in uids
    assert f"afspraak-{cancelled.id}@onsplan" in uids  # so calendars remove it
    for other in (declined, not_mine, noahs):
        assert f"afspraak-{other.id}@onsplan" not in uids
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in _events(calendar)}
    assert statuses[f"afspraak-{cancelled.id}@onsplan"] == "CANCELLED"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert world.run(feeds.active_feed, world.sara).last_used_at == NOW


def test_a_stopped_feed_answers_404(app, world: JimWorld, active) -> None:
    world.propose(world.petra, [world.sara, world.karim])
    sara = sign_in(app, world.sara)
    feed = _new_feed(sara)
    assert app.test_client().get(feed).status_code == 200
    assert sara.post("/agenda/stoppen").status_code == 302
    assert app.test_client().get(feed).status_code == 404


def test_a_new_feed_link_revokes_the_old_one(app, world: JimWorld, active) -> None:
    sara = sign_in(app, world.sara)
    old = _new_feed(sara)
    new = _new_feed(sara)
    assert old != new
    assert app.test_client().get(old).status_code == 404
    assert app.test_client().get(new).status_code == 200
    assert app.test_client().get("/agenda/niet-geldig.ics").status_code == 404


def test_a_switched_off_account_has_no_feed(app, world: JimWorld, active) -> None:
    sara = sign_in(app, world.sara)
    feed = _new_feed(sara)
    world.sara.active = False
    world.db.add(world.sara)
    world.db.commit()
    assert app.test_client().get(feed).status_code == 404


def test_calendar_files_carry_no_names(app, world: JimWorld, active) -> None:
    world.propose(world.petra, [world.sara, world.karim])
    world.propose(world.sara, [world.karim], datetime(2027, 3, 11, 15, 0), kind="kennismaking", place="Bibliotheek")
    world.propose(world.petra, [world.sara, world.karim], datetime(2027, 3, 12, 15, 0), video_url="https://meet.test/x")
    names = {part.lower() for p in (world.sara, world.karim, world.petra) for part in p.name.split()}
    names |= {world.family.name.lower()}
    for person in (world.sara, world.karim, world.petra):
        calendar = _calendar(app.test_client().get(_new_feed(sign_in(app, person))))
        events = _events(calendar)
        assert len(events) >= 3
        for event in events:
            for field in ("SUMMARY", "DESCRIPTION"):
                words = set(re.split(r"\W+", str(event[field]).lower()))
                assert not words & names, (field, str(event[field]))
            assert "ORGANIZER" not in event
            assert "ATTENDEE" not in event


def test_the_free_title_of_an_other_appointment_stays_out_of_the_file_and_the_feed(
    app, world: JimWorld, active
) -> None:
    title = "Gesprek over Samira bij de psychiater"
    appointment = world.propose(world.petra, [world.sara], kind="anders", title=title)
    sara = sign_in(app, world.sara)
    event = _only_event(sara, appointment.id)
    assert str(event["SUMMARY"]) == "Andere afspraak (OnsPlan)"
    feed = app.test_client().get(_new_feed(sara))
    for body in (sara.get(f"/afspraken/{appointment.id}/agenda.ics").get_data(), feed.get_data()):
        assert b"psychiater" not in body and b"Gesprek over" not in body
    assert f"afspraak-{appointment.id}@onsplan" in {str(e["UID"]) for e in _events(_calendar(feed))}
