"""The gezinsplan (one per family): the regisseur's working draft, published versions, and the family's answers.

The draft is a set of ordinary rows (goals, actions, involved people, ZRM scores, texts) the regisseur edits.
Publishing freezes the draft into a `PlanVersion` whose `content` is a JSON snapshot: published versions never change,
and "what changed" compares two snapshots.

Every part of the plan says who it is about: `about_user_id` None is the whole family, otherwise one person of the
family; the age and sharing rules of webapp/auth/policy.py decide per part who sees it. Rows written before parts
said so (migration 0008) have `about_unknown` set: nobody chose, so only people who may see a part about every member
of the family (and the regisseur) see them, until the regisseur chooses.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column
from sqlmodel import Field, Relationship, SQLModel, UniqueConstraint

from webapp.clock import utcnow
from webapp.models.base import owned_children


class GoalStatus(StrEnum):
    NEW = "nieuw"
    BUSY = "bezig"
    REACHED = "gehaald"
    STOPPED = "gestopt"


class ZrmDomain(StrEnum):
    """The 11 domains of the Zelfredzaamheidsmatrix, in the official order."""

    FINANCIEN = "financien"
    DAGBESTEDING = "dagbesteding"
    HUISVESTING = "huisvesting"
    HUISELIJKE_RELATIES = "huiselijke_relaties"
    GEESTELIJKE_GEZONDHEID = "geestelijke_gezondheid"
    LICHAMELIJKE_GEZONDHEID = "lichamelijke_gezondheid"
    VERSLAVING = "verslaving"
    ADL = "adl"
    SOCIAAL_NETWERK = "sociaal_netwerk"
    MAATSCHAPPELIJKE_PARTICIPATIE = "maatschappelijke_participatie"
    JUSTITIE = "justitie"


class TextKind(StrEnum):
    SITUATION = "situation"  # "hoe gaat het nu", in plain words
    AGREEMENTS = "agreements"


class Plan(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", unique=True, ondelete="CASCADE")
    # The whole family's part of "how it is going now" and of the agreements; parts about one person: PlanText.
    situation: str = Field(default="", max_length=4000)
    agreements: str = Field(default="", max_length=4000)
    next_evaluation: date | None = None
    updated_at: datetime = Field(default_factory=utcnow)

    # The draft's rows are only read by the editor and when publishing: families read the published snapshot.
    goals: list["Goal"] = Relationship(sa_relationship_kwargs=owned_children("Goal.position, Goal.id", lazy="select"))
    actions: list["Action"] = Relationship(
        sa_relationship_kwargs=owned_children("Action.due_date, Action.id", lazy="select")
    )
    involved: list["Involved"] = Relationship(sa_relationship_kwargs=owned_children("Involved.id", lazy="select"))
    texts: list["PlanText"] = Relationship(sa_relationship_kwargs=owned_children("PlanText.id", lazy="select"))


class PlanText(SQLModel, table=True):
    """A part of "how it is going now" or of the agreements about one person (or, from before migration 0008, about
    nobody knows whom: `about_unknown`). At most one per kind and person; an emptied text is deleted."""

    __tablename__ = "plan_text"
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=20)  # TextKind
    about_user_id: int | None = Field(default=None, foreign_key="user.id")
    about_unknown: bool = False
    text: str = Field(max_length=4000)


class Goal(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    about_user_id: int | None = Field(default=None, foreign_key="user.id")  # None: the whole family
    title: str = Field(max_length=300)  # in the family's own words
    status: str = Field(default=GoalStatus.NEW, max_length=20)
    target_date: date | None = None
    position: int = 0
    created_at: datetime = Field(default_factory=utcnow)

    notes: list["GoalNote"] = Relationship(sa_relationship_kwargs=owned_children("GoalNote.created_at"))


class GoalNote(SQLModel, table=True):
    """A progress note on a goal ("how far are we")."""

    __tablename__ = "goal_note"
    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True, ondelete="CASCADE")
    text: str = Field(max_length=2000)
    author_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class Action(SQLModel, table=True):
    """Who does what by when."""

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    goal_id: int | None = Field(default=None, foreign_key="goal.id", ondelete="SET NULL")
    what: str = Field(max_length=300)
    who: str = Field(max_length=200)  # a family member, someone from the network, or a professional
    due_date: date | None = None
    done: bool = False


class Involved(SQLModel, table=True):
    """A betrokkene: a person or organisation involved with the family (the regisseur is shown first, from Family)."""

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    role: str = Field(max_length=200)
    organisation: str = Field(default="", max_length=200)
    contact: str = Field(default="", max_length=200)
    about_user_id: int | None = Field(default=None, foreign_key="user.id")  # None: helps the whole family
    about_unknown: bool = False  # added before parts said who they are about


class ZrmScore(SQLModel, table=True):
    """One score of one ZRM domain on one day. Rows are only added, so the history stays."""

    __tablename__ = "zrm_score"
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    domain: str = Field(max_length=40)  # ZrmDomain
    score: int = Field(ge=1, le=5)
    assessed_on: date
    assessed_by_id: int | None = Field(default=None, foreign_key="user.id")
    about_user_id: int | None = Field(default=None, foreign_key="user.id")  # None: the family as a whole
    about_unknown: bool = False  # scored before parts said who they are about


class PlanVersion(SQLModel, table=True):
    """A published, immutable version of the plan."""

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    number: int
    summary: str = Field(max_length=1000)  # what changed, in the regisseur's words
    summary_about_user_id: int | None = Field(default=None, foreign_key="user.id")  # None: the whole family
    summary_about_unknown: bool = False  # published before parts said who they are about
    content: dict = Field(sa_column=Column(JSON, nullable=False))
    published_at: datetime = Field(default_factory=utcnow)
    published_by_id: int | None = Field(default=None, foreign_key="user.id")


class PlanResponse(SQLModel, table=True):
    """A family member's answer to a version: akkoord or niet akkoord, with a comment."""

    __tablename__ = "plan_response"
    __table_args__ = (UniqueConstraint("version_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="plan_version.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    agrees: bool
    comment: str = Field(default="", max_length=2000)
    answered_at: datetime = Field(default_factory=utcnow)
    handled_at: datetime | None = None  # the regisseur has followed up a "niet akkoord"
