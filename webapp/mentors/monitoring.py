"""Monitoring-ready figures: JIM trajectories per gemeente and quarter, counted from dates and the gemeente only.

A trajectory starts when the regisseur approves the mentor and ends when it is stopped. Nothing here reads names,
contact details or reasons, and the result holds counts only (for the regional dashboard that comes later).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, select

from webapp.clock import to_local, utcnow
from webapp.models import Mentorship, Organisation


@dataclass(frozen=True)
class QuarterFigures:
    gemeente: str
    quarter: str  # "2026-K4"
    started: int
    ended: int
    active_at_end: int


def quarter_of(moment: datetime) -> tuple[int, int]:
    local = to_local(moment)
    return local.year, (local.month - 1) // 3 + 1


def _quarter_end(year: int, quarter: int) -> date:
    return date(year + (quarter == 4), 1 if quarter == 4 else quarter * 3 + 1, 1)


def _quarters(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    quarters, (year, quarter) = [], first
    while (year, quarter) <= last:
        quarters.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters


def trajectories_per_quarter(db: Session) -> list[QuarterFigures]:
    """Started, ended and active at the end of each quarter, per gemeente (one query, counted in Python). Every
    quarter from a gemeente's first start on is listed, also one in which trajectories only ran, up to its last
    start or end, or to the current quarter while one is still running."""
    rows = db.exec(
        select(Organisation.name, Mentorship.started_at, Mentorship.ended_at)
        .join(Organisation, Organisation.id == Mentorship.gemeente_id, isouter=True)
        .where(Mentorship.started_at.is_not(None))
    ).all()
    per_gemeente: dict[str, list[tuple[datetime, datetime | None]]] = {}
    for gemeente, started, ended in rows:
        per_gemeente.setdefault(gemeente or "", []).append((started, ended))
    figures = []
    for gemeente, mine in sorted(per_gemeente.items()):
        moments = [s for s, _e in mine] + [e for _s, e in mine if e is not None]
        last = max(quarter_of(m) for m in moments)
        if any(e is None for _s, e in mine):
            last = max(last, quarter_of(utcnow()))
        for year, quarter in _quarters(min(quarter_of(m) for m in moments), last):
            end = datetime.combine(_quarter_end(year, quarter), datetime.min.time(), tzinfo=UTC)
            figures.append(
                QuarterFigures(
                    gemeente=gemeente,
                    quarter=f"{year}-K{quarter}",
                    started=sum(1 for s, _e in mine if quarter_of(s) == (year, quarter)),
                    ended=sum(1 for _s, e in mine if e is not None and quarter_of(e) == (year, quarter)),
                    active_at_end=sum(
                        1
                        for s, e in mine
                        if to_local(s).date() < end.date() and (e is None or to_local(e).date() >= end.date())
                    ),
                )
            )
    return figures
