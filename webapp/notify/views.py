"""Meldingen (push notifications) settings: this device on or off (static/js/push.js), the user's devices, and what
they want to hear about and when not.

push.js talks JSON to /meldingen/apparaten (CSRF token in the X-CSRFToken header); everything else is plain forms
that work without JavaScript.
"""

from __future__ import annotations

import logging

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from webapp.auth.guards import safe_next
from webapp.db import get_session, write_transaction
from webapp.extensions import htmx
from webapp.notify import services, vapid
from webapp.notify.forms import PreferencesForm, PushOfferForm

log = logging.getLogger(__name__)

bp = Blueprint("notify", __name__, url_prefix="/meldingen")
bp.add_app_template_filter(services.endpoint_key, "endpoint_key")


def _settings_page(form: PreferencesForm | None = None, status: int = 200):
    db = get_session()
    if form is None:
        saved = services.preferences(db, current_user)
        form = PreferencesForm(
            formdata=None,
            berichten=saved.berichten,
            plan=saved.plan,
            afspraken=saved.afspraken,
            mentor=saved.mentor,
            quiet_from=saved.quiet_from,
            quiet_until=saved.quiet_until,
        )
    return render_template(
        "notify/settings.html",
        form=form,
        devices=services.devices(db, current_user),
        vapid_public_key=vapid.public_key_b64url(),
    ), status


@bp.route("")
def settings():
    return _settings_page()


@bp.route("/voorkeuren", methods=["POST"])
def save_preferences():
    form = PreferencesForm()
    if not form.validate_on_submit():
        return _settings_page(form, 400)
    db = get_session()
    services.save_preferences(
        db,
        current_user,
        berichten=form.berichten.data,
        plan=form.plan.data,
        afspraken=form.afspraken.data,
        mentor=form.mentor.data,
        quiet_from=form.quiet_from.data,
        quiet_until=form.quiet_until.data,
    )
    db.commit()
    flash(_("Je keuzes voor meldingen zijn opgeslagen."), "success")
    return redirect(url_for("notify.settings"))


@bp.route("/apparaten")
def device_list():
    """The list of devices, for push.js after it turned this device on or off; a full page for anyone else."""
    if not (htmx and not htmx.boosted):
        return redirect(url_for("notify.settings"))
    return render_template("notify/_partials/_devices.html", devices=services.devices(get_session(), current_user))


@bp.route("/apparaten", methods=["POST"])
def add_device():
    """This browser's push subscription (JSON from PushSubscription.toJSON()), added or updated by endpoint."""
    db = get_session()
    try:
        subscription = services.parse_subscription(request.get_json(silent=True))
    except services.SubscriptionError as problem:
        return jsonify(ok=False, error=str(problem)), 400
    row = services.save_subscription(db, current_user, subscription, services.device_name(request.user_agent.string))
    db.commit()
    return jsonify(ok=True, id=row.id, message=_("Meldingen staan aan op dit apparaat.")), 201


@bp.route("/apparaten", methods=["DELETE"])
def remove_this_device():
    """This browser unsubscribed: forget its endpoint (JSON {endpoint}); only the user's own row."""
    db = get_session()
    data = request.get_json(silent=True)
    removed = services.remove_endpoint(db, current_user, data.get("endpoint") if isinstance(data, dict) else None)
    db.commit()
    return jsonify(ok=True, removed=removed)


@bp.route("/apparaten/<int:device_id>/verwijderen", methods=["POST"])
def remove_device(device_id: int):
    db = get_session()
    services.remove_device(db, current_user, device_id)
    db.commit()
    flash(_("Dit apparaat krijgt geen meldingen meer."), "success")
    return redirect(url_for("notify.settings") + "#apparaten")


# --- the offer, once, after a first message or appointment answer (templates/notify/_push_offer.html) -------------

# Pages that never show the offer: the settings page itself (it has the same button) and pages without the menu.
NO_OFFER_ENDPOINTS = frozenset({"notify.settings"})


@bp.app_context_processor
def push_offer():
    """`push_offer_card()` for base.html: the offer's card data when this full page is where it is shown, else None.
    Costs nothing for everyone else (the state is a column of the user already loaded)."""

    def push_offer_card(next_url: str | None = None) -> dict | None:
        """`next_url`: where "Nee, dank je" returns to, when this request's own address is a form's (a POST answered
        by htmx); by default the page itself."""
        if not (current_user and current_user.is_authenticated) or request.endpoint in NO_OFFER_ENDPOINTS:
            return None
        if not services.push_offer_open(current_user):
            return None
        g.push_offer_shown = True
        return {
            "next": next_url or request.full_path.rstrip("?"),
            "vapid_public_key": vapid.public_key_b64url(),
        }

    return {"push_offer_card": push_offer_card}


@bp.after_app_request
def remember_push_offer_shown(response):
    """A full page showed the offer: remember that in a short write of its own, so it shows once. Reading must not
    fail on this: a database error is logged and dropped (the offer then shows once more)."""
    if not g.pop("push_offer_shown", False) or response.status_code != 200:
        return response
    db = get_session()
    try:
        db.rollback()  # the page's own work was committed by its view; this ends its read transaction
        with write_transaction(db):
            services.mark_push_offer_shown(db, current_user)
    except SQLAlchemyError as error:
        db.rollback()
        log.warning("push offer state not saved: %s", type(error).__name__)
    return response


@bp.route("/aanbod", methods=["POST"])
def answer_offer():
    """ "Nee, dank je" on the offer: not offered again. With htmx the card is taken away; without, back to the page."""
    form = PushOfferForm()
    db = get_session()
    if form.validate_on_submit():
        services.decline_push_offer(db, current_user)
        db.commit()
    if htmx and not htmx.boosted:
        return ""
    if form.errors:
        flash(_("Dat is niet gelukt. Probeer het later nog een keer."), "info")
    else:
        flash(_("Goed. Wil je later toch meldingen? Dat kan bij Account, Meldingen."), "success")
    return redirect(safe_next(form.next.data) or url_for("home.index"))
