"""The family's side of the gezinsplan: the current version on a phone, what changed, akkoord / niet akkoord,
printing, and "wie heeft mijn plan bekeken"."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.clock import today
from webapp.db import get_session
from webapp.extensions import htmx
from webapp.families.services import get_family
from webapp.i18n import addressed, current_language
from webapp.models import AuditAction
from webapp.plans import reads, services, translations
from webapp.plans.body_cache import body_regions
from webapp.plans.forms import AnswerForm, AuditFilterForm
from webapp.sharing.services import must_choose
from webapp.toekomstplan.services import youths_with_toekomstplan

bp = Blueprint("plans", __name__, url_prefix="/gezinnen/<int:family_id>/plan")


@bp.route("")
def show(family_id: int):
    viewer = current_user._get_current_object()  # the rules ask her a few dozen times: not through the proxy
    shown = reads.plan_page(get_session(), viewer, family_id)
    if must_choose(viewer, shown.sharing):
        # A youth of 16+ says first what she shares (asked once, in plain words).
        return redirect(url_for("sharing.choose", next=request.path))
    return _render_plan(shown)


def _render_plan(
    shown: services.VisiblePlan, *, printing: bool = False, form: AnswerForm | None = None, status: int = 200
):
    """The plan page of a plain read (`reads.plan_page`); the version's body comes from the fragment cache when this
    reader's body of it was rendered before (webapp/plans/body_cache.py)."""
    viewer = current_user._get_current_object()
    translated = translations.for_plan(get_session(), shown, current_language())
    return render_template(
        "plans/plan.html",
        shown=shown,
        translated=translated,
        plan_body=body_regions(shown, translated, printing=printing),
        printing=printing,
        answer_form=form,  # None on a GET: the answer block is written in its template (issue 14)
        can_answer=policy.can_answer_plan(viewer, shown.family),
        can_edit=policy.can_edit_plan(viewer, shown.family),
        futures=youths_with_toekomstplan(viewer, shown.family, shown.sharing),
        can_choose_sharing=policy.decides_own_sharing(viewer, today()),
    ), status


@bp.route("/print")
def print_view(family_id: int):
    db = get_session()
    shown = reads.plan_page(db, current_user, family_id)
    audit.record(db, current_user, AuditAction.PRINT, shown.family, services.OBJECT_TYPE, shown.plan.id)
    db.commit()
    return _render_plan(shown, printing=True)


@bp.route("/versie/<int:number>/veranderingen")
def changes(family_id: int, number: int):
    shown, changed = services.changes_in(get_session(), current_user, family_id, number)
    return render_template("plans/changes.html", shown=shown, changes=changed)


@bp.route("/versie/<int:number>/antwoord", methods=["POST"])
def answer(family_id: int, number: int):
    db = get_session()
    form = AnswerForm()
    error = None
    if form.validate_on_submit():
        try:
            services.answer(
                db, current_user, family_id, number, agrees=form.agrees.data == "ja", comment=form.comment.data or ""
            )
        except services.PlanError as problem:
            error = str(problem)
            form.comment.errors.append(error)
        else:
            db.commit()
            if not (htmx and not htmx.boosted):
                flash(addressed("Dank je wel. Je regisseur ziet je antwoord."), "success")
                return redirect(url_for("plans.show", family_id=family_id) + "#jouw-antwoord")
    shown = reads.plan_page(db, current_user, family_id, number=number)
    if htmx and not htmx.boosted:
        status = 422 if form.errors else 200  # htmx swaps 422 (see htmx-config in base.html)
        return render_template(
            "plans/_partials/_answer.html", shown=shown, answer_form=form, saved=not form.errors
        ), status
    return _render_plan(shown, form=form, status=400)


@bp.route("/wie-heeft-gekeken")
def access_log(family_id: int):
    db = get_session()
    family = get_family(db, current_user, family_id)
    form = AuditFilterForm(request.args)
    form.validate()
    events = audit.events_for_family(db, current_user, family, form.since.data, form.until.data)
    return render_template("plans/access_log.html", family=family, groups=audit.grouped(events), form=form)
