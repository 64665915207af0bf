"""Routes of Steuntje in de rug: the follow-up of a match after the first meeting. The follow-up page shows the trial
dates, the check-ins and the next review to both sides and the coordinator, each with their own actions: the
coordinator starts the trial, records the evaluation and the reviews and closes with a goodbye; either side fills in
its check-ins and may stop at any time."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import today
from webapp.db import get_session
from webapp.errors import render_error
from webapp.respite import choices
from webapp.respite.followup import services
from webapp.respite.followup.forms import (
    CheckInForm,
    EndForm,
    EvaluationAppointmentForm,
    EvaluationForm,
    ReviewForm,
    StartTrialForm,
)
from webapp.respite.workflow import StepNotAllowed

bp = Blueprint("respite_followup", __name__, url_prefix="/steuntje/verloop")


@bp.errorhandler(StepNotAllowed)
def step_not_allowed(_error):
    get_session().rollback()
    return render_error(409, _("Dit kan nu niet meer: er is intussen iets veranderd. Laad de pagina opnieuw."))


@bp.context_processor
def labels():
    return {
        "faces": services.FACES,
        "face_icons": services.FACE_ICONS,
        "end_reasons": choices.END_REASONS,
        "side_label": services.side_label,
        "face_text": services.face_text,
    }


def _fill(form, problem: services.FollowupError) -> str | None:
    """Put a service's message next to its field; a message without a field is shown above the form."""
    if problem.field and hasattr(form, problem.field):
        getattr(form, problem.field).errors = [*getattr(form, problem.field).errors, str(problem)]
        return None
    return str(problem)


# --- the follow-up page ----------------------------------------------------------------------------------------


def _page(match_id: int, status: int = 200, **forms):
    db = get_session()
    view = services.get_match(db, current_user, match_id)
    timeline = services.timeline(db, current_user, match_id)
    if view.is_coordinator:  # the page shows the family's faces: a row in the access log the family sees
        services.log_read(db, current_user, view)
    db.commit()
    return render_template(
        "respite/followup/show.html",
        view=view,
        timeline=timeline,
        start_form=forms.get("start_form") or StartTrialForm(formdata=None),
        review_form=forms.get("review_form") or ReviewForm(formdata=None),
        appointment_form=forms.get("appointment_form") or EvaluationAppointmentForm(formdata=None),
        show_end_note=services.shows_end_note(current_user, view),
        error=forms.get("error"),
    ), status


@bp.route("/<int:match_id>")
def show(match_id: int):
    return _page(match_id)


@bp.route("/<int:match_id>/proefperiode", methods=["POST"])
def start_trial(match_id: int):
    db = get_session()
    services.coordinated(db, current_user, match_id)  # 404 before any form feedback for anyone else
    form = StartTrialForm()
    if not form.validate_on_submit():
        return _page(match_id, 400, start_form=form)
    try:
        services.start_trial(db, current_user, match_id, form.starts_on.data, form.ends_on.data)
    except services.FollowupError as problem:
        db.rollback()
        return _page(match_id, 400, start_form=form, error=_fill(form, problem))
    db.commit()
    flash(_("De proefperiode is begonnen. Beide gezinnen krijgen in week 2, 4 en 8 een korte vraag."), "success")
    return redirect(url_for("respite_followup.show", match_id=match_id))


@bp.route("/<int:match_id>/review", methods=["POST"])
def review(match_id: int):
    db = get_session()
    services.coordinated(db, current_user, match_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _page(match_id, 400, review_form=form)
    match = services.record_review(db, current_user, match_id, note=form.note.data or "")
    db.commit()
    flash(_("Opgeslagen. De volgende evaluatie is rond %(date)s.", date=_date(match.next_review_on)), "success")
    return redirect(url_for("respite_followup.show", match_id=match_id))


@bp.route("/<int:match_id>/evaluatie/afspraak", methods=["POST"])
def plan_evaluation(match_id: int):
    """The evaluation talk with both households (after the trial, or a six-monthly review)."""
    db = get_session()
    services.coordinated(db, current_user, match_id)
    form = EvaluationAppointmentForm()
    if not form.validate_on_submit():
        return _page(match_id, 400, appointment_form=form)
    try:
        appointment = services.plan_evaluation(db, current_user, match_id, form.starts_local(), form.place.data)
    except services.FollowupError as problem:
        db.rollback()
        return _page(match_id, 400, appointment_form=form, error=_fill(form, problem))
    db.commit()
    flash(_("Het evaluatiegesprek is gepland. Beide gezinnen krijgen een bericht."), "success")
    return redirect(url_for("appointments.show", appointment_id=appointment.id))


def _date(day) -> str:
    return format_date(day, "long")


# --- the check-in ----------------------------------------------------------------------------------------------


def _checkin_page(checkin_id: int, form: CheckInForm | None = None, error: str | None = None, status: int = 200):
    db = get_session()
    found = services.get_checkin(db, current_user, checkin_id)
    db.commit()
    return render_template(
        "respite/followup/checkin.html",
        found=found,
        checkin=found.checkin,
        view=found.view,
        label=services.moment_label(found.checkin.moment),
        form=form or CheckInForm(formdata=None),
        error=error,
        today_date=today(),
    ), status


@bp.route("/checkin/<int:checkin_id>", methods=["GET", "POST"])
def checkin(checkin_id: int):
    db = get_session()
    found = services.get_checkin(db, current_user, checkin_id)
    form = CheckInForm()
    if not form.is_submitted():
        return _checkin_page(checkin_id)
    if not found.can_answer:
        raise StepNotAllowed("answered already")
    if not form.validate():
        return _checkin_page(checkin_id, form, status=400)
    try:
        services.answer_checkin(
            db,
            current_user,
            checkin_id,
            face=int(form.face.data),
            child_face=int(form.child_face.data) if form.child_face.data else None,
            note=form.note.data or "",
        )
    except services.FollowupError as problem:
        db.rollback()
        return _checkin_page(checkin_id, form, _fill(form, problem), 400)
    db.commit()
    flash(_("Dank u wel. De coördinator leest uw antwoord."), "success")
    return redirect(url_for("respite_followup.show", match_id=found.checkin.match_id))


# --- the evaluation ----------------------------------------------------------------------------------------------


def _evaluation_page(match_id: int, form: EvaluationForm | None = None, error: str | None = None, status: int = 200):
    db = get_session()
    view, rows = services.summary(db, current_user, match_id)
    db.commit()
    return render_template(
        "respite/followup/evaluation.html",
        view=view,
        rows=rows,
        form=form or EvaluationForm(formdata=None),
        error=error,
    ), status


@bp.route("/<int:match_id>/evaluatie", methods=["GET", "POST"])
def evaluation(match_id: int):
    db = get_session()
    services.coordinated(db, current_user, match_id)
    form = EvaluationForm()
    if not form.is_submitted():
        return _evaluation_page(match_id)
    if not form.validate():
        return _evaluation_page(match_id, form, status=400)
    try:
        services.record_evaluation(
            db, current_user, match_id, form.outcome.data, reason=form.reason.data or "", note=form.note.data or ""
        )
    except services.FollowupError as problem:
        db.rollback()
        return _evaluation_page(match_id, form, _fill(form, problem), 400)
    db.commit()
    flash(_("De evaluatie is opgeslagen. Beide gezinnen zien wat er besloten is."), "success")
    return redirect(url_for("respite_followup.show", match_id=match_id))


# --- stopping and the goodbye --------------------------------------------------------------------------------------


def _end_page(match_id: int, template: str, form: EndForm | None = None, error=None, status: int = 200):
    db = get_session()
    view = services.get_match(db, current_user, match_id)
    db.commit()
    return render_template(template, view=view, form=form or EndForm(formdata=None), error=error), status


@bp.route("/<int:match_id>/stoppen", methods=["GET", "POST"])
def stop(match_id: int):
    """Either side stops: asked once more, with a reason, before anything happens."""
    db = get_session()
    view = services.get_match(db, current_user, match_id)
    if not (view.is_carer or view.is_household):
        return redirect(url_for("respite_followup.close", match_id=match_id))
    services.check_going(view)
    form = EndForm()
    if not form.validate_on_submit():
        return _end_page(
            match_id,
            "respite/followup/stop.html",
            form if form.is_submitted() else None,
            status=400 if form.is_submitted() else 200,
        )
    try:
        services.stop(db, current_user, match_id, reason=form.reason.data, note=form.note.data or "")
    except services.FollowupError as problem:
        db.rollback()
        return _end_page(match_id, "respite/followup/stop.html", form, _fill(form, problem), 400)
    db.commit()
    if view.is_carer:
        flash(_("Gestopt. De coördinator en het steungezin weten het. U kunt altijd opnieuw hulp vragen."), "success")
    else:
        flash(_("Gestopt. Het gezin en de coördinator weten het. Dank u wel voor uw hulp."), "success")
    return redirect(url_for("respite_followup.show", match_id=match_id))


@bp.route("/<int:match_id>/afsluiten", methods=["GET", "POST"])
def close(match_id: int):
    """The coordinator closes the match with a planned goodbye."""
    db = get_session()
    view = services.coordinated(db, current_user, match_id)
    services.check_going(view)
    form = EndForm()
    if not form.validate_on_submit():
        return _end_page(
            match_id,
            "respite/followup/close.html",
            form if form.is_submitted() else None,
            status=400 if form.is_submitted() else 200,
        )
    try:
        services.close(db, current_user, match_id, reason=form.reason.data, note=form.note.data or "")
    except services.FollowupError as problem:
        db.rollback()
        return _end_page(match_id, "respite/followup/close.html", form, _fill(form, problem), 400)
    db.commit()
    flash(_("Afgesloten. Beide gezinnen zien dat Steuntje in de rug is afgerond."), "success")
    return redirect(url_for("respite_followup.show", match_id=match_id))
