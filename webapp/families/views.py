"""Family pages: what a family looks like to its members and its regisseur, and inviting people into it."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.auth import policy
from webapp.auth.forms import ConfirmForm
from webapp.auth.services import AccountError
from webapp.auth.totp import qr_svg
from webapp.clock import today
from webapp.db import get_session
from webapp.families import services
from webapp.families.forms import InviteForm
from webapp.i18n import current_language
from webapp.models import Relation

bp = Blueprint("families", __name__, url_prefix="/gezinnen")


def _render_family(family, status: int = 200, **extra):
    db = get_session()
    manages = policy.can_manage_family(current_user, family)
    return render_template(
        "families/family.html",
        family=family,
        manages=manages,
        pending=services.pending_invitations(db, family) if manages else {},
        today=today(),
        confirm_form=ConfirmForm(),
        **extra,
    ), status


@bp.route("/<int:family_id>")
def show(family_id: int):
    family = services.get_family(get_session(), current_user, family_id)
    return _render_family(family)


@bp.route("/<int:family_id>/uitnodigen", methods=["GET", "POST"])
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


@bp.route("/<int:family_id>/uitnodigen/<int:person_id>/nieuwe-link", methods=["POST"])
def renew_invitation(family_id: int, person_id: int):
    db = get_session()
    family = services.get_managed_family(db, current_user, family_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _render_family(family, 400)
    result = services.renew_invitation(db, current_user, family, person_id)
    db.commit()
    return _render_invitation(family, result), 201


def _render_invitation(family, result: services.InviteResult):
    link = url_for("auth.accept_invitation", token=result.token, _external=True) if result.token else None
    return render_template(
        "families/invitation_link.html",
        family=family,
        person=result.person,
        link=link,
        qr=qr_svg(link) if link else None,
        message=None if link else _("%(name)s had al een account en hoort nu bij dit gezin.", name=result.person.name),
    )
