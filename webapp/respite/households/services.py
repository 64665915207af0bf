"""Volunteer households for the meldpunt: the list, the file, the screening checklist and its steps, the
coordinators' notes; and the volunteer's own view of the screening.

Plain functions taking the database session and the acting user; the caller commits. A household's data is seen
only by the coordinators of its meldpunt (everything else answers 404) and, in plain words, by the volunteer
(`my_screening`). Errors the user can fix raise `HouseholdError` with a translated message; a step out of order
raises `workflow.StepNotAllowed` (409). Religion, health and the like are never written to logs or pushes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.clock import to_local, today
from webapp.models import (
    Household,
    HouseholdAdult,
    HouseholdEvent,
    HouseholdReference,
    IntakeNote,
    Organisation,
    User,
)
from webapp.models.respite import HouseholdKind, HouseholdStatus
from webapp.notify import outbox
from webapp.respite import workflow
from webapp.respite.households.screening import REFERENCE_CONTEXTS, Checklist, checklist
from webapp.respite.meldpunt import services as meldpunt
from webapp.respite.workflow import Actor, StepNotAllowed

H = HouseholdStatus
VOLUNTEER_KINDS = (HouseholdKind.STEUNGEZIN, HouseholdKind.STEUNOUDER)
ROUTED_KINDS = (HouseholdKind.PLEEGGEZIN, HouseholdKind.GEZINSHUIS)
# The list's groups, in the order the coordinator works through them.
GROUPS = (
    (H.AANGEMELD,),
    (H.SCREENING,),
    (H.GOEDGEKEURD,),
    (H.GESTOPT, H.AFGEWEZEN),
)
STATUS_LABELS = {
    H.AANGEMELD: _l("Aangemeld"),
    H.SCREENING: _l("In screening"),
    H.GOEDGEKEURD: _l("Goedgekeurd"),
    H.AFGEWEZEN: _l("Afgewezen"),
    H.GESTOPT: _l("Gestopt"),
    H.DOORGESTUURD: _l("Doorgestuurd"),
}
KIND_NAMES = {
    HouseholdKind.STEUNGEZIN: _l("Steungezin"),
    HouseholdKind.STEUNOUDER: _l("Steunouder"),
    HouseholdKind.PLEEGGEZIN: _l("Pleeggezin"),
    HouseholdKind.GEZINSHUIS: _l("Gezinshuis"),
}
MAX_AGE = 17
MAX_CHILDREN = 6


class HouseholdError(ValueError):
    """A problem the user can fix; the message is translated. `field`: the form field it belongs to, if one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ScreeningIncomplete(StepNotAllowed):
    """Approval asked while the checklist is not complete (answered 409 with what is missing)."""


def _fmt(day: date) -> str:
    return format_date(day, "long")


# --- the coordinator's list ------------------------------------------------------------------------------------


@dataclass
class Row:
    household: Household
    checklist: Checklist
    waiting_days: int
    routed_to: str = ""


@dataclass
class HouseholdList:
    groups: list[tuple[tuple[str, ...], list[Row]]]  # (statuses, rows), in GROUPS order
    routed: list[Row]  # pleeggezin and gezinshuis sign-ups: shown apart with where they went


def _require_coordinator(user: User) -> int:
    """The meldpunt this coordinator works for; anyone else gets 404."""
    if not policy.is_coordinator_of(user, user.organisation_id):
        raise NotFound()
    return user.organisation_id


def list_for_coordinator(db: Session, user: User) -> HouseholdList:
    """The households of the coordinator's meldpunt by status, the longest waiting first, with the screening
    progress. Three statements: households (with the organisation they were sent to), adults, references."""
    meldpunt_id = _require_coordinator(user)
    rows = db.exec(
        select(Household, Organisation.name)
        .outerjoin(Organisation, Organisation.id == Household.routed_to_id)
        .where(Household.meldpunt_id == meldpunt_id)
        .order_by(Household.created_at, Household.id)
    ).all()
    ids = [household.id for household, _name in rows]
    adults, references = _rows_of(db, ids)
    now = today()
    groups: dict[str, list[Row]] = defaultdict(list)
    routed = []
    for household, routed_name in rows:
        row = Row(
            household,
            checklist(household, adults[household.id], references[household.id], _fmt),
            (now - to_local(household.created_at).date()).days,  # Dutch calendar days, as today()
            routed_name or "",
        )
        if household.kind in ROUTED_KINDS or household.status == H.DOORGESTUURD:
            routed.append(row)
        else:
            groups[household.status].append(row)
    return HouseholdList(
        [(statuses, [row for status in statuses for row in groups[status]]) for statuses in GROUPS], routed
    )


def _rows_of(db: Session, ids: list[int]) -> tuple[dict, dict]:
    adults: dict[int, list[HouseholdAdult]] = defaultdict(list)
    references: dict[int, list[HouseholdReference]] = defaultdict(list)
    if ids:
        for adult in db.exec(
            select(HouseholdAdult).where(HouseholdAdult.household_id.in_(ids)).order_by(HouseholdAdult.id)
        ):
            adults[adult.household_id].append(adult)
        for reference in db.exec(
            select(HouseholdReference).where(HouseholdReference.household_id.in_(ids)).order_by(HouseholdReference.id)
        ):
            references[reference.household_id].append(reference)
    return adults, references


# --- the household's file --------------------------------------------------------------------------------------


@dataclass
class HouseholdFile:
    household: Household
    adults: list[HouseholdAdult]
    references: list[HouseholdReference]
    checklist: Checklist
    notes: list[tuple[IntakeNote, str]]  # (note, author's name)
    history: list[tuple[HouseholdEvent, str]]  # (event, actor's name)
    routed_to: str
    account: User | None


def _household_for_coordinator(db: Session, user: User, household_id: int) -> Household:
    """The household if this user is a coordinator of its meldpunt, else 404 (the same whether it exists or not)."""
    household = db.get(Household, household_id)
    if household is None or not policy.is_coordinator_of(user, household.meldpunt_id):
        raise NotFound()
    return household


def get_file(db: Session, user: User, household_id: int) -> HouseholdFile:
    household = _household_for_coordinator(db, user, household_id)
    adults, references = _rows_of(db, [household.id])
    notes = db.exec(
        select(IntakeNote, User.name)
        .outerjoin(User, User.id == IntakeNote.author_id)
        .where(IntakeNote.household_id == household.id)
        .order_by(IntakeNote.created_at.desc(), IntakeNote.id.desc())
    ).all()
    history = db.exec(
        select(HouseholdEvent, User.name)
        .outerjoin(User, User.id == HouseholdEvent.actor_id)
        .where(HouseholdEvent.household_id == household.id)
        .order_by(HouseholdEvent.at, HouseholdEvent.id)
    ).all()
    routed = db.get(Organisation, household.routed_to_id) if household.routed_to_id else None
    return HouseholdFile(
        household,
        adults[household.id],
        references[household.id],
        checklist(household, adults[household.id], references[household.id], _fmt),
        [(note, name or "") for note, name in notes],
        [(event, name or "") for event, name in history],
        routed.name if routed else "",
        db.get(User, household.user_id) if household.user_id else None,
    )


# --- the screening items ---------------------------------------------------------------------------------------


def _not_in_future(day: date | None, field: str) -> None:
    if day is not None and day > today():
        raise HouseholdError(_("Deze datum ligt in de toekomst. Vul de datum in waarop het gebeurd is."), field)


def _still_open(household: Household) -> None:
    """Screening details change while the household is signed up or in screening (and a VOG or training can
    still be noted after approval); a decided household's file is closed."""
    if household.status in (H.AFGEWEZEN, H.GESTOPT, H.DOORGESTUURD):
        raise StepNotAllowed(f"household {household.id} is {household.status}")


def record_intake(db: Session, user: User, household_id: int, first: date | None, second: date | None) -> Household:
    """The dates of the intake talks (Buurtgezinnen: at least two before approval)."""
    household = _household_for_coordinator(db, user, household_id)
    _still_open(household)
    _not_in_future(first, "intake_done_on")
    _not_in_future(second, "second_intake_on")
    if second is not None and first is None:
        raise HouseholdError(_("Vul eerst de datum van het eerste gesprek in."), "intake_done_on")
    if first is not None and second is not None and second < first:
        raise HouseholdError(_("Het tweede gesprek kan niet vóór het eerste zijn."), "second_intake_on")
    household.intake_done_on = first
    household.second_intake_on = second
    db.add(household)
    return household


def record_training(db: Session, user: User, household_id: int, day: date | None) -> Household:
    household = _household_for_coordinator(db, user, household_id)
    _still_open(household)
    _not_in_future(day, "training_done_on")
    household.training_done_on = day
    db.add(household)
    return household


def add_adult(db: Session, user: User, household_id: int, name: str, birth_year: int | None) -> HouseholdAdult:
    """An adult who lives in the household (e.g. a child who turned 18): each one needs a VOG."""
    household = _household_for_coordinator(db, user, household_id)
    _still_open(household)
    name = name.strip()
    if not name:
        raise HouseholdError(_("Vul de naam in."), "name")
    if birth_year is not None and not (today().year - 110 <= birth_year <= today().year - 18):
        raise HouseholdError(_("Dit geboortejaar klopt niet voor een volwassene."), "birth_year")
    adult = HouseholdAdult(household_id=household.id, name=name, birth_year=birth_year)
    db.add(adult)
    db.flush()
    return adult


def record_vog(
    db: Session, user: User, household_id: int, adult_id: int, requested: date | None, received: date | None
) -> HouseholdAdult:
    """The VOG dates of one adult. OnsPlan never stores the VOG itself: the coordinator looks at it and notes the
    date."""
    household = _household_for_coordinator(db, user, household_id)
    _still_open(household)
    adult = db.get(HouseholdAdult, adult_id)
    if adult is None or adult.household_id != household.id:
        raise NotFound()
    _not_in_future(requested, "vog_requested_on")
    _not_in_future(received, "vog_received_on")
    if received is not None and requested is not None and received < requested:
        raise HouseholdError(_("De VOG kan niet binnen zijn vóór hij is aangevraagd."), "vog_received_on")
    adult.vog_requested_on = requested
    adult.vog_received_on = received
    db.add(adult)
    return adult


def add_reference(
    db: Session,
    user: User,
    household_id: int,
    *,
    name: str,
    context: str,
    known_years: int | None,
    is_relative: bool,
    checked_on: date | None = None,
    positive: bool | None = None,
) -> HouseholdReference:
    """A reference: not a relative, known the household for at least two years, and from another context than the
    other reference. Each rule is explained where it is broken."""
    household = _household_for_coordinator(db, user, household_id)
    _still_open(household)
    name = name.strip()
    if not name:
        raise HouseholdError(_("Vul de naam in."), "name")
    if context not in REFERENCE_CONTEXTS:
        raise HouseholdError(_("Kies waarvan deze persoon het gezin kent."), "context")
    if is_relative:
        raise HouseholdError(
            _("Familie kan geen referentie zijn: zij kijken niet met een frisse blik. Vraag iemand anders."),
            "is_relative",
        )
    if known_years is None or known_years < 2:
        raise HouseholdError(
            _("Een referentie kent het gezin minstens twee jaar. Zo weet die persoon hoe het gezin echt is."),
            "known_years",
        )
    others = db.exec(select(HouseholdReference).where(HouseholdReference.household_id == household.id)).all()
    if any(other.context == context and not other.is_relative for other in others):
        raise HouseholdError(
            _(
                "Er is al een referentie uit deze kring. De twee referenties komen uit verschillende kringen, "
                "bijvoorbeeld werk en buren: zo zie je het gezin van twee kanten."
            ),
            "context",
        )
    _not_in_future(checked_on, "checked_on")
    if checked_on is None and positive is not None:
        raise HouseholdError(_("Vul de datum van het gesprek in."), "checked_on")
    reference = HouseholdReference(
        household_id=household.id,
        name=name,
        context=context,
        known_years=known_years,
        is_relative=False,
        checked_on=checked_on,
        positive=positive if checked_on else None,
    )
    db.add(reference)
    db.flush()
    return reference


def record_reference_check(
    db: Session, user: User, household_id: int, reference_id: int, checked_on: date | None, positive: bool | None
) -> HouseholdReference:
    """The coordinator spoke to the reference: when, and whether it was good."""
    household = _household_for_coordinator(db, user, household_id)
    _still_open(household)
    reference = db.get(HouseholdReference, reference_id)
    if reference is None or reference.household_id != household.id:
        raise NotFound()
    _not_in_future(checked_on, "checked_on")
    if checked_on is not None and positive is None:
        raise HouseholdError(_("Kies of het gesprek goed was."), "positive")
    if checked_on is None and positive is not None:
        raise HouseholdError(_("Vul de datum van het gesprek in."), "checked_on")
    reference.checked_on = checked_on
    reference.positive = positive
    db.add(reference)
    return reference


def remove_reference(db: Session, user: User, household_id: int, reference_id: int) -> None:
    household = _household_for_coordinator(db, user, household_id)
    _still_open(household)
    reference = db.get(HouseholdReference, reference_id)
    if reference is None or reference.household_id != household.id:
        raise NotFound()
    db.delete(reference)


# --- notes -----------------------------------------------------------------------------------------------------


def add_note(db: Session, user: User, household_id: int, text: str) -> IntakeNote:
    """A coordinator's note: read only by the coordinators of this meldpunt (never by the volunteer)."""
    household = _household_for_coordinator(db, user, household_id)
    text = text.strip()
    if not text:
        raise HouseholdError(_("Schrijf eerst een notitie."), "text")
    note = IntakeNote(household_id=household.id, author_id=user.id, text=text)
    db.add(note)
    return note


def conversation_id(db: Session, user: User, household_id: int) -> int:
    """The meldpunt's conversation with the household's account (made the first time); 404 without an account."""
    household = _household_for_coordinator(db, user, household_id)
    if household.user_id is None:
        raise NotFound()
    return meldpunt.household_conversation(db, user, household).id


# --- steps -----------------------------------------------------------------------------------------------------


def _tell_volunteer(db: Session, household: Household, tag: str) -> None:
    if household.user_id:
        outbox.enqueue(db, [household.user_id], "steun", url_for("households.mine"), f"steun-screening-{tag}")


def start_screening(db: Session, user: User, household_id: int) -> Household:
    """aangemeld -> screening, once the first intake talk took place."""
    household = _household_for_coordinator(db, user, household_id)
    if household.status == H.AANGEMELD and household.intake_done_on is None:
        raise HouseholdError(_("Vul eerst de datum van het eerste gesprek in. De screening begint na dat gesprek."))
    workflow.move_household(db, household, H.SCREENING, Actor.COORDINATOR, user)
    return household


def approve(
    db: Session, user: User, household_id: int, *, age_min: int, age_max: int, children: int, note: str = ""
) -> Household:
    """screening -> goedgekeurd, only with a complete checklist; the terms say which children may be proposed."""
    household = _household_for_coordinator(db, user, household_id)
    if household.status != H.SCREENING:
        raise StepNotAllowed(f"{household.status} -> goedgekeurd")
    adults, references = _rows_of(db, [household.id])
    found = checklist(household, adults[household.id], references[household.id], _fmt)
    if not found.complete:
        raise ScreeningIncomplete(
            _(
                "Goedkeuren kan pas als de hele lijst klaar is. Nog niet klaar: %(items)s.",
                items=", ".join(str(item.title) for item in found.missing),
            )
        )
    if not (0 <= age_min <= MAX_AGE):
        raise HouseholdError(_("Kies een leeftijd van 0 tot en met 17 jaar."), "age_min")
    if not (0 <= age_max <= MAX_AGE):
        raise HouseholdError(_("Kies een leeftijd van 0 tot en met 17 jaar."), "age_max")
    if age_min > age_max:
        raise HouseholdError(_("De laagste leeftijd is hoger dan de hoogste. Draai ze om."), "age_max")
    if not (1 <= children <= MAX_CHILDREN):
        raise HouseholdError(_("Kies 1 tot en met 6 kinderen tegelijk."), "children")
    workflow.move_household(db, household, H.GOEDGEKEURD, Actor.COORDINATOR, user, note)
    household.approved_on = today()
    household.approved_age_min = age_min
    household.approved_age_max = age_max
    household.approved_children = children
    db.add(household)
    _tell_volunteer(db, household, "goedgekeurd")
    return household


def decline(db: Session, user: User, household_id: int, note: str) -> Household:
    """aangemeld or screening -> afgewezen, with a note (the coordinator tells the volunteer why, in person)."""
    household = _household_for_coordinator(db, user, household_id)
    note = note.strip()
    if not note:
        raise HouseholdError(_("Schrijf kort waarom. Alleen coördinatoren lezen dit."), "note")
    workflow.move_household(db, household, H.AFGEWEZEN, Actor.COORDINATOR, user, note)
    _tell_volunteer(db, household, "afgewezen")
    return household


def stop(db: Session, user: User, household_id: int, note: str = "") -> Household:
    """The coordinator ends a household's work for the meldpunt (e.g. it asked to stop by phone)."""
    household = _household_for_coordinator(db, user, household_id)
    workflow.move_household(db, household, H.GESTOPT, Actor.COORDINATOR, user, note.strip())
    return household


# --- the volunteer's own view ----------------------------------------------------------------------------------


@dataclass
class ScreeningView:
    household: Household
    checklist: Checklist
    headline: str  # where they are, in plain words
    lines: list[tuple[bool, str]]  # (done, sentence) per item, while the screening is going on
    still_needed: str  # "Nog nodig: ..." or ""
    can_withdraw: bool


def own_household(db: Session, user: User) -> Household | None:
    """The logged-in volunteer's household (the newest, if they signed up more than once)."""
    return db.exec(
        select(Household)
        .where(Household.user_id == user.id, Household.kind.in_(VOLUNTEER_KINDS))
        .order_by(Household.id.desc())
    ).first()


def my_screening(db: Session, user: User) -> ScreeningView | None:
    """The volunteer's screening in plain words, or None when this user has no volunteer household."""
    household = own_household(db, user)
    if household is None or not policy.is_household_user(user, household):
        return None
    adults, references = _rows_of(db, [household.id])
    found = checklist(household, adults[household.id], references[household.id], _fmt)
    in_progress = household.status in (H.AANGEMELD, H.SCREENING)
    needed = found.still_needed if in_progress else []
    return ScreeningView(
        household=household,
        checklist=found,
        headline=_("Alles is klaar. De coördinator bespreekt met je welke kinderen bij je passen en keurt je dan goed.")
        if household.status == H.SCREENING and found.complete
        else _headline(household),
        lines=[(item.done, str(item.plain)) for item in found.items] if in_progress else [],
        still_needed=_("Nog nodig: %(list)s.", list=", ".join(str(part) for part in needed)) if needed else "",
        can_withdraw=workflow.household_allowed(household.status, H.GESTOPT, Actor.HOUSEHOLD),
    )


def _headline(household: Household) -> str:
    status = household.status
    if status == H.AANGEMELD:
        return _("Je aanmelding is binnen. Een coördinator neemt contact met je op voor een eerste gesprek.")
    if status == H.SCREENING:
        return _("We leren je kennen. Hieronder zie je wat al klaar is en wat nog nodig is.")
    if status == H.GOEDGEKEURD:
        return _(
            "Je bent goedgekeurd sinds %(date)s. De coördinator kan je voorstellen aan een gezin met een kind van "
            "%(min)s tot en met %(max)s jaar, %(count)s kind(eren) tegelijk.",
            date=_fmt(household.approved_on) if household.approved_on else "",
            min=household.approved_age_min if household.approved_age_min is not None else household.age_min,
            max=household.approved_age_max if household.approved_age_max is not None else household.age_max,
            count=household.approved_children or household.capacity,
        )
    if status == H.AFGEWEZEN:
        return _("We gaan niet verder met je aanmelding. De coördinator heeft je verteld waarom.")
    return _("Je bent gestopt als steungezin. Dank je wel voor wat je gedaan hebt.")


def withdraw(db: Session, user: User, note: str = "") -> Household:
    """The volunteer stops (Actor.HOUSEHOLD): only their own household; without one, 404."""
    household = own_household(db, user)
    if household is None or not policy.is_household_user(user, household):
        raise NotFound()
    workflow.move_household(db, household, H.GESTOPT, Actor.HOUSEHOLD, user, note.strip()[:1000])
    return household


# --- for matching and the demo ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    household: Household
    in_screening: bool


def approved_or_screening(db: Session, meldpunt_id: int) -> list[Candidate]:
    """The steungezinnen and steunouders of a meldpunt that matching may consider: approved, and those still in
    screening (marked, so the coordinator can hurry their screening when a match waits). The caller checks that the
    acting user is a coordinator of this meldpunt. One statement."""
    households = db.exec(
        select(Household)
        .where(
            Household.meldpunt_id == meldpunt_id,
            Household.kind.in_(VOLUNTEER_KINDS),
            Household.status.in_((H.GOEDGEKEURD, H.SCREENING)),
        )
        .order_by(Household.id)
    ).all()
    return [Candidate(household, household.status == H.SCREENING) for household in households]
