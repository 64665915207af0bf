"""Account use-cases: log in, reset a password, change password / language, 2FA (a new e-mail address is confirmed
by a link first: webapp/auth/email_change.py). (Accepting an invitation
into a family lives in webapp/families/joining.py.)

Plain functions taking the database session; the caller commits. Errors the user can fix raise `AccountError` with a
translated message.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update
from sqlmodel import Session, select

from webapp.auth import passwords, sessions, totp
from webapp.auth.tokens import hash_token, new_token
from webapp.clock import utcnow
from webapp.i18n import ADDRESS_FORM_CHOICES
from webapp.models import PasswordReset, User
from webapp.notify import outbox


class AccountError(ValueError):
    """A problem the user can fix; the message is translated and safe to show."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(db: Session, email: str) -> User | None:
    return db.exec(select(User).where(User.email == normalise_email(email))).first()


def authenticate(db: Session, email: str, password: str) -> User | None:
    """The user for these credentials, or None. Unknown e-mail and wrong password take the same time."""
    user = user_by_email(db, email)
    ok = passwords.verify(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def check_new_password(password: str, confirm: str, user: User | None = None) -> None:
    if password != confirm:
        raise AccountError(_("De twee wachtwoorden zijn niet hetzelfde."))
    personal = (user.email or "", user.name) if user else ()
    if found := passwords.problems(password, personal=personal):
        raise AccountError(" ".join(found))


# --- password reset ------------------------------------------------------------------------------------------


def request_password_reset(db: Session, email: str, base_url: str) -> bool:
    """Queue a reset mail for an active account with a login (True); nothing for any other address (False).

    The caller answers the same either way, and the request itself does the same small work for both: the token
    is made and the mail sent later by the worker (`password_reset_token`), so no SMTP round trip tells a
    known address from an unknown one. `base_url` is where the link in the mail points to."""
    user = user_by_email(db, email)
    if user is None or not user.active or not user.password_hash:
        return False
    outbox.enqueue_mail(db, user.id, outbox.MAIL_PASSWORD_RESET, base_url)
    return True


def password_reset_token(db: Session, user: User) -> str:
    """A new reset token for `user` (the worker, as it sends the mail); every older link stops working, so only
    the newest mail counts."""
    now = utcnow()
    _end_password_resets(db, user.id, now)
    token, token_hash = new_token()
    expires = now + current_app.config["PASSWORD_RESET_VALID_FOR"]
    db.add(PasswordReset(token_hash=token_hash, user_id=user.id, expires_at=expires))
    return token


def _end_password_resets(db: Session, user_id: int, now: datetime) -> None:
    db.exec(
        update(PasswordReset)
        .where(PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )


def valid_password_reset(db: Session, token: str) -> PasswordReset | None:
    reset = db.exec(select(PasswordReset).where(PasswordReset.token_hash == hash_token(token))).first()
    if reset is None or reset.used_at is not None or reset.expires_at < utcnow():
        return None
    return reset


def reset_password(db: Session, token: str, password: str, confirm: str) -> User:
    """Set the new password; this link and every other open reset link of the account stop working."""
    reset = valid_password_reset(db, token)
    if reset is None:
        raise AccountError(_("Deze link werkt niet meer. Vraag een nieuwe aan."))
    user = db.get(User, reset.user_id)
    check_new_password(password, confirm, user)
    _end_password_resets(db, user.id, utcnow())
    user.password_hash = passwords.hash_password(password)
    sessions.revoke_all(db, user.id)
    return user


# --- account settings ----------------------------------------------------------------------------------------


def require_current_password(user: User, current_password: str) -> None:
    """Re-authentication before a sensitive change (e-mail, password, two-factor)."""
    if not passwords.verify(user.password_hash, current_password):
        raise AccountError(_("Je huidige wachtwoord klopt niet."))


def change_password(db: Session, user: User, current: str, new: str, confirm: str, *, keep_token: str) -> None:
    require_current_password(user, current)
    check_new_password(new, confirm, user)
    user.password_hash = passwords.hash_password(new)
    sessions.revoke_all(db, user.id, except_token=keep_token)


def set_language(user: User, language: str) -> None:
    if language in current_app.config["LANGUAGES"]:
        user.language = language


def set_address_form(user: User, address_form: str) -> None:
    """ "v" (as a woman), "m" (as a man) or "" (not said: the neutral form)."""
    if address_form in {code for code, _label in ADDRESS_FORM_CHOICES}:
        user.address_form = address_form


def enrol_totp(user: User, secret: str, code: str, current_password: str | None) -> None:
    """Turn on (or replace) two-factor. Replacing an existing one asks for the password first."""
    if user.totp_secret:
        require_current_password(user, current_password or "")
    counter = totp.matching_counter(secret, code)
    if counter is None:
        raise AccountError(_("Deze code klopt niet. Kijk in je app en typ de code van nu."))
    user.totp_secret = secret
    user.totp_last_counter = counter


def set_active(db: Session, user: User, active: bool) -> None:
    """Disable or enable an account; disabling ends every session of that person at once."""
    user.active = active
    if not active:
        sessions.revoke_all(db, user.id)
