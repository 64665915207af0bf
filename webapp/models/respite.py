"""Steuntje in de rug (informal respite care): a family's request, volunteer households with their screening, the
match between them with its afsprakenkaart (versioned, agreed by both) and the check-ins of the trial period.

One meldpunt (an organisation, its coordinators) handles requests and households of its gemeenten. Multi-choice
answers (days, languages, ...) are JSON lists of fixed codes (see webapp/respite/choices.py); free text is the
family's or volunteer's own words. Religion, health and a child's needs are special data: optional, never in push
payloads or logs.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel, UniqueConstraint

from webapp.clock import utcnow


class RequestStatus(StrEnum):
    CONCEPT = "concept"  # a draft the family is still writing; the meldpunt does not see it
    NIEUW = "nieuw"
    INTAKE = "intake"
    ZOEKEN = "zoeken"
    VOORGESTELD = "voorgesteld"
    KENNISMAKING = "kennismaking"
    PROEFPERIODE = "proefperiode"
    LOPEND = "lopend"
    AFGESLOTEN = "afgesloten"  # ended as planned, with a goodbye
    GESTOPT = "gestopt"  # stopped early, with a reason


class RespiteRequest(SQLModel, table=True):
    """A family's hulpvraag (help request) to the meldpunt."""

    __tablename__ = "respite_request"
    # A family's and a meldpunt's requests by status (the parents' and the coordinator's home page), without reading
    # every request of that status in the country (migration 0022).
    __table_args__ = (
        Index("ix_respite_request_family_id_status", "family_id", "status"),
        Index("ix_respite_request_meldpunt_id_status", "meldpunt_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True, ondelete="CASCADE")
    meldpunt_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    gemeente_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)  # for monitoring
    created_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    status: str = Field(default=RequestStatus.CONCEPT, max_length=15, index=True)  # RequestStatus
    # What kind of help, when, and how the child gets there.
    help_kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    days: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    parts_of_day: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    times_note: str = Field(default="", max_length=500)
    woonplaats: str = Field(default="", max_length=100)  # where the family lives (for the travel distance)
    transport: str = Field(default="", max_length=20)  # own transport / needs pick-up
    max_distance_km: int | None = None
    # About the children and the family, in their own words (special data: optional, explained on the form).
    child_needs: str = Field(default="", max_length=2000)
    needs_choices: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # e.g. autisme
    home_languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    values_choices: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # halal, ...
    values_note: str = Field(default="", max_length=1000)
    pets_ok: bool | None = None  # None: no preference
    allergies: str = Field(default="", max_length=500)
    siblings_together: bool | None = None
    # The family decides once whether its regisseur sees the status (None: not asked yet).
    share_with_regisseur: bool | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = Field(default=None, index=True)  # waiting time counts from here
    started_at: datetime | None = None  # first day of the trial period (monitoring: days from request to start)
    ended_at: datetime | None = None
    end_reason: str = Field(default="", max_length=30)  # a code from choices.END_REASONS
    end_note: str = Field(default="", max_length=1000)


class RespiteRequestChild(SQLModel, table=True):
    """A child of the family the request is for (also a child without an account)."""

    __tablename__ = "respite_request_child"

    request_id: int = Field(foreign_key="respite_request.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")


class RespiteRequestEvent(SQLModel, table=True):
    """One step of a request: who moved it from which status to which, when, and why (for gestopt)."""

    __tablename__ = "respite_request_event"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="respite_request.id", index=True, ondelete="CASCADE")
    from_status: str | None = Field(default=None, max_length=15)
    to_status: str = Field(max_length=15)
    actor_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    note: str = Field(default="", max_length=1000)
    at: datetime = Field(default_factory=utcnow)


class IntakeNote(SQLModel, table=True):
    """A coordinator's note on a request or a household: visible only to coordinators of that meldpunt."""

    __tablename__ = "respite_intake_note"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int | None = Field(default=None, foreign_key="respite_request.id", index=True, ondelete="CASCADE")
    household_id: int | None = Field(
        default=None, foreign_key="respite_household.id", index=True, ondelete="CASCADE"
    )
    author_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    text: str = Field(max_length=4000)
    created_at: datetime = Field(default_factory=utcnow)


class HouseholdKind(StrEnum):
    STEUNGEZIN = "steungezin"
    STEUNOUDER = "steunouder"
    PLEEGGEZIN = "pleeggezin"  # routed to a foster care organisation
    GEZINSHUIS = "gezinshuis"  # routed to a gezinshuis organisation


class HouseholdStatus(StrEnum):
    AANGEMELD = "aangemeld"  # signed up on the aanmeldpunt
    SCREENING = "screening"  # intake done, checks in progress
    GOEDGEKEURD = "goedgekeurd"  # approved: may be proposed
    AFGEWEZEN = "afgewezen"  # not approved
    GESTOPT = "gestopt"  # the volunteer withdrew
    DOORGESTUURD = "doorgestuurd"  # pleeggezin / gezinshuis: sent to the right organisation


class Household(SQLModel, table=True):
    """A volunteer household (steungezin / steunouder) or a sign-up routed elsewhere (pleeggezin, gezinshuis)."""

    __tablename__ = "respite_household"
    __table_args__ = (Index("ix_respite_household_meldpunt_id_status", "meldpunt_id", "status"),)  # as requests

    id: int | None = Field(default=None, primary_key=True)
    meldpunt_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    kind: str = Field(max_length=15)  # HouseholdKind
    status: str = Field(default=HouseholdStatus.AANGEMELD, max_length=15, index=True)  # HouseholdStatus
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True, ondelete="SET NULL")  # the account
    # Contact (shown to a family only after both accepted a match).
    contact_name: str = Field(max_length=200)
    email: str = Field(max_length=254, index=True)
    phone: str = Field(default="", max_length=40)
    street: str = Field(default="", max_length=200)
    postcode: str = Field(default="", max_length=10)
    woonplaats: str = Field(default="", max_length=100)
    gemeente_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    # The household: adults [{"name": .., "birth_year": ..}], children [{"age": ..}].
    adults: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    children: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # What they can offer.
    help_kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    days: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    parts_of_day: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    capacity: int = 1  # how many children at a time
    age_min: int = 0
    age_max: int = 17
    siblings_ok: bool = True
    pick_up: bool = False  # can collect the child
    max_distance_km: int | None = None
    languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    values_choices: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    culture_note: str = Field(default="", max_length=1000)
    food_choices: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    has_pets: bool = False
    pets_note: str = Field(default="", max_length=300)
    smoking: bool = False
    experience: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    experience_note: str = Field(default="", max_length=1000)
    motivation: str = Field(default="", max_length=2000)
    # Screening (the checklist; OnsPlan never stores a VOG itself).
    intake_done_on: date | None = None
    second_intake_on: date | None = None
    training_done_on: date | None = None
    approved_on: date | None = None
    approved_age_min: int | None = None
    approved_age_max: int | None = None
    approved_children: int | None = None
    # Pleeggezin / gezinshuis: the organisation the sign-up was sent to (OnsPlan tracks only where it went).
    routed_to_id: int | None = Field(default=None, foreign_key="organisation.id")
    routed_at: datetime | None = None
    # The account is made at the end, like an invitation: only the hash of the link's token is kept.
    account_token_hash: str | None = Field(default=None, max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    decided_at: datetime | None = Field(default=None, index=True)  # declined / withdrawn: deleted 12 months later


class HouseholdAdult(SQLModel, table=True):
    """An adult of a volunteer household, with the VOG check for that person (dates only)."""

    __tablename__ = "respite_household_adult"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="respite_household.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    birth_year: int | None = None
    vog_requested_on: date | None = None
    vog_received_on: date | None = None


class HouseholdReference(SQLModel, table=True):
    """A reference: not a relative, known the volunteer at least two years."""

    __tablename__ = "respite_household_reference"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="respite_household.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    context: str = Field(default="", max_length=200)  # e.g. work, club, neighbours
    known_years: int | None = None
    is_relative: bool = False
    checked_on: date | None = None
    positive: bool | None = None


class HouseholdEvent(SQLModel, table=True):
    """One step of a household's screening (history with actor and time)."""

    __tablename__ = "respite_household_event"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="respite_household.id", index=True, ondelete="CASCADE")
    from_status: str | None = Field(default=None, max_length=15)
    to_status: str = Field(max_length=15)
    actor_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    note: str = Field(default="", max_length=1000)
    at: datetime = Field(default_factory=utcnow)


class MatchStatus(StrEnum):
    VOORGESTELD = "voorgesteld"  # proposed by the coordinator; both sides answer
    AFGEWEZEN = "afgewezen"  # one side said no (the request goes back to zoeken)
    INGETROKKEN = "ingetrokken"  # the coordinator withdrew the proposal
    AKKOORD = "akkoord"  # both said yes: contact details visible, kennismaking, trial, lopend
    BEEINDIGD = "beeindigd"  # ended (afgesloten or gestopt, see the request)


class Answer(StrEnum):
    JA = "ja"
    NEE = "nee"


class RespiteMatch(SQLModel, table=True):
    """A proposal of one household for one request, and the match it becomes when both accept."""

    __tablename__ = "respite_match"
    # A request's and a household's matches by status: every agenda asks "an accepted match of his household for
    # this appointment's request?", a steungezin's home page its own matches (migration 0022).
    __table_args__ = (
        Index("ix_respite_match_request_id_status", "request_id", "status"),
        Index("ix_respite_match_household_id_status", "household_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="respite_request.id", index=True, ondelete="CASCADE")
    household_id: int = Field(foreign_key="respite_household.id", index=True, ondelete="CASCADE")
    status: str = Field(default=MatchStatus.VOORGESTELD, max_length=15, index=True)  # MatchStatus
    score: int = 0
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # at proposal time
    proposed_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    proposed_at: datetime = Field(default_factory=utcnow)
    family_answer: str | None = Field(default=None, max_length=5)  # Answer
    family_reason: str = Field(default="", max_length=1000)
    family_answered_at: datetime | None = None
    household_answer: str | None = Field(default=None, max_length=5)  # Answer
    household_reason: str = Field(default="", max_length=1000)
    household_answered_at: datetime | None = None
    # A no's reason as a code of choices.DECLINE_REASONS (the *_reason fields keep the note in their own words).
    family_decline_code: str = Field(default="", max_length=20)
    household_decline_code: str = Field(default="", max_length=20)
    accepted_at: datetime | None = None  # both said yes
    # "Toevoegen aan ons plan": a carer asks the regisseur to add the steungezin as a betrokkene of the plan.
    plan_suggested_at: datetime | None = None
    plan_suggested_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    plan_added_at: datetime | None = None
    trial_starts_on: date | None = None
    trial_ends_on: date | None = None
    next_review_on: date | None = None
    ended_at: datetime | None = None
    ended_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    end_reason: str = Field(default="", max_length=30)
    end_note: str = Field(default="", max_length=1000)


class AgreementCard(SQLModel, table=True):
    """One version of the afsprakenkaart. A new version needs both households to agree again."""

    __tablename__ = "respite_agreement"
    __table_args__ = (UniqueConstraint("match_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="respite_match.id", index=True, ondelete="CASCADE")
    version: int
    # The sections (days_times, bringing, food, religion, medicine, screens, photos, emergency, costs, coordinator).
    sections: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
    family_agreed_at: datetime | None = None
    family_agreed_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    household_agreed_at: datetime | None = None
    household_agreed_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")


class CheckInSide(StrEnum):
    GEZIN = "gezin"
    STEUNGEZIN = "steungezin"


class CheckIn(SQLModel, table=True):
    """A short 'how is it going' (three faces and a note) for one side of a match, due in week 2, 4, 8 or at a
    six-monthly review."""

    __tablename__ = "respite_checkin"
    __table_args__ = (UniqueConstraint("match_id", "side", "moment"),)

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="respite_match.id", index=True, ondelete="CASCADE")
    side: str = Field(max_length=12)  # CheckInSide
    moment: str = Field(max_length=12)  # "week2", "week4", "week8", "review1", ...
    due_on: date = Field(index=True)
    face: int | None = None  # 1 sad, 2 neutral, 3 happy
    child_face: int | None = None
    note: str = Field(default="", max_length=1000)
    answered_at: datetime | None = None
    answered_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    reminded_at: datetime | None = None  # the push that it is due went out (the worker job tells each side once)
