"""Appointment use-cases. Access goes through webapp/auth/policy.py; participants learn of every change by push.

Times arrive as naive Europe/Amsterdam wall-clock times (what a person types) and are stored in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.appointments import reads, reminders

# The visibility rule as SQL, public here for the home page and the calendar feed (webapp/appointments/visibility.py),
# and where a list of appointments finds its candidates by time (within_reach).
from webapp.appointments.visibility import REGISSEUR_SEES as REGISSEUR_SEES
from webapp.appointments.visibility import STILL_VISIBLE as STILL_VISIBLE
from webapp.appointments.visibility import VIEWER as VIEWER
from webapp.appointments.visibility import within_reach as within_reach
from webapp.audit import services as audit
from webapp.auth import policy
from webapp.clock import NonexistentLocalTime, from_local, today, utcnow
from webapp.models import (
    Answer,
    Appointment,
    AppointmentKind,
    AppointmentParticipant,
    AuditAction,
    Family,
    Household,
    MatchStatus,
    Mentorship,
    MentorshipStatus,
    RespiteMatch,
    RespiteRequest,
    User,
)
from webapp.notify import outbox

OBJECT_TYPE = "afspraak"
DURATIONS = (30, 45, 60, 90, 120)

# The languages an interpreter (tolk) can be asked for: OnsPlan's own and those most asked for in Dutch youth care.
# Pharos: never let a child interpret for a parent. "dse" is the ISO 639-3 code of Nederlandse Gebarentaal (NGT).
INTERPRETER_LANGUAGES = {
    "tr": _l("Turks"),
    "ar": _l("Arabisch"),
    "ber": _l("Berbers (Tamazight)"),
    "pl": _l("Pools"),
    "uk": _l("Oekraïens"),
    "ru": _l("Russisch"),
    "fa": _l("Farsi"),
    "prs": _l("Dari"),
    "ps": _l("Pasjtoe"),
    "ti": _l("Tigrinya"),
    "am": _l("Amhaars"),
    "so": _l("Somalisch"),
    "ku": _l("Koerdisch"),
    "en": _l("Engels"),
    "fr": _l("Frans"),
    "es": _l("Spaans"),
    "pt": _l("Portugees"),
    "ro": _l("Roemeens"),
    "bg": _l("Bulgaars"),
    "zh": _l("Chinees"),
    "dse": _l("Nederlandse Gebarentaal"),
}


class AppointmentError(ValueError):
    """A problem the user can fix; the message is translated."""


@dataclass
class AppointmentView:
    appointment: Appointment
    family: Family | None  # None in agenda lists, which never need it
    participants: list[tuple[AppointmentParticipant, User]] = field(default_factory=list)

    @property
    def participant_ids(self) -> set[int]:
        return {p.user_id for p, _u in self.participants}

    def answer_of(self, user_id: int) -> AppointmentParticipant | None:
        return next((p for p, _u in self.participants if p.user_id == user_id), None)

    @property
    def everyone_confirmed(self) -> bool:
        return all(p.answer == Answer.BEVESTIGD for p, _u in self.participants)


@dataclass
class Details:
    """What a person fills in when planning or changing an appointment."""

    kind: str
    starts_local: datetime  # naive, Europe/Amsterdam
    duration_minutes: int = 60
    title: str = ""
    place: str = ""
    video_url: str = ""
    # The interpreter's language ("" none); None when changing: keep what the appointment has.
    interpreter_language: str | None = None


# --- who may be invited ------------------------------------------------------------------------------------------


def active_mentorships(db: Session, family: Family) -> list[Mentorship]:
    return list(
        db.exec(
            select(Mentorship).where(Mentorship.family_id == family.id, Mentorship.status == MentorshipStatus.ACTIEF)
        )
    )


def candidates(db: Session, actor: User, family: Family) -> list[User]:
    """Who can be invited: the family members with an account, the regisseur, and the active JIM mentors. A youth
    planning for herself sees her parents, her regisseur and her own mentor."""
    people: dict[int, User] = {m.user_id: m.user for m in family.members if m.user.has_login and m.user.active}
    if family.regisseur is not None:
        people[family.regisseur.id] = family.regisseur
    mentorships = active_mentorships(db, family)
    if not policy.is_regisseur_of(actor, family):
        mentorships = [m for m in mentorships if m.youth_id == actor.id]
    for mentorship in mentorships:
        mentor = db.get(User, mentorship.mentor_id)
        if mentor is not None and mentor.active:
            people[mentor.id] = mentor
    return sorted(people.values(), key=lambda u: (u.id != actor.id, u.name))


def planning_family(db: Session, actor: User, family_id: int) -> Family:
    """The family `actor` plans an appointment in, or 404 when she may not plan there."""
    family = db.get(Family, family_id)
    if family is None or not policy.can_propose_appointment(actor, family):
        raise NotFound()
    return family


def plans_anywhere(db: Session, user: User) -> bool:
    """Whether this person may plan appointments in some family (one small statement; for the agenda's button)."""
    return reads.plans_anywhere(db, user)


# --- checking what was typed -------------------------------------------------------------------------------------


def _checked(details: Details) -> tuple[datetime, Details]:
    if details.kind not in set(AppointmentKind):
        raise AppointmentError(_("Kies wat voor afspraak het is."))
    details.title = details.title.strip()
    details.place = details.place.strip()
    details.video_url = details.video_url.strip()
    if details.kind == AppointmentKind.ANDERS and not details.title:
        raise AppointmentError(_("Schrijf in een paar woorden waar de afspraak over gaat."))
    if not details.place and not details.video_url:
        raise AppointmentError(_("Vul een plek in of een link voor een videogesprek."))
    if details.video_url and not details.video_url.startswith("https://"):
        raise AppointmentError(_("Een videolink begint met https://"))
    if details.duration_minutes not in DURATIONS:
        raise AppointmentError(_("Kies hoe lang de afspraak duurt."))
    if details.interpreter_language is not None:
        details.interpreter_language = _interpreter_language(details.interpreter_language)
    starts = local_time(details.starts_local)
    return starts, details


def local_time(moment: datetime) -> datetime:
    """An Amsterdam wall-clock time as UTC, refused when it is in the past or does not exist."""
    try:
        starts = from_local(moment)
    except NonexistentLocalTime:
        raise AppointmentError(
            _("Deze tijd bestaat niet: die nacht gaat de klok een uur vooruit. Kies een andere tijd.")
        ) from None
    if starts <= utcnow():
        raise AppointmentError(_("Kies een moment in de toekomst."))
    return starts


# --- planning ----------------------------------------------------------------------------------------------------


def propose(db: Session, actor: User, family_id: int, details: Details, participant_ids: list[int]) -> Appointment:
    """Plan an appointment. The organiser takes part and has confirmed; the others are asked."""
    family = planning_family(db, actor, family_id)
    starts, details = _checked(details)
    allowed = {u.id: u for u in candidates(db, actor, family)}
    chosen = set(participant_ids) | {actor.id}
    if not chosen - {actor.id}:
        raise AppointmentError(_("Kies wie er meedoen."))
    if chosen - allowed.keys():
        raise NotFound()
    mentorship = next((m for m in active_mentorships(db, family) if m.mentor_id in chosen), None)
    appointment = Appointment(
        family_id=family.id,
        mentorship_id=mentorship.id if mentorship else None,
        kind=details.kind,
        title=details.title if details.kind == AppointmentKind.ANDERS else "",
        starts_at=starts,
        duration_minutes=details.duration_minutes,
        place=details.place,
        video_url=details.video_url,
        organiser_id=actor.id,
        interpreter_language=details.interpreter_language or "",
    )
    db.add(appointment)
    db.flush()
    _add_participants(db, appointment, chosen, confirmed={actor.id})
    audit.record(db, actor, AuditAction.CHANGE, family, OBJECT_TYPE, appointment.id, _about(db, appointment))
    _tell(db, appointment, chosen - {actor.id})
    reminders.schedule(db, appointment, chosen)
    return appointment


def propose_review(
    db: Session, family: Family, mentorship: Mentorship, *, number: int, starts_at: datetime, participant_ids: set[int]
) -> Appointment | None:
    """A review (evaluatie) proposed by OnsPlan in the regisseur's name: everyone is asked, the place is agreed
    later. Reviews are numbered per mentorship and the number is unique: None when another process planned it."""
    review = Appointment(
        family_id=family.id,
        mentorship_id=mentorship.id,
        review_number=number,
        kind=AppointmentKind.EVALUATIE,
        starts_at=starts_at,
        organiser_id=family.regisseur_id,
    )
    try:
        with db.begin_nested():
            db.add(review)
            db.flush()
            _add_participants(db, review, participant_ids, confirmed=set())
            db.flush()
    except IntegrityError:
        return None
    _tell(db, review, participant_ids)
    reminders.schedule(db, review, participant_ids)
    return review


RESPITE_KINDS = (AppointmentKind.INTAKE, AppointmentKind.KENNISMAKING, AppointmentKind.EVALUATIE)


def plan_for_respite(
    db: Session, organiser: User, family: Family, respite_request_id: int, details: Details, participant_ids: set[int]
) -> Appointment:
    """An intake, kennismaking or evaluation a meldpunt's coordinator plans for a family's respite request
    (webapp.respite.meldpunt.services.plan_appointment checks who plans and who may be invited). The organiser takes
    part and has confirmed; the others are asked, told by push and reminded, like any appointment."""
    if details.kind not in RESPITE_KINDS:
        raise AppointmentError(_("Kies wat voor afspraak het is."))
    starts, details = _checked(details)
    chosen = set(participant_ids) | {organiser.id}
    if not chosen - {organiser.id}:
        raise AppointmentError(_("Kies wie er meedoen."))
    appointment = Appointment(
        family_id=family.id,
        respite_request_id=respite_request_id,
        kind=details.kind,
        starts_at=starts,
        duration_minutes=details.duration_minutes,
        place=details.place,
        video_url=details.video_url,
        organiser_id=organiser.id,
        interpreter_language=details.interpreter_language or "",
    )
    db.add(appointment)
    db.flush()
    _add_participants(db, appointment, chosen, confirmed={organiser.id})
    audit.record(db, organiser, AuditAction.CHANGE, family, OBJECT_TYPE, appointment.id)
    _tell(db, appointment, chosen - {organiser.id})
    reminders.schedule(db, appointment, chosen)
    return appointment


def _about(db: Session, appointment: Appointment) -> int | None:
    """Whom an appointment is about, for the access log: the youth of a JIM appointment (none for a family one)."""
    mentorship = db.get(Mentorship, appointment.mentorship_id) if appointment.mentorship_id else None
    return mentorship.youth_id if mentorship is not None else None


def _add_participants(db: Session, appointment: Appointment, user_ids: set[int], confirmed: set[int]) -> None:
    now = utcnow()
    for user_id in sorted(user_ids):
        answered = user_id in confirmed
        db.add(
            AppointmentParticipant(
                appointment_id=appointment.id,
                user_id=user_id,
                answer=Answer.BEVESTIGD if answered else Answer.OPEN,
                answered_at=now if answered else None,
            )
        )


def _tell(db: Session, appointment: Appointment, user_ids: set[int]) -> None:
    outbox.enqueue(db, user_ids, "afspraken", f"/afspraken/{appointment.id}", f"afspraak-{appointment.id}")


# --- reading -----------------------------------------------------------------------------------------------------


def _view(db: Session, appointment: Appointment) -> AppointmentView:
    family = db.get(Family, appointment.family_id)
    rows = db.exec(
        select(AppointmentParticipant, User)
        .join(User, User.id == AppointmentParticipant.user_id)
        .where(AppointmentParticipant.appointment_id == appointment.id)
        .options(selectinload(User.roles))  # the page names professionals in full, others by first name
        .order_by(User.name)
    ).all()
    return AppointmentView(appointment, family, list(rows))


def get(db: Session, user: User, appointment_id: int, *, log: bool = True) -> AppointmentView:
    """The appointment if this user takes part or is the family's regisseur; 404 otherwise. A professional's
    look is written to the family's access log."""
    appointment = db.get(Appointment, appointment_id)
    if appointment is None:
        raise NotFound()
    view = _view(db, appointment)
    if view.family is None or not _may_view(db, user, view):
        raise NotFound()
    if log and user.is_professional:
        audit.record(db, user, AuditAction.READ, view.family, OBJECT_TYPE, appointment.id, _about(db, appointment))
    return view


def _may_view(db: Session, user: User, view: AppointmentView) -> bool:
    appointment = view.appointment
    if appointment.respite_request_id is None:
        return policy.can_view_appointment(
            user, view.family, view.participant_ids, _mentorship_for(db, user, appointment)
        )
    request = db.get(RespiteRequest, appointment.respite_request_id)
    if request is None:
        return False
    household = db.exec(
        select(Household)
        .join(RespiteMatch, RespiteMatch.household_id == Household.id)
        .where(RespiteMatch.request_id == request.id, RespiteMatch.status == MatchStatus.AKKOORD)
    ).first()
    return policy.can_view_respite_appointment(user, view.family, view.participant_ids, request, household)


def _mentorship_for(db: Session, user: User, appointment: Appointment) -> Mentorship | None:
    """The mentorship through which `user` may take part: the appointment's own when he is its mentor, else his
    active one in the appointment's family (policy.can_view_appointment decides)."""
    own = db.get(Mentorship, appointment.mentorship_id) if appointment.mentorship_id else None
    if own is not None and own.mentor_id == user.id:
        return own
    return db.exec(
        select(Mentorship).where(
            Mentorship.family_id == appointment.family_id,
            Mentorship.mentor_id == user.id,
            Mentorship.status == MentorshipStatus.ACTIEF,
        )
    ).first()


def agenda(db: Session, user: User, *, mentorship_id: int | None = None, past_limit: int = 10) -> reads.Agenda:
    """The appointments this user takes part in (and, for a regisseur, those of the caseload's families), soonest
    first; cancelled ones stay visible until they would have happened. As plain rows in one statement
    (`webapp.appointments.reads`): the agenda is a hot page, and Mijn mentor shows it too."""
    return reads.agenda(db, user, mentorship_id=mentorship_id, past_limit=past_limit)


# --- answering ---------------------------------------------------------------------------------------------------


def answer(
    db: Session, user: User, appointment_id: int, choice: str, proposed_local: datetime | None = None
) -> AppointmentView:
    """A participant confirms, declines, or proposes another time; the organiser is told."""
    view = get(db, user, appointment_id, log=False)
    mine = view.answer_of(user.id)
    if mine is None:
        raise NotFound()  # a regisseur who does not take part looks, but does not answer
    appointment = view.appointment
    if appointment.cancelled_at is not None:
        raise AppointmentError(_("Deze afspraak gaat niet door."))
    if choice not in set(Answer) or choice == Answer.OPEN:
        raise AppointmentError(_("Kies een antwoord."))
    mine.proposed_starts_at = None
    if choice == Answer.ANDERE_TIJD:
        if proposed_local is None:
            raise AppointmentError(_("Kies de dag en tijd die jij voorstelt."))
        mine.proposed_starts_at = local_time(proposed_local)
    mine.answer = choice
    mine.answered_at = utcnow()
    db.add(mine)
    others = {appointment.organiser_id} - {user.id, None}
    _tell(db, appointment, others)
    if choice == Answer.BEVESTIGD:
        reminders.schedule(db, appointment, _not_declined(view))
    else:
        reminders.cancel(db, appointment, [user.id])
    return view


def _not_declined(view: AppointmentView) -> set[int]:
    return {p.user_id for p, _u in view.participants if p.answer in (Answer.OPEN, Answer.BEVESTIGD)}


def take_proposed_time(db: Session, user: User, appointment_id: int, proposer_id: int) -> AppointmentView:
    """The organiser (or regisseur) takes the time a participant proposed: the appointment moves; the proposer and
    the one who took it have confirmed, the others are asked again."""
    view = _changeable(db, user, appointment_id)
    proposal = view.answer_of(proposer_id)
    if proposal is None or proposal.answer != Answer.ANDERE_TIJD or proposal.proposed_starts_at is None:
        raise AppointmentError(_("Dit voorstel bestaat niet meer."))
    if proposal.proposed_starts_at <= utcnow():
        raise AppointmentError(_("Deze voorgestelde tijd is al voorbij. Kies samen een nieuwe tijd."))
    view.appointment.starts_at = proposal.proposed_starts_at
    _moved(db, user, view, confirmed={user.id, proposer_id})
    return view


def change(db: Session, user: User, appointment_id: int, details: Details) -> AppointmentView:
    """A new time, place or kind. When the time changes, everyone but the one changing it is asked again."""
    view = _changeable(db, user, appointment_id)
    starts, details = _checked(details)
    appointment = view.appointment
    time_changed = starts != appointment.starts_at or details.duration_minutes != appointment.duration_minutes
    appointment.kind = details.kind
    appointment.title = details.title if details.kind == AppointmentKind.ANDERS else ""
    appointment.starts_at = starts
    appointment.duration_minutes = details.duration_minutes
    appointment.place = details.place
    appointment.video_url = details.video_url
    if details.interpreter_language is not None and details.interpreter_language != appointment.interpreter_language:
        appointment.interpreter_language = details.interpreter_language
        appointment.interpreter_requested_by_id = None  # now the organiser's arrangement
    if time_changed:
        _moved(db, user, view, confirmed={user.id})
    else:
        _touched(db, user, view)
    return view


def _moved(db: Session, user: User, view: AppointmentView, confirmed: set[int]) -> None:
    now = utcnow()
    for participant, _person in view.participants:
        keep = participant.user_id in confirmed
        participant.answer = Answer.BEVESTIGD if keep else Answer.OPEN
        participant.answered_at = now if keep else None
        participant.proposed_starts_at = None
        db.add(participant)
    _touched(db, user, view)
    reminders.schedule(db, view.appointment, view.participant_ids)


def _touched(db: Session, user: User, view: AppointmentView) -> None:
    appointment = view.appointment
    appointment.sequence += 1
    appointment.updated_at = utcnow()
    db.add(appointment)
    if user.is_professional:
        audit.record(db, user, AuditAction.CHANGE, view.family, OBJECT_TYPE, appointment.id, _about(db, appointment))
    _tell(db, appointment, view.participant_ids - {user.id})


def cancel(db: Session, user: User, appointment_id: int) -> AppointmentView:
    view = _changeable(db, user, appointment_id)
    _cancel(db, user, view)
    return view


def _cancel(db: Session, user: User, view: AppointmentView) -> None:
    view.appointment.cancelled_at = utcnow()
    _touched(db, user, view)
    reminders.cancel(db, view.appointment)


def _changeable(db: Session, user: User, appointment_id: int) -> AppointmentView:
    view = get(db, user, appointment_id, log=False)
    if not policy.can_change_appointment(user, view.family, view.appointment.organiser_id):
        raise NotFound()
    if view.appointment.cancelled_at is not None:
        raise AppointmentError(_("Deze afspraak gaat niet door."))
    return view


def cancel_for_mentorship(db: Session, mentorship: Mentorship, by: User) -> int:
    """When a mentorship ends, its appointments still to come are cancelled (participants are told)."""
    upcoming = db.exec(
        select(Appointment).where(
            Appointment.mentorship_id == mentorship.id,
            Appointment.cancelled_at.is_(None),
            Appointment.starts_at > utcnow(),
        )
    ).all()
    for appointment in upcoming:
        _cancel(db, by, _view(db, appointment))
    return len(upcoming)


# --- an interpreter (tolk) ---------------------------------------------------------------------------------------


def _interpreter_language(code: str, *, required: bool = False) -> str:
    code = (code or "").strip()
    if (code or required) and code not in INTERPRETER_LANGUAGES:
        raise AppointmentError(_("Kies de taal van de tolk uit de lijst."))
    return code


def family_languages(family: Family, also: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The interpreter languages of this family, to offer first: the languages its members read OnsPlan in, and
    `also` (e.g. the home languages of a respite request). Dutch needs no interpreter."""
    codes = [m.user.language for m in family.members] + list(also)
    return [code for code in dict.fromkeys(codes) if code in INTERPRETER_LANGUAGES]


def may_ask_interpreter(user: User, view: AppointmentView) -> bool:
    """Whether `user` may ask for an interpreter on this appointment (a parent or a youth from 16 who takes part)."""
    return view.family is not None and policy.can_request_interpreter(user, view.family, view.participant_ids, today())


def interpreter_requester(db: Session, view: AppointmentView) -> User | None:
    """Who asked for the interpreter, if a family member did (None when the organiser arranged it)."""
    requester_id = view.appointment.interpreter_requested_by_id
    if requester_id is None or not view.appointment.interpreter_language:
        return None
    return next((u for _p, u in view.participants if u.id == requester_id), None) or db.get(User, requester_id)


def _still_open(appointment: Appointment) -> None:
    if appointment.cancelled_at is not None:
        raise AppointmentError(_("Deze afspraak gaat niet door."))
    if appointment.starts_at <= utcnow():
        raise AppointmentError(_("Deze afspraak is al begonnen of geweest."))


def request_interpreter(db: Session, user: User, appointment_id: int, language: str) -> AppointmentView:
    """A parent or a youth from 16 who takes part asks for an interpreter in `language`, so no child has to
    interpret. The organiser (else the regisseur) is told, with a generic push; every participant sees it on the
    appointment page; calendars update ("met tolk", never the language). Others answer 404."""
    view = get(db, user, appointment_id, log=False)
    if not may_ask_interpreter(user, view):
        raise NotFound()
    appointment = view.appointment
    _still_open(appointment)
    language = _interpreter_language(language, required=True)
    if appointment.interpreter_language and appointment.interpreter_requested_by_id != user.id:
        if appointment.interpreter_language == language:
            return view  # already arranged: nothing changes
        raise AppointmentError(
            _("Er is al een tolk geregeld. Wil je een andere taal? Stuur een bericht aan wie de afspraak maakte.")
        )
    if appointment.interpreter_language == language:
        return view
    appointment.interpreter_language = language
    appointment.interpreter_requested_by_id = user.id
    _interpreter_changed(db, view, by=user)
    return view


def withdraw_interpreter_request(db: Session, user: User, appointment_id: int) -> AppointmentView:
    """The one who asked for the interpreter no longer needs one; the organiser is told."""
    view = get(db, user, appointment_id, log=False)
    if not may_ask_interpreter(user, view):
        raise NotFound()
    appointment = view.appointment
    _still_open(appointment)
    if not appointment.interpreter_language or appointment.interpreter_requested_by_id != user.id:
        raise AppointmentError(_("Jij hebt geen tolk gevraagd voor deze afspraak."))
    appointment.interpreter_language = ""
    appointment.interpreter_requested_by_id = None
    _interpreter_changed(db, view, by=user)
    return view


def _interpreter_changed(db: Session, view: AppointmentView, by: User) -> None:
    appointment = view.appointment
    appointment.sequence += 1  # the calendar event says "met tolk" or not
    appointment.updated_at = utcnow()
    db.add(appointment)
    organiser = appointment.organiser_id or (view.family.regisseur_id if view.family else None)
    _tell(db, appointment, {organiser} - {by.id, None})


def set_interpreter(db: Session, user: User, appointment_id: int, language: str) -> AppointmentView:
    """The organiser (or the regisseur) arranges, changes or removes ("") the interpreter; everyone is told."""
    view = _changeable(db, user, appointment_id)
    appointment = view.appointment
    _still_open(appointment)
    language = _interpreter_language(language)
    if language == appointment.interpreter_language:
        return view
    appointment.interpreter_language = language
    appointment.interpreter_requested_by_id = None
    _touched(db, user, view)
    return view
