"""Peer questions ("Vraag het een andere pleegouder"): two closed spaces, members under a pseudonym, questions and
answers, flags, follows, the moderation log and identity look-ups.

Posts are not part of a family's dossier: a member deletes her own posts at any time, and the moderation log then
keeps only the action (post_id set to NULL). A member's real name is never shown to other members; a moderator
learns it only through an `IdentityRequest` a second moderator approved (written to the access log).
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel, UniqueConstraint

from webapp.clock import utcnow


class Space(StrEnum):
    PLEEGOUDERS = "pleegouders"  # foster parents, gezinshuisouders, steungezinnen
    JONGEREN = "jongeren"  # young people 12-23 who live or lived in a foster family or gezinshuis


class PostKind(StrEnum):
    VRAAG = "vraag"
    ANTWOORD = "antwoord"


class PostStatus(StrEnum):
    IN_REVIEW = "in_review"  # pre-moderated: waits for a moderator (see held_reason)
    PUBLISHED = "published"
    REJECTED = "rejected"  # with a private note to the writer
    HIDDEN = "hidden"  # by a moderator, or by three flags until a moderator looks
    DELETED = "deleted"  # by its writer (text wiped)


class HeldReason(StrEnum):
    JONGEREN = "jongeren"  # the young people's space is pre-moderated
    NEW_MEMBER = "nieuw_lid"  # a member's first three posts
    CRISIS = "crisis"  # a crisis word: every on-duty moderator is alerted
    FLAGS = "vlaggen"  # hidden by three flags
    SUSPENDED = "geschorst"


class PeerMember(SQLModel, table=True):
    """A person in one space, under one stable pseudonym (or her first name, if she chooses)."""

    __tablename__ = "peer_member"
    __table_args__ = (UniqueConstraint("user_id", "space"), UniqueConstraint("space", "pseudonym"))

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    space: str = Field(max_length=12)  # Space
    pseudonym: str = Field(max_length=60)
    pseudonym_changed_at: datetime | None = None  # changeable once
    use_first_name: bool = False
    is_expert: bool = False  # ervaringsdeskundige, admitted by a moderator
    admitted_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    approved_posts: int = 0  # the first three posts are pre-moderated
    suspended_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class PeerPost(SQLModel, table=True):
    """A question (title, topics) or an answer to one (question_id set)."""

    __tablename__ = "peer_post"

    id: int | None = Field(default=None, primary_key=True)
    space: str = Field(max_length=12, index=True)  # Space
    kind: str = Field(max_length=10)  # PostKind
    question_id: int | None = Field(default=None, foreign_key="peer_post.id", index=True, ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="peer_member.id", index=True, ondelete="SET NULL")
    title: str = Field(default="", max_length=200)
    body: str = Field(max_length=5000)
    topics: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    language: str = Field(default="", max_length=5)  # chosen by the writer (a filter), "" unknown
    status: str = Field(default=PostStatus.PUBLISHED, max_length=12, index=True)  # PostStatus
    held_reason: str = Field(default="", max_length=12)  # HeldReason, while in review or hidden
    locked: bool = False  # a question no one can answer any more
    accepted_answer_id: int | None = None  # on a question: "dit hielp mij" (no FK: an answer of this question)
    recommended_by_id: int | None = Field(default=None, foreign_key="peer_member.id", ondelete="SET NULL")
    recommended_at: datetime | None = None
    flag_count: int = 0
    redacted_at: datetime | None = None  # a moderator edited it: shown as such
    created_at: datetime = Field(default_factory=utcnow, index=True)
    edited_at: datetime | None = None
    published_at: datetime | None = Field(default=None, index=True)
    last_activity_at: datetime = Field(default_factory=utcnow, index=True)  # a question: newest published answer
    escalated_at: datetime | None = None  # unanswered after 48 hours: sent to the ervaringsdeskundigen
    # The Dutch stems of the title and the text, set on every write by webapp/peers/search/index.py; the full-text
    # index (SQLite FTS5 table peer_post_fts / PostgreSQL column search_vector, migration 0015) is built on them.
    search_title: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    search_body: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class PeerFlag(SQLModel, table=True):
    __tablename__ = "peer_flag"
    __table_args__ = (UniqueConstraint("post_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="peer_post.id", index=True, ondelete="CASCADE")
    member_id: int = Field(foreign_key="peer_member.id", ondelete="CASCADE")
    reason: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow)


class PeerFollow(SQLModel, table=True):
    __tablename__ = "peer_follow"
    __table_args__ = (UniqueConstraint("question_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="peer_post.id", index=True, ondelete="CASCADE")
    member_id: int = Field(foreign_key="peer_member.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)


class ModerationAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    REDACT = "redact"
    HIDE = "hide"
    RESTORE = "restore"
    LOCK = "lock"
    UNLOCK = "unlock"
    SUSPEND = "suspend"
    ADMIT_EXPERT = "admit_expert"
    IDENTITY = "identity"  # an identity look-up was approved and shown


class PeerModeration(SQLModel, table=True):
    """One moderation action with its reason. When the writer deletes a post, post_id becomes NULL: the action
    stays, the words go."""

    __tablename__ = "peer_moderation"

    id: int | None = Field(default=None, primary_key=True)
    post_id: int | None = Field(default=None, foreign_key="peer_post.id", index=True, ondelete="SET NULL")
    member_id: int | None = Field(default=None, foreign_key="peer_member.id", index=True, ondelete="SET NULL")
    moderator_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    action: str = Field(max_length=15)  # ModerationAction
    reason: str = Field(default="", max_length=1000)  # for the moderators
    note_to_writer: str = Field(default="", max_length=1000)  # what the writer reads (reject, redact)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class IdentityRequest(SQLModel, table=True):
    """A moderator asks who is behind a pseudonym, with a written reason; a second moderator approves it; the
    look-up is written to the access log and the person is told afterwards."""

    __tablename__ = "peer_identity_request"

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="peer_member.id", index=True, ondelete="CASCADE")
    requested_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    reason: str = Field(max_length=1000)
    decided_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    approved: bool | None = None
    decided_at: datetime | None = None
    revealed_at: datetime | None = None  # the requester looked
    person_told_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class PeerWord(SQLModel, table=True):
    """A word or phrase a moderator added to a list (crisis words), beside the lists shipped in data files."""

    __tablename__ = "peer_word"
    __table_args__ = (UniqueConstraint("list_name", "language", "phrase"),)

    id: int | None = Field(default=None, primary_key=True)
    list_name: str = Field(max_length=20)  # "crisis"
    language: str = Field(max_length=5)
    phrase: str = Field(max_length=100)
    added_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)


class PeerExpertInvite(SQLModel, table=True):
    """A moderator asks an existing account to be an ervaringsdeskundige in a space; she becomes one only when she
    says yes in the app (adding an existing account to anything needs that person's consent)."""

    __tablename__ = "peer_expert_invite"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    space: str = Field(max_length=12)  # Space
    invited_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    reason: str = Field(default="", max_length=500)  # for the moderators
    accepted: bool | None = None  # None: no answer yet
    answered_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
