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
