"""The meldpunt's use-cases: the coordinator's queue of requests, one request in full (read is logged for the family),
its steps, intake notes, appointments with the family (and later the steungezin), and the conversations with the
meldpunt that other parts link to.

Plain functions taking the database session and the acting user; the caller commits. Errors the user can fix raise
`MeldpuntError` with a translated message (and the form field); objects the user may not see raise 404; a step out of
order raises `workflow.StepNotAllowed` (answered 409).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.appointments import services as appointments
from webapp.audit import services as audit
from webapp.auth import policy
from webapp.clock import LOCAL_TZ, age_on, today
from webapp.messages import services as messages
from webapp.models import (
    Appointment,
    AppointmentKind,
    AppointmentParticipant,
    AuditAction,
    Conversation,
    Family,
    Household,
    IntakeNote,
    MatchStatus,
    Organisation,
    RespiteMatch,
    RespiteRequest,
    RespiteRequestChild,
    RespiteRequestEvent,
    Role,
    User,
    UserRole,
)
from webapp.models.respite import RequestStatus
from webapp.notify import outbox
from webapp.respite import choices, workflow
from webapp.respite.workflow import Actor, StepNotAllowed

R = RequestStatus
OBJECT_TYPE = "steunaanvraag"  # what the family reads in its access log (webapp/labels.py)
MAX_NOTE = 4000
MAX_END_NOTE = 1000
PLAN_KINDS = (AppointmentKind.INTAKE, AppointmentKind.KENNISMAKING, AppointmentKind.EVALUATIE)

# The steps the request page offers. The other coordinator steps belong to the part that does the work with them:
# proposing a household (matching: zoeken -> voorgesteld), withdrawing a proposal (matches: voorgesteld -> zoeken),
# starting the trial, continuing after the evaluation and the goodbye (followup). Stopping here is possible while no
# household is involved; once a proposal or match exists, it is stopped there, so the match is ended with it.
PAGE_STEPS: dict[R, tuple[R, ...]] = {
    R.NIEUW: (R.INTAKE, R.GESTOPT),
    R.INTAKE: (R.ZOEKEN, R.GESTOPT),
    R.ZOEKEN: (R.GESTOPT,),
}

# The status as the coordinator reads it in her queue.
STATUS_LABELS = {
    R.CONCEPT: _l("Concept"),
    R.NIEUW: _l("Nieuw"),
    R.INTAKE: _l("Intake"),
    R.ZOEKEN: _l("Zoeken"),
    R.VOORGESTELD: _l("Voorgesteld"),
    R.KENNISMAKING: _l("Kennismaking"),
    R.PROEFPERIODE: _l("Proefperiode"),
    R.LOPEND: _l("Lopend"),
    R.AFGESLOTEN: _l("Afgesloten"),
    R.GESTOPT: _l("Gestopt"),
}

# The buttons for the steps of the request page.
STEP_LABELS = {
    R.INTAKE: _l("Intake begint"),
    R.ZOEKEN: _l("Intake klaar: zoek een steungezin"),
    R.GESTOPT: _l("Aanvraag stoppen"),
}

# The filter on the queue: open requests (default), every request, or one status.
QUEUE_FILTERS = ("open", "alle", *(s.value for s in R if s is not R.CONCEPT))


class MeldpuntError(ValueError):
    """A problem the coordinator can fix; the message is translated. `field`: the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --- the queue -----------------------------------------------------------------------------------------------------


@dataclass
class QueueRow:
    request: RespiteRequest
    gemeente: str
    waiting_days: int  # since the request was sent
    child_ages: list[int | None] = field(default_factory=list)  # no names in the list


def require_coordinator(user: User) -> int:
    """The meldpunt this user coordinates, or 404."""
    if not policy.is_coordinator_of(user, user.organisation_id):
        raise NotFound()
    return user.organisation_id


def queue(db: Session, coordinator: User, status_filter: str = "open") -> list[QueueRow]:
    """The requests of her meldpunt that were sent (never a draft), the longest waiting first. Two statements: the
    requests with their gemeente, then the ages of all their children."""
    meldpunt_id = require_coordinator(coordinator)
    statement = (
        select(RespiteRequest, Organisation.name)
        .outerjoin(Organisation, Organisation.id == RespiteRequest.gemeente_id)
        .where(RespiteRequest.meldpunt_id == meldpunt_id, RespiteRequest.status != R.CONCEPT)
        .order_by(RespiteRequest.submitted_at, RespiteRequest.id)
    )
    if status_filter == "open" or status_filter not in QUEUE_FILTERS:
        statement = statement.where(RespiteRequest.status.in_(workflow.OPEN_REQUEST))
    elif status_filter != "alle":
        statement = statement.where(RespiteRequest.status == status_filter)
    rows = db.exec(statement).all()
    day = today()  # the waiting days count local dates
    ages: dict[int, list[int | None]] = {}
    if rows:
        children = db.exec(
            select(RespiteRequestChild.request_id, User.birth_date)
            .join(User, User.id == RespiteRequestChild.user_id)
            .where(RespiteRequestChild.request_id.in_([r.id for r, _g in rows]))
        )
        for request_id, birth_date in children:
            ages.setdefault(request_id, []).append(age_on(birth_date, day) if birth_date else None)
    return [
        QueueRow(
            request,
            gemeente or "",
            waiting_days(request, day),
            sorted(ages.get(request.id, []), key=lambda a: (a is None, a)),
        )
        for request, gemeente in rows
    ]


def waiting_days(request: RespiteRequest, day: date) -> int:
    if request.submitted_at is None:
        return 0
    return max(0, (day - _local_date(request.submitted_at)).days)


def _local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


# --- one request -----------------------------------------------------------------------------------------------


@dataclass
class RequestDetail:
    request: RespiteRequest
    family: Family
    gemeente: str
    children: list[User]
    history: list[tuple[RespiteRequestEvent, str]]  # with the actor's name
    notes: list[tuple[IntakeNote, str]]  # with the author's name
    steps: tuple[R, ...]
    appointments: list[Appointment]
    invitable: list[User]
    match: RespiteMatch | None  # the accepted match, once there is one


def get_request(db: Session, coordinator: User, request_id: int) -> tuple[RespiteRequest, Family]:
    """A sent request of her meldpunt, or 404 (also for a draft, and for another meldpunt's request)."""
    request = db.get(RespiteRequest, request_id)
    family = db.get(Family, request.family_id) if request else None
    if family is None or not policy.can_handle_respite_request(coordinator, request):
        raise NotFound()
    return request, family


def request_detail(db: Session, coordinator: User, request_id: int) -> RequestDetail:
    """Everything the coordinator needs on the request page. Every open is a row in the family's access log."""
    request, family = get_request(db, coordinator, request_id)
    audit.record(db, coordinator, AuditAction.READ, family, OBJECT_TYPE, request.id)
    children = list(
        db.exec(
            select(User)
            .join(RespiteRequestChild, RespiteRequestChild.user_id == User.id)
            .where(RespiteRequestChild.request_id == request.id)
            .order_by(User.birth_date.desc(), User.name)
        )
    )
    history_rows = db.exec(
        select(RespiteRequestEvent, User.name)
        .outerjoin(User, User.id == RespiteRequestEvent.actor_id)
        .where(RespiteRequestEvent.request_id == request.id)
        .order_by(RespiteRequestEvent.at, RespiteRequestEvent.id)
    ).all()
    gemeente = db.get(Organisation, request.gemeente_id) if request.gemeente_id else None
    match = accepted_match(db, request)
    return RequestDetail(
        request=request,
        family=family,
        gemeente=gemeente.name if gemeente else "",
        children=children,
        history=[(event, name or "") for event, name in history_rows],
        notes=notes(db, coordinator, request),
        steps=PAGE_STEPS.get(R(request.status), ()),
        appointments=list(
            db.exec(
                select(Appointment)
                .where(Appointment.respite_request_id == request.id)
                .order_by(Appointment.starts_at.desc())
            )
        ),
        invitable=invitable(db, coordinator, request, family, match),
        match=match,
    )


def accepted_match(db: Session, request: RespiteRequest) -> RespiteMatch | None:
    return db.exec(
        select(RespiteMatch).where(RespiteMatch.request_id == request.id, RespiteMatch.status == MatchStatus.AKKOORD)
    ).first()


# --- steps -----------------------------------------------------------------------------------------------------


def take_step(
    db: Session, coordinator: User, request_id: int, target: str, reason: str = "", note: str = ""
) -> RespiteRequestEvent:
    """One step from the request page (see PAGE_STEPS); anything else answers 409. Stopping needs a reason from
    choices.END_REASONS and may have a note. The family's carers are told (a push that says nothing of what)."""
    request, family = get_request(db, coordinator, request_id)
    try:
        wanted = R(target)
    except ValueError:
        raise StepNotAllowed(f"{request.status} -> {target!r}") from None
    if wanted not in PAGE_STEPS.get(R(request.status), ()):
        raise StepNotAllowed(f"{request.status} -> {wanted} from the meldpunt page")
    note = (note or "").strip()
    if wanted is R.GESTOPT:
        if reason not in choices.END_REASONS:
            raise MeldpuntError(_("Kies waarom de aanvraag stopt."), "reason")
        if len(note) > MAX_END_NOTE:
            raise MeldpuntError(
                _("Deze uitleg is te lang. Hij mag hoogstens %(n)s tekens hebben.", n=MAX_END_NOTE), "note"
            )
        if reason == "anders" and not note:
            raise MeldpuntError(_("Schrijf in een paar woorden waarom de aanvraag stopt."), "note")
        request.end_reason, request.end_note = reason, note
    event = workflow.move_request(db, request, wanted, Actor.COORDINATOR, coordinator, note=note)
    audit.record(db, coordinator, AuditAction.CHANGE, family, OBJECT_TYPE, request.id)
    outbox.enqueue(db, carer_ids(family), "steun", f"/steuntje/{request.id}", f"steun-aanvraag-{request.id}")
    return event


def carer_ids(family: Family) -> set[int]:
    """The family's parents and foster parents with a login: who hears about the request."""
    return {
        m.user_id
        for m in family.members
        if m.relation in policy.RESPITE_CARER_RELATIONS and m.user.has_login and m.user.active
    }


# --- intake notes ----------------------------------------------------------------------------------------------


def notes(db: Session, coordinator: User, request: RespiteRequest) -> list[tuple[IntakeNote, str]]:
    """The intake notes on a request, newest first: only for coordinators of its meldpunt."""
    if not policy.can_handle_respite_request(coordinator, request):
        raise NotFound()
    rows = db.exec(
        select(IntakeNote, User.name)
        .outerjoin(User, User.id == IntakeNote.author_id)
        .where(IntakeNote.request_id == request.id)
        .order_by(IntakeNote.created_at.desc(), IntakeNote.id.desc())
    ).all()
    return [(note, name or "") for note, name in rows]


def add_note(db: Session, coordinator: User, request_id: int, text: str) -> IntakeNote:
    request, family = get_request(db, coordinator, request_id)
    text = (text or "").strip()
    if not text:
        raise MeldpuntError(_("Schrijf eerst je notitie."), "text")
    if len(text) > MAX_NOTE:
        raise MeldpuntError(_("Deze notitie is te lang. Hij mag hoogstens %(n)s tekens hebben.", n=MAX_NOTE), "text")
    note = IntakeNote(request_id=request.id, author_id=coordinator.id, text=text)
    db.add(note)
    audit.record(db, coordinator, AuditAction.CHANGE, family, OBJECT_TYPE, request.id)
    return note


# --- appointments ----------------------------------------------------------------------------------------------


def invitable(
    db: Session, coordinator: User, request: RespiteRequest, family: Family, match: RespiteMatch | None = None
) -> list[User]:
    """Who the coordinator may invite: the family's members with an account (the children for the request first),
    the household's account once both sides accepted, and her colleagues at the meldpunt."""
    children = set(db.exec(select(RespiteRequestChild.user_id).where(RespiteRequestChild.request_id == request.id)))
    people = [m.user for m in family.members if m.user.has_login and m.user.active]
    people.sort(key=lambda u: (u.id not in carer_ids(family), u.id not in children, u.name))
    if match is not None:
        household = db.get(Household, match.household_id)
        host = db.get(User, household.user_id) if household and household.user_id else None
        if host is not None and host.active:
            people.append(host)
    colleagues = db.exec(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            User.organisation_id == request.meldpunt_id,
            User.active,
            UserRole.role == Role.COORDINATOR,
            User.id != coordinator.id,
        )
        .order_by(User.name)
    )
    return people + list(colleagues)


def interpreter_languages(family: Family, request: RespiteRequest) -> list[str]:
    """The interpreter languages to offer first: those the family reads OnsPlan in and speaks at home."""
    return appointments.family_languages(family, tuple(request.home_languages or ()))


def plan_appointment(
    db: Session,
    coordinator: User,
    request: RespiteRequest,
    kind: str,
    starts_at: datetime,
    place: str,
    participant_ids: list[int] | set[int],
    duration_minutes: int = 60,
    interpreter_language: str = "",
) -> Appointment:
    """Plan an intake, kennismaking or evaluation for a request, with the coordinator as organiser and participant.

    `starts_at`: an Amsterdam wall-clock time (naive, as typed) or an aware datetime. `place`: an address, or an
    https:// link for a video call. `interpreter_language`: a tolk in this language (appointments.INTERPRETER_LANGUAGES),
    so no child interprets for a parent. The participants come from `invitable` (others answer 404). The appointment is an
    ordinary one (answers, .ics, agenda, reminders and the push to the participants keep working) that belongs to
    the family and the request. Planning the intake of a new request moves it to intake.
    """
    request, family = get_request(db, coordinator, request.id)
    if kind not in PLAN_KINDS:
        raise MeldpuntError(_("Kies wat voor afspraak het is."), "kind")
    if starts_at.tzinfo is not None:
        starts_at = starts_at.astimezone(LOCAL_TZ).replace(tzinfo=None)
    place = (place or "").strip()
    is_link = place.lower().startswith(("https://", "http://"))
    details = appointments.Details(
        kind=kind,
        starts_local=starts_at,
        duration_minutes=duration_minutes,
        place="" if is_link else place,
        video_url=place if is_link else "",
        interpreter_language=interpreter_language or "",
    )
    allowed = {u.id for u in invitable(db, coordinator, request, family, accepted_match(db, request))}
    chosen = {int(i) for i in participant_ids}
    if chosen - allowed - {coordinator.id}:
        raise NotFound()
    try:
        appointment = appointments.plan_for_respite(db, coordinator, family, request.id, details, chosen)
    except appointments.AppointmentError as problem:
        raise MeldpuntError(str(problem)) from None
    if kind == AppointmentKind.INTAKE and request.status == R.NIEUW:
        workflow.move_request(db, request, R.INTAKE, Actor.COORDINATOR, coordinator)
    return appointment


def participants_of(db: Session, appointment_ids: list[int]) -> dict[int, list[User]]:
    """Who takes part in each of these appointments (one statement), for the request page."""
    if not appointment_ids:
        return {}
    found: dict[int, list[User]] = {}
    for appointment_id, person in db.exec(
        select(AppointmentParticipant.appointment_id, User)
        .join(User, User.id == AppointmentParticipant.user_id)
        .where(AppointmentParticipant.appointment_id.in_(appointment_ids))
        .order_by(User.name)
    ):
        found.setdefault(appointment_id, []).append(person)
    return found


# --- conversations with the meldpunt (for every part) ---------------------------------------------------------


def request_conversation(db: Session, user: User, request: RespiteRequest) -> Conversation:
    """The conversation about `request` between the family's carers and the meldpunt's coordinators (get or create).
    `user`: a carer of the family or a coordinator of its meldpunt; anyone else (and a draft, for a coordinator)
    answers 404."""
    family = db.get(Family, request.family_id)
    if family is None or not policy.can_read_request_conversation(user, family, request):
        raise NotFound()
    return messages.ensure_request_conversation(db, request)


def household_conversation(db: Session, user: User, household: Household) -> Conversation:
    """The conversation between a volunteer household's account and its meldpunt's coordinators (get or create).
    `user`: the household's account or a coordinator of its meldpunt; anyone else answers 404."""
    if not policy.can_read_household_conversation(user, household):
        raise NotFound()
    return messages.ensure_household_conversation(db, household)


def request_conversation_for(db: Session, coordinator: User, request_id: int) -> Conversation:
    """For the request page's "Bericht aan het gezin"."""
    request, _family = get_request(db, coordinator, request_id)
    return request_conversation(db, coordinator, request)
