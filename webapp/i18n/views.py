"""The language switcher: a small form on every page; works without JavaScript."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_login import current_user

from webapp.auth.guards import public, safe_next
from webapp.auth.services import set_language
from webapp.db import get_session
from webapp.forms import LanguageForm
from webapp.i18n import remember_language

bp = Blueprint("i18n", __name__)


@bp.route("/taal", methods=["POST"])
@public
def switch():
    form = LanguageForm()
    if form.validate_on_submit():
        remember_language(form.language.data)
        if current_user.is_authenticated:
            set_language(current_user, form.language.data)
            get_session().commit()
    return redirect(safe_next(request.form.get("next")) or url_for("home.index"))
