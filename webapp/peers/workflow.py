"""The life of a peer post, as data: who may move it from which status to which. Every step a moderator takes is
also a `PeerModeration` row with its reason (webapp/peers/moderation).

    in_review --approve--> published --hide / 3 flags--> hidden --restore--> published
        |                                                   |
        +--reject--> rejected                               +--reject--> rejected
    any status but deleted --writer deletes--> deleted
"""

from __future__ import annotations

from enum import StrEnum

from webapp.clock import utcnow
from webapp.models import PeerPost
from webapp.models.peers import PostStatus

P = PostStatus


class Actor(StrEnum):
    WRITER = "writer"
    MODERATOR = "moderator"
    FLAGS = "flags"  # members' flags reaching the limit


class StepNotAllowed(Exception):
    """A step out of order (answered 409)."""


TRANSITIONS: dict[tuple[P, P], frozenset[Actor]] = {
    (P.IN_REVIEW, P.PUBLISHED): frozenset({Actor.MODERATOR}),
    (P.IN_REVIEW, P.REJECTED): frozenset({Actor.MODERATOR}),
    (P.PUBLISHED, P.HIDDEN): frozenset({Actor.MODERATOR, Actor.FLAGS}),
    (P.HIDDEN, P.PUBLISHED): frozenset({Actor.MODERATOR}),
    (P.HIDDEN, P.REJECTED): frozenset({Actor.MODERATOR}),
    (P.PUBLISHED, P.IN_REVIEW): frozenset({Actor.WRITER}),  # an edit with a crisis word is held again
    **{(status, P.DELETED): frozenset({Actor.WRITER}) for status in (P.IN_REVIEW, P.PUBLISHED, P.REJECTED, P.HIDDEN)},
}


def allowed(current: str, target: P, actor: Actor) -> bool:
    return actor in TRANSITIONS.get((P(current), target), frozenset())


def move(post: PeerPost, target: P, actor: Actor, held_reason: str = "") -> None:
    """Change the status (the caller adds the post to the session and writes the moderation row)."""
    if not allowed(post.status, target, actor):
        raise StepNotAllowed(f"{post.status} -> {target} by {actor}")
    post.status = target
    post.held_reason = held_reason if target in (P.IN_REVIEW, P.HIDDEN) else ""
    if target is P.PUBLISHED and post.published_at is None:
        post.published_at = utcnow()
    if target is P.DELETED:
        post.title, post.body = "", ""
