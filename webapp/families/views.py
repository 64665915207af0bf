"""Family pages: what a family looks like to its members and its regisseur, inviting people into it, and (blueprint
`joining`) the invited person's side: the link, and "Uitnodigingen" where someone with an account says yes."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.auth import policy
from webapp.auth.forms import AcceptInvitationForm, ConfirmForm
from webapp.auth.guards import public
from webapp.auth.services import AccountError
from webapp.auth.signin import start_session
from webapp.auth.totp import qr_svg
from webapp.clock import today
from webapp.db import get_session
from webapp.extensions import limiter
from webapp.families import joining, services
from webapp.families.forms import InviteForm
from webapp.i18n import current_language
from webapp.models import Relation

bp = Blueprint("families", __name__, url_prefix="/gezinnen")
joining_bp = Blueprint("joining", __name__)


def _render_family(family, status: int = 200, **extra):
    db = get_session()
    manages = policy.can_manage_family(current_user, family)
    return render_template(
        "families/family.html",
        family=family,
        manages=manages,
        invitations=services.open_invitations(db, current_user, family),
        invitation_state=services.invitation_state,
        today=today(),
        confirm_form=ConfirmForm(),
        **extra,
    ), status


@bp.route("/<int:family_id>")
def show(family_id: int):
    db = get_session()
    family = services.open_family(db, current_user, family_id)
    db.commit()
    return _render_family(family)


def _invitations_per_hour() -> str:
    return current_app.config["INVITATIONS_PER_HOUR"]


def _per_user() -> str:
    return f"user:{current_user.id}"


def _login_attempts() -> str:
    return current_app.config["LOGIN_ATTEMPTS"]


@bp.route("/<int:family_id>/uitnodigen", methods=["GET", "POST"])
@limiter.limit(_invitations_per_hour, methods=["POST"], key_func=_per_user)
def invite(family_id: int):
    db = get_session()
    family = services.get_managed_family(db, current_user, family_id)
    form = InviteForm()
    if not form.is_submitted():
        form.language.data = current_language()
    if form.validate_on_submit():
        try:
            result = services.invite_to_family(
                db,
                current_user,
                family,
                name=form.name.data,
                email=form.email.data,
                relation=Relation(form.relation.data),
                birth_date=form.birth_date.data,
                language=form.language.data,
            )
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.commit()
            return _render_invitation(family, result), 201
    return render_template("families/invite.html", family=family, form=form), 400 if form.errors else 200


@bp.route("/<int:family_id>/uitnodigingen/<int:invitation_id>/nieuwe-link", methods=["POST"])
def renew_invitation(family_id: int, invitation_id: int):
    db = get_session()
    family = services.get_managed_family(db, current_user, family_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _render_family(family, 400)
    result = services.renew_invitation(db, current_user, family, invitation_id)
    db.commit()
    return _render_invitation(family, result), 201


def _render_invitation(family, result: services.InviteResult):
    link = url_for("joining.accept", token=result.token, _external=True)
    return render_template("families/invitation_link.html", family=family, name=result.name, link=link, qr=qr_svg(link))


# --- the invited person's side -------------------------------------------------------------------------------


@joining_bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_login_attempts, methods=["POST"])
def accept(token: str):
    """The link from the regisseur. Someone new chooses a password here; someone with an account logs in and answers
    under "Uitnodigingen". The page looks the same whether or not the address has an account."""
    db = get_session()
    check = joining.check_link(db, token)
    if check.invitation is None:
        return render_template("auth/link_invalid.html", problem=check.problem), 410
    if current_user.is_authenticated:
        if current_user.email == check.invitation.email:
            return redirect(url_for("joining.index"))
        return render_template("families/invitation_other_account.html"), 409
    form = AcceptInvitationForm()
    if request.method == "GET":
        form.language.data = check.invitation.language or current_language()
    if request.form.get("decline") and ConfirmForm().validate_on_submit():
        joining.decline_link(db, token)
        db.commit()
        return render_template("families/invitation_declined.html")
    if form.validate_on_submit():
        try:
            user = joining.create_account(db, token, form.password.data, form.confirm.data, form.language.data)
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            db.commit()
            goto = start_session(user)
            flash(_("Welkom bij OnsPlan, %(name)s!", name=user.first_name), "success")
            return goto or redirect(url_for("home.index"))
    return render_template(
        "auth/accept_invitation.html", form=form, invitation=check.invitation, token=token
    ), 400 if form.errors else 200


@joining_bp.route("/uitnodigingen")
def index():
    db = get_session()
    return render_template(
        "families/invitations.html",
        mine=joining.invitations_for(db, current_user),
        to_consent=joining.consent_requests_for(db, current_user),
        form=ConfirmForm(),
    )


@joining_bp.route("/uitnodigingen/<int:invitation_id>/antwoord", methods=["POST"])
def answer(invitation_id: int):
    db = get_session()
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("joining.index"))
    state = joining.answer(db, current_user, invitation_id, yes=request.form.get("answer") == "ja")
    db.commit()
    flash(_JOIN_MESSAGES[state](), "success")
    return redirect(url_for("home.index") if state == "geaccepteerd" else url_for("joining.index"))


@joining_bp.route("/uitnodigingen/<int:invitation_id>/toestemming", methods=["POST"])
def consent(invitation_id: int):
    db = get_session()
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("joining.index"))
    yes = request.form.get("answer") == "ja"
    view = joining.answer_as_carer(db, current_user, invitation_id, yes=yes)
    db.commit()
    if yes:
        flash(_("%(name)s hoort nu ook bij gezin %(family)s.", name=view.youth.first_name, family=view.family.name), "success")
    else:
        flash(_("Je hebt nee gezegd. %(name)s wordt niet toegevoegd.", name=view.youth.first_name), "success")
    return redirect(url_for("joining.index"))


_JOIN_MESSAGES = {
    "geaccepteerd": lambda: _("Je hoort nu bij het gezin. Je ziet het op je startpagina."),
    "wacht-op-ouder": lambda: _("Je hebt ja gezegd. Nu moet je ouder met gezag nog akkoord geven."),
    "afgewezen": lambda: _("Je hebt de uitnodiging afgewezen. Je regisseur ziet dat."),
}
