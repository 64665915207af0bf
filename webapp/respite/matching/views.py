"""Routes of Steuntje in de rug: matching. The coordinator's ranked shortlist for one request, the batch proposal
for all requests in "zoeken", and the "Voorstellen" button that proposes one household (nothing is proposed without
her click)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.audit import services as audit
from webapp.auth.forms import ConfirmForm
from webapp.db import get_session
from webapp.errors import render_error
from webapp.models import AuditAction
from webapp.respite import choices
from webapp.respite.matching import scoring, services
from webapp.respite.workflow import StepNotAllowed

bp = Blueprint("matching", __name__, url_prefix="/meldpunt/koppelen")


@bp.errorhandler(StepNotAllowed)
def step_not_allowed(_error):
    get_session().rollback()
    return render_error(
        409, _("Dit kan nu niet: de aanvraag zoekt niet meer, of dit steungezin kan nu niet worden voorgesteld.")
    )


def _weights() -> list[tuple[str, int, str]]:
    return [
        (str(scoring.WEIGHT_NAMES[key]), weight, str(scoring.WEIGHT_EXPLANATIONS[key]))
        for key, weight in scoring.WEIGHTS.items()
    ]


@bp.route("")
def batch():
    db = get_session()
    proposal = services.batch(db, current_user)
    return render_template(
        "respite/matching/batch.html",
        proposal=proposal,
        weights=_weights(),
        waiting={item.request.id: services.waiting_days(item.request) for item in proposal.items},
    )


@bp.route("/<int:request_id>")
def shortlist(request_id: int):
    db = get_session()
    found = services.shortlist(db, current_user, request_id)
    audit.record(db, current_user, AuditAction.READ, found.family, services.OBJECT_TYPE, found.request.id)
    db.commit()
    return render_template(
        "respite/matching/shortlist.html",
        shortlist=found,
        request_=found.request,
        weights=_weights(),
        waiting=services.waiting_days(found.request),
        labels=choices.labels,
        choices=choices,
    )


@bp.route("/<int:request_id>/voorstellen/<int:household_id>", methods=["POST"])
def propose(request_id: int, household_id: int):
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_error(400, _("Het formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens."))
    db = get_session()
    services.propose(db, current_user, request_id, household_id)
    db.commit()
    flash(_("Voorgesteld. Het gezin en het steungezin krijgen een bericht en zeggen ja of nee."), "success")
    return redirect(url_for("matching.shortlist", request_id=request_id))
