"""Steuntje in de rug's public API for other features (the home page): what waits for this person, as counts, in one
statement built once at import (the home page is the most visited page). Each part's own use-cases live in its
folder's services.py."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, func, or_, select
from sqlmodel import Session

from webapp.clock import today
from webapp.models import (
    AgreementCard,
    CheckIn,
    FamilyMember,
    Household,
    OrganisationKind,
    RespiteMatch,
    RespiteRequest,
    Role,
    User,
)
from webapp.models.families import Relation
from webapp.models.respite import HouseholdKind, HouseholdStatus, MatchStatus, RequestStatus
from webapp.sql_once import built_once

_request = RespiteRequest.__table__
_match = RespiteMatch.__table__
_household = Household.__table__
_checkin = CheckIn.__table__
_card = AgreementCard.__table__
_member = FamilyMember.__table__

_OPEN = [
    s.value
    for s in (
        RequestStatus.NIEUW,
        RequestStatus.INTAKE,
        RequestStatus.ZOEKEN,
        RequestStatus.VOORGESTELD,
        RequestStatus.KENNISMAKING,
        RequestStatus.PROEFPERIODE,
        RequestStatus.LOPEND,
    )
]


@dataclass(frozen=True)
class RespiteHome:
    """What Steuntje in de rug asks of this person now (all zero: nothing waits)."""

    role: str  # "family", "coordinator", "steungezin" or "" (nothing to show)
    drafts: int = 0  # family: requests still to send
    open_requests: int = 0  # family: requests in progress
    to_answer: int = 0  # family / steungezin: proposals waiting for my answer
    to_agree: int = 0  # family / steungezin: an afsprakenkaart version waiting for my yes
    checkins_due: int = 0  # family / steungezin: check-ins to fill in
    new_requests: int = 0  # coordinator: requests waiting for an intake
    searching: int = 0  # coordinator: requests waiting for a match
    signups: int = 0  # coordinator: sign-ups waiting for an intake
    in_screening: int = 0  # coordinator: households in screening

    @property
    def waiting(self) -> int:
        return self.to_answer + self.to_agree + self.checkins_due + self.drafts


def _count(table, *where):
    return select(func.count()).select_from(table).where(*where).scalar_subquery()


def _latest_card_waiting(match_ids, agreed_column):
    """Matches among `match_ids` whose newest afsprakenkaart is not yet agreed by this side."""
    other = _card.alias("other_card")
    newest = select(func.max(other.c.version)).where(other.c.match_id == _card.c.match_id).scalar_subquery()
    return _count(
        _card.join(_match, _match.c.id == _card.c.match_id),
        _match.c.id.in_(match_ids),
        _match.c.status == MatchStatus.AKKOORD.value,
        _card.c.version == newest,
        agreed_column.is_(None),
    )


def _family_statement():
    carer_families = select(_member.c.family_id).where(
        _member.c.user_id == bindparam("me"),
        _member.c.relation.in_([Relation.OUDER.value, Relation.PLEEGOUDER.value]),
    )
    mine = select(_request.c.id).where(_request.c.family_id.in_(carer_families))
    my_matches = select(_match.c.id).where(_match.c.request_id.in_(mine))
    return select(
        _count(_request, _request.c.family_id.in_(carer_families), _request.c.status == RequestStatus.CONCEPT.value),
        _count(_request, _request.c.family_id.in_(carer_families), _request.c.status.in_(_OPEN)),
        _count(
            _match,
            _match.c.request_id.in_(mine),
            _match.c.status == MatchStatus.VOORGESTELD.value,
            _match.c.family_answer.is_(None),
        ),
        _latest_card_waiting(my_matches, _card.c.family_agreed_at),
        _count(
            _checkin,
            _checkin.c.match_id.in_(my_matches),
            _checkin.c.side == "gezin",
            _checkin.c.answered_at.is_(None),
            _checkin.c.due_on <= bindparam("today"),
        ),
    )


def _steungezin_statement():
    mine = select(_household.c.id).where(_household.c.user_id == bindparam("me"))
    my_matches = select(_match.c.id).where(_match.c.household_id.in_(mine))
    return select(
        _count(
            _match,
            _match.c.household_id.in_(mine),
            _match.c.status == MatchStatus.VOORGESTELD.value,
            _match.c.household_answer.is_(None),
        ),
        _latest_card_waiting(my_matches, _card.c.household_agreed_at),
        _count(
            _checkin,
            _checkin.c.match_id.in_(my_matches),
            _checkin.c.side == "steungezin",
            _checkin.c.answered_at.is_(None),
            _checkin.c.due_on <= bindparam("today"),
        ),
    )


def _coordinator_statement():
    ours = _request.c.meldpunt_id == bindparam("meldpunt")
    volunteers = and_(
        _household.c.meldpunt_id == bindparam("meldpunt"),
        or_(_household.c.kind == HouseholdKind.STEUNGEZIN.value, _household.c.kind == HouseholdKind.STEUNOUDER.value),
    )
    return select(
        _count(_request, ours, _request.c.status == RequestStatus.NIEUW.value),
        _count(_request, ours, _request.c.status == RequestStatus.ZOEKEN.value),
        _count(_household, volunteers, _household.c.status == HouseholdStatus.AANGEMELD.value),
        _count(_household, volunteers, _household.c.status == HouseholdStatus.SCREENING.value),
    )


_FAMILY = built_once(_family_statement())
_STEUNGEZIN = built_once(_steungezin_statement())
_COORDINATOR = built_once(_coordinator_statement())


def home(db: Session, user: User, *, is_carer: bool) -> RespiteHome:
    """One statement: the counts for a parent or foster parent (`is_carer`, known from the home page's own families),
    a coordinator or a steungezin; nothing for anyone else."""
    connection = db.connection()
    meldpunt = user.organisation is not None and user.organisation.kind == OrganisationKind.MELDPUNT
    if user.has_role(Role.COORDINATOR) and meldpunt:  # a gemeente's coordinator hands families over (webapp/intake)
        row = connection.execute(_COORDINATOR, {"meldpunt": user.organisation_id}).one()
        return RespiteHome("coordinator", new_requests=row[0], searching=row[1], signups=row[2], in_screening=row[3])
    if user.has_role(Role.STEUNGEZIN):
        row = connection.execute(_STEUNGEZIN, {"me": user.id, "today": today()}).one()
        return RespiteHome("steungezin", to_answer=row[0], to_agree=row[1], checkins_due=row[2])
    if is_carer:
        row = connection.execute(_FAMILY, {"me": user.id, "today": today()}).one()
        return RespiteHome(
            "family", drafts=row[0], open_requests=row[1], to_answer=row[2], to_agree=row[3], checkins_due=row[4]
        )
    return RespiteHome("")
