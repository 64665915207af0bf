"""The meldpunt of Steuntje in de rug: the coordinator's queue (her own meldpunt only, never drafts, the longest
waiting first), a request in full (the read is in the family's access log), its steps (409 out of order), intake
notes for the meldpunt's coordinators only, appointments with the family, and the conversations with the meldpunt."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from tests.conftest import freeze_time, post_form
from tests.factories import login, make_family, make_regisseur, make_user
from tests.plan_factories import counted_queries
from webapp.appointments import services as appointments
from webapp.audit import services as audit
from webapp.clock import utcnow
from webapp.models import (
    Appointment,
    AuditEvent,
    Family,
    Household,
    IntakeNote,
    Organisation,
    OutboxNotification,
    Relation,
    RespiteMatch,
    RespiteRequest,
    RespiteRequestChild,
    Role,
    User,
)
from webapp.models.respite import HouseholdStatus, MatchStatus, RequestStatus
from webapp.respite import workflow
from webapp.respite.meldpunt import services
from webapp.respite.workflow import Actor, StepNotAllowed

R = RequestStatus
NOW = utcnow()  # the services run outside a request here, on the real clock
SOON = (NOW + timedelta(days=7)).replace(hour=14, minute=0, second=0, microsecond=0, tzinfo=None)  # local time


@dataclass
class World:
    db: Session
    meldpunt: Organisation
    other_meldpunt: Organisation
    gemeente: Organisation
    sanne: User  # coordinator of the meldpunt
    other_coordinator: User  # coordinator of another meldpunt
    petra: User  # regisseur of the family
    ayse: User
    emre: User  # 15, an account
    elif_: User  # 8, no account
    family: Family
    ria: User  # steungezin
    household: Household
    stranger: User

    def request(self, status: R = R.NIEUW, *, submitted: datetime | None = None, family: Family | None = None):
        family = family or self.family
        request = RespiteRequest(
            family_id=family.id,
            meldpunt_id=self.meldpunt.id,
            gemeente_id=self.gemeente.id,
            created_by_id=self.ayse.id,
            help_kinds=["weekend_maand"],
            days=["za", "zo"],
            home_languages=["tr", "nl"],
            needs_choices=["autisme"],
            child_needs="Elif houdt van vaste tijden.",
        )
        self.db.add(request)
        self.db.flush()
        self.db.add(RespiteRequestChild(request_id=request.id, user_id=self.elif_.id))
        if status is not R.CONCEPT:
            workflow.move_request(self.db, request, R.NIEUW, Actor.FAMILY, self.ayse)
            if submitted is not None:
                request.submitted_at = submitted
            path = [R.INTAKE, R.ZOEKEN, R.VOORGESTELD]
            for step in path[: path.index(status) + 1] if status in path else []:
                workflow.move_request(self.db, request, step, Actor.COORDINATOR, self.sanne)
            if status in (R.KENNISMAKING, R.PROEFPERIODE, R.LOPEND):
                for step in path:
                    workflow.move_request(self.db, request, step, Actor.COORDINATOR, self.sanne)
                workflow.move_request(self.db, request, R.KENNISMAKING, Actor.SYSTEM, None)
                if status in (R.PROEFPERIODE, R.LOPEND):
                    workflow.move_request(self.db, request, R.PROEFPERIODE, Actor.COORDINATOR, self.sanne)
                if status is R.LOPEND:
                    workflow.move_request(self.db, request, R.LOPEND, Actor.COORDINATOR, self.sanne)
        self.db.commit()
        return request

    def match(self, request: RespiteRequest) -> RespiteMatch:
        match = RespiteMatch(
            request_id=request.id, household_id=self.household.id, status=MatchStatus.AKKOORD, accepted_at=NOW
        )
        self.db.add(match)
        self.db.commit()
        return match


def _coordinator(db: Session, meldpunt: Organisation, name: str) -> User:
    import pyotp

    user = make_user(db, Role.COORDINATOR, name=name, totp_secret=pyotp.random_base32())
    user.organisation_id = meldpunt.id
    db.add(user)
    db.commit()
    return user


@pytest.fixture
def world(app, db) -> World:
    meldpunt = Organisation(name="Meldpunt Venlo", kind="meldpunt", region="Noord-Limburg")
    other = Organisation(name="Meldpunt Elders", kind="meldpunt", region="Zuid-Limburg")
    gemeente = Organisation(name="Gemeente Venlo", kind="gemeente", region="Noord-Limburg")
    db.add_all([meldpunt, other, gemeente])
    db.commit()
    sanne = _coordinator(db, meldpunt, "Sanne de Vries")
    other_coordinator = _coordinator(db, other, "Karin Elders")
    petra = make_regisseur(db, name="Petra Jansen")
    ayse = make_user(
        db, Role.OUDER, name="Ayşe Yılmaz", language="nl"
    )  # pages read in Dutch here; e2e reads them in Turkish
    emre = make_user(db, Role.JONGERE, name="Emre Yılmaz", birth_date=date(2011, 5, 1))
    elif_ = make_user(db, name="Elif Yılmaz", email=None, birth_date=date(2018, 3, 1))
    family = make_family(
        db, petra, (ayse, Relation.OUDER), (emre, Relation.JONGERE), (elif_, Relation.JONGERE), name="Yılmaz"
    )
    ria = make_user(db, Role.STEUNGEZIN, name="Ria Peeters")
    household = Household(
        meldpunt_id=meldpunt.id,
        kind="steungezin",
        status=HouseholdStatus.GOEDGEKEURD,
        user_id=ria.id,
        contact_name="Ria Peeters",
        email=ria.email,
    )
    db.add(household)
    stranger = make_user(db, Role.OUDER, name="Vreemde Ouder")
    db.commit()
    return World(
        db,
        meldpunt,
        other,
        gemeente,
        sanne,
        other_coordinator,
        petra,
        ayse,
        emre,
        elif_,
        family,
        ria,
        household,
        stranger,
    )


def _client(app, user: User):
    client = app.test_client()
    login(client, user)
    return client


def _read_rows(db: Session, family: Family) -> list[AuditEvent]:
    return list(
        db.exec(select(AuditEvent).where(AuditEvent.family_id == family.id, AuditEvent.object_type == "steunaanvraag"))
    )


def _told(db: Session, kind: str, tag_start: str) -> set[int]:
    rows = db.exec(select(OutboxNotification).where(OutboxNotification.kind == kind))
    return {r.user_id for r in rows if r.tag.startswith(tag_start)}


# --- the queue -----------------------------------------------------------------------------------------------------


def test_the_queue_shows_sent_requests_of_her_meldpunt_the_longest_waiting_first(world: World) -> None:
    recent = world.request(submitted=NOW - timedelta(days=2))
    oldest = world.request(R.ZOEKEN, submitted=NOW - timedelta(days=30))
    world.request(R.CONCEPT)
    rows = services.queue(world.db, world.sanne)
    assert [r.request.id for r in rows] == [oldest.id, recent.id]
    assert [r.waiting_days for r in rows] == [30, 2]
    assert rows[0].gemeente == "Gemeente Venlo"
    assert rows[0].child_ages == [8]


def test_waiting_days_and_ages_count_dutch_dates_also_just_after_midnight(app, world: World) -> None:
    """00:30 in Venlo is still yesterday in UTC: the queue counted from UTC's date, a day short every night."""
    freeze_time(app, datetime(2026, 12, 2, 23, 30, tzinfo=UTC))  # Thursday 3 December, 00:30 in Venlo
    request = world.request(submitted=datetime(2026, 11, 30, 23, 30, tzinfo=UTC))  # Tuesday 1 December, 00:30
    with app.app_context():
        rows = services.queue(world.db, world.sanne)
    assert [(r.request.id, r.waiting_days) for r in rows] == [(request.id, 2)]


def test_the_queue_takes_two_statements_however_many_requests(app, world: World) -> None:
    for days in range(12):
        world.request(submitted=NOW - timedelta(days=days))
    world.db.expire_all()
    assert world.sanne.has_role(Role.COORDINATOR) and world.sanne.organisation_id  # the user is loaded already
    with counted_queries(app) as statements:
        rows = services.queue(world.db, world.sanne)
    assert len(rows) == 12
    assert len(statements) == 2


def test_the_queue_filters_by_status(world: World) -> None:
    new = world.request()
    searching = world.request(R.ZOEKEN)
    assert [r.request.id for r in services.queue(world.db, world.sanne, "zoeken")] == [searching.id]
    assert [r.request.id for r in services.queue(world.db, world.sanne, "nieuw")] == [new.id]
    assert services.queue(world.db, world.sanne, "afgesloten") == []


def test_a_stopped_request_leaves_the_open_queue_but_not_the_full_list(world: World) -> None:
    request = world.request()
    services.take_step(world.db, world.sanne, request.id, "gestopt", reason="andere_hulp")
    world.db.commit()
    assert services.queue(world.db, world.sanne) == []
    assert [r.request.id for r in services.queue(world.db, world.sanne, "alle")] == [request.id]


def test_a_coordinator_of_another_meldpunt_sees_nothing(world: World) -> None:
    request = world.request()
    assert services.queue(world.db, world.other_coordinator) == []
    with pytest.raises(NotFound):
        services.request_detail(world.db, world.other_coordinator, request.id)


@pytest.mark.parametrize("who", ["ayse", "petra", "ria", "stranger"])
def test_people_who_are_not_coordinators_get_no_queue(world: World, who: str) -> None:
    with pytest.raises(NotFound):
        services.queue(world.db, getattr(world, who))


def test_a_draft_is_invisible_to_the_meldpunt(world: World) -> None:
    draft = world.request(R.CONCEPT)
    assert services.queue(world.db, world.sanne, "alle") == []
    with pytest.raises(NotFound):
        services.request_detail(world.db, world.sanne, draft.id)


# --- one request ---------------------------------------------------------------------------------------------------


def test_each_open_of_a_request_is_a_read_row_in_the_familys_access_log(world: World) -> None:
    request = world.request()
    services.request_detail(world.db, world.sanne, request.id)
    services.request_detail(world.db, world.sanne, request.id)
    world.db.commit()
    rows = _read_rows(world.db, world.family)
    assert len(rows) == 2
    assert {(r.actor_name, r.action, r.object_id) for r in rows} == {("Sanne de Vries", "read", request.id)}


def test_the_parent_sees_the_read_in_her_log_the_children_do_not(app, world: World) -> None:
    request = world.request()
    services.request_detail(world.db, world.sanne, request.id)
    world.db.commit()
    with app.app_context():
        seen_by_ayse = audit.events_for_family(world.db, world.ayse, world.family, None, None)
        seen_by_emre = audit.events_for_family(world.db, world.emre, world.family, None, None)
    assert [e.object_type for e in seen_by_ayse] == ["steunaanvraag"]
    assert seen_by_emre == []


def test_the_detail_has_children_history_and_the_steps_of_this_page(world: World) -> None:
    request = world.request()
    detail = services.request_detail(world.db, world.sanne, request.id)
    assert [c.id for c in detail.children] == [world.elif_.id]
    assert [(e.to_status, name) for e, name in detail.history] == [("nieuw", "Ayşe Yılmaz")]
    assert detail.steps == (R.INTAKE, R.GESTOPT)


# --- steps ---------------------------------------------------------------------------------------------------------


def test_the_coordinator_takes_intake_and_zoeken_and_the_family_is_told(world: World) -> None:
    request = world.request()
    services.take_step(world.db, world.sanne, request.id, "intake")
    services.take_step(world.db, world.sanne, request.id, "zoeken")
    world.db.commit()
    assert request.status == "zoeken"
    assert _told(world.db, "steun", f"steun-aanvraag-{request.id}") == {world.ayse.id}


@pytest.mark.parametrize(
    ("status", "target"),
    [
        (R.NIEUW, "zoeken"),  # skips the intake
        (R.NIEUW, "voorgesteld"),
        (R.INTAKE, "nieuw"),  # backwards
        (R.ZOEKEN, "voorgesteld"),  # proposing is done on the shortlist, with a household
        (R.ZOEKEN, "intake"),
        (R.VOORGESTELD, "gestopt"),  # a proposal is withdrawn on its own page first
        (R.KENNISMAKING, "proefperiode"),  # the trial is started in the follow-up
        (R.LOPEND, "afgesloten"),
        (R.NIEUW, "onzin"),
        (R.NIEUW, "concept"),
    ],
)
def test_steps_out_of_order_are_refused(world: World, status: R, target: str) -> None:
    request = world.request(status)
    with pytest.raises(StepNotAllowed):
        services.take_step(world.db, world.sanne, request.id, target, reason="anders", note="x")
    assert request.status == status


@pytest.mark.parametrize("status", [R.NIEUW, R.INTAKE, R.ZOEKEN])
def test_stopping_needs_a_reason_and_keeps_it(world: World, status: R) -> None:
    request = world.request(status)
    with pytest.raises(services.MeldpuntError) as problem:
        services.take_step(world.db, world.sanne, request.id, "gestopt", reason="")
    assert problem.value.field == "reason"
    with pytest.raises(services.MeldpuntError) as problem:
        services.take_step(world.db, world.sanne, request.id, "gestopt", reason="anders", note=" ")
    assert problem.value.field == "note"
    services.take_step(world.db, world.sanne, request.id, "gestopt", reason="verhuisd", note="Naar Utrecht")
    world.db.commit()
    assert (request.status, request.end_reason, request.end_note) == ("gestopt", "verhuisd", "Naar Utrecht")
    assert request.ended_at is not None


def test_another_meldpunt_cannot_take_a_step(world: World) -> None:
    request = world.request()
    with pytest.raises(NotFound):
        services.take_step(world.db, world.other_coordinator, request.id, "intake")


# --- notes ---------------------------------------------------------------------------------------------------------


def test_notes_are_written_and_read_by_coordinators_of_that_meldpunt_only(world: World) -> None:
    request = world.request()
    services.add_note(world.db, world.sanne, request.id, "Eerste gesprek: moeder wil rust in het weekend.")
    world.db.commit()
    assert [n.text for n, _name in services.notes(world.db, world.sanne, request)] == [
        "Eerste gesprek: moeder wil rust in het weekend."
    ]
    for outsider in (world.other_coordinator, world.ayse, world.petra, world.ria):
        with pytest.raises(NotFound):
            services.notes(world.db, outsider, request)
        with pytest.raises(NotFound):
            services.add_note(world.db, outsider, request.id, "mag niet")


def test_an_empty_or_too_long_note_is_refused(world: World) -> None:
    request = world.request()
    for text in ("", "   ", "x" * 4001):
        with pytest.raises(services.MeldpuntError):
            services.add_note(world.db, world.sanne, request.id, text)
    assert world.db.exec(select(IntakeNote)).all() == []


# --- appointments --------------------------------------------------------------------------------------------------


def _intake(world: World, request: RespiteRequest, **kwargs) -> Appointment:
    arguments = {
        "kind": "intake",
        "starts_at": SOON,
        "place": "Bij de familie thuis",
        "participant_ids": [world.ayse.id],
    } | kwargs
    appointment = services.plan_appointment(world.db, world.sanne, request, **arguments)
    world.db.commit()
    return appointment


def test_the_intake_is_visible_to_the_family_and_the_coordinator_not_to_another(world: World) -> None:
    request = world.request()
    appointment = _intake(world, request)
    assert appointment.respite_request_id == request.id and appointment.family_id == world.family.id
    assert appointment.organiser_id == world.sanne.id
    assert request.status == "intake"  # planning the intake of a new request is the intake step
    for person in (world.sanne, world.ayse):
        assert appointments.get(world.db, person, appointment.id).appointment.id == appointment.id
        assert [v.appointment.id for v in appointments.agenda(world.db, person).upcoming] == [appointment.id]
    for person in (world.other_coordinator, world.ria, world.stranger, world.emre):
        with pytest.raises(NotFound):
            appointments.get(world.db, person, appointment.id)
        assert appointments.agenda(world.db, person).upcoming == []
    assert _told(world.db, "afspraken", f"afspraak-{appointment.id}") == {world.ayse.id}


def test_the_regisseur_sees_a_respite_appointment_only_when_the_family_shares(world: World) -> None:
    request = world.request()
    appointment = _intake(world, request)
    with pytest.raises(NotFound):
        appointments.get(world.db, world.petra, appointment.id)
    assert appointments.agenda(world.db, world.petra).upcoming == []
    request.share_with_regisseur = True
    world.db.commit()
    assert appointments.get(world.db, world.petra, appointment.id).appointment.id == appointment.id
    assert [v.appointment.id for v in appointments.agenda(world.db, world.petra).upcoming] == [appointment.id]


def test_the_household_of_the_accepted_match_sees_the_kennismaking(world: World) -> None:
    request = world.request(R.KENNISMAKING)
    world.match(request)
    appointment = _intake(world, request, kind="kennismaking", participant_ids=[world.ayse.id, world.ria.id])
    assert appointments.get(world.db, world.ria, appointment.id).appointment.id == appointment.id
    assert [v.appointment.id for v in appointments.agenda(world.db, world.ria).upcoming] == [appointment.id]


def test_a_household_without_an_accepted_match_cannot_be_invited(world: World) -> None:
    request = world.request()
    with pytest.raises(NotFound):
        _intake(world, request, participant_ids=[world.ayse.id, world.ria.id])
    with pytest.raises(NotFound):
        _intake(world, request, participant_ids=[world.stranger.id])


def test_planning_refuses_bad_input(world: World) -> None:
    request = world.request()
    with pytest.raises(services.MeldpuntError):
        _intake(world, request, kind="jim_overleg")
    with pytest.raises(services.MeldpuntError):
        _intake(world, request, starts_at=SOON - timedelta(days=30))  # in the past
    with pytest.raises(services.MeldpuntError):
        _intake(world, request, place="")
    with pytest.raises(services.MeldpuntError):
        _intake(world, request, participant_ids=[])
    with pytest.raises(NotFound):
        services.plan_appointment(world.db, world.other_coordinator, request, "intake", SOON, "Venlo", [world.ayse.id])


def test_a_video_link_becomes_the_appointments_video_url(world: World) -> None:
    appointment = _intake(world, world.request(), place="https://meet.example.test/intake")
    assert (appointment.place, appointment.video_url) == ("", "https://meet.example.test/intake")


# --- conversations -------------------------------------------------------------------------------------------------


def test_the_request_conversation_is_one_per_request_for_the_carers_and_coordinators(world: World) -> None:
    request = world.request()
    first = services.request_conversation(world.db, world.sanne, request)
    again = services.request_conversation(world.db, world.ayse, request)
    assert first.id == again.id and first.kind == "steuntje"
    assert (first.family_id, first.respite_request_id) == (world.family.id, request.id)
    for outsider in (world.other_coordinator, world.petra, world.emre, world.ria, world.stranger):
        with pytest.raises(NotFound):
            services.request_conversation(world.db, outsider, request)


def test_a_draft_has_no_conversation_for_the_coordinator(world: World) -> None:
    with pytest.raises(NotFound):
        services.request_conversation(world.db, world.sanne, world.request(R.CONCEPT))


def test_the_household_conversation_is_for_the_household_and_coordinators_only(world: World) -> None:
    conversation = services.household_conversation(world.db, world.ria, world.household)
    assert conversation.id == services.household_conversation(world.db, world.sanne, world.household).id
    assert conversation.family_id is None and conversation.household_id == world.household.id
    for outsider in (world.other_coordinator, world.ayse, world.petra, world.stranger):
        with pytest.raises(NotFound):
            services.household_conversation(world.db, outsider, world.household)


# --- pages ---------------------------------------------------------------------------------------------------------


def test_the_queue_page_lists_ages_not_names(app, world: World) -> None:
    request = world.request(submitted=NOW - timedelta(days=3))
    page = _client(app, world.sanne).get("/meldpunt")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"/meldpunt/aanvraag/{request.id}" in html
    assert "8 jaar" in html and "wacht 3 dagen" in html
    assert "Elif" not in html and "Yılmaz" not in html


@pytest.mark.parametrize("who", ["ayse", "petra", "ria"])
def test_the_meldpunt_pages_answer_404_to_others(app, world: World, who: str) -> None:
    request = world.request()
    client = _client(app, getattr(world, who))
    assert client.get("/meldpunt").status_code == 404
    assert client.get(f"/meldpunt/aanvraag/{request.id}").status_code == 404
    assert post_form(client, f"/meldpunt/aanvraag/{request.id}/stap", {"naar": "intake"}).status_code == 404


def test_another_meldpunts_coordinator_gets_404_on_the_request_page(app, world: World) -> None:
    request = world.request()
    client = _client(app, world.other_coordinator)
    assert client.get("/meldpunt").status_code == 200
    assert client.get(f"/meldpunt/aanvraag/{request.id}").status_code == 404
    assert post_form(client, f"/meldpunt/aanvraag/{request.id}/notitie", {"text": "x"}).status_code == 404
    assert client.get(f"/meldpunt/aanvraag/{request.id}/bericht").status_code == 404


def test_the_request_page_shows_the_request_and_logs_the_read(app, world: World) -> None:
    request = world.request()
    page = _client(app, world.sanne).get(f"/meldpunt/aanvraag/{request.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Een weekend per maand" in html and "Turks" in html and "Elif houdt van vaste tijden." in html
    assert "Intake begint" in html and "Aanvraag stoppen" in html
    assert len(_read_rows(world.db, world.family)) == 1


def test_steps_through_the_page_and_409_out_of_order(app, world: World) -> None:
    request = world.request()
    client = _client(app, world.sanne)
    path = f"/meldpunt/aanvraag/{request.id}/stap"
    assert post_form(client, path, {"naar": "zoeken"}).status_code == 409
    assert post_form(client, path, {"naar": "intake"}).status_code == 302
    assert post_form(client, path, {"naar": "intake"}).status_code == 409
    assert post_form(client, path, {"naar": "zoeken"}).status_code == 302
    world.db.refresh(request)
    assert request.status == "zoeken"


def test_stopping_without_a_reason_shows_the_form_again_with_the_note_kept(app, world: World) -> None:
    request = world.request()
    client = _client(app, world.sanne)
    page = post_form(client, f"/meldpunt/aanvraag/{request.id}/stap", {"naar": "gestopt", "note": "Mijn uitleg"})
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "Kies waarom de aanvraag stopt." in html and "Mijn uitleg" in html
    world.db.refresh(request)
    assert request.status == "nieuw"
    done = post_form(client, f"/meldpunt/aanvraag/{request.id}/stap", {"naar": "gestopt", "reason": "klik"})
    assert done.status_code == 302
    world.db.refresh(request)
    assert (request.status, request.end_reason) == ("gestopt", "klik")


def test_a_note_through_the_page_and_an_empty_one_refused(app, world: World) -> None:
    request = world.request()
    client = _client(app, world.sanne)
    assert post_form(client, f"/meldpunt/aanvraag/{request.id}/notitie", {"text": " "}).status_code == 400
    assert (
        post_form(client, f"/meldpunt/aanvraag/{request.id}/notitie", {"text": "Belt liever na 15 uur"}).status_code
        == 302
    )
    html = client.get(f"/meldpunt/aanvraag/{request.id}").get_data(as_text=True)
    assert "Belt liever na 15 uur" in html


def test_planning_the_intake_through_the_page_puts_it_in_the_familys_agenda(app, world: World) -> None:
    request = world.request()
    client = _client(app, world.sanne)
    form = {
        "kind": "intake",
        "day": SOON.date().isoformat(),
        "start": "14:00",
        "duration": "60",
        "place": "Bij het gezin thuis",
        "participants": [str(world.ayse.id)],
    }
    response = post_form(client, f"/meldpunt/aanvraag/{request.id}/afspraak", form)
    assert response.status_code == 302
    appointment = world.db.exec(select(Appointment).where(Appointment.respite_request_id == request.id)).one()
    ayse = _client(app, world.ayse)
    assert ayse.get(f"/afspraken/{appointment.id}").status_code == 200
    assert f"/afspraken/{appointment.id}" in ayse.get("/afspraken").get_data(as_text=True)
    assert _client(app, world.other_coordinator).get(f"/afspraken/{appointment.id}").status_code == 404
    bad = post_form(client, f"/meldpunt/aanvraag/{request.id}/afspraak", form | {"place": "", "day": ""})
    assert bad.status_code == 400 and "Kies een dag." in bad.get_data(as_text=True)


# --- messages both ways ---------------------------------------------------------------------------------------------


def _send(client, conversation_id: int, body: str, key: str):
    return post_form(client, f"/berichten/{conversation_id}", {"body": body, "client_key": key})


def _badge(client) -> int:
    html = client.get("/afspraken").get_data(as_text=True)
    found = re.search(r'<span class="badge"><span aria-hidden="true">(\d+)</span>', html)
    return int(found.group(1)) if found else 0


def test_messages_between_the_family_and_the_meldpunt_both_ways_with_unread_counts(app, world: World) -> None:
    request = world.request()
    sanne, ayse = _client(app, world.sanne), _client(app, world.ayse)
    opened = sanne.get(f"/meldpunt/aanvraag/{request.id}/bericht")
    conversation_id = int(opened.headers["Location"].rsplit("/", 1)[-1])
    assert _send(sanne, conversation_id, "Wanneer kan ik langskomen?", "s1").status_code == 302
    assert _badge(ayse) == 1
    assert _told(world.db, "steun", f"bericht-{conversation_id}") == {world.ayse.id}
    assert "Uw aanvraag bij het meldpunt" in ayse.get("/berichten").get_data(as_text=True)
    assert "Wanneer kan ik langskomen?" in ayse.get(f"/berichten/{conversation_id}").get_data(as_text=True)
    assert _badge(ayse) == 0
    assert _send(ayse, conversation_id, "Dinsdag na school", "a1").status_code == 302
    assert _badge(sanne) == 1
    assert world.sanne.id in _told(world.db, "steun", f"bericht-{conversation_id}")
    # the coordinator's read is in the family's access log; Emre, the regisseur and another meldpunt cannot open it
    sanne.get(f"/berichten/{conversation_id}")
    logged = world.db.exec(select(AuditEvent).where(AuditEvent.object_type == "steuntjegesprek")).all()
    assert logged and {e.family_id for e in logged} == {world.family.id}
    for outsider in (world.emre, world.petra, world.other_coordinator, world.ria):
        client = _client(app, outsider)
        assert client.get(f"/berichten/{conversation_id}").status_code == 404
        assert _badge(client) == 0


def test_a_households_conversation_is_invisible_to_the_family(app, world: World) -> None:
    world.request()
    conversation = services.household_conversation(world.db, world.sanne, world.household)
    world.db.commit()
    sanne, ria = _client(app, world.sanne), _client(app, world.ria)
    assert _send(sanne, conversation.id, "Welkom Ria!", "s1").status_code == 302
    assert _badge(ria) == 1
    assert "U en het meldpunt" in ria.get("/berichten").get_data(as_text=True)
    assert "Welkom Ria!" in ria.get(f"/berichten/{conversation.id}").get_data(as_text=True)
    assert _send(ria, conversation.id, "Dank je!", "r1").status_code == 302
    assert _badge(sanne) == 1
    assert "Steungezin: Ria Peeters" in sanne.get("/berichten").get_data(as_text=True)
    for outsider in (world.ayse, world.petra, world.other_coordinator):
        client = _client(app, outsider)
        assert client.get(f"/berichten/{conversation.id}").status_code == 404
        assert "Ria" not in client.get("/berichten").get_data(as_text=True)
        assert _badge(client) == 0
