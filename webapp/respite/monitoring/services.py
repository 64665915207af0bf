"""Monitoring of Steuntje in de rug: figures per gemeente and per quarter, counts only (never names).

What is counted, per gemeente (of the request or the household) and per quarter (Europe/Amsterdam):
- requests: sent to the meldpunt in the quarter (drafts do not count);
- days from request to start: the median number of days from sending to the first day of the trial period, over the
  trials that started in the quarter;
- active matches: requests in proefperiode or lopend at the end of the quarter, and the children they are for
  (informal respite in use);
- ended matches: matches (both sides had said yes) that ended in the quarter, by reason (choices.END_REASONS);
- volunteers: steungezin and steunouder households in screening or approved at the end of the quarter;
- waiting requests (nieuw, intake, zoeken, voorgesteld) at the end of the quarter, and pool health: approved
  households per waiting request (Steunouder projects aim for about five candidates per child).

The status at the end of a quarter is read from the history (the events the workflow writes), so a request that went
back to zoeken is not counted as active any more. Everything is computed from seven statements, whatever the data
size: the needed columns are loaded once and counted in Python.

Small cells: a count of 1 to 4 is shown as "< 5" on the page and in the CSV, and a median over fewer than five
trials is not shown, so nobody can be recognised in a small gemeente.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, or_
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.clock import from_local, to_local, utcnow
from webapp.models import (
    Household,
    HouseholdEvent,
    Organisation,
    OrganisationKind,
    RespiteMatch,
    RespiteRequest,
    RespiteRequestChild,
    RespiteRequestEvent,
    User,
)
from webapp.models.respite import HouseholdKind, HouseholdStatus, RequestStatus
from webapp.respite.choices import END_REASONS

R = RequestStatus
SMALL = "< 5"  # what a small cell (1 to 4) shows
SMALL_LIMIT = 5
POOL_TARGET = 5  # approved households per waiting request that Steunouder projects aim for
ACTIVE = frozenset({R.PROEFPERIODE, R.LOPEND})
WAITING = frozenset({R.NIEUW, R.INTAKE, R.ZOEKEN, R.VOORGESTELD})
VOLUNTEER_KINDS = (HouseholdKind.STEUNGEZIN, HouseholdKind.STEUNOUDER)
UNKNOWN_REASON = "anders"

_QUARTER = re.compile(r"^\s*(\d{4})\s*[-_ ]?\s*[QqKk]([1-4])\s*$")


# --- quarters --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter in Amsterdam time, written "2026Q1"."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """ "2026Q1" (also "2026-K1", "2026 q1"); a ValueError for anything else."""
        found = _QUARTER.match(text or "")
        if not found or not 1900 < int(found.group(1)) < 3000:
            raise ValueError(f"not a quarter: {text!r}")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def of(cls, moment: datetime) -> Quarter:
        local = to_local(_aware(moment))
        return cls(local.year, (local.month - 1) // 3 + 1)

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def start(self) -> datetime:
        """Midnight in Amsterdam on the quarter's first day, in UTC."""
        return from_local(datetime(self.year, self.number * 3 - 2, 1))

    @property
    def end(self) -> datetime:
        """The first moment after the quarter (the start of the next one)."""
        return self.next().start

    def __str__(self) -> str:
        return self.code


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    found, quarter = [], first
    while quarter <= last:
        found.append(quarter)
        quarter = quarter.next()
    return found


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- the figures -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gemeente:
    id: int | None  # None: requests or households without a gemeente
    name: str


@dataclass
class Figures:
    """The raw counts for one gemeente (or all of them: `total`) in one quarter. Shown only through `Row`."""

    quarter: Quarter
    gemeente: Gemeente
    total: bool = False
    requests: int = 0
    started: int = 0
    median_days: float | None = None
    active: int = 0
    children: int = 0
    ended: int = 0
    end_reasons: dict[str, int] = field(default_factory=lambda: dict.fromkeys(END_REASONS, 0))
    screening: int = 0
    approved: int = 0
    waiting: int = 0

    @property
    def pool(self) -> float | None:
        """Approved households per waiting request (None when nobody waits)."""
        return round(self.approved / self.waiting, 1) if self.waiting else None


Cell = int | str  # a count, or SMALL


def small(count: int) -> Cell:
    """A count as it may be shown: 0 and 5 or more as they are, 1 to 4 as "< 5"."""
    return count if count == 0 or count >= SMALL_LIMIT else SMALL


@dataclass(frozen=True)
class Row:
    """What the page, the CSV and the CLI show of one gemeente in one quarter: small cells hidden."""

    quarter: Quarter
    gemeente: Gemeente
    total: bool
    requests: Cell
    started: Cell
    median_days: float | None  # None: no trial started, or fewer than five (then `median_hidden`)
    median_hidden: bool
    active: Cell
    children: Cell
    ended: Cell
    end_reasons: tuple[tuple[str, Cell], ...]  # (code, count) in the order of END_REASONS
    screening: Cell
    approved: Cell
    waiting: Cell
    pool: float | None  # approved per waiting request; None when nobody waits

    @property
    def pool_below_target(self) -> bool:
        return self.pool is not None and self.pool < POOL_TARGET

    @classmethod
    def of(cls, figures: Figures) -> Row:
        hidden = 0 < figures.started < SMALL_LIMIT
        return cls(
            quarter=figures.quarter,
            gemeente=figures.gemeente,
            total=figures.total,
            requests=small(figures.requests),
            started=small(figures.started),
            median_days=None if hidden else figures.median_days,
            median_hidden=hidden,
            active=small(figures.active),
            children=small(figures.children),
            ended=small(figures.ended),
            end_reasons=tuple((code, small(figures.end_reasons.get(code, 0))) for code in END_REASONS),
            screening=small(figures.screening),
            approved=small(figures.approved),
            waiting=small(figures.waiting),
            pool=figures.pool,
        )


@dataclass(frozen=True)
class Report:
    """All rows of one meldpunt (or of all meldpunten, for the CLI), quarters oldest first."""

    meldpunt: Organisation | None
    quarters: tuple[Quarter, ...]
    gemeenten: tuple[Gemeente, ...]
    rows: tuple[Row, ...]

    def select(self, quarter: Quarter | None = None, gemeente_id: int | None = None) -> list[Row]:
        """The rows of one quarter and/or one gemeente (None: all). With one gemeente the totals are left out."""
        return [
            row
            for row in self.rows
            if (quarter is None or row.quarter == quarter)
            and (gemeente_id is None or (not row.total and row.gemeente.id == gemeente_id))
        ]

    def series(self, gemeente_id: int | None = None) -> list[Row]:
        """One row per quarter, oldest first: the gemeente's, or all gemeenten together."""
        if gemeente_id is not None:
            return self.select(gemeente_id=gemeente_id)
        single = len(self.gemeenten) == 1  # then there is no separate total
        return [row for row in self.rows if row.total or single]

    def gemeente(self, gemeente_id: int) -> Gemeente | None:
        return next((g for g in self.gemeenten if g.id == gemeente_id), None)


# --- who may see it --------------------------------------------------------------------------------------------


def meldpunt_of(user: User) -> Organisation:
    """The meldpunt whose figures the user may see: a coordinator sees her own meldpunt only; anyone else 404."""
    organisation = user.organisation
    if (
        organisation is None
        or organisation.kind != OrganisationKind.MELDPUNT
        or not policy.is_coordinator_of(user, organisation.id)
    ):
        raise NotFound()
    return organisation


def meldpunt_by_id(db: Session, meldpunt_id: int) -> Organisation | None:
    """An organisation of kind meldpunt (for the CLI, which is not a person and sees every meldpunt)."""
    organisation = db.get(Organisation, meldpunt_id)
    return organisation if organisation is not None and organisation.kind == OrganisationKind.MELDPUNT else None


def report(db: Session, user: User, since: Quarter | None = None) -> Report:
    """The figures of the coordinator's meldpunt (its gemeenten only), from `since` (default: the first quarter
    with data) to the current quarter."""
    return report_for_meldpunt(db, meldpunt_of(user), since)


# --- computing -------------------------------------------------------------------------------------------------


def _timeline(created: datetime, first_status: str, events: list[tuple[datetime, str]]) -> tuple[list, list]:
    """(moments, statuses) sorted by moment: the status from creation on, then each step."""
    moments, statuses = [_aware(created)], [first_status]
    for at, status in events:
        moments.append(_aware(at))
        statuses.append(status)
    return moments, statuses


def _status_at(timeline: tuple[list, list], moment: datetime) -> str | None:
    moments, statuses = timeline
    index = bisect.bisect_left(moments, moment)  # steps at exactly `moment` belong to the next quarter
    return statuses[index - 1] if index else None


def report_for_meldpunt(db: Session, meldpunt: Organisation | None, since: Quarter | None = None) -> Report:
    """What may be shown of one meldpunt's figures (or every meldpunt's when `meldpunt` is None: the CLI)."""
    quarters, gemeenten, figures = compute(db, meldpunt, since)
    return Report(
        meldpunt=meldpunt,
        quarters=tuple(quarters),
        gemeenten=tuple(gemeenten),
        rows=tuple(Row.of(f) for f in figures),
    )


def compute(
    db: Session, meldpunt: Organisation | None, since: Quarter | None = None
) -> tuple[list[Quarter], list[Gemeente], list[Figures]]:
    """The raw counts (small cells not hidden yet: only `Row` may leave the server). Seven statements.

    Per quarter: one Figures per gemeente, then one for all gemeenten together (left out when there is only one)."""
    scoped = meldpunt.id if meldpunt is not None else None

    def mine(statement, column):
        return statement.where(column == scoped) if scoped is not None else statement

    requests = db.exec(
        mine(
            select(
                RespiteRequest.id,
                RespiteRequest.gemeente_id,
                RespiteRequest.status,
                RespiteRequest.created_at,
                RespiteRequest.submitted_at,
                RespiteRequest.started_at,
            ).where(RespiteRequest.submitted_at.is_not(None)),
            RespiteRequest.meldpunt_id,
        )
    ).all()
    request_events = db.exec(
        mine(
            select(
                RespiteRequestEvent.request_id,
                RespiteRequestEvent.from_status,
                RespiteRequestEvent.to_status,
                RespiteRequestEvent.at,
            )
            .join(RespiteRequest, RespiteRequest.id == RespiteRequestEvent.request_id)
            .where(RespiteRequest.submitted_at.is_not(None)),
            RespiteRequest.meldpunt_id,
        ).order_by(RespiteRequestEvent.at, RespiteRequestEvent.id)
    ).all()
    children = dict(
        db.exec(
            mine(
                select(RespiteRequestChild.request_id, func.count())
                .join(RespiteRequest, RespiteRequest.id == RespiteRequestChild.request_id)
                .where(RespiteRequest.submitted_at.is_not(None)),
                RespiteRequest.meldpunt_id,
            ).group_by(RespiteRequestChild.request_id)
        ).all()
    )
    ended_matches = db.exec(
        mine(
            select(
                RespiteRequest.gemeente_id, RespiteMatch.ended_at, RespiteMatch.end_reason, RespiteRequest.end_reason
            )
            .join(RespiteRequest, RespiteRequest.id == RespiteMatch.request_id)
            .where(RespiteMatch.accepted_at.is_not(None), RespiteMatch.ended_at.is_not(None)),
            RespiteRequest.meldpunt_id,
        )
    ).all()
    households = db.exec(
        mine(
            select(Household.id, Household.gemeente_id, Household.status, Household.created_at).where(
                Household.kind.in_(VOLUNTEER_KINDS)
            ),
            Household.meldpunt_id,
        )
    ).all()
    household_events = db.exec(
        mine(
            select(HouseholdEvent.household_id, HouseholdEvent.from_status, HouseholdEvent.to_status, HouseholdEvent.at)
            .join(Household, Household.id == HouseholdEvent.household_id)
            .where(Household.kind.in_(VOLUNTEER_KINDS)),
            Household.meldpunt_id,
        ).order_by(HouseholdEvent.at, HouseholdEvent.id)
    ).all()

    # The gemeenten: those of the meldpunt's region, and any its requests and households name.
    named = {r.gemeente_id for r in requests} | {h.gemeente_id for h in households}
    named |= {m[0] for m in ended_matches}
    region = meldpunt.region if meldpunt is not None else ""
    known = [i for i in named if i is not None]
    conditions = [Organisation.id.in_(known)] if known else []
    if region:
        conditions.append(Organisation.region == region)
    organisations = (
        db.exec(
            select(Organisation.id, Organisation.name).where(
                Organisation.kind == OrganisationKind.GEMEENTE, or_(*conditions)
            )
        ).all()
        if conditions
        else []
    )
    names = dict(organisations)
    gemeenten = [Gemeente(i, name) for i, name in sorted(names.items(), key=lambda item: (item[1].lower(), item[0]))]
    if None in named or any(i not in names for i in known):
        gemeenten.append(Gemeente(None, ""))  # without a (known) gemeente
    by_id = {g.id: g for g in gemeenten}

    def gemeente_of(gemeente_id: int | None) -> Gemeente:
        return by_id.get(gemeente_id) or by_id[None]

    # The quarters: from the first with data (or `since`) to now.
    now = Quarter.of(utcnow())
    moments = [r.submitted_at for r in requests] + [h.created_at for h in households] + [m[1] for m in ended_matches]
    first = since or (min(Quarter.of(m) for m in moments) if moments else now)
    quarters = quarters_between(first, now)

    # Each request's and household's status through time.
    steps: dict[int, list] = defaultdict(list)
    first_status: dict[int, str] = {}
    for request_id, from_status, to_status, at in request_events:
        first_status.setdefault(request_id, from_status or R.CONCEPT)
        steps[request_id].append((at, to_status))
    request_lines = [
        (
            r,
            _timeline(r.created_at, first_status[r.id], steps[r.id])
            if r.id in steps
            else _timeline(r.submitted_at, r.status, []),
        )
        for r in requests
    ]
    household_steps: dict[int, list] = defaultdict(list)
    household_first: dict[int, str] = {}
    for household_id, from_status, to_status, at in household_events:
        household_first.setdefault(household_id, from_status or HouseholdStatus.AANGEMELD)
        household_steps[household_id].append((at, to_status))
    household_lines = [
        (
            h,
            _timeline(h.created_at, household_first[h.id], household_steps[h.id])
            if h.id in household_steps
            else _timeline(h.created_at, h.status, []),
        )
        for h in households
    ]

    result: list[Figures] = []
    for quarter in quarters:
        start, end = quarter.start, quarter.end
        per: dict[Gemeente | None, Figures] = {g: Figures(quarter, g) for g in gemeenten}
        total = Figures(quarter, Gemeente(None, ""), total=True)
        waits: dict[Gemeente | None, list[int]] = defaultdict(list)

        def add(gemeente: Gemeente, name: str, amount: int = 1, *, into=(per, total)) -> None:
            for figures in (into[0][gemeente], into[1]):
                setattr(figures, name, getattr(figures, name) + amount)

        for r, line in request_lines:
            gemeente = gemeente_of(r.gemeente_id)
            if start <= _aware(r.submitted_at) < end:
                add(gemeente, "requests")
            if r.started_at is not None and start <= _aware(r.started_at) < end:
                add(gemeente, "started")
                days = (to_local(_aware(r.started_at)).date() - to_local(_aware(r.submitted_at)).date()).days
                waits[gemeente].append(days)
                waits[None].append(days)
            status = _status_at(line, end)
            if status in ACTIVE:
                add(gemeente, "active")
                add(gemeente, "children", children.get(r.id, 0))
            elif status in WAITING:
                add(gemeente, "waiting")
        for gemeente_id, ended_at, match_reason, request_reason in ended_matches:
            if start <= _aware(ended_at) < end:
                gemeente = gemeente_of(gemeente_id)
                add(gemeente, "ended")
                reason = match_reason or request_reason
                reason = reason if reason in END_REASONS else UNKNOWN_REASON
                for figures in (per[gemeente], total):
                    figures.end_reasons[reason] += 1
        for h, line in household_lines:
            status = _status_at(line, end)
            if status == HouseholdStatus.SCREENING:
                add(gemeente_of(h.gemeente_id), "screening")
            elif status == HouseholdStatus.GOEDGEKEURD:
                add(gemeente_of(h.gemeente_id), "approved")

        for gemeente, figures in per.items():
            figures.median_days = _median(waits.get(gemeente, []))
        total.median_days = _median(waits.get(None, []))
        result.extend(per[g] for g in gemeenten)
        if len(gemeenten) > 1:
            result.append(total)
    return quarters, gemeenten, result


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


# --- CSV -------------------------------------------------------------------------------------------------------

TOTAL_LABEL = "alle gemeenten"
UNKNOWN_LABEL = "onbekend"
CSV_HEADER = (
    "kwartaal",
    "gemeente",
    "aanvragen",
    "gestart",
    "mediaan_dagen_tot_start",
    "actieve_matches",
    "kinderen_met_steungezin",
    "beeindigde_matches",
    *(f"reden_{code}" for code in END_REASONS),
    "vrijwilligers_in_screening",
    "vrijwilligers_goedgekeurd",
    "wachtende_aanvragen",
    "goedgekeurd_per_wachtende_aanvraag",
)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def gemeente_label(row: Row) -> str:
    """The gemeente's name in the CSV (machine-readable, not translated; a name a spreadsheet would read as a
    formula gets a leading quote)."""
    if row.total:
        return TOTAL_LABEL
    name = row.gemeente.name or UNKNOWN_LABEL
    return "'" + name if name.startswith(("=", "+", "-", "@")) else name


def csv_text(rows: Iterable[Row]) -> str:
    """The rows as CSV (comma-separated, a header line first). Small cells read "< 5"; a hidden median is empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            (
                row.quarter.code,
                gemeente_label(row),
                row.requests,
                row.started,
                _number(row.median_days),
                row.active,
                row.children,
                row.ended,
                *(count for _code, count in row.end_reasons),
                row.screening,
                row.approved,
                row.waiting,
                _number(row.pool),
            )
        )
    return out.getvalue()
