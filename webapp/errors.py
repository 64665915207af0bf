"""Error pages in the visitor's language. A refused login (too many attempts) keeps the typed e-mail address.

An error page never uses the request's database session: it may be the thing that failed (a failed flush leaves it
unusable, and every object loaded through it expired). So the session is rolled back and closed first, and the page
is drawn from what was already known: who the visitor is (copied from the user loaded earlier in the request,
without lazy loads) and their language; no unread badge. A 5xx page does no database work at all (a visitor not
known yet is shown the page as to a visitor who is not logged in, in the language of their cookie or browser);
a 4xx page may still look up who is logged in, on a fresh session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, g, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import inspect
from werkzeug.exceptions import HTTPException

from webapp.auth.current import SignedInUser
from webapp.auth.forms import LoginForm
from webapp.auth.views import render_login
from webapp.db import discard_session
from webapp.extensions import login_manager
from webapp.models import Role, User
from webapp.models.people import PersonTraits

log = logging.getLogger(__name__)

# When even the error page cannot be drawn: no template, no translation, no database.
LAST_RESORT = (
    '<!doctype html><html lang="nl"><meta charset="utf-8"><title>Er ging iets mis · OnsPlan</title>'
    "<h1>Er ging iets mis</h1><p>Er ging bij ons iets mis. Probeer het later nog een keer.</p>"
    '<p><a href="/">Naar de startpagina</a></p></html>'
)


@dataclass(frozen=True)
class PageUser(PersonTraits):
    """The visitor as the page shell sees them (navigation, language), copied from the loaded user."""

    role_set: frozenset[Role]
    language: str
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False
    organisation: None = None  # not copied: the shell shows a coordinator's menu without her organisation's items

    def get_id(self) -> None:
        return None


def _copy_loaded(user: User) -> PageUser | None:
    """A PageUser from what `user` already holds, or None when that is gone (expired by a failed transaction)."""
    state = inspect(user)
    if not {"active", "language", "roles"} <= state.dict.keys() or not state.dict["active"]:
        return None
    roles = state.dict["roles"]
    if any("role" not in inspect(role).dict for role in roles):
        return None
    return PageUser(frozenset(Role(role.role) for role in roles), state.dict["language"])


def _copy_signed_in(user: SignedInUser) -> PageUser | None:
    """A PageUser from the plain signed-in user (it holds its columns whatever happened to the ORM session)."""
    return PageUser(user.role_set, user.language) if user.active else None


def _remember_the_visitor() -> None:
    """Before the view: copy who the visitor is, for an error page after a failure that expires the loaded user."""
    user = g.get("_login_user")  # Flask-Login keeps this request's user here once it has been loaded
    if isinstance(user, User):  # a SignedInUser needs no copy: it is one, read without the ORM
        g.page_user = _copy_loaded(user)


def _leave_the_database(code: int) -> None:
    """Roll back and close the request's session; the shell's user from what was loaded (see the module doc)."""
    user = g.get("_login_user")
    discard_session()
    if isinstance(user, SignedInUser):  # not itself: what it doesn't carry it would read from the database
        g._login_user = _copy_signed_in(user) or g.get("page_user") or login_manager.anonymous_user()
    elif isinstance(user, User):
        g._login_user = _copy_loaded(user) or g.get("page_user") or login_manager.anonymous_user()
    elif user is None and code >= 500:
        g._login_user = login_manager.anonymous_user()


def _no_badge() -> int:
    return 0


# Per status: the page's title and text, translated when asked (an error page needs one pair, not all sixteen
# strings: translating them all cost a refused request ~0.15 ms of CPU on this machine).
_MESSAGES: dict[int, Callable[[], tuple[str, str]]] = {
    400: lambda: (
        _("Het formulier lukte niet"),
        _("Het formulier kon niet worden verwerkt. Probeer het nog een keer."),
    ),
    403: lambda: (_("Geen toegang"), _("Deze pagina is niet voor jou.")),
    404: lambda: (_("Pagina niet gevonden"), _("Deze pagina bestaat niet, of je mag hem niet zien.")),
    405: lambda: (_("Dat lukte niet"), _("Dat kan op deze pagina niet. Ga terug en probeer het opnieuw.")),
    410: lambda: (_("Deze link werkt niet meer"), _("Vraag een nieuwe link aan.")),
    413: lambda: (_("Te groot"), _("Wat je stuurde is te groot.")),
    429: lambda: (
        _("Even wachten"),
        _("Je hebt het te vaak geprobeerd. Wacht een paar minuten en probeer het dan opnieuw."),
    ),
    500: lambda: (_("Er ging iets mis"), _("Er ging bij ons iets mis. Probeer het later nog een keer.")),
}


def _message(code: int) -> tuple[str, str]:
    """The translated title and text of the error page for `code` (a status without its own: the server error's)."""
    return _MESSAGES.get(code, _MESSAGES[500])()


def render_error(code: int, detail: str | None = None):
    _leave_the_database(code)
    title, text = _message(code)
    page = render_template("errors/error.html", code=code, title=title, text=detail or text, unread_messages=_no_badge)
    return page, code


def init_app(app: Flask) -> None:
    app.before_request(_remember_the_visitor)  # after guards' login check, which loads the user

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return render_error(
            400,
            _(
                "Deze pagina was te lang open of de beveiliging klopte niet. "
                "Laad de pagina opnieuw en probeer het nog een keer."
            ),
        )

    @app.errorhandler(429)
    def too_many(_error):
        if request.endpoint == "auth.login":
            return render_login(LoginForm(), 429, message=_message(429)[1])
        return render_error(429)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_error(error.code or 500)

    @app.errorhandler(500)
    def server_error(_error):
        try:
            return render_error(500)
        except Exception:  # the server's bare page is worse than a plain Dutch one
            log.exception("the error page could not be drawn")
            return Response(LAST_RESORT, 500, mimetype="text/html")
