"""Public pages for a first visit ('Geen account?', 'Zet OnsPlan op je beginscherm') and the answer to the home
page's install offer."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from webapp.auth.guards import public
from webapp.db import get_session
from webapp.extensions import htmx
from webapp.welcome import services
from webapp.welcome.forms import SHOW_ME, InstallOfferForm

bp = Blueprint("welcome", __name__)


@bp.app_context_processor
def install_offer_rule():
    """The home page's partial (templates/home/_install_offer.html) asks the service whether to offer it."""
    return {"offers_install": services.offers_install}


@bp.route("/geen-account")
@public
def no_account():
    return render_template("welcome/no_account.html")


@bp.route("/beginscherm")
@public
def home_screen():
    return render_template("welcome/home_screen.html")


@bp.route("/beginscherm/aanbod", methods=["POST"])
def install_offer():
    """'Zo doe je dat' leads to the steps, 'Nee, dank je' back home (htmx: the card is replaced by a short note)."""
    form = InstallOfferForm()
    if not form.validate_on_submit():
        return redirect(url_for("home.index"), 303)
    db = get_session()
    services.answer_install_offer(db, current_user)
    db.commit()
    if form.keuze.data == SHOW_ME:
        return redirect(url_for("welcome.home_screen"), 303)
    if htmx and not htmx.boosted:
        return render_template("welcome/_install_offer_answered.html")
    return redirect(url_for("home.index"), 303)
