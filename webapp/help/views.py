from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import force_locale

from webapp.auth.guards import public

bp = Blueprint("help", __name__)


@bp.route("/hulp")
@public
def index():
    """`?lang=xx` renders the page in that language whatever the cookie says: the service worker keeps an anonymous
    copy of the crisis numbers in the reader's language for use without a connection (static/js/sw.js)."""
    language = request.args.get("lang")
    if language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            return render_template("help/index.html")
    return render_template("help/index.html")
