"""Correction and erasure requests: a person asks in her own words, her regisseur answers within the legal term,
every step is history, both are told by push without personal data, and nobody else sees the request."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from tests.mentor_factories import JimWorld, build_jim_world
from tests.plan_factories import page_text, sign_in
from webapp.caseload.services import caseload
from webapp.models import OwnDataRequest, OwnDataRequestEvent
from webapp.owndata import services, workflow
from webapp.owndata.workflow import Actor, RequestKind, RequestStatus


@pytest.fixture
def world(app, db) -> JimWorld:
    return build_jim_world(app, db)  # the clock stands at Monday 1 March 2027


def _ask(world: JimWorld, user=None, kind: str = "vernietiging", **extra) -> OwnDataRequest:
    data = {
        "kind": kind,
        "about": "Mijn gesprek met de jeugdarts",
        "text": "Haal dat verslag alsjeblieft weg.",
        **extra,
    }
    response = sign_in(world.app, user or world.sara).post("/mijn-gegevens/verzoek", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    world.db.expire_all()
    return world.db.exec(select(OwnDataRequest).order_by(OwnDataRequest.id.desc())).first()


def _history(world: JimWorld, request: OwnDataRequest) -> list[tuple[str | None, str, int | None, str]]:
    world.db.expire_all()
    rows = world.db.exec(
        select(OwnDataRequestEvent).where(OwnDataRequestEvent.request_id == request.id).order_by(OwnDataRequestEvent.id)
    )
    return [(e.from_status, e.to_status, e.actor_id, e.note) for e in rows]


# --- the legal term --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "submitted", "due"),
    [
        (RequestKind.VERNIETIGING, date(2027, 3, 1), date(2027, 6, 1)),  # Jeugdwet 7.3.9: three months
        (RequestKind.CORRECTIE, date(2027, 3, 1), date(2027, 4, 1)),  # AVG art. 12: one month
        (RequestKind.CORRECTIE, date(2027, 1, 31), date(2027, 2, 28)),  # a shorter month: its last day
        (RequestKind.VERNIETIGING, date(2027, 11, 30), date(2028, 2, 29)),  # across a year, into a leap February
    ],
)
def test_the_legal_term_is_counted_in_months_from_the_day_it_came_in(kind, submitted, due) -> None:
    assert workflow.due_on(kind, submitted) == due


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        (RequestStatus.INGEDIEND, RequestStatus.IN_BEHANDELING, True),
        (RequestStatus.IN_BEHANDELING, RequestStatus.AFGEROND, True),
        (RequestStatus.IN_BEHANDELING, RequestStatus.AFGEWEZEN, True),
        (RequestStatus.INGEDIEND, RequestStatus.AFGEROND, False),
        (RequestStatus.AFGEROND, RequestStatus.IN_BEHANDELING, False),
        (RequestStatus.AFGEWEZEN, RequestStatus.AFGEROND, False),
    ],
)
def test_only_the_regisseur_takes_the_steps_in_order(start, target, allowed) -> None:
    assert workflow.allowed(start, target, Actor.REGISSEUR) is allowed
    assert workflow.allowed(start, target, Actor.REQUESTER) is False


# --- asking --------------------------------------------------------------------------------------------------------


def test_the_page_explains_the_jeugdwet_in_plain_words(world: JimWorld) -> None:
    text = page_text(sign_in(world.app, world.sara).text("/mijn-gegevens/verzoek"))
    assert "20 jaar" in text and "7.3.8" in text and "3 maanden" in text
    assert "belangrijk is voor iemand anders" in text and "een wet" in text


def test_a_request_reaches_the_regisseur_as_a_tracked_request_with_a_push_without_personal_data(
    world: JimWorld,
) -> None:
    request = _ask(world)
    assert (request.family_id, request.requester_id, request.kind, request.status) == (
        world.family.id,
        world.sara.id,
        "vernietiging",
        "ingediend",
    )
    assert request.due_on == date(2027, 6, 1)
    assert _history(world, request) == [(None, "ingediend", world.sara.id, "")]
    [push] = world.outbox("verzoeken")
    assert (push.user_id, push.url, push.tag) == (
        world.petra.id,
        f"/gegevensverzoeken/{request.id}",
        f"verzoek-{request.id}",
    )


def test_a_request_with_no_words_is_refused_and_keeps_what_was_typed(world: JimWorld) -> None:
    response = sign_in(world.app, world.sara).post(
        "/mijn-gegevens/verzoek", {"kind": "correctie", "about": "Mijn geboortedatum", "text": "  "}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Schrijf in je eigen woorden wat je vraagt." in html and 'value="Mijn geboortedatum"' in html
    assert world.db.exec(select(OwnDataRequest)).first() is None


def test_someone_without_a_regisseur_cannot_send_a_request(world: JimWorld) -> None:
    assert sign_in(world.app, world.karim).get("/mijn-gegevens/verzoek").status_code == 404


# --- who sees it ---------------------------------------------------------------------------------------------------


def test_only_the_requester_and_her_regisseur_see_the_request(world: JimWorld) -> None:
    request = _ask(world)
    url = f"/gegevensverzoeken/{request.id}"
    assert "Haal dat verslag alsjeblieft weg." in sign_in(world.app, world.sara).text(url)
    assert "Haal dat verslag alsjeblieft weg." in sign_in(world.app, world.petra).text(url)
    for other in (world.eva, world.ingrid, world.noah, world.ruud, world.mila, world.karim):
        assert sign_in(world.app, other).get(url).status_code == 404, other.name


def test_the_regisseur_sees_open_requests_in_her_caseload_with_the_days_left(world: JimWorld) -> None:
    request = _ask(world)
    row = next(r for r in world.run(caseload, world.petra) if r.family.id == world.family.id)
    assert [(r.id, r.requester_first_name, r.days_left) for r in row.data_requests] == [(request.id, "Sara", 92)]
    assert row.needs_attention
    assert "nog 92 dagen" in page_text(sign_in(world.app, world.petra).text("/home"))
    assert all(not r.data_requests for r in world.run(caseload, world.ruud))


# --- answering -----------------------------------------------------------------------------------------------------


def test_the_regisseur_takes_it_on_and_declines_with_a_reason_the_youth_reads(world: JimWorld) -> None:
    request = _ask(world)
    petra = sign_in(world.app, world.petra)
    url = f"/gegevensverzoeken/{request.id}"
    assert petra.post(f"{url}/stap", {"target": "in_behandeling", "note": ""}).status_code == 302
    reason = "Het verslag is belangrijk voor de zorg van je broer Noah, daarom mag het blijven."
    assert petra.post(f"{url}/stap", {"target": "afgewezen", "note": reason}).status_code == 302
    assert [(f, t) for f, t, _a, _n in _history(world, request)] == [
        (None, "ingediend"),
        ("ingediend", "in_behandeling"),
        ("in_behandeling", "afgewezen"),
    ]
    text = page_text(sign_in(world.app, world.sara).text(url))
    assert reason in text and "Afgewezen" in text
    assert [p.user_id for p in world.outbox("verzoeken")] == [world.petra.id, world.sara.id, world.sara.id]
    assert world.fresh(request).closed_at is not None
    assert not next(r for r in world.run(caseload, world.petra) if r.family.id == world.family.id).data_requests


def test_closing_without_an_answer_is_refused_and_changes_nothing(world: JimWorld) -> None:
    request = _ask(world)
    petra = sign_in(world.app, world.petra)
    petra.post(f"/gegevensverzoeken/{request.id}/stap", {"target": "in_behandeling"})
    response = petra.post(f"/gegevensverzoeken/{request.id}/stap", {"target": "afgerond", "note": " "})
    assert response.status_code == 400
    assert "Schrijf op wat je hebt gedaan" in response.get_data(as_text=True)
    assert world.fresh(request).status == "in_behandeling"


def test_a_step_out_of_order_is_a_conflict(world: JimWorld) -> None:
    request = _ask(world)
    response = sign_in(world.app, world.petra).post(
        f"/gegevensverzoeken/{request.id}/stap", {"target": "afgerond", "note": "Gedaan."}
    )
    assert response.status_code == 409
    assert world.fresh(request).status == "ingediend"


def test_the_requester_and_strangers_cannot_take_a_step(world: JimWorld) -> None:
    request = _ask(world)
    for user in (world.sara, world.eva, world.ruud):
        response = sign_in(world.app, user).post(
            f"/gegevensverzoeken/{request.id}/stap", {"target": "in_behandeling", "note": ""}
        )
        assert response.status_code == 404, user.name
    assert world.fresh(request).status == "ingediend"


def test_the_history_is_in_the_requesters_export(world: JimWorld) -> None:
    request = _ask(world, kind="correctie")
    world.run(services.move_request, world.petra, request.id, RequestStatus.IN_BEHANDELING, "")
    exported = world.run(services.export, world.sara)["data_requests"]
    assert [(r["kind"], [h["status"] for h in r["history"]]) for r in exported] == [
        ("correctie", ["ingediend", "in_behandeling"])
    ]
    assert world.run(services.export, world.eva)["data_requests"] == []
