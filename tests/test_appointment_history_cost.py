"""Years of appointments behind a regisseur's caseload cost her agenda (/afspraken), her home page's "Nu voor jou"
and her calendar feed no more work (issue 14).

They found her appointments through her participations or her families' appointments, every one ever planned, and
kept those of the time they show: the agenda went from 8,500 to 409,000 SQLite steps after three years of a
fortnightly meeting in each of 42 families. Each now reads the weeks it shows (`visibility.within_reach`, the
family's and the mentorship's time indexes), and the agenda's past part only back to where one of her families
still had ten she may see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from sqlmodel import Session

from tests.factories import make_appointment, make_family, make_regisseur, make_user
from tests.query_plans import sqlite_steps_while
from webapp.appointments import calendar, reads
from webapp.clock import utcnow
from webapp.home import now as home_now
from webapp.models import Answer, Family, Relation, Role, User

FAMILIES = 6
FORTNIGHTS_A_YEAR = 26


def _caseload(db: Session) -> tuple[User, list[tuple[Family, User]]]:
    petra = make_regisseur(db, name="Petra Jansen")
    families = []
    for number in range(FAMILIES):
        parent = make_user(db, Role.OUDER, name=f"Ouder {number}")
        families.append((make_family(db, petra, (parent, Relation.OUDER), name=f"Gezin {number}"), parent))
    return petra, families


def _shown(app: Flask, db: Session, petra: User) -> dict[str, Callable[[], object]]:
    """What each of the three shows her, as comparable values."""

    def agenda() -> tuple:
        seen = reads.agenda(db, petra)
        return tuple(e.appointment.id for e in seen.upcoming), tuple(e.appointment.id for e in seen.past)

    def now_for_you() -> tuple:
        with app.test_request_context():
            return tuple((item.kind, item.url) for item in home_now.items_for(db, petra))

    def feed() -> tuple:
        return tuple(appointment.id for appointment, _answer in calendar.feed_appointments(db, petra))

    return {"agenda": agenda, "now-for-you": now_for_you, "feed": feed}


def test_years_of_appointments_cost_her_agenda_home_page_and_feed_no_more(app: Flask, db: Session) -> None:
    petra, families = _caseload(db)
    moment = utcnow()
    recent = []
    for family, parent in families:  # this month: two ahead (one to answer), one behind
        make_appointment(db, family.id, moment + timedelta(days=3), petra, parent, answer=Answer.OPEN)
        make_appointment(db, family.id, moment + timedelta(days=10), petra, parent)
        recent.append(make_appointment(db, family.id, moment - timedelta(days=21), petra, parent))
    db.commit()
    readers = _shown(app, db, petra)
    shown = {name: read() for name, read in readers.items()}
    on_sqlite = db.get_bind().dialect.name == "sqlite"  # its virtual machine counts the work; both read the same

    def work_of(read: Callable[[], object]) -> int:
        return sqlite_steps_while(db, read) if on_sqlite else 0

    work = {name: work_of(read) for name, read in readers.items()}
    history = []

    def add_history(fortnights: range) -> None:
        """A fortnightly meeting in each family, from 10 weeks back, all confirmed."""
        for number, (family, parent) in enumerate(families):
            for fortnight in fortnights:
                starts_at = moment - timedelta(days=70 + 14 * fortnight, hours=number)
                history.append((starts_at, make_appointment(db, family.id, starts_at, petra, parent)))
        db.commit()

    add_history(range(FORTNIGHTS_A_YEAR))  # a year
    a_year = work_of(readers["agenda"])
    add_history(range(FORTNIGHTS_A_YEAR, 3 * FORTNIGHTS_A_YEAR))  # three years
    assert readers["now-for-you"]() == shown["now-for-you"] and shown["now-for-you"]
    assert readers["feed"]() == shown["feed"] and len(shown["feed"]) == 3 * FAMILIES  # two months back
    upcoming, past = readers["agenda"]()
    latest_history = [aid for _at, aid in sorted(history, reverse=True)]
    assert upcoming == shown["agenda"][0] and len(upcoming) == 2 * FAMILIES
    assert past == tuple(reversed(recent)) + tuple(latest_history[: 10 - FAMILIES])
    if not on_sqlite:
        return
    # Nu voor jou and the feed read no past at all; the agenda's past part at most ten a family, after one year or
    # three (the old statement: 3.3 times the work of a year after three).
    assert sqlite_steps_while(db, readers["now-for-you"]) < 1.5 * work["now-for-you"]
    assert sqlite_steps_while(db, readers["feed"]) < 1.5 * work["feed"]
    assert sqlite_steps_while(db, readers["agenda"]) < 1.2 * a_year
