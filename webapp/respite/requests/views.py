"""Routes of Steuntje in de rug: the family's hulpvraag. /steuntje lists the family's requests (or starts one), the
form keeps drafts, the request page shows status, history, the sharing question and the way to stop."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.auth import policy
from webapp.auth.forms import ConfirmForm
from webapp.db import get_session
from webapp.errors import render_error
from webapp.extensions import htmx
from webapp.i18n import addressed
from webapp.respite import choices
from webapp.respite.matches import services as matches
from webapp.respite.requests import services
from webapp.respite.requests.forms import ANSWER_YES, RequestForm, ShareForm, StopForm, form_data
from webapp.respite.workflow import OPEN_REQUEST, REQUEST_STEPS, StepNotAllowed

bp = Blueprint("respite_requests", __name__, url_prefix="/steuntje")

SEND, SAVE = "versturen", "bewaren"


@bp.errorhandler(StepNotAllowed)
def step_not_allowed(_error):
    get_session().rollback()
    return render_error(409, _("Dit kan nu niet meer: de aanvraag is intussen verder. Laad de pagina opnieuw."))


def _family_id_arg() -> int | None:
    value = request.args.get("gezin", "")
    return int(value) if value.isdigit() and len(value) <= 18 else None


@bp.route("")
def index():
    db = get_session()
    families = services.overview(db, current_user, _family_id_arg())
    return render_template(
        "respite/requests/index.html",
        families=families,
        status_labels=services.STATUS_LABELS,
        open_statuses=("concept", *OPEN_REQUEST),
    )


# --- the form ------------------------------------------------------------------------------------------------------


def _render_form(form, family, req=None, *, error: str | None = None, status: int = 200):
    return render_template(
        "respite/requests/form.html",
        form=form,
        family=family,
        req=req,
        error=error,
        several_children=len(services.children_of(family)) > 1,
        meldpunt=services.meldpunt_for_family(get_session(), family),
    ), status


@bp.route("/nieuw", methods=["GET", "POST"])
def new():
    db = get_session()
    if _family_id_arg() is None and services.has_respite_page(db, current_user):
        families = services.overview(db, current_user)
        if len(families) > 1:
            return redirect(url_for("respite_requests.index"))
    family = services.family_for_new_request(db, current_user, _family_id_arg())
    children = services.children_of(family)
    if request.method == "GET":
        form = RequestForm(formdata=None).for_family(children)
        if len(children) == 1:
            form.children.data = [str(children[0].id)]
        return _render_form(form, family)
    form = RequestForm().for_family(children)
    if not form.validate_on_submit():
        return _render_form(form, family, status=400)
    data, errors = form.to_data()
    if errors:
        form.show_errors(errors)
        return _render_form(form, family, status=400)
    try:
        req = services.create_request(db, current_user, family, data)
    except services.RequestInvalid as invalid:
        db.rollback()
        form.show_errors(invalid.errors)
        return _render_form(form, family, error=invalid.errors.get(""), status=400)
    db.flush()
    return _save_or_send(form, family, req)


@bp.route("/<int:request_id>/wijzigen", methods=["GET", "POST"])
def edit(request_id: int):
    db = get_session()
    req, family, data = services.edit_form_data(db, current_user, request_id)
    children = services.children_of(family)
    if request.method == "GET":
        form = RequestForm(formdata=None, data=form_data(data)).for_family(children)
        return _render_form(form, family, req)
    form = RequestForm().for_family(children)
    if not form.validate_on_submit():
        return _render_form(form, family, req, status=400)
    new_data, errors = form.to_data()
    if errors:
        form.show_errors(errors)
        return _render_form(form, family, req, status=400)
    try:
        services.update_request(db, current_user, request_id, new_data)
    except services.RequestInvalid as invalid:
        db.rollback()
        form.show_errors(invalid.errors)
        return _render_form(form, family, req, error=invalid.errors.get(""), status=400)
    if req.status != "concept":
        db.commit()
        flash(addressed("Je wijzigingen zijn opgeslagen. Het meldpunt ziet ze."), "success")
        return redirect(url_for("respite_requests.show", request_id=req.id))
    return _save_or_send(form, family, req)


def _save_or_send(form, family, req):
    """After the draft is written: keep it, or send it. A draft that cannot be sent yet is kept all the same and the
    form shows what is missing."""
    db = get_session()
    if request.form.get("actie") != SEND:
        db.commit()
        flash(addressed("Je aanvraag is bewaard. Alleen jullie zien hem. Verstuur hem als je klaar bent."), "success")
        return redirect(url_for("respite_requests.show", request_id=req.id))
    try:
        services.submit(db, current_user, req)
    except services.RequestInvalid as invalid:
        db.commit()  # the draft itself is kept
        form.show_errors(invalid.errors)
        message = invalid.errors.get("") or _(
            "Je aanvraag is bewaard, maar nog niet verstuurd. Vul eerst in wat hieronder in het rood staat."
        )
        return _render_form(form, family, req, error=message, status=400)
    db.commit()
    flash(addressed("Je aanvraag is verstuurd naar het meldpunt. Hieronder zie je wat er nu gebeurt."), "success")
    return redirect(url_for("respite_requests.show", request_id=req.id))


@bp.route("/<int:request_id>/weggooien", methods=["POST"])
def discard(request_id: int):
    db = get_session()
    if not ConfirmForm().validate_on_submit():
        return render_error(400)
    family = services.discard_draft(db, current_user, request_id)
    db.commit()
    flash(addressed("Je concept is weggegooid."), "success")
    return redirect(url_for("respite_requests.index", gezin=family.id))


# --- the request page ---------------------------------------------------------------------------------------------


def _request_page(request_id: int, status: int = 200, **forms):
    db = get_session()
    view = services.get_request(db, current_user, request_id)
    events = services.history(db, current_user, request_id)
    db.commit()  # the access-log row of a professional's look
    req, family = view.request, view.family
    share = req.share_with_regisseur
    return render_template(
        "respite/requests/show.html",
        view=view,
        req=req,
        family=family,
        events=events,
        steps=REQUEST_STEPS,
        reached={e.event.to_status: e.event for e in events},
        status_labels=services.STATUS_LABELS,
        next_step=services.NEXT_STEPS[services.R(req.status)],
        choices=choices,
        is_carer=policy.is_respite_carer(current_user, family),
        # A regisseur the family shares the status with sees the steps, not what they wrote about their child.
        sees_content=policy.is_respite_carer(current_user, family)
        or policy.can_handle_respite_request(current_user, req)
        or req.created_by_id == current_user.id,
        may_list=policy.is_respite_carer(current_user, family) or policy.is_regisseur_of(current_user, family),
        may_edit=policy.can_edit_respite_request(current_user, family, req),
        may_stop=policy.can_change_respite_request(current_user, family, req) and req.status in OPEN_REQUEST,
        share_form=forms.get("share_form")
        or ShareForm(formdata=None, share=None if share is None else ("ja" if share else "nee")),
        share_saved=forms.get("share_saved", False),
        matches=matches.matches_for_request(db, current_user, request_id),
        match_status_labels=matches.MATCH_STATUS_LABELS,
    ), status


@bp.route("/<int:request_id>")
def show(request_id: int):
    return _request_page(request_id)


@bp.route("/<int:request_id>/delen", methods=["POST"])
def share(request_id: int):
    db = get_session()
    form = ShareForm()
    if not form.validate_on_submit() or form.share.data not in ("ja", "nee"):
        form.share.errors = [_("Kies ja of nee.")]
        return _request_page(request_id, 400, share_form=form)
    services.set_sharing(db, current_user, request_id, form.share.data == ANSWER_YES)
    db.commit()
    if htmx and not htmx.boosted:
        view = services.get_request(db, current_user, request_id)
        return render_template(
            "respite/requests/_partials/_share.html",
            req=view.request,
            family=view.family,
            share_form=ShareForm(formdata=None, share=form.share.data),
            share_saved=True,
        )
    flash(_("Opgeslagen."), "success")
    return redirect(url_for("respite_requests.show", request_id=request_id) + "#delen")


@bp.route("/<int:request_id>/stoppen", methods=["GET", "POST"])
def stop(request_id: int):
    db = get_session()
    view = services.get_request(db, current_user, request_id)
    if not policy.can_change_respite_request(current_user, view.family, view.request):
        return render_error(404)
    form = StopForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.stop(db, current_user, request_id, form.reason.data or "", form.note.data or "")
        except services.RequestInvalid as invalid:
            db.rollback()
            for name, message in invalid.errors.items():
                getattr(form, name).errors = [message]
        else:
            db.commit()
            flash(_("De aanvraag is gestopt. Het meldpunt weet het."), "success")
            return redirect(url_for("respite_requests.show", request_id=request_id))
    elif request.method == "GET":
        db.commit()
        if view.request.status not in OPEN_REQUEST:
            raise StepNotAllowed(f"stop in {view.request.status}")
    return render_template(
        "respite/requests/stop.html", view=view, form=form, status_labels=services.STATUS_LABELS
    ), 400 if form.errors else 200
