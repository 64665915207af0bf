"""Conversations with the regisseur: one per family, one private per person, and their messages and attachments."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel, UniqueConstraint

from webapp.clock import utcnow


class ConversationKind(StrEnum):
    FAMILY = "gezin"  # the family members with an account and the regisseur
    PRIVATE = "prive"  # one person and the regisseur (a youth can talk without her parents reading)
    MENTOR = "mentor"  # a JIM mentor and the youth's regisseur (from the moment the mentor accepted)
    JIM = "jim"  # a youth and her active JIM mentor
    STEUNTJE = "steuntje"  # a family and the coordinators of the meldpunt, about its respite request
    STEUNGEZIN = "steungezin"  # a volunteer household and the coordinators of its meldpunt


class Conversation(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("kind", "family_id", "person_id"),
        UniqueConstraint("kind", "mentorship_id", name="uq_conversation_kind_mentorship"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)  # ConversationKind
    # None only for a volunteer household's conversation with the meldpunt (it belongs to no family).
    family_id: int | None = Field(default=None, foreign_key="family.id", index=True, ondelete="CASCADE")
    person_id: int | None = Field(default=None, foreign_key="user.id", index=True, ondelete="CASCADE")
    mentorship_id: int | None = Field(default=None, foreign_key="mentorship.id", index=True, ondelete="CASCADE")
    respite_request_id: int | None = Field(
        default=None, foreign_key="respite_request.id", index=True, ondelete="CASCADE"
    )
    household_id: int | None = Field(default=None, foreign_key="respite_household.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    last_message_at: datetime | None = Field(default=None, index=True)


class Message(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("author_id", "client_key"),
        # "The regisseur's last answer in this conversation" for every conversation of her list, on every poll: by
        # conversation and author, not through all of her messages in every conversation (migration 0023).
        Index("ix_message_conversation_id_author_id", "conversation_id", "author_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True, ondelete="CASCADE")
    author_id: int = Field(foreign_key="user.id", index=True)
    body: str = Field(max_length=5000)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    # Idempotency: a retried send with the same key returns the first message; the same key with another body is
    # refused. The key is made when the form is drawn, so a re-POST after a lost answer carries it again.
    client_key: str = Field(max_length=64)
    body_hash: str = Field(max_length=64)
    # "Ik voel me niet veilig": a youth's alert to her regisseur. Her inbox shows the conversation first, marked
    # "Dringend", until she has read it (webapp/safety/).
    urgent: bool = False


class ConversationRead(SQLModel, table=True):
    """Up to which message a person has read a conversation."""

    __tablename__ = "conversation_read"

    conversation_id: int = Field(foreign_key="conversation.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    last_read_message_id: int = 0
    read_at: datetime = Field(default_factory=utcnow)


class Attachment(SQLModel, table=True):
    """A photo or PDF with a message. The file lives outside the web root and is served only after an access check."""

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True, ondelete="CASCADE")
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=60)  # detected from the content, not the name
    size: int
    storage_name: str = Field(max_length=80, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class SafetyAlert(SQLModel, table=True):
    """That a youth pressed "Ik voel me niet veilig" and to which regisseur it went: who, when, to whom, never the
    text (that is the message). Read by the youth and that regisseur only; it is no part of the family's access log
    and no parent or foster parent ever sees it (webapp/safety/services.py)."""

    __tablename__ = "safety_alert"

    id: int | None = Field(default=None, primary_key=True)
    youth_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    family_id: int = Field(foreign_key="family.id", index=True, ondelete="CASCADE")
    regisseur_id: int | None = Field(default=None, foreign_key="user.id", index=True, ondelete="SET NULL")
    regisseur_name: str = Field(default="", max_length=200)  # kept as it was, even if the account goes later
    message_id: int | None = Field(default=None, foreign_key="message.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, index=True)
    pushed: bool = False  # a push went out for it (not again within 10 minutes for the same youth)
