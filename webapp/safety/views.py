"""'Ik voel me niet veilig': the page with the crisis numbers and the button, and the page that says it was sent."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.exceptions import Conflict, NotFound

from webapp.db import get_session
from webapp.retry import repeatable
from webapp.safety import services
from webapp.safety.forms import UnsafeForm

bp = Blueprint("safety", __name__, url_prefix="/niet-veilig")


def _page(form: UnsafeForm | None = None, status: int = 200, error: str | None = None):
    db = get_session()
    found = services.recipients(db, current_user)  # 404 for anyone who is not a young person
    return render_template(
        "safety/index.html",
        recipients=found,
        form=form or UnsafeForm.fresh(),
        earlier=services.own_alerts(db, current_user, limit=5),
        error=error,
    ), status


@bp.route("")
def index():
    return _page()


@bp.route("", methods=["POST"])
@repeatable  # the form's key makes a second run return the first messages
def send():
    if not services.may_use(current_user):
        raise NotFound()
    db = get_session()
    form = UnsafeForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    try:
        services.send_alert(db, current_user, form.text.data or "", form.client_key.data or "")
    except services.NoRegisseur:
        db.rollback()
        return _page(form, 400)
    except services.AlertError as problem:
        db.rollback()
        return _page(form, 400, str(problem))
    except Conflict:  # the same form again with other words: the first message went; show that
        db.rollback()
        return redirect(url_for("safety.sent"))
    db.commit()
    return redirect(url_for("safety.sent"))


@bp.route("/verstuurd")
def sent():
    db = get_session()
    alerts = services.recently_sent(db, current_user)
    if not alerts:
        return redirect(url_for("safety.index"))
    return render_template("safety/sent.html", alerts=alerts)
