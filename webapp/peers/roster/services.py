"""Unanswered questions for the ervaringsdeskundigen on the roster, and the peer questions' card on the home page.

A question published more than 48 hours ago that still has no published answer goes to the ervaringsdeskundigen
(PeerMember.is_expert) of its space: one generic push each, once (`escalate_unanswered`, a worker job), and a list at
/vragen/onbeantwoord for them and for the moderators, oldest first. A space without an ervaringsdeskundige sends its
unanswered questions to the moderators instead, so nobody waits for ever.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, false, func, or_, select, true, update
from sqlmodel import Session
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.clock import utcnow
from webapp.models import PeerMember, PeerPost, Role, User, UserRole
from webapp.models.peers import PostKind, PostStatus, Space
from webapp.notify import outbox
from webapp.sql_hints import not_by_index

UNANSWERED_AFTER = timedelta(hours=48)

_post = PeerPost.__table__
_member = PeerMember.__table__
_user = User.__table__
_user_role = UserRole.__table__


def question_path(space: str, question_id: int) -> str:
    """Where a push about a question leads (an opaque id, no words)."""
    return f"/vragen/{space}/{question_id}"


def _has_published_answer():
    answer = _post.alias("answer")
    return exists().where(
        answer.c.question_id == _post.c.id,
        answer.c.kind == PostKind.ANTWOORD.value,
        answer.c.status == PostStatus.PUBLISHED.value,
    )


def unanswered_condition(cutoff, *, in_spaces=None):
    """The conditions of an unanswered question: published (not in review, hidden, rejected or deleted), not
    locked (no one can answer it), published before `cutoff`, without a published answer. `in_spaces`: only in
    these spaces (a list or a subquery), found through the space's index, not through every published post."""
    if in_spaces is not None:
        # from the spaces' posts, not from every published post
        return and_(
            _post.c.space.in_(in_spaces),
            not_by_index(_post.c.status) == PostStatus.PUBLISHED.value,
            _unanswered_rest(cutoff),
        )
    return and_(_post.c.status == PostStatus.PUBLISHED.value, _unanswered_rest(cutoff))


def _unanswered_rest(cutoff):
    return and_(
        _post.c.kind == PostKind.VRAAG.value,
        _post.c.locked == false(),
        _post.c.published_at.is_not(None),
        _post.c.published_at <= cutoff,
        ~_has_published_answer(),
    )


# --- the worker job ----------------------------------------------------------------------------------------------


def _experts_by_space(db: Session) -> dict[str, set[tuple[int, int]]]:
    """(member id, user id) of the active, not suspended ervaringsdeskundigen per space."""
    now = utcnow()
    rows = db.exec(
        select(_member.c.space, _member.c.id, _member.c.user_id)
        .join(_user, _user.c.id == _member.c.user_id)
        .where(
            _member.c.is_expert == true(),
            _user.c.active == true(),
            or_(_member.c.suspended_until.is_(None), _member.c.suspended_until <= now),
        )
    ).all()
    experts: dict[str, set[tuple[int, int]]] = {}
    for space, member_id, user_id in rows:
        experts.setdefault(space, set()).add((member_id, user_id))
    return experts


def _moderator_ids(db: Session) -> set[int]:
    return set(
        db.exec(
            select(_user_role.c.user_id)
            .join(_user, _user.c.id == _user_role.c.user_id)
            .where(_user_role.c.role == Role.MODERATOR.value, _user.c.active == true())
        ).scalars()
    )


def escalate_unanswered(db: Session) -> int:
    """Worker job: each question unanswered for 48 hours goes once to the ervaringsdeskundigen of its space (one
    generic push of kind "vragen"; never to the asker herself), or to the moderators where the space has none. The
    question is claimed with a conditional update of `escalated_at`, so two workers never send it twice. Returns
    how many questions were escalated."""
    now = utcnow()
    due = db.exec(
        select(_post.c.id, _post.c.space, _post.c.author_id)
        .where(unanswered_condition(now - UNANSWERED_AFTER), _post.c.escalated_at.is_(None))
        .order_by(_post.c.published_at, _post.c.id)
    ).all()
    if not due:
        return 0
    experts = _experts_by_space(db)
    moderators: set[int] | None = None
    escalated = 0
    for question_id, space, author_id in due:
        claimed = db.exec(
            update(PeerPost)
            .where(PeerPost.id == question_id, PeerPost.escalated_at.is_(None))
            .values(escalated_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            continue  # another worker took it
        recipients = {user_id for member_id, user_id in experts.get(space, ()) if member_id != author_id}
        if not experts.get(space):
            if moderators is None:
                moderators = _moderator_ids(db)
            recipients = moderators
        outbox.enqueue(
            db, recipients, "vragen", question_path(space, question_id), f"vragen-onbeantwoord-{question_id}"
        )
        escalated += 1
    return escalated


# --- the roster page -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnansweredQuestion:
    id: int
    space: str
    title: str
    topics: list[str]
    language: str
    published_at: datetime
    waiting_hours: int
    escalated: bool

    @property
    def waiting_days(self) -> int:
        return self.waiting_hours // 24


@dataclass(frozen=True)
class Roster:
    spaces: list[str]  # the spaces whose unanswered questions this person sees
    questions: list[UnansweredQuestion]  # oldest first
    moderator: bool
    experts: dict[str, int]  # for moderators: ervaringsdeskundigen per space (an empty space sends to moderators)


def roster_spaces(db: Session, user: User) -> list[str]:
    """Moderators see both spaces; an ervaringsdeskundige the spaces she is one in; anyone else nothing."""
    if policy.is_moderator(user):
        return [s.value for s in Space]
    if not user.active:
        return []
    rows = db.exec(select(_member.c.space).where(_member.c.user_id == user.id, _member.c.is_expert == true())).scalars()
    return [s.value for s in Space if s.value in set(rows)]


def unanswered(db: Session, user: User) -> Roster:
    """The unanswered questions (48 hours or more, no published answer) of the spaces this person is on the roster
    for, oldest first; 404 for anyone who is not an ervaringsdeskundige or moderator."""
    spaces = roster_spaces(db, user)
    if not spaces:
        raise NotFound()
    now = utcnow()
    rows = db.exec(
        select(
            _post.c.id,
            _post.c.space,
            _post.c.title,
            _post.c.topics,
            _post.c.language,
            _post.c.published_at,
            _post.c.escalated_at,
        )
        .where(unanswered_condition(now - UNANSWERED_AFTER, in_spaces=spaces))
        .order_by(_post.c.published_at, _post.c.id)
    ).all()
    moderator = policy.is_moderator(user)
    experts: dict[str, int] = {}
    if moderator:
        counts = db.exec(
            select(_member.c.space, func.count())
            .join(_user, _user.c.id == _member.c.user_id)
            .where(_member.c.is_expert == true(), _user.c.active == true())
            .group_by(_member.c.space)
        ).all()
        experts = {space: 0 for space in spaces} | dict(counts)
    return Roster(
        spaces=spaces,
        questions=[
            UnansweredQuestion(
                id=row.id,
                space=row.space,
                title=row.title,
                topics=list(row.topics or []),
                language=row.language,
                published_at=row.published_at,
                waiting_hours=_hours_since(row.published_at, now),
                escalated=row.escalated_at is not None,
            )
            for row in rows
        ],
        moderator=moderator,
        experts=experts,
    )


def _hours_since(moment: datetime, now: datetime) -> int:
    if moment.tzinfo is None:
        now = now.replace(tzinfo=None)
    return max(0, int((now - moment).total_seconds() // 3600))
