"""Steuntje in de rug — a proposal and the match it becomes.

The coordinator proposes one household for one request (the matching part makes the RespiteMatch). Both sides see a
limited profile of the other and answer yes or no with a reason; only when both said yes do they see each other's
name, address and phone. Then the afsprakenkaart (agreements.py), the kennismaking, and the carer's "add to our plan".
The steungezin's own overview is here too.

Plain functions taking the database session and the acting user; the caller commits. Objects the user may not see
raise 404; a step out of order raises `StepNotAllowed` (409); input the user can fix raises `MatchError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.clock import age_on, today, utcnow
from webapp.models import (
    AgreementCard,
    Appointment,
    AppointmentKind,
    AppointmentParticipant,
    CheckIn,
    Family,
    Household,
    Involved,
    MatchStatus,
    Organisation,
    RespiteMatch,
    RespiteRequest,
    RespiteRequestChild,
    Role,
    User,
    UserRole,
)
from webapp.models.respite import Answer, CheckInSide, RequestStatus
from webapp.notify import outbox
from webapp.plans import drafting
from webapp.respite import choices
from webapp.respite.matches import agreements
from webapp.respite.meldpunt import services as meldpunt
from webapp.respite.workflow import Actor, StepNotAllowed, move_request

M = MatchStatus

MATCH_STATUS_LABELS = {
    M.VOORGESTELD: _l("Voorstel: beide kanten zeggen ja of nee"),
    M.AFGEWEZEN: _l("Gaat niet door: een van beide zei nee"),
    M.INGETROKKEN: _l("Ingetrokken door de coördinator"),
    M.AKKOORD: _l("Allebei ja: kennismaken en afspraken maken"),
    M.BEEINDIGD: _l("Beëindigd"),
}
GEZIN, STEUNGEZIN, COORDINATOR = "gezin", "steungezin", "coordinator"
OBJECT_TYPE = "steunaanvraag"  # the access log label the requests part shows ("heeft jullie aanvraag ... bekeken")


class MatchError(ValueError):
    """A problem the user can fix; the message is translated. `field`: the form field it belongs to, if one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --- what each side may see of the other ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Child:
    first_name: str
    age: int | None


@dataclass
class FamilyProfile:
    """What the household sees of the family. Before both said yes: first names, ages, needs, days, area and
    languages; after: also the carers' full names and phone numbers (`contacts`)."""

    children: list[Child]
    child_needs: str
    needs: list[str]
    help_kinds: list[str]
    days: list[str]
    parts_of_day: list[str]
    times_note: str
    transport: str
    woonplaats: str
    languages: list[str]
    contacts: list[dict] = field(default_factory=list)  # [{"name", "phone", "email"}] once both said yes


@dataclass
class HouseholdProfile:
    """What the family sees of the household. Before both said yes: first names, the ages of its children, area,
    languages, experience, pets and smoking; after: also the full name, address, phone and e-mail (`contact`)."""

    kind: str
    first_names: list[str]
    children_ages: list[int]
    woonplaats: str
    languages: list[str]
    experience: list[str]
    has_pets: bool
    pets_note: str
    smoking: bool
    contact: dict | None = None  # {"name", "street", "postcode", "woonplaats", "phone", "email"} once both said yes


@dataclass
class MatchView:
    match: RespiteMatch
    request: RespiteRequest
    family: Family
    household: Household
    meldpunt: Organisation | None
    side: str  # gezin, steungezin or coordinator: how the viewer takes part

    @property
    def contacts_visible(self) -> bool:
        return policy.can_see_match_contacts(self.match)

    @property
    def my_answer(self) -> str | None:
        if self.side == GEZIN:
            return self.match.family_answer
        if self.side == STEUNGEZIN:
            return self.match.household_answer
        return None

    @property
    def may_answer(self) -> bool:
        return self.side in (GEZIN, STEUNGEZIN) and self.match.status == M.VOORGESTELD and self.my_answer is None


def _side(user: User, family: Family, request: RespiteRequest, household: Household) -> str:
    if policy.is_coordinator_of(user, request.meldpunt_id):
        return COORDINATOR
    if policy.is_respite_carer(user, family):
        return GEZIN
    return STEUNGEZIN


def _view(db: Session, user: User, match: RespiteMatch | None) -> MatchView:
    request = db.get(RespiteRequest, match.request_id) if match else None
    family = db.get(Family, request.family_id) if request else None
    household = db.get(Household, match.household_id) if match else None
    if (
        match is None
        or family is None
        or household is None
        or not policy.can_view_respite_match(user, family, request, household, match)
    ):
        raise NotFound()
    meldpunt = db.get(Organisation, request.meldpunt_id) if request.meldpunt_id else None
    return MatchView(match, request, family, household, meldpunt, _side(user, family, request, household))


def get_match(db: Session, user: User, match_id: int) -> MatchView:
    """The proposal or match if this user may see it, else 404 (the same answer whether it exists or not)."""
    return _view(db, user, db.get(RespiteMatch, match_id))


def children_of(db: Session, request: RespiteRequest) -> list[Child]:
    """First names and ages of the children the request is for (also children without an account)."""
    users = db.exec(
        select(User)
        .join(RespiteRequestChild, RespiteRequestChild.user_id == User.id)
        .where(RespiteRequestChild.request_id == request.id)
        .order_by(User.birth_date.desc(), User.id)
    ).all()
    day = today()
    return [Child(u.first_name, age_on(u.birth_date, day) if u.birth_date else None) for u in users]


def carers_of(family: Family) -> list[User]:
    return [m.user for m in family.members if policy.is_respite_carer(m.user, family)]


def family_profile(db: Session, view: MatchView) -> FamilyProfile:
    """The family as the household sees it (the coordinator sees the same, to know what each side is shown)."""
    request = view.request
    profile = FamilyProfile(
        children=children_of(db, request),
        child_needs=request.child_needs,
        needs=choices.labels(choices.NEEDS, request.needs_choices),
        help_kinds=choices.labels(choices.HELP_KINDS, request.help_kinds),
        days=choices.labels(choices.DAYS, request.days),
        parts_of_day=choices.labels(choices.PARTS_OF_DAY, request.parts_of_day),
        times_note=request.times_note,
        transport=str(choices.TRANSPORT[request.transport]) if request.transport in choices.TRANSPORT else "",
        woonplaats=request.woonplaats,
        languages=choices.labels(choices.LANGUAGES, request.home_languages),
    )
    if view.contacts_visible:
        profile.contacts = [{"name": u.name, "phone": u.phone, "email": u.email or ""} for u in carers_of(view.family)]
    return profile


def _first_name(name: str) -> str:
    return (name or "").strip().split(" ", 1)[0]


def household_profile(view: MatchView) -> HouseholdProfile:
    """The household as the family sees it: never a surname, address, phone or e-mail before both said yes."""
    household = view.household
    names = [_first_name(a.get("name", "")) for a in household.adults if isinstance(a, dict)]
    names = [n for n in names if n] or [_first_name(household.contact_name)]
    ages = sorted(
        (int(c["age"]) for c in household.children if isinstance(c, dict) and str(c.get("age", "")).isdigit()),
        reverse=True,
    )
    profile = HouseholdProfile(
        kind=household.kind,
        first_names=names,
        children_ages=ages,
        woonplaats=household.woonplaats,
        languages=choices.labels(choices.LANGUAGES, household.languages),
        experience=choices.labels(choices.EXPERIENCE, household.experience),
        has_pets=household.has_pets,
        pets_note=household.pets_note,
        smoking=household.smoking,
    )
    if view.contacts_visible:
        profile.contact = {
            "name": household.contact_name,
            "street": household.street,
            "postcode": household.postcode,
            "woonplaats": household.woonplaats,
            "phone": household.phone,
            "email": household.email,
        }
    return profile


def coordinators_of(db: Session, meldpunt_id: int | None) -> list[User]:
    if meldpunt_id is None:
        return []
    return list(
        db.exec(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.organisation_id == meldpunt_id, User.active, UserRole.role == Role.COORDINATOR)
            .order_by(User.id)
        )
    )


def matches_for_request(db: Session, user: User, request_id: int) -> list[MatchView]:
    """The proposals and matches of one request that this user may see, newest first (for the request page: the
    family's carers see all but withdrawn ones, the meldpunt's coordinators all)."""
    request = db.get(RespiteRequest, request_id)
    family = db.get(Family, request.family_id) if request else None
    if family is None or not policy.can_view_respite_request(user, family, request):
        raise NotFound()
    meldpunt = db.get(Organisation, request.meldpunt_id) if request.meldpunt_id else None
    rows = db.exec(
        select(RespiteMatch, Household)
        .join(Household, Household.id == RespiteMatch.household_id)
        .where(RespiteMatch.request_id == request.id)
        .order_by(RespiteMatch.proposed_at.desc(), RespiteMatch.id.desc())
    ).all()
    return [
        MatchView(m, request, family, h, meldpunt, _side(user, family, request, h))
        for m, h in rows
        if policy.can_view_respite_match(user, family, request, h, m)
    ]


# --- answering a proposal -----------------------------------------------------------------------------------------


def _url(match: RespiteMatch) -> str:
    return f"/steuntje/koppeling/{match.id}"


def _tag(match: RespiteMatch) -> str:
    return f"steun-koppeling-{match.id}"


def _tell(db: Session, user_ids, match: RespiteMatch, url: str | None = None) -> None:
    """A push and in-app notification of kind "steun": its lock-screen text says nothing about who or what."""
    outbox.enqueue(db, user_ids, "steun", url or _url(match), _tag(match))


def _household_user_ids(view: MatchView) -> list[int | None]:
    return [view.household.user_id]


def _back_to_search(db: Session, view: MatchView, actor: Actor, by: User | None, note: str = "") -> None:
    """The request goes back to zoeken when no other proposal of it is still open."""
    others = db.exec(
        select(RespiteMatch.id).where(
            RespiteMatch.request_id == view.request.id,
            RespiteMatch.id != view.match.id,
            RespiteMatch.status == M.VOORGESTELD,
        )
    ).first()
    if others is None:
        move_request(db, view.request, RequestStatus.ZOEKEN, actor, by, note)


def answer(db: Session, user: User, match_id: int, *, yes: bool, reason: str = "", note: str = "") -> MatchView:
    """The family (a carer) or the household answers a proposal. A no needs a reason (choices.DECLINE_REASONS; a note
    in their own words too for "anders"): the proposal is off and the request goes back to zoeken; the coordinators
    read why. When both said yes the request moves on to the kennismaking and both may see each other's contacts."""
    view = get_match(db, user, match_id)
    match = view.match
    if view.side == GEZIN and policy.can_answer_match_as_family(user, view.family):
        side = GEZIN
    elif view.side == STEUNGEZIN and policy.can_answer_match_as_household(user, view.household):
        side = STEUNGEZIN
    else:
        raise NotFound()
    if match.status != M.VOORGESTELD or view.my_answer is not None:
        raise StepNotAllowed(f"answer on a {match.status} proposal (already answered: {view.my_answer})")
    note = note.strip()
    if not yes:
        if reason not in choices.DECLINE_REASONS:
            raise MatchError(_("Kies waarom u nee zegt. De coördinator leest dit, de andere kant niet."), "reason")
        if reason == "anders" and not note:
            raise MatchError(_("Schrijf in een paar woorden waarom. Alleen de coördinator leest dit."), "note")
    now = utcnow()
    if side == GEZIN:
        match.family_answer, match.family_answered_at = (Answer.JA if yes else Answer.NEE), now
        match.family_decline_code, match.family_reason = ("" if yes else reason), ("" if yes else note)
    else:
        match.household_answer, match.household_answered_at = (Answer.JA if yes else Answer.NEE), now
        match.household_decline_code, match.household_reason = ("" if yes else reason), ("" if yes else note)
    coordinators = [c.id for c in coordinators_of(db, view.request.meldpunt_id)]
    carers = [u.id for u in carers_of(view.family)]
    if not yes:
        match.status = M.AFGEWEZEN
        db.add(match)
        _back_to_search(db, view, Actor.SYSTEM, None)
        _tell(db, coordinators, match)
        # The other side hears that the proposal is off, not why.
        _tell(
            db, _household_user_ids(view) if side == GEZIN else carers, match, "/steungezin" if side == GEZIN else None
        )
    elif match.family_answer == Answer.JA and match.household_answer == Answer.JA:
        match.status, match.accepted_at = M.AKKOORD, now
        db.add(match)
        move_request(db, view.request, RequestStatus.KENNISMAKING, Actor.SYSTEM, None)
        _tell(db, [*carers, *_household_user_ids(view), *coordinators], match)
    else:
        db.add(match)
    return view


def withdraw(db: Session, coordinator: User, match_id: int, note: str = "") -> MatchView:
    """The coordinator takes a proposal back before both said yes: the request goes back to zoeken."""
    view = get_match(db, coordinator, match_id)
    if not policy.can_handle_respite_request(coordinator, view.request):
        raise NotFound()
    if view.match.status != M.VOORGESTELD:
        raise StepNotAllowed(f"withdraw a {view.match.status} proposal")
    view.match.status = M.INGETROKKEN
    db.add(view.match)
    _back_to_search(db, view, Actor.COORDINATOR, coordinator, note.strip())
    _tell(db, [u.id for u in carers_of(view.family)], view.match)
    _tell(db, _household_user_ids(view), view.match, "/steungezin")
    return view


def decline_reasons(view: MatchView) -> list[dict]:
    """Why a side said no, for the coordinator only: [{"side", "reason" (label), "note"}]."""
    if view.side != COORDINATOR:
        return []
    found = []
    for side, answer_, code, note in (
        (GEZIN, view.match.family_answer, view.match.family_decline_code, view.match.family_reason),
        (STEUNGEZIN, view.match.household_answer, view.match.household_decline_code, view.match.household_reason),
    ):
        if answer_ == Answer.NEE:
            label = choices.DECLINE_REASONS.get(code)
            found.append({"side": side, "reason": str(label) if label else "", "note": note})
    return found


# --- the afsprakenkaart ----------------------------------------------------------------------------------------


@dataclass
class CardView:
    view: MatchView
    card: AgreementCard | None
    changes: list[agreements.SectionChange]
    versions: list[AgreementCard]

    @property
    def my_agreement(self):
        if self.card is None:
            return None
        if self.view.side == GEZIN:
            return self.card.family_agreed_at
        if self.view.side == STEUNGEZIN:
            return self.card.household_agreed_at
        return None

    @property
    def may_agree(self) -> bool:
        return (
            self.card is not None
            and self.view.side in (GEZIN, STEUNGEZIN)
            and self.my_agreement is None
            and self.view.match.status == M.AKKOORD
        )


def _card_match(db: Session, user: User, match_id: int) -> MatchView:
    """The afsprakenkaart belongs to a match both sides said yes to."""
    view = get_match(db, user, match_id)
    if view.match.accepted_at is None:
        raise StepNotAllowed("no afsprakenkaart before both said yes")
    return view


def card(db: Session, user: User, match_id: int, number: int | None = None) -> CardView:
    """A version of the card (default: the newest) with what changed compared with the version before it."""
    view = _card_match(db, user, match_id)
    all_versions = agreements.versions(db, view.match)
    shown = all_versions[0] if number is None and all_versions else None
    if number is not None:
        shown = next((c for c in all_versions if c.version == number), None)
        if shown is None:
            raise NotFound()
    previous = next((c for c in all_versions if shown and c.version == shown.version - 1), None)
    changes = agreements.compare(previous.sections if previous else None, shown.sections) if shown else []
    return CardView(view, shown, changes, all_versions)


def draft_sections(db: Session, user: User, match_id: int) -> dict[str, str]:
    """What the form starts with: the newest version, or for a first card what the request and meldpunt already
    say (days, food, how to reach the coordinator)."""
    view = _card_match(db, user, match_id)
    latest = agreements.current(db, view.match)
    if latest is not None:
        return agreements.clean(latest.sections)
    request = view.request
    days = ", ".join(
        choices.labels(choices.HELP_KINDS, request.help_kinds)
        + choices.labels(choices.DAYS, request.days)
        + choices.labels(choices.PARTS_OF_DAY, request.parts_of_day)
    )
    food = ", ".join(choices.labels(choices.FOOD, [c for c in request.values_choices if c in choices.FOOD]))
    coordinators = coordinators_of(db, request.meldpunt_id)
    reach = "; ".join(f"{c.name} {c.phone}".strip() for c in coordinators)
    if view.meldpunt is not None:
        reach = f"{view.meldpunt.name}: {reach}" if reach else view.meldpunt.name
    return agreements.clean(
        {"days_times": " ".join(p for p in (days, request.times_note) if p), "food": food, "coordinator": reach}
    )


def write_card(db: Session, user: User, match_id: int, sections: dict[str, str]) -> AgreementCard:
    """A new version of the afsprakenkaart, by the coordinator or either side. It clears both agreements: both
    read what changed and say yes again. The others get a notification."""
    view = _card_match(db, user, match_id)
    if view.side == COORDINATOR and not policy.can_handle_respite_request(user, view.request):
        raise NotFound()
    if view.match.status != M.AKKOORD:
        raise StepNotAllowed(f"afsprakenkaart of a {view.match.status} match")
    for code, text in sections.items():
        if len(text or "") > agreements.MAX_SECTION_LENGTH:
            raise MatchError(
                _("Deze tekst is te lang. Hij mag hoogstens %(max)s tekens hebben.", max=agreements.MAX_SECTION_LENGTH),
                code,
            )
    cleaned = agreements.clean(sections)
    if not any(cleaned.values()):
        raise MatchError(_("Schrijf minstens één afspraak op."))
    latest = agreements.current(db, view.match)
    if latest is not None and agreements.clean(latest.sections) == cleaned:
        raise MatchError(_("Er is niets veranderd. Pas eerst een afspraak aan."))
    card_ = AgreementCard(
        match_id=view.match.id,
        version=(latest.version + 1) if latest else 1,
        sections=cleaned,
        created_by_id=user.id,
    )
    db.add(card_)
    db.flush()
    everyone = [u.id for u in carers_of(view.family)] + [view.household.user_id]
    everyone += [c.id for c in coordinators_of(db, view.request.meldpunt_id)] if view.side != COORDINATOR else []
    _tell(db, [i for i in everyone if i != user.id], view.match, _url(view.match) + "/afspraken")
    return card_


def agree(db: Session, user: User, match_id: int, number: int) -> AgreementCard:
    """One side says yes to a version: the family through one of its carers, the household through its user. Only
    the newest version can be agreed to (an older one answers 409), and only once."""
    view = _card_match(db, user, match_id)
    if view.side == GEZIN and policy.can_answer_match_as_family(user, view.family):
        side = GEZIN
    elif view.side == STEUNGEZIN and policy.can_answer_match_as_household(user, view.household):
        side = STEUNGEZIN
    else:
        raise NotFound()
    latest = agreements.current(db, view.match)
    if latest is None or latest.version != number or view.match.status != M.AKKOORD:
        raise StepNotAllowed("agree to a version that is not the newest")
    now = utcnow()
    if side == GEZIN:
        if latest.family_agreed_at is not None:
            raise StepNotAllowed("the family already agreed")
        latest.family_agreed_at, latest.family_agreed_by_id = now, user.id
    else:
        if latest.household_agreed_at is not None:
            raise StepNotAllowed("the household already agreed")
        latest.household_agreed_at, latest.household_agreed_by_id = now, user.id
    db.add(latest)
    if agreements.agreed_by_both(latest):
        everyone = [u.id for u in carers_of(view.family)] + [view.household.user_id]
        everyone += [c.id for c in coordinators_of(db, view.request.meldpunt_id)]
        _tell(db, [i for i in everyone if i != user.id], view.match, _url(view.match) + "/afspraken")
    return latest


# --- "Toevoegen aan ons plan" ------------------------------------------------------------------------------------


def _involved_fields(view: MatchView) -> dict:
    return {
        "name": view.household.contact_name,
        "role": _("Steungezin (Steuntje in de rug)"),
        "organisation": view.meldpunt.name if view.meldpunt else "",
        "contact": view.household.phone or view.household.email,
    }


def add_to_plan(db: Session, user: User, match_id: int) -> str:
    """A carer adds the steungezin to the family plan as a betrokkene with one tap. Only the regisseur edits the
    plan, so the tap sends a suggestion she accepts on the suggestion page (a regisseur who is herself allowed to
    edit adds it at once). Returns "suggested" or "added"."""
    view = get_match(db, user, match_id)
    if not policy.can_suggest_match_for_plan(user, view.family, view.match):
        raise NotFound()
    if view.match.status != M.AKKOORD or view.match.plan_suggested_at or view.match.plan_added_at:
        raise StepNotAllowed("already in the plan, asked, or not a match")
    now = utcnow()
    view.match.plan_suggested_at, view.match.plan_suggested_by_id = now, user.id
    if policy.can_edit_plan(user, view.family):
        drafting.add_involved(db, user, view.family.id, **_involved_fields(view))
        view.match.plan_added_at = now
        db.add(view.match)
        return "added"
    db.add(view.match)
    _tell(db, [view.family.regisseur_id], view.match, _url(view.match) + "/plan")
    return "suggested"


@dataclass
class PlanSuggestion:
    view: MatchView
    involved: dict  # what will be added: name, role, organisation, contact
    suggested_by: User | None


def _suggestion(db: Session, regisseur: User, match_id: int) -> MatchView:
    match = db.get(RespiteMatch, match_id)
    request = db.get(RespiteRequest, match.request_id) if match else None
    family = db.get(Family, request.family_id) if request else None
    if family is None or not policy.can_take_match_into_plan(regisseur, family, match):
        raise NotFound()
    household = db.get(Household, match.household_id)
    meldpunt = db.get(Organisation, request.meldpunt_id) if request.meldpunt_id else None
    return MatchView(match, request, family, household, meldpunt, "regisseur")


def plan_suggestion(db: Session, regisseur: User, match_id: int) -> PlanSuggestion:
    """The family's suggestion as its regisseur sees it: only what goes into the plan."""
    view = _suggestion(db, regisseur, match_id)
    by = db.get(User, view.match.plan_suggested_by_id) if view.match.plan_suggested_by_id else None
    return PlanSuggestion(view, _involved_fields(view), by)


def accept_plan_suggestion(db: Session, regisseur: User, match_id: int) -> Involved:
    """The regisseur adds the steungezin to the plan's draft (it shows in the next version she publishes)."""
    view = _suggestion(db, regisseur, match_id)
    if view.match.plan_added_at is not None:
        raise StepNotAllowed("already added")
    involved = drafting.add_involved(db, regisseur, view.family.id, **_involved_fields(view))
    view.match.plan_added_at = utcnow()
    db.add(view.match)
    _tell(db, [view.match.plan_suggested_by_id], view.match)
    return involved


# --- the steungezin's own pages ----------------------------------------------------------------------------------


def household_of(db: Session, user: User) -> Household | None:
    """The volunteer household linked to this account, if any."""
    if not user.active:
        return None
    return db.exec(select(Household).where(Household.user_id == user.id).order_by(Household.id)).first()


@dataclass
class Helping:
    """A family the household helps: only what the family shares with it."""

    view: MatchView
    children: list[Child]
    card: AgreementCard | None
    checkins: list[CheckIn]

    @property
    def to_agree(self) -> bool:
        return self.card is not None and self.card.household_agreed_at is None


@dataclass
class VolunteerOverview:
    household: Household
    proposals: list[tuple[MatchView, FamilyProfile]]
    helping: list[Helping]
    answered: list[MatchView]  # said yes, waiting for the family


def volunteer_overview(db: Session, user: User) -> VolunteerOverview:
    """The steungezin's page: open proposals to answer, the families it helps (with their afsprakenkaart and
    check-ins), proposals waiting for the family. 404 for anyone without a household."""
    household = household_of(db, user)
    if household is None or not policy.is_household_user(user, household):
        raise NotFound()
    rows = db.exec(
        select(RespiteMatch, RespiteRequest, Family)
        .join(RespiteRequest, RespiteRequest.id == RespiteMatch.request_id)
        .join(Family, Family.id == RespiteRequest.family_id)
        .where(RespiteMatch.household_id == household.id, RespiteMatch.status.in_((M.VOORGESTELD, M.AKKOORD)))
        .order_by(RespiteMatch.proposed_at)
    ).all()
    overview = VolunteerOverview(household, [], [], [])
    day = today()
    for match, request, family in rows:
        meldpunt = db.get(Organisation, request.meldpunt_id) if request.meldpunt_id else None
        view = MatchView(match, request, family, household, meldpunt, STEUNGEZIN)
        if match.status == M.VOORGESTELD and match.household_answer is None:
            overview.proposals.append((view, family_profile(db, view)))
        elif match.status == M.VOORGESTELD:
            overview.answered.append(view)
        else:
            checkins = db.exec(
                select(CheckIn)
                .where(
                    CheckIn.match_id == match.id,
                    CheckIn.side == CheckInSide.STEUNGEZIN,
                    CheckIn.answered_at.is_(None),
                    CheckIn.due_on <= day,
                )
                .order_by(CheckIn.due_on)
            ).all()
            overview.helping.append(
                Helping(view, children_of(db, request), agreements.current(db, match), list(checkins))
            )
    return overview


def current_card(db: Session, view: MatchView) -> AgreementCard | None:
    """The newest afsprakenkaart of a match both said yes to (None before that, or when none is written yet)."""
    return agreements.current(db, view.match) if view.match.accepted_at is not None else None


def appointments_of(db: Session, user: User, view: MatchView) -> list[Appointment]:
    """The request's coming appointments (kennismaking, evaluation) this viewer takes part in; the coordinators of
    the meldpunt see all of them."""
    statement = select(Appointment).where(
        Appointment.respite_request_id == view.request.id,
        Appointment.cancelled_at.is_(None),
        Appointment.starts_at >= utcnow() - timedelta(hours=12),
    )
    if view.side != COORDINATOR:
        statement = statement.join(
            AppointmentParticipant, AppointmentParticipant.appointment_id == Appointment.id
        ).where(AppointmentParticipant.user_id == user.id)
    return list(db.exec(statement.order_by(Appointment.starts_at)))


def may_plan_kennismaking(user: User, view: MatchView) -> bool:
    return (
        view.side == COORDINATOR
        and view.match.status == M.AKKOORD
        and policy.can_handle_respite_request(user, view.request)
    )


def plan_kennismaking(db: Session, coordinator: User, match_id: int, *, day: date, at: time, place: str) -> MatchView:
    """The coordinator plans the first meeting with both sides once both said yes (through the meldpunt part, which
    puts it in everyone's agenda, asks each to confirm and reminds them)."""
    view = get_match(db, coordinator, match_id)
    if view.side != COORDINATOR or not policy.can_handle_respite_request(coordinator, view.request):
        raise NotFound()
    if view.match.status != M.AKKOORD:
        raise StepNotAllowed(f"kennismaking for a {view.match.status} match")
    participants = ({u.id for u in carers_of(view.family)} | {view.household.user_id}) - {None}
    try:
        meldpunt.plan_appointment(
            db,
            coordinator,
            view.request,
            AppointmentKind.KENNISMAKING,
            datetime.combine(day, at),
            place,
            participants,
        )
    except meldpunt.MeldpuntError as problem:
        raise MatchError(str(problem)) from None
    return view
