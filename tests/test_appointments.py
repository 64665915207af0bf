"""Appointments: planning with participants, answering (yes, no, another time), taking a proposed time, changing
and cancelling with everyone told; times typed in Amsterdam time (past and nonexistent times refused); reminders 24
hours and 1 hour before, rescheduled on every move and withdrawn on cancel; a regisseur's look is logged.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select
from werkzeug.exceptions import NotFound

from tests.conftest import freeze_time
from tests.mentor_factories import NOW, JimWorld, build_jim_world, utc
from tests.plan_factories import page_text, sign_in
from webapp.appointments import services
from webapp.clock import NonexistentLocalTime, from_local
from webapp.models import Appointment, AuditAction, AuditEvent, Mentorship

BEVESTIGD, OPEN, AFGEWEZEN, ANDERE_TIJD = "bevestigd", "open", "afgewezen", "andere_tijd"
WHEN = datetime(2027, 3, 10, 15, 0)  # a Wednesday afternoon in Amsterdam (winter time: 14:00 UTC)
FORM = {"kind": "jim_overleg", "day": "2027-03-10", "start": "15:00", "duration": "60", "place": "Buurthuis De Brug"}


@pytest.fixture
def world(app, db) -> JimWorld:
    return build_jim_world(app, db)


@pytest.fixture
def active(world: JimWorld) -> Mentorship:
    return world.active_mentorship()


def _tag(appointment: Appointment) -> str:
    return f"afspraak-{appointment.id}"


def _told(world: JimWorld, appointment: Appointment) -> list[int]:
    """Who got an 'afspraken' notification about this appointment (reminders not counted), in order."""
    return [r.user_id for r in world.outbox("afspraken", _tag(appointment))]


# --- planning ------------------------------------------------------------------------------------------------------


def test_the_organiser_has_confirmed_and_the_others_are_asked(app, world: JimWorld, active) -> None:
    petra = sign_in(app, world.petra)
    assert petra.get(f"/afspraken/nieuw?gezin={world.family.id}").status_code == 200
    response = petra.post(
        f"/afspraken/nieuw?gezin={world.family.id}", {**FORM, "participants": [world.sara.id, world.karim.id]}
    )
    assert response.status_code == 302
    appointment = world.db.exec(select(Appointment).where(Appointment.kind == "jim_overleg")).one()
    assert response.headers["Location"].endswith(f"/afspraken/{appointment.id}")
    assert appointment.starts_at == datetime(2027, 3, 10, 14, 0, tzinfo=UTC)
    assert (appointment.organiser_id, appointment.mentorship_id, appointment.sequence) == (world.petra.id, active.id, 0)
    assert world.answers(appointment) == {world.petra.id: BEVESTIGD, world.sara.id: OPEN, world.karim.id: OPEN}
    assert sorted(_told(world, appointment)) == sorted([world.sara.id, world.karim.id])


def test_planning_needs_someone_to_invite_and_a_place(app, world: JimWorld, active) -> None:
    petra = sign_in(app, world.petra)
    path = f"/afspraken/nieuw?gezin={world.family.id}"
    cases = [
        ({**FORM}, "Kies wie er meedoen."),
        ({**FORM, "participants": [world.sara.id], "place": ""}, "Vul een plek in of een link voor een videogesprek."),
        ({**FORM, "participants": [world.sara.id], "video_url": "http://x.test"}, "Een videolink begint met https://"),
        ({**FORM, "participants": [world.sara.id], "kind": "anders"}, "Schrijf in een paar woorden waar"),
    ]
    for data, message in cases:
        response = petra.post(path, data)
        assert response.status_code == 400, message
        assert message in page_text(response.get_data(as_text=True))
    assert world.db.exec(select(Appointment).where(Appointment.kind != "evaluatie")).first() is None


def test_only_people_of_the_family_and_its_mentors_can_be_invited(app, world: JimWorld, active) -> None:
    with pytest.raises(NotFound):  # Mila is in another family
        world.propose(world.petra, [world.sara, world.mila])
    with pytest.raises(NotFound):  # Noah may not invite his sister's mentor
        world.propose(world.noah, [world.karim])
    appointment = world.propose(world.sara, [world.karim], kind="kennismaking")  # Sara with her own mentor
    assert world.answers(appointment) == {world.sara.id: BEVESTIGD, world.karim.id: OPEN}


def test_mentors_parents_and_strangers_do_not_plan_for_the_family(app, world: JimWorld, active) -> None:
    for person in (world.karim, world.eva, world.ruud, world.mila):
        visitor = sign_in(app, person)
        assert visitor.get(f"/afspraken/nieuw?gezin={world.family.id}").status_code == 404, person.name
        data = {**FORM, "participants": [world.sara.id]}
        assert visitor.post(f"/afspraken/nieuw?gezin={world.family.id}", data).status_code == 404, person.name
    assert world.db.exec(select(Appointment).where(Appointment.kind != "evaluatie")).first() is None


# --- times in Amsterdam ------------------------------------------------------------------------------------------


BAD_TIMES = [
    ("2027-02-28", "15:00", "Kies een moment in de toekomst."),
    ("2027-03-01", "10:59", "Kies een moment in de toekomst."),  # NOW is 11:00 in Amsterdam
    ("2027-03-28", "02:30", "Deze tijd bestaat niet"),  # the clock jumps from 02:00 to 03:00
]


def test_a_time_in_the_past_or_that_does_not_exist_is_refused(app, world: JimWorld, active) -> None:
    petra, karim = sign_in(app, world.petra), sign_in(app, world.karim)
    appointment = world.propose(world.petra, [world.sara, world.karim])
    for day, start, message in BAD_TIMES:
        data = {**FORM, "day": day, "start": start, "participants": [world.sara.id]}
        response = petra.post(f"/afspraken/nieuw?gezin={world.family.id}", data)
        assert response.status_code == 400, (day, start)
        assert message in page_text(response.get_data(as_text=True)), (day, start)
        response = karim.post(
            f"/afspraken/{appointment.id}/antwoord", {"answer": ANDERE_TIJD, "day": day, "start": start}
        )
        assert response.status_code == 400, (day, start)
        assert message in page_text(response.get_data(as_text=True)), (day, start)
        response = petra.post(f"/afspraken/{appointment.id}/wijzigen", {**FORM, "day": day, "start": start})
        assert response.status_code == 400, (day, start)
        assert message in page_text(response.get_data(as_text=True)), (day, start)
    assert world.fresh(appointment).starts_at == utc(WHEN)
    assert world.answers(appointment)[world.karim.id] == OPEN
    assert len(world.db.exec(select(Appointment).where(Appointment.kind == "jim_overleg")).all()) == 1


def test_amsterdam_wall_clock_times_become_utc() -> None:
    assert from_local(datetime(2027, 1, 15, 9, 0)) == datetime(2027, 1, 15, 8, 0, tzinfo=UTC)  # winter: +1
    assert from_local(datetime(2027, 7, 15, 9, 0)) == datetime(2027, 7, 15, 7, 0, tzinfo=UTC)  # summer: +2
    assert from_local(datetime(2027, 10, 31, 2, 30)) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # twice: first
    with pytest.raises(NonexistentLocalTime):
        from_local(datetime(2027, 3, 28, 2, 30))
    assert from_local(datetime(2027, 3, 28, 3, 0)) == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)


# --- answering -----------------------------------------------------------------------------------------------------


def test_participants_confirm_decline_or_propose_another_time(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.petra, [world.sara, world.karim, world.eva])
    before = len(_told(world, appointment))
    sara, karim, eva = (sign_in(app, p) for p in (world.sara, world.karim, world.eva))
    assert sara.post(f"/afspraken/{appointment.id}/antwoord", {"answer": BEVESTIGD}).status_code == 302
    assert eva.post(f"/afspraken/{appointment.id}/antwoord", {"answer": AFGEWEZEN}).status_code == 302
    response = karim.post(
        f"/afspraken/{appointment.id}/antwoord", {"answer": ANDERE_TIJD, "day": "2027-03-11", "start": "16:30"}
    )
    assert response.status_code == 302
    assert world.answers(appointment) == {
        world.petra.id: BEVESTIGD,
        world.sara.id: BEVESTIGD,
        world.karim.id: ANDERE_TIJD,
        world.eva.id: AFGEWEZEN,
    }
    view = world.run(services.get, world.petra, appointment.id, log=False)
    assert view.answer_of(world.karim.id).proposed_starts_at == datetime(2027, 3, 11, 15, 30, tzinfo=UTC)
    assert view.answer_of(world.karim.id).answered_at == NOW
    assert _told(world, appointment)[before:] == [world.petra.id] * 3  # the organiser hears each answer
    assert "Voorstel: donderdag 11 maart, 16:30" in page_text(
        sign_in(app, world.petra).text(f"/afspraken/{appointment.id}")
    )


def test_another_time_needs_a_day_and_a_time(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.petra, [world.sara, world.karim])
    karim = sign_in(app, world.karim)
    response = karim.post(f"/afspraken/{appointment.id}/antwoord", {"answer": ANDERE_TIJD, "day": "2027-03-11"})
    assert response.status_code == 400
    assert "Kies de dag en tijd die jij voorstelt." in page_text(response.get_data(as_text=True))
    assert karim.post(f"/afspraken/{appointment.id}/antwoord", {}).status_code == 400
    assert world.answers(appointment)[world.karim.id] == OPEN


def test_a_regisseur_who_does_not_take_part_looks_but_does_not_answer(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.sara, [world.karim], kind="kennismaking")
    petra = sign_in(app, world.petra)
    assert petra.get(f"/afspraken/{appointment.id}").status_code == 200
    assert petra.post(f"/afspraken/{appointment.id}/antwoord", {"answer": BEVESTIGD}).status_code == 404
    assert world.petra.id not in world.answers(appointment)


def test_the_organiser_takes_a_proposed_time(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.petra, [world.sara, world.karim, world.eva])
    world.run(services.answer, world.sara, appointment.id, BEVESTIGD)
    world.run(services.answer, world.eva, appointment.id, AFGEWEZEN)
    world.run(services.answer, world.karim, appointment.id, ANDERE_TIJD, datetime(2027, 3, 11, 16, 30))
    before = len(_told(world, appointment))
    assert sign_in(app, world.sara).post(f"/afspraken/{appointment.id}/tijd/{world.karim.id}").status_code == 404

    petra = sign_in(app, world.petra)
    assert petra.post(f"/afspraken/{appointment.id}/tijd/{world.karim.id}").status_code == 302
    moved = world.fresh(appointment)
    assert moved.starts_at == datetime(2027, 3, 11, 15, 30, tzinfo=UTC)
    assert moved.sequence == 1
    assert world.answers(appointment) == {
        world.petra.id: BEVESTIGD,
        world.karim.id: BEVESTIGD,  # the proposer
        world.sara.id: OPEN,  # asked again, also when she had confirmed the old time
        world.eva.id: OPEN,
    }
    view = world.run(services.get, world.petra, appointment.id, log=False)
    assert all(p.proposed_starts_at is None for p, _u in view.participants)
    assert sorted(_told(world, appointment)[before:]) == sorted([world.sara.id, world.karim.id, world.eva.id])
    response = petra.post(f"/afspraken/{appointment.id}/tijd/{world.karim.id}")  # that proposal is gone
    assert response.status_code == 400
    assert "Dit voorstel bestaat niet meer." in page_text(response.get_data(as_text=True))


def test_a_proposed_time_that_has_passed_cannot_be_taken(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.petra, [world.karim], datetime(2027, 3, 20, 15, 0))
    world.run(services.answer, world.karim, appointment.id, ANDERE_TIJD, datetime(2027, 3, 2, 15, 0))
    freeze_time(app, datetime(2027, 3, 3, 9, 0, tzinfo=UTC))
    with pytest.raises(services.AppointmentError, match="al voorbij"):
        world.run(services.take_proposed_time, world.petra, appointment.id, world.karim.id)
    assert world.fresh(appointment).starts_at == utc(datetime(2027, 3, 20, 15, 0))


# --- changing and cancelling ---------------------------------------------------------------------------------------


def test_a_change_of_time_asks_everyone_again_and_tells_them(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.petra, [world.sara, world.karim])
    world.run(services.answer, world.sara, appointment.id, BEVESTIGD)
    before = len(_told(world, appointment))
    petra = sign_in(app, world.petra)
    assert petra.get(f"/afspraken/{appointment.id}/wijzigen").status_code == 200
    response = petra.post(f"/afspraken/{appointment.id}/wijzigen", {**FORM, "day": "2027-03-12", "start": "10:00"})
    assert response.status_code == 302
    changed = world.fresh(appointment)
    assert (changed.starts_at, changed.sequence) == (utc(datetime(2027, 3, 12, 10, 0)), 1)
    assert world.answers(appointment) == {world.petra.id: BEVESTIGD, world.sara.id: OPEN, world.karim.id: OPEN}
    assert sorted(_told(world, appointment)[before:]) == sorted([world.sara.id, world.karim.id])

    response = petra.post(
        f"/afspraken/{appointment.id}/wijzigen",
        {**FORM, "day": "2027-03-12", "start": "10:00", "place": "Het stadhuis"},
    )
    assert response.status_code == 302
    placed = world.fresh(appointment)
    assert (placed.place, placed.sequence) == ("Het stadhuis", 2)
    assert world.answers(appointment)[world.petra.id] == BEVESTIGD  # only the place: nobody is asked again
    assert len(_told(world, appointment)) == before + 4


def test_only_the_organiser_or_the_regisseur_changes_or_cancels(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.petra, [world.sara, world.karim])
    for person in (world.sara, world.karim, world.ruud):
        visitor = sign_in(app, person)
        assert visitor.get(f"/afspraken/{appointment.id}/wijzigen").status_code == 404, person.name
        response = visitor.post(f"/afspraken/{appointment.id}/wijzigen", {**FORM, "start": "16:00"})
        assert response.status_code == 404, person.name
        assert visitor.post(f"/afspraken/{appointment.id}/annuleren").status_code == 404, person.name
    unchanged = world.fresh(appointment)
    assert (unchanged.sequence, unchanged.cancelled_at) == (0, None)


def test_the_youths_own_appointment_can_be_changed_by_her_and_the_regisseur(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.sara, [world.karim], kind="kennismaking")
    for who, start in ((world.sara, "16:00"), (world.petra, "17:00")):
        response = sign_in(app, who).post(f"/afspraken/{appointment.id}/wijzigen", {**FORM, "start": start})
        assert response.status_code == 302
    assert world.fresh(appointment).starts_at == utc(datetime(2027, 3, 10, 17, 0))


def test_cancelling_tells_the_others_and_closes_the_appointment(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.petra, [world.sara, world.karim])
    before = len(_told(world, appointment))
    petra = sign_in(app, world.petra)
    assert petra.get(f"/afspraken/{appointment.id}/annuleren").status_code == 200  # asked once more
    assert petra.post(f"/afspraken/{appointment.id}/annuleren").status_code == 302
    cancelled = world.fresh(appointment)
    assert (cancelled.cancelled_at, cancelled.sequence) == (NOW, 1)
    assert sorted(_told(world, appointment)[before:]) == sorted([world.sara.id, world.karim.id])
    assert "Deze afspraak gaat niet door." in page_text(sign_in(app, world.sara).text(f"/afspraken/{appointment.id}"))
    with pytest.raises(services.AppointmentError, match="gaat niet door"):
        world.run(services.answer, world.karim, appointment.id, BEVESTIGD)
    response = petra.post(f"/afspraken/{appointment.id}/annuleren")
    assert response.status_code == 400
    assert world.fresh(appointment).sequence == 1


# --- reminders -----------------------------------------------------------------------------------------------------


def _moments(world: JimWorld, appointment: Appointment) -> dict[int, list[datetime]]:
    found: dict[int, list[datetime]] = {}
    for row in world.reminders(appointment):
        assert row.kind == "afspraken"
        assert row.url == f"/afspraken/{appointment.id}"
        found.setdefault(row.user_id, []).append(row.not_before)
    return {user: sorted(moments) for user, moments in found.items()}


def test_reminders_are_scheduled_24_hours_and_1_hour_before(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.petra, [world.sara, world.karim])
    starts = datetime(2027, 3, 10, 14, 0, tzinfo=UTC)
    expected = [starts - timedelta(hours=24), starts - timedelta(hours=1)]
    assert _moments(world, appointment) == {world.petra.id: expected, world.sara.id: expected, world.karim.id: expected}
    tags = {r.tag for r in world.reminders(appointment)}
    assert tags == {f"herinnering-{appointment.id}-24u", f"herinnering-{appointment.id}-1u"}


def test_who_declines_gets_no_reminder(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.petra, [world.sara, world.karim, world.eva])
    world.run(services.answer, world.eva, appointment.id, AFGEWEZEN)
    world.run(services.answer, world.karim, appointment.id, ANDERE_TIJD, datetime(2027, 3, 11, 15, 0))
    world.run(services.answer, world.sara, appointment.id, BEVESTIGD)  # reschedules: still not for eva and karim
    assert set(_moments(world, appointment)) == {world.petra.id, world.sara.id}
    withdrawn = [r for r in world.reminders(appointment, pending=False) if r.sent_at is not None]
    assert {r.result for r in withdrawn} == {"cancelled"}


def test_moving_an_appointment_replaces_its_reminders(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.petra, [world.sara, world.karim])
    old = {r.id for r in world.reminders(appointment)}
    world.run(
        services.change,
        world.petra,
        appointment.id,
        services.Details(kind="jim_overleg", starts_local=datetime(2027, 4, 7, 15, 0), place="Buurthuis"),
    )
    starts = datetime(2027, 4, 7, 13, 0, tzinfo=UTC)  # summer time by then
    expected = [starts - timedelta(hours=24), starts - timedelta(hours=1)]
    moments = _moments(world, appointment)
    assert moments == {world.petra.id: expected, world.sara.id: expected, world.karim.id: expected}
    assert not old & {r.id for r in world.reminders(appointment)}
    assert all(r.result == "cancelled" for r in world.reminders(appointment, pending=False) if r.id in old)


def test_cancelling_withdraws_every_reminder(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.petra, [world.sara, world.karim])
    other = world.propose(world.petra, [world.sara], datetime(2027, 3, 10, 17, 0))
    assert len(world.reminders(appointment)) == 6
    world.run(services.cancel, world.petra, appointment.id)
    assert world.reminders(appointment) == []
    rows = world.reminders(appointment, pending=False)
    assert len(rows) == 6
    assert all(r.sent_at == NOW and r.result == "cancelled" for r in rows)
    assert len(world.reminders(other)) == 4  # another appointment keeps its own


def test_a_reminder_moment_already_past_is_skipped(app, world: JimWorld, active) -> None:
    cases = [
        (datetime(2027, 3, 2, 10, 30), ["1u"]),  # in 23.5 hours: the 24-hour moment has passed
        (datetime(2027, 3, 1, 11, 45), []),  # in 45 minutes: both have passed
        (datetime(2027, 3, 2, 11, 1), ["1u", "24u"]),  # in 24 hours and a minute: both to come
    ]
    for local, left in cases:
        appointment = world.propose(world.petra, [world.sara], local)
        tags = sorted(r.tag.rsplit("-", 1)[1] for r in world.reminders(appointment) if r.user_id == world.sara.id)
        assert tags == left, local
        assert all(r.not_before > NOW for r in world.reminders(appointment))


# --- the access log ------------------------------------------------------------------------------------------------


def test_a_regisseur_viewing_an_appointment_is_logged(app, world: JimWorld, active) -> None:
    appointment = world.propose(world.sara, [world.karim], kind="kennismaking")

    def logged() -> list[AuditEvent]:
        world.db.expire_all()
        rows = world.db.exec(
            select(AuditEvent).where(AuditEvent.object_type == "afspraak", AuditEvent.object_id == appointment.id)
        )
        return list(rows)

    for person in (world.sara, world.karim):  # family members and mentors are not logged
        assert sign_in(app, person).get(f"/afspraken/{appointment.id}").status_code == 200
    assert logged() == []
    assert sign_in(app, world.petra).get(f"/afspraken/{appointment.id}").status_code == 200
    (event,) = logged()
    assert (event.action, event.actor_id, event.family_id) == (AuditAction.READ, world.petra.id, world.family.id)
    assert event.occurred_at == NOW
