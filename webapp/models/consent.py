"""What a young person (16+) shares with her parents and foster parents, and per goal with her JIM mentor."""

from datetime import datetime

from sqlmodel import Field, SQLModel, UniqueConstraint

from webapp.clock import utcnow


class SharingChoice(SQLModel, table=True):
    """The youth's general answer, asked in plain words on her first visit after turning 16; changeable any time."""

    __tablename__ = "sharing_choice"

    id: int | None = Field(default=None, primary_key=True)
    youth_id: int = Field(foreign_key="user.id", unique=True, ondelete="CASCADE")
    share_goals_with_family: bool = True
    share_toekomstplan_with_family: bool = True
    answered_at: datetime = Field(default_factory=utcnow)


class GoalSharing(SQLModel, table=True):
    """Per-goal exceptions: hide one goal from the family, or show one goal to the JIM mentor."""

    __tablename__ = "goal_sharing"
    __table_args__ = (UniqueConstraint("goal_id", "youth_id"),)

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True, ondelete="CASCADE")
    youth_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    with_family: bool | None = None  # None: follow the general choice
    with_mentor: bool = False
