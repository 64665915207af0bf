"""Steuntje in de rug — a family's hulpvraag: drafts, sending it to the meldpunt, its status and history, the sharing
question, and stopping. Access goes through webapp/auth/policy.py; steps through webapp/respite/workflow.py.

Plain functions taking the database session and the acting user; the caller commits. Input the family can fix
raises `RequestInvalid` with a translated message per field; objects the user may not see raise 404; a step out of
order raises `StepNotAllowed` (409).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import lazyload
from sqlmodel import Session, col, delete, select
from werkzeug.exceptions import NotFound

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.clock import age_on, today, utcnow
from webapp.models import (
    AuditAction,
    Family,
    FamilyMember,
    Organisation,
    Relation,
    RespiteRequest,
    RespiteRequestChild,
    RespiteRequestEvent,
    Role,
    User,
    UserRole,
)
from webapp.models.people import OrganisationKind
from webapp.models.respite import RequestStatus
from webapp.notify import outbox
from webapp.respite import choices, workflow
from webapp.respite.workflow import Actor, StepNotAllowed

R = RequestStatus
AUDIT_OBJECT = "steunaanvraag"  # what the family reads in its access log (webapp/labels.py)
MAX_DISTANCE_KM = 100
EDITABLE = (R.CONCEPT, R.NIEUW)

STATUS_LABELS = {
    R.CONCEPT: _l("Nog niet verstuurd"),
    R.NIEUW: _l("Verstuurd"),
    R.INTAKE: _l("Kennismaken met het meldpunt"),
    R.ZOEKEN: _l("Het meldpunt zoekt een steungezin"),
    R.VOORGESTELD: _l("Er is een steungezin voorgesteld"),
    R.KENNISMAKING: _l("Kennismaken met het steungezin"),
    R.PROEFPERIODE: _l("Proefperiode"),
    R.LOPEND: _l("Het steungezin helpt"),
    R.AFGESLOTEN: _l("Afgesloten"),
    R.GESTOPT: _l("Gestopt"),
}

# What happens next, in plain words, for the family.
NEXT_STEPS = {
    R.CONCEPT: _l(
        "Je aanvraag is nog niet verstuurd. Alleen jullie zien hem. Maak hem af en kies 'Versturen' als je klaar bent."
    ),
    R.NIEUW: _l(
        "Het meldpunt heeft je aanvraag. Een coördinator belt of schrijft je binnen twee weken voor een eerste gesprek. "
        "Tot dat gesprek kun je de aanvraag nog veranderen."
    ),
    R.INTAKE: _l(
        "De coördinator praat met jullie over wat jullie nodig hebben. Daarna gaat zij een steungezin zoeken."
    ),
    R.ZOEKEN: _l(
        "De coördinator zoekt een steungezin dat bij jullie past. Dat kan een paar weken duren. "
        "Je krijgt een bericht als er een steungezin is."
    ),
    R.VOORGESTELD: _l(
        "De coördinator stelt een steungezin voor. Lees wie het is en zeg ja of nee. "
        "Pas als jullie allebei ja zeggen, zien jullie elkaars naam en adres."
    ),
    R.KENNISMAKING: _l(
        "Jullie hebben allebei ja gezegd. De coördinator plant een eerste kennismaking, samen met het steungezin."
    ),
    R.PROEFPERIODE: _l(
        "De proefperiode duurt ongeveer twee maanden. Je krijgt een paar korte vragen over hoe het gaat. "
        "Daarna is er een gesprek met de coördinator."
    ),
    R.LOPEND: _l(
        "Het steungezin helpt jullie. Elk half jaar kijken jullie samen met de coördinator of het nog goed gaat."
    ),
    R.AFGESLOTEN: _l("De hulp is afgesloten. Heb je later weer hulp nodig? Dan kun je een nieuwe aanvraag doen."),
    R.GESTOPT: _l("De aanvraag is gestopt. Heb je later weer hulp nodig? Dan kun je een nieuwe aanvraag doen."),
}


class RequestInvalid(ValueError):
    """Input the family can fix: a translated message per form field (`errors`), or one for the whole form."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class RequestData:
    """What the family answers on the form (codes from webapp/respite/choices.py; free text in their own words)."""

    children: list[int] = field(default_factory=list)  # user ids of the family's children (relation jongere)
    help_kinds: list[str] = field(default_factory=list)
    days: list[str] = field(default_factory=list)
    parts_of_day: list[str] = field(default_factory=list)
    times_note: str = ""
    woonplaats: str = ""
    transport: str = ""
    max_distance_km: int | None = None
    child_needs: str = ""
    needs_choices: list[str] = field(default_factory=list)
    home_languages: list[str] = field(default_factory=list)
    values_choices: list[str] = field(default_factory=list)
    values_note: str = ""
    pets_ok: bool | None = None
    allergies: str = ""
    siblings_together: bool | None = None

    @classmethod
    def of(cls, data: RequestData | Mapping) -> RequestData:
        if isinstance(data, RequestData):
            return data
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise TypeError(f"unknown request fields: {sorted(unknown)}")
        return cls(**dict(data))

    @classmethod
    def from_request(cls, request: RespiteRequest, children: list[int]) -> RequestData:
        return cls(**{f.name: getattr(request, f.name) for f in fields(cls) if f.name != "children"}, children=children)


@dataclass
class Child:
    id: int
    name: str
    first_name: str
    age: int | None


@dataclass
class EventView:
    event: RespiteRequestEvent
    actor_name: str  # a person's name, or "" for OnsPlan itself
    actor_is_coordinator: bool


@dataclass
class RequestView:
    request: RespiteRequest
    family: Family
    children: list[Child]
    meldpunt: Organisation | None


@dataclass
class FamilyRequests:
    """One family on /steuntje: its requests this user may see, and whether this user may start a new one."""

    family: Family
    requests: list[RespiteRequest]
    children: dict[int, list[Child]]  # per request
    may_request: bool
    is_carer: bool


@dataclass(frozen=True)
class RequestSummary:
    """An open request for the home page."""

    id: int
    family_id: int
    family_name: str
    status: str
    status_label: str
    children: tuple[str, ...]  # first names
    submitted_at: datetime | None
    url: str


# --- finding -----------------------------------------------------------------------------------------------------


def meldpunt_for_family(db: Session, family: Family) -> Organisation | None:
    """The meldpunt that serves the family: the organisation of kind meldpunt in the region of its gemeente."""
    gemeente = db.get(Organisation, family.gemeente_id) if family.gemeente_id else None
    if gemeente is None or not gemeente.region:
        return None
    return db.exec(
        select(Organisation)
        .where(Organisation.kind == OrganisationKind.MELDPUNT, Organisation.region == gemeente.region)
        .order_by(Organisation.id)
    ).first()


def coordinator_ids(db: Session, meldpunt_id: int | None) -> list[int]:
    """The active coordinators of a meldpunt (who are told about a new request)."""
    if meldpunt_id is None:
        return []
    rows = db.exec(
        select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.organisation_id == meldpunt_id, col(User.active), UserRole.role == Role.COORDINATOR)
        .order_by(User.id)
    )
    return list(rows.all())


def children_of(family: Family) -> list[Child]:
    """The family's children (relation jongere), also those without an account, like Elif."""
    day = today()
    return [
        Child(
            m.user_id,
            m.user.name,
            m.user.first_name,
            age_on(m.user.birth_date, day) if m.user.birth_date else None,
        )
        for m in family.members
        if m.relation == Relation.JONGERE
    ]


def _families(db: Session, user: User) -> list[Family]:
    """The families in which this user is a parent or foster parent, or which he is the regisseur of."""
    if not user.active:
        return []
    carer_of = select(FamilyMember.family_id).where(
        FamilyMember.user_id == user.id, col(FamilyMember.relation).in_(policy.RESPITE_CARER_RELATIONS)
    )
    condition = col(Family.id).in_(carer_of)
    if user.has_role(Role.REGISSEUR):
        condition = condition | (Family.regisseur_id == user.id)
    families = db.exec(select(Family).where(condition).order_by(Family.name, Family.id)).all()
    return [f for f in families if policy.can_request_respite(user, f)]


def has_respite_page(db: Session, user: User) -> bool:
    """Whether /steuntje is for this user (a parent, foster parent or regisseur of a family)."""
    return bool(_families(db, user))


def _children_of_requests(db: Session, request_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {rid: [] for rid in request_ids}
    if request_ids:
        rows = db.exec(
            select(RespiteRequestChild.request_id, RespiteRequestChild.user_id)
            .where(col(RespiteRequestChild.request_id).in_(request_ids))
            .order_by(RespiteRequestChild.user_id)
        )
        for request_id, user_id in rows:
            found[request_id].append(user_id)
    return found


def overview(db: Session, user: User, family_id: int | None = None) -> list[FamilyRequests]:
    """/steuntje: per family of this user, the requests he may see (newest first). 404 when the page is not for him
    (a youth, a stranger, another role), or when `family_id` is not one of his families."""
    families = _families(db, user)
    if family_id is not None:
        families = [f for f in families if f.id == family_id]
    if not families:
        raise NotFound()
    requests = db.exec(
        select(RespiteRequest)
        .where(col(RespiteRequest.family_id).in_([f.id for f in families]))
        .order_by(RespiteRequest.created_at.desc(), RespiteRequest.id.desc())
    ).all()
    child_ids = _children_of_requests(db, [r.id for r in requests])
    result = []
    for family in families:
        kids = {c.id: c for c in children_of(family)}
        visible = [r for r in requests if r.family_id == family.id and policy.can_view_respite_request(user, family, r)]
        result.append(
            FamilyRequests(
                family=family,
                requests=visible,
                children={r.id: [kids[i] for i in child_ids[r.id] if i in kids] for r in visible},
                may_request=policy.can_request_respite(user, family),
                is_carer=policy.is_respite_carer(user, family),
            )
        )
    return result


def family_for_new_request(db: Session, user: User, family_id: int | None) -> Family:
    """The family a new request is for: the one asked for, or the user's only family; 404 otherwise."""
    families = _families(db, user)
    if family_id is None and len(families) == 1:
        return families[0]
    family = next((f for f in families if f.id == family_id), None)
    if family is None:
        raise NotFound()
    return family


def _load(db: Session, user: User, request_id: int) -> tuple[RespiteRequest, Family]:
    request = db.get(RespiteRequest, request_id)
    family = db.get(Family, request.family_id) if request else None
    if family is None or not policy.can_view_respite_request(user, family, request):
        raise NotFound()
    return request, family


def get_request(db: Session, user: User, request_id: int) -> RequestView:
    """The request if this user may see it, else 404 (the same answer whether it exists or not). A professional's
    look (a coordinator, the regisseur) is written to the family's access log."""
    request, family = _load(db, user, request_id)
    kids = {c.id: c for c in children_of(family)}
    children = [kids[i] for i in _children_of_requests(db, [request.id])[request.id] if i in kids]
    meldpunt = db.get(Organisation, request.meldpunt_id) if request.meldpunt_id else None
    audit.record(db, user, AuditAction.READ, family, AUDIT_OBJECT, request.id)
    return RequestView(request, family, children, meldpunt)


def history(db: Session, user: User, request_id: int) -> list[EventView]:
    """Every step of the request, oldest first, with the name of who took it (empty: OnsPlan itself)."""
    request, _family = _load(db, user, request_id)
    rows = db.exec(
        select(RespiteRequestEvent, User)
        .join(User, User.id == RespiteRequestEvent.actor_id, isouter=True)
        .where(RespiteRequestEvent.request_id == request.id)
        .options(lazyload(User.organisation))
        .order_by(RespiteRequestEvent.at, RespiteRequestEvent.id)
    ).all()
    return [
        EventView(
            event,
            actor.name if actor else "",
            bool(actor and policy.is_coordinator_of(actor, request.meldpunt_id)),
        )
        for event, actor in rows
    ]


def home_summary(db: Session, user: User) -> list[RequestSummary]:
    """The open requests (drafts too) of the user's families that he may see, for the home page."""
    families = {f.id: f for f in _families(db, user)}
    if not families:
        return []
    open_statuses = (R.CONCEPT, *workflow.OPEN_REQUEST)
    requests = db.exec(
        select(RespiteRequest)
        .where(col(RespiteRequest.family_id).in_(list(families)), col(RespiteRequest.status).in_(open_statuses))
        .order_by(RespiteRequest.created_at, RespiteRequest.id)
    ).all()
    visible = [r for r in requests if policy.can_view_respite_request(user, families[r.family_id], r)]
    child_ids = _children_of_requests(db, [r.id for r in visible])
    summaries = []
    for r in visible:
        kids = {c.id: c.first_name for c in children_of(families[r.family_id])}
        summaries.append(
            RequestSummary(
                id=r.id,
                family_id=r.family_id,
                family_name=families[r.family_id].name,
                status=r.status,
                status_label=str(STATUS_LABELS[R(r.status)]),
                children=tuple(kids[i] for i in child_ids[r.id] if i in kids),
                submitted_at=r.submitted_at,
                url=f"/steuntje/{r.id}",
            )
        )
    return summaries


# --- checking what the family typed --------------------------------------------------------------------------------

_TEXT_LIMITS = {"times_note": 500, "woonplaats": 100, "child_needs": 2000, "values_note": 1000, "allergies": 500}
_CODE_TABLES = {
    "help_kinds": choices.HELP_KINDS,
    "days": choices.DAYS,
    "parts_of_day": choices.PARTS_OF_DAY,
    "needs_choices": choices.NEEDS,
    "home_languages": choices.LANGUAGES,
    "values_choices": choices.VALUES,
}


def _clean(data: RequestData) -> RequestData:
    """Trimmed text, codes without repeats in the table's order."""
    cleaned = RequestData(**{f.name: getattr(data, f.name) for f in fields(RequestData)})
    for name in _TEXT_LIMITS:
        setattr(cleaned, name, (getattr(data, name) or "").strip())
    for name in _CODE_TABLES:
        setattr(cleaned, name, list(dict.fromkeys(getattr(data, name) or [])))
    cleaned.transport = (data.transport or "").strip()
    cleaned.children = list(dict.fromkeys(data.children or []))
    return cleaned


def check_draft(family: Family, data: RequestData) -> dict[str, str]:
    """What must be right even in a draft: only this family's children, known answers, texts not too long."""
    errors: dict[str, str] = {}
    own = {c.id for c in children_of(family)}
    if any(child not in own for child in data.children):
        errors["children"] = _("Kies alleen kinderen uit jullie gezin.")
    for name, table in _CODE_TABLES.items():
        if any(code not in table for code in getattr(data, name)):
            errors[name] = _("Kies uit de antwoorden die er staan.")
    if data.transport and data.transport not in choices.TRANSPORT:
        errors["transport"] = _("Kies uit de antwoorden die er staan.")
    for name, limit in _TEXT_LIMITS.items():
        if len(getattr(data, name)) > limit:
            errors[name] = _("Je tekst is te lang. Hij mag hoogstens %(num)d tekens hebben.", num=limit)
    if data.max_distance_km is not None and not 1 <= data.max_distance_km <= MAX_DISTANCE_KM:
        errors["max_distance_km"] = _("Vul een aantal kilometers in tussen 1 en %(num)d.", num=MAX_DISTANCE_KM)
    return errors


def check_complete(family: Family, data: RequestData) -> dict[str, str]:
    """What the meldpunt needs before the request can be sent (on top of `check_draft`)."""
    errors = check_draft(family, data)
    if not data.children:
        errors.setdefault("children", _("Kies voor welk kind je hulp vraagt."))
    if not data.help_kinds:
        errors.setdefault("help_kinds", _("Kies wat voor hulp je zoekt. Je mag er meer kiezen."))
    if not data.days and set(data.help_kinds) != {"vakantie"}:
        errors.setdefault(
            "days", _("Kies minstens één dag. Weet je het niet precies? Kies de dagen die het best passen.")
        )
    if not data.woonplaats:
        errors.setdefault("woonplaats", _("Vul in waar jullie wonen, bijvoorbeeld Venlo of Blerick."))
    if not data.transport:
        errors.setdefault("transport", _("Kies hoe je kind bij het steungezin komt."))
    if not data.home_languages:
        errors.setdefault("home_languages", _("Kies minstens één taal die jullie thuis spreken."))
    return errors


def _write(db: Session, request: RespiteRequest, data: RequestData) -> None:
    for f in fields(RequestData):
        if f.name != "children":
            setattr(request, f.name, getattr(data, f.name))
    if len(data.children) < 2:
        request.siblings_together = None  # only asked for brothers and sisters together
    request.updated_at = utcnow()
    db.add(request)
    db.flush()
    db.exec(delete(RespiteRequestChild).where(RespiteRequestChild.request_id == request.id))
    db.add_all(RespiteRequestChild(request_id=request.id, user_id=child) for child in data.children)


# --- the family: write, send, share, stop ------------------------------------------------------------------------


def create_request(db: Session, user: User, family: Family, data: RequestData | Mapping) -> RespiteRequest:
    """A new draft (status concept: only the family, and a regisseur who fills it in with them, see it)."""
    if not policy.can_request_respite(user, family):
        raise NotFound()
    data = _clean(RequestData.of(data))
    if errors := check_draft(family, data):
        raise RequestInvalid(errors)
    request = RespiteRequest(family_id=family.id, created_by_id=user.id, status=R.CONCEPT)
    _write(db, request, data)
    return request


def edit_form_data(db: Session, user: User, request_id: int) -> tuple[RespiteRequest, Family, RequestData]:
    """What a request holds now, for its form; 404 when this user may not change it, 409 when it is too late."""
    request, family = _load(db, user, request_id)
    if not policy.can_change_respite_request(user, family, request):
        raise NotFound()
    if not policy.can_edit_respite_request(user, family, request):
        raise StepNotAllowed(f"edit in {request.status}")
    children = _children_of_requests(db, [request.id])[request.id]
    return request, family, RequestData.from_request(request, children)


def update_request(db: Session, user: User, request_id: int, data: RequestData | Mapping) -> RespiteRequest:
    """Change what was asked: a draft as far as it goes; a sent request (nieuw, before the intake) only complete,
    and its meldpunt is told."""
    request, family, _old = edit_form_data(db, user, request_id)
    data = _clean(RequestData.of(data))
    errors = check_draft(family, data) if request.status == R.CONCEPT else check_complete(family, data)
    if errors:
        raise RequestInvalid(errors)
    _write(db, request, data)
    if request.status != R.CONCEPT:
        _tell_meldpunt(db, request)
    return request


def submit(db: Session, user: User, request: RespiteRequest) -> RespiteRequest:
    """Send a complete draft to the meldpunt of the family's region: concept -> nieuw; its coordinators are told."""
    request, family = _load(db, user, request.id)
    if not policy.can_change_respite_request(user, family, request):
        raise NotFound()
    if request.status != R.CONCEPT:
        raise StepNotAllowed(f"submit in {request.status}")
    children = _children_of_requests(db, [request.id])[request.id]
    if errors := check_complete(family, RequestData.from_request(request, children)):
        raise RequestInvalid(errors)
    meldpunt = meldpunt_for_family(db, family)
    if meldpunt is None:
        raise RequestInvalid(
            {"": _("Er is nog geen meldpunt voor jullie gemeente. Je aanvraag is bewaard. Vraag je regisseur om hulp.")}
        )
    request.meldpunt_id = meldpunt.id
    request.gemeente_id = family.gemeente_id
    workflow.move_request(db, request, R.NIEUW, Actor.FAMILY, user)
    _tell_meldpunt(db, request)
    return request


def _tell_meldpunt(db: Session, request: RespiteRequest) -> None:
    outbox.enqueue(
        db, coordinator_ids(db, request.meldpunt_id), "steun", f"/meldpunt/aanvraag/{request.id}", f"steun-{request.id}"
    )


def discard_draft(db: Session, user: User, request_id: int) -> Family:
    """Throw a draft away (a sent request is stopped instead, so the meldpunt keeps its history)."""
    request, family = _load(db, user, request_id)
    if not policy.can_change_respite_request(user, family, request):
        raise NotFound()
    if request.status != R.CONCEPT:
        raise StepNotAllowed(f"discard in {request.status}")
    db.delete(request)
    return family


def set_sharing(db: Session, user: User, request_id: int, share: bool) -> RespiteRequest:
    """The family answers "may our regisseur see how this request goes?" (asked once after sending; changeable).
    Only a parent or foster parent answers it: it is the family's choice, not the regisseur's."""
    request, family = _load(db, user, request_id)
    if not policy.is_respite_carer(user, family):
        raise NotFound()
    if request.status == R.CONCEPT:
        raise StepNotAllowed("share before sending")
    request.share_with_regisseur = share
    db.add(request)
    return request


def stop(db: Session, user: User, request_id: int, reason: str, note: str) -> RespiteRequest:
    """The family stops its request, with a reason (-> gestopt); the meldpunt is told."""
    request, family = _load(db, user, request_id)
    if not policy.can_change_respite_request(user, family, request):
        raise NotFound()
    note = (note or "").strip()
    errors = {}
    if reason not in choices.END_REASONS:
        errors["reason"] = _("Kies waarom je stopt.")
    if reason == "anders" and not note:
        errors["note"] = _("Schrijf in een paar woorden waarom je stopt.")
    if len(note) > 1000:
        errors["note"] = _("Je tekst is te lang. Hij mag hoogstens %(num)d tekens hebben.", num=1000)
    if not workflow.request_allowed(request.status, R.GESTOPT, Actor.FAMILY):
        raise StepNotAllowed(f"stop in {request.status}")
    if errors:
        raise RequestInvalid(errors)
    workflow.move_request(db, request, R.GESTOPT, Actor.FAMILY, user, note=note)
    request.end_reason = reason
    request.end_note = note
    _tell_meldpunt(db, request)
    return request
