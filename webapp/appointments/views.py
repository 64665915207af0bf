"""Appointment pages: the agenda, planning, one appointment with everyone's answer, calendar files and the feed."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound
from wtforms.fields.choices import SelectChoice

from webapp.appointments import calendar, services
from webapp.appointments.display import appointment_when, kept_agenda_list
from webapp.appointments.forms import AnswerForm, AppointmentForm, InterpreterForm
from webapp.auth import policy
from webapp.auth.forms import ConfirmForm
from webapp.auth.guards import public
from webapp.clock import to_local, utcnow
from webapp.db import get_session
from webapp.extensions import htmx
from webapp.families.services import families_for
from webapp.i18n import addressed
from webapp.models import Answer, Role
from webapp.notify import services as notify
from webapp.notify.payload import language_of

bp = Blueprint("appointments", __name__)
bp.add_app_template_global(appointment_when, "appointment_when")
bp.add_app_template_global(kept_agenda_list, "kept_agenda_list")


def _partial_wanted() -> bool:
    return bool(htmx and not htmx.boosted)


@bp.route("/afspraken")
def index():
    db = get_session()
    return render_template(
        "appointments/index.html",
        agenda=services.agenda(db, current_user),
        can_plan=services.plans_anywhere(db, current_user),
    )


# --- planning ----------------------------------------------------------------------------------------------------


def _participant_choices(form: AppointmentForm, people) -> None:
    form.participants.choices = [
        SelectChoice(person.id, _("%(name)s (jij)", name=person.name) if person.id == current_user.id else person.name)
        for person in people
    ]


@bp.route("/afspraken/nieuw", methods=["GET", "POST"])
def new():
    db = get_session()
    families = [f for f in families_for(db, current_user) if policy.can_propose_appointment(current_user, f)]
    family_id = request.args.get("gezin", type=int)
    if family_id is None and len(families) == 1:
        family_id = families[0].id
    if family_id is None:
        return render_template("appointments/choose_family.html", families=families)
    family = services.planning_family(db, current_user, family_id)
    people = services.candidates(db, current_user, family)
    form = AppointmentForm()
    _participant_choices(form, people)
    form.interpreter_language.offer(services.family_languages(family))
    if request.method == "GET":
        form.kind.data = request.args.get("soort", "jim_overleg")
        form.participants.data = [p.id for p in people if p.id != current_user.id and _suggested(p, family)]
    error = None
    if form.validate_on_submit():
        try:
            appointment = services.propose(db, current_user, family.id, form.details(), form.participants.data or [])
        except services.AppointmentError as problem:
            db.rollback()
            error = str(problem)
        else:
            db.commit()
            flash(_("De afspraak is gemaakt. De anderen krijgen een bericht."), "success")
            return redirect(url_for("appointments.show", appointment_id=appointment.id))
    status = 400 if (form.errors or error) else 200
    return render_template("appointments/new.html", form=form, family=family, error=error), status


def _suggested(person, family) -> bool:
    """Pre-ticked: the regisseur and mentors (the usual JIM-overleg); parents are ticked by hand."""
    return person.id == family.regisseur_id or person.has_role(Role.MENTOR)


# --- one appointment -----------------------------------------------------------------------------------------


def _page(
    appointment_id: int,
    status: int = 200,
    answer_form: AnswerForm | None = None,
    error: str | None = None,
    interpreter_form: InterpreterForm | None = None,
    interpreter_error: str | None = None,
):
    db = get_session()
    view = services.get(db, current_user, appointment_id)
    db.commit()
    return render_template(
        "appointments/show.html",
        **_context(view, answer_form),
        **_interpreter(view, interpreter_form),
        error=error,
        interpreter_error=interpreter_error,
    ), status


def _interpreter(view: services.AppointmentView, form: InterpreterForm | None = None) -> dict:
    """The interpreter part of the appointment page: what is arranged, who asked, and who may change it."""
    can_change = policy.can_change_appointment(current_user, view.family, view.appointment.organiser_id)
    may_ask = not can_change and services.may_ask_interpreter(current_user, view)
    if form is None:
        form = InterpreterForm(formdata=None, language=view.appointment.interpreter_language)
    form.language.offer(services.family_languages(view.family), none_label=_("Kies een taal"))
    return {
        "interpreter_form": form,
        "interpreter_by": services.interpreter_requester(get_session(), view),
        "may_ask_interpreter": may_ask,
        "interpreter_open": view.appointment.cancelled_at is None and view.appointment.starts_at > utcnow(),
        "interpreter_languages": services.INTERPRETER_LANGUAGES,
    }


def _context(view: services.AppointmentView, answer_form: AnswerForm | None = None) -> dict:
    """What the appointment page and its answers section (swapped by htmx) both need."""
    mine = view.answer_of(current_user.id)
    return {
        "view": view,
        "mine": mine,
        "can_change": policy.can_change_appointment(current_user, view.family, view.appointment.organiser_id),
        "answer_form": answer_form or _answer_form(mine),
    }


def _answer_form(mine) -> AnswerForm:
    form = AnswerForm(formdata=None)
    if mine is not None and mine.answer != Answer.OPEN:
        form.answer.data = mine.answer
        if mine.proposed_starts_at:
            local = to_local(mine.proposed_starts_at)
            form.day.data, form.start.data = local.date(), local.time()
    return form


@bp.route("/afspraken/<int:appointment_id>")
def show(appointment_id: int):
    return _page(appointment_id)


@bp.route("/afspraken/<int:appointment_id>/antwoord", methods=["POST"])
def answer(appointment_id: int):
    """Confirm, decline or propose another time. With htmx the answers section is swapped in place (422 keeps
    what was chosen and typed when something is missing); without JavaScript the page is drawn again."""
    db = get_session()
    form = AnswerForm()
    error = None
    if form.validate_on_submit():
        try:
            services.answer(db, current_user, appointment_id, form.answer.data, form.proposed())
        except services.AppointmentError as problem:
            db.rollback()
            error = str(problem)
        else:
            offered = notify.offer_push(db, current_user)  # once: notifications on this phone? (on the page)
            db.commit()
            target = url_for("appointments.show", appointment_id=appointment_id)
            if _partial_wanted():  # the answers swapped in place; the offer, once, in its slot beside them
                return _answers(appointment_id, saved=True, push_offer=offered, offer_next=target)
            flash(addressed("Je antwoord is opgeslagen."), "success")
            return redirect(target)
    if _partial_wanted():
        return _answers(appointment_id, form=form, error=error), 422
    return _page(appointment_id, 400, answer_form=form, error=error)


def _answers(appointment_id: int, form: AnswerForm | None = None, **extra):
    view = services.get(get_session(), current_user, appointment_id, log=False)
    return render_template("appointments/_partials/_answers.html", **_context(view, form), **extra)


@bp.route("/afspraken/<int:appointment_id>/tijd/<int:proposer_id>", methods=["POST"])
def take_time(appointment_id: int, proposer_id: int):
    db = get_session()
    try:
        services.take_proposed_time(db, current_user, appointment_id, proposer_id)
    except services.AppointmentError as problem:
        db.rollback()
        return _page(appointment_id, 400, error=str(problem))
    db.commit()
    flash(_("De afspraak heeft een nieuwe tijd. De anderen krijgen een bericht."), "success")
    return redirect(url_for("appointments.show", appointment_id=appointment_id))


@bp.route("/afspraken/<int:appointment_id>/tolk", methods=["POST"])
def interpreter(appointment_id: int):
    """A parent or a youth from 16 asks for an interpreter ("Ik wil een tolk"); the organiser (or regisseur)
    arranges or changes it. Anyone else answers 404."""
    db = get_session()
    view = services.get(db, current_user, appointment_id, log=False)
    organiser = policy.can_change_appointment(current_user, view.family, view.appointment.organiser_id)
    if not organiser and not services.may_ask_interpreter(current_user, view):
        raise NotFound()
    form = InterpreterForm()
    form.language.offer(services.family_languages(view.family))
    if not form.validate_on_submit():
        return _page(appointment_id, 400, interpreter_form=form)
    try:
        if organiser:
            services.set_interpreter(db, current_user, appointment_id, form.language.data)
        else:
            services.request_interpreter(db, current_user, appointment_id, form.language.data)
    except services.AppointmentError as problem:
        db.rollback()
        return _page(appointment_id, 400, interpreter_form=form, interpreter_error=str(problem))
    db.commit()
    if organiser:
        flash(_("De tolk staat bij de afspraak. De anderen krijgen een bericht."), "success")
    else:
        flash(addressed("Je vraag om een tolk is verstuurd. Wie de afspraak maakte, regelt de tolk."), "success")
    return redirect(url_for("appointments.show", appointment_id=appointment_id) + "#tolk")


@bp.route("/afspraken/<int:appointment_id>/tolk/weghalen", methods=["POST"])
def remove_interpreter(appointment_id: int):
    """The organiser removes the interpreter, or the one who asked no longer needs one."""
    db = get_session()
    view = services.get(db, current_user, appointment_id, log=False)
    organiser = policy.can_change_appointment(current_user, view.family, view.appointment.organiser_id)
    if not organiser and not services.may_ask_interpreter(current_user, view):
        raise NotFound()
    if not ConfirmForm().validate_on_submit():
        return _page(appointment_id, 400, interpreter_error=_("Er ging iets mis. Probeer het nog een keer."))
    try:
        if organiser:
            services.set_interpreter(db, current_user, appointment_id, "")
        else:
            services.withdraw_interpreter_request(db, current_user, appointment_id)
    except services.AppointmentError as problem:
        db.rollback()
        return _page(appointment_id, 400, interpreter_error=str(problem))
    db.commit()
    flash(_("Er komt geen tolk meer bij deze afspraak."), "success")
    return redirect(url_for("appointments.show", appointment_id=appointment_id) + "#tolk")


@bp.route("/afspraken/<int:appointment_id>/wijzigen", methods=["GET", "POST"])
def edit(appointment_id: int):
    db = get_session()
    view = services.get(db, current_user, appointment_id, log=False)
    if not policy.can_change_appointment(current_user, view.family, view.appointment.organiser_id):
        raise NotFound()
    appointment = view.appointment
    form = AppointmentForm()
    del form.participants
    form.interpreter_language.offer(services.family_languages(view.family))
    if request.method == "GET":
        local = to_local(appointment.starts_at)
        form.kind.data, form.title.data = appointment.kind, appointment.title
        form.day.data, form.start.data = local.date(), local.time()
        form.duration.data = appointment.duration_minutes
        form.place.data, form.video_url.data = appointment.place, appointment.video_url
        form.interpreter_language.data = appointment.interpreter_language
    error = None
    if form.validate_on_submit():
        try:
            services.change(db, current_user, appointment_id, form.details())
        except services.AppointmentError as problem:
            db.rollback()
            error = str(problem)
        else:
            db.commit()
            flash(_("De afspraak is veranderd. De anderen krijgen een bericht."), "success")
            return redirect(url_for("appointments.show", appointment_id=appointment_id))
    status = 400 if (form.errors or error) else 200
    return render_template(
        "appointments/edit.html",
        form=form,
        view=view,
        error=error,
        interpreter_by=services.interpreter_requester(db, view),
    ), status


@bp.route("/afspraken/<int:appointment_id>/annuleren", methods=["GET", "POST"])
def cancel(appointment_id: int):
    db = get_session()
    view = services.get(db, current_user, appointment_id, log=False)
    if not policy.can_change_appointment(current_user, view.family, view.appointment.organiser_id):
        raise NotFound()
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("appointments/cancel.html", view=view, form=form)
    try:
        services.cancel(db, current_user, appointment_id)
    except services.AppointmentError as problem:
        db.rollback()
        return _page(appointment_id, 400, error=str(problem))
    db.commit()
    flash(_("De afspraak gaat niet door. De anderen krijgen een bericht."), "success")
    return redirect(url_for("appointments.show", appointment_id=appointment_id))


# --- calendar ------------------------------------------------------------------------------------------------


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/afspraken/<int:appointment_id>/agenda.ics")
def ics(appointment_id: int):
    db = get_session()
    view = services.get(db, current_user, appointment_id, log=False)
    mine = view.answer_of(current_user.id)
    url = url_for("appointments.show", appointment_id=appointment_id, _external=True)
    event = calendar.to_event(view.appointment, url, confirmed=mine is not None and mine.answer == Answer.BEVESTIGD)
    return _ics(calendar.calendar_of([event], "OnsPlan"), f"afspraak-{appointment_id}.ics")


@bp.route("/agenda")
def feed_settings():
    db = get_session()
    return render_template("appointments/feed.html", feed=calendar.active_feed(db, current_user), link=None)


@bp.route("/agenda/link", methods=["POST"])
def new_feed():
    db = get_session()
    token = calendar.new_feed(db, current_user)
    db.commit()
    link = url_for("appointments.feed", token=token, _external=True)
    return render_template("appointments/feed.html", feed=calendar.active_feed(db, current_user), link=link)


@bp.route("/agenda/stoppen", methods=["POST"])
def revoke_feed():
    db = get_session()
    calendar.revoke(db, current_user)
    db.commit()
    flash(_("De agenda-link werkt niet meer. Je agenda-app krijgt geen nieuwe afspraken meer."), "success")
    return redirect(url_for("appointments.feed_settings"))


@bp.route("/agenda/<token>.ics")
@public
def feed(token: str):
    """A calendar app fetches this without a login: the secret URL is the key, so it answers 404 when revoked."""
    db = get_session()
    owner = calendar.feed_owner(db, token)
    if owner is None:
        raise NotFound()
    db.commit()
    events = []
    with force_locale(language_of(owner.language)):
        for appointment, participant in calendar.feed_appointments(db, owner):
            if participant.answer == Answer.AFGEWEZEN:
                continue
            url = url_for("appointments.show", appointment_id=appointment.id, _external=True)
            events.append(calendar.to_event(appointment, url, confirmed=participant.answer == Answer.BEVESTIGD))
    return _ics(calendar.calendar_of(events, "OnsPlan"), "onsplan.ics")
