"""SQLModel tables, one module per aggregate. Importing this package registers every table on `SQLModel.metadata`."""

from webapp.models.accounts import AuthSession, Invitation, PasswordReset
from webapp.models.families import Family, FamilyMember, Relation
from webapp.models.people import Organisation, OrganisationKind, Role, User, UserRole

__all__ = [
    "AuthSession",
    "Family",
    "FamilyMember",
    "Invitation",
    "Organisation",
    "OrganisationKind",
    "PasswordReset",
    "Relation",
    "Role",
    "User",
    "UserRole",
]
