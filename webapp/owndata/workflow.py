"""The request state machine: which step may follow which, who takes it, and the legal term. Every step is history.

ingediend -> in_behandeling -> afgerond
                  |
                  +-----------> afgewezen (with a reason the requester reads)

Only the regisseur of the family whose dossier it is takes a step; closing asks for an answer in words.
"""

from __future__ import annotations

import calendar
from datetime import date
from enum import StrEnum

from sqlmodel import Session

from webapp.clock import utcnow
from webapp.models import OwnDataRequest, OwnDataRequestEvent, RequestKind, RequestStatus, User

S = RequestStatus


class Actor(StrEnum):
    REQUESTER = "requester"
    REGISSEUR = "regisseur"


TRANSITIONS: dict[tuple[S, S], frozenset[Actor]] = {
    (S.INGEDIEND, S.IN_BEHANDELING): frozenset({Actor.REGISSEUR}),
    (S.IN_BEHANDELING, S.AFGEROND): frozenset({Actor.REGISSEUR}),
    (S.IN_BEHANDELING, S.AFGEWEZEN): frozenset({Actor.REGISSEUR}),
}

# Steps that close a request: they need an answer the requester reads (what was done, or why not).
CLOSING = frozenset({S.AFGEROND, S.AFGEWEZEN})

# The steps the requester sees, in order (afgewezen ends the line instead of afgerond).
STEPS = (S.INGEDIEND, S.IN_BEHANDELING, S.AFGEROND)

# The legal term for an answer, counted from the day the request came in.
#  - vernietiging: Jeugdwet art. 7.3.9 — the jeugdhulpaanbieder destroys within three months of the request
#    (unless someone else's important interest or a law stands in the way).
#  - correctie: AVG art. 12 lid 3 — an answer within one month.
TERMS: dict[RequestKind, int] = {RequestKind.VERNIETIGING: 3, RequestKind.CORRECTIE: 1}  # months


class StepNotAllowed(Exception):
    """A step out of order, or by the wrong person (answered 409 or 404)."""


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter (31 January + 1: end of February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(kind: RequestKind, submitted: date) -> date:
    return add_months(submitted, TERMS[kind])


def allowed(current: str, target: S, actor: Actor) -> bool:
    return actor in TRANSITIONS.get((S(current), target), frozenset())


def next_steps(current: str, actor: Actor) -> list[S]:
    return [to for (start, to), actors in TRANSITIONS.items() if start == current and actor in actors]


def move(
    db: Session, request: OwnDataRequest, target: S, actor: Actor, by: User, note: str = ""
) -> OwnDataRequestEvent:
    """Take one step and record it; a closing step stores the answer the requester reads."""
    if not allowed(request.status, target, actor):
        raise StepNotAllowed(f"{request.status} -> {target} by {actor}")
    event = OwnDataRequestEvent(
        request_id=request.id, from_status=request.status, to_status=target, actor_id=by.id, note=note
    )
    request.status = target
    if target in CLOSING:
        request.answer = note
        request.closed_at = utcnow()
    db.add(request)
    db.add(event)
    return event


def start(db: Session, request: OwnDataRequest, requester: User) -> None:
    """The first history line (ingediend), written with the new request."""
    db.add(OwnDataRequestEvent(request_id=request.id, from_status=None, to_status=S.INGEDIEND, actor_id=requester.id))
