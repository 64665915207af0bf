from __future__ import annotations

from flask import Blueprint, render_template

from webapp.auth.guards import public

bp = Blueprint("help", __name__)


@bp.route("/hulp")
@public
def index():
    return render_template("help/index.html")
