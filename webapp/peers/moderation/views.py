"""Routes of the peer questions: moderation. The review queue and one post with its actions (moderators), suspensions,
identity look-ups, word lists and ervaringsdeskundigen; for members: a flag, the one-tap message to the regisseur,
what moderators decided about their posts (/moderatie/over-mij) and an invitation to be an ervaringsdeskundige."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.auth.forms import ConfirmForm
from webapp.auth.guards import safe_next
from webapp.db import get_session
from webapp.errors import render_error
from webapp.extensions import htmx
from webapp.peers.moderation import services
from webapp.peers.moderation.forms import (
    FLAG_REASONS,
    SPACE_LABELS,
    ApproveForm,
    DecideForm,
    ExpertForm,
    FlagForm,
    IdentityRequestForm,
    InvitationAnswerForm,
    ReasonForm,
    RedactForm,
    RejectForm,
    SuspendForm,
    WordForm,
)
from webapp.peers.workflow import StepNotAllowed

bp = Blueprint("moderation", __name__, url_prefix="/moderatie")


@bp.errorhandler(StepNotAllowed)
def step_not_allowed(_error):
    get_session().rollback()
    return render_error(409, _("Dit kan nu niet meer: er is intussen iets veranderd. Laad de pagina opnieuw."))


@bp.errorhandler(services.NotAllowed)
def not_allowed(error):
    get_session().rollback()
    return render_error(409, str(error))


def _partial_wanted() -> bool:
    return bool(htmx and not htmx.boosted)


def _back(default: str) -> str:
    return safe_next(request.form.get("next")) or default


# --- members: flag, help, decisions, invitation ---------------------------------------------------------------


@bp.route("/vlag/<int:post_id>", methods=["POST"])
def flag(post_id: int):
    db = get_session()
    form = FlagForm()
    if not form.validate_on_submit():
        return render_error(400, _("Er ging iets mis met het formulier. Laad de pagina opnieuw."))
    result = services.flag(db, current_user, post_id, form.reason.data or "")
    db.commit()
    if _partial_wanted():
        return render_template(
            "peers/moderation/_flag.html", post=result.post, flagged_ids={post_id}, just_flagged=True
        )
    flash(_("Dank je. Een moderator kijkt naar dit bericht."), "success")
    return redirect(_back(url_for("moderation.mine")))


@bp.route("/hulp", methods=["POST"])
def ask_regisseur():
    """The one-tap message of the crisis help: "please contact me" to her own regisseur."""
    db = get_session()
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_error(400, _("Er ging iets mis met het formulier. Laad de pagina opnieuw."))
    conversation_id = services.message_regisseur(db, current_user)
    if conversation_id is None:
        flash(_("Je hebt nog geen regisseur in OnsPlan. Bel een van de nummers hieronder."), "info")
        return redirect(url_for("moderation.mine"))
    flash(_("Je bericht is naar je regisseur gestuurd. Hij of zij neemt contact met je op."), "success")
    return redirect(url_for("messages.show", conversation_id=conversation_id))


@bp.route("/over-mij")
def mine():
    db = get_session()
    return render_template(
        "peers/moderation/mine.html",
        notices=services.notices(db, current_user),
        crisis=services.crisis_help(db, current_user),
        space_labels=SPACE_LABELS,
    )


def _invitation_page(invite_id: int, form: InvitationAnswerForm | None = None, status: int = 200):
    invite = services.invitation_for(get_session(), current_user, invite_id)
    return render_template(
        "peers/moderation/invitation.html",
        invite=invite,
        form=form or InvitationAnswerForm(formdata=None),
        space_labels=SPACE_LABELS,
    ), status


@bp.route("/uitnodiging/<int:invite_id>")
def invitation(invite_id: int):
    return _invitation_page(invite_id)


@bp.route("/uitnodiging/<int:invite_id>", methods=["POST"])
def answer_invitation(invite_id: int):
    db = get_session()
    form = InvitationAnswerForm()
    if not form.validate_on_submit():
        return _invitation_page(invite_id, form, 400)
    invite = services.answer_invitation(db, current_user, invite_id, form.answer.data == "ja")
    db.commit()
    if invite.accepted:
        flash(_("Welkom als ervaringsdeskundige. Je kunt nu antwoorden aanbevelen."), "success")
    else:
        flash(_("Je hebt nee gezegd. Er verandert niets voor jou."), "info")
    return redirect(url_for("moderation.mine"))


# --- moderators: the queue and one post -----------------------------------------------------------------------


@bp.route("")
def index():
    db = get_session()
    items = services.queue(db, current_user)
    return render_template("peers/moderation/queue.html", items=items, groups=services.GROUP_ORDER)


ACTION_FORMS = {
    "approve": ApproveForm,
    "reject": RejectForm,
    "redact": RedactForm,
    "hide": ReasonForm,
    "restore": ReasonForm,
    "lock": ReasonForm,
    "unlock": ReasonForm,
}


def _post_page(post_id: int, forms: dict | None = None, status: int = 200, open_action: str | None = None):
    """One post for a moderator; every form has its own prefix (each has a reason field: ids stay unique)."""
    db = get_session()
    detail = services.post_detail(db, current_user, post_id)
    forms = forms or {}

    def form(name: str, form_class, **data):
        return forms.get(name) or form_class(formdata=None, prefix=name, **data)

    return render_template(
        "peers/moderation/post.html",
        detail=detail,
        post=detail.post,
        approve_form=form("approve", ApproveForm),
        reject_form=form("reject", RejectForm),
        redact_form=form("redact", RedactForm, title=detail.post.title, body=detail.post.body),
        reason_forms={name: form(name, ReasonForm) for name in ("hide", "restore", "lock", "unlock")},
        suspend_form=form("suspend", SuspendForm),
        identity_form=form("identity", IdentityRequestForm),
        open_action=open_action,
        space_labels=SPACE_LABELS,
        flag_reasons=FLAG_REASONS,
    ), status


@bp.route("/bericht/<int:post_id>")
def post(post_id: int):
    return _post_page(post_id)


@bp.route("/bericht/<int:post_id>/<action>", methods=["POST"])
def act(post_id: int, action: str):
    db = get_session()
    services.post_detail(db, current_user, post_id)  # 404 first for anyone but a moderator
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        return render_error(404)
    form = form_class(prefix=action)
    if not form.validate_on_submit():
        return _post_page(post_id, {action: form}, 400, action)
    try:
        services.act(
            db,
            current_user,
            post_id,
            action,
            reason=form.reason.data or "",
            note=form.note.data or "" if hasattr(form, "note") else "",
            title=form.title.data if hasattr(form, "title") else None,
            body=form.body.data if hasattr(form, "body") else None,
        )
    except services.ModerationError as problem:
        db.rollback()
        getattr(form, problem.field or "reason").errors = [str(problem)]
        return _post_page(post_id, {action: form}, 400, action)
    db.commit()
    flash(_("Gedaan. Het staat in het logboek."), "success")
    return redirect(url_for("moderation.post", post_id=post_id))


@bp.route("/lid/<int:member_id>/schorsen", methods=["POST"])
def suspend(member_id: int):
    db = get_session()
    services.member_for_moderator(db, current_user, member_id)
    form = SuspendForm(prefix="suspend")
    post_id = request.form.get("post_id", type=int)
    if not form.validate_on_submit():
        if post_id:
            return _post_page(post_id, {"suspend": form}, 400, "suspend")
        return render_error(400, _("Niet alles is goed ingevuld."))
    try:
        services.suspend(db, current_user, member_id, int(form.days.data), form.reason.data, form.note.data or "")
    except services.ModerationError as problem:
        db.rollback()
        getattr(form, problem.field or "reason").errors = [str(problem)]
        if post_id:
            return _post_page(post_id, {"suspend": form}, 400, "suspend")
        return render_error(400, str(problem))
    db.commit()
    flash(_("Gedaan. Het staat in het logboek."), "success")
    return redirect(url_for("moderation.post", post_id=post_id) if post_id else url_for("moderation.index"))


# --- identity look-ups ----------------------------------------------------------------------------------------


@bp.route("/lid/<int:member_id>/identiteit", methods=["POST"])
def request_identity(member_id: int):
    db = get_session()
    services.member_for_moderator(db, current_user, member_id)
    form = IdentityRequestForm(prefix="identity")
    post_id = request.form.get("post_id", type=int)
    if form.validate_on_submit():
        try:
            services.request_identity(db, current_user, member_id, form.reason.data)
        except services.ModerationError as problem:
            db.rollback()
            form.reason.errors = [str(problem)]
        else:
            db.commit()
            flash(_("Je vraag is verstuurd. Een andere moderator beslist."), "success")
            return redirect(url_for("moderation.identity"))
    if post_id:
        return _post_page(post_id, {"identity": form}, 400, "identity")
    return render_error(400, " ".join(str(error) for error in form.reason.errors))


@bp.route("/identiteit")
def identity():
    db = get_session()
    return render_template(
        "peers/moderation/identity.html",
        views=services.identity_requests(db, current_user),
        decide_form=DecideForm(formdata=None),
        confirm=ConfirmForm(formdata=None),
        space_labels=SPACE_LABELS,
    )


@bp.route("/identiteit/<int:request_id>/besluit", methods=["POST"])
def decide_identity(request_id: int):
    db = get_session()
    services.require_moderator(current_user)
    form = DecideForm()
    if not form.validate_on_submit():
        flash(_("Kies ja of nee."), "info")
        return redirect(url_for("moderation.identity"))
    services.decide_identity(db, current_user, request_id, form.decision.data == "ja")
    db.commit()
    flash(_("Je besluit is bewaard. De vrager krijgt een bericht."), "success")
    return redirect(url_for("moderation.identity"))


@bp.route("/identiteit/<int:request_id>/bekijken", methods=["POST"])
def reveal_identity(request_id: int):
    """The name is shown on this one answer only (not on a page that can be opened again)."""
    db = get_session()
    services.require_moderator(current_user)
    if not ConfirmForm().validate_on_submit():
        return render_error(400, _("Er ging iets mis met het formulier. Laad de pagina opnieuw."))
    revealed = services.reveal_identity(db, current_user, request_id)
    db.commit()
    response = render_template("peers/moderation/revealed.html", revealed=revealed, space_labels=SPACE_LABELS)
    return response, 200, {"Cache-Control": "no-store"}


# --- word lists -----------------------------------------------------------------------------------------------


def _words_page(form: WordForm | None = None, status: int = 200):
    db = get_session()
    return render_template(
        "peers/moderation/words.html",
        lists=services.word_lists(db, current_user),
        form=form or WordForm(formdata=None),
        confirm=ConfirmForm(formdata=None),
    ), status


@bp.route("/woorden")
def words():
    return _words_page()


@bp.route("/woorden", methods=["POST"])
def add_word():
    db = get_session()
    services.require_moderator(current_user)
    form = WordForm()
    if not form.validate_on_submit():
        return _words_page(form, 400)
    try:
        services.add_word(db, current_user, form.language.data, form.phrase.data)
    except services.ModerationError as problem:
        db.rollback()
        getattr(form, problem.field or "phrase").errors = [str(problem)]
        return _words_page(form, 400)
    db.commit()
    flash(_("Het woord staat op de lijst. Nieuwe berichten met dit woord wachten op een moderator."), "success")
    return redirect(url_for("moderation.words"))


@bp.route("/woorden/<int:word_id>/weg", methods=["POST"])
def remove_word(word_id: int):
    db = get_session()
    services.require_moderator(current_user)
    if not ConfirmForm().validate_on_submit():
        return render_error(400, _("Er ging iets mis met het formulier. Laad de pagina opnieuw."))
    services.remove_word(db, current_user, word_id)
    db.commit()
    flash(_("Het woord is van de lijst gehaald."), "success")
    return redirect(url_for("moderation.words"))


# --- ervaringsdeskundigen -------------------------------------------------------------------------------------


def _experts_page(form: ExpertForm | None = None, status: int = 200):
    db = get_session()
    return render_template(
        "peers/moderation/experts.html",
        overview=services.experts(db, current_user),
        form=form or ExpertForm(formdata=None),
        space_labels=SPACE_LABELS,
    ), status


@bp.route("/ervaringsdeskundigen")
def experts():
    return _experts_page()


@bp.route("/ervaringsdeskundigen", methods=["POST"])
def invite_expert():
    db = get_session()
    services.require_moderator(current_user)
    form = ExpertForm()
    if not form.validate_on_submit():
        return _experts_page(form, 400)
    try:
        services.invite_expert(db, current_user, form.email.data, form.space.data, form.reason.data)
    except services.ModerationError as problem:
        db.rollback()
        getattr(form, problem.field or "email").errors = [str(problem)]
        return _experts_page(form, 400)
    db.commit()
    flash(_("De uitnodiging is verstuurd. De persoon zegt zelf ja of nee in OnsPlan."), "success")
    return redirect(url_for("moderation.experts"))
