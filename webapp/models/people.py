"""People and organisations: users (with or without a login), their roles, the organisations professionals work for."""

from datetime import date, datetime
from enum import StrEnum

from pydantic import PrivateAttr
from sqlmodel import Field, Relationship, SQLModel

from webapp.clock import utcnow


class Role(StrEnum):
    JONGERE = "jongere"
    OUDER = "ouder"
    PLEEGOUDER = "pleegouder"
    MENTOR = "mentor"
    STEUNGEZIN = "steungezin"
    REGISSEUR = "regisseur"
    COORDINATOR = "coordinator"
    MODERATOR = "moderator"
    BEHEERDER = "beheerder"
    REDACTEUR = "redacteur"  # writes and publishes the Informatie articles


PROFESSIONAL_ROLES = frozenset({Role.REGISSEUR, Role.COORDINATOR, Role.MODERATOR, Role.BEHEERDER, Role.REDACTEUR})
FAMILY_ROLES = frozenset({Role.JONGERE, Role.OUDER, Role.PLEEGOUDER})


class OrganisationKind(StrEnum):
    GEMEENTE = "gemeente"
    AANBIEDER = "aanbieder"
    MELDPUNT = "meldpunt"  # Steuntje in de rug: serves the gemeenten of its region
    PLEEGZORG = "pleegzorg"  # where pleeggezin sign-ups are sent (a list the beheerder keeps)
    GEZINSHUIS = "gezinshuis"  # where gezinshuis sign-ups are sent


class PersonTraits:
    """What a person answers from her roles and name, alike for `User`, the signed-in user of a request
    (`webapp.auth.current.SignedInUser`) and a plain row (`webapp.families.reads.PersonRow`): `role_set` and `name`
    are the class's own."""

    __slots__ = ()

    def has_role(self, *roles: Role) -> bool:
        return bool(self.role_set.intersection(roles))  # type: ignore[attr-defined]

    @property
    def is_professional(self) -> bool:
        return bool(self.role_set & PROFESSIONAL_ROLES)  # type: ignore[attr-defined]

    @property
    def first_name(self) -> str:
        return self.name.split(" ", 1)[0]  # type: ignore[attr-defined]


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=20)  # OrganisationKind
    region: str = Field(default="", max_length=100)


class UserRole(SQLModel, table=True):
    __tablename__ = "user_role"
    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    role: str = Field(primary_key=True, max_length=20)  # Role


class User(PersonTraits, SQLModel, table=True):
    """A person OnsPlan knows. Without e-mail and password it is a family member without an account (a young child)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=254, unique=True, index=True)
    password_hash: str | None = Field(default=None, max_length=255)
    language: str = Field(default="nl", max_length=5)
    birth_date: date | None = None
    phone: str = Field(default="", max_length=40)
    # How she wants to be addressed where a language's grammar needs it (ar, pl, uk gender "you" and the past
    # tense): "v" (female), "m" (male) or "" (not said: a neutral form).
    address_form: str = Field(default="", max_length=1)
    job_title: str = Field(default="", max_length=100)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    active: bool = True
    totp_secret: str | None = Field(default=None, max_length=64)
    totp_last_counter: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # 'Zet OnsPlan op je beginscherm' is offered once on the home page: when she answered it (issue 13).
    install_offer_answered_at: datetime | None = None
    # Notifications on this phone, offered once after her first message or appointment answer (issue 13):
    # "" not yet, "open" to show on the next page, "getoond" shown, "nee" declined, "aan" turned on.
    push_offer: str = Field(default="", max_length=10)

    # Loaded when first needed (the session loader loads the current user's roles with the user).
    roles: list[UserRole] = Relationship(sa_relationship_kwargs={"lazy": "select", "cascade": "all, delete-orphan"})
    organisation: Organisation | None = Relationship(sa_relationship_kwargs={"lazy": "joined"})

    # --- flask-login: the id in the cookie is the *session* token, so the server can revoke it -----------------
    _auth_token: str | None = PrivateAttr(default=None)

    def attach_session_token(self, token: str) -> None:
        """Bind this object to one login session (set at login and by the session loader)."""
        self._auth_token = token

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self._auth_token

    # --- roles -----------------------------------------------------------------------------------------------
    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(Role(r.role) for r in self.roles)

    @property
    def has_login(self) -> bool:
        return bool(self.email and self.password_hash)
