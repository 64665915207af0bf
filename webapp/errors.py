"""Error pages in the visitor's language. A refused login (too many attempts) keeps the typed e-mail address."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp.auth.forms import LoginForm
from webapp.auth.views import render_login


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Het formulier lukte niet"), _("Het formulier kon niet worden verwerkt. Probeer het nog een keer.")),
        403: (_("Geen toegang"), _("Deze pagina is niet voor jou.")),
        404: (_("Pagina niet gevonden"), _("Deze pagina bestaat niet, of je mag hem niet zien.")),
        405: (_("Dat lukte niet"), _("Dat kan op deze pagina niet. Ga terug en probeer het opnieuw.")),
        410: (_("Deze link werkt niet meer"), _("Vraag een nieuwe link aan.")),
        413: (_("Te groot"), _("Wat je stuurde is te groot.")),
        429: (
            _("Even wachten"),
            _("Je hebt het te vaak geprobeerd. Wacht een paar minuten en probeer het dan opnieuw."),
        ),
        500: (_("Er ging iets mis"), _("Er ging bij ons iets mis. Probeer het later nog een keer.")),
    }


def render_error(code: int, detail: str | None = None):
    title, text = _messages().get(code, _messages()[500])
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def init_app(app: Flask) -> None:
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
            return render_login(LoginForm(), 429, message=_messages()[429][1])
        return render_error(429)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_error(error.code or 500)

    @app.errorhandler(500)
    def server_error(_error):
        return render_error(500)
