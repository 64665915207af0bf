"""The toekomstplan of one young person (16 to 27; shown prominently from 17): per domain where she is now, what
she wants and the steps, plus the 18-checklist (its items are defined in code: webapp/toekomstplan/checklist.py)."""

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, Relationship, SQLModel, UniqueConstraint

from webapp.clock import utcnow
from webapp.models.base import owned_children


class FutureDomain(StrEnum):
    WONEN = "wonen"
    SCHOOL = "school"
    WERK = "werk"
    INKOMEN = "inkomen"
    RELATIES = "relaties"  # vrienden en relaties
    VRIJE_TIJD = "vrije_tijd"
    ZORG = "zorg"


class Toekomstplan(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    youth_id: int = Field(foreign_key="user.id", unique=True, ondelete="CASCADE")
    family_id: int = Field(foreign_key="family.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)

    domains: list["FutureDomainEntry"] = Relationship(sa_relationship_kwargs=owned_children("FutureDomainEntry.id"))
    steps: list["FutureStep"] = Relationship(
        sa_relationship_kwargs=owned_children("FutureStep.due_date, FutureStep.id")
    )
    checklist: list["ChecklistTick"] = Relationship(sa_relationship_kwargs=owned_children("ChecklistTick.id"))


class FutureDomainEntry(SQLModel, table=True):
    __tablename__ = "future_domain_entry"
    __table_args__ = (UniqueConstraint("toekomstplan_id", "domain"),)

    id: int | None = Field(default=None, primary_key=True)
    toekomstplan_id: int = Field(foreign_key="toekomstplan.id", index=True, ondelete="CASCADE")
    domain: str = Field(max_length=20)  # FutureDomain
    now_text: str = Field(default="", max_length=2000)  # where I am now
    want_text: str = Field(default="", max_length=2000)  # what I want (the youth writes this herself)
    updated_at: datetime = Field(default_factory=utcnow)


class FutureStep(SQLModel, table=True):
    __tablename__ = "future_step"

    id: int | None = Field(default=None, primary_key=True)
    toekomstplan_id: int = Field(foreign_key="toekomstplan.id", index=True, ondelete="CASCADE")
    domain: str = Field(max_length=20)
    what: str = Field(max_length=300)
    owner: str = Field(max_length=200)
    due_date: date | None = None
    done: bool = False


class ChecklistTick(SQLModel, table=True):
    """An item of the 18-checklist that is done."""

    __tablename__ = "checklist_tick"
    __table_args__ = (UniqueConstraint("toekomstplan_id", "item"),)

    id: int | None = Field(default=None, primary_key=True)
    toekomstplan_id: int = Field(foreign_key="toekomstplan.id", index=True, ondelete="CASCADE")
    item: str = Field(max_length=40)
    done_at: datetime = Field(default_factory=utcnow)
    done_by_id: int | None = Field(default=None, foreign_key="user.id")
