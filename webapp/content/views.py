from __future__ import annotations

from flask import Blueprint, render_template

from webapp.auth.guards import public
from webapp.content.glossary import TERMS

bp = Blueprint("content", __name__)


@bp.route("/uitleg")
@public
def glossary():
    return render_template("content/glossary.html", terms=TERMS)
