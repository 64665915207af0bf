"""A family (gezin): its members and their relation, its gemeente and its one regisseur (1 Gezin 1 Plan 1 Regisseur)."""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, Relationship, SQLModel, UniqueConstraint

from webapp.clock import utcnow
from webapp.models.people import Organisation, User


class Relation(StrEnum):
    JONGERE = "jongere"
    OUDER = "ouder"
    PLEEGOUDER = "pleegouder"
    OTHER = "anders"


class FamilyMember(SQLModel, table=True):
    __tablename__ = "family_member"
    __table_args__ = (UniqueConstraint("family_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    relation: str = Field(max_length=20)  # Relation
    # Parental authority (gezag): under 12, only parents with authority see a child's part of the plan.
    has_authority: bool = False

    user: User = Relationship(sa_relationship_kwargs={"lazy": "joined"})


class Family(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    gemeente_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    regisseur_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)

    members: list[FamilyMember] = Relationship(
        sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan", "order_by": "FamilyMember.id"}
    )
    regisseur: User | None = Relationship(sa_relationship_kwargs={"lazy": "joined"})
    gemeente: Organisation | None = Relationship(sa_relationship_kwargs={"lazy": "joined"})

    def member_for(self, user_id: int | None) -> FamilyMember | None:
        return next((m for m in self.members if m.user_id == user_id), None)


class FamilyHandover(SQLModel, table=True):
    """A family handed to another regisseur by a coordinator of its gemeente (overdracht), or asked for.

    A row with `asked_at` and no `handed_over_at` is an open question from the regisseur ("I am leaving, find
    someone"); the coordinator's handover completes it. A handover without a question is one row with both the old
    and the new regisseur. Rows are history: the family page shows the latest completed one ("X is nu jullie
    regisseur, sinds ..."), the coordinator all of them. The reasons are for the coordinator and the regisseurs,
    not for the family's pages or notifications.
    """

    __tablename__ = "family_handover"

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True, ondelete="CASCADE")
    from_regisseur_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    to_regisseur_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    asked_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    asked_reason: str = Field(default="", max_length=1000)
    asked_at: datetime | None = None
    handed_over_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    reason: str = Field(default="", max_length=1000)
    handed_over_at: datetime | None = Field(default=None, index=True)
