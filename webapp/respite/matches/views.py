"""Routes of Steuntje in de rug: a proposal and its match (/steuntje/koppeling/<id>), its afsprakenkaart, the
kennismaking the coordinator plans, and the carer's "add to our plan" with the regisseur's page to take it in."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.auth.forms import ConfirmForm
from webapp.db import get_session
from webapp.errors import render_error
from webapp.models import AuditAction
from webapp.respite import choices
from webapp.respite.matches import services
from webapp.respite.matches.agreements import SECTIONS
from webapp.respite.matches.forms import AgreementForm, AnswerForm, KennismakingForm, WithdrawForm
from webapp.respite.workflow import StepNotAllowed

bp = Blueprint("respite_matches", __name__, url_prefix="/steuntje/koppeling")


@bp.errorhandler(StepNotAllowed)
def step_not_allowed(_error):
    get_session().rollback()
    return render_error(409, _("Dit kan nu niet meer: er is intussen iets veranderd. Laad de pagina opnieuw."))


def _log_read(db, view: services.MatchView) -> None:
    """A coordinator's read of the family's request is a row in the family's access log."""
    if view.side == services.COORDINATOR:
        audit.record(db, current_user, AuditAction.READ, view.family, services.OBJECT_TYPE, view.request.id)
        db.commit()


def _page(match_id: int, status: int = 200, **forms):
    db = get_session()
    view = services.get_match(db, current_user, match_id)
    _log_read(db, view)
    family = services.family_profile(db, view) if view.side in (services.STEUNGEZIN, services.COORDINATOR) else None
    household = services.household_profile(view) if view.side in (services.GEZIN, services.COORDINATOR) else None
    is_coordinator = view.side == services.COORDINATOR
    return render_template(
        "respite/matches/show.html",
        view=view,
        m=view.match,
        family=family,
        household=household,
        is_coordinator=is_coordinator,
        may_handle=is_coordinator and policy.can_handle_respite_request(current_user, view.request),
        reasons=services.decline_reasons(view),
        card=services.current_card(db, view),
        may_suggest_plan=policy.can_suggest_match_for_plan(current_user, view.family, view.match),
        appointments=services.appointments_of(db, current_user, view),
        answer_form=forms.get("answer_form") or AnswerForm(formdata=None),
        withdraw_form=forms.get("withdraw_form") or WithdrawForm(formdata=None),
        kennismaking_form=forms.get("kennismaking_form") or KennismakingForm(formdata=None),
        may_plan_kennismaking=services.may_plan_kennismaking(current_user, view),
        match_status_labels=services.MATCH_STATUS_LABELS,
        confirm_form=ConfirmForm(formdata=None),
        help_kind_labels=choices.HELP_KINDS,
        household_kind_labels=choices.HOUSEHOLD_KINDS,
        error=forms.get("error"),
    ), status


@bp.route("/<int:match_id>")
def show(match_id: int):
    return _page(match_id)


@bp.route("/<int:match_id>/antwoord", methods=["POST"])
def answer(match_id: int):
    db = get_session()
    form = AnswerForm()
    if not form.validate_on_submit():
        return _page(match_id, 400, answer_form=form)
    try:
        view = services.answer(
            db,
            current_user,
            match_id,
            yes=form.answer.data == "ja",
            reason=form.reason.data or "",
            note=form.note.data or "",
        )
    except services.MatchError as problem:
        db.rollback()
        getattr(form, problem.field or "answer").errors = [str(problem)]
        return _page(match_id, 400, answer_form=form)
    db.commit()
    if view.match.accepted_at is not None:
        flash(_("Jullie zeggen allebei ja. Nu ziet u elkaars naam, adres en telefoonnummer."), "success")
    elif form.answer.data == "ja":
        flash(_("Dank u. We wachten nog op het antwoord van de andere kant."), "success")
    else:
        flash(_("Dank u. De coördinator zoekt verder en leest waarom het niet past."), "success")
    if view.side == services.STEUNGEZIN and view.match.status != "voorgesteld" and view.match.accepted_at is None:
        return redirect(url_for("steungezin.index"))
    return redirect(url_for("respite_matches.show", match_id=match_id))


@bp.route("/<int:match_id>/intrekken", methods=["POST"])
def withdraw(match_id: int):
    db = get_session()
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _page(match_id, 400, withdraw_form=form)
    view = services.withdraw(db, current_user, match_id, form.note.data or "")
    audit.record(db, current_user, AuditAction.CHANGE, view.family, services.OBJECT_TYPE, view.request.id)
    db.commit()
    flash(_("Het voorstel is ingetrokken. De aanvraag staat weer op zoeken."), "success")
    return redirect(url_for("respite_matches.show", match_id=match_id))


@bp.route("/<int:match_id>/kennismaking", methods=["POST"])
def kennismaking(match_id: int):
    """The coordinator plans the first meeting with both sides (she takes part too)."""
    db = get_session()
    form = KennismakingForm()
    if not form.validate_on_submit():
        return _page(match_id, 400, kennismaking_form=form)
    try:
        view = services.plan_kennismaking(
            db, current_user, match_id, day=form.day.data, at=form.time.data, place=form.place.data
        )
    except services.MatchError as problem:
        db.rollback()
        form.place.errors = [str(problem)]
        return _page(match_id, 400, kennismaking_form=form)
    db.commit()
    flash(_("De kennismaking is gepland. Het gezin en het steungezin krijgen een uitnodiging."), "success")
    return redirect(url_for("respite_matches.show", match_id=view.match.id))


# --- the afsprakenkaart ------------------------------------------------------------------------------------------


@bp.route("/<int:match_id>/afspraken")
def agreements(match_id: int):
    db = get_session()
    number = request.args.get("versie", type=int)
    shown = services.card(db, current_user, match_id, number)
    _log_read(db, shown.view)
    return render_template(
        "respite/matches/agreements.html",
        shown=shown,
        view=shown.view,
        sections=SECTIONS,
        confirm_form=ConfirmForm(formdata=None),
    )


@bp.route("/<int:match_id>/afspraken/nieuw", methods=["GET", "POST"])
def write_agreements(match_id: int):
    db = get_session()
    view = services.card(db, current_user, match_id).view
    if request.method == "GET":
        form = AgreementForm(formdata=None, data=services.draft_sections(db, current_user, match_id))
        return render_template("respite/matches/agreement_edit.html", form=form, view=view, sections=SECTIONS)
    form = AgreementForm()
    error = None
    if form.validate_on_submit():
        try:
            card = services.write_card(
                db, current_user, match_id, {code: getattr(form, code).data or "" for code in SECTIONS}
            )
        except services.MatchError as problem:
            db.rollback()
            if problem.field in SECTIONS:
                getattr(form, problem.field).errors = [str(problem)]
            else:
                error = str(problem)
        else:
            if view.side == services.COORDINATOR:
                audit.record(db, current_user, AuditAction.CHANGE, view.family, services.OBJECT_TYPE, view.request.id)
            db.commit()
            flash(
                _(
                    "Versie %(number)s staat klaar. Beide kanten lezen wat er veranderd is en zeggen ja.",
                    number=card.version,
                ),
                "success",
            )
            return redirect(url_for("respite_matches.agreements", match_id=match_id))
    return render_template(
        "respite/matches/agreement_edit.html", form=form, view=view, sections=SECTIONS, error=error
    ), 400


@bp.route("/<int:match_id>/afspraken/<int:number>/akkoord", methods=["POST"])
def agree(match_id: int, number: int):
    db = get_session()
    form = ConfirmForm()
    if not form.validate_on_submit():
        raise NotFound()
    services.agree(db, current_user, match_id, number)
    db.commit()
    flash(_("Dank u. U bent akkoord met deze afspraken."), "success")
    return redirect(url_for("respite_matches.agreements", match_id=match_id))


# --- "Toevoegen aan ons plan" ------------------------------------------------------------------------------------


@bp.route("/<int:match_id>/in-ons-plan", methods=["POST"])
def add_to_plan(match_id: int):
    db = get_session()
    form = ConfirmForm()
    if not form.validate_on_submit():
        raise NotFound()
    outcome = services.add_to_plan(db, current_user, match_id)
    db.commit()
    if outcome == "added":
        flash(_("Het steungezin staat nu bij de betrokkenen in het plan."), "success")
    else:
        flash(_("Gevraagd. Uw regisseur zet het steungezin bij de betrokkenen in uw plan."), "success")
    return redirect(url_for("respite_matches.show", match_id=match_id))


@bp.route("/<int:match_id>/plan", methods=["GET", "POST"])
def plan_suggestion(match_id: int):
    """The regisseur's page: the family asks to add its steungezin to the plan as a betrokkene."""
    db = get_session()
    suggestion = services.plan_suggestion(db, current_user, match_id)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        services.accept_plan_suggestion(db, current_user, match_id)
        db.commit()
        flash(_("Toegevoegd aan het concept. Het gezin ziet het in de volgende versie van het plan."), "success")
        return redirect(url_for("plan_editor.edit", family_id=suggestion.view.family.id))
    audit.record(
        db, current_user, AuditAction.READ, suggestion.view.family, services.OBJECT_TYPE, suggestion.view.request.id
    )
    db.commit()
    return render_template(
        "respite/matches/plan_suggestion.html", suggestion=suggestion, form=ConfirmForm(formdata=None)
    )
