"""Meldingen (push notifications) settings: this device on or off (static/js/push.js), the user's devices, and what
they want to hear about and when not.

push.js talks JSON to /meldingen/apparaten (CSRF token in the X-CSRFToken header); everything else is plain forms
that work without JavaScript.
"""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.db import get_session
from webapp.extensions import htmx
from webapp.notify import services, vapid
from webapp.notify.forms import PreferencesForm

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
