"""Monitoring-ready figures: JIM trajectories per gemeente and quarter, counted from dates and the gemeente only.

A trajectory starts when the regisseur approves the mentor and ends when it is stopped. Nothing here reads names,
contact details or reasons, and the result holds counts only (for the regional dashboard that comes later).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, select

from webapp.clock import to_local
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


def trajectories_per_quarter(db: Session) -> list[QuarterFigures]:
    """Started, ended and active at the end of each quarter, per gemeente (one query, counted in Python)."""
    rows = db.exec(
        select(Organisation.name, Mentorship.started_at, Mentorship.ended_at)
        .join(Organisation, Organisation.id == Mentorship.gemeente_id, isouter=True)
        .where(Mentorship.started_at.is_not(None))
    ).all()
    quarters: set[tuple[str, int, int]] = set()
    for gemeente, started, ended in rows:
        quarters.add((gemeente or "", *quarter_of(started)))
        if ended is not None:
            quarters.add((gemeente or "", *quarter_of(ended)))
    figures = []
    for gemeente, year, quarter in sorted(quarters):
        mine = [(s, e) for g, s, e in rows if (g or "") == gemeente]
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
