from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, send_from_directory
from flask_babel import force_locale

from webapp.auth.guards import public

bp = Blueprint("pwa", __name__)


@bp.route("/sw.js")
@public
def worker():
    """Served from the root so it may control every page (a worker under /static/ would only control /static/)."""
    response = send_from_directory(current_app.static_folder, "js/sw.js", mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/offline")
@public
def offline():
    """The page the service worker shows without network. Public and personal-data free, so it may be cached."""
    language = request.args.get("lang")
    if language not in current_app.config["LANGUAGES"]:
        return render_template("pwa/offline.html")
    with force_locale(language):
        return render_template("pwa/offline.html", forced_language=language)
