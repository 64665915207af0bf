"""Peer questions — the two spaces, questions and answers, "dit hielp mij", aanbevolen, volgen, editing and
deleting one's own posts.

Plain functions taking the database session and the acting user; the caller commits. Input the writer can fix
raises `PostInvalid` with a translated message per field; a space or post the user may not see raises 404; a step
out of order raises `workflow.StepNotAllowed` (409). Authors are shown by `membership.display_name` only: no query
here hands a template another member's full name, e-mail or user id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Text, case, exists, func, literal, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.clock import utcnow
from webapp.forms import LANGUAGE_NAMES
from webapp.models import PeerFollow, PeerMember, PeerPost, User
from webapp.models.peers import PostKind, PostStatus
from webapp.notify import outbox
from webapp.peers import workflow
from webapp.peers.moderation import services as moderation
from webapp.peers.questions import membership
from webapp.peers.questions.membership import display_name, member_for
from webapp.peers.workflow import Actor, StepNotAllowed

__all__ = [
    "PAGE_SIZE",
    "TOPICS",
    "PostInvalid",
    "StepNotAllowed",
    "display_name",
    "member_for",
    "publish_side_effects",
    "visible_questions",
]

P = PostStatus
PAGE_SIZE = 20
TITLE_MAX, BODY_MAX = 200, 5000
NOTIFY_KIND = "vragen"

# The topics of a question: one fixed list, in this order on the form and the filter.
TOPICS: dict[str, object] = {
    "school": _l("School"),
    "contact-ouders": _l("Contact met ouders"),
    "18-worden": _l("18 worden"),
    "geld": _l("Geld en vergoeding"),
    "gedrag": _l("Gedrag"),
    "begeleiding": _l("Pleegzorgbegeleiding"),
    "cultuur-geloof": _l("Cultuur en geloof"),
    "wonen": _l("Wonen"),
    "gezondheid": _l("Gezondheid"),
    "vrije-tijd": _l("Vrije tijd"),
}
SPACE_NAMES = {"pleegouders": _l("Pleegouders"), "jongeren": _l("Jongeren")}
SPACE_INTROS = {
    "pleegouders": _l(
        "Hier stel je vragen aan andere pleegouders, gezinshuisouders en steungezinnen. "
        "Alleen zij lezen mee, en de moderatoren. Je schrijft onder een schuilnaam."
    ),
    "jongeren": _l(
        "Hier stel je vragen aan andere jongeren die in een pleeggezin of gezinshuis wonen of woonden. "
        "Alleen zij lezen mee, en de moderatoren. Volwassenen zien deze plek niet. Je schrijft onder een schuilnaam. "
        "Een moderator leest elk bericht voordat het te zien is."
    ),
}


class PostInvalid(ValueError):
    """Input the writer can fix: a translated message per form field ("" for the whole form)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class PostData:
    """What the writer typed: title and topics only for a question."""

    body: str
    language: str
    title: str = ""
    topics: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class QuestionRow:
    """A question in the list of a space."""

    id: int
    title: str
    topics: tuple[str, ...]
    language: str
    status: str
    author_name: str
    author_is_expert: bool
    answers: int
    accepted: bool
    locked: bool
    mine: bool
    last_activity_at: datetime


@dataclass
class QuestionPage:
    rows: list[QuestionRow]
    total: int
    answered: int
    page: int
    pages: int

    @property
    def unanswered(self) -> int:
        return self.total - self.answered


@dataclass
class PostView:
    """A question or an answer as the viewer may see it."""

    post: PeerPost
    author_name: str
    author_is_expert: bool
    mine: bool
    may_change: bool
    accepted: bool = False
    recommended: bool = False


@dataclass
class QuestionView:
    space: str
    member: PeerMember
    moderator: bool
    question: PostView
    answers: list[PostView]
    following: bool
    is_asker: bool
    may_answer: bool
    may_recommend: bool


# --- finding ---------------------------------------------------------------------------------------------------------


def _visible_condition(member_id: int | None, moderator: bool, alias=PeerPost):
    """The SQL twin of policy.can_see_peer_post (deleted posts are shown to no one: their words are gone)."""
    if moderator:
        return alias.status != P.DELETED
    if member_id is None:
        return alias.status == P.PUBLISHED
    return or_(alias.status == P.PUBLISHED, (alias.author_id == member_id) & (alias.status != P.DELETED))


def _enter(db: Session, user: User, space: str) -> PeerMember:
    """The member row of this person in this space (made on first entry); 404 if she may not enter."""
    membership.require_space(db, user, space)
    member = member_for(db, user, space, create=True)
    assert member is not None
    return member


def enter_space(db: Session, user: User, space: str) -> PeerMember:
    """First entry makes the member row with a new pseudonym (the caller commits)."""
    return _enter(db, user, space)


def _topic_condition(topic: str):
    # The topics are a JSON list of fixed codes; `"code"` with its quotes matches one whole code on both databases.
    return func.cast(PeerPost.topics, Text()).like(f'%"{topic}"%')


def visible_questions(
    db: Session,
    user: User,
    space: str,
    *,
    topic: str | None = None,
    language: str | None = None,
    page: int = 1,
    member: PeerMember | None = None,
) -> QuestionPage:
    """The questions of `space` this person may see, newest activity first, 20 a page, with the number of published
    answers, whether one helped the asker, and how many have an answer at all. Two statements whatever the page."""
    if member is None:
        membership.require_space(db, user, space)
        member = member_for(db, user, space)
    moderator = policy.is_moderator(user)
    member_id = member.id if member else None
    answer = aliased(PeerPost)
    has_answer = exists().where(
        answer.question_id == PeerPost.id, answer.kind == PostKind.ANTWOORD, answer.status == P.PUBLISHED
    )
    conditions = [
        PeerPost.space == space,
        PeerPost.kind == PostKind.VRAAG,
        _visible_condition(member_id, moderator),
    ]
    if topic in TOPICS:
        conditions.append(_topic_condition(topic))
    if language in LANGUAGE_NAMES:
        conditions.append(PeerPost.language == language)
    total, answered = db.exec(
        select(func.count(PeerPost.id), func.coalesce(func.sum(case((has_answer, 1), else_=0)), 0)).where(*conditions)
    ).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    answer_count = (
        select(func.count(answer.id))
        .where(answer.question_id == PeerPost.id, answer.kind == PostKind.ANTWOORD, answer.status == P.PUBLISHED)
        .correlate(PeerPost)
        .scalar_subquery()
    )
    first_name = case((PeerMember.use_first_name, User.name), else_=literal(None))
    rows = db.exec(
        select(
            PeerPost.id,
            PeerPost.title,
            PeerPost.topics,
            PeerPost.language,
            PeerPost.status,
            PeerPost.accepted_answer_id,
            PeerPost.locked,
            PeerPost.author_id,
            PeerPost.last_activity_at,
            PeerMember.pseudonym,
            PeerMember.use_first_name,
            PeerMember.is_expert,
            first_name,
            answer_count,
        )
        .select_from(PeerPost)
        .outerjoin(PeerMember, col(PeerMember.id) == PeerPost.author_id)
        .outerjoin(User, col(User.id) == PeerMember.user_id)
        .where(*conditions)
        .order_by(col(PeerPost.last_activity_at).desc(), col(PeerPost.id).desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return QuestionPage(
        rows=[
            QuestionRow(
                id=r.id,
                title=r.title,
                topics=tuple(t for t in (r.topics or []) if t in TOPICS),
                language=r.language,
                status=r.status,
                author_name=_name(r.pseudonym, r.use_first_name, r[12]),
                author_is_expert=bool(r.is_expert),
                answers=r[13] or 0,
                accepted=r.accepted_answer_id is not None,
                locked=r.locked,
                mine=member_id is not None and r.author_id == member_id,
                last_activity_at=r.last_activity_at,
            )
            for r in rows
        ],
        total=total,
        answered=int(answered or 0),
        page=page,
        pages=pages,
    )


def _name(pseudonym: str | None, use_first_name: bool | None, full_name: str | None) -> str:
    if pseudonym is None:
        return str(_l("Een oud lid"))
    if use_first_name and full_name:
        return full_name.split(" ", 1)[0]
    return pseudonym


def _authors(db: Session, posts: Sequence[PeerPost]) -> dict[int, tuple[str, bool]]:
    """Display name and expert badge per member id of these posts' writers (one statement)."""
    ids = {p.author_id for p in posts if p.author_id is not None}
    if not ids:
        return {}
    rows = db.exec(
        select(PeerMember.id, PeerMember.pseudonym, PeerMember.use_first_name, PeerMember.is_expert, User.name)
        .join(User, col(User.id) == PeerMember.user_id)
        .where(col(PeerMember.id).in_(ids))
    ).all()
    return {r[0]: (_name(r[1], r[2], r[4]), bool(r[3])) for r in rows}


def _question(db: Session, user: User, space: str, question_id: int) -> tuple[PeerMember, PeerPost, bool]:
    member = _enter(db, user, space)
    moderator = policy.is_moderator(user)
    question = db.get(PeerPost, question_id)
    if (
        question is None
        or question.space != space
        or question.kind != PostKind.VRAAG
        or question.status == P.DELETED
        or not policy.can_see_peer_post(member.id, moderator, question)
    ):
        raise NotFound
    return member, question, moderator


def _post_of(db: Session, question: PeerPost, post_id: int, member: PeerMember, moderator: bool) -> PeerPost:
    """The question itself or one of its answers, if the viewer may see it."""
    post = question if post_id == question.id else db.get(PeerPost, post_id)
    if (
        post is None
        or (post.id != question.id and post.question_id != question.id)
        or post.status == P.DELETED
        or not policy.can_see_peer_post(member.id, moderator, post)
    ):
        raise NotFound
    return post


def question_page(db: Session, user: User, space: str, question_id: int) -> QuestionView:
    """The question, the answer that helped the asker first, then the others oldest first: published ones, the
    viewer's own (also while in review), and for a moderator also those waiting or hidden."""
    member, question, moderator = _question(db, user, space, question_id)
    answers = db.exec(
        select(PeerPost)
        .where(
            PeerPost.question_id == question.id,
            PeerPost.kind == PostKind.ANTWOORD,
            _visible_condition(member.id, moderator),
        )
        .order_by(col(PeerPost.created_at), col(PeerPost.id))
    ).all()
    answers = sorted(answers, key=lambda a: a.id != question.accepted_answer_id)
    authors = _authors(db, [question, *answers])
    following = (
        db.exec(
            select(PeerFollow.id).where(PeerFollow.question_id == question.id, PeerFollow.member_id == member.id)
        ).first()
        is not None
    )

    def view(post: PeerPost) -> PostView:
        name, expert = authors.get(post.author_id or 0, (str(_l("Een oud lid")), False))
        return PostView(
            post=post,
            author_name=name,
            author_is_expert=expert,
            mine=post.author_id == member.id,
            may_change=policy.can_change_peer_post(member.id, post) and post.status in (P.PUBLISHED, P.IN_REVIEW),
            accepted=post.id == question.accepted_answer_id,
            recommended=post.recommended_at is not None,
        )

    return QuestionView(
        space=space,
        member=member,
        moderator=moderator,
        question=view(question),
        answers=[view(a) for a in answers],
        following=following,
        is_asker=question.author_id == member.id,
        may_answer=question.status == P.PUBLISHED and not question.locked and not _suspended(member),
        may_recommend=policy.can_recommend_peer_post(member.is_expert, moderator),
    )


def post_for_edit(db: Session, user: User, space: str, question_id: int, post_id: int) -> tuple[PeerPost, PeerPost]:
    """(question, post) when the viewer wrote the post and may still change it; else 404 (or 409 once it is out
    of her hands: rejected or hidden)."""
    member, question, moderator = _question(db, user, space, question_id)
    post = _post_of(db, question, post_id, member, moderator)
    if not policy.can_change_peer_post(member.id, post):
        raise NotFound
    if post.status not in (P.PUBLISHED, P.IN_REVIEW):
        raise StepNotAllowed(f"edit in {post.status}")
    return question, post


# --- writing -----------------------------------------------------------------------------------------------------


def _suspended(member: PeerMember) -> bool:
    return not policy.may_post_in_peer_space(member.suspended_until, utcnow())


def _crisis(db: Session, data: PostData) -> bool:
    """A crisis word in the title or the text (the moderation part's lists): the post is held and every moderator
    alerted."""
    return bool(moderation.crisis_hits(db, f"{data.title}\n{data.body}"))


def known_names(db: Session, user: User) -> list[str]:
    """First names in the writer's own families (her children's too, also those without an account): the
    identifying-details check looks for them."""
    return membership.family_first_names(db, user)


def _check(data: PostData, *, question: bool) -> PostData:
    errors: dict[str, str] = {}
    title = " ".join((data.title or "").split())
    body = (data.body or "").strip()
    topics = [t for t in dict.fromkeys(data.topics or []) if t in TOPICS]
    if question:
        if not title:
            errors["title"] = str(_l("Schrijf je vraag in een paar woorden."))
        elif len(title) > TITLE_MAX:
            errors["title"] = str(_l("Je vraag is te lang. Hij mag hoogstens 200 tekens hebben."))
        if not topics or len(topics) != len(set(data.topics or [])):
            errors["topics"] = str(_l("Kies minstens één onderwerp uit de lijst."))
    if not body:
        errors["body"] = (
            str(_l("Vertel iets meer over je vraag.")) if question else str(_l("Schrijf eerst je antwoord."))
        )
    elif len(body) > BODY_MAX:
        errors["body"] = str(_l("Je tekst is te lang. Hij mag hoogstens 5000 tekens hebben."))
    if data.language not in LANGUAGE_NAMES:
        errors["language"] = str(_l("Kies de taal waarin je schrijft."))
    if errors:
        raise PostInvalid(errors)
    return PostData(body=body, language=data.language, title=title if question else "", topics=topics)


def _refuse_suspended(member: PeerMember) -> None:
    if _suspended(member):
        raise PostInvalid(
            {
                "": str(
                    _l(
                        "Je kunt hier tijdelijk niets schrijven. Een moderator heeft dat besloten. "
                        "Je kunt weer schrijven vanaf %(date)s.",
                        date=member.suspended_until.strftime("%d-%m-%Y"),
                    )
                )
            }
        )


def _place(db: Session, member: PeerMember, post: PeerPost, crisis: bool) -> None:
    """Publish at once, or hold for a moderator (policy.peer_hold_reason)."""
    reason = policy.peer_hold_reason(member.space, member.approved_posts, crisis)
    if reason:
        post.status = P.IN_REVIEW  # a new post starts its life here; workflow.move governs every later step
        post.held_reason = reason
    else:
        post.status = P.PUBLISHED
        post.published_at = utcnow()
    db.add(post)
    db.flush()
    if post.status == P.PUBLISHED:
        publish_side_effects(db, post)
    elif crisis:
        moderation.crisis_alert(db, post)


def ask(db: Session, user: User, space: str, data: PostData) -> PeerPost:
    """A new question: published at once or held (Jongeren space, a new member, a crisis word). The asker follows
    her own question, so she hears of answers."""
    member = _enter(db, user, space)
    _refuse_suspended(member)
    data = _check(data, question=True)
    now = utcnow()
    question = PeerPost(
        space=space,
        kind=PostKind.VRAAG,
        author_id=member.id,
        title=data.title,
        body=data.body,
        topics=data.topics,
        language=data.language,
        created_at=now,
        last_activity_at=now,
    )
    _place(db, member, question, _crisis(db, data))
    db.add(PeerFollow(question_id=question.id, member_id=member.id))
    db.flush()
    return question


def answer(db: Session, user: User, space: str, question_id: int, data: PostData) -> PeerPost:
    member, question, _moderator = _question(db, user, space, question_id)
    if question.status != P.PUBLISHED or question.locked:
        raise StepNotAllowed("answer to a question that is not open")
    _refuse_suspended(member)
    data = _check(data, question=False)
    post = PeerPost(
        space=space,
        kind=PostKind.ANTWOORD,
        question_id=question.id,
        author_id=member.id,
        body=data.body,
        language=data.language,
    )
    _place(db, member, post, _crisis(db, data))
    return post


def publish_side_effects(db: Session, post: PeerPost) -> None:
    """What follows when a post becomes visible (at once, or when a moderator approves it): an answer moves its
    question up the list and tells the asker and the followers (not the writer) with a generic notification.
    It does not count `approved_posts`: the moderation part counts the approvals."""
    if post.kind != PostKind.ANTWOORD or post.question_id is None:
        return
    question = db.get(PeerPost, post.question_id)
    if question is None:
        return
    question.last_activity_at = post.published_at or utcnow()
    db.add(question)
    followers = db.exec(
        select(PeerMember.user_id)
        .join(PeerFollow, col(PeerFollow.member_id) == PeerMember.id)
        .where(PeerFollow.question_id == question.id, PeerMember.id != post.author_id)
    ).all()
    if followers:
        outbox.enqueue(db, followers, NOTIFY_KIND, question_url(question), f"vraag-{question.id}-antwoord-{post.id}")


def question_url(question: PeerPost) -> str:
    # Opaque: a space and a number, never a word of the question (a lock screen is read by anyone).
    return f"/vragen/{question.space}/{question.id}"


def accept(db: Session, user: User, space: str, question_id: int, answer_id: int | None) -> PeerPost:
    """ "Dit hielp mij": only the asker, one answer at a time (choosing another moves the mark); None takes it
    away. The writer of the accepted answer is told."""
    member, question, moderator = _question(db, user, space, question_id)
    if question.author_id != member.id:
        raise NotFound
    if answer_id is None:
        question.accepted_answer_id = None
        db.add(question)
        return question
    answer_post = _post_of(db, question, answer_id, member, moderator)
    if answer_post.kind != PostKind.ANTWOORD:
        raise NotFound
    if answer_post.status != P.PUBLISHED:
        raise StepNotAllowed("only a published answer can help")
    if question.accepted_answer_id == answer_post.id:
        return question
    question.accepted_answer_id = answer_post.id
    db.add(question)
    if answer_post.author_id is not None and answer_post.author_id != member.id:
        writer = db.get(PeerMember, answer_post.author_id)
        if writer is not None:
            outbox.enqueue(
                db, [writer.user_id], NOTIFY_KIND, question_url(question), f"vraag-{question.id}-hielp-{answer_post.id}"
            )
    return question


def recommend(db: Session, user: User, space: str, question_id: int, post_id: int, on: bool) -> PeerPost:
    """Aanbevolen: only an ervaringsdeskundige of the space or a moderator (others 404), on a published post."""
    member, question, moderator = _question(db, user, space, question_id)
    if not policy.can_recommend_peer_post(member.is_expert, moderator):
        raise NotFound
    post = _post_of(db, question, post_id, member, moderator)
    if post.status != P.PUBLISHED:
        raise StepNotAllowed("recommend an unpublished post")
    if on:
        post.recommended_by_id, post.recommended_at = member.id, utcnow()
    else:
        post.recommended_by_id, post.recommended_at = None, None
    db.add(post)
    return post


def follow(db: Session, user: User, space: str, question_id: int, on: bool) -> bool:
    member, question, _moderator = _question(db, user, space, question_id)
    row = db.exec(
        select(PeerFollow).where(PeerFollow.question_id == question.id, PeerFollow.member_id == member.id)
    ).first()
    if on and row is None:
        db.add(PeerFollow(question_id=question.id, member_id=member.id))
    elif not on and row is not None:
        db.delete(row)
    db.flush()
    return on


def edit(db: Session, user: User, space: str, question_id: int, post_id: int, data: PostData) -> PeerPost:
    """The writer changes her own post (published or waiting). What holds a new post holds the edit too: a crisis
    word, the Jongeren space, a member's first posts (policy.peer_hold_reason)."""
    _question, post = post_for_edit(db, user, space, question_id, post_id)
    member = member_for(db, user, space)
    assert member is not None
    _refuse_suspended(member)
    data = _check(data, question=post.kind == PostKind.VRAAG)
    post.body, post.language = data.body, data.language
    if post.kind == PostKind.VRAAG:
        post.title, post.topics = data.title, data.topics
    post.edited_at = utcnow()
    crisis = _crisis(db, data)
    reason = policy.peer_hold_reason(space, member.approved_posts, crisis)
    if reason and post.status == P.PUBLISHED:
        workflow.move(post, P.IN_REVIEW, Actor.WRITER, held_reason=reason)
    elif crisis:
        post.held_reason = reason
    db.add(post)
    db.flush()
    if crisis:
        moderation.crisis_alert(db, post)
    return post


def delete(db: Session, user: User, space: str, question_id: int, post_id: int) -> PeerPost:
    """The writer deletes her own post: its words are wiped (workflow), the 'dit hielp mij' mark on it goes."""
    member, question, moderator = _question(db, user, space, question_id)
    post = _post_of(db, question, post_id, member, moderator)
    if not policy.can_change_peer_post(member.id, post):
        raise NotFound
    workflow.move(post, P.DELETED, Actor.WRITER)
    post.topics = []
    post.edited_at = utcnow()
    db.add(post)
    if question.accepted_answer_id == post.id:
        question.accepted_answer_id = None
        db.add(question)
    return post


moderation.on_publish(publish_side_effects)  # a held post a moderator approves gets the same as one published at once


# --- the member's name in a space --------------------------------------------------------------------------------


def my_member(db: Session, user: User, space: str) -> PeerMember:
    return _enter(db, user, space)
