"""Login, logout, password reset, two-factor and account settings. (Invitations: webapp/families/views.py.)"""

from __future__ import annotations

import logging
from functools import partial

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from webapp.auth import email_change, services, sessions, totp
from webapp.auth.forms import (
    AddressFormForm,
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmForm,
    ForgotPasswordForm,
    LoginForm,
    NewPasswordForm,
    TotpEnrolForm,
    TotpForm,
)
from webapp.auth.guards import public, safe_next
from webapp.auth.services import AccountError
from webapp.auth.signin import start_session
from webapp.db import get_session, session_scope
from webapp.demo import demo_logins
from webapp.extensions import limiter
from webapp.forms import LanguageForm
from webapp.i18n import addressed, remember_language

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)


def _login_attempts() -> str:
    return current_app.config["LOGIN_ATTEMPTS"]


def _account_key() -> str:
    """Rate-limit key per account: the e-mail typed in the form (or the logged-in user for 2FA codes)."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "account:" + services.normalise_email(request.form.get("email", ""))


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_attempts, methods=["POST"])
@limiter.limit(_login_attempts, methods=["POST"], key_func=_account_key)
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        db = get_session()
        user = services.authenticate(db, form.email.data, form.password.data)
        if user is not None:
            goto = start_session(user, remember=form.remember.data)
            return goto or redirect(safe_next(request.args.get("next")) or url_for("home.index"))
        form.password.errors.append(_("Dit e-mailadres of wachtwoord klopt niet. Probeer het nog een keer."))
        status = 401
    elif form.is_submitted():
        status = 400
    return render_login(form, status)


def render_login(form: LoginForm, status: int = 200, message: str | None = None):
    signed_out = request.args.get("signed_out") == "1"
    return (
        render_template("auth/login.html", form=form, message=message, signed_out=signed_out, demo=demo_logins()),
        status,
    )


@bp.route("/logout", methods=["POST"])
def logout():
    db = get_session()
    if current_user.is_authenticated and current_user.get_id():
        sessions.revoke(db, current_user.get_id())
        db.commit()
    logout_user()
    session.clear()
    response = redirect(url_for("auth.login", signed_out=1))
    # Wipe cached copies of pages in the browser; the service worker drops its caches too (see static/js/sw.js).
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


# --- forgotten password --------------------------------------------------------------------------------------


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@public
@limiter.limit(_login_attempts, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # The same page for every address, sent before anything depends on the address: looking it up and
        # queueing the mail (an outbox row; the worker makes the link and sends it) run once the answer has gone
        # out, so neither the answer nor its timing tells whether the address has an account.
        response = make_response(render_template("auth/forgot_sent.html"))
        response.call_on_close(
            partial(_queue_password_reset, current_app._get_current_object(), form.email.data, request.url_root)
        )
        return response
    return render_template("auth/forgot.html", form=form), 400 if form.is_submitted() else 200


def _queue_password_reset(app: Flask, email: str, base_url: str) -> None:
    try:
        with app.app_context(), session_scope(app) as db:
            services.request_password_reset(db, email, base_url)
    except Exception as error:  # the answer is gone already; the person can ask again
        log.warning("password reset not queued: %s", type(error).__name__)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    db = get_session()
    if services.valid_password_reset(db, token) is None:
        return render_template(
            "auth/link_invalid.html", problem=_("Deze link werkt niet meer. Vraag een nieuwe aan.")
        ), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(db, token, form.password.data, form.confirm.data)
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            db.commit()
            flash(_("Je wachtwoord is veranderd. Log in met je nieuwe wachtwoord."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 400 if form.errors else 200


# --- two-factor ----------------------------------------------------------------------------------------------


@bp.route("/tweestaps/controle", methods=["GET", "POST"])
@limiter.limit(_login_attempts, methods=["POST"], key_func=_account_key)
def totp_verify():
    if not current_user.totp_secret:
        return redirect(url_for("auth.totp_setup"))
    form = TotpForm()
    if form.validate_on_submit():
        db = get_session()
        if totp.verify_for_user(current_user, form.code.data):
            sessions.mark_mfa_verified(db, current_user.get_id())
            db.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
        form.code.errors.append(
            _("Deze code klopt niet of is al gebruikt. Wacht op een nieuwe code en probeer het nog een keer.")
        )
    return render_template("auth/totp_verify.html", form=form), 400 if form.errors else 200


@bp.route("/tweestaps/instellen", methods=["GET", "POST"])
@limiter.limit(_login_attempts, methods=["POST"], key_func=_account_key)
def totp_setup():
    form = TotpEnrolForm()
    replacing = bool(current_user.totp_secret)
    if replacing and g.get("auth_session") and g.auth_session.mfa_verified_at is None:
        return redirect(url_for("auth.totp_verify"))
    if request.method == "GET" or not totp.usable_secret(form.secret.data):
        form.secret.data = totp.new_secret()  # a tampered secret: the code typed cannot match the new one
    if form.validate_on_submit():
        db = get_session()
        try:
            services.enrol_totp(current_user, form.secret.data, form.code.data, form.current_password.data)
        except AccountError as error:
            form.code.errors.append(str(error))
        else:
            sessions.mark_mfa_verified(db, current_user.get_id())
            db.commit()
            flash(_("Tweestapsverificatie staat aan."), "success")
            return redirect(url_for("home.index"))
    uri = totp.provisioning_uri(form.secret.data, current_user.email)
    return render_template(
        "auth/totp_setup.html", form=form, qr=totp.qr_svg(uri), replacing=replacing
    ), 400 if form.errors else 200


# --- account settings ----------------------------------------------------------------------------------------


@bp.route("/account", methods=["GET"])
def account():
    return _render_account()


def _render_account(status: int = 200, **forms):
    language_form = forms.get("language_form") or LanguageForm(language=current_user.language)
    address_form = forms.get("address_form") or AddressFormForm(formdata=None, address_form=current_user.address_form)
    return render_template(
        "auth/account.html",
        language_form=language_form,
        address_form=address_form,
        password_form=forms.get("password_form") or ChangePasswordForm(formdata=None),
        email_form=forms.get("email_form") or ChangeEmailForm(formdata=None),
        confirm_form=ConfirmForm(),
    ), status


@bp.route("/account/taal", methods=["POST"])
def account_language():
    form = LanguageForm()
    if form.validate_on_submit():
        services.set_language(current_user, form.language.data)
        get_session().commit()
        remember_language(current_user.language)
        flash(addressed("Je taal is opgeslagen."), "success")
        return redirect(url_for("auth.account"))
    return _render_account(400, language_form=form)


@bp.route("/account/aanspreken", methods=["POST"])
def account_address_form():
    form = AddressFormForm()
    if form.validate_on_submit():
        services.set_address_form(current_user, form.address_form.data)
        get_session().commit()
        flash(addressed("Opgeslagen. Zo spreken we je aan."), "success")
        return redirect(url_for("auth.account"))
    return _render_account(400, address_form=form)


@bp.route("/account/wachtwoord", methods=["POST"])
def account_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            services.change_password(
                db,
                current_user,
                form.current_password.data,
                form.password.data,
                form.confirm.data,
                keep_token=current_user.get_id(),
            )
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            db.commit()
            flash(addressed("Je wachtwoord is veranderd. Op je andere apparaten ben je uitgelogd."), "success")
            return redirect(url_for("auth.account"))
    return _render_account(400, password_form=form)


@bp.route("/account/email", methods=["POST"])
@limiter.limit(_login_attempts, methods=["POST"], key_func=_account_key)
def account_email():
    """Ask for a new address: the same answer whether it is free or taken; it changes only after the link."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            email = email_change.request_change(db, current_user, form.current_password.data, form.email.data)
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(
                _(
                    "We hebben een e-mail gestuurd naar %(email)s. Open de link in die mail om je nieuwe adres te "
                    "bevestigen. Tot die tijd log je in met je oude adres.",
                    email=email,
                ),
                "success",
            )
            return redirect(url_for("auth.account"))
    return _render_account(400, email_form=form)


@bp.route("/account/email/bevestigen/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    db = get_session()
    form = ConfirmForm()
    try:
        confirmation = email_change.check_link(db, current_user, token)
        if form.validate_on_submit():
            email_change.confirm(db, confirmation)
            db.commit()
            flash(
                addressed("Je e-mailadres is veranderd. Je logt voortaan in met %(email)s.", email=confirmation.email),
                "success",
            )
            return redirect(url_for("auth.account"))
    except AccountError as error:
        return render_template("auth/link_invalid.html", problem=str(error), without_forgot=True), 410
    return render_template("auth/confirm_email.html", form=form, email=confirmation.email), (
        400 if form.is_submitted() else 200
    )


@bp.route("/account/andere-apparaten-uitloggen", methods=["POST"])
def logout_other_devices():
    form = ConfirmForm()
    if form.validate_on_submit():
        db = get_session()
        sessions.revoke_all(db, current_user.id, except_token=current_user.get_id())
        db.commit()
        flash(addressed("Je bent uitgelogd op al je andere apparaten."), "success")
    return redirect(url_for("auth.account"))
