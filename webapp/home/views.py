"""Home: each role lands here and sees what exists for them: their family and plan, their toekomstplan, their
regisseur, or (for a regisseur) the caseload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from webapp.auth import policy
from webapp.auth.guards import public
from webapp.caseload.services import CaseloadRow, caseload
from webapp.clock import age_on, today
from webapp.db import get_session
from webapp.home import reads
from webapp.home.links import Links
from webapp.home.now import NowItem, items_for
from webapp.home.text import format_date
from webapp.intake import services as intake
from webapp.kept_html import kept_template
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
    user = current_user._get_current_object()  # read many times below: not through the proxy each time
    own = reads.member_families(db, user.id)
    birth = user.birth_date
    has_future = user.has_role(Role.JONGERE) and has_toekomstplan_age(user, day)
    respite_home = respite.home(db, user, is_carer=any(policy.is_respite_carer(user, family) for family in own))
    peers_home = peers.home(db, user)
    is_regisseur = user.has_role(Role.REGISSEUR)
    return render_template(
        "home/index.html",
        own_families=own,
        caseload_html=_caseload_html(caseload(db, user), day) if is_regisseur else "",
        is_regisseur=is_regisseur,
        can_manage_accounts=policy.can_manage_accounts(user),
        has_future=has_future,
        future_prominent=has_future and age_on(birth, day) >= PROMINENT_AGE,
        days_to_18=(eighteenth_birthday(birth) - day).days if has_future else None,
        today=day,
        jim=_jim(db, user, day),
        now_html=_now_html(items_for(db, user, respite=respite_home, peers=peers_home)),
        respite=respite_home,
        peers=peers_home,
        intake=intake.home(db, user),
    )


@dataclass(frozen=True, slots=True)
class _CaseloadLinks:
    """The caseload's links per family, youth and data request, from one pattern each (webapp/home/links.py)."""

    plan: Links
    toekomstplan: Links
    data_request: Links


CASELOAD_LINKS = _CaseloadLinks(
    Links("plan_editor.edit", "family_id"),
    Links("toekomstplan.show", "youth_id"),
    Links("owndata.show_request", "request_id"),
)


def _caseload_html(rows: list[CaseloadRow], day: date) -> Markup:
    """The caseload table (templates/home/_caseload.html), rendered once for the same rows and day: its dozens of
    rows cost more to render than to read. The rows are frozen and hold everything the table shows."""
    context = {
        "is_regisseur": True,
        "caseload": rows,
        "today": day,
        "caseload_links": CASELOAD_LINKS,
        "format_day": format_date,
    }
    return kept_template("home/_caseload.html", (day, tuple(rows)), lambda: context)


def _now_html(items: list[NowItem]) -> Markup:
    """'Nu voor jou' (templates/home/_now.html), rendered once for the same lines (frozen, with their links) and time
    zone (its times are shown in local time)."""
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    return kept_template("home/_now.html", (zone, tuple(items)), lambda: {"now_items": items})


def _jim(db, user, day) -> dict:
    """What this person has to do with JIM mentors: her own mentor and the youths he mentors (choices to support
    and mentors waiting for the regisseur's decision are items of 'Nu voor jou': webapp/home/now.py)."""
    youth = policy.can_nominate_mentor(user, day)
    mine = reads.open_mentorship(db, user.id) if youth else None
    return {
        "youth": youth,
        "mine": mine,
        "my_mentor": mine.mentor if mine else None,  # hers to see (policy.can_view_mentorship: the youth herself)
        "mentees": reads.mentees(db, user.id) if user.has_role(Role.MENTOR) else [],
    }
