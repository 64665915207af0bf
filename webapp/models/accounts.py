"""Login sessions, invitations and password resets. Tokens are stored only as SHA-256 hashes."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from webapp.clock import utcnow


class AuthSession(SQLModel, table=True):
    """One logged-in device. Revoking the row ends the session, whatever cookie the browser still holds."""

    __tablename__ = "auth_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    mfa_verified_at: datetime | None = None
    revoked_at: datetime | None = None
    user_agent: str = Field(default="", max_length=200)


class Invitation(SQLModel, table=True):
    """A regisseur invites a person into a family; the link works once and expires."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    family_id: int = Field(foreign_key="family.id", index=True, ondelete="CASCADE")
    created_by_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    accepted_at: datetime | None = None


class PasswordReset(SQLModel, table=True):
    __tablename__ = "password_reset"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
