"""Informatie: articles with one fixed structure, written and published by a redacteur, in versions per language;
feedback ("Ik begrijp dit niet"); and translations of a family's plan parts made by a regisseur or an interpreter.

A translation stores the hash of the Dutch text it was made from (`source_hash`): when the Dutch changes, the
translation is out of date, and readers are told so calmly with a link to the Dutch.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel, UniqueConstraint

from webapp.clock import utcnow

SOURCE_LANGUAGE = "nl"


class Article(SQLModel, table=True):
    """One article, whatever its language: who it is for, who reviewed it and when it is due again."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80, unique=True, index=True)  # the id in content/<slug>.<lang>.md
    audiences: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    topics: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reading_level: str = Field(default="B1", max_length=5)
    reviewer: str = Field(default="", max_length=200)  # a named reviewer (a person and her role)
    last_reviewed: date | None = None
    next_review_due: date | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow)


class ArticleVersion(SQLModel, table=True):
    """One version of an article in one language. The sections are the fixed structure (markdown, sanitised when
    shown): Wat is het? · Wat betekent het voor jou? · Wat kun je doen? · Waar vind je hulp?"""

    __tablename__ = "article_version"
    __table_args__ = (UniqueConstraint("article_id", "language", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    language: str = Field(max_length=5, index=True)
    number: int  # 1, 2, ... per article and language
    title: str = Field(max_length=200)
    summary: str = Field(default="", max_length=500)
    what_is_it: str = Field(default="", max_length=5000)
    what_it_means: str = Field(default="", max_length=5000)
    what_you_can_do: str = Field(default="", max_length=5000)
    where_to_get_help: str = Field(default="", max_length=5000)
    culture_note: str = Field(default="", max_length=3000)  # "in jouw taal en cultuur", written for this community
    source_hash: str = Field(default="", max_length=64)  # a translation: the hash of the Dutch version it follows
    translator: str = Field(default="", max_length=200)
    author_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = Field(default=None, index=True)  # None: a draft


class ArticleFeedback(SQLModel, table=True):
    """'Ik begrijp dit niet': one tap on an article or a glossary entry, optionally which sentence. Anonymous."""

    __tablename__ = "article_feedback"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int | None = Field(default=None, foreign_key="article.id", index=True, ondelete="CASCADE")
    term_key: str = Field(default="", max_length=60, index=True)  # a glossary entry
    language: str = Field(max_length=5)
    sentence: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    handled_at: datetime | None = None


class PlanPartTranslation(SQLModel, table=True):
    """A family plan part in a family member's language, made by the regisseur or an interpreter working with her
    (never by an outside machine-translation service). `part` names what it translates: "goal:<id>", "action:<id>",
    "version:<id>" (a version's summary), and the situation and agreements texts by whom they are about, as the
    snapshot knows them: "situation:gezin", "agreements:<user id>", "situation:onbekend" (webapp/plans/translations.py)."""

    __tablename__ = "plan_part_translation"
    __table_args__ = (UniqueConstraint("family_id", "part", "language"),)

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True, ondelete="CASCADE")
    part: str = Field(max_length=40)
    language: str = Field(max_length=5)
    text: str = Field(max_length=8000)
    source_hash: str = Field(max_length=64)  # the hash of the Dutch text it was made from
    translated_by: str = Field(max_length=200)  # the regisseur who typed it: "Petra Jansen"
    interpreter: str = Field(default="", max_length=200)  # the interpreter she worked with: "Ahmet Kaya" (or "")
    translated_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    updated_at: datetime = Field(default_factory=utcnow)
