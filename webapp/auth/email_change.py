"""Changing the e-mail address you log in with: the new address is confirmed by a one-time link before it counts.

Why this shape: the answer to "change my address to X" must not tell whether X already has an account (that would
let anyone with an account test addresses). So every request that passes the password check gets the same answer
("we sent a mail to the new address") and sends exactly one mail: a confirmation link when X is free, and a notice
"this address already has an account" when it is taken. Only the owner of X reads which one it was.

The link is a signed, timed token (no table needed) holding the account, the new address, and a fingerprint of the
account's current address and password: once the address has changed (or the password), the fingerprint no longer
matches, so the link works once. It works only for the account that asked, logged in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlmodel import Session

from webapp.auth.current import account
from webapp.auth.services import AccountError, normalise_email, require_current_password, user_by_email
from webapp.auth.tokens import signed_serializer
from webapp.mail import send_mail
from webapp.models import User


@dataclass(frozen=True)
class Confirmation:
    """What a valid link asks: the account and its new address."""

    user: User
    email: str


def _link_problem() -> AccountError:
    return AccountError(
        _("Deze link werkt niet meer. Vraag op je accountpagina opnieuw om je e-mailadres te veranderen.")
    )


def _serializer() -> URLSafeTimedSerializer:
    return signed_serializer(current_app.config["SECRET_KEY"], "email-change")


def _fingerprint(user: User) -> str:
    return hashlib.sha256(f"{user.id}|{user.email}|{user.password_hash}".encode()).hexdigest()[:32]


def request_change(db: Session, user: User, current_password: str, new_email: str) -> str:
    """Check the password, then mail the new address (a link when it is free, a notice when it is taken). Returns
    the normalised address for the answer, which is the same in both cases. The address changes only when the
    link is confirmed."""
    require_current_password(user, current_password)
    email = normalise_email(new_email)
    if email == user.email:
        raise AccountError(_("Dit is al je e-mailadres."))
    if user_by_email(db, email) is None:
        token = _serializer().dumps({"u": user.id, "e": email, "f": _fingerprint(user)})
        link = url_for("auth.confirm_email", token=token, _external=True)
        send_mail(
            email,
            _("Bevestig je nieuwe e-mailadres voor OnsPlan"),
            _(
                "Je wilt voortaan met dit e-mailadres inloggen bij OnsPlan. Open deze link om dat te bevestigen. "
                "De link werkt één dag en één keer:\n%(link)s\n\nHeb jij dit niet gevraagd? Dan hoef je niets te doen.",
                link=link,
            ),
        )
    else:
        send_mail(
            email,
            _("Je e-mailadres bij OnsPlan"),
            _(
                "Iemand wilde dit e-mailadres gebruiken voor een account bij OnsPlan. Er is al een account met dit "
                "adres, dus er is niets veranderd.\n\nWas jij dit? Log dan in met dit adres. Wachtwoord vergeten? "
                "Kies op de inlogpagina 'Wachtwoord vergeten?'.\nWas jij het niet? Dan hoef je niets te doen."
            ),
        )
    return email


def check_link(db: Session, user: User, token: str) -> Confirmation:
    """The confirmation a link holds, if it is still good and meant for `user`; AccountError otherwise."""
    try:
        data = _serializer().loads(token, max_age=int(current_app.config["EMAIL_CHANGE_VALID_FOR"].total_seconds()))
    except BadData as error:
        raise _link_problem() from error
    if not isinstance(data, dict) or data.get("u") != user.id or data.get("f") != _fingerprint(user):
        raise _link_problem()
    email = data.get("e")
    if not isinstance(email, str) or user_by_email(db, email) is not None:
        raise _link_problem()
    return Confirmation(user=user, email=email)


def confirm(db: Session, confirmation: Confirmation) -> str:
    """Switch to the address of a checked link (`check_link`); the old one hears about it (a stolen session
    changing the address shows)."""
    user = account(confirmation.user)  # the ORM user: it is added to the session below
    old = user.email
    user.email = confirmation.email
    db.add(user)
    if old:
        send_mail(
            old,
            _("Je e-mailadres bij OnsPlan is veranderd"),
            _(
                "Je logt bij OnsPlan voortaan in met een ander e-mailadres. Was jij dit niet? Neem dan contact op "
                "met je regisseur of met de beheerder van OnsPlan."
            ),
        )
    return confirmation.email
