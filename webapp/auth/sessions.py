"""Server-side login sessions: the cookie carries a random token; this module decides whether it still counts.

A session ends on logout, on a password change (other devices), when an account is disabled, after idle time
(15 minutes for professionals, longer for youth and parents on their own phone), and in any case after an absolute
lifetime counted from the login (12 hours for professionals, 90 days for families), however active it stays: a
stolen cookie kept alive by a script still dies.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, func
from sqlalchemy import select as core_select
from sqlmodel import Session, select, update

from webapp.auth.current import CARRIED, OrganisationRow, SessionRow, SignedInUser
from webapp.auth.current import account as account  # the ORM user of a SignedInUser, for other features' use-cases
from webapp.auth.tokens import hash_token, new_token
from webapp.clock import utcnow
from webapp.models import AuthSession, Organisation, User, UserRole
from webapp.models.people import Role
from webapp.sql_once import built_once

# Refresh `last_seen_at` at most this often, so reading pages doesn't write on every request.
_TOUCH_EVERY = timedelta(seconds=60)


def start(db: Session, user: User, *, user_agent: str = "") -> str:
    token, token_hash = new_token()
    db.add(AuthSession(token_hash=token_hash, user_id=user.id, user_agent=user_agent[:200]))
    user.attach_session_token(token)
    return token


def idle_timeout(user: User | SignedInUser) -> timedelta:
    key = "IDLE_TIMEOUT_PROFESSIONAL" if user.is_professional else "IDLE_TIMEOUT_FAMILY"
    return current_app.config[key]


def absolute_lifetime(user: User | SignedInUser) -> timedelta:
    key = "SESSION_LIFETIME_PROFESSIONAL" if user.is_professional else "SESSION_LIFETIME_FAMILY"
    return current_app.config[key]


def find(db: Session, token: str) -> AuthSession | None:
    return db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).first()


# The session of a cookie with its user, the user's organisation and roles: one statement, built once.
_ROLES = (
    core_select(func.aggregate_strings(UserRole.role, ","))
    .where(UserRole.user_id == User.id)
    .correlate(User)
    .scalar_subquery()
)
_SESSION_AND_USER = built_once(
    core_select(
        AuthSession.id.label("session_id"),
        AuthSession.created_at.label("session_created_at"),
        AuthSession.last_seen_at,
        AuthSession.mfa_verified_at,
        AuthSession.revoked_at,
        *(getattr(User, name) for name in CARRIED),
        (User.password_hash.is_not(None) & (User.password_hash != "")).label("has_password"),
        Organisation.name.label("organisation_name"),
        Organisation.kind.label("organisation_kind"),
        Organisation.region.label("organisation_region"),
        _ROLES.label("roles"),
    )
    .select_from(AuthSession)
    .join(User, User.id == AuthSession.user_id)
    .outerjoin(Organisation, Organisation.id == User.organisation_id)
    .where(AuthSession.token_hash == bindparam("token_hash"))
)
_TOUCH = update(AuthSession).where(AuthSession.token_hash == bindparam("hash")).values(last_seen_at=bindparam("now"))
_REVOKE = (
    update(AuthSession)
    .where(AuthSession.token_hash == bindparam("hash"), AuthSession.revoked_at.is_(None))
    .values(revoked_at=bindparam("now"))
)
_MFA_VERIFIED = (
    update(AuthSession).where(AuthSession.token_hash == bindparam("hash")).values(mfa_verified_at=bindparam("now"))
)


def _signed_in(row, token: str) -> tuple[SignedInUser, SessionRow]:
    organisation = None
    if row.organisation_id is not None and row.organisation_name is not None:
        organisation = OrganisationRow(
            row.organisation_id, row.organisation_name, row.organisation_kind, row.organisation_region
        )
    user = SignedInUser(
        row._mapping,
        organisation=organisation,
        has_password=bool(row.has_password),
        role_set=frozenset(Role(role) for role in row.roles.split(",")) if row.roles else frozenset(),
        token=token,
    )
    auth = SessionRow(
        row.session_id, row.id, row.session_created_at, row.last_seen_at, row.mfa_verified_at, row.revoked_at
    )
    return user, auth


def load_user(db: Session, token: str) -> tuple[SignedInUser, SessionRow] | None:
    """The user and session for a cookie token, or None when revoked, idle or alive too long, or the account is
    disabled.

    Runs on every request: one statement built once, read into plain objects (webapp/auth/current.py); the
    once-a-minute touch and the revoke are UPDATEs by token hash, committed as before.
    """
    token_hash = hash_token(token)
    row = db.connection().execute(_SESSION_AND_USER, {"token_hash": token_hash}).first()
    if row is None:
        return None
    user, auth = _signed_in(row, token)
    if auth.revoked_at is not None or not user.active:
        return None
    now = utcnow()
    if now - auth.last_seen_at > idle_timeout(user) or now - auth.created_at > absolute_lifetime(user):
        db.connection().execute(_REVOKE, {"hash": token_hash, "now": now})
        db.commit()
        return None
    if now - auth.last_seen_at > _TOUCH_EVERY:
        db.connection().execute(_TOUCH, {"hash": token_hash, "now": now})
        db.commit()
        auth.last_seen_at = now
    return user, auth


def revoke(db: Session, token: str) -> None:
    db.connection().execute(_REVOKE, {"hash": hash_token(token), "now": utcnow()})


def revoke_all(db: Session, user_id: int, *, except_token: str | None = None) -> None:
    statement = update(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
    if except_token is not None:
        statement = statement.where(AuthSession.token_hash != hash_token(except_token))
    db.exec(statement.values(revoked_at=utcnow()))


def mark_mfa_verified(db: Session, token: str) -> None:
    db.connection().execute(_MFA_VERIFIED, {"hash": hash_token(token), "now": utcnow()})
