"""Gezin aanmelden, the first plan, and (for a coordinator of the gemeente) handing a family to another regisseur.

Every page works without JavaScript; "Nog iemand toevoegen" posts the form and it comes back with one more row.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.auth.forms import ConfirmForm
from webapp.auth.services import AccountError
from webapp.auth.totp import qr_svg
from webapp.db import get_session
from webapp.extensions import limiter
from webapp.i18n import current_language
from webapp.intake import handover, registration, services
from webapp.intake.forms import AskHandoverForm, HandoverForm, RegisterFamilyForm
from webapp.models import Relation

bp = Blueprint("intake", __name__)


@bp.app_template_global("intake_family")
def intake_family(family) -> services.FamilyPagePart:
    """The family page's part: a new regisseur's notice, and the regisseur's "vraag een andere regisseur"."""
    return services.family_page(get_session(), current_user, family)


def _invitations_per_hour() -> str:
    return current_app.config["INVITATIONS_PER_HOUR"]


def _per_user() -> str:
    return f"user:{current_user.id}"


def _register_form(gemeenten, *, formdata: bool) -> RegisterFamilyForm:
    form = RegisterFamilyForm() if formdata else RegisterFamilyForm(formdata=None)
    form.for_gemeenten(gemeenten)
    if not formdata:
        for entry in form.members.entries:
            entry.form.language.data = current_language()
    return form


@bp.route("/gezinnen/nieuw", methods=["GET", "POST"])
@limiter.limit(_invitations_per_hour, methods=["POST"], key_func=_per_user)
def register():
    db = get_session()
    gemeenten = registration.gemeenten_for(db, current_user)
    if request.method == "GET":
        return render_template("families/register.html", form=_register_form(gemeenten, formdata=False))
    form = _register_form(gemeenten, formdata=True)
    if request.form.get("add_row"):  # "Nog iemand toevoegen": the same form, everything kept, one row more
        form.add_row()
        return render_template("families/register.html", form=form, focus_row=len(form.members.entries) - 1)
    if not form.validate_on_submit():
        return render_template("families/register.html", form=form), 400
    members = [
        registration.NewMember(
            name=row.name.data,
            relation=Relation(row.relation.data),
            birth_date=row.birth_date.data,
            has_authority=bool(row.has_authority.data),
            email=row.email.data or "",
            language=row.language.data or current_language(),
        )
        for row in form.filled_rows()
    ]
    try:
        result = registration.register_family(
            db, current_user, name=form.name.data, gemeente_id=form.gemeente.data, members=members
        )
    except registration.RegistrationError as problem:
        form.name.errors = [*form.name.errors, str(problem)]
        return render_template("families/register.html", form=form), 400
    except AccountError as problem:  # the same address twice: the invitation flow says so
        db.rollback()
        form.name.errors = [*form.name.errors, str(problem)]
        return render_template("families/register.html", form=form), 400
    db.commit()
    links = []
    for number, invitation in enumerate(result.invitations, start=1):
        link = url_for("joining.accept", token=invitation.token, _external=True)
        links.append({"number": number, "name": invitation.name, "link": link, "qr": qr_svg(link)})
    return render_template(
        "families/registered.html", family=result.family, added=result.added, links=links, form=ConfirmForm()
    ), 201


@bp.route("/gezinnen/<int:family_id>/eerste-plan")
def first_plan(family_id: int):
    state = registration.first_plan(get_session(), current_user, family_id)
    return render_template("families/first_plan.html", state=state, form=ConfirmForm())


@bp.route("/gezinnen/<int:family_id>/eerste-plan", methods=["POST"])
def start_plan(family_id: int):
    db = get_session()
    form = ConfirmForm()
    if not form.validate_on_submit():  # a refused form creates nothing, not even an empty plan
        state = registration.first_plan(db, current_user, family_id)
        return render_template("families/first_plan.html", state=state, form=form, refused=True), 400
    registration.start_first_plan(db, current_user, family_id)
    db.commit()
    flash(_("Het eerste plan staat klaar als concept. Vul het samen met het gezin in."), "success")
    return redirect(url_for("plan_editor.edit", family_id=family_id) + "#basis")


@bp.route("/gezinnen/<int:family_id>/andere-regisseur", methods=["POST"])
def ask_handover(family_id: int):
    db = get_session()
    form = AskHandoverForm()
    if not form.validate_on_submit():
        flash(form.reason.errors[0] if form.reason.errors else _("Probeer het nog eens."), "info")
        return redirect(url_for("families.show", family_id=family_id) + "#andere-regisseur")
    try:
        handover.ask_for_handover(db, current_user, family_id, form.reason.data)
    except handover.HandoverError as problem:
        flash(str(problem), "info")
        return redirect(url_for("families.show", family_id=family_id) + "#andere-regisseur")
    db.commit()
    flash(_("Je vraag is naar de coördinator van de gemeente gestuurd."), "success")
    return redirect(url_for("families.show", family_id=family_id))


@bp.route("/gemeente/gezinnen")
def gemeente():
    return render_template("families/gemeente.html", overview=handover.overview(get_session(), current_user))


@bp.route("/gemeente/gezinnen/<int:family_id>/overdragen", methods=["GET", "POST"])
def hand_over(family_id: int):
    db = get_session()
    page = handover.handover_page(db, current_user, family_id)
    form = HandoverForm().for_candidates(page.candidates)
    if form.validate_on_submit():
        try:
            row = handover.hand_over(db, current_user, family_id, form.regisseur.data, form.reason.data)
        except handover.HandoverError as problem:
            form.regisseur.errors = [*form.regisseur.errors, str(problem)]
        else:
            db.commit()
            flash(
                _(
                    "Gezin %(family)s heeft nu %(name)s als regisseur. Het gezin en %(first)s krijgen een bericht.",
                    family=page.family.name,
                    name=row_name(page, row.to_regisseur_id),
                    first=row_name(page, row.to_regisseur_id).split(" ", 1)[0],
                ),
                "success",
            )
            return redirect(url_for("intake.gemeente"))
    return render_template("families/handover.html", page=page, form=form), 400 if form.errors else 200


def row_name(page: handover.HandoverPage, user_id: int | None) -> str:
    return next((c.name for c in page.candidates if c.id == user_id), "")
