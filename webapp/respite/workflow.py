"""The two state machines of Steuntje in de rug, as data: a family's request and a volunteer household's screening.
Every step is checked against the table, stamped with the dates monitoring needs and written to history; a step out
of order raises `StepNotAllowed` (answered 409).

Request:
    concept -> nieuw -> intake -> zoeken -> voorgesteld -> kennismaking -> proefperiode -> lopend -> afgesloten
                                    ^            |               |              |            |
                                    +------------+---------------+--------------+------------+  (back to zoeken: a side
                                                                                                said no, or it ended)
    every open status (nieuw .. lopend) -> gestopt (with a reason: the family or the coordinator)

Household:
    aangemeld -> screening -> goedgekeurd
        |            |             |
        +------------+-------------+-> gestopt (the volunteer or the coordinator)
        +------------+-> afgewezen (the coordinator)
    aangemeld -> doorgestuurd (a pleeggezin or gezinshuis sign-up sent to its organisation)
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session

from webapp.clock import utcnow
from webapp.models import Household, HouseholdEvent, RespiteRequest, RespiteRequestEvent, User
from webapp.models.respite import HouseholdStatus, RequestStatus

R = RequestStatus
H = HouseholdStatus


class Actor(StrEnum):
    FAMILY = "family"  # a parent or foster parent of the family, or its regisseur with the family
    COORDINATOR = "coordinator"  # a coordinator of the request's meldpunt
    HOUSEHOLD = "household"  # the volunteer household of the match
    SYSTEM = "system"  # OnsPlan itself (both sides accepted a proposal)


class StepNotAllowed(Exception):
    """A step that skips or reverses the workflow, or is taken by the wrong person (answered 409)."""


OPEN_REQUEST = (R.NIEUW, R.INTAKE, R.ZOEKEN, R.VOORGESTELD, R.KENNISMAKING, R.PROEFPERIODE, R.LOPEND)
MATCHED = (R.KENNISMAKING, R.PROEFPERIODE, R.LOPEND)  # a household is at work with the family

_F, _C, _H, _S = Actor.FAMILY, Actor.COORDINATOR, Actor.HOUSEHOLD, Actor.SYSTEM

REQUEST_TRANSITIONS: dict[tuple[R, R], frozenset[Actor]] = {
    (R.CONCEPT, R.NIEUW): frozenset({_F}),
    (R.NIEUW, R.INTAKE): frozenset({_C}),
    (R.INTAKE, R.ZOEKEN): frozenset({_C}),
    (R.ZOEKEN, R.VOORGESTELD): frozenset({_C}),
    (R.VOORGESTELD, R.ZOEKEN): frozenset({_C, _S}),  # withdrawn, or a side said no
    (R.VOORGESTELD, R.KENNISMAKING): frozenset({_S}),  # both said yes
    (R.KENNISMAKING, R.PROEFPERIODE): frozenset({_C}),
    (R.PROEFPERIODE, R.LOPEND): frozenset({_C}),  # after the evaluation
    (R.KENNISMAKING, R.ZOEKEN): frozenset({_C, _H, _S}),
    (R.PROEFPERIODE, R.ZOEKEN): frozenset({_C, _H, _S}),
    (R.LOPEND, R.ZOEKEN): frozenset({_C, _H, _S}),
    (R.PROEFPERIODE, R.AFGESLOTEN): frozenset({_C}),
    (R.LOPEND, R.AFGESLOTEN): frozenset({_C}),  # the planned goodbye
    **{(status, R.GESTOPT): frozenset({_F, _C}) for status in OPEN_REQUEST},
}

# The steps the family sees on its page, in order (gestopt ends the line).
REQUEST_STEPS = (R.NIEUW, R.INTAKE, R.ZOEKEN, R.VOORGESTELD, R.KENNISMAKING, R.PROEFPERIODE, R.LOPEND, R.AFGESLOTEN)

HOUSEHOLD_TRANSITIONS: dict[tuple[H, H], frozenset[Actor]] = {
    (H.AANGEMELD, H.SCREENING): frozenset({_C}),
    (H.SCREENING, H.GOEDGEKEURD): frozenset({_C}),
    (H.AANGEMELD, H.AFGEWEZEN): frozenset({_C}),
    (H.SCREENING, H.AFGEWEZEN): frozenset({_C}),
    (H.AANGEMELD, H.GESTOPT): frozenset({_H, _C}),
    (H.SCREENING, H.GESTOPT): frozenset({_H, _C}),
    (H.GOEDGEKEURD, H.GESTOPT): frozenset({_H, _C}),
    (H.AANGEMELD, H.DOORGESTUURD): frozenset({_C, _S}),
}

HOUSEHOLD_STEPS = (H.AANGEMELD, H.SCREENING, H.GOEDGEKEURD)


def request_allowed(current: str, target: R, actor: Actor) -> bool:
    return actor in REQUEST_TRANSITIONS.get((R(current), target), frozenset())


def household_allowed(current: str, target: H, actor: Actor) -> bool:
    return actor in HOUSEHOLD_TRANSITIONS.get((H(current), target), frozenset())


def move_request(
    db: Session, request: RespiteRequest, target: R, actor: Actor, by: User | None, note: str = ""
) -> RespiteRequestEvent:
    """Take one step of a request, stamp the dates monitoring needs, and record it in the history."""
    if not request_allowed(request.status, target, actor):
        raise StepNotAllowed(f"{request.status} -> {target} by {actor}")
    now = utcnow()
    event = RespiteRequestEvent(
        request_id=request.id, from_status=request.status, to_status=target, actor_id=by.id if by else None, note=note
    )
    request.status = target
    request.updated_at = now
    if target is R.NIEUW:
        request.submitted_at = now
    elif target is R.PROEFPERIODE and request.started_at is None:
        request.started_at = now
    elif target in (R.AFGESLOTEN, R.GESTOPT):
        request.ended_at = now
    db.add(request)
    db.add(event)
    return event


def move_household(
    db: Session, household: Household, target: H, actor: Actor, by: User | None, note: str = ""
) -> HouseholdEvent:
    """Take one step of a household's screening and record it; a final decision starts the 12-month clock after
    which a declined or withdrawn sign-up is deleted."""
    if not household_allowed(household.status, target, actor):
        raise StepNotAllowed(f"{household.status} -> {target} by {actor}")
    event = HouseholdEvent(
        household_id=household.id,
        from_status=household.status,
        to_status=target,
        actor_id=by.id if by else None,
        note=note,
    )
    household.status = target
    if target in (H.AFGEWEZEN, H.GESTOPT, H.DOORGESTUURD):
        household.decided_at = utcnow()
    db.add(household)
    db.add(event)
    return event
