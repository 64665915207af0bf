"""Routes of Steuntje in de rug: the public aanmeldpunt (sign-up, thank-you page) and the account link a steungezin
or steunouder gets by mail at the end."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.auth.guards import public
from webapp.auth.services import AccountError
from webapp.auth.signin import start_session
from webapp.auth.tokens import hash_token
from webapp.db import get_session
from webapp.extensions import limiter
from webapp.i18n import current_language
from webapp.respite import choices
from webapp.respite.signup import services
from webapp.respite.signup.forms import KIND_EXPLAINED, AccountForm, SignupForm, gemeente_choices

bp = Blueprint("aanmelden", __name__, url_prefix="/aanmelden")
SESSION_KEY = "aanmelding"  # what the thank-you page needs: the kind and where a sign-up was sent


def _signups_per_hour() -> str:
    return current_app.config.get("RESPITE_SIGNUPS_PER_HOUR", "5 per hour")


def _attempts() -> str:
    return current_app.config["LOGIN_ATTEMPTS"]


def _link_key() -> str:
    """Rate-limit key per account link, so passwords cannot be tried through one link from many places."""
    return "aanmelden:" + hash_token((request.view_args or {}).get("token", ""))


def _form_page(form: SignupForm, status: int = 200):
    return render_template(
        "respite/signup/signup.html",
        form=form,
        kinds=choices.HOUSEHOLD_KINDS,
        explained=KIND_EXPLAINED,
    ), status


@bp.route("", methods=["GET", "POST"])
@public
@limiter.limit(_signups_per_hour, methods=["POST"])
def signup():
    db = get_session()
    form = SignupForm()
    form.gemeente.choices = gemeente_choices(services.gemeenten(db))
    if request.method == "GET":
        return _form_page(form)
    if form.caught:
        # A robot: the same thank-you page, and nothing is stored.
        kind = form.kind.data if form.kind.data in choices.HOUSEHOLD_KINDS else "steungezin"
        session[SESSION_KEY] = {"kind": kind, "routed_to": None}
        return redirect(url_for("aanmelden.thanks"))
    if not form.validate():
        return _form_page(form, 400)
    try:
        household = services.create_household(db, form.to_data())
        path = services.issue_account_link(db, household) if household.kind in services.VOLUNTEER_KINDS else None
    except services.SignupError as problem:
        db.rollback()
        field = getattr(form, problem.field, None) if problem.field else None
        if field is not None:
            field.errors = [*field.errors, str(problem)]
        else:
            form.form_errors.append(str(problem))
        return _form_page(form, 400)
    db.commit()
    if path:
        services.mail_account_link(household, path)
    session[SESSION_KEY] = {"kind": household.kind, "routed_to": household.routed_to_id}
    return redirect(url_for("aanmelden.thanks"))


@bp.route("/bedankt")
@public
def thanks():
    remembered = session.get(SESSION_KEY)
    if not isinstance(remembered, dict):
        return redirect(url_for("aanmelden.signup"))
    outcome = services.outcome_for(get_session(), str(remembered.get("kind")), remembered.get("routed_to"))
    return render_template("respite/signup/thanks.html", outcome=outcome, kinds=choices.HOUSEHOLD_KINDS)


# --- the account link (mailed to a steungezin or steunouder) ---------------------------------------------------


def _invalid(problem: str):
    return render_template("auth/link_invalid.html", problem=problem, without_forgot=True), 410


def _account_page(token: str, household, form: AccountForm | None = None, error: str | None = None, status=200):
    db = get_session()
    if form is None:
        form = AccountForm()
        form.language.data = current_language()
    return render_template(
        "respite/signup/account.html",
        token=token,
        household=household,
        form=form,
        error=error,
        has_account=services.address_has_account(db, household),
    ), status


@bp.route("/account/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_attempts, methods=["POST"])
@limiter.limit(_attempts, methods=["POST"], key_func=_link_key)
def account(token: str):
    """Choose a password (a new address), or log in first and then say yes to linking (an existing account)."""
    db = get_session()
    try:
        household = services.check_account_link(db, token)
    except services.LinkInvalid as invalid:
        return _invalid(invalid.problem)
    if request.method == "GET" or current_user.is_authenticated:
        return _account_page(token, household)
    form = AccountForm()
    if not form.validate_on_submit():
        return _account_page(token, household, form=form, status=400)
    try:
        user = services.create_account(
            db, token, password=form.password.data, confirm=form.confirm.data, language=form.language.data
        )
    except services.LinkInvalid as invalid:
        return _invalid(invalid.problem)
    except (AccountError, services.SignupError) as problem:
        db.rollback()
        form.password.errors = [*form.password.errors, str(problem)]
        return _account_page(token, household, form=form, status=400)
    db.commit()
    start_session(user)
    flash(
        _("Welkom bij OnsPlan, %(name)s! Het meldpunt belt u voor een eerste gesprek.", name=user.first_name), "success"
    )
    return redirect(url_for("home.index"))


@bp.route("/account/<token>/koppelen", methods=["POST"])
@public
@limiter.limit(_attempts, methods=["POST"], key_func=_link_key)
def link(token: str):
    """A logged-in person says yes: this sign-up belongs to my account."""
    db = get_session()
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=url_for("aanmelden.account", token=token)))
    try:
        services.link_account(db, token, current_user)
    except services.LinkInvalid as invalid:
        return _invalid(invalid.problem)
    except services.SignupError as problem:
        db.rollback()
        return _account_page(token, services.check_account_link(db, token), error=str(problem), status=400)
    db.commit()
    flash(_("Uw aanmelding hoort nu bij uw account. Het meldpunt belt u voor een eerste gesprek."), "success")
    return redirect(url_for("home.index"))
