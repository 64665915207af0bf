"""Routes of Steuntje in de rug: volunteer households. The coordinator's list and household file with the screening
checklist and its steps; the volunteer's own screening page and withdrawal."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from webapp.auth.guards import safe_next
from webapp.db import get_session
from webapp.errors import render_error
from webapp.respite import choices
from webapp.respite.households import services
from webapp.respite.households.forms import (
    AdultForm,
    ApproveForm,
    DeclineForm,
    IntakeForm,
    NoteForm,
    ReferenceCheckForm,
    ReferenceForm,
    StopForm,
    TrainingForm,
    VogForm,
    WithdrawForm,
)
from webapp.respite.households.screening import context_label, reference_problem
from webapp.respite.workflow import StepNotAllowed

bp = Blueprint("households", __name__, url_prefix="/meldpunt/vrijwilligers")


@bp.errorhandler(StepNotAllowed)
def step_not_allowed(error):
    get_session().rollback()
    if isinstance(error, services.ScreeningIncomplete) and request.view_args.get("household_id"):
        return _file_page(request.view_args["household_id"], 409, error=str(error))
    return render_error(409, _("Dit kan nu niet: er is intussen iets veranderd. Laad de pagina opnieuw."))


# --- the coordinator -------------------------------------------------------------------------------------------


@bp.route("/")
def index():
    listing = services.list_for_coordinator(get_session(), current_user)
    return render_template(
        "respite/households/index.html",
        listing=listing,
        status_labels=services.STATUS_LABELS,
        kind_names=services.KIND_NAMES,
    )


def _file_page(household_id: int, status: int = 200, error: str | None = None, **forms):
    db = get_session()
    file = services.get_file(db, current_user, household_id)
    household = file.household
    vog_forms = {
        adult.id: forms.get(f"vog{adult.id}")
        or VogForm(
            formdata=None,
            prefix=f"vog{adult.id}",
            vog_requested_on=adult.vog_requested_on,
            vog_received_on=adult.vog_received_on,
        )
        for adult in file.adults
    }
    check_forms = {
        reference.id: forms.get(f"ref{reference.id}")
        or ReferenceCheckForm(
            formdata=None,
            prefix=f"ref{reference.id}",
            checked_on=reference.checked_on,
            positive=None if reference.positive is None else ("ja" if reference.positive else "nee"),
        )
        for reference in file.references
    }
    return render_template(
        "respite/households/show.html",
        file=file,
        h=household,
        status_labels=services.STATUS_LABELS,
        kind_names=services.KIND_NAMES,
        error=error,
        labels=choices.labels,
        c=choices,
        context_label=context_label,
        reference_problem=reference_problem,
        vog_forms=vog_forms,
        check_forms=check_forms,
        intake_form=forms.get("intake_form")
        or IntakeForm(
            formdata=None,
            intake_done_on=household.intake_done_on,
            second_intake_on=household.second_intake_on,
        ),
        training_form=forms.get("training_form")
        or TrainingForm(formdata=None, training_done_on=household.training_done_on),
        adult_form=forms.get("adult_form") or AdultForm(formdata=None),
        reference_form=forms.get("reference_form") or ReferenceForm(formdata=None),
        approve_form=forms.get("approve_form")
        or ApproveForm(
            formdata=None,
            age_min=household.approved_age_min if household.approved_age_min is not None else household.age_min,
            age_max=household.approved_age_max if household.approved_age_max is not None else household.age_max,
            children=household.approved_children or household.capacity,
        ),
        decline_form=forms.get("decline_form") or DeclineForm(formdata=None),
        stop_form=forms.get("stop_form") or StopForm(formdata=None),
        note_form=forms.get("note_form") or NoteForm(formdata=None),
    ), status


@bp.route("/<int:household_id>")
def show(household_id: int):
    return _file_page(household_id)


def _saved(household_id: int, anchor: str, message: str | None = None):
    get_session().commit()
    flash(message or _("Opgeslagen."), "success")
    return redirect(url_for("households.show", household_id=household_id) + f"#{anchor}")


def _problem(household_id: int, form, name: str, problem: services.HouseholdError):
    """Put the service's message next to its field (or above the form) and show the file again."""
    get_session().rollback()
    field = getattr(form, problem.field, None) if problem.field else None
    if field is not None:
        field.errors = [*field.errors, str(problem)]
        return _file_page(household_id, 400, **{name: form})
    return _file_page(household_id, 400, error=str(problem), **{name: form})


@bp.route("/<int:household_id>/gesprekken", methods=["POST"])
def intake(household_id: int):
    form = IntakeForm()
    if not form.validate_on_submit():
        return _file_page(household_id, 400, intake_form=form)
    try:
        services.record_intake(
            get_session(), current_user, household_id, form.intake_done_on.data, form.second_intake_on.data
        )
    except services.HouseholdError as problem:
        return _problem(household_id, form, "intake_form", problem)
    return _saved(household_id, "gesprekken")


@bp.route("/<int:household_id>/training", methods=["POST"])
def training(household_id: int):
    form = TrainingForm()
    if not form.validate_on_submit():
        return _file_page(household_id, 400, training_form=form)
    try:
        services.record_training(get_session(), current_user, household_id, form.training_done_on.data)
    except services.HouseholdError as problem:
        return _problem(household_id, form, "training_form", problem)
    return _saved(household_id, "training")


@bp.route("/<int:household_id>/volwassenen", methods=["POST"])
def add_adult(household_id: int):
    form = AdultForm()
    if not form.validate_on_submit():
        return _file_page(household_id, 400, adult_form=form)
    try:
        services.add_adult(get_session(), current_user, household_id, form.name.data, form.birth_year.data)
    except services.HouseholdError as problem:
        return _problem(household_id, form, "adult_form", problem)
    return _saved(household_id, "vog")


@bp.route("/<int:household_id>/volwassenen/<int:adult_id>/vog", methods=["POST"])
def vog(household_id: int, adult_id: int):
    name = f"vog{adult_id}"
    form = VogForm(prefix=name)
    if not form.validate_on_submit():
        return _file_page(household_id, 400, **{name: form})
    try:
        services.record_vog(
            get_session(),
            current_user,
            household_id,
            adult_id,
            form.vog_requested_on.data,
            form.vog_received_on.data,
        )
    except services.HouseholdError as problem:
        return _problem(household_id, form, name, problem)
    return _saved(household_id, "vog")


@bp.route("/<int:household_id>/referenties", methods=["POST"])
def add_reference(household_id: int):
    form = ReferenceForm()
    if not form.validate_on_submit():
        return _file_page(household_id, 400, reference_form=form)
    try:
        services.add_reference(
            get_session(),
            current_user,
            household_id,
            name=form.name.data,
            context=form.context.data,
            known_years=form.known_years.data,
            is_relative=form.is_relative.data,
            checked_on=form.checked_on.data,
            positive=None if not form.positive.data else form.positive.data == "ja",
        )
    except services.HouseholdError as problem:
        return _problem(household_id, form, "reference_form", problem)
    return _saved(household_id, "referenties")


@bp.route("/<int:household_id>/referenties/<int:reference_id>", methods=["POST"])
def check_reference(household_id: int, reference_id: int):
    name = f"ref{reference_id}"
    form = ReferenceCheckForm(prefix=name)
    if not form.validate_on_submit():
        return _file_page(household_id, 400, **{name: form})
    try:
        services.record_reference_check(
            get_session(),
            current_user,
            household_id,
            reference_id,
            form.checked_on.data,
            None if not form.positive.data else form.positive.data == "ja",
        )
    except services.HouseholdError as problem:
        return _problem(household_id, form, name, problem)
    return _saved(household_id, "referenties")


@bp.route("/<int:household_id>/referenties/<int:reference_id>/weg", methods=["POST"])
def remove_reference(household_id: int, reference_id: int):
    services.remove_reference(get_session(), current_user, household_id, reference_id)
    return _saved(household_id, "referenties", _("De referentie is weggehaald."))


@bp.route("/<int:household_id>/notities", methods=["POST"])
def add_note(household_id: int):
    form = NoteForm()
    if not form.validate_on_submit():
        return _file_page(household_id, 400, note_form=form)
    try:
        services.add_note(get_session(), current_user, household_id, form.text.data)
    except services.HouseholdError as problem:
        return _problem(household_id, form, "note_form", problem)
    return _saved(household_id, "notities", _("De notitie is bewaard."))


@bp.route("/<int:household_id>/bericht")
def message(household_id: int):
    """ "Bericht aan de vrijwilliger": the meldpunt's conversation with this household opens in the messages."""
    db = get_session()
    conversation_id = services.conversation_id(db, current_user, household_id)
    db.commit()
    return redirect(url_for("messages.show", conversation_id=conversation_id))


@bp.route("/<int:household_id>/screening", methods=["POST"])
def start_screening(household_id: int):
    try:
        services.start_screening(get_session(), current_user, household_id)
    except services.HouseholdError as problem:
        get_session().rollback()
        return _file_page(household_id, 409, error=str(problem))
    return _saved(household_id, "stappen", _("De screening is begonnen."))


@bp.route("/<int:household_id>/goedkeuren", methods=["POST"])
def approve(household_id: int):
    form = ApproveForm()
    if not form.validate_on_submit():
        return _file_page(household_id, 400, approve_form=form)
    try:
        services.approve(
            get_session(),
            current_user,
            household_id,
            age_min=form.age_min.data,
            age_max=form.age_max.data,
            children=form.children.data,
            note=form.note.data or "",
        )
    except services.HouseholdError as problem:
        return _problem(household_id, form, "approve_form", problem)
    return _saved(household_id, "stappen", _("Goedgekeurd. Dit gezin kan nu worden voorgesteld."))


@bp.route("/<int:household_id>/afwijzen", methods=["POST"])
def decline(household_id: int):
    form = DeclineForm()
    if not form.validate_on_submit():
        return _file_page(household_id, 400, decline_form=form)
    try:
        services.decline(get_session(), current_user, household_id, form.note.data)
    except services.HouseholdError as problem:
        return _problem(household_id, form, "decline_form", problem)
    return _saved(household_id, "stappen", _("Afgewezen."))


@bp.route("/<int:household_id>/stoppen", methods=["POST"])
def stop(household_id: int):
    form = StopForm()
    if not form.validate_on_submit():
        return _file_page(household_id, 400, stop_form=form)
    services.stop(get_session(), current_user, household_id, form.note.data or "")
    return _saved(household_id, "stappen", _("Dit gezin is gestopt."))


# --- the volunteer ---------------------------------------------------------------------------------------------


@bp.route("/ik")
def mine():
    """The volunteer's own screening, until the steungezin's home page shows it."""
    screening = services.my_screening(get_session(), current_user)
    if screening is None:
        raise NotFound()
    return render_template("respite/households/mine.html", screening=screening)


@bp.route("/ik/stoppen", methods=["POST"])
def withdraw():
    form = WithdrawForm()
    if not form.validate_on_submit():
        screening = services.my_screening(get_session(), current_user)
        if screening is None:
            raise NotFound()
        return render_template("respite/households/mine.html", screening=screening, withdraw_form=form), 400
    services.withdraw(get_session(), current_user, form.note.data or "")
    get_session().commit()
    flash(_("Je bent gestopt. Dank je wel voor je hulp. Je kunt je later altijd opnieuw aanmelden."), "success")
    return redirect(safe_next(request.form.get("next")) or url_for("households.mine"))
