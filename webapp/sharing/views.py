"""'Wat mogen je ouders zien?': a youth of 16+ chooses, in plain words, what her parents and foster parents see;
a younger one reads who sees what of him, and what changes at 16 (webapp/sharing/explained.py)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.auth.guards import safe_next
from webapp.clock import today
from webapp.db import get_session
from webapp.sharing import explained, services
from webapp.sharing.forms import GoalSharingForm, SharingForm

bp = Blueprint("sharing", __name__, url_prefix="/delen")


def _require_own_choice():
    if not policy.decides_own_sharing(current_user, today()):
        raise NotFound()


@bp.route("", methods=["GET", "POST"])
def choose():
    if not policy.decides_own_sharing(current_user, today()):
        return _explain()
    db = get_session()
    choice = services.choice_of(db, current_user)
    form = SharingForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        if choice:
            form.goals.data = "ja" if choice.share_goals_with_family else "nee"
            form.toekomstplan.data = "ja" if choice.share_toekomstplan_with_family else "nee"
    if form.validate_on_submit():
        services.set_choice(
            db, current_user, goals=form.goals.data == "ja", toekomstplan=form.toekomstplan.data == "ja"
        )
        db.commit()
        flash(_("Opgeslagen. Je kunt dit altijd weer veranderen."), "success")
        return redirect(safe_next(form.next.data) or url_for("sharing.choose"))
    goals = services.own_goals(db, current_user)
    return render_template(
        "sharing/choose.html",
        form=form,
        first_time=choice is None,
        back_url=None if choice is None else safe_next(form.next.data),  # the page she came from (issue 13)
        goals=goals,
        overrides=services.goal_overrides(db, current_user),
    ), 400 if form.errors else 200


def _explain():
    """Under 16 he does not choose: the same address explains who sees what (nobody else: 404, nothing to post)."""
    day = today()
    if request.method != "GET" or not explained.explains_sharing(current_user, day):
        raise NotFound()
    return render_template("sharing/explained.html", view=explained.explain(get_session(), current_user, day))


@bp.route("/doel/<int:goal_id>", methods=["POST"])
def goal(goal_id: int):
    _require_own_choice()
    db = get_session()
    if goal_id not in {g.id for g in services.own_goals(db, current_user)}:
        raise NotFound()
    form = GoalSharingForm()
    if form.validate_on_submit():
        value = {"ja": True, "nee": False}.get(form.with_family.data)
        services.set_goal_sharing(db, current_user, goal_id, with_family=value, clear_family=value is None)
        db.commit()
        flash(_("Opgeslagen. Je kunt dit altijd weer veranderen."), "success")
    return redirect(url_for("sharing.choose") + f"#doel-{goal_id}")
