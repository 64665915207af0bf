"""Starting a login on this device: used by the login form, invitations, and a mentor who signs up by saying yes."""

from __future__ import annotations

from flask import redirect, request, session, url_for
from flask_login import login_user

from webapp.auth import sessions
from webapp.db import get_session
from webapp.i18n import remember_language
from webapp.models import User


def start_session(user: User, *, remember: bool = False):
    """Log `user` in on this device with a fresh server-side session; where to go next (None: the caller decides)."""
    db = get_session()
    session.clear()  # no data from before the login carries over (session fixation)
    sessions.start(db, user, user_agent=request.headers.get("User-Agent", ""))
    db.commit()
    login_user(user, remember=remember)
    remember_language(user.language)
    if user.is_professional:
        return redirect(url_for("auth.totp_verify" if user.totp_secret else "auth.totp_setup"))
    return None
