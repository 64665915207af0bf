"""The regisseur's plan editor: the draft of the gezinsplan, edited inline with htmx, and publishing a version.

Every route works without JavaScript too (full page, redirect after POST); htmx requests get the partial back.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.db import get_session
from webapp.extensions import htmx
from webapp.models import GoalStatus
from webapp.plans import drafting
from webapp.plans.forms import (
    AboutForm,
    ActionForm,
    BasicsForm,
    GoalForm,
    InvolvedForm,
    NoteForm,
    PublishForm,
    ZrmForm,
    basics_form,
)
from webapp.plans.services import PlanError, current_version
from webapp.plans.snapshot import FAMILY, UNKNOWN, about_key, latest_zrm_by_about

bp = Blueprint("plan_editor", __name__, url_prefix="/gezinnen/<int:family_id>/plan/bewerken")


def _partial_wanted() -> bool:
    return bool(htmx and not htmx.boosted)


def _editor(family_id: int, status: int = 200, **forms):
    """The whole editor page; forms with errors are passed in so nothing typed is lost."""
    db = get_session()
    log_read = status == 200 and not forms
    family, plan = drafting.editable_plan(db, current_user, family_id, log_read=log_read)
    if log_read:  # a refused form changes nothing, not even a first empty plan: the request's session rolls back
        db.commit()
    history = drafting.zrm_history(db, plan)
    zrm_groups = latest_zrm_by_about(history)
    zrm_form = forms.get("zrm_form") or ZrmForm(formdata=None).for_family(family)
    if "zrm_form" not in forms and history:  # start from the newest assessment: its person and scores
        newest = about_key(history[-1].about_user_id, history[-1].about_unknown)
        zrm_form.about.data = str(newest) if isinstance(newest, int) else ""
        for domain, score in zrm_groups[newest].items():
            zrm_form[f"zrm_{domain}"].data = str(score.score)
    version = current_version(db, plan)
    return render_template(
        "plans/editor.html",
        family=family,
        plan=plan,
        version=version,
        zrm_groups=zrm_groups,
        zrm_history=history,
        audience=drafting.Audience(db, family),
        family_key=FAMILY,
        unknown_key=UNKNOWN,
        disagreements=drafting.disagreements(db, current_user, family_id),
        responses=drafting.responses_to(db, version) if version else [],
        pending=drafting.pending_changes(db, current_user, family_id),
        basics_form=forms.get("basics_form") or _basics_form(family, plan),
        goal_form=forms.get("goal_form") or GoalForm(formdata=None).for_family(family),
        action_form=forms.get("action_form") or ActionForm(formdata=None).for_goals(plan.goals),
        involved_form=forms.get("involved_form") or InvolvedForm(formdata=None).for_family(family),
        about_form=forms.get("about_form") or AboutForm(formdata=None).for_family(family),
        zrm_form=zrm_form,
        publish_form=forms.get("publish_form") or PublishForm(formdata=None).for_family(family),
        note_form=NoteForm(formdata=None),
        editing_goal_id=forms.get("editing_goal_id"),
        goal_edit_form=forms.get("goal_edit_form"),
        editing_action_id=forms.get("editing_action_id"),
        action_edit_form=forms.get("action_edit_form"),
    ), status


def _basics_form(family, plan, *, formdata: bool = False) -> BasicsForm:
    """The texts form: from the request when `formdata`, else filled from the draft."""
    texts = drafting.texts_of(plan)
    has_earlier = UNKNOWN in texts
    if formdata:
        return basics_form(family, has_earlier=has_earlier)
    data = {}
    for about, parts in texts.items():
        suffix = "eerder" if about == UNKNOWN else about
        if about != FAMILY:
            data |= {f"situation_{suffix}": parts["situation"], f"agreements_{suffix}": parts["agreements"]}
    return basics_form(family, has_earlier=has_earlier, formdata=None, obj=plan, data=data)


def _back(family_id: int, anchor: str, message: str | None = None):
    if message:
        flash(message, "success")
    return redirect(url_for("plan_editor.edit", family_id=family_id) + f"#{anchor}")


@bp.route("")
def edit(family_id: int):
    return _editor(family_id)


@bp.route("/basis", methods=["POST"])
def basics(family_id: int):
    db = get_session()
    family, plan = drafting.editable_plan(db, current_user, family_id)
    form = _basics_form(family, plan, formdata=True)
    if not form.validate_on_submit():
        return _editor(family_id, 400, basics_form=form)
    drafting.update_basics(
        db,
        current_user,
        family_id,
        situation=form.situation.data or "",
        agreements=form.agreements.data or "",
        next_evaluation=form.next_evaluation.data,
        about_people=form.about_people(),
        earlier=form.earlier(),
    )
    db.commit()
    return _back(family_id, "basis", _("Opgeslagen. Het gezin ziet het na het publiceren."))


# --- goals (inline editing with htmx) --------------------------------------------------------------------------


def _goal_edit_form(family, goal) -> GoalForm:
    form = GoalForm(formdata=None, obj=goal).for_family(family)
    form.about.data = str(goal.about_user_id or "")
    return form


def _action_edit_form(plan, action) -> ActionForm:
    form = ActionForm(formdata=None, obj=action).for_goals(plan.goals)
    form.goal.data = str(action.goal_id or "")
    return form


def _goal_partial(
    family_id: int,
    goal,
    *,
    editing: bool = False,
    form: GoalForm | None = None,
    note_form: NoteForm | None = None,
    status: int = 200,
):
    db = get_session()
    family, _plan = drafting.editable_plan(db, current_user, family_id)
    if editing and form is None:
        form = _goal_edit_form(family, goal)
    return render_template(
        "plans/_partials/_editor_goal.html",
        family=family,
        audience=drafting.Audience(db, family),
        goal=goal,
        editing=editing,
        form=form,
        note_form=note_form or NoteForm(formdata=None),
    ), status


@bp.route("/doelen", methods=["POST"])
def add_goal(family_id: int):
    db = get_session()
    family, _plan = drafting.editable_plan(db, current_user, family_id)
    form = GoalForm().for_family(family)
    if not form.validate_on_submit():
        return _editor(family_id, 400, goal_form=form)
    drafting.save_goal(
        db,
        current_user,
        family_id,
        None,
        title=form.title.data,
        about_user_id=form.about_user_id,
        status=GoalStatus(form.status.data),
        target_date=form.target_date.data,
    )
    db.commit()
    return _back(family_id, "doelen", _("Het doel is toegevoegd."))


@bp.route("/doelen/<int:goal_id>")
def goal(family_id: int, goal_id: int):
    _family, plan = drafting.editable_plan(get_session(), current_user, family_id)
    return _goal_partial(family_id, drafting.goal_of(plan, goal_id))


@bp.route("/doelen/<int:goal_id>/bewerken")
def edit_goal(family_id: int, goal_id: int):
    family, plan = drafting.editable_plan(get_session(), current_user, family_id)
    goal = drafting.goal_of(plan, goal_id)
    if not _partial_wanted():
        return _editor(family_id, editing_goal_id=goal_id, goal_edit_form=_goal_edit_form(family, goal))
    return _goal_partial(family_id, goal, editing=True)


@bp.route("/doelen/<int:goal_id>", methods=["POST"])
def save_goal(family_id: int, goal_id: int):
    db = get_session()
    family, plan = drafting.editable_plan(db, current_user, family_id)
    goal = drafting.goal_of(plan, goal_id)
    form = GoalForm().for_family(family)
    if not form.validate_on_submit():
        if _partial_wanted():
            return _goal_partial(family_id, goal, editing=True, form=form, status=422)
        return _editor(family_id, 400, editing_goal_id=goal_id, goal_edit_form=form)
    drafting.save_goal(
        db,
        current_user,
        family_id,
        goal_id,
        title=form.title.data,
        about_user_id=form.about_user_id,
        status=GoalStatus(form.status.data),
        target_date=form.target_date.data,
    )
    db.commit()
    if _partial_wanted():
        return _goal_partial(family_id, goal)
    return _back(family_id, f"doel-{goal_id}", _("Het doel is opgeslagen."))


@bp.route("/doelen/<int:goal_id>/notities", methods=["POST"])
def add_note(family_id: int, goal_id: int):
    db = get_session()
    form = NoteForm()
    if form.validate_on_submit():
        drafting.add_note(db, current_user, family_id, goal_id, form.text.data)
        db.commit()
    _family, plan = drafting.editable_plan(db, current_user, family_id)
    goal = drafting.goal_of(plan, goal_id)
    if _partial_wanted():
        partial, _status = _goal_partial(family_id, goal, note_form=form if form.errors else None)
        return partial, 422 if form.errors else 200
    return _back(family_id, f"doel-{goal_id}", None if form.errors else _("De notitie is toegevoegd."))


# --- actions, involved, ZRM, publishing ------------------------------------------------------------------------


@bp.route("/acties", methods=["POST"])
def add_action(family_id: int):
    db = get_session()
    _family, plan = drafting.editable_plan(db, current_user, family_id)
    form = ActionForm().for_goals(plan.goals)
    if not form.validate_on_submit():
        return _editor(family_id, 400, action_form=form)
    drafting.add_action(
        db,
        current_user,
        family_id,
        what=form.what.data,
        who=form.who.data,
        due_date=form.due_date.data,
        goal_id=form.goal_id,
    )
    db.commit()
    return _back(family_id, "acties", _("De actie is toegevoegd."))


def _action_partial(
    family_id: int, action, *, editing: bool = False, form: ActionForm | None = None, status: int = 200
):
    family, plan = drafting.editable_plan(get_session(), current_user, family_id)
    if editing and form is None:
        form = _action_edit_form(plan, action)
    return render_template(
        "plans/_partials/_editor_action.html",
        family=family,
        family_id=family_id,
        action=action,
        editing=editing,
        form=form,
    ), status


@bp.route("/acties/<int:action_id>/<any(klaar,open):state>", methods=["POST"])
def set_action(family_id: int, action_id: int, state: str):
    db = get_session()
    action = drafting.set_action_done(db, current_user, family_id, action_id, state == "klaar")
    db.commit()
    if _partial_wanted():
        return _action_partial(family_id, action)
    return _back(family_id, "acties")


@bp.route("/acties/<int:action_id>")
def action(family_id: int, action_id: int):
    _family, plan = drafting.editable_plan(get_session(), current_user, family_id)
    return _action_partial(family_id, drafting.action_of(plan, action_id))


@bp.route("/acties/<int:action_id>/bewerken")
def edit_action(family_id: int, action_id: int):
    _family, plan = drafting.editable_plan(get_session(), current_user, family_id)
    action = drafting.action_of(plan, action_id)
    if not _partial_wanted():
        return _editor(family_id, editing_action_id=action_id, action_edit_form=_action_edit_form(plan, action))
    return _action_partial(family_id, action, editing=True)


@bp.route("/acties/<int:action_id>", methods=["POST"])
def save_action(family_id: int, action_id: int):
    db = get_session()
    _family, plan = drafting.editable_plan(db, current_user, family_id)
    action = drafting.action_of(plan, action_id)
    form = ActionForm().for_goals(plan.goals)
    if not form.validate_on_submit():
        if _partial_wanted():
            return _action_partial(family_id, action, editing=True, form=form, status=422)
        return _editor(family_id, 400, editing_action_id=action_id, action_edit_form=form)
    drafting.update_action(
        db,
        current_user,
        family_id,
        action_id,
        what=form.what.data,
        who=form.who.data,
        due_date=form.due_date.data,
        goal_id=form.goal_id,
    )
    db.commit()
    if _partial_wanted():
        return _action_partial(family_id, action)
    return _back(family_id, f"actie-{action_id}", _("De actie is opgeslagen."))


@bp.route("/betrokkenen", methods=["POST"])
def add_involved(family_id: int):
    db = get_session()
    family, _plan = drafting.editable_plan(db, current_user, family_id)
    form = InvolvedForm().for_family(family)
    if not form.validate_on_submit():
        return _editor(family_id, 400, involved_form=form)
    drafting.add_involved(
        db,
        current_user,
        family_id,
        name=form.name.data,
        role=form.role.data,
        organisation=form.organisation.data or "",
        contact=form.contact.data or "",
        about_user_id=form.about_user_id,
    )
    db.commit()
    return _back(family_id, "betrokkenen", _("Toegevoegd."))


@bp.route("/betrokkenen/<int:involved_id>/over", methods=["POST"])
def involved_about(family_id: int, involved_id: int):
    db = get_session()
    family, _plan = drafting.editable_plan(db, current_user, family_id)
    form = AboutForm().for_family(family)
    if not form.validate_on_submit():
        return _editor(family_id, 400, about_form=form)
    drafting.set_involved_about(db, current_user, family_id, involved_id, form.about_user_id)
    db.commit()
    return _back(family_id, "betrokkenen", _("Opgeslagen. Het gezin ziet het na het publiceren."))


@bp.route("/betrokkenen/<int:involved_id>/verwijderen", methods=["POST"])
def remove_involved(family_id: int, involved_id: int):
    db = get_session()
    drafting.remove_involved(db, current_user, family_id, involved_id)
    db.commit()
    return _back(family_id, "betrokkenen", _("Verwijderd."))


@bp.route("/zrm", methods=["POST"])
def zrm(family_id: int):
    db = get_session()
    family, _plan = drafting.editable_plan(db, current_user, family_id)
    form = ZrmForm().for_family(family)
    if not form.validate_on_submit() or not form.scores():
        if form.is_submitted() and not form.errors:
            form.assessed_on.errors = [*form.assessed_on.errors, _("Kies minstens één score.")]
        return _editor(family_id, 400, zrm_form=form)
    try:
        drafting.record_zrm(
            db, current_user, family_id, form.scores(), form.assessed_on.data, about_user_id=form.about_user_id
        )
    except PlanError as problem:
        form.assessed_on.errors = [str(problem)]
        return _editor(family_id, 400, zrm_form=form)
    db.commit()
    return _back(family_id, "zrm", _("De ZRM-scores zijn opgeslagen."))


@bp.route("/zrm/eerder", methods=["POST"])
def zrm_earlier(family_id: int):
    """Say whom the ZRM scores from before parts said so are about."""
    db = get_session()
    family, _plan = drafting.editable_plan(db, current_user, family_id)
    form = AboutForm().for_family(family)
    if not form.validate_on_submit():
        return _editor(family_id, 400, about_form=form)
    drafting.settle_earlier_zrm(db, current_user, family_id, form.about_user_id)
    db.commit()
    return _back(family_id, "zrm", _("Opgeslagen. Het gezin ziet het na het publiceren."))


@bp.route("/publiceren", methods=["POST"])
def publish(family_id: int):
    db = get_session()
    family, _plan = drafting.editable_plan(db, current_user, family_id)
    form = PublishForm().for_family(family)
    if not form.validate_on_submit():
        return _editor(family_id, 400, publish_form=form)
    try:
        version = drafting.publish(db, current_user, family_id, form.summary.data, form.about_user_id)
    except PlanError as problem:
        form.summary.errors = [str(problem)]
        return _editor(family_id, 400, publish_form=form)
    db.commit()
    return _back(
        family_id, "publiceren", _("Versie %(number)s is gepubliceerd. Het gezin ziet hem nu.", number=version.number)
    )


@bp.route("/antwoorden/<int:response_id>/afgehandeld", methods=["POST"])
def handled(family_id: int, response_id: int):
    db = get_session()
    drafting.mark_handled(db, current_user, family_id, response_id)
    db.commit()
    return _back(family_id, "antwoorden", _("Gemarkeerd als besproken."))
