"""Matching use-cases for the meldpunt's coordinators: the ranked shortlist for one request, the batch proposal for
all requests in "zoeken", and proposing one household to one request.

Plain functions taking the database session and the acting coordinator; the caller commits. A request or household
the coordinator may not handle raises 404; a step out of order (the request is not in "zoeken", the household is not
approved, the pair does not pass the filters) raises `StepNotAllowed` (409).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp import places
from webapp.auth import policy
from webapp.clock import age_on, today, utcnow
from webapp.models import Family, Household, RespiteMatch, RespiteRequest, User
from webapp.models.respite import HouseholdStatus, MatchStatus, RequestStatus, RespiteRequestChild
from webapp.notify import outbox
from webapp.respite.matching import batch as solver
from webapp.respite.matching import scoring
from webapp.respite.matching.scoring import Evaluation, HouseholdFacts, RequestFacts
from webapp.respite.workflow import Actor, StepNotAllowed, move_request

SHORTLIST_SIZE = 20  # households shown with their reasons; the page says how many more fit
MATCHABLE = (HouseholdStatus.GOEDGEKEURD, HouseholdStatus.SCREENING)
OPEN_MATCHES = (MatchStatus.VOORGESTELD, MatchStatus.AKKOORD)  # these take a household's places
OBJECT_TYPE = "steunaanvraag"  # the family's access log: a coordinator looked at its request


@dataclass
class Shortlist:
    request: RespiteRequest
    family: Family
    facts: RequestFacts
    evaluations: list[Evaluation]  # best first, at most SHORTLIST_SIZE
    fitting: int  # how many households pass the filters
    considered: int  # how many households of the meldpunt were looked at (approved or in screening)
    place_known: bool


@dataclass
class BatchItem:
    request: RespiteRequest
    facts: RequestFacts
    evaluation: Evaluation


@dataclass
class BatchProposal:
    items: list[BatchItem]  # one proposed household per request that got one, longest waiting first
    unmatched: list[RespiteRequest]  # requests in zoeken for which no household is left
    households: int  # approved households looked at
    total_score: float


# --- loading into dataclasses ------------------------------------------------------------------------------------


def _handled_request(db: Session, coordinator: User, request_id: int) -> RespiteRequest:
    request = db.get(RespiteRequest, request_id)
    if request is None or not policy.can_handle_respite_request(coordinator, request):
        raise NotFound()
    return request


def _child_ages(db: Session, request_ids: Sequence[int]) -> dict[int, list[int | None]]:
    ages: dict[int, list[int | None]] = {request_id: [] for request_id in request_ids}
    if not request_ids:
        return ages
    day = today()
    rows = db.exec(
        select(RespiteRequestChild.request_id, User.birth_date)
        .join(User, User.id == RespiteRequestChild.user_id)
        .where(RespiteRequestChild.request_id.in_(list(request_ids)))
        .order_by(RespiteRequestChild.request_id, User.birth_date)
    ).all()
    for request_id, birth_date in rows:
        ages[request_id].append(age_on(birth_date, day) if birth_date else None)
    return ages


def request_facts(request: RespiteRequest, child_ages: Sequence[int | None]) -> RequestFacts:
    return RequestFacts(
        id=request.id,
        child_ages=tuple(child_ages) or (None,),  # a request is for at least one child
        help_kinds=frozenset(request.help_kinds),
        days=frozenset(request.days),
        parts_of_day=frozenset(request.parts_of_day),
        place=places.find(request.woonplaats),
        max_distance_km=request.max_distance_km,
        needs_pick_up=request.transport == "ophalen",
        needs=frozenset(request.needs_choices),
        languages=frozenset(request.home_languages),
        values=frozenset(request.values_choices),
        pets_ok=request.pets_ok,
        has_allergies=bool(request.allergies.strip()),
    )


def household_facts(household: Household, places_taken: int = 0) -> HouseholdFacts:
    """The approved terms count once a household is approved; before that, what it signed up for."""
    approved = household.status == HouseholdStatus.GOEDGEKEURD

    def term(approved_value, own_value):
        return approved_value if approved and approved_value is not None else own_value

    return HouseholdFacts(
        id=household.id,
        name=household.contact_name,
        approved=approved,
        in_screening=household.status == HouseholdStatus.SCREENING,
        capacity=max(0, term(household.approved_children, household.capacity) - places_taken),
        age_min=term(household.approved_age_min, household.age_min),
        age_max=term(household.approved_age_max, household.age_max),
        siblings_ok=household.siblings_ok,
        help_kinds=frozenset(household.help_kinds),
        days=frozenset(household.days),
        parts_of_day=frozenset(household.parts_of_day),
        place=places.find(household.woonplaats),
        woonplaats=household.woonplaats,
        max_distance_km=household.max_distance_km,
        pick_up=household.pick_up,
        languages=frozenset(household.languages),
        food=frozenset(household.food_choices),
        values=frozenset(household.values_choices),
        experience=frozenset(household.experience),
        has_pets=household.has_pets,
        smoking=household.smoking,
    )


def _households(db: Session, meldpunt_id: int, statuses=MATCHABLE) -> list[HouseholdFacts]:
    """The meldpunt's households that can be matched, with the places their open proposals and matches take (two
    statements)."""
    households = db.exec(
        select(Household)
        .where(Household.meldpunt_id == meldpunt_id, Household.status.in_(statuses))
        .order_by(Household.id)
    ).all()
    taken = dict(
        db.exec(
            select(RespiteMatch.household_id, func.count(RespiteRequestChild.user_id))
            .join(RespiteRequestChild, RespiteRequestChild.request_id == RespiteMatch.request_id)
            .join(Household, Household.id == RespiteMatch.household_id)
            .where(Household.meldpunt_id == meldpunt_id, RespiteMatch.status.in_(OPEN_MATCHES))
            .group_by(RespiteMatch.household_id)
        ).all()
    )
    return [household_facts(h, taken.get(h.id, 0)) for h in households]


# --- the shortlist -----------------------------------------------------------------------------------------------


def shortlist(db: Session, coordinator: User, request_id: int) -> Shortlist:
    """The ranked households for one request (approved and in screening, marked), with the reasons. Only for the
    coordinators of the request's meldpunt; the look is written to the family's access log by the view."""
    request = _handled_request(db, coordinator, request_id)
    family = db.get(Family, request.family_id)
    facts = request_facts(request, _child_ages(db, [request.id])[request.id])
    households = _households(db, request.meldpunt_id)
    evaluations, fitting = scoring.rank(facts, households, SHORTLIST_SIZE)
    return Shortlist(request, family, facts, evaluations, fitting, len(households), facts.place is not None)


# --- the batch ---------------------------------------------------------------------------------------------------


def batch(db: Session, coordinator: User) -> BatchProposal:
    """For all requests of her meldpunt in "zoeken": the approved households with the highest total score within
    their places. Households in screening are left out: they cannot be proposed yet."""
    if not policy.is_coordinator_of(coordinator, coordinator.organisation_id):
        raise NotFound()
    meldpunt_id = coordinator.organisation_id
    requests = db.exec(
        select(RespiteRequest)
        .where(RespiteRequest.meldpunt_id == meldpunt_id, RespiteRequest.status == RequestStatus.ZOEKEN)
        .order_by(RespiteRequest.submitted_at, RespiteRequest.id)
    ).all()
    ages = _child_ages(db, [r.id for r in requests])
    facts = [request_facts(r, ages[r.id]) for r in requests]
    households = _households(db, meldpunt_id, (HouseholdStatus.GOEDGEKEURD,))
    pairs = solver.assign(
        scoring.score_matrix(facts, households),
        [h.capacity for h in households],
        [len(f.child_ages) for f in facts],
    )
    chosen = {pair.request: pair for pair in pairs}
    items = [
        BatchItem(requests[i], facts[i], scoring.evaluate(facts[i], households[chosen[i].household]))
        for i in range(len(requests))
        if i in chosen
    ]
    unmatched = [requests[i] for i in range(len(requests)) if i not in chosen]
    return BatchProposal(items, unmatched, len(households), sum(pair.score for pair in pairs))


# --- proposing ---------------------------------------------------------------------------------------------------


def propose(db: Session, coordinator: User, request_id: int, household_id: int) -> RespiteMatch:
    """The coordinator proposes one approved household that passes the filters: a proposal with its score and
    reasons, the request goes from zoeken to voorgesteld, and both sides get a notification (no names or needs in
    it: only that there is news, and a link to the proposal)."""
    request = _handled_request(db, coordinator, request_id)
    household = db.get(Household, household_id)
    if household is None or household.meldpunt_id != request.meldpunt_id:
        raise NotFound()
    if household.status != HouseholdStatus.GOEDGEKEURD:
        raise StepNotAllowed(f"household {household.id} is {household.status}, not approved")
    facts = request_facts(request, _child_ages(db, [request.id])[request.id])
    taken = _places_taken(db, household.id)
    evaluation = scoring.evaluate(facts, household_facts(household, taken))
    if not evaluation.fits:
        raise StepNotAllowed(f"household {household.id} does not fit request {request.id}")
    move_request(db, request, RequestStatus.VOORGESTELD, Actor.COORDINATOR, coordinator)
    match = RespiteMatch(
        request_id=request.id,
        household_id=household.id,
        score=round(evaluation.score),
        reasons=evaluation.reasons,
        proposed_by_id=coordinator.id,
        proposed_at=utcnow(),
    )
    db.add(match)
    db.flush()
    family = db.get(Family, request.family_id)
    carers = [m.user_id for m in family.members if m.user and policy.is_respite_carer(m.user, family)]
    url, tag = f"/steuntje/koppeling/{match.id}", f"steun-koppeling-{match.id}"
    outbox.enqueue(db, [*carers, household.user_id], "steun", url, tag)
    return match


def _places_taken(db: Session, household_id: int) -> int:
    return db.exec(
        select(func.count(RespiteRequestChild.user_id))
        .join(RespiteMatch, RespiteMatch.request_id == RespiteRequestChild.request_id)
        .where(RespiteMatch.household_id == household_id, RespiteMatch.status.in_(OPEN_MATCHES))
    ).one()


def waiting_days(request: RespiteRequest, now: datetime | None = None) -> int | None:
    """Days since the family sent the request."""
    if request.submitted_at is None:
        return None
    return ((now or utcnow()) - request.submitted_at).days
