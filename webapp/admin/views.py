from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.admin import services
from webapp.admin.forms import RenameForm, RoutingOrganisationForm, region_choices
from webapp.auth.forms import ConfirmForm
from webapp.db import get_session

bp = Blueprint("admin", __name__, url_prefix="/beheer")


@bp.route("/accounts")
def accounts():
    page = request.args.get("pagina", 1, type=int)
    users, pages = services.list_accounts(get_session(), current_user, page)
    return render_template("admin/accounts.html", users=users, page=page, pages=pages, form=ConfirmForm())


@bp.route("/accounts/<int:user_id>/<any(aan,uit):state>", methods=["POST"])
def set_active(user_id: int, state: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        db = get_session()
        user = services.set_account_active(db, current_user, user_id, state == "aan")
        db.commit()
        if user.active:
            flash(_("Het account van %(name)s staat weer aan.", name=user.name), "success")
        else:
            flash(_("Het account van %(name)s staat uit. Deze persoon is overal uitgelogd.", name=user.name), "success")
    return redirect(url_for("admin.accounts"))


# --- where pleeggezin and gezinshuis sign-ups go (Steuntje in de rug) --------------------------------------------


def _organisations_page(form=None, renaming: int | None = None, rename_form=None, status: int = 200):
    db = get_session()
    organisations = services.routing_organisations(db, current_user)
    if form is None:
        form = RoutingOrganisationForm(formdata=None)
    form.region.choices = region_choices(services.regions(db))
    return render_template(
        "admin/organisations.html",
        organisations=organisations,
        form=form,
        renaming=renaming,
        rename_form=rename_form,
    ), status


@bp.route("/organisaties", methods=["GET", "POST"])
def organisations():
    if request.method == "GET":
        return _organisations_page()
    db = get_session()
    services.routing_organisations(db, current_user)  # 404 for anyone but the beheerder, before reading input
    form = RoutingOrganisationForm()
    form.region.choices = region_choices(services.regions(db))
    if not form.validate_on_submit():
        return _organisations_page(form=form, status=400)
    organisation = services.add_routing_organisation(
        db, current_user, name=form.name.data, kind=form.kind.data, region=form.region.data
    )
    db.commit()
    flash(_("%(name)s staat in de lijst.", name=organisation.name), "success")
    return redirect(url_for("admin.organisations"))


@bp.route("/organisaties/<int:organisation_id>/naam", methods=["POST"])
def rename_organisation(organisation_id: int):
    db = get_session()
    services.routing_organisations(db, current_user)
    form = RenameForm()
    if not form.validate_on_submit():
        return _organisations_page(renaming=organisation_id, rename_form=form, status=400)
    organisation = services.rename_routing_organisation(db, current_user, organisation_id, form.name.data)
    db.commit()
    flash(_("De naam is nu %(name)s.", name=organisation.name), "success")
    return redirect(url_for("admin.organisations"))
