"""Server-side login sessions: the cookie carries a random token; this module decides whether it still counts.

A session ends on logout, on a password change (other devices), when an account is disabled, after idle time
(15 minutes for professionals, longer for youth and parents on their own phone), and in any case after an absolute
lifetime counted from the login (12 hours for professionals, 90 days for families), however active it stays: a
stolen cookie kept alive by a script still dies.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy.orm import selectinload
from sqlmodel import Session, select, update

from webapp.auth.tokens import hash_token, new_token
from webapp.clock import utcnow
from webapp.models import AuthSession, User

# Refresh `last_seen_at` at most this often, so reading pages doesn't write on every request.
_TOUCH_EVERY = timedelta(seconds=60)


def start(db: Session, user: User, *, user_agent: str = "") -> str:
    token, token_hash = new_token()
    db.add(AuthSession(token_hash=token_hash, user_id=user.id, user_agent=user_agent[:200]))
    user.attach_session_token(token)
    return token


def idle_timeout(user: User) -> timedelta:
    key = "IDLE_TIMEOUT_PROFESSIONAL" if user.is_professional else "IDLE_TIMEOUT_FAMILY"
    return current_app.config[key]


def absolute_lifetime(user: User) -> timedelta:
    key = "SESSION_LIFETIME_PROFESSIONAL" if user.is_professional else "SESSION_LIFETIME_FAMILY"
    return current_app.config[key]


def find(db: Session, token: str) -> AuthSession | None:
    return db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).first()


def load_user(db: Session, token: str) -> tuple[User, AuthSession] | None:
    """The user and session for a cookie token, or None when revoked, idle or alive too long, or the account is
    disabled.

    Runs on every request: one query for session and user, one for the user's roles.
    """
    row = db.exec(
        select(AuthSession, User)
        .join(User, User.id == AuthSession.user_id)
        .where(AuthSession.token_hash == hash_token(token))
        .options(selectinload(User.roles))
    ).first()
    if row is None:
        return None
    auth, user = row
    if auth.revoked_at is not None or not user.active:
        return None
    now = utcnow()
    if now - auth.last_seen_at > idle_timeout(user) or now - auth.created_at > absolute_lifetime(user):
        auth.revoked_at = now
        db.commit()
        return None
    if now - auth.last_seen_at > _TOUCH_EVERY:
        auth.last_seen_at = now
        db.commit()
    user.attach_session_token(token)
    return user, auth


def revoke(db: Session, token: str) -> None:
    auth = find(db, token)
    if auth is not None and auth.revoked_at is None:
        auth.revoked_at = utcnow()


def revoke_all(db: Session, user_id: int, *, except_token: str | None = None) -> None:
    statement = update(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
    if except_token is not None:
        statement = statement.where(AuthSession.token_hash != hash_token(except_token))
    db.exec(statement.values(revoked_at=utcnow()))


def mark_mfa_verified(db: Session, token: str) -> None:
    auth = find(db, token)
    if auth is not None:
        auth.mfa_verified_at = utcnow()
