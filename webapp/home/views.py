"""Home: each role lands here and sees its family, its regisseur, or its caseload."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from webapp.auth import policy
from webapp.auth.guards import public
from webapp.clock import today
from webapp.db import get_session
from webapp.families.services import families_for
from webapp.models import Role

bp = Blueprint("home", __name__)


@bp.route("/")
@public
def root():
    return redirect(url_for("home.index" if current_user.is_authenticated else "auth.login"))


@bp.route("/home")
def index():
    families = families_for(get_session(), current_user)
    caseload = [f for f in families if policy.is_regisseur_of(current_user, f)]
    own = [f for f in families if policy.is_member_of(current_user, f)]
    return render_template(
        "home/index.html",
        own_families=own,
        caseload=caseload,
        is_regisseur=current_user.has_role(Role.REGISSEUR),
        can_manage_accounts=policy.can_manage_accounts(current_user),
        today=today(),
    )
