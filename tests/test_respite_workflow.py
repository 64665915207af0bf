"""The two state machines of Steuntje in de rug, driven from their tables: every step each actor may take, every
step refused, and what a step stamps (the dates monitoring needs, the 12-month clock) and writes to history."""

from __future__ import annotations

import itertools

import pytest
from sqlmodel import select

from tests.factories import make_family, make_user
from webapp.models import Household, HouseholdEvent, RespiteRequest, RespiteRequestEvent, Role
from webapp.models.respite import HouseholdStatus, RequestStatus
from webapp.respite import workflow
from webapp.respite.workflow import Actor, StepNotAllowed

R, H = RequestStatus, HouseholdStatus

# The request's rules as the issue states them, written out by hand (not read from the table under test).
REQUEST_STEPS = {
    (R.CONCEPT, R.NIEUW): {Actor.FAMILY},
    (R.NIEUW, R.INTAKE): {Actor.COORDINATOR},
    (R.INTAKE, R.ZOEKEN): {Actor.COORDINATOR},
    (R.ZOEKEN, R.VOORGESTELD): {Actor.COORDINATOR},
    (R.VOORGESTELD, R.ZOEKEN): {Actor.COORDINATOR, Actor.SYSTEM},
    (R.VOORGESTELD, R.KENNISMAKING): {Actor.SYSTEM},
    (R.KENNISMAKING, R.PROEFPERIODE): {Actor.COORDINATOR},
    (R.PROEFPERIODE, R.LOPEND): {Actor.COORDINATOR},
    (R.KENNISMAKING, R.ZOEKEN): {Actor.COORDINATOR, Actor.HOUSEHOLD, Actor.SYSTEM},
    (R.PROEFPERIODE, R.ZOEKEN): {Actor.COORDINATOR, Actor.HOUSEHOLD, Actor.SYSTEM},
    (R.LOPEND, R.ZOEKEN): {Actor.COORDINATOR, Actor.HOUSEHOLD, Actor.SYSTEM},
    (R.PROEFPERIODE, R.AFGESLOTEN): {Actor.COORDINATOR},
    (R.LOPEND, R.AFGESLOTEN): {Actor.COORDINATOR},
    **{
        (status, R.GESTOPT): {Actor.FAMILY, Actor.COORDINATOR}
        for status in (R.NIEUW, R.INTAKE, R.ZOEKEN, R.VOORGESTELD, R.KENNISMAKING, R.PROEFPERIODE, R.LOPEND)
    },
}
HOUSEHOLD_STEPS = {
    (H.AANGEMELD, H.SCREENING): {Actor.COORDINATOR},
    (H.SCREENING, H.GOEDGEKEURD): {Actor.COORDINATOR},
    (H.AANGEMELD, H.AFGEWEZEN): {Actor.COORDINATOR},
    (H.SCREENING, H.AFGEWEZEN): {Actor.COORDINATOR},
    (H.AANGEMELD, H.GESTOPT): {Actor.HOUSEHOLD, Actor.COORDINATOR},
    (H.SCREENING, H.GESTOPT): {Actor.HOUSEHOLD, Actor.COORDINATOR},
    (H.GOEDGEKEURD, H.GESTOPT): {Actor.HOUSEHOLD, Actor.COORDINATOR},
    (H.AANGEMELD, H.DOORGESTUURD): {Actor.COORDINATOR, Actor.SYSTEM},
}


@pytest.mark.parametrize(("current", "target", "actor"), list(itertools.product(R, R, Actor)))
def test_a_request_step_is_allowed_exactly_when_the_rules_say_so(current, target, actor) -> None:
    assert workflow.request_allowed(current, target, actor) == (actor in REQUEST_STEPS.get((current, target), set()))


@pytest.mark.parametrize(("current", "target", "actor"), list(itertools.product(H, H, Actor)))
def test_a_household_step_is_allowed_exactly_when_the_rules_say_so(current, target, actor) -> None:
    assert workflow.household_allowed(current, target, actor) == (
        actor in HOUSEHOLD_STEPS.get((current, target), set())
    )


def test_no_step_leaves_a_closed_request_or_a_final_household() -> None:
    for closed, target, actor in itertools.product((R.AFGESLOTEN, R.GESTOPT), R, Actor):
        assert not workflow.request_allowed(closed, target, actor)
    for final, target, actor in itertools.product((H.AFGEWEZEN, H.GESTOPT, H.DOORGESTUURD), H, Actor):
        assert not workflow.household_allowed(final, target, actor)


@pytest.fixture
def request_(db) -> tuple[RespiteRequest, object]:
    parent = make_user(db, Role.OUDER)
    family = make_family(db, None, (parent, "ouder"))
    request = RespiteRequest(family_id=family.id, created_by_id=parent.id)
    db.add(request)
    db.flush()
    return request, parent


def test_moving_a_request_stamps_the_dates_monitoring_needs_and_writes_history(db, request_) -> None:
    request, parent = request_
    workflow.move_request(db, request, R.NIEUW, Actor.FAMILY, parent)
    assert request.submitted_at is not None and request.started_at is None
    for target in (R.INTAKE, R.ZOEKEN, R.VOORGESTELD):
        workflow.move_request(db, request, target, Actor.COORDINATOR, None)
    workflow.move_request(db, request, R.KENNISMAKING, Actor.SYSTEM, None)
    workflow.move_request(db, request, R.PROEFPERIODE, Actor.COORDINATOR, None)
    started = request.started_at
    assert started is not None
    workflow.move_request(db, request, R.ZOEKEN, Actor.HOUSEHOLD, None, note="verhuisd")
    for target in (R.VOORGESTELD,):
        workflow.move_request(db, request, target, Actor.COORDINATOR, None)
    workflow.move_request(db, request, R.KENNISMAKING, Actor.SYSTEM, None)
    workflow.move_request(db, request, R.PROEFPERIODE, Actor.COORDINATOR, None)
    assert request.started_at == started  # a second trial keeps the first start: the wait ended then
    workflow.move_request(db, request, R.GESTOPT, Actor.FAMILY, parent, note="Oma helpt nu.")
    assert request.ended_at is not None and request.status == R.GESTOPT
    db.flush()
    events = db.exec(select(RespiteRequestEvent).where(RespiteRequestEvent.request_id == request.id)).all()
    assert [(e.from_status, e.to_status) for e in events][:2] == [(R.CONCEPT, R.NIEUW), (R.NIEUW, R.INTAKE)]
    assert (events[-1].to_status, events[-1].actor_id, events[-1].note) == (R.GESTOPT, parent.id, "Oma helpt nu.")


def test_a_refused_request_step_changes_nothing(db, request_) -> None:
    request, _parent = request_
    with pytest.raises(StepNotAllowed):
        workflow.move_request(db, request, R.ZOEKEN, Actor.COORDINATOR, None)  # skips nieuw and intake
    with pytest.raises(StepNotAllowed):
        workflow.move_request(db, request, R.NIEUW, Actor.COORDINATOR, None)  # only the family sends
    assert request.status == R.CONCEPT and request.submitted_at is None
    assert db.exec(select(RespiteRequestEvent).where(RespiteRequestEvent.request_id == request.id)).all() == []


def test_a_final_household_decision_starts_the_twelve_month_clock(db) -> None:
    household = Household(kind="steungezin", contact_name="Ria", email="ria@example.org")
    db.add(household)
    db.flush()
    workflow.move_household(db, household, H.SCREENING, Actor.COORDINATOR, None)
    assert household.decided_at is None
    workflow.move_household(db, household, H.GESTOPT, Actor.HOUSEHOLD, None, note="Geen tijd meer.")
    assert household.decided_at is not None
    with pytest.raises(StepNotAllowed):
        workflow.move_household(db, household, H.SCREENING, Actor.COORDINATOR, None)
    db.flush()
    steps = db.exec(select(HouseholdEvent).where(HouseholdEvent.household_id == household.id)).all()
    assert [(e.from_status, e.to_status) for e in steps] == [(H.AANGEMELD, H.SCREENING), (H.SCREENING, H.GESTOPT)]
