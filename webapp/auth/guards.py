"""Default deny: every endpoint needs a logged-in user unless it is marked `@public`; professionals also need
their second factor before any page other than the few that set it up.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, g, redirect, request, url_for
from flask_login import current_user

from webapp.auth import policy, sessions
from webapp.db import get_session
from webapp.extensions import login_manager

# Endpoints a professional may use before the second factor is done.
SECOND_FACTOR_EXEMPT = frozenset(
    {"auth.totp_setup", "auth.totp_verify", "auth.logout", "help.index", "i18n.switch", "pwa.offline", "pwa.worker"}
)


def public(view: Callable) -> Callable:
    """Mark a view as reachable without logging in (keep this list short: the tests print it)."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def is_public_endpoint(app: Flask, endpoint: str | None) -> bool:
    if endpoint is None or endpoint == "static":
        return True
    view = app.view_functions.get(endpoint)
    return bool(view and getattr(view, "is_public", False))


def safe_next(target: str | None) -> str | None:
    """Only same-site paths are followed after login (no open redirects): one leading slash, and no backslash or
    control character anywhere, since browsers read "/\\host" as "//host" and drop tabs and newlines from a URL."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(character) < 32 or ord(character) == 127 for character in target):
        return None
    return target


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = None  # sessions are server-side; see webapp/auth/sessions.py

    @login_manager.user_loader
    def load_user(token: str):
        """The person and session of this request as plain objects (webapp/auth/current.py), in one statement."""
        found = sessions.load_user(get_session(), token)
        if found is None:
            return None
        user, auth = found
        g.auth_session = auth
        return user

    @app.before_request
    def require_login_and_second_factor():
        if is_public_endpoint(app, request.endpoint):
            return None
        user = current_user._get_current_object()  # read once: each read through the proxy costs ~2 µs
        if not user.is_authenticated:
            return login_manager.unauthorized()
        if policy.second_factor_done(user, g.get("auth_session")):
            return None
        if request.endpoint in SECOND_FACTOR_EXEMPT:
            return None
        target = "auth.totp_verify" if user.totp_secret else "auth.totp_setup"
        return redirect(url_for(target))
