"""Steuntje in de rug after the first meeting: the trial with its check-ins, the evaluation, reviews, stopping and the
goodbye. The world: Ayşe (ouder) with Elif (8, no account) asked for a steungezin; Ria Peeters' household was
accepted by both sides; Sanne coordinates the meldpunt. The clock is frozen on Monday 1 March 2027."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pyotp
import pytest
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from tests.conftest import freeze_time
from tests.factories import make_family, make_user
from tests.plan_factories import NOW, TODAY, born, call, sign_in
from webapp.models import (
    AppointmentKind,
    AppointmentParticipant,
    AuditEvent,
    CheckIn,
    Household,
    IntakeNote,
    Organisation,
    OutboxNotification,
    Relation,
    RespiteMatch,
    RespiteRequest,
    RespiteRequestEvent,
    Role,
    User,
)
from webapp.models.respite import MatchStatus, RequestStatus
from webapp.respite.followup import checkins
from webapp.respite.followup import services as followup
from webapp.respite.workflow import Actor, StepNotAllowed, move_request

R = RequestStatus


@dataclass
class World:
    ayse: User
    elif_: User
    ria: User
    sanne: User
    other_coordinator: User
    stranger: User
    request: RespiteRequest
    household: Household
    match: RespiteMatch


@pytest.fixture
def world(app, db: Session) -> World:
    freeze_time(app, NOW)
    meldpunt = Organisation(name="Meldpunt Steuntje in de rug Venlo", kind="meldpunt", region="Noord-Limburg")
    elsewhere = Organisation(name="Meldpunt elders", kind="meldpunt")
    db.add_all([meldpunt, elsewhere])
    db.commit()
    ayse = make_user(db, Role.OUDER, name="Ayşe Yılmaz", language="nl")  # pages read in Dutch here; e2e reads them in Turkish
    elif_ = make_user(db, name="Elif Yılmaz", email=None, birth_date=born(8))
    ria = make_user(db, Role.STEUNGEZIN, name="Ria Peeters")
    sanne = make_user(db, Role.COORDINATOR, name="Sanne de Vries", totp_secret=pyotp.random_base32())
    sanne.organisation_id = meldpunt.id
    other = make_user(db, Role.COORDINATOR, name="Karin Elders", totp_secret=pyotp.random_base32())
    other.organisation_id = elsewhere.id
    stranger = make_user(db, Role.OUDER, name="Piet Vreemd")
    db.add_all([sanne, other])
    family = make_family(db, None, (ayse, Relation.OUDER), (elif_, Relation.JONGERE), name="Yılmaz")
    request = RespiteRequest(family_id=family.id, meldpunt_id=meldpunt.id, created_by_id=ayse.id)
    household = Household(
        meldpunt_id=meldpunt.id,
        kind="steungezin",
        status="goedgekeurd",
        user_id=ria.id,
        contact_name="Ria Peeters",
        email=ria.email,
    )
    db.add_all([request, household])
    db.commit()
    for target, actor in (
        (R.NIEUW, Actor.FAMILY),
        (R.INTAKE, Actor.COORDINATOR),
        (R.ZOEKEN, Actor.COORDINATOR),
        (R.VOORGESTELD, Actor.COORDINATOR),
        (R.KENNISMAKING, Actor.SYSTEM),
    ):
        move_request(db, request, target, actor, None)
    match = RespiteMatch(
        request_id=request.id,
        household_id=household.id,
        status=MatchStatus.AKKOORD,
        family_answer="ja",
        household_answer="ja",
        accepted_at=NOW,
    )
    db.add(match)
    db.commit()
    return World(ayse, elif_, ria, sanne, other, stranger, request, household, match)


def start(app, db, w: World, **dates):
    return call(app, db, followup.start_trial, w.sanne, w.match.id, **dates)


def checkin_of(db, w: World, side: str, moment: str) -> CheckIn:
    return db.exec(
        select(CheckIn).where(CheckIn.match_id == w.match.id, CheckIn.side == side, CheckIn.moment == moment)
    ).one()


def on_day(app, day: date) -> None:
    freeze_time(app, NOW + (day - TODAY))


# --- the plan of check-ins (pure) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "expected"),
    [
        (date(2027, 3, 1), None, [date(2027, 3, 15), date(2027, 3, 29), date(2027, 4, 26)]),
        (date(2027, 12, 20), None, [date(2028, 1, 3), date(2028, 1, 17), date(2028, 2, 14)]),
        (date(2027, 3, 1), date(2027, 5, 31), [date(2027, 3, 15), date(2027, 3, 29), date(2027, 4, 26)]),
        # a six-week trial: week 8 moves to the last day, so every answer is in before the evaluation
        (date(2027, 3, 1), date(2027, 4, 12), [date(2027, 3, 15), date(2027, 3, 29), date(2027, 4, 12)]),
    ],
)
def test_the_trial_check_ins_fall_in_weeks_2_4_and_8_from_the_first_day(starts_on, ends_on, expected) -> None:
    moments = checkins.trial_moments(starts_on, ends_on)
    assert [m.moment for m in moments] == ["week2", "week4", "week8"]
    assert [m.due_on for m in moments] == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 3, 1), 6, date(2027, 9, 1)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2027, 10, 15), 6, date(2028, 4, 15)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
    ],
)
def test_a_review_falls_six_months_on_the_same_day_or_the_months_last(day, months, expected) -> None:
    assert checkins.add_months(day, months) == expected


def test_the_check_in_before_a_review_is_two_weeks_ahead_but_never_in_the_past() -> None:
    assert checkins.review_moment(1, date(2027, 9, 1), date(2027, 3, 1)) == checkins.Moment(
        "review1", date(2027, 8, 18)
    )
    assert checkins.review_moment(2, date(2027, 9, 1), date(2027, 8, 25)).due_on == date(2027, 8, 25)
    assert checkins.review_number("review12") == 12
    assert checkins.review_number("week4") is None


# --- starting the trial ----------------------------------------------------------------------------------------


def test_the_coordinator_starts_the_trial_with_check_ins_for_both_sides(app, db, world) -> None:
    match = start(app, db, world)
    assert world.request.status == R.PROEFPERIODE and world.request.started_at == NOW
    assert (match.trial_starts_on, match.trial_ends_on) == (TODAY, TODAY + timedelta(weeks=8))
    planned = db.exec(select(CheckIn).where(CheckIn.match_id == match.id)).all()
    assert sorted((c.moment, c.side) for c in planned) == sorted(
        (m, s) for m in ("week2", "week4", "week8") for s in ("gezin", "steungezin")
    )
    told = {n.user_id for n in db.exec(select(OutboxNotification).where(OutboxNotification.kind == "steun"))}
    assert told == {world.ayse.id, world.ria.id}


def test_a_chosen_start_and_end_are_kept(app, db, world) -> None:
    match = start(app, db, world, starts_on=date(2027, 3, 8), ends_on=date(2027, 5, 10))
    assert (match.trial_starts_on, match.trial_ends_on) == (date(2027, 3, 8), date(2027, 5, 10))
    assert checkin_of(db, world, "gezin", "week8").due_on == date(2027, 5, 3)


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field"),
    [
        (date(2027, 3, 1), date(2027, 3, 10), "ends_on"),
        (date(2026, 10, 1), None, "starts_on"),
        (date(2027, 3, 1), date(2028, 3, 1), "ends_on"),
    ],
)
def test_trial_dates_out_of_bounds_are_refused_with_a_message(app, db, world, starts_on, ends_on, field) -> None:
    with pytest.raises(followup.FollowupError) as problem:
        start(app, db, world, starts_on=starts_on, ends_on=ends_on)
    assert problem.value.field == field
    assert world.request.status == R.KENNISMAKING


def test_the_trial_starts_once_and_only_after_the_kennismaking(app, db, world) -> None:
    start(app, db, world)
    with pytest.raises(StepNotAllowed):
        start(app, db, world)


def test_only_the_meldpunts_coordinator_starts_the_trial(app, db, world) -> None:
    for person in (world.ayse, world.ria, world.other_coordinator, world.stranger):
        with pytest.raises(NotFound):
            call(app, db, followup.start_trial, person, world.match.id)


def test_a_proposal_not_yet_accepted_has_no_follow_up_page(app, db, world) -> None:
    world.match.accepted_at = None
    world.match.status = MatchStatus.VOORGESTELD
    db.add(world.match)
    db.commit()
    with pytest.raises(NotFound):
        call(app, db, followup.get_match, world.sanne, world.match.id)


# --- the check-ins ---------------------------------------------------------------------------------------------


def test_only_the_side_a_check_in_belongs_to_answers_it_and_only_once(app, db, world) -> None:
    start(app, db, world)
    on_day(app, date(2027, 3, 15))
    family_week2 = checkin_of(db, world, "gezin", "week2")
    with pytest.raises(NotFound):
        call(app, db, followup.answer_checkin, world.ria, family_week2.id, face=3)
    with pytest.raises(NotFound):
        call(app, db, followup.answer_checkin, world.sanne, family_week2.id, face=3)
    answered = call(
        app, db, followup.answer_checkin, world.ayse, family_week2.id, face=3, child_face=2, note="Elif is blij."
    )
    assert (answered.face, answered.child_face, answered.note, answered.answered_by_id) == (
        3,
        2,
        "Elif is blij.",
        world.ayse.id,
    )
    with pytest.raises(StepNotAllowed):
        call(app, db, followup.answer_checkin, world.ayse, family_week2.id, face=1)
    assert checkin_of(db, world, "gezin", "week2").face == 3


def test_a_check_in_is_not_answered_before_it_is_due(app, db, world) -> None:
    start(app, db, world)
    with pytest.raises(StepNotAllowed):
        call(app, db, followup.answer_checkin, world.ria, checkin_of(db, world, "steungezin", "week2").id, face=3)


def test_a_check_in_needs_a_face_and_the_child_face_only_for_the_family(app, db, world) -> None:
    start(app, db, world)
    on_day(app, date(2027, 3, 15))
    with pytest.raises(followup.FollowupError) as problem:
        call(app, db, followup.answer_checkin, world.ayse, checkin_of(db, world, "gezin", "week2").id, face=7)
    assert problem.value.field == "face"
    with pytest.raises(followup.FollowupError) as problem:
        call(
            app,
            db,
            followup.answer_checkin,
            world.ria,
            checkin_of(db, world, "steungezin", "week2").id,
            face=3,
            child_face=2,
        )
    assert problem.value.field == "child_face"


def test_the_other_side_sees_only_that_a_check_in_was_answered(app, db, world) -> None:
    start(app, db, world)
    on_day(app, date(2027, 3, 15))
    family_week2 = checkin_of(db, world, "gezin", "week2")
    call(app, db, followup.answer_checkin, world.ayse, family_week2.id, face=1, note="Elif wil niet meer.")
    with pytest.raises(NotFound):
        call(app, db, followup.get_checkin, world.ria, family_week2.id)
    for_ria = {
        (i.checkin.side, i.checkin.moment): i for i in call(app, db, followup.timeline, world.ria, world.match.id).items
    }
    theirs = for_ria[("gezin", "week2")]
    assert theirs.state == "klaar" and not theirs.shows_answer and theirs.face_text == ""
    for_sanne = {
        (i.checkin.side, i.checkin.moment): i
        for i in call(app, db, followup.timeline, world.sanne, world.match.id).items
    }
    assert for_sanne[("gezin", "week2")].shows_answer and "Niet goed" in for_sanne[("gezin", "week2")].face_text
    assert call(app, db, followup.get_checkin, world.sanne, family_week2.id).checkin.note == "Elif wil niet meer."


def test_a_sad_face_tells_the_coordinator_at_once(app, db, world) -> None:
    start(app, db, world)
    on_day(app, date(2027, 3, 15))
    call(app, db, followup.answer_checkin, world.ria, checkin_of(db, world, "steungezin", "week2").id, face=1)
    told = db.exec(select(OutboxNotification).where(OutboxNotification.user_id == world.sanne.id)).all()
    assert [n.kind for n in told] == ["steun"]


def test_open_check_ins_are_the_due_unanswered_ones_of_my_side(app, db, world) -> None:
    start(app, db, world)
    assert call(app, db, followup.open_checkins, world.ayse) == []
    on_day(app, date(2027, 3, 29))
    mine = call(app, db, followup.open_checkins, world.ayse)
    assert [(o.checkin.side, o.checkin.moment) for o in mine] == [("gezin", "week2"), ("gezin", "week4")]
    assert mine[0].with_whom == "Ria Peeters"
    ria = call(app, db, followup.open_checkins, world.ria)
    assert [(o.checkin.side, o.checkin.moment) for o in ria] == [("steungezin", "week2"), ("steungezin", "week4")]
    assert call(app, db, followup.open_checkins, world.stranger) == []
    assert call(app, db, followup.open_checkins, world.sanne) == []


def test_the_due_job_tells_each_side_once_even_when_run_twice(app, db, world) -> None:
    start(app, db, world)
    on_day(app, date(2027, 3, 15))
    before = len(db.exec(select(OutboxNotification)).all())
    assert call(app, db, followup.notify_due_checkins) == 2
    assert call(app, db, followup.notify_due_checkins) == 0
    rows = db.exec(select(OutboxNotification).where(OutboxNotification.tag.startswith("steun-checkin-"))).all()
    assert len(db.exec(select(OutboxNotification)).all()) == before + 2
    assert sorted(r.user_id for r in rows) == sorted([world.ayse.id, world.ria.id])
    assert {r.kind for r in rows} == {"steun"}
    assert all(r.url.startswith("/steuntje/verloop/checkin/") for r in rows)
    on_day(app, date(2027, 3, 29))
    assert call(app, db, followup.notify_due_checkins) == 2


# --- the evaluation and the reviews ----------------------------------------------------------------------------


def test_the_evaluation_summary_shows_faces_per_week_and_is_logged(app, db, world) -> None:
    start(app, db, world)
    on_day(app, date(2027, 3, 15))
    call(app, db, followup.answer_checkin, world.ayse, checkin_of(db, world, "gezin", "week2").id, face=3, child_face=3)
    call(app, db, followup.answer_checkin, world.ria, checkin_of(db, world, "steungezin", "week2").id, face=2)
    _view, rows = call(app, db, followup.summary, world.sanne, world.match.id)
    assert [r.moment for r in rows] == ["week2", "week4", "week8"]
    assert (rows[0].gezin.face, rows[0].gezin.child_face, rows[0].steungezin.face) == (3, 3, 2)
    assert rows[1].gezin.answered_at is None
    logged = db.exec(select(AuditEvent).where(AuditEvent.actor_id == world.sanne.id, AuditEvent.action == "read")).all()
    assert [e.object_type for e in logged] == ["steunaanvraag"]
    with pytest.raises(NotFound):
        call(app, db, followup.summary, world.ayse, world.match.id)


def test_going_on_after_the_evaluation_makes_it_lopend_with_a_review_in_six_months(app, db, world) -> None:
    start(app, db, world)
    on_day(app, date(2027, 4, 28))
    match = call(app, db, followup.record_evaluation, world.sanne, world.match.id, "doorgaan", note="Het klikt goed.")
    assert world.request.status == R.LOPEND
    assert match.next_review_on == date(2027, 10, 28)
    review1 = db.exec(select(CheckIn).where(CheckIn.match_id == match.id, CheckIn.moment == "review1")).all()
    assert sorted(c.side for c in review1) == ["gezin", "steungezin"]
    assert {c.due_on for c in review1} == {date(2027, 10, 14)}
    notes = db.exec(select(IntakeNote).where(IntakeNote.request_id == world.request.id)).all()
    assert [n.text for n in notes] == ["Het klikt goed."]
    with pytest.raises(StepNotAllowed):
        call(app, db, followup.record_evaluation, world.sanne, world.match.id, "doorgaan")


def test_the_evaluation_needs_the_trial_and_a_reason_when_it_stops(app, db, world) -> None:
    with pytest.raises(StepNotAllowed):
        call(app, db, followup.record_evaluation, world.sanne, world.match.id, "doorgaan")
    start(app, db, world)
    with pytest.raises(followup.FollowupError) as problem:
        call(app, db, followup.record_evaluation, world.sanne, world.match.id, "stoppen")
    assert problem.value.field == "reason"
    with pytest.raises(followup.FollowupError):
        call(app, db, followup.record_evaluation, world.sanne, world.match.id, "misschien")


def test_a_poor_fit_at_the_evaluation_sends_the_request_back_to_zoeken(app, db, world) -> None:
    start(app, db, world)
    match = call(
        app,
        db,
        followup.record_evaluation,
        world.sanne,
        world.match.id,
        "opnieuw_zoeken",
        reason="klik",
        note="Intern.",
    )
    assert world.request.status == R.ZOEKEN
    assert (match.status, match.end_reason, match.end_note, match.ended_by_id) == (
        MatchStatus.BEEINDIGD,
        "klik",
        "",
        world.sanne.id,
    )
    assert db.exec(select(CheckIn).where(CheckIn.match_id == match.id)).all() == []


def test_a_review_plans_the_next_one_six_months_on(app, db, world) -> None:
    start(app, db, world)
    call(app, db, followup.record_evaluation, world.sanne, world.match.id, "doorgaan")
    on_day(app, date(2027, 9, 6))
    match = call(app, db, followup.record_review, world.sanne, world.match.id, note="Goed gesprek.")
    assert match.next_review_on == date(2028, 3, 6)
    moments = {c.moment for c in db.exec(select(CheckIn).where(CheckIn.match_id == match.id))}
    assert "review2" in moments and "review1" not in moments  # review1 was not filled in: no longer asked
    with pytest.raises(NotFound):
        call(app, db, followup.record_review, world.ria, world.match.id)


def test_a_review_during_the_trial_is_a_step_out_of_order(app, db, world) -> None:
    start(app, db, world)
    with pytest.raises(StepNotAllowed):
        call(app, db, followup.record_review, world.sanne, world.match.id)


# --- stopping and the goodbye ----------------------------------------------------------------------------------


def test_the_family_stops_and_the_request_is_gestopt(app, db, world) -> None:
    start(app, db, world)
    match = call(app, db, followup.stop, world.ayse, world.match.id, reason="gezin_stopt", note="Het is te veel.")
    assert world.request.status == R.GESTOPT and world.request.end_reason == "gezin_stopt"
    assert (match.status, match.ended_by_id, match.ended_at) == (MatchStatus.BEEINDIGD, world.ayse.id, NOW)
    told = {
        n.user_id
        for n in db.exec(select(OutboxNotification).where(OutboxNotification.tag == f"steun-verloop-{match.id}"))
    }
    assert {world.ria.id, world.sanne.id} <= told
    assert call(app, db, followup.open_checkins, world.ayse) == []
    with pytest.raises(StepNotAllowed):
        call(app, db, followup.stop, world.ria, world.match.id, reason="anders")


def test_the_steungezin_stops_and_the_request_goes_back_to_zoeken(app, db, world) -> None:
    start(app, db, world)
    call(app, db, followup.record_evaluation, world.sanne, world.match.id, "doorgaan")
    match = call(app, db, followup.stop, world.ria, world.match.id, reason="verhuisd", note="We verhuizen naar Zwolle.")
    assert world.request.status == R.ZOEKEN and world.request.ended_at is None
    assert (match.status, match.end_reason, match.next_review_on) == (MatchStatus.BEEINDIGD, "verhuisd", None)
    event = db.exec(
        select(RespiteRequestEvent)
        .where(RespiteRequestEvent.request_id == world.request.id)
        .order_by(RespiteRequestEvent.id.desc())
    ).first()
    assert (event.to_status, event.note) == (R.ZOEKEN, "")  # the household's words are not in the family's history
    view = call(app, db, followup.get_match, world.ayse, world.match.id)
    assert not followup.shows_end_note(world.ayse, view)
    told = {
        n.user_id
        for n in db.exec(select(OutboxNotification).where(OutboxNotification.tag == f"steun-verloop-{match.id}"))
    }
    assert {world.ayse.id, world.sanne.id} <= told


def test_a_stop_needs_a_known_reason_and_a_side(app, db, world) -> None:
    start(app, db, world)
    with pytest.raises(followup.FollowupError):
        call(app, db, followup.stop, world.ayse, world.match.id, reason="")
    with pytest.raises(NotFound):
        call(app, db, followup.stop, world.sanne, world.match.id, reason="anders")
    with pytest.raises(NotFound):
        call(app, db, followup.stop, world.stranger, world.match.id, reason="anders")


def test_the_coordinator_closes_with_a_goodbye_both_sides_read(app, db, world) -> None:
    start(app, db, world)
    on_day(app, date(2027, 4, 1))
    match = call(
        app, db, followup.close, world.sanne, world.match.id, reason="doel_bereikt", note="Afscheid met taart."
    )
    assert world.request.status == R.AFGESLOTEN and world.request.end_reason == "doel_bereikt"
    assert (match.status, match.end_reason, match.ended_by_id) == (
        MatchStatus.BEEINDIGD,
        "doel_bereikt",
        world.sanne.id,
    )
    answered_none = db.exec(select(CheckIn).where(CheckIn.match_id == match.id)).all()
    assert answered_none == []  # nothing left to fill in after the goodbye
    for person in (world.ayse, world.ria):
        assert followup.shows_end_note(person, call(app, db, followup.get_match, person, world.match.id))
    with pytest.raises(StepNotAllowed):
        call(app, db, followup.close, world.sanne, world.match.id, reason="anders")


def test_closing_before_the_trial_is_a_step_out_of_order(app, db, world) -> None:
    with pytest.raises(StepNotAllowed):
        call(app, db, followup.close, world.sanne, world.match.id, reason="anders")


# --- the pages -------------------------------------------------------------------------------------------------


def test_strangers_and_other_meldpunten_get_404_on_every_page(app, db, world) -> None:
    start(app, db, world)
    on_day(app, date(2027, 3, 15))
    checkin = checkin_of(db, world, "gezin", "week2")
    for person in (world.stranger, world.other_coordinator):
        browser = sign_in(app, person)
        for path in (
            f"/steuntje/verloop/{world.match.id}",
            f"/steuntje/verloop/checkin/{checkin.id}",
            f"/steuntje/verloop/{world.match.id}/evaluatie",
            f"/steuntje/verloop/{world.match.id}/stoppen",
            f"/steuntje/verloop/{world.match.id}/afsluiten",
        ):
            assert browser.get(path).status_code == 404, (person.name, path)
        assert browser.post(f"/steuntje/verloop/{world.match.id}/proefperiode").status_code == 404


def test_ayse_fills_in_her_check_in_on_the_page_and_then_reads_it(app, db, world) -> None:
    start(app, db, world)
    on_day(app, date(2027, 3, 15))
    checkin = checkin_of(db, world, "gezin", "week2")
    client = sign_in(app, world.ayse)
    page = client.get(f"/steuntje/verloop/checkin/{checkin.id}").get_data(as_text=True)
    assert 'type="radio"' in page and "child_face" in page and "ziet alleen" in page
    bad = client.post(f"/steuntje/verloop/checkin/{checkin.id}", {"note": "Elif vond het fijn."})
    assert bad.status_code == 400
    assert "Elif vond het fijn." in bad.get_data(as_text=True)  # what she typed is kept
    done = client.post(
        f"/steuntje/verloop/checkin/{checkin.id}",
        {"face": "3", "child_face": "3", "note": "Elif vond het fijn."},
    )
    assert done.status_code == 302
    assert "Elif vond het fijn." in client.get(f"/steuntje/verloop/checkin/{checkin.id}").get_data(as_text=True)
    again = client.post(f"/steuntje/verloop/checkin/{checkin.id}", {"face": "1"})
    assert again.status_code == 409


def test_the_coordinator_starts_evaluates_and_ria_stops_through_the_pages(app, db, world) -> None:
    sanne = sign_in(app, world.sanne)
    bad = sanne.post(
        f"/steuntje/verloop/{world.match.id}/proefperiode", {"starts_on": "2027-03-01", "ends_on": "2027-03-05"}
    )
    assert bad.status_code == 400 and "langer dan twee weken" in bad.get_data(as_text=True)
    assert sanne.post(f"/steuntje/verloop/{world.match.id}/proefperiode", {}).status_code == 302
    assert sanne.post(f"/steuntje/verloop/{world.match.id}/proefperiode", {}).status_code == 409
    assert "week" in sanne.get(f"/steuntje/verloop/{world.match.id}/evaluatie").get_data(as_text=True).lower()
    assert sanne.post(f"/steuntje/verloop/{world.match.id}/evaluatie", {"outcome": "doorgaan"}).status_code == 302
    db.expire_all()
    assert db.get(RespiteRequest, world.request.id).status == R.LOPEND
    ria = sign_in(app, world.ria)
    page = ria.get(f"/steuntje/verloop/{world.match.id}").get_data(as_text=True)
    assert "Wilt u stoppen?" in page
    assert ria.post(f"/steuntje/verloop/{world.match.id}/stoppen", {"reason": ""}).status_code == 400
    assert ria.post(f"/steuntje/verloop/{world.match.id}/stoppen", {"reason": "verhuisd"}).status_code == 302
    db.expire_all()
    assert db.get(RespiteRequest, world.request.id).status == R.ZOEKEN
    assert "gestopt" in ria.get(f"/steuntje/verloop/{world.match.id}").get_data(as_text=True)


def test_the_evaluation_talk_invites_the_parents_and_the_steungezin(app, db, world) -> None:
    with pytest.raises(StepNotAllowed):
        call(
            app, db, followup.plan_evaluation, world.sanne, world.match.id, datetime(2027, 4, 26, 16, 0), "Kerkstraat 1"
        )
    start(app, db, world)
    appointment = call(
        app, db, followup.plan_evaluation, world.sanne, world.match.id, datetime(2027, 4, 26, 16, 0), "Kerkstraat 1"
    )
    assert appointment.kind == AppointmentKind.EVALUATIE
    invited = {
        p.user_id
        for p in db.exec(select(AppointmentParticipant).where(AppointmentParticipant.appointment_id == appointment.id))
    }
    assert invited == {world.ayse.id, world.ria.id, world.sanne.id}  # not Elif (8, no account)
    for person in (world.ria, world.ayse, world.other_coordinator):
        with pytest.raises(NotFound):
            call(app, db, followup.plan_evaluation, person, world.match.id, datetime(2027, 4, 26, 16, 0), "Thuis")


def test_the_coordinators_look_at_the_follow_up_page_is_in_the_familys_access_log(app, db, world) -> None:
    start(app, db, world)
    sanne = sign_in(app, world.sanne)
    page = sanne.text(f"/steuntje/verloop/{world.match.id}")
    assert "Plan het evaluatiegesprek" in page and "Week 2" in page
    logged = db.exec(select(AuditEvent).where(AuditEvent.actor_id == world.sanne.id, AuditEvent.action == "read")).all()
    assert [e.object_type for e in logged] == ["steunaanvraag"]
    ayse = sign_in(app, world.ayse)
    assert "Plan het evaluatiegesprek" not in ayse.text(f"/steuntje/verloop/{world.match.id}")


def test_the_goodbye_and_stop_pages_ask_once_more_and_keep_what_was_typed(app, db, world) -> None:
    start(app, db, world)
    sanne = sign_in(app, world.sanne)
    assert "Afsluiten met een afscheid" in sanne.text(f"/steuntje/verloop/{world.match.id}/afsluiten")
    bad = sanne.post(
        f"/steuntje/verloop/{world.match.id}/afsluiten", {"reason": "", "note": "Laatste keer op zaterdag."}
    )
    assert bad.status_code == 400 and "Laatste keer op zaterdag." in bad.get_data(as_text=True)
    ayse = sign_in(app, world.ayse)
    assert "Nee, toch niet" in ayse.text(f"/steuntje/verloop/{world.match.id}/stoppen")
    assert ayse.get(f"/steuntje/verloop/{world.match.id}/afsluiten").status_code == 404
    done = sanne.post(f"/steuntje/verloop/{world.match.id}/afsluiten", {"reason": "doel_bereikt", "note": "Met taart."})
    assert done.status_code == 302
    assert "Met taart." in ayse.text(f"/steuntje/verloop/{world.match.id}")
    assert ayse.post(f"/steuntje/verloop/{world.match.id}/stoppen", {"reason": "anders"}).status_code == 409
