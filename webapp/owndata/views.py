"""My data (from the account page): download everything OnsPlan holds about me, print it, ask a correction or
erasure, and (a mentor or steungezin) delete my account. The regisseur answers requests on the request's page."""

from __future__ import annotations

import json
from datetime import datetime

from flask import Blueprint, Response, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.exceptions import NotFound
from wtforms.fields.choices import SelectChoice

from webapp.auth.services import AccountError
from webapp.clock import today
from webapp.db import get_session
from webapp.errors import render_error
from webapp.owndata import services, workflow
from webapp.owndata.forms import (
    REQUEST_KIND_LABELS,
    REQUEST_STATUS_LABELS,
    STEP_LABELS,
    DeleteAccountForm,
    RequestForm,
    StepForm,
)
from webapp.owndata.workflow import Actor, StepNotAllowed

bp = Blueprint("owndata", __name__)
bp.add_app_template_filter(datetime.fromisoformat, "fromiso")  # the printable page reads the export's ISO strings

LABELS = {"kind_labels": REQUEST_KIND_LABELS, "status_labels": REQUEST_STATUS_LABELS, "step_labels": STEP_LABELS}


@bp.errorhandler(StepNotAllowed)
def step_not_allowed(_error):
    get_session().rollback()
    return render_error(409, _("Dit kan nu niet meer: er is intussen iets veranderd. Laad de pagina opnieuw."))


@bp.route("/mijn-gegevens")
def index():
    db = get_session()
    return render_template(
        "owndata/index.html",
        requests=services.requests_of(db, current_user),
        can_ask=bool(services.request_families(db, current_user)),
        refusal=services.deletion_refusal(db, current_user),
        **LABELS,
    )


@bp.route("/mijn-gegevens/download")
def download():
    data = services.export(get_session(), current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    filename = f"onsplan-mijn-gegevens-{today().isoformat()}.json"
    return Response(
        body,
        mimetype="application/json",
        # Only text/html gets no-store from webapp/security.py; this file holds everything about a person.
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@bp.route("/mijn-gegevens/afdrukken")
def printable():
    data = services.export(get_session(), current_user)
    return render_template("owndata/export.html", data=data, **LABELS)


@bp.route("/mijn-gegevens/verzoek", methods=["GET", "POST"])
def new_request():
    db = get_session()
    families = services.request_families(db, current_user)
    if not families:
        raise NotFound()
    form = RequestForm()
    form.family_id.choices = [SelectChoice(f.id, _("Gezin %(name)s", name=f.name)) for f in families]
    if form.validate_on_submit():
        try:
            request = services.submit_request(
                db,
                current_user,
                family_id=form.family_id.data if len(families) > 1 else families[0].id,
                kind=form.kind.data,
                about=form.about.data,
                text=form.text.data,
            )
        except services.OwnDataError as problem:
            db.rollback()
            getattr(form, problem.field or "text").errors = [str(problem)]
        else:
            db.commit()
            flash(_("Je verzoek is verstuurd naar je regisseur."), "success")
            return redirect(url_for("owndata.show_request", request_id=request.id))
    status = 400 if form.errors else 200
    return render_template(
        "owndata/request_new.html", form=form, families=families, terms=workflow.TERMS, **LABELS
    ), status


@bp.route("/gegevensverzoeken/<int:request_id>")
def show_request(request_id: int):
    return _render_request(request_id, StepForm(formdata=None))


def _render_request(request_id: int, form: StepForm, status: int = 200):
    db = get_session()
    view = services.get_request(db, current_user, request_id)
    handles = services.can_handle(current_user, view)
    steps = workflow.next_steps(view.request.status, Actor.REGISSEUR) if handles else []
    form.target.choices = [SelectChoice(s.value, STEP_LABELS[s]) for s in steps]
    if len(steps) == 1 and not form.target.data:
        form.target.data = steps[0].value
    return render_template(
        "owndata/request.html",
        view=view,
        handles=handles,
        steps=steps,
        form=form,
        flow=workflow.STEPS,
        reached={e.to_status: e for e in view.history},
        **LABELS,
    ), status


@bp.route("/gegevensverzoeken/<int:request_id>/stap", methods=["POST"])
def move_request(request_id: int):
    db = get_session()
    view = services.get_request(db, current_user, request_id)
    if not services.can_handle(current_user, view):
        raise NotFound()
    form = StepForm()
    form.target.choices = [SelectChoice(s.value, STEP_LABELS[s]) for s in STEP_LABELS]
    if form.validate_on_submit():
        try:
            services.move_request(
                db, current_user, request_id, workflow.RequestStatus(form.target.data), form.note.data or ""
            )
        except services.OwnDataError as problem:
            db.rollback()
            getattr(form, problem.field or "note").errors = [str(problem)]
        else:
            db.commit()
            flash(_("Opgeslagen. De aanvrager krijgt een melding."), "success")
            return redirect(url_for("owndata.show_request", request_id=request_id))
    return _render_request(request_id, form, 400)


@bp.route("/mijn-gegevens/account-verwijderen", methods=["GET", "POST"])
def delete_account():
    db = get_session()
    refusal = services.deletion_refusal(db, current_user)
    form = DeleteAccountForm()
    if refusal is None and form.validate_on_submit():
        try:
            services.delete_account(db, current_user, form.current_password.data)
        except AccountError as error:
            db.rollback()
            form.current_password.errors = [str(error)]
        else:
            db.commit()
            logout_user()
            session.clear()
            flash(_("Je account is verwijderd. Dank je wel voor wat je hebt gedaan."), "success")
            response = redirect(url_for("auth.login"))
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
            return response
    status = 400 if form.errors else 200
    if refusal is not None and form.is_submitted():
        status = 403  # the page explains why and points to an erasure request instead
    can_ask = bool(services.request_families(db, current_user))
    return render_template("owndata/delete.html", form=form, refusal=refusal, can_ask=can_ask), status
