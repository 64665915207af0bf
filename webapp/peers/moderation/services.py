"""Moderation of the peer questions: crisis words, members' flags, the review queue and the moderators' actions,
suspensions, ervaringsdeskundigen (with their consent) and identity look-ups (asked by one moderator, decided by a
second, written to the access log, told to the person).

Plain functions taking the database session and the acting user; the caller commits (except `message_regisseur`,
which goes through the messages feature). Objects the user may not see raise 404; a step out of order raises
`workflow.StepNotAllowed` (409); a rule the user can't fix by typing raises `NotAllowed` (409 with its message);
input the user can fix raises `ModerationError` (with the form field).

Moderators see posts by pseudonym only: a real name is shown once, to the moderator who asked, after a second
moderator approved. Nothing here puts a post's words or a pseudonym in a notification: the outbox gets a URL and a tag.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.auth.services import user_by_email
from webapp.clock import utcnow
from webapp.families import services as families
from webapp.messages import services as messages
from webapp.models import (
    AuditAction,
    Conversation,
    ConversationKind,
    HeldReason,
    IdentityRequest,
    ModerationAction,
    PeerFlag,
    PeerMember,
    PeerModeration,
    PeerPost,
    PeerWord,
    PostKind,
    PostStatus,
    Role,
    User,
    UserRole,
)
from webapp.models.peers import PeerExpertInvite, Space
from webapp.notify import outbox
from webapp.peers import workflow
from webapp.peers.moderation import wordlists
from webapp.peers.questions import membership, pseudonyms
from webapp.peers.workflow import Actor, StepNotAllowed

P = PostStatus
A = ModerationAction
NOTIFY_KIND = "vragen"
IDENTITY_OBJECT = "vragen-identiteit"  # the access log's object type for a look-up behind a pseudonym
SUSPEND_DAYS = (1, 3, 7, 14, 30)
MIN_IDENTITY_REASON = 20  # a real reason, not "ok"
# The writer is told about these decisions (kind "vragen", generic lock-screen text).
WRITER_TOLD = frozenset({A.APPROVE, A.REJECT, A.REDACT, A.HIDE, A.RESTORE, A.SUSPEND})
# The queue: crisis first, then what waits for a first look, then what members' flags hid, then what they flagged.
GROUP_CRISIS, GROUP_HELD, GROUP_HIDDEN, GROUP_FLAGGED = "crisis", "wacht", "verborgen", "gemeld"
GROUP_ORDER = (GROUP_CRISIS, GROUP_HELD, GROUP_HIDDEN, GROUP_FLAGGED)


class ModerationError(ValueError):
    """A problem the user can fix; the message is translated. `field`: the form field it belongs to, if one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotAllowed(Exception):
    """A rule the user cannot change by typing (her own post, her own identity request): 409 with the message."""


# --- who ------------------------------------------------------------------------------------------------------


def require_moderator(user: User) -> None:
    """Moderation pages exist only for moderators: anyone else gets 404."""
    if not getattr(user, "is_authenticated", False) or not policy.is_moderator(user):
        raise NotFound()


def moderator_ids(db: Session) -> list[int]:
    """Every active moderator (all of them are alerted at once for a crisis word)."""
    return list(
        db.exec(
            select(User.id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.MODERATOR, User.active)
            .distinct()
        )
    )


def _writer_user_id(db: Session, post: PeerPost) -> int | None:
    member = db.get(PeerMember, post.author_id) if post.author_id else None
    return member.user_id if member else None


def _tell(db: Session, user_ids, tag: str, url: str = "/moderatie/over-mij") -> None:
    outbox.enqueue(db, user_ids, NOTIFY_KIND, url, tag)


# --- crisis words ---------------------------------------------------------------------------------------------


def crisis_phrases(db: Session) -> list[wordlists.Phrase]:
    """The shipped lists of every language (a post may be written in any) and the words moderators added."""
    phrases = [p for language in wordlists.LIST_LANGUAGES for p in wordlists.shipped(wordlists.CRISIS, language)]
    added = db.exec(select(PeerWord.phrase).where(PeerWord.list_name == wordlists.CRISIS).order_by(PeerWord.id))
    phrases += [p for p in (wordlists.compile_phrase(text) for text in added) if p is not None]
    return phrases


def crisis_hits(db: Session, text: str) -> list[str]:
    """The crisis words or phrases found in `text` (title and body together), as written in the lists; empty when
    none. A hit holds the post (held_reason crisis): call `crisis_alert` after adding the held post."""
    if not text or not text.strip():
        return []
    return wordlists.hits(text, crisis_phrases(db))


def crisis_alert(db: Session, post: PeerPost) -> None:
    """Alert every moderator at once about a post held for a crisis word (push, generic text; the URL is the
    moderator's view of the post). The post must have its id (flush first)."""
    if post.id is None:
        db.flush()
    _tell(db, moderator_ids(db), f"vragen-crisis-{post.id}", f"/moderatie/bericht/{post.id}")


@dataclass
class CrisisHelp:
    """What the writer of a held post with a crisis word sees beside the crisis numbers."""

    has_regisseur: bool  # she is in a family with a regisseur: the one-tap message can go
    conversation_id: int | None  # her private conversation with the regisseur, if it exists already
    youth: bool  # a jongere: the Kindertelefoon first


def crisis_help(db: Session, user: User) -> CrisisHelp:
    """The facts for templates/peers/moderation/_crisis_help.html (the numbers are in the template)."""
    own = [f for f in families.member_families(db, user) if f.regisseur_id is not None]
    conversation_id = None
    if own:
        conversation_id = db.exec(
            select(Conversation.id)
            .where(
                Conversation.kind == ConversationKind.PRIVATE,
                Conversation.person_id == user.id,
                Conversation.family_id.in_([f.id for f in own]),
            )
            .order_by(Conversation.id)
        ).first()
    return CrisisHelp(bool(own), conversation_id, user.has_role(Role.JONGERE))


def message_regisseur(db: Session, user: User) -> int | None:
    """The one-tap message: "please contact me" in her own conversation with her regisseur, in the regisseur's
    language, without a word of the post. Returns the conversation's id, or None without a regisseur. Commits."""
    summaries = messages.conversations(db, user)  # makes her own conversations on first use (and commits)
    private = next(
        (
            s
            for s in summaries
            if s.conversation.kind == ConversationKind.PRIVATE
            and s.conversation.person_id == user.id
            and s.family is not None
            and s.family.regisseur_id is not None
        ),
        None,
    )
    if private is None:
        return None
    regisseur = db.get(User, private.family.regisseur_id)
    with force_locale(regisseur.language if regisseur else "nl"):
        body = _("Ik heb het nu moeilijk en wil graag met je praten. Wil je zo snel mogelijk contact met me opnemen?")
    messages.send(db, user, private.conversation.id, body, client_key=uuid.uuid4().hex)
    db.commit()
    return private.conversation.id


# --- flags ----------------------------------------------------------------------------------------------------


@dataclass
class FlagResult:
    post: PeerPost
    already: bool  # she had flagged it before: nothing changed
    hidden: bool  # this flag hid the post until a moderator looks


def _visible_post_for_member(db: Session, user: User, post_id: int) -> tuple[PeerPost, PeerMember]:
    post = db.get(PeerPost, post_id)
    if post is None or post.status == P.DELETED or not membership.may_enter(db, user, post.space):
        raise NotFound()
    member = membership.member_for(db, user, post.space, create=True)
    if not policy.can_see_peer_post(member.id, False, post):
        raise NotFound()
    return post, member


def flag(db: Session, user: User, post_id: int, reason: str = "") -> FlagResult:
    """A member flags a post in her space (once; never her own). At policy.PEER_FLAGS_TO_HIDE flags the post is
    hidden (held_reason vlaggen) until a moderator looks, and the writer is told."""
    post, member = _visible_post_for_member(db, user, post_id)
    if not policy.can_flag_peer_post(member.id, post):
        raise NotAllowed(_("Je kunt je eigen bericht niet melden. Je kunt het wel zelf aanpassen of weghalen."))
    if db.exec(select(PeerFlag.id).where(PeerFlag.post_id == post.id, PeerFlag.member_id == member.id)).first():
        return FlagResult(post, already=True, hidden=post.status == P.HIDDEN)
    db.add(PeerFlag(post_id=post.id, member_id=member.id, reason=reason[:300]))
    post.flag_count += 1
    hidden = False
    if post.status == P.PUBLISHED and post.flag_count >= policy.PEER_FLAGS_TO_HIDE:
        workflow.move(post, P.HIDDEN, Actor.FLAGS, HeldReason.FLAGS)
        db.add(
            PeerModeration(
                post_id=post.id,
                member_id=post.author_id,
                action=A.HIDE,
                reason=f"{policy.PEER_FLAGS_TO_HIDE} meldingen van leden",
            )
        )
        _tell(db, [_writer_user_id(db, post)], f"vragen-besluit-{post.id}")
        hidden = True
    db.add(post)
    return FlagResult(post, already=False, hidden=hidden)


def flagged_post_ids(db: Session, user: User, post_ids: list[int]) -> set[int]:
    """Which of these posts this person flagged already (for the flag button: "je hebt dit gemeld")."""
    if not post_ids:
        return set()
    rows = db.exec(
        select(PeerFlag.post_id)
        .join(PeerMember, PeerMember.id == PeerFlag.member_id)
        .where(PeerMember.user_id == user.id, PeerFlag.post_id.in_(post_ids))
    )
    return set(rows)


# --- the queue ------------------------------------------------------------------------------------------------


@dataclass
class QueueItem:
    post: PeerPost
    group: str  # GROUP_*
    waiting_since: datetime
    writer: str  # pseudonym, never the name
    question_title: str  # an answer: the title of its question
    flag_reasons: list[str] = field(default_factory=list)

    @property
    def waiting_hours(self) -> int:
        return max(0, int((utcnow() - _aware(self.waiting_since)).total_seconds() // 3600))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _group(post: PeerPost) -> str:
    if post.status == P.IN_REVIEW:
        return GROUP_CRISIS if post.held_reason == HeldReason.CRISIS else GROUP_HELD
    if post.status == P.HIDDEN:
        return GROUP_HIDDEN
    return GROUP_FLAGGED


def queue(db: Session, user: User) -> list[QueueItem]:
    """What waits for a moderator, by group (crisis first) and then by waiting time (longest first)."""
    require_moderator(user)
    waiting = (
        (PeerPost.status == P.IN_REVIEW)
        | ((PeerPost.status == P.HIDDEN) & (PeerPost.held_reason == HeldReason.FLAGS))
        | ((PeerPost.status == P.PUBLISHED) & (PeerPost.flag_count > 0))
    )
    rows = db.exec(
        select(PeerPost, PeerMember.pseudonym)
        .outerjoin(PeerMember, PeerMember.id == PeerPost.author_id)
        .where(waiting)
        .order_by(PeerPost.created_at, PeerPost.id)
    ).all()
    ids = [post.id for post, _p in rows]
    flags: dict[int, list[PeerFlag]] = {}
    if ids:
        for f in db.exec(select(PeerFlag).where(PeerFlag.post_id.in_(ids)).order_by(PeerFlag.created_at)):
            flags.setdefault(f.post_id, []).append(f)
    question_ids = {post.question_id for post, _p in rows if post.question_id}
    titles = (
        dict(db.exec(select(PeerPost.id, PeerPost.title).where(PeerPost.id.in_(question_ids))).all())
        if question_ids
        else {}
    )
    items = []
    for post, pseudonym in rows:
        group = _group(post)
        post_flags = flags.get(post.id, [])
        if group in (GROUP_HELD, GROUP_CRISIS):
            since = post.edited_at or post.created_at
        elif group == GROUP_HIDDEN:
            since = post_flags[-1].created_at if post_flags else post.created_at
        else:
            since = post_flags[0].created_at if post_flags else post.created_at
        items.append(
            QueueItem(
                post,
                group,
                since,
                pseudonym or "",
                titles.get(post.question_id, ""),
                [f.reason for f in post_flags if f.reason],
            )
        )
    items.sort(key=lambda item: (GROUP_ORDER.index(item.group), _aware(item.waiting_since), item.post.id))
    return items


def queue_count(db: Session, user: User) -> int:
    return len(queue(db, user)) if policy.is_moderator(user) else 0


# --- one post, and the actions --------------------------------------------------------------------------------


@dataclass
class PostDetail:
    post: PeerPost
    question: PeerPost | None  # for an answer
    writer: PeerMember | None
    log: list[tuple[PeerModeration, str]]  # with the moderator's name ("" for members' flags)
    flags: list[PeerFlag]
    crisis: list[str]  # the crisis words in it now
    open_identity_request: IdentityRequest | None


def _post_for_moderator(db: Session, user: User, post_id: int) -> PeerPost:
    require_moderator(user)
    post = db.get(PeerPost, post_id)
    if post is None:
        raise NotFound()
    return post


def post_detail(db: Session, user: User, post_id: int) -> PostDetail:
    post = _post_for_moderator(db, user, post_id)
    writer = db.get(PeerMember, post.author_id) if post.author_id else None
    log = db.exec(
        select(PeerModeration, User.name)
        .outerjoin(User, User.id == PeerModeration.moderator_id)
        .where(PeerModeration.post_id == post.id)
        .order_by(PeerModeration.created_at.desc(), PeerModeration.id.desc())
    ).all()
    open_request = None
    if writer is not None:
        open_request = db.exec(
            select(IdentityRequest)
            .where(IdentityRequest.member_id == writer.id, IdentityRequest.revealed_at.is_(None))
            .where((IdentityRequest.approved.is_(None)) | (IdentityRequest.approved))
            .order_by(IdentityRequest.id.desc())
        ).first()
    return PostDetail(
        post=post,
        question=db.get(PeerPost, post.question_id) if post.question_id else None,
        writer=writer,
        log=[(row, name or "") for row, name in log],
        flags=list(db.exec(select(PeerFlag).where(PeerFlag.post_id == post.id).order_by(PeerFlag.created_at))),
        crisis=crisis_hits(db, f"{post.title}\n{post.body}"),
        open_identity_request=open_request,
    )


def _log(
    db: Session,
    user: User,
    action: A,
    reason: str,
    *,
    post: PeerPost | None = None,
    member_id: int | None = None,
    note: str = "",
) -> PeerModeration:
    row = PeerModeration(
        post_id=post.id if post else None,
        member_id=member_id if member_id is not None else (post.author_id if post else None),
        moderator_id=user.id,
        action=action,
        reason=reason.strip()[:1000],
        note_to_writer=note.strip()[:1000],
    )
    db.add(row)
    return row


def _need_reason(reason: str) -> None:
    if not reason or not reason.strip():
        raise ModerationError(_("Schrijf kort waarom. Andere moderatoren lezen dit in het logboek."), "reason")


def act(
    db: Session,
    user: User,
    post_id: int,
    action: str,
    reason: str = "",
    note: str = "",
    title: str | None = None,
    body: str | None = None,
) -> PeerModeration:
    """One moderator action on a post, logged with its reason; the writer is told (generic notification) for
    approve, reject, redact, hide and restore, and reads the decision (and the note) on /moderatie/over-mij.

    approve: a held post is published (counts toward her first three) or a flagged one stays (flags cleared);
    reject: a held or hidden post is not shown, with a private note; redact: the moderator changes the words
    (shown as "aangepast door een moderator"); hide / restore; lock / unlock: a question gets no more answers."""
    post = _post_for_moderator(db, user, post_id)
    try:
        action = A(action)
    except ValueError:
        raise NotFound() from None
    if post.status == P.DELETED:
        raise StepNotAllowed("deleted")
    if action is not A.APPROVE:
        _need_reason(reason)
    if action is A.APPROVE:
        _approve(db, post)
    elif action is A.REJECT:
        if not note.strip():
            raise ModerationError(
                _("Schrijf een korte uitleg voor de schrijver. Alleen zij leest die, in haar eigen taal."), "note"
            )
        workflow.move(post, P.REJECTED, Actor.MODERATOR)
    elif action is A.REDACT:
        _redact(post, title, body)
    elif action is A.HIDE:
        workflow.move(post, P.HIDDEN, Actor.MODERATOR)
    elif action is A.RESTORE:
        workflow.move(post, P.PUBLISHED, Actor.MODERATOR)
        post.flag_count = 0
    elif action in (A.LOCK, A.UNLOCK):
        if post.kind != PostKind.VRAAG:
            raise NotFound()
        if post.locked == (action is A.LOCK):
            raise StepNotAllowed(f"locked={post.locked}")
        post.locked = action is A.LOCK
    else:
        raise NotFound()
    db.add(post)
    row = _log(db, user, action, reason or _("goedgekeurd"), post=post, note=note)
    if action in WRITER_TOLD:
        _tell(db, [_writer_user_id(db, post)], f"vragen-besluit-{post.id}")
    return row


def _approve(db: Session, post: PeerPost) -> None:
    if post.status == P.IN_REVIEW:
        workflow.move(post, P.PUBLISHED, Actor.MODERATOR)
        writer = db.get(PeerMember, post.author_id) if post.author_id else None
        if writer is not None:
            writer.approved_posts += 1
            db.add(writer)
        db.flush()
        _publish_side_effects(db, post)
    elif post.status == P.HIDDEN:
        workflow.move(post, P.PUBLISHED, Actor.MODERATOR)
        post.flag_count = 0
    elif post.status == P.PUBLISHED and post.flag_count > 0:
        post.flag_count = 0  # the flags were looked at: the post stays
    else:
        raise StepNotAllowed(f"{post.status} -> approve")


def _redact(post: PeerPost, title: str | None, body: str | None) -> None:
    body = (body or "").strip()
    if not body:
        raise ModerationError(
            _("De tekst mag niet leeg zijn. Wil je het bericht weg hebben? Kies dan verbergen."), "body"
        )
    if post.kind == PostKind.VRAAG:
        title = (title or "").strip()
        if not title:
            raise ModerationError(_("Een vraag heeft een titel nodig."), "title")
        post.title = title[:200]
    post.body = body[:5000]
    post.redacted_at = utcnow()


# The questions part sets what happens when a post is published (followers told, the question's activity): it
# registers its function here, so a held post that a moderator approves gets the same as one published at once.
_published_hooks: list = []


def on_publish(hook) -> None:
    """Register `hook(db, post)`, called when a moderator publishes a held post (the questions part's
    publish_side_effects)."""
    if hook not in _published_hooks:
        _published_hooks.append(hook)


def _publish_side_effects(db: Session, post: PeerPost) -> None:
    for hook in _published_hooks:
        hook(db, post)


# --- members: suspension --------------------------------------------------------------------------------------


def member_for_moderator(db: Session, user: User, member_id: int) -> PeerMember:
    require_moderator(user)
    member = db.get(PeerMember, member_id)
    if member is None:
        raise NotFound()
    return member


def suspend(db: Session, user: User, member_id: int, days: int, reason: str, note: str = "") -> PeerMember:
    """The member cannot post in this space until the end of the period (she is told until when); 0 days lifts a
    suspension."""
    member = member_for_moderator(db, user, member_id)
    _need_reason(reason)
    if days not in SUSPEND_DAYS and days != 0:
        raise ModerationError(_("Kies hoe lang."), "days")
    member.suspended_until = utcnow() + timedelta(days=days) if days else None
    db.add(member)
    _log(db, user, A.SUSPEND, reason, member_id=member.id, note=note)
    _tell(db, [member.user_id], f"vragen-schorsing-{member.id}")
    return member


def posting_blocked_until(member: PeerMember | None) -> datetime | None:
    """Until when this member may not post (a suspension), or None: she may post. For the questions part."""
    if member is None or policy.may_post_in_peer_space(member.suspended_until, utcnow()):
        return None
    return member.suspended_until


# --- the writer's side: decisions about her posts, look-ups, invitations --------------------------------------


@dataclass
class Decision:
    row: PeerModeration
    post: PeerPost | None
    space: str


@dataclass
class Notices:
    decisions: list[Decision]
    lookups: list[tuple[IdentityRequest, str]]  # told look-ups, with the space
    suspended: list[tuple[str, datetime]]  # (space, until)
    invitations: list[PeerExpertInvite]

    @property
    def empty(self) -> bool:
        return not (self.decisions or self.lookups or self.suspended or self.invitations)


def notices(db: Session, user: User, space: str | None = None, limit: int = 30) -> Notices:
    """What moderators decided about this person's posts and membership, newest first (for her own page)."""
    members = list(
        db.exec(
            select(PeerMember).where(PeerMember.user_id == user.id, *([PeerMember.space == space] if space else []))
        )
    )
    spaces = {m.id: m.space for m in members}
    decisions, lookups = [], []
    if spaces:
        rows = db.exec(
            select(PeerModeration, PeerPost)
            .outerjoin(PeerPost, PeerPost.id == PeerModeration.post_id)
            .where(PeerModeration.member_id.in_(spaces), PeerModeration.action.in_([a.value for a in WRITER_TOLD]))
            .order_by(PeerModeration.created_at.desc(), PeerModeration.id.desc())
            .limit(limit)
        ).all()
        decisions = [Decision(row, post, spaces[row.member_id]) for row, post in rows]
        told = db.exec(
            select(IdentityRequest)
            .where(IdentityRequest.member_id.in_(spaces), IdentityRequest.person_told_at.is_not(None))
            .order_by(IdentityRequest.revealed_at.desc())
        )
        lookups = [(request, spaces[request.member_id]) for request in told]
    now = utcnow()
    suspended = [
        (m.space, m.suspended_until) for m in members if not policy.may_post_in_peer_space(m.suspended_until, now)
    ]
    invitations = list(
        db.exec(
            select(PeerExpertInvite)
            .where(PeerExpertInvite.user_id == user.id, PeerExpertInvite.accepted.is_(None))
            .where(*([PeerExpertInvite.space == space] if space else []))
            .order_by(PeerExpertInvite.id)
        )
    )
    return Notices(decisions, lookups, suspended, invitations)


def decisions_for_posts(db: Session, user: User, post_ids: list[int]) -> dict[int, PeerModeration]:
    """The newest decision about each of these posts that this person wrote (her own only), for her post's page."""
    if not post_ids:
        return {}
    rows = db.exec(
        select(PeerModeration)
        .join(PeerPost, PeerPost.id == PeerModeration.post_id)
        .join(PeerMember, PeerMember.id == PeerPost.author_id)
        .where(
            PeerMember.user_id == user.id,
            PeerModeration.post_id.in_(post_ids),
            PeerModeration.action.in_([a.value for a in WRITER_TOLD]),
        )
        .order_by(PeerModeration.created_at, PeerModeration.id)
    )
    return {row.post_id: row for row in rows}


# --- identity look-ups ----------------------------------------------------------------------------------------


@dataclass
class IdentityView:
    request: IdentityRequest
    pseudonym: str
    space: str
    requested_by: str  # moderators know each other
    decided_by: str


def request_identity(db: Session, user: User, member_id: int, reason: str) -> IdentityRequest:
    """A moderator asks who is behind a pseudonym, with a written reason; the other moderators are told."""
    member = member_for_moderator(db, user, member_id)
    reason = (reason or "").strip()
    if len(reason) < MIN_IDENTITY_REASON:
        raise ModerationError(
            _(
                "Schrijf waarom je dit moet weten, in minstens %(n)s tekens. Een andere moderator beslist.",
                n=MIN_IDENTITY_REASON,
            ),
            "reason",
        )
    open_one = db.exec(
        select(IdentityRequest.id).where(
            IdentityRequest.member_id == member.id,
            IdentityRequest.requested_by_id == user.id,
            IdentityRequest.approved.is_(None),
        )
    ).first()
    if open_one is not None:
        raise NotAllowed(_("Je hebt dit al gevraagd. Een andere moderator beslist nog."))
    request = IdentityRequest(member_id=member.id, requested_by_id=user.id, reason=reason[:1000])
    db.add(request)
    db.flush()
    others = [uid for uid in moderator_ids(db) if uid != user.id]
    _tell(db, others, f"vragen-identiteit-{request.id}", "/moderatie/identiteit")
    return request


def identity_requests(db: Session, user: User) -> list[IdentityView]:
    """Every look-up request, open ones first: what others asked (to decide) and what I asked (to look)."""
    require_moderator(user)
    rows = db.exec(
        select(IdentityRequest, PeerMember)
        .join(PeerMember, PeerMember.id == IdentityRequest.member_id)
        .order_by(IdentityRequest.approved.is_not(None), IdentityRequest.created_at.desc())
        .limit(100)
    ).all()
    names = _names(db, {r.requested_by_id for r, _m in rows} | {r.decided_by_id for r, _m in rows})
    return [
        IdentityView(r, m.pseudonym, m.space, names.get(r.requested_by_id, ""), names.get(r.decided_by_id, ""))
        for r, m in rows
    ]


def _names(db: Session, ids: set[int | None]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.exec(select(User.id, User.name).where(User.id.in_(ids))).all())


def _identity_request(db: Session, user: User, request_id: int) -> IdentityRequest:
    require_moderator(user)
    request = db.get(IdentityRequest, request_id)
    if request is None:
        raise NotFound()
    return request


def decide_identity(db: Session, user: User, request_id: int, approve: bool) -> IdentityRequest:
    """A second moderator (never the one who asked) approves or declines; the asker is told."""
    request = _identity_request(db, user, request_id)
    if not policy.can_decide_identity_request(user, request.requested_by_id):
        raise NotAllowed(_("Een andere moderator moet dit beslissen, niet degene die het vroeg."))
    if request.approved is not None:
        raise StepNotAllowed("decided")
    request.approved = approve
    request.decided_by_id = user.id
    request.decided_at = utcnow()
    db.add(request)
    _tell(db, [request.requested_by_id], f"vragen-identiteit-{request.id}", "/moderatie/identiteit")
    return request


@dataclass
class Revealed:
    name: str
    pseudonym: str
    space: str
    request: IdentityRequest


def reveal_identity(db: Session, user: User, request_id: int) -> Revealed:
    """Once, for the moderator who asked, after a second moderator approved: the real name. Written to the access
    log of each family the person belongs to (object "vragen-identiteit"), to the moderation log, and told to the
    person (a notification and a line on her page)."""
    request = _identity_request(db, user, request_id)
    if request.requested_by_id != user.id:
        raise NotFound()
    if request.approved is not True or request.revealed_at is not None:
        raise StepNotAllowed("not approved or already seen")
    member = db.get(PeerMember, request.member_id)
    person = db.get(User, member.user_id) if member else None
    if member is None or person is None:
        raise NotFound()
    now = utcnow()
    request.revealed_at = now
    request.person_told_at = now
    db.add(request)
    for family in families.member_families(db, person):
        audit.record(db, user, AuditAction.READ, family, IDENTITY_OBJECT, request.id, person.id)
    _log(db, user, A.IDENTITY, request.reason, member_id=member.id)
    _tell(db, [person.id], f"vragen-identiteit-{request.id}")
    return Revealed(person.name, member.pseudonym, member.space, request)


# --- the word lists -------------------------------------------------------------------------------------------


@dataclass
class WordList:
    language: str
    shipped: list[str]
    added: list[PeerWord]


def word_lists(db: Session, user: User) -> list[WordList]:
    require_moderator(user)
    added: dict[str, list[PeerWord]] = {}
    for word in db.exec(select(PeerWord).where(PeerWord.list_name == wordlists.CRISIS).order_by(PeerWord.phrase)):
        added.setdefault(word.language, []).append(word)
    return [
        WordList(language, wordlists.shipped_texts(wordlists.CRISIS, language), added.get(language, []))
        for language in wordlists.LIST_LANGUAGES
    ]


WORD_PROBLEMS = {
    "empty": lambda: _("Vul een woord of zin in."),
    "long": lambda: _("Dit is te lang. Hoogstens %(n)s tekens.", n=wordlists.MAX_PHRASE),
    "short": lambda: _("Een woord heeft minstens 3 letters. Korte woorden geven te veel meldingen."),
    "star": lambda: _("Een * mag alleen aan het begin of eind van een woord staan."),
}


def add_word(db: Session, user: User, language: str, phrase: str) -> PeerWord:
    require_moderator(user)
    if language not in wordlists.LIST_LANGUAGES:
        raise ModerationError(_("Kies een taal."), "language")
    phrase = " ".join((phrase or "").split())
    problem = wordlists.phrase_problem(phrase)
    if problem:
        raise ModerationError(WORD_PROBLEMS[problem](), "phrase")
    existing = wordlists.shipped_texts(wordlists.CRISIS, language) + list(
        db.exec(select(PeerWord.phrase).where(PeerWord.list_name == wordlists.CRISIS, PeerWord.language == language))
    )
    if any(wordlists.same_phrase(phrase, other) for other in existing):
        raise ModerationError(_("Dit woord staat al op de lijst."), "phrase")
    word = PeerWord(list_name=wordlists.CRISIS, language=language, phrase=phrase, added_by_id=user.id)
    db.add(word)
    return word


def remove_word(db: Session, user: User, word_id: int) -> None:
    """Only words moderators added; the shipped lists change with a new version of OnsPlan."""
    require_moderator(user)
    word = db.get(PeerWord, word_id)
    if word is None:
        raise NotFound()
    db.delete(word)


# --- ervaringsdeskundigen -------------------------------------------------------------------------------------


@dataclass
class ExpertsOverview:
    experts: list[PeerMember]  # by pseudonym only: a name beside a pseudonym would skip the look-up rule
    open_invitations: list[tuple[PeerExpertInvite, str]]  # with the e-mail address the moderator typed


def experts(db: Session, user: User) -> ExpertsOverview:
    require_moderator(user)
    members = list(db.exec(select(PeerMember).where(PeerMember.is_expert).order_by(PeerMember.space, PeerMember.id)))
    invitations = db.exec(
        select(PeerExpertInvite, User.email)
        .join(User, User.id == PeerExpertInvite.user_id)
        .where(PeerExpertInvite.accepted.is_(None))
        .order_by(PeerExpertInvite.created_at)
    ).all()
    return ExpertsOverview(members, [(invite, email or "") for invite, email in invitations])


def invite_expert(db: Session, user: User, email: str, space: str, reason: str) -> PeerExpertInvite:
    """Ask an existing account to be an ervaringsdeskundige in a space; she says yes or no in the app."""
    require_moderator(user)
    if space not in (Space.PLEEGOUDERS, Space.JONGEREN):
        raise ModerationError(_("Kies een groep."), "space")
    _need_reason(reason)
    person = user_by_email(db, email or "")
    if person is None or not person.active:
        raise ModerationError(
            _("Er is geen account met dit e-mailadres. Vraag de persoon eerst een account aan te maken."), "email"
        )
    member = db.exec(select(PeerMember).where(PeerMember.user_id == person.id, PeerMember.space == space)).first()
    if member is not None and member.is_expert:
        raise ModerationError(_("Deze persoon is al ervaringsdeskundige in deze groep."), "email")
    open_invite = db.exec(
        select(PeerExpertInvite.id).where(
            PeerExpertInvite.user_id == person.id,
            PeerExpertInvite.space == space,
            PeerExpertInvite.accepted.is_(None),
        )
    ).first()
    if open_invite is not None:
        raise ModerationError(_("Deze persoon heeft al een uitnodiging. Zij moet nog antwoorden."), "email")
    invite = PeerExpertInvite(user_id=person.id, space=space, invited_by_id=user.id, reason=reason.strip()[:500])
    db.add(invite)
    db.flush()
    _tell(db, [person.id], f"vragen-uitnodiging-{invite.id}", f"/moderatie/uitnodiging/{invite.id}")
    return invite


def invitation_for(db: Session, user: User, invite_id: int) -> PeerExpertInvite:
    """Only the invited person sees her invitation."""
    invite = db.get(PeerExpertInvite, invite_id)
    if invite is None or invite.user_id != user.id:
        raise NotFound()
    return invite


def answer_invitation(db: Session, user: User, invite_id: int, accept: bool) -> PeerExpertInvite:
    """Her yes makes her an ervaringsdeskundige in the space (a member row with a new pseudonym if she had none);
    her no ends the invitation. Once."""
    invite = invitation_for(db, user, invite_id)
    if invite.accepted is not None:
        raise StepNotAllowed("answered")
    invite.accepted = accept
    invite.answered_at = utcnow()
    db.add(invite)
    if not accept:
        return invite
    member = membership.member_for(db, user, invite.space)
    if member is None:
        taken = set(db.exec(select(PeerMember.pseudonym).where(PeerMember.space == invite.space)))
        member = PeerMember(
            user_id=user.id,
            space=invite.space,
            pseudonym=pseudonyms.generate(taken, pseudonyms.own_names(user.name, user.email)),
        )
    member.is_expert = True
    member.admitted_by_id = invite.invited_by_id
    db.add(member)
    db.flush()
    db.add(
        PeerModeration(
            member_id=member.id, moderator_id=invite.invited_by_id, action=A.ADMIT_EXPERT, reason=invite.reason
        )
    )
    return invite
