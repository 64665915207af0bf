"""Home: each role lands here and sees what exists for them: their family and plan, their toekomstplan, their
regisseur, or (for a regisseur) the caseload."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from webapp.auth import policy
from webapp.auth.guards import public
from webapp.caseload.services import caseload
from webapp.clock import age_on, today
from webapp.db import get_session
from webapp.families.services import member_families
from webapp.home.now import items_for
from webapp.mentors import services as mentors
from webapp.models import Role
from webapp.peers import services as peers
from webapp.respite import services as respite
from webapp.toekomstplan.checklist import eighteenth_birthday
from webapp.toekomstplan.services import PROMINENT_AGE, has_toekomstplan_age

bp = Blueprint("home", __name__)


@bp.route("/")
@public
def root():
    return redirect(url_for("home.index" if current_user.is_authenticated else "auth.login"))


@bp.route("/home")
def index():
    db = get_session()
    day = today()
    own = member_families(db, current_user)
    birth = current_user.birth_date
    has_future = current_user.has_role(Role.JONGERE) and has_toekomstplan_age(current_user, day)
    respite_home = respite.home(
        db, current_user, is_carer=any(policy.is_respite_carer(current_user, family) for family in own)
    )
    peers_home = peers.home(db, current_user)
    return render_template(
        "home/index.html",
        own_families=own,
        caseload=caseload(db, current_user),
        is_regisseur=current_user.has_role(Role.REGISSEUR),
        can_manage_accounts=policy.can_manage_accounts(current_user),
        has_future=has_future,
        future_prominent=has_future and age_on(birth, day) >= PROMINENT_AGE,
        days_to_18=(eighteenth_birthday(birth) - day).days if has_future else None,
        today=day,
        jim=_jim(db, day),
        now_items=items_for(db, current_user, respite=respite_home, peers=peers_home),
        respite=respite_home,
        peers=peers_home,
    )


def _jim(db, day) -> dict:
    """What this person has to do with JIM mentors: her own mentor and the youths he mentors (choices to support
    and mentors waiting for the regisseur's decision are items of 'Nu voor jou': webapp/home/now.py)."""
    youth = policy.can_nominate_mentor(current_user, day)
    mine = mentors.open_for_youth(db, current_user) if youth else None
    return {
        "youth": youth,
        "mine": mine,
        "my_mentor": mentors.get(db, current_user, mine.id).mentor if mine and mine.mentor_id else None,
        "mentees": mentors.for_mentor(db, current_user) if current_user.has_role(Role.MENTOR) else [],
    }
