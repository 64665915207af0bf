"""The access log (NEN 7513): professionals' reads, changes and prints are logged; the family can see the log.

Family members using their own plan are not logged. The table is append-only: the database itself refuses UPDATE
and DELETE (triggers of migration 0002), on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from tests.conftest import freeze_time
from tests.factories import login, make_family, make_regisseur, make_user
from tests.plan_factories import NOW, PlanWorld, build_world, page_text, sign_in
from webapp.audit import services as audit
from webapp.models import AuditAction, AuditEvent, Organisation, OrganisationKind, Plan, Relation, Role

SEEN = "heeft het gezinsplan bekeken"


@pytest.fixture
def world(app, db) -> PlanWorld:
    world = build_world(app, db)
    world.share(world.sara)
    return world


def _events(world: PlanWorld) -> list[AuditEvent]:
    world.db.expire_all()
    return list(world.db.exec(select(AuditEvent).order_by(AuditEvent.id)))


def _plan_id(world: PlanWorld) -> int:
    return world.db.exec(select(Plan.id).where(Plan.family_id == world.family.id)).one()


def _log_items(html: str) -> list[str]:
    """The entries of the log list, as text."""
    found = re.search(r'<ol class="list log">(.*?)</ol>', html, re.S)
    return [page_text(item) for item in re.findall(r"<li\b.*?</li>", found.group(1), re.S)] if found else []


@pytest.fixture
def events_before(world: PlanWorld) -> int:
    """Building the world (services called as Petra) wrote change events; tests look at what comes after."""
    return len(_events(world))


# --- what is logged -------------------------------------------------------------------------------------------------


def test_a_regisseur_reading_the_plan_is_logged(app, world: PlanWorld, events_before: int) -> None:
    organisation = Organisation(name="Gemeente Venlo", kind=OrganisationKind.GEMEENTE)
    world.db.add(organisation)
    world.db.flush()
    world.petra.organisation_id = organisation.id
    world.db.commit()
    petra = sign_in(app, world.petra)
    assert petra.get(world.plan_url()).status_code == 200
    [event] = _events(world)[events_before:]
    assert (event.action, event.object_type, event.object_id) == ("read", "gezinsplan", _plan_id(world))
    assert (event.family_id, event.subject_id, event.outcome) == (world.family.id, None, "success")
    assert (event.actor_id, event.actor_name, event.actor_role) == (world.petra.id, "Petra Jansen", "regisseur")
    assert event.actor_organisation == "Gemeente Venlo"
    assert event.occurred_at == NOW and event.occurred_at.utcoffset() == timedelta(0)
    assert event.source == petra.client.environ_base["REMOTE_ADDR"]


def test_editing_is_logged_as_changes(app, world: PlanWorld, events_before: int) -> None:
    petra = sign_in(app, world.petra)
    assert petra.get(world.editor_url()).status_code == 200
    note = {"text": "Elke dag op school"}
    assert petra.post(f"{world.editor_url()}/doelen/{world.goals['noah'].id}/notities", note).status_code == 302
    assert petra.post(f"{world.editor_url()}/publiceren", {"summary": "Een notitie."}).status_code == 302
    assert [e.action for e in _events(world)[events_before:]] == ["read", "change", "change"]


def test_printing_is_logged(app, world: PlanWorld, events_before: int) -> None:
    petra = sign_in(app, world.petra)
    assert petra.get(f"{world.plan_url()}/print").status_code == 200
    actions = [e.action for e in _events(world)[events_before:]]
    assert AuditAction.PRINT in actions and set(actions) <= {"read", "print"}


def test_a_regisseur_reading_a_toekomstplan_is_logged_with_whom_it_is_about(
    app, world: PlanWorld, events_before: int
) -> None:
    sign_in(app, world.petra).get(f"/toekomstplan/{world.sara.id}")
    [event] = _events(world)[events_before:]
    assert (event.action, event.object_type, event.subject_id) == ("read", "toekomstplan", world.sara.id)


def test_family_members_using_their_own_plan_write_nothing(app, world: PlanWorld, events_before: int) -> None:
    eva = sign_in(app, world.eva)
    for path in ("", "/print", "/versie/1/veranderingen", "/wie-heeft-gekeken"):
        assert eva.get(world.plan_url() + path).status_code == 200
    assert eva.post(f"{world.plan_url()}/versie/1/antwoord", {"agrees": "ja"}).status_code == 302
    sara = sign_in(app, world.sara)
    assert sara.get(world.plan_url()).status_code == 200
    assert sara.get(f"/toekomstplan/{world.sara.id}").status_code == 200
    assert sara.post(f"/toekomstplan/{world.sara.id}/checklist/digid", {"done": "1"}).status_code == 302
    wonen = {"wonen-want_text": "Een kamer"}
    assert sara.post(f"/toekomstplan/{world.sara.id}/domein/wonen", wonen).status_code == 302
    assert len(_events(world)) == events_before


def test_refused_requests_by_a_stranger_write_no_success_row(app, world: PlanWorld, events_before: int) -> None:
    ruud = sign_in(app, world.ruud)
    assert ruud.get(world.plan_url()).status_code == 404
    assert ruud.get(world.editor_url()).status_code == 404
    # Petra's read proves the log is written at all: her row is the only success after the stranger's tries.
    assert sign_in(app, world.petra).get(world.plan_url()).status_code == 200
    successes = [e for e in _events(world)[events_before:] if e.outcome == "success"]
    assert [(e.actor_id, e.action) for e in successes] == [(world.petra.id, "read")]


# --- the family reads the log --------------------------------------------------------------------------------------


def test_the_family_sees_who_looked_at_their_plan(app, world: PlanWorld) -> None:
    sign_in(app, world.petra).get(world.plan_url())
    html = sign_in(app, world.eva).text(f"{world.plan_url()}/wie-heeft-gekeken")
    newest = _log_items(html)[0]
    assert "Petra Jansen" in newest and "regisseur" in newest and SEEN in newest
    assert '<time datetime="2027-03-01T10:00:00+00:00">' in html  # stored and shown as UTC in the attribute


def test_the_youth_and_the_regisseur_see_the_log_too(app, world: PlanWorld) -> None:
    for name in ("sara", "noah", "petra"):
        assert sign_in(app, getattr(world, name)).get(f"{world.plan_url()}/wie-heeft-gekeken").status_code == 200


def test_the_log_of_one_family_shows_nothing_of_another(app, world: PlanWorld) -> None:
    sign_in(app, world.ruud).get(world.plan_url(world.other_family))
    text = page_text(sign_in(app, world.eva).text(f"{world.plan_url()}/wie-heeft-gekeken"))
    assert "Ruud Smit" not in text


@pytest.mark.parametrize("name", ["outsider", "anouk", "mila", "ruud"])
def test_strangers_get_404_on_the_log(app, world: PlanWorld, name: str) -> None:
    visitor = sign_in(app, getattr(world, name))
    assert visitor.get(f"{world.plan_url()}/wie-heeft-gekeken").status_code == 404
    assert visitor.get(f"{world.plan_url()}/wie-heeft-gekeken?since=2027-01-01").status_code == 404


def _read_on(world: PlanWorld, moment: datetime) -> None:
    """Petra reads the plan at `moment` (written by the service, so the clock can jump without a new login)."""
    freeze_time(world.app, moment)
    world.run(audit.record, world.petra, AuditAction.READ, world.family, "gezinsplan", _plan_id(world))


@pytest.fixture
def three_reads(world: PlanWorld) -> PlanWorld:
    for day in (10, 20):
        _read_on(world, datetime(2027, 1, day, 12, 0, tzinfo=UTC))
    _read_on(world, datetime(2027, 2, 15, 12, 0, tzinfo=UTC))
    freeze_time(world.app, NOW)
    return world


@pytest.mark.parametrize(
    ("query", "reads"),
    [
        ("", 3),
        ("?since=2027-01-15", 2),
        ("?until=2027-01-20", 2),  # the whole last day counts
        ("?until=2027-01-19", 1),
        ("?since=2027-01-11&until=2027-02-14", 1),
        ("?since=2027-02-16&until=2027-02-28", 0),
        ("?since=nonsense&until=", 3),  # a broken date is ignored, not an error
    ],
)
def test_the_family_filters_the_log_by_period(app, three_reads: PlanWorld, query: str, reads: int) -> None:
    world = three_reads
    html = sign_in(app, world.eva).text(f"{world.plan_url()}/wie-heeft-gekeken{query}")
    items = [item for item in _log_items(html) if SEEN in item]
    assert len(items) == reads
    if reads == 0:
        assert "In deze periode heeft niemand uw plan bekeken." in page_text(html)  # Eva, a parent: "u"


@pytest.fixture
def server_clock_in_utc() -> Iterator[None]:
    """Run the server's local clock on UTC, so the result does not depend on the machine running the tests."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_the_period_filter_uses_the_days_the_family_sees(app, world: PlanWorld, server_clock_in_utc) -> None:
    _read_on(world, datetime(2027, 1, 31, 23, 30, tzinfo=UTC))  # 1 February 00:30 in Amsterdam
    freeze_time(app, NOW)
    eva = sign_in(app, world.eva)
    log = f"{world.plan_url()}/wie-heeft-gekeken"
    [shown] = [item for item in _log_items(eva.text(log)) if SEEN in item]
    assert "1 feb 2027" in shown
    assert _log_items(eva.text(f"{log}?since=2027-02-01&until=2027-02-01")) == [shown]
    assert _log_items(eva.text(f"{log}?since=2027-01-31&until=2027-01-31")) == []


# --- append-only --------------------------------------------------------------------------------------------------------


@pytest.fixture
def logged(app, world: PlanWorld) -> AuditEvent:
    sign_in(app, world.petra).get(world.plan_url())
    return _events(world)[-1]


@pytest.mark.parametrize(
    "statement",
    [
        lambda e: update(AuditEvent).where(AuditEvent.id == e.id).values(actor_name="Iemand anders"),
        lambda e: update(AuditEvent).values(outcome="denied"),
        lambda e: delete(AuditEvent).where(AuditEvent.id == e.id),
        lambda e: delete(AuditEvent),
    ],
    ids=["update-one", "update-all", "delete-one", "delete-all"],
)
def test_the_database_refuses_to_change_or_delete_the_log(world: PlanWorld, logged: AuditEvent, statement) -> None:
    count = len(_events(world))
    with pytest.raises(DBAPIError, match="append-only"), world.db.begin_nested():
        world.db.execute(statement(logged))
    world.db.commit()
    after = _events(world)
    assert len(after) == count
    assert (after[-1].actor_name, after[-1].outcome) == ("Petra Jansen", "success")


def test_the_orm_cannot_change_or_delete_a_logged_row_either(world: PlanWorld, logged: AuditEvent) -> None:
    with pytest.raises(DBAPIError, match="append-only"), world.db.begin_nested():
        logged.action = AuditAction.EXPORT
        world.db.flush()
    with pytest.raises(DBAPIError, match="append-only"), world.db.begin_nested():
        world.db.delete(logged)
        world.db.flush()
    world.db.commit()
    assert _events(world)[-1].action == "read"


def test_adding_rows_is_allowed(world: PlanWorld, logged: AuditEvent) -> None:
    before = len(_events(world))
    world.run(audit.record, world.petra, AuditAction.EXPORT, world.family, "gezinsplan", _plan_id(world))
    assert len(_events(world)) == before + 1


def test_only_professionals_are_recorded_by_the_service(app, db) -> None:
    world = build_world(app, db)
    before = len(_events(world))
    world.run(audit.record, world.eva, AuditAction.READ, world.family, "gezinsplan", _plan_id(world))
    assert len(_events(world)) == before


def test_a_professionals_refused_attempt_is_logged_for_the_family(app, db) -> None:
    own_regisseur, other_regisseur = make_regisseur(db), make_regisseur(db, name="Andere Regisseur")
    youth = make_user(db, Role.JONGERE)
    family = make_family(db, own_regisseur, (youth, Relation.JONGERE))
    client = app.test_client()
    login(client, other_regisseur)
    assert client.get(f"/gezinnen/{family.id}/plan").status_code == 404
    refused = db.exec(select(AuditEvent).where(AuditEvent.family_id == family.id)).all()
    assert [(e.actor_id, e.outcome) for e in refused] == [(other_regisseur.id, "denied")]
    family_client = app.test_client()
    login(family_client, youth)
    page = family_client.get(f"/gezinnen/{family.id}/plan/wie-heeft-gekeken").get_data(as_text=True)
    assert "Andere Regisseur" in page and "geweigerd" in page
