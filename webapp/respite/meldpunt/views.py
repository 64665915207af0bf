"""Routes of Steuntje in de rug: meldpunt. The coordinator's queue of requests, one request in full with its steps,
intake notes and appointments, and the way to the conversation with the family."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from webapp.clock import age_on, today
from webapp.db import get_session
from webapp.errors import render_error
from webapp.respite import choices
from webapp.respite.matches import services as matches
from webapp.respite.meldpunt import services
from webapp.respite.meldpunt.forms import NoteForm, PlanForm, StopForm
from webapp.respite.workflow import StepNotAllowed

bp = Blueprint("meldpunt", __name__, url_prefix="/meldpunt")


@bp.errorhandler(StepNotAllowed)
def step_not_allowed(_error):
    get_session().rollback()
    return render_error(
        409, _("Deze stap kan nu niet: de aanvraag staat al op een andere plek. Laad de pagina opnieuw.")
    )


@bp.route("")
def index():
    wanted = request.args.get("status", "open")
    status_filter = wanted if wanted in services.QUEUE_FILTERS else "open"
    rows = services.queue(get_session(), current_user, status_filter)
    return render_template(
        "respite/meldpunt/index.html",
        rows=rows,
        status_filter=status_filter,
        filters=services.QUEUE_FILTERS,
        status_labels=services.STATUS_LABELS,
    )


def _request_page(request_id: int, *, stop_form=None, note_form=None, plan_form=None, error=None, status=200):
    db = get_session()
    detail = services.request_detail(db, current_user, request_id)
    db.commit()  # the access-log row for the family
    plan_form = plan_form or PlanForm(
        formdata=None, kind="intake" if detail.request.status in ("nieuw", "intake") else None
    )
    plan_form.participants.choices = [SelectChoice(person.id, person.name) for person in detail.invitable]
    plan_form.interpreter_language.offer(services.interpreter_languages(detail.family, detail.request))
    if plan_form.participants.data is None and not plan_form.errors:
        plan_form.participants.data = [m.user_id for m in detail.family.members if m.user_id in _carers(detail)]
    return render_template(
        "respite/meldpunt/request.html",
        detail=detail,
        r=detail.request,
        choices=choices,
        status_labels=services.STATUS_LABELS,
        step_labels=services.STEP_LABELS,
        age=lambda birth_date: age_on(birth_date, today()),
        participants=services.participants_of(db, [a.id for a in detail.appointments]),
        stop_form=stop_form or StopForm(formdata=None),
        note_form=note_form or NoteForm(formdata=None),
        plan_form=plan_form,
        error=error,
        matches=matches.matches_for_request(db, current_user, request_id),
        match_status_labels=matches.MATCH_STATUS_LABELS,
    ), status


def _carers(detail: services.RequestDetail) -> set[int]:
    return services.carer_ids(detail.family)


@bp.route("/aanvraag/<int:request_id>")
def show(request_id: int):
    return _request_page(request_id)


@bp.route("/aanvraag/<int:request_id>/stap", methods=["POST"])
def step(request_id: int):
    db = get_session()
    target = request.form.get("naar", "")
    stop_form = StopForm()
    if target == "gestopt" and not stop_form.validate_on_submit():
        db.rollback()
        services.get_request(db, current_user, request_id)  # 404 before any form talk for a stranger
        return _request_page(request_id, stop_form=stop_form, status=400)
    try:
        services.take_step(
            db, current_user, request_id, target, reason=stop_form.reason.data or "", note=stop_form.note.data or ""
        )
    except services.MeldpuntError as problem:
        db.rollback()
        getattr(stop_form, problem.field or "reason").errors = [str(problem)]
        return _request_page(request_id, stop_form=stop_form, status=400)
    db.commit()
    flash(_("De aanvraag staat nu op: %(status)s.", status=services.STATUS_LABELS[target]), "success")
    return redirect(url_for("meldpunt.show", request_id=request_id))


@bp.route("/aanvraag/<int:request_id>/notitie", methods=["POST"])
def add_note(request_id: int):
    db = get_session()
    form = NoteForm()
    if not form.validate_on_submit():
        services.get_request(db, current_user, request_id)
        return _request_page(request_id, note_form=form, status=400)
    try:
        services.add_note(db, current_user, request_id, form.text.data)
    except services.MeldpuntError as problem:
        db.rollback()
        form.text.errors = [str(problem)]
        return _request_page(request_id, note_form=form, status=400)
    db.commit()
    flash(_("Je notitie is bewaard."), "success")
    return redirect(url_for("meldpunt.show", request_id=request_id) + "#notities")


@bp.route("/aanvraag/<int:request_id>/afspraak", methods=["POST"])
def plan(request_id: int):
    db = get_session()
    respite_request, _family = services.get_request(db, current_user, request_id)
    form = PlanForm()
    form.participants.choices = [
        SelectChoice(person.id, person.name)
        for person in services.invitable(
            db, current_user, respite_request, _family, services.accepted_match(db, respite_request)
        )
    ]
    form.interpreter_language.offer(services.interpreter_languages(_family, respite_request))
    if not form.validate_on_submit():
        return _request_page(request_id, plan_form=form, status=400)
    try:
        appointment = services.plan_appointment(
            db,
            current_user,
            respite_request,
            form.kind.data,
            form.starts_local(),
            form.place.data,
            form.participants.data or [],
            duration_minutes=form.duration.data,
            interpreter_language=form.interpreter_language.data or "",
        )
    except services.MeldpuntError as problem:
        db.rollback()
        return _request_page(request_id, plan_form=form, error=str(problem), status=400)
    db.commit()
    flash(_("De afspraak is gemaakt. Wie meedoet krijgt een bericht."), "success")
    return redirect(url_for("appointments.show", appointment_id=appointment.id))


@bp.route("/aanvraag/<int:request_id>/bericht")
def message_family(request_id: int):
    """ "Bericht aan het gezin": the request's conversation (made the first time) opens in the messages."""
    db = get_session()
    conversation = services.request_conversation_for(db, current_user, request_id)
    db.commit()
    return redirect(url_for("messages.show", conversation_id=conversation.id))
