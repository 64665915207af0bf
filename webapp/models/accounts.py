"""Login sessions, invitations and password resets. Tokens are stored only as SHA-256 hashes."""

from datetime import date, datetime

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
    """A regisseur invites a person into one family; the link works once and expires.

    It holds what the regisseur typed; the membership is made only when the person accepts, and only in this family.
    Someone new chooses a password on the link; someone who already has an account logs in and says yes (consent),
    so a regisseur can never attach an existing account, and never learns whether an e-mail address has one. A youth
    under 16 who already belongs to a family joins another one only when a parent with authority there agrees too.
    Rows made before migration 0007 carry the pending person in `user_id`; newer rows set it at acceptance.
    """

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    family_id: int = Field(foreign_key="family.id", index=True, ondelete="CASCADE")
    created_by_id: int = Field(foreign_key="user.id")
    email: str = Field(default="", max_length=254, index=True)
    name: str = Field(default="", max_length=200)
    relation: str = Field(default="anders", max_length=20)  # Relation
    birth_date: date | None = None
    language: str = Field(default="nl", max_length=5)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    accepted_at: datetime | None = None
    declined_at: datetime | None = None
    # A youth under 16 in another family said yes; a parent with authority there still has to agree.
    awaiting_carer_since: datetime | None = None
    carer_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")


class PasswordReset(SQLModel, table=True):
    __tablename__ = "password_reset"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
