"""Mails the worker makes and sends from outbox rows (kinds in `outbox.MAIL_KINDS`).

The request only wrote a row (see `outbox.enqueue_mail`); here, outside any request, the mail is made in the
recipient's language with links to the site the request came to, and handed to the mailer (SMTP, or the log).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session

from webapp.auth import services as accounts
from webapp.db import session_scope
from webapp.mail import Mail, mailer
from webapp.models import OutboxNotification, User
from webapp.notify import outbox
from webapp.notify.payload import language_of


def password_reset(db: Session, user: User, base_url: str) -> Mail | None:
    """A fresh reset link (older ones stop working) for an account that can still log in."""
    if not user.active or not user.password_hash or not user.email:
        return None
    token = accounts.password_reset_token(db, user)
    with current_app.test_request_context(base_url=base_url), force_locale(language_of(user.language)):
        link = url_for("auth.reset_password", token=token, _external=True)
        return Mail(
            to=user.email,
            subject=_("Nieuw wachtwoord voor OnsPlan"),
            body=_(
                "Via deze link kies je een nieuw wachtwoord. De link werkt één uur en één keer:\n%(link)s",
                link=link,
            ),
        )


BUILDERS: dict[str, Callable[[Session, User, str], Mail | None]] = {outbox.MAIL_PASSWORD_RESET: password_reset}


def send(app: Flask, row: OutboxNotification) -> bool:
    """Make the mail of `row` and send it; False when there is nothing to send (e.g. the account was disabled).
    The token is committed before the mail leaves, so a link never arrives that the database does not know."""
    with session_scope(app) as db:
        user = db.get(User, row.user_id)
        mail = BUILDERS[row.kind](db, user, row.url) if user is not None else None
    if mail is None:
        return False
    mailer().send(mail)
    return True
