"""The toekomstplan pages: the youth's own plan for turning 18, with the checklist she ticks herself (htmx)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.db import get_session
from webapp.extensions import htmx
from webapp.models import FutureDomain
from webapp.sharing.services import must_ask
from webapp.toekomstplan import services
from webapp.toekomstplan.checklist import BY_KEY
from webapp.toekomstplan.forms import DomainForm, StepForm

bp = Blueprint("toekomstplan", __name__, url_prefix="/toekomstplan/<int:youth_id>")


def _partial_wanted() -> bool:
    return bool(htmx and not htmx.boosted)


def _domain(value: str) -> FutureDomain:
    try:
        return FutureDomain(value)
    except ValueError:
        abort(404)


def _page(youth_id: int, status: int = 200, **forms):
    shown = services.view(get_session(), current_user, youth_id, record_read=status == 200)
    domain_forms = {
        domain.value: forms.get(f"domain_{domain.value}")
        or DomainForm(formdata=None, prefix=domain.value, obj=shown.entries.get(domain.value))
        for domain in FutureDomain
    }
    for form in domain_forms.values():
        form.about(shown.youth.first_name, own=shown.can_edit_own)
    return render_template(
        "toekomstplan/toekomstplan.html",
        shown=shown,
        domain_forms=domain_forms,
        step_form=forms.get("step_form") or StepForm(formdata=None),
        empty_step_form=StepForm(formdata=None),
        step_domain=forms.get("step_domain"),
        domains=list(FutureDomain),
    ), status


@bp.route("")
def show(youth_id: int):
    if current_user.id == youth_id and must_ask(get_session(), current_user):
        return redirect(url_for("sharing.choose", next=request.path))
    return _page(youth_id)


@bp.route("/checklist/<key>", methods=["POST"])
def tick(youth_id: int, key: str):
    db = get_session()
    done = request.form.get("done") == "1"
    services.set_checklist_item(db, current_user, youth_id, key, done)
    db.commit()
    if _partial_wanted():
        shown = services.view(db, current_user, youth_id)
        row = next(r for r in shown.checklist if r.item.key == key)
        return render_template("toekomstplan/_partials/_checklist_item.html", shown=shown, row=row, just_saved=True)
    flash(_("Opgeslagen: %(item)s", item=BY_KEY[key].title), "success")
    return redirect(url_for("toekomstplan.show", youth_id=youth_id) + "#checklist")


@bp.route("/domein/<domain>", methods=["POST"])
def save_domain(youth_id: int, domain: str):
    kind = _domain(domain)
    form = DomainForm(prefix=kind.value)
    if not form.validate_on_submit():
        return _page(youth_id, 400, **{f"domain_{kind.value}": form})
    db = get_session()
    shown = services.view(db, current_user, youth_id)
    entry = services.save_domain(
        db,
        current_user,
        youth_id,
        kind,
        want_text=form.want_text.data or "",
        now_text=form.now_text.data if shown.can_edit_all else None,
    )
    db.commit()
    if _partial_wanted():
        return render_template(
            "toekomstplan/_partials/_domain.html",
            shown=shown,
            domain=kind,
            entry=entry,
            form=DomainForm(formdata=None, prefix=kind.value, obj=entry).about(
                shown.youth.first_name, own=shown.can_edit_own
            ),
            step_form=StepForm(formdata=None),
            empty_step_form=StepForm(formdata=None),
            step_domain=None,
            just_saved=True,
        )
    flash(_("Opgeslagen."), "success")
    return redirect(url_for("toekomstplan.show", youth_id=youth_id) + f"#domein-{kind.value}")


@bp.route("/domein/<domain>/stappen", methods=["POST"])
def add_step(youth_id: int, domain: str):
    kind = _domain(domain)
    form = StepForm()
    if not form.validate_on_submit():
        return _page(youth_id, 400, step_form=form, step_domain=kind.value)
    db = get_session()
    services.add_step(db, current_user, youth_id, kind, what=form.what.data, owner=form.owner.data, due=form.due.data)
    db.commit()
    flash(_("De stap is toegevoegd."), "success")
    return redirect(url_for("toekomstplan.show", youth_id=youth_id) + f"#domein-{kind.value}")


@bp.route("/stappen/<int:step_id>/<any(klaar,open):state>", methods=["POST"])
def set_step(youth_id: int, step_id: int, state: str):
    db = get_session()
    services.set_step_done(db, current_user, youth_id, step_id, state == "klaar")
    db.commit()
    return redirect(url_for("toekomstplan.show", youth_id=youth_id) + "#stappen")
