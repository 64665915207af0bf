"""Peer questions' public API for other features (the home page): what the peer questions hold for this person, in
one statement built once at import (the home page is the most visited page). Each part's own use-cases live in its
folder's services.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, bindparam, case, exists, func, or_, select, true
from sqlmodel import Session

from webapp.auth import policy
from webapp.clock import today, utcnow
from webapp.models import FamilyMember, PeerFollow, PeerMember, PeerPost, User
from webapp.models.families import Relation
from webapp.models.peers import PostKind, PostStatus, Space
from webapp.peers.roster.services import UNANSWERED_AFTER, unanswered_condition
from webapp.sql_hints import not_by_index
from webapp.sql_once import built_once

_post = PeerPost.__table__
_member = PeerMember.__table__
_follow = PeerFollow.__table__
_family_member = FamilyMember.__table__

NEW_ANSWERS_SINCE = timedelta(days=7)  # "new" answers on the home card: published in the last week


@dataclass(frozen=True)
class PeersHome:
    """What the peer questions hold for this person on the home page (nothing: an empty `spaces`)."""

    spaces: tuple[str, ...] = ()  # the spaces she may enter
    moderator: bool = False
    to_moderate: int = 0  # moderator: posts held for review or hidden by flags
    unanswered: int = 0  # moderator / ervaringsdeskundige: questions on the roster
    new_answers: int = 0  # answers of the last week to her questions or questions she follows

    @property
    def show(self) -> bool:
        return bool(self.spaces)


def _count(table, *where):
    return select(func.count()).select_from(table).where(*where).scalar_subquery()


def _home_statement():
    me = bindparam("me")
    mine = select(_member.c.id).where(_member.c.user_id == me)
    expert_spaces = select(_member.c.space).where(_member.c.user_id == me, _member.c.is_expert == true())
    carer = _family_member.alias("carer")
    foster_youth = exists().where(
        _family_member.c.user_id == me,
        _family_member.c.relation == Relation.JONGERE.value,
        carer.c.family_id == _family_member.c.family_id,
        carer.c.relation == Relation.PLEEGOUDER.value,
    )
    my_questions = select(_post.c.id).where(_post.c.author_id.in_(mine), _post.c.kind == PostKind.VRAAG.value)
    followed = select(_follow.c.question_id).where(_follow.c.member_id.in_(mine))
    answer = _post.alias("new_answer")
    moderator = bindparam("moderator") == true()
    cutoff = bindparam("cutoff")
    # Everyone's home page asks this: each part starts from her own rows (her spaces as an ervaringsdeskundige, her
    # questions and the ones she follows), not from every published post (the status index: ~17 ms a home page with
    # 20,000 questions). A moderator's roster counts every unanswered question: asked only for a moderator (CASE).
    return select(
        expert_spaces.where(_member.c.space == Space.PLEEGOUDERS.value).exists(),
        expert_spaces.where(_member.c.space == Space.JONGEREN.value).exists(),
        foster_youth,
        _count(
            _post,
            moderator,
            or_(
                _post.c.status == PostStatus.IN_REVIEW.value,
                and_(_post.c.status == PostStatus.HIDDEN.value, _post.c.held_reason == "vlaggen"),
            ),
        ),
        case(
            (moderator, _count(_post, unanswered_condition(cutoff))),
            else_=_count(_post, unanswered_condition(cutoff, in_spaces=expert_spaces)),
        ),
        _count(
            answer,
            answer.c.question_id.in_(my_questions.union(followed)),
            answer.c.kind == PostKind.ANTWOORD.value,
            # from her questions' answers, not from every published post
            not_by_index(answer.c.status) == PostStatus.PUBLISHED.value,
            answer.c.published_at >= bindparam("since"),
            or_(answer.c.author_id.is_(None), answer.c.author_id.not_in(mine)),
        ),
    )


_HOME = built_once(_home_statement())


def home(db: Session, user: User) -> PeersHome:
    """One statement: the spaces she may enter (policy.may_enter_space with the facts), what waits for a moderator or
    an ervaringsdeskundige, and new answers to her questions and the questions she follows."""
    if not user.active:
        return PeersHome()
    now = utcnow()
    moderator = policy.is_moderator(user)
    row = (
        db.connection()
        .execute(
            _HOME,
            {"me": user.id, "moderator": moderator, "cutoff": now - UNANSWERED_AFTER, "since": now - NEW_ANSWERS_SINCE},
        )
        .one()
    )
    expert_pleegouders, expert_jongeren, foster_youth, to_moderate, unanswered_count, new_answers = row
    expert = {Space.PLEEGOUDERS.value: bool(expert_pleegouders), Space.JONGEREN.value: bool(expert_jongeren)}
    day = today()
    spaces = tuple(
        s.value
        for s in Space
        if policy.may_enter_space(user, s.value, day, foster_youth=bool(foster_youth), expert_in_space=expert[s.value])
    )
    return PeersHome(
        spaces=spaces,
        moderator=moderator,
        to_moderate=to_moderate if moderator else 0,
        unanswered=unanswered_count if (moderator or any(expert.values())) else 0,
        new_answers=new_answers,
    )
