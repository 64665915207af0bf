"""JIM monitoring and reviews: trajectories started, ended and active at the end of each quarter per gemeente
(counted from dates only, never-approved nominations left out, no names in the result), and the evaluation that
OnsPlan proposes about every two months on a weekday at 16:00 in Amsterdam, planned once however often the worker runs.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tests.conftest import freeze_time
from tests.factories import make_family, make_regisseur, make_user
from tests.mentor_factories import NOW, JimWorld, build_jim_world, call
from webapp.appointments import services as appointments
from webapp.clock import to_local
from webapp.mentors import monitoring, reviews
from webapp.mentors import services as mentors
from webapp.mentors.monitoring import QuarterFigures
from webapp.models import (
    Appointment,
    Family,
    Mentorship,
    MentorshipStatus,
    Organisation,
    OrganisationKind,
    Role,
)

S = MentorshipStatus


# --- monitoring ----------------------------------------------------------------------------------------------------


def _gemeente(db: Session, name: str) -> Family:
    organisation = Organisation(name=name, kind=OrganisationKind.GEMEENTE)
    db.add(organisation)
    db.commit()
    family = make_family(db, make_regisseur(db), name=f"Gezin in {name}")
    family.gemeente_id = organisation.id
    db.commit()
    return family


def _trajectory(
    db: Session, family: Family, status: S, started: datetime | None = None, ended: datetime | None = None
) -> Mentorship:
    youth = make_user(db, Role.JONGERE, name="Yara Geheim", birth_date=date(2010, 1, 1))
    mentorship = Mentorship(
        youth_id=youth.id,
        family_id=family.id,
        gemeente_id=family.gemeente_id,
        status=status,
        nominee_name="Mentor Geheim",
        relation="buur",
        contact="06 12345678",
        motivation="Vertrouwelijk",
        nominated_at=(started or ended or NOW) - timedelta(days=20),
        started_at=started,
        ended_at=ended,
    )
    db.add(mentorship)
    db.commit()
    return mentorship


def _figures(app, db: Session) -> dict[tuple[str, str], tuple[int, int, int]]:
    rows = call(app, db, lambda session: monitoring.trajectories_per_quarter(session))
    return {(r.gemeente, r.quarter): (r.started, r.ended, r.active_at_end) for r in rows}


def test_trajectories_are_counted_per_gemeente_and_quarter(app, db) -> None:
    freeze_time(app, datetime(2026, 11, 15, 12, 0, tzinfo=UTC))
    venlo, horst = _gemeente(db, "Venlo"), _gemeente(db, "Horst aan de Maas")
    _trajectory(
        db, venlo, S.BEEINDIGD, datetime(2026, 2, 10, 9, 0, tzinfo=UTC), datetime(2026, 8, 20, 9, 0, tzinfo=UTC)
    )
    # 31 March 23:30 in UTC is already 1 April in Amsterdam: the second quarter.
    _trajectory(db, venlo, S.ACTIEF, datetime(2026, 3, 31, 22, 30, tzinfo=UTC))
    _trajectory(db, venlo, S.GEACCEPTEERD)  # waiting for the regisseur: not a trajectory yet
    _trajectory(db, venlo, S.AFGEWEZEN, ended=datetime(2026, 5, 1, 9, 0, tzinfo=UTC))  # declined: never started
    _trajectory(db, venlo, S.INGETROKKEN, ended=datetime(2026, 6, 1, 9, 0, tzinfo=UTC))  # withdrawn: never started
    _trajectory(db, horst, S.ACTIEF, datetime(2026, 5, 5, 9, 0, tzinfo=UTC))

    assert _figures(app, db) == {
        ("Horst aan de Maas", "2026-K2"): (1, 0, 1),
        ("Horst aan de Maas", "2026-K3"): (0, 0, 1),
        ("Horst aan de Maas", "2026-K4"): (0, 0, 1),  # still running in the current quarter
        ("Venlo", "2026-K1"): (1, 0, 1),
        ("Venlo", "2026-K2"): (1, 0, 2),
        ("Venlo", "2026-K3"): (0, 1, 1),
        ("Venlo", "2026-K4"): (0, 0, 1),
    }


def test_a_quarter_in_which_trajectories_only_ran_is_counted_too(app, db) -> None:
    freeze_time(app, datetime(2027, 3, 1, 12, 0, tzinfo=UTC))
    venlo = _gemeente(db, "Venlo")
    _trajectory(
        db, venlo, S.BEEINDIGD, datetime(2026, 1, 10, 9, 0, tzinfo=UTC), datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
    )
    assert _figures(app, db) == {
        ("Venlo", "2026-K1"): (1, 0, 1),
        ("Venlo", "2026-K2"): (0, 0, 1),
        ("Venlo", "2026-K3"): (0, 0, 1),
        ("Venlo", "2026-K4"): (0, 1, 0),
    }  # nothing after it ended: the gemeente has nothing running


def test_a_trajectory_ended_on_new_years_day_was_active_at_the_end_of_the_year(app, db) -> None:
    freeze_time(app, datetime(2027, 3, 1, 12, 0, tzinfo=UTC))
    venlo = _gemeente(db, "Venlo")
    started = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    _trajectory(db, venlo, S.BEEINDIGD, started, datetime(2027, 1, 1, 9, 0, tzinfo=UTC))
    _trajectory(db, venlo, S.BEEINDIGD, started, datetime(2026, 12, 31, 9, 0, tzinfo=UTC))
    assert _figures(app, db) == {("Venlo", "2026-K4"): (2, 1, 1), ("Venlo", "2027-K1"): (0, 1, 0)}


def test_the_gemeente_is_taken_from_the_family_at_nomination(app, world: JimWorld) -> None:
    venlo = Organisation(name="Venlo", kind=OrganisationKind.GEMEENTE)
    world.db.add(venlo)
    world.db.commit()
    world.family.gemeente_id = venlo.id
    world.db.commit()
    mentorship = world.active_mentorship()
    assert mentorship.gemeente_id == venlo.id
    assert _figures(world.app, world.db) == {("Venlo", "2027-K1"): (1, 0, 1)}


def test_monitoring_figures_hold_counts_only(app, world: JimWorld) -> None:
    world.active_mentorship()
    world.active_mentorship(world.noah)
    figures = call(app, world.db, lambda session: monitoring.trajectories_per_quarter(session))
    assert [f.name for f in dataclasses.fields(QuarterFigures)] == [
        "gemeente",
        "quarter",
        "started",
        "ended",
        "active_at_end",
    ]
    assert figures == [QuarterFigures(gemeente="", quarter="2027-K1", started=2, ended=0, active_at_end=2)]
    words = set(re.findall(r"\w+", repr(figures) + repr([dataclasses.asdict(f) for f in figures])))
    for person in (world.sara, world.noah, world.karim, world.joost, world.petra):
        assert not words & set(person.name.split()), person.name


def test_the_monitor_command_prints_csv(app, db) -> None:
    freeze_time(app, datetime(2026, 11, 15, 12, 0, tzinfo=UTC))
    venlo = _gemeente(db, "Venlo")
    _trajectory(db, venlo, S.ACTIEF, datetime(2026, 10, 5, 9, 0, tzinfo=UTC))
    result = app.test_cli_runner().invoke(args=["jim-monitor"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "gemeente,kwartaal,gestart,beeindigd,actief_einde_kwartaal",
        "Venlo,2026-K4,1,0,1",
    ]
    assert "Geheim" not in result.output


# --- reviews -------------------------------------------------------------------------------------------------------


@pytest.fixture
def world(app, db) -> JimWorld:
    return build_jim_world(app, db)


def _reviews(world: JimWorld, mentorship: Mentorship) -> list[Appointment]:
    world.db.expire_all()
    rows = world.db.exec(
        select(Appointment)
        .where(Appointment.mentorship_id == mentorship.id, Appointment.kind == "evaluatie")
        .order_by(Appointment.review_number)
    )
    return list(rows)


def _is_weekday_at_four(moment: datetime) -> bool:
    local = to_local(moment)
    return local.weekday() < 5 and (local.hour, local.minute) == (16, 0)


def test_approving_plans_an_evaluation_about_two_months_later(app, world: JimWorld) -> None:
    mentorship = world.active_mentorship()
    (review,) = _reviews(world, mentorship)
    # Approved Monday 1 March 2027; 61 days later is Saturday 1 May: the Monday after, at 16:00 summer time.
    assert review.starts_at == datetime(2027, 5, 3, 14, 0, tzinfo=UTC)
    assert _is_weekday_at_four(review.starts_at)
    assert (review.review_number, review.organiser_id, review.family_id) == (1, world.petra.id, world.family.id)
    assert world.answers(review) == {world.sara.id: "open", world.karim.id: "open", world.petra.id: "open"}
    told = {r.user_id for r in world.outbox("afspraken", f"afspraak-{review.id}")}
    assert told == {world.sara.id, world.karim.id, world.petra.id}
    assert {r.user_id for r in world.reminders(review)} == told


@pytest.mark.parametrize("days", range(7))
def test_a_review_falls_on_a_weekday_at_four_about_two_months_on(days: int) -> None:
    after = datetime(2027, 3, 1, 10, 0, tzinfo=UTC) + timedelta(days=days)
    moment = reviews.review_moment(after, after)
    assert _is_weekday_at_four(moment)
    assert timedelta(days=60) < moment - after < timedelta(days=64)
    assert moment.tzinfo is not None and moment.utcoffset() == timedelta(0)


def test_a_late_review_is_proposed_at_least_a_week_ahead() -> None:
    now = datetime(2027, 6, 1, 10, 0, tzinfo=UTC)  # long after the last review + two months
    moment = reviews.review_moment(datetime(2027, 1, 4, 15, 0, tzinfo=UTC), now)
    assert moment - now >= timedelta(days=7)
    assert _is_weekday_at_four(moment)


def test_the_next_review_is_planned_only_after_the_previous_one_took_place(app, world: JimWorld) -> None:
    mentorship = world.active_mentorship()
    (first,) = _reviews(world, mentorship)
    assert call(app, world.db, reviews.plan_due_reviews) == 0
    freeze_time(app, first.starts_at - timedelta(minutes=1))
    assert call(app, world.db, reviews.plan_due_reviews) == 0
    freeze_time(app, first.starts_at + timedelta(hours=2))
    assert call(app, world.db, reviews.plan_due_reviews) == 1
    assert call(app, world.db, reviews.plan_due_reviews) == 0  # running again does not plan another
    first_again, second = _reviews(world, mentorship)
    assert first_again.id == first.id
    assert second.review_number == 2
    assert _is_weekday_at_four(second.starts_at)
    assert timedelta(days=60) < second.starts_at - first.starts_at < timedelta(days=64)
    assert world.answers(second) == {world.sara.id: "open", world.karim.id: "open", world.petra.id: "open"}


def test_a_cancelled_review_is_replaced_by_the_worker(app, world: JimWorld) -> None:
    mentorship = world.active_mentorship()
    (first,) = _reviews(world, mentorship)
    call(app, world.db, appointments.cancel, world.petra, first.id)
    assert call(app, world.db, reviews.plan_due_reviews) == 1
    assert [r.review_number for r in _reviews(world, mentorship)] == [1, 2]


def test_no_reviews_for_a_mentorship_that_ended(app, world: JimWorld) -> None:
    mentorship = world.active_mentorship()
    (first,) = _reviews(world, mentorship)
    call(app, world.db, mentors.end, world.sara, mentorship.id)
    freeze_time(app, first.starts_at + timedelta(days=1))
    assert call(app, world.db, reviews.plan_due_reviews) == 0
    assert len(_reviews(world, mentorship)) == 1


def test_two_workers_planning_the_same_review_make_one(app, world: JimWorld, monkeypatch) -> None:
    mentorship = world.active_mentorship()
    (first,) = _reviews(world, mentorship)
    freeze_time(app, first.starts_at + timedelta(hours=1))
    assert call(app, world.db, reviews.plan_due_reviews) == 1
    # A second worker read the state before the first one planned review 2: it tries to plan number 2 again.
    monkeypatch.setattr(reviews, "_last_review", lambda _db, _mentorship: first)
    assert call(app, world.db, reviews.plan_next_review, world.fresh(mentorship)) is None
    assert [r.review_number for r in _reviews(world, mentorship)] == [1, 2]
