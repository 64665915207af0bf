"""JIM mentor pages: the youth's "Mijn mentor", the nominee's invitation, and the mentorship page that the
regisseur (decides), the parents (support) and the mentor (sees what the youth shares) each see their part of."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from webapp.appointments import services as appointments
from webapp.audit import services as audit
from webapp.auth import policy
from webapp.auth.forms import ConfirmForm
from webapp.auth.guards import public
from webapp.auth.services import AccountError
from webapp.auth.signin import start_session
from webapp.auth.tokens import hash_token
from webapp.auth.totp import qr_svg
from webapp.clock import today
from webapp.db import get_session
from webapp.errors import render_error
from webapp.extensions import htmx, limiter
from webapp.i18n import addressed, current_language
from webapp.mentors import reads, services
from webapp.mentors.forms import DeclineForm, MentorPasswordForm, NewMentorAccountForm, NominateForm, SupportForm
from webapp.mentors.workflow import STEPS, StepNotAllowed
from webapp.messages import services as messages
from webapp.models import OPEN_STATUSES, AuditAction, MentorshipStatus

bp = Blueprint("mentors", __name__)
OBJECT_TYPE = "mentorschap"


@bp.errorhandler(StepNotAllowed)
def step_not_allowed(_error):
    get_session().rollback()
    return render_error(409, _("Dit kan nu niet meer: er is intussen iets veranderd. Laad de pagina opnieuw."))


# --- the youth ---------------------------------------------------------------------------------------------------


def _youth_page():
    """Her mentorship in progress or her latest, read as plain rows (webapp/mentors/reads.py)."""
    db = get_session()
    day = today()
    view = reads.latest_of_youth(db, current_user, day)
    current = view.mentorship if view and reads.is_open(view.mentorship) else None
    active = view if view and view.mentorship.status == MentorshipStatus.ACTIEF else None
    steps_shown = current is not None and active is None
    conversations = _conversations_for(db, active) if active else {}
    return render_template(
        "mentors/mine.html",
        view=view,
        current=current,
        steps=STEPS,
        history={e.to_status: e for e in reads.history(db, current.id)} if steps_shown else {},
        goals=reads.own_goals(db, current_user.id, active.family.id) if active else [],
        agenda=appointments.agenda(db, current_user, mentorship_id=active.mentorship.id) if active else None,
        family=view.family if view else reads.youth_family(db, current_user.id),
        conversations=conversations,
        parents_must_support=policy.parents_must_support(current_user, day),
    )


def _require_youth() -> None:
    if not policy.can_nominate_mentor(current_user, today()):
        raise NotFound()


@bp.route("/mentor")
def mine():
    _require_youth()
    return _youth_page()


@bp.route("/mentor/kiezen", methods=["GET", "POST"])
def nominate():
    _require_youth()
    db = get_session()
    if services.open_for_youth(db, current_user) is not None:
        return redirect(url_for("mentors.mine"))
    form = NominateForm()
    error = None
    if form.validate_on_submit():
        try:
            mentorship, token = services.nominate(
                db,
                current_user,
                name=form.name.data,
                relation=form.relation.data,
                contact=form.contact.data,
                motivation=form.motivation.data,
            )
        except services.MentorError as problem:
            db.rollback()
            if problem.field:
                getattr(form, problem.field).errors = [str(problem)]
            else:
                error = str(problem)
        else:
            db.commit()
            return _invitation_link(mentorship, token)
    status = 400 if form.errors or error else 200
    return render_template("mentors/nominate.html", form=form, error=error), status


def _invitation_link(mentorship, token: str):
    link = url_for("mentors.invitation", token=token, _external=True)
    return render_template(
        "mentors/invitation_link.html",
        mentorship=mentorship,
        link=link,
        qr=qr_svg(link),
        share_text=_("Wil jij mijn JIM-mentor zijn? Lees hier wat dat is:"),
        language_next=url_for("mentors.mine"),  # the link is shown once: a language switch goes back to the steps
    )


@bp.route("/mentor/<int:mentorship_id>/nieuwe-link", methods=["POST"])
def new_link(mentorship_id: int):
    _require_youth()
    db = get_session()
    token = services.invite(db, current_user, mentorship_id)
    db.commit()
    return _invitation_link(services.get(db, current_user, mentorship_id).mentorship, token)


@bp.route("/mentor/doelen/<int:goal_id>", methods=["POST"])
def share_goal(goal_id: int):
    """The youth chooses, per goal, whether her mentor sees it (htmx swaps the one row)."""
    _require_youth()
    db = get_session()
    shared = request.form.get("gedeeld") == "ja"
    services.share_goal_with_mentor(db, current_user, goal_id, shared)
    db.commit()
    if htmx and not htmx.boosted:
        goal = next(g for g, _s in services.own_goals_with_sharing(db, current_user) if g["id"] == goal_id)
        mentorship = services.open_for_youth(db, current_user)
        mentor = services.get(db, current_user, mentorship.id).mentor if mentorship else None
        return render_template(
            "mentors/_partials/_goal_share.html", goal=goal, shared=shared, mentor=mentor, saved=True
        )
    flash(_("Opgeslagen."), "success")
    return redirect(url_for("mentors.mine") + f"#doel-{goal_id}")


# --- the nominee (a public link) -----------------------------------------------------------------------------


def _invitation_page(token: str, form: NewMentorAccountForm | None = None, error: str | None = None, status=200):
    db = get_session()
    try:
        _link, mentorship, youth = services.check_link(db, token)
    except services.LinkInvalid as invalid:
        return render_template("auth/link_invalid.html", problem=invalid.problem, without_forgot=True), 410
    if form is None:
        form = NewMentorAccountForm()
        form.language.data = current_language()
        form.name.data = mentorship.nominee_name
        if "@" in mentorship.contact:
            form.email.data = mentorship.contact
    return render_template(
        "mentors/invitation.html", token=token, mentorship=mentorship, youth=youth, form=form, error=error
    ), status


@bp.route("/jim/<token>")
@public
def invitation(token: str):
    return _invitation_page(token)


def _attempts() -> str:
    return current_app.config["LOGIN_ATTEMPTS"]


def _link_key() -> str:
    """Rate-limit key per invitation link, so many addresses cannot be tried through one link from many places."""
    return "jim:" + hash_token((request.view_args or {}).get("token", ""))


@bp.route("/jim/<token>/ja", methods=["POST"])
@public
@limiter.limit(_attempts, methods=["POST"])
@limiter.limit(_attempts, methods=["POST"], key_func=_link_key)
def accept(token: str):
    db = get_session()
    if current_user.is_authenticated:
        try:
            mentorship = services.accept(db, token, current_user)
        except services.LinkInvalid as invalid:
            return render_template("auth/link_invalid.html", problem=invalid.problem, without_forgot=True), 410
        except services.MentorError as problem:
            db.rollback()
            return _invitation_page(token, error=str(problem), status=400)
        db.commit()
        flash(addressed("Dank je wel! De regisseur neemt contact met je op."), "success")
        return redirect(url_for("mentors.show", mentorship_id=mentorship.id))
    form = NewMentorAccountForm()
    if not form.validate_on_submit():
        return _invitation_page(token, form=form, status=400)
    try:
        email = services.ask_for_account(
            db, token, name=form.name.data, email=form.email.data, language=form.language.data
        )
    except services.LinkInvalid as invalid:
        return render_template("auth/link_invalid.html", problem=invalid.problem, without_forgot=True), 410
    # The same page whether or not the address has an account: the mail tells its owner how to go on.
    return render_template("mentors/check_mail.html", email=email)


@bp.route("/jim/<token>/account/<signup>", methods=["GET", "POST"])
@public
@limiter.limit(_attempts, methods=["POST"])
@limiter.limit(_attempts, methods=["POST"], key_func=_link_key)
def new_account(token: str, signup: str):
    """The link mailed to a nominee's free address: choose a password, and the yes is done."""
    db = get_session()
    try:
        details = services.signup_for(db, token, signup)
    except services.LinkInvalid as invalid:
        return render_template("auth/link_invalid.html", problem=invalid.problem, without_forgot=True), 410
    form = MentorPasswordForm()
    if form.validate_on_submit():
        try:
            mentor = services.create_mentor_account(db, details, password=form.password.data, confirm=form.confirm.data)
            mentorship = services.accept(db, token, mentor)
        except services.LinkInvalid as invalid:
            return render_template("auth/link_invalid.html", problem=invalid.problem, without_forgot=True), 410
        except (AccountError, services.MentorError) as problem:
            db.rollback()
            form.password.errors = [*form.password.errors, str(problem)]
        else:
            db.commit()
            start_session(mentor)
            flash(
                _("Welkom bij OnsPlan, %(name)s! De regisseur neemt contact met je op.", name=mentor.first_name),
                "success",
            )
            return redirect(url_for("mentors.show", mentorship_id=mentorship.id))
    return render_template("mentors/new_account.html", form=form, details=details), 400 if form.errors else 200


@bp.route("/jim/<token>/nee", methods=["POST"])
@public
def decline_invitation(token: str):
    db = get_session()
    try:
        _link, _mentorship, youth = services.check_link(db, token)
        services.decline_invitation(db, token)
    except services.LinkInvalid as invalid:
        return render_template("auth/link_invalid.html", problem=invalid.problem, without_forgot=True), 410
    db.commit()
    return render_template("mentors/declined.html", youth=youth)


# --- the mentorship page: regisseur, parents, mentor ------------------------------------------------------------


@bp.route("/mentoren")
def index():
    db = get_session()
    return render_template(
        "mentors/index.html",
        to_decide=services.for_regisseur(db, current_user),
        mentees=services.for_mentor(db, current_user),
        to_support=services.to_support(db, current_user),
    )


def _mentorship_page(mentorship_id: int, status: int = 200, **forms):
    """The mentorship for the regisseur, the mentor and the parents, read as plain rows (webapp/mentors/reads.py)."""
    db = get_session()
    day = today()
    view = reads.visible_mentorship(db, current_user, mentorship_id, day)
    if view.youth.id == current_user.id:
        return redirect(url_for("mentors.mine"))
    is_regisseur = policy.can_decide_mentorship(current_user, view.family)
    is_mentor = current_user.id == view.mentorship.mentor_id
    audit.record(db, current_user, AuditAction.READ, view.family, OBJECT_TYPE, view.mentorship.id, view.youth.id)
    conversations = _conversations_for(db, view) if is_regisseur or is_mentor else {}
    db.commit()
    step = view.mentorship.status
    active = step == MentorshipStatus.ACTIEF
    # The forms are built only for the one who sees them (a WTForms form costs ~0.1 ms).
    decides = is_regisseur and step == MentorshipStatus.GEACCEPTEERD
    asked_to_support = (
        step in OPEN_STATUSES
        and not active
        and policy.can_support_mentorship(current_user, view.family, view.youth, day)
    )
    return render_template(
        "mentors/show.html",
        view=view,
        is_regisseur=is_regisseur,
        is_mentor=is_mentor,
        decides=decides,
        asked_to_support=asked_to_support,
        parents_must_support=policy.parents_must_support(view.youth, day),
        goals=reads.goals_for(db, current_user, view) if active and (is_mentor or is_regisseur) else [],
        agenda=appointments.agenda(db, current_user, mentorship_id=view.mentorship.id) if active else None,
        history=reads.history(db, view.mentorship.id) if is_regisseur else [],
        conversations=conversations,
        decline_form=forms.get("decline_form") or (DeclineForm() if decides else None),
        support_form=forms.get("support_form")
        or (_support_form(view.mentorship.parents_support) if asked_to_support else None),
        error=forms.get("error"),
    ), status


def _conversations_for(db, view: reads.MentorshipView) -> dict[str, int]:
    """The ids of the mentorship's conversations this viewer may open (made on first use, and committed then)."""
    found = reads.conversations(current_user, view)
    if found is None:
        found = messages.for_mentorship(db, current_user, view.mentorship, view.family)
        db.commit()
    return found


def _support_form(answer: bool | None) -> SupportForm:
    """The parents' form, showing the answer already given (they may change it until the regisseur decides)."""
    return SupportForm(formdata=None, supports=None if answer is None else ("ja" if answer else "nee"))


@bp.route("/mentoren/<int:mentorship_id>")
def show(mentorship_id: int):
    return _mentorship_page(mentorship_id)


@bp.route("/mentoren/<int:mentorship_id>/goedkeuren", methods=["POST"])
def approve(mentorship_id: int):
    db = get_session()
    try:
        view = services.get(db, current_user, mentorship_id)
        services.approve(db, current_user, mentorship_id)
    except services.MentorError as problem:
        db.rollback()
        return _mentorship_page(mentorship_id, 400, error=str(problem))
    audit.record(db, current_user, AuditAction.CHANGE, view.family, OBJECT_TYPE, mentorship_id, view.youth.id)
    db.commit()
    flash(
        _("%(mentor)s is nu de mentor van %(youth)s.", mentor=view.mentor.name, youth=view.youth.first_name), "success"
    )
    return redirect(url_for("mentors.show", mentorship_id=mentorship_id))


@bp.route("/mentoren/<int:mentorship_id>/afwijzen", methods=["POST"])
def decline(mentorship_id: int):
    db = get_session()
    form = DeclineForm()
    if not form.validate_on_submit():
        return _mentorship_page(mentorship_id, 400, decline_form=form)
    view = services.get(db, current_user, mentorship_id)
    services.decline(db, current_user, mentorship_id, form.reason.data)
    audit.record(db, current_user, AuditAction.CHANGE, view.family, OBJECT_TYPE, mentorship_id, view.youth.id)
    db.commit()
    flash(_("Afgewezen. %(youth)s leest je uitleg.", youth=view.youth.first_name), "success")
    return redirect(url_for("mentors.show", mentorship_id=mentorship_id))


@bp.route("/mentoren/<int:mentorship_id>/steun", methods=["POST"])
def support(mentorship_id: int):
    db = get_session()
    form = SupportForm()
    if not form.validate_on_submit():
        return _mentorship_page(mentorship_id, 400, support_form=form)
    services.support(db, current_user, mentorship_id, form.supports.data == "ja")
    db.commit()
    flash(_("Dank u. De regisseur ziet uw antwoord."), "success")
    return redirect(url_for("mentors.show", mentorship_id=mentorship_id))


@bp.route("/mentoren/<int:mentorship_id>/stoppen", methods=["GET", "POST"])
def stop(mentorship_id: int):
    """Stop: the youth withdraws a nomination, or anyone allowed ends an active mentorship. Asked once more first."""
    db = get_session()
    view = services.get(db, current_user, mentorship_id)
    if not policy.can_end_mentorship(current_user, view.family, view.mentorship) and view.youth.id != current_user.id:
        raise NotFound()
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("mentors/stop.html", view=view, form=form)
    if view.mentorship.status == MentorshipStatus.ACTIEF:
        services.end(db, current_user, mentorship_id)
    else:
        services.withdraw(db, current_user, mentorship_id)
    if view.youth.id != current_user.id:
        audit.record(db, current_user, AuditAction.CHANGE, view.family, OBJECT_TYPE, mentorship_id, view.youth.id)
    db.commit()
    flash(
        _("Gestopt. Je kunt altijd later iemand anders kiezen.") if view.youth.id == current_user.id else _("Gestopt."),
        "success",
    )
    return redirect(url_for("mentors.mine" if view.youth.id == current_user.id else "home.index"))
