"""After the first meeting: the trial period with its check-ins, the evaluation, the six-monthly reviews, stopping and
the planned goodbye. Access goes through webapp/auth/policy.py; the request's steps through webapp/respite/workflow.py.

Plain functions taking the database session and the acting user; the caller commits. A match nobody may see here
(a stranger, a proposal not accepted by both sides) raises 404; a step out of order raises `StepNotAllowed` (409);
a problem the user can fix raises `FollowupError` with a translated message.

Who sees what: the coordinators of the meldpunt see every check-in with its answers; each side sees its own answers
and, of the other side, only whether it filled its check-in in (so both can say honestly how it goes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlmodel import Session, delete, select
from werkzeug.exceptions import NotFound

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.clock import today, utcnow
from webapp.models import (
    Appointment,
    AppointmentKind,
    AuditAction,
    CheckIn,
    Family,
    FamilyMember,
    Household,
    IntakeNote,
    RespiteMatch,
    RespiteRequest,
    Role,
    User,
    UserRole,
)
from webapp.models.respite import CheckInSide, MatchStatus, RequestStatus
from webapp.notify import outbox
from webapp.respite import choices, workflow
from webapp.respite.followup import checkins
from webapp.respite.meldpunt import services as meldpunt
from webapp.respite.workflow import Actor, StepNotAllowed

R = RequestStatus
OBJECT_TYPE = "steunaanvraag"  # the access-log object (as the meldpunt part logs it): the family's request
FACES = {
    3: _l("Goed"),
    2: _l("Gaat wel"),
    1: _l("Niet goed"),
}
FACE_ICONS = {3: "🙂", 2: "😐", 1: "🙁"}
MAX_TRIAL_DAYS = 26 * 7  # a trial of at most half a year
START_WINDOW = timedelta(days=60)  # a trial may be recorded up to two months late, or planned two months ahead
GOING = (R.PROEFPERIODE, R.LOPEND)  # the household is at work with the family and check-ins are asked


class FollowupError(ValueError):
    """A problem the user can fix; the message is translated. `field`: the form field it belongs to, if one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class MatchView:
    match: RespiteMatch
    request: RespiteRequest
    family: Family
    household: Household
    is_coordinator: bool
    is_carer: bool
    is_household: bool

    @property
    def side(self) -> str | None:
        """The side this user is on (None for a coordinator)."""
        if self.is_carer:
            return CheckInSide.GEZIN
        if self.is_household:
            return CheckInSide.STEUNGEZIN
        return None

    @property
    def ended(self) -> bool:
        return self.match.status == MatchStatus.BEEINDIGD


@dataclass
class CheckInView:
    checkin: CheckIn
    view: MatchView
    can_answer: bool  # this user's side, due and not answered yet, the match still going

    @property
    def answered(self) -> bool:
        return self.checkin.answered_at is not None


@dataclass
class TimelineItem:
    checkin: CheckIn
    label: str
    state: str  # "klaar" (answered), "open" (due), "later", "gemist" (not answered and the match moved on)
    mine: bool  # the viewer's own side: a link to fill it in or read it
    shows_answer: bool  # the viewer may read the faces and the note

    @property
    def side_text(self) -> str:
        return side_label(self.checkin.side)

    @property
    def face_text(self) -> str:
        return face_text(self.checkin.face) if self.shows_answer else ""

    @property
    def child_face_text(self) -> str:
        return face_text(self.checkin.child_face) if self.shows_answer else ""


@dataclass
class Timeline:
    match: RespiteMatch
    request: RespiteRequest
    trial_starts_on: date | None
    trial_ends_on: date | None
    next_review_on: date | None
    items: list[TimelineItem] = field(default_factory=list)


@dataclass
class SummaryRow:
    """One moment of the evaluation summary: each side's face (and the child's), answered or not."""

    moment: str
    label: str
    due_on: date
    gezin: CheckIn | None
    steungezin: CheckIn | None


# --- finding ---------------------------------------------------------------------------------------------------


def moment_label(moment: str) -> str:
    number = checkins.review_number(moment)
    if number is not None:
        return _("Evaluatie %(number)s", number=number)
    return _("Week %(week)s", week=moment.removeprefix("week"))


def face_text(value: int | None) -> str:
    """ "🙂 Goed": the face with its word (empty when not answered)."""
    return f"{FACE_ICONS[value]} {FACES[value]}" if value in FACES else ""


def side_label(side: str) -> str:
    return _("Gezin") if side == CheckInSide.GEZIN else _("Steungezin")


def get_match(db: Session, user: User, match_id: int) -> MatchView:
    """A match both sides accepted, for a carer of the family, the household's own account or a coordinator of the
    meldpunt; 404 for anyone else and for proposals (their pages belong to the proposal part)."""
    match = db.get(RespiteMatch, match_id)
    if match is None or match.accepted_at is None or match.status not in (MatchStatus.AKKOORD, MatchStatus.BEEINDIGD):
        raise NotFound()
    request = db.get(RespiteRequest, match.request_id)
    family = db.get(Family, request.family_id)
    household = db.get(Household, match.household_id)
    if not policy.can_view_respite_match(user, family, request, household, match):
        raise NotFound()
    return MatchView(
        match,
        request,
        family,
        household,
        is_coordinator=policy.is_coordinator_of(user, request.meldpunt_id),
        is_carer=policy.is_respite_carer(user, family),
        is_household=policy.is_household_user(user, household),
    )


def coordinated(db: Session, user: User, match_id: int) -> MatchView:
    view = get_match(db, user, match_id)
    if not policy.can_handle_respite_request(user, view.request):
        raise NotFound()
    return view


def _checkins_of(db: Session, match_id: int) -> list[CheckIn]:
    return list(db.exec(select(CheckIn).where(CheckIn.match_id == match_id).order_by(CheckIn.due_on, CheckIn.id)))


def log_read(db: Session, user: User, view: MatchView) -> None:
    """A coordinator reading a family's check-ins is a row in the access log the family sees."""
    if view.is_coordinator:
        audit.record(db, user, AuditAction.READ, view.family, OBJECT_TYPE, view.request.id)


def get_checkin(db: Session, user: User, checkin_id: int) -> CheckInView:
    """A check-in for its own side or a coordinator of the meldpunt; 404 for the other side and strangers."""
    checkin = db.get(CheckIn, checkin_id)
    if checkin is None:
        raise NotFound()
    view = get_match(db, user, checkin.match_id)
    if not policy.can_see_checkin_answer(user, view.family, view.request, view.household, checkin.side):
        raise NotFound()
    if checkin.side == CheckInSide.GEZIN:
        log_read(db, user, view)
    can_answer = (
        checkin.answered_at is None
        and checkin.due_on <= today()
        and not view.ended
        and view.request.status in GOING
        and policy.can_answer_checkin(user, view.family, view.household, checkin.side)
    )
    return CheckInView(checkin, view, can_answer)


def timeline(db: Session, user: User, match_id: int) -> Timeline:
    """Trial dates, the check-ins with their state, and the next review, as this user may see them."""
    view = get_match(db, user, match_id)
    return _timeline(db, user, view)


def _timeline(db: Session, user: User, view: MatchView) -> Timeline:
    day = today()
    going = not view.ended and view.request.status in GOING
    items = []
    for checkin in _checkins_of(db, view.match.id):
        if checkin.answered_at is not None:
            state = "klaar"
        elif not going:
            state = "gemist"
        else:
            state = "open" if checkin.due_on <= day else "later"
        shows = policy.can_see_checkin_answer(user, view.family, view.request, view.household, checkin.side)
        items.append(
            TimelineItem(
                checkin, moment_label(checkin.moment), state, mine=checkin.side == view.side, shows_answer=shows
            )
        )
    return Timeline(
        view.match,
        view.request,
        view.match.trial_starts_on,
        view.match.trial_ends_on,
        view.match.next_review_on if not view.ended else None,
        items,
    )


@dataclass
class OpenCheckIn:
    checkin: CheckIn
    label: str
    match_id: int
    with_whom: str  # the family's name for the steungezin, the household's contact name for the family


def open_checkins(db: Session, user: User) -> list[OpenCheckIn]:
    """Check-ins this user must fill in now (due, not answered, the match still going): for the steungezin's page and
    the family's home."""
    if not user.active:
        return []
    day = today()
    going = (
        (RespiteMatch.status == MatchStatus.AKKOORD)
        & RespiteRequest.status.in_([s.value for s in GOING])
        & CheckIn.answered_at.is_(None)
        & (CheckIn.due_on <= day)
    )
    carer_families = select(FamilyMember.family_id).where(
        FamilyMember.user_id == user.id, FamilyMember.relation.in_([r.value for r in policy.RESPITE_CARER_RELATIONS])
    )
    mine = ((CheckIn.side == CheckInSide.GEZIN) & RespiteRequest.family_id.in_(carer_families)) | (
        (CheckIn.side == CheckInSide.STEUNGEZIN) & (Household.user_id == user.id)
    )
    rows = db.exec(
        select(CheckIn, RespiteMatch, Family, Household)
        .join(RespiteMatch, RespiteMatch.id == CheckIn.match_id)
        .join(RespiteRequest, RespiteRequest.id == RespiteMatch.request_id)
        .join(Family, Family.id == RespiteRequest.family_id)
        .join(Household, Household.id == RespiteMatch.household_id)
        .where(going, mine)
        .order_by(CheckIn.due_on, CheckIn.id)
    ).all()
    return [
        OpenCheckIn(
            checkin,
            moment_label(checkin.moment),
            match.id,
            household.contact_name if checkin.side == CheckInSide.GEZIN else _("gezin %(name)s", name=family.name),
        )
        for checkin, match, family, household in rows
    ]


def summary(db: Session, user: User, match_id: int) -> tuple[MatchView, list[SummaryRow]]:
    """The evaluation's overview for a coordinator: per moment, the faces (and notes) of both sides."""
    view = coordinated(db, user, match_id)
    log_read(db, user, view)
    rows: dict[str, SummaryRow] = {}
    for checkin in _checkins_of(db, match_id):
        row = rows.setdefault(
            checkin.moment, SummaryRow(checkin.moment, moment_label(checkin.moment), checkin.due_on, None, None)
        )
        setattr(row, checkin.side, checkin)
    return view, list(rows.values())


# --- telling people ----------------------------------------------------------------------------------------------


def _carer_ids(family: Family) -> set[int]:
    return {m.user_id for m in family.members if m.relation in policy.RESPITE_CARER_RELATIONS and m.user.active}


def coordinator_ids(db: Session, meldpunt_id: int | None) -> set[int]:
    if meldpunt_id is None:
        return set()
    rows = db.exec(
        select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.organisation_id == meldpunt_id, User.active, UserRole.role == Role.COORDINATOR)
    )
    return set(rows.all())


def _tell(db: Session, view: MatchView, user_ids: set[int], actor: User | None) -> None:
    """One generic push ("Er is nieuws over Steuntje in de rug") per person, with the follow-up page as target."""
    others = set(user_ids) - {actor.id if actor else None, None}
    outbox.enqueue(db, others, "steun", f"/steuntje/verloop/{view.match.id}", f"steun-verloop-{view.match.id}")


def _sides(view: MatchView) -> set[int]:
    return _carer_ids(view.family) | ({view.household.user_id} if view.household.user_id else set())


# --- the trial period --------------------------------------------------------------------------------------------


def _plan(db: Session, match: RespiteMatch, moments: list[checkins.Moment]) -> list[CheckIn]:
    planned = [
        CheckIn(match_id=match.id, side=side, moment=moment.moment, due_on=moment.due_on)
        for moment in moments
        for side in checkins.SIDES
    ]
    db.add_all(planned)
    return planned


def check_trial_dates(starts_on: date | None, ends_on: date | None) -> tuple[date, date]:
    """The first and last day of the trial: today and eight weeks later unless chosen; within sensible bounds."""
    day = today()
    starts_on = starts_on or day
    if abs(starts_on - day) > START_WINDOW:
        raise FollowupError(_("Kies een eerste dag binnen twee maanden van vandaag."), "starts_on")
    ends_on = ends_on or checkins.default_trial_end(starts_on)
    if ends_on <= starts_on + timedelta(weeks=2):
        raise FollowupError(_("De proefperiode duurt langer dan twee weken. Kies een latere laatste dag."), "ends_on")
    if (ends_on - starts_on).days > MAX_TRIAL_DAYS:
        raise FollowupError(
            _("Een proefperiode duurt hoogstens een half jaar. Kies een eerdere laatste dag."), "ends_on"
        )
    return starts_on, ends_on


def start_trial(
    db: Session, coordinator: User, match_id: int, starts_on: date | None = None, ends_on: date | None = None
) -> RespiteMatch:
    """After the kennismaking the coordinator starts the trial: check-ins for both sides in weeks 2, 4 and 8."""
    view = coordinated(db, coordinator, match_id)
    if view.match.status != MatchStatus.AKKOORD:
        raise StepNotAllowed("the match ended")
    starts_on, ends_on = check_trial_dates(starts_on, ends_on)
    workflow.move_request(db, view.request, R.PROEFPERIODE, Actor.COORDINATOR, coordinator)
    view.match.trial_starts_on, view.match.trial_ends_on = starts_on, ends_on
    db.add(view.match)
    db.flush()
    _plan(db, view.match, checkins.trial_moments(starts_on, ends_on))
    audit.record(db, coordinator, AuditAction.CHANGE, view.family, OBJECT_TYPE, view.request.id)
    _tell(db, view, _sides(view), coordinator)
    return view.match


def answer_checkin(
    db: Session, user: User, checkin_id: int, *, face: int, note: str = "", child_face: int | None = None
) -> CheckIn:
    """The side it belongs to answers once; a second answer (or one after the match ended) is a step out of order."""
    found = get_checkin(db, user, checkin_id)
    checkin, view = found.checkin, found.view
    if not policy.can_answer_checkin(user, view.family, view.household, checkin.side):
        raise NotFound()
    if not found.can_answer:
        raise StepNotAllowed("check-in answered or the match is not going")
    if face not in FACES:
        raise FollowupError(_("Kies hoe het gaat."), "face")
    if child_face is not None and (child_face not in FACES or checkin.side != CheckInSide.GEZIN):
        raise FollowupError(_("Kies een gezicht, of laat deze vraag leeg."), "child_face")
    note = note.strip()
    if len(note) > 1000:
        raise FollowupError(_("Je tekst is te lang. Hij mag hoogstens 1000 tekens hebben."), "note")
    checkin.face, checkin.child_face, checkin.note = face, child_face, note
    checkin.answered_at, checkin.answered_by_id = utcnow(), user.id
    db.add(checkin)
    if face == 1 or child_face == 1:  # not going well: the coordinator hears it now, not at the evaluation
        _tell(db, view, coordinator_ids(db, view.request.meldpunt_id), user)
    return checkin


def notify_due_checkins(db: Session) -> int:
    """Worker job: one generic push per check-in that fell due and whose side was not told yet. Each row is claimed
    with a conditional update, so two workers never tell one side twice. Returns how many check-ins were told."""
    day = today()
    due = db.exec(
        select(CheckIn, RespiteMatch, RespiteRequest, Household)
        .join(RespiteMatch, RespiteMatch.id == CheckIn.match_id)
        .join(RespiteRequest, RespiteRequest.id == RespiteMatch.request_id)
        .join(Household, Household.id == RespiteMatch.household_id)
        .where(
            CheckIn.due_on <= day,
            CheckIn.answered_at.is_(None),
            CheckIn.reminded_at.is_(None),
            RespiteMatch.status == MatchStatus.AKKOORD,
            RespiteRequest.status.in_([s.value for s in GOING]),
        )
        .order_by(CheckIn.id)
    ).all()
    told = 0
    for checkin, _match, request, household in due:
        claimed = db.exec(
            update(CheckIn)
            .where(CheckIn.id == checkin.id, CheckIn.reminded_at.is_(None))
            .values(reminded_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            continue
        if checkin.side == CheckInSide.GEZIN:
            family = db.get(Family, request.family_id)
            people = _carer_ids(family)
        else:
            people = {household.user_id} if household.user_id else set()
        outbox.enqueue(db, people, "steun", f"/steuntje/verloop/checkin/{checkin.id}", f"steun-checkin-{checkin.id}")
        told += 1
    return told


# --- the evaluation and the reviews -------------------------------------------------------------------------------

OUTCOMES = {
    "doorgaan": _l("Het gaat goed: we gaan door"),
    "opnieuw_zoeken": _l("Dit steungezin past niet: we zoeken een ander steungezin"),
    "stoppen": _l("We stoppen met Steuntje in de rug"),
}


def _note(db: Session, coordinator: User, view: MatchView, text: str) -> None:
    """The coordinator's words about an evaluation or review: visible only to coordinators of the meldpunt."""
    text = text.strip()
    if text:
        db.add(IntakeNote(request_id=view.request.id, author_id=coordinator.id, text=text[:4000]))


def _next_review_number(db: Session, match: RespiteMatch) -> int:
    numbers = [checkins.review_number(c.moment) for c in _checkins_of(db, match.id)]
    return max([n for n in numbers if n is not None], default=0) + 1


def _plan_review(db: Session, view: MatchView, after: date, number: int) -> None:
    review_on = checkins.next_review_on(after)
    view.match.next_review_on = review_on
    db.add(view.match)
    _plan(db, view.match, [checkins.review_moment(number, review_on, today())])


def plan_evaluation(db: Session, coordinator: User, match_id: int, starts_at: datetime, place: str) -> Appointment:
    """The evaluation talk (after the trial, or a six-monthly review) with the family's parents and the steungezin,
    planned through the meldpunt's appointments (answers, agenda, reminders and .ics as for any appointment)."""
    view = coordinated(db, coordinator, match_id)
    if view.match.status != MatchStatus.AKKOORD or view.request.status not in GOING:
        raise StepNotAllowed("evaluation outside the trial or lopend")
    people = {
        m.user_id
        for m in view.family.members
        if m.relation in policy.RESPITE_CARER_RELATIONS and m.user.has_login and m.user.active
    }
    if view.household.user_id:
        people.add(view.household.user_id)
    try:
        return meldpunt.plan_appointment(
            db, coordinator, view.request, AppointmentKind.EVALUATIE, starts_at, place, people | {coordinator.id}
        )
    except meldpunt.MeldpuntError as problem:
        raise FollowupError(str(problem), problem.field) from None


def _check_reason(reason: str) -> str:
    if reason not in choices.END_REASONS:
        raise FollowupError(_("Kies een reden."), "reason")
    return reason


def record_evaluation(
    db: Session, coordinator: User, match_id: int, outcome: str, *, reason: str = "", note: str = ""
) -> RespiteMatch:
    """The outcome of the trial's evaluation: go on (lopend, a review in six months with check-ins before it), look
    for another steungezin (zoeken), or stop (gestopt). Only during the trial."""
    view = coordinated(db, coordinator, match_id)
    if outcome not in OUTCOMES:
        raise FollowupError(_("Kies wat jullie hebben besloten."), "outcome")
    if view.match.status != MatchStatus.AKKOORD or view.request.status != R.PROEFPERIODE:
        raise StepNotAllowed("evaluation outside the trial")
    if outcome == "doorgaan":
        workflow.move_request(db, view.request, R.LOPEND, Actor.COORDINATOR, coordinator)
        _plan_review(db, view, today(), _next_review_number(db, view.match))
    else:
        reason = _check_reason(reason)
        target = R.ZOEKEN if outcome == "opnieuw_zoeken" else R.GESTOPT
        _end(db, coordinator, view, target, Actor.COORDINATOR, reason, "")  # the note stays with the coordinators
    _note(db, coordinator, view, note)
    audit.record(db, coordinator, AuditAction.CHANGE, view.family, OBJECT_TYPE, view.request.id)
    _tell(db, view, _sides(view), coordinator)
    return view.match


def record_review(db: Session, coordinator: User, match_id: int, *, note: str = "") -> RespiteMatch:
    """A six-monthly review took place: the next one is planned six months on, with check-ins before it."""
    view = coordinated(db, coordinator, match_id)
    if view.match.status != MatchStatus.AKKOORD or view.request.status != R.LOPEND:
        raise StepNotAllowed("review outside lopend")
    number = _next_review_number(db, view.match)
    # Check-ins of the review just held that nobody filled in are not asked any more.
    db.exec(
        delete(CheckIn).where(
            CheckIn.match_id == view.match.id, CheckIn.answered_at.is_(None), CheckIn.moment.startswith("review")
        )
    )
    _plan_review(db, view, today(), number)
    _note(db, coordinator, view, note)
    audit.record(db, coordinator, AuditAction.CHANGE, view.family, OBJECT_TYPE, view.request.id)
    _tell(db, view, _sides(view), coordinator)
    return view.match


# --- stopping and the goodbye --------------------------------------------------------------------------------------


def _end(db: Session, user: User, view: MatchView, target: R, actor: Actor, reason: str, note: str) -> RespiteMatch:
    """End the match and take the request's step; unanswered check-ins are no longer asked. `note` is kept on the
    match for the coordinators and whoever wrote it (the coordinator's goodbye is read by both sides, see
    `shows_end_note`); the family's request history gets a note the family wrote or the goodbye, never the household's
    words."""
    note = note.strip()
    if len(note) > 1000:
        raise FollowupError(_("Je tekst is te lang. Hij mag hoogstens 1000 tekens hebben."), "note")
    event_note = note if actor in (Actor.FAMILY, Actor.COORDINATOR) else ""
    workflow.move_request(db, view.request, target, actor, user, note=event_note)
    match = view.match
    match.status = MatchStatus.BEEINDIGD
    match.ended_at, match.ended_by_id = utcnow(), user.id
    match.end_reason, match.end_note = reason, note
    match.next_review_on = None
    db.add(match)
    if target in (R.GESTOPT, R.AFGESLOTEN):
        view.request.end_reason, view.request.end_note = reason, note
        db.add(view.request)
    db.exec(delete(CheckIn).where(CheckIn.match_id == match.id, CheckIn.answered_at.is_(None)))
    return match


def shows_end_note(user: User, view: MatchView) -> bool:
    """Why it ended, in someone's own words: the coordinators and the writer; the coordinator's goodbye note both sides."""
    match = view.match
    goodbye = view.request.status == R.AFGESLOTEN and match.ended_by_id != view.household.user_id
    return view.is_coordinator or match.ended_by_id == user.id or goodbye


def check_going(view: MatchView) -> None:
    if view.match.status != MatchStatus.AKKOORD or view.request.status not in workflow.MATCHED:
        raise StepNotAllowed("the match is not going")


def stop(db: Session, user: User, match_id: int, *, reason: str, note: str = "") -> RespiteMatch:
    """Either side stops at any time. A parent stops the request (gestopt); the steungezin stops its part and the
    request goes back to zoeken, so the meldpunt looks for another household. The others are told."""
    view = get_match(db, user, match_id)
    if not (view.is_carer or view.is_household):
        raise NotFound()
    check_going(view)
    reason = _check_reason(reason)
    if view.is_carer:
        _end(db, user, view, R.GESTOPT, Actor.FAMILY, reason, note)
    else:
        _end(db, user, view, R.ZOEKEN, Actor.HOUSEHOLD, reason, note)
    _tell(db, view, _sides(view) | coordinator_ids(db, view.request.meldpunt_id), user)
    return view.match


def close(db: Session, coordinator: User, match_id: int, *, reason: str, note: str = "") -> RespiteMatch:
    """The planned goodbye: the coordinator closes a trial or a running match (afgesloten) with a reason and a note."""
    view = coordinated(db, coordinator, match_id)
    check_going(view)
    reason = _check_reason(reason)
    if view.request.status not in (R.PROEFPERIODE, R.LOPEND):
        raise StepNotAllowed("close before the trial")
    _end(db, coordinator, view, R.AFGESLOTEN, Actor.COORDINATOR, reason, note)
    audit.record(db, coordinator, AuditAction.CHANGE, view.family, OBJECT_TYPE, view.request.id)
    _tell(db, view, _sides(view), coordinator)
    return view.match
