from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.admin import services
from webapp.auth.forms import ConfirmForm
from webapp.db import get_session

bp = Blueprint("admin", __name__, url_prefix="/beheer")


@bp.route("/accounts")
def accounts():
    page = request.args.get("pagina", 1, type=int)
    users, pages = services.list_accounts(get_session(), current_user, page)
    return render_template("admin/accounts.html", users=users, page=page, pages=pages, form=ConfirmForm())


@bp.route("/accounts/<int:user_id>/<any(aan,uit):state>", methods=["POST"])
def set_active(user_id: int, state: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        db = get_session()
        user = services.set_account_active(db, current_user, user_id, state == "aan")
        db.commit()
        if user.active:
            flash(_("Het account van %(name)s staat weer aan.", name=user.name), "success")
        else:
            flash(_("Het account van %(name)s staat uit. Deze persoon is overal uitgelogd.", name=user.name), "success")
    return redirect(url_for("admin.accounts"))
