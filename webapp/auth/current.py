"""The signed-in person and her login session as plain objects, read on every request in one statement (issue 14,
item 3: ORM hydration of the session and the user cost ~0.5 ms of every page).

`SignedInUser` carries what the pages, the navigation and `webapp/auth/policy.py` read, under the ORM `User`'s
attribute names, so the policy decides on it exactly as on the ORM user. The full ORM `User` is loaded only where a
page needs it: on first access to anything not carried (`user.password_hash`, `user.roles`, `user.phone` ...), and
on every attribute write, which goes to the ORM user (saved with the request's commit, as before) and to the copy.
A use-case that hands the person to the database session itself (`db.add`, `db.delete`, `db.expire`) takes
`account(user)`, the ORM user, first.

It compares equal to the ORM `User` with the same id, both ways, so pages and rules comparing people still match.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from webapp.db import get_session
from webapp.models import User
from webapp.models.people import PersonTraits, Role


@dataclass(frozen=True, slots=True)
class OrganisationRow:
    """The organisation a professional works for, as `user.organisation` is read (name in the navigation and the
    access log, kind for the coordinator's menu and the meldpunt's rules)."""

    id: int
    name: str
    kind: str
    region: str


@dataclass(slots=True)
class SessionRow:
    """One login session (`AuthSession`'s columns), as the guard and `policy.second_factor_done` read it."""

    id: int
    user_id: int
    created_at: datetime
    last_seen_at: datetime
    mfa_verified_at: datetime | None
    revoked_at: datetime | None


# The columns of `User` a SignedInUser carries; reading any other attribute loads the ORM user.
CARRIED = (
    "id",
    "name",
    "email",
    "language",
    "birth_date",
    "phone",
    "address_form",
    "job_title",
    "organisation_id",
    "active",
    "totp_secret",
    "created_at",
    "install_offer_answered_at",
    "push_offer",
)
_CARRIED = frozenset(CARRIED)


class SignedInUser(PersonTraits):
    """The person of this request (Flask-Login's `current_user`), without the ORM; see the module docstring."""

    __slots__ = (*CARRIED, "organisation", "has_password", "_role_set", "_token", "_account")

    id: int
    name: str
    email: str | None
    language: str
    birth_date: date | None
    phone: str
    address_form: str
    job_title: str
    organisation_id: int | None
    active: bool
    totp_secret: str | None
    created_at: datetime
    install_offer_answered_at: datetime | None
    push_offer: str
    organisation: OrganisationRow | None
    has_password: bool

    def __init__(
        self,
        columns: dict[str, Any],
        *,
        organisation: OrganisationRow | None,
        has_password: bool,
        role_set: frozenset[Role],
        token: str,
    ) -> None:
        put = object.__setattr__
        for name in CARRIED:
            put(self, name, columns[name])
        put(self, "organisation", organisation)
        put(self, "has_password", has_password)
        put(self, "_role_set", role_set)
        put(self, "_token", token)
        put(self, "_account", None)

    # --- the ORM user, only when needed ----------------------------------------------------------------------
    @property
    def account(self) -> User:
        """The ORM user of this person, loaded through the request's database session on first use."""
        loaded = self._account
        if loaded is None:
            loaded = get_session().get(User, self.id)
            if loaded is None:  # deleted meanwhile: as if the session had ended
                raise LookupError(f"user {self.id} is gone")
            loaded.attach_session_token(self._token)
            object.__setattr__(self, "_account", loaded)
        return loaded

    def __getattr__(self, name: str) -> Any:
        # Only called for what is not carried. Private and special names are never forwarded: a library probing
        # for them (SQLAlchemy's instance state, copy, pickle) must see that this is not an ORM object.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.account, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_") or name in {"organisation", "has_password"}:
            raise AttributeError(f"{name} is not settable on a SignedInUser")
        setattr(self.account, name, value)
        if name in _CARRIED:
            object.__setattr__(self, name, value)
        if name == "organisation_id":
            organisation = self.account.organisation
            copy = None
            if organisation is not None:
                copy = OrganisationRow(organisation.id, organisation.name, organisation.kind, organisation.region)
            object.__setattr__(self, "organisation", copy)
        elif name == "password_hash":
            object.__setattr__(self, "has_password", bool(value))

    # --- people compare by who they are ----------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if isinstance(other, SignedInUser | User):
            return other.id is not None and self.id == other.id
        return NotImplemented

    def __hash__(self) -> int:
        return hash((SignedInUser, self.id))

    def __repr__(self) -> str:
        return f"SignedInUser(id={self.id})"

    # --- Flask-Login: the id in the cookie is the *session* token (see webapp/auth/sessions.py) --------------
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self._token

    # --- as on `User` ----------------------------------------------------------------------------------------
    @property
    def role_set(self) -> frozenset[Role]:
        loaded = self._account
        if loaded is not None and "roles" in loaded.__dict__:  # changed through the ORM user in this request
            return loaded.role_set
        return self._role_set

    @property
    def has_login(self) -> bool:
        return bool(self.email and self.has_password)


def account(user: User | SignedInUser) -> User:
    """The ORM user, for a use-case that hands the person to the database session (`db.add`, `db.delete`)."""
    return user.account if isinstance(user, SignedInUser) else user
