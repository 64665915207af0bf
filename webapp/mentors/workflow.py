"""The mentorship state machine: which step may follow which, and who takes it. Every step is written to history.

genomineerd -> uitgenodigd -> geaccepteerd -> actief -> beeindigd
     |              |              |
     +-> ingetrokken (the youth)   +-> afgewezen (the regisseur)
                    +-> afgewezen (the nominee says no)
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session

from webapp.clock import utcnow
from webapp.models import Mentorship, MentorshipEvent, MentorshipStatus, User

S = MentorshipStatus


class Actor(StrEnum):
    YOUTH = "youth"
    NOMINEE = "nominee"  # the person holding the invitation link, then the mentor
    REGISSEUR = "regisseur"


TRANSITIONS: dict[tuple[S, S], frozenset[Actor]] = {
    (S.GENOMINEERD, S.UITGENODIGD): frozenset({Actor.YOUTH}),
    (S.UITGENODIGD, S.UITGENODIGD): frozenset({Actor.YOUTH}),  # a new link replaces the old one
    (S.UITGENODIGD, S.GEACCEPTEERD): frozenset({Actor.NOMINEE}),
    (S.UITGENODIGD, S.AFGEWEZEN): frozenset({Actor.NOMINEE}),
    (S.GEACCEPTEERD, S.ACTIEF): frozenset({Actor.REGISSEUR}),
    (S.GEACCEPTEERD, S.AFGEWEZEN): frozenset({Actor.REGISSEUR}),
    (S.GENOMINEERD, S.INGETROKKEN): frozenset({Actor.YOUTH}),
    (S.UITGENODIGD, S.INGETROKKEN): frozenset({Actor.YOUTH}),
    (S.GEACCEPTEERD, S.INGETROKKEN): frozenset({Actor.YOUTH}),
    (S.ACTIEF, S.BEEINDIGD): frozenset({Actor.YOUTH, Actor.NOMINEE, Actor.REGISSEUR}),
}

# The steps the youth sees on her page, in order (afgewezen / ingetrokken / beeindigd end the line).
STEPS = (S.GENOMINEERD, S.UITGENODIGD, S.GEACCEPTEERD, S.ACTIEF)


class StepNotAllowed(Exception):
    """A step that skips or reverses the workflow, or is taken by the wrong person (answered 409 or 404)."""


def allowed(current: str, target: S, actor: Actor) -> bool:
    return actor in TRANSITIONS.get((S(current), target), frozenset())


def move(db: Session, mentorship: Mentorship, target: S, actor: Actor, by: User | None) -> MentorshipEvent:
    """Take one step, stamp the dates the monitoring needs, and record it in the history."""
    if not allowed(mentorship.status, target, actor):
        raise StepNotAllowed(f"{mentorship.status} -> {target} by {actor}")
    now = utcnow()
    event = MentorshipEvent(
        mentorship_id=mentorship.id, from_status=mentorship.status, to_status=target, actor_id=by.id if by else None
    )
    mentorship.status = target
    if target is S.GEACCEPTEERD:
        mentorship.accepted_at = now
    elif target is S.ACTIEF:
        mentorship.started_at = now
    elif target in (S.BEEINDIGD, S.INGETROKKEN, S.AFGEWEZEN):
        mentorship.ended_at = now
    db.add(mentorship)
    db.add(event)
    return event


def start(db: Session, mentorship: Mentorship, youth: User) -> None:
    """The first history line (nominated), written with the new mentorship."""
    db.add(MentorshipEvent(mentorship_id=mentorship.id, from_status=None, to_status=S.GENOMINEERD, actor_id=youth.id))
