"""The access log (NEN 7513) is complete and cannot be rewritten unseen (issue 9, finding 5).

- Every professional read of personal data is a row: a conversation (also new messages fetched by polling), a
  downloaded attachment, the family page. The family sees them, and someone's own conversation only where the
  age rules allow.
- The database refuses rewriting: SQLite's INSERT OR REPLACE, PostgreSQL's TRUNCATE and ON CONFLICT DO UPDATE, and
  an application role with only SELECT and INSERT on the log can do nothing else there.
- Rows are chained by hash; `flask audit-verify` finds a changed or removed row, and writers at once keep one chain.
- Rows survive the accounts they mention (no foreign keys; names kept).
"""

from __future__ import annotations

import itertools
import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, select

from tests.factories import make_regisseur, make_user
from tests.plan_factories import PlanWorld, build_world, page_text, sign_in
from webapp.audit import chain
from webapp.audit import services as audit
from webapp.audit.grants import app_role_grants
from webapp.db import make_engine
from webapp.messages import services as messages
from webapp.migrate import upgrade
from webapp.models import AuditAction, AuditEvent, Conversation, ConversationKind, Role, User

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
REFUSED = "append-only"


@pytest.fixture
def world(app, db) -> PlanWorld:
    return build_world(app, db)


def _events(world: PlanWorld) -> list[AuditEvent]:
    world.db.expire_all()
    return list(world.db.exec(select(AuditEvent).order_by(AuditEvent.id)))


@pytest.fixture
def events_before(world: PlanWorld) -> int:
    return len(_events(world))


def _conversation(world: PlanWorld, kind: ConversationKind, person: User | None = None) -> Conversation:
    conversation = Conversation(kind=kind, family_id=world.family.id, person_id=person.id if person else None)
    world.db.add(conversation)
    world.db.commit()
    return conversation


def _log(world: PlanWorld, viewer: User) -> str:
    """The entries of `viewer`'s "Wie heeft ons plan bekeken?", one line each."""
    html = sign_in(world.app, viewer).text(f"/gezinnen/{world.family.id}/plan/wie-heeft-gekeken")
    found = re.search(r'<ol class="list log">(.*?)</ol>', html, re.S)
    items = re.findall(r"<li\b.*?</li>", found.group(1), re.S) if found else []
    return "\n".join(" ".join(page_text(item).split()) for item in items)


def _new_rows(world: PlanWorld, before: int) -> list[tuple]:
    return [(e.action, e.object_type, e.object_id, e.subject_id) for e in _events(world)[before:]]


# --- professional reads that are logged ------------------------------------------------------------------------


def test_a_regisseur_reading_the_family_conversation_is_logged_for_the_whole_family(world, events_before) -> None:
    conversation = _conversation(world, ConversationKind.FAMILY)
    assert sign_in(world.app, world.petra).get(f"/berichten/{conversation.id}").status_code == 200
    assert _new_rows(world, events_before) == [("read", "gezinsgesprek", conversation.id, None)]
    for member in (world.eva, world.sara, world.noah):
        assert re.search(r"Petra Jansen .*heeft de berichten van het gezin gelezen", _log(world, member))


def test_a_private_conversation_of_a_youth_of_16_is_logged_about_her_and_shown_to_her_only(
    world, events_before
) -> None:
    conversation = _conversation(world, ConversationKind.PRIVATE, world.sara)
    sign_in(world.app, world.petra).get(f"/berichten/{conversation.id}")
    [event] = _events(world)[events_before:]
    assert (event.object_type, event.subject_id, event.subject_name) == ("privegesprek", world.sara.id, "Sara de Vries")
    label = "heeft berichten gelezen uit een eigen gesprek met de regisseur"
    assert label in _log(world, world.sara) and "Over: Sara de Vries" in _log(world, world.sara)
    for other in (world.eva, world.tom, world.ingrid, world.noah):
        assert label not in _log(world, other)


def test_a_private_conversation_of_a_youth_under_16_is_in_his_log_not_his_carers(world) -> None:
    """From 12 the reads of his own conversation with the regisseur are his: when and how often she opened it would
    tell his carers that he wrote — after "Ik voel me niet veilig", that he asked for help (security review)."""
    conversation = _conversation(world, ConversationKind.PRIVATE, world.noah)
    sign_in(world.app, world.petra).get(f"/berichten/{conversation.id}")
    label = "heeft berichten gelezen uit een eigen gesprek met de regisseur"
    assert label in _log(world, world.noah)
    for other in (world.eva, world.tom, world.sara):
        assert label not in _log(world, other)


def test_an_adults_private_conversation_is_hers_alone_in_the_log(world) -> None:
    conversation = _conversation(world, ConversationKind.PRIVATE, world.eva)
    sign_in(world.app, world.petra).get(f"/berichten/{conversation.id}")
    label = "heeft berichten gelezen uit een eigen gesprek met de regisseur"
    assert label in _log(world, world.eva)
    for other in (world.tom, world.sara, world.noah, world.ingrid):
        assert label not in _log(world, other)


def test_polling_writes_a_row_only_when_it_shows_new_messages(world) -> None:
    conversation = _conversation(world, ConversationKind.FAMILY)
    petra = sign_in(world.app, world.petra)
    petra.get(f"/berichten/{conversation.id}")
    before = len(_events(world))
    assert petra.get(f"/berichten/{conversation.id}/nieuw?na=0").status_code == 204
    assert len(_events(world)) == before
    world.run(messages.send, world.eva, conversation.id, "Lina is ziek vandaag", "poll-1")
    assert petra.get(f"/berichten/{conversation.id}/nieuw?na=0").status_code == 200
    assert _new_rows(world, before) == [("read", "gezinsgesprek", conversation.id, None)]


def test_downloading_an_attachment_is_logged_as_an_export_about_the_conversations_person(world) -> None:
    conversation = _conversation(world, ConversationKind.PRIVATE, world.sara)
    world.run(messages.send, world.sara, conversation.id, "", "file-1", upload=("foto.png", PNG))
    petra = sign_in(world.app, world.petra)
    page = petra.text(f"/berichten/{conversation.id}")
    [link] = re.findall(r'href="(/berichten/bijlage/(\d+))"', page)
    before = len(_events(world))
    assert petra.get(link[0]).status_code == 200
    assert _new_rows(world, before) == [("export", "bijlage", int(link[1]), world.sara.id)]
    assert "heeft een foto of pdf uit de berichten gedownload" in _log(world, world.sara)
    assert "gedownload" not in _log(world, world.eva)


def test_opening_the_family_page_is_logged(world, events_before) -> None:
    assert sign_in(world.app, world.petra).get(f"/gezinnen/{world.family.id}").status_code == 200
    assert _new_rows(world, events_before) == [("read", "gezin", world.family.id, None)]
    assert "heeft bekeken wie er bij jullie gezin horen" in _log(world, world.eva)


def test_family_members_reading_their_conversations_and_family_page_write_nothing(world, events_before) -> None:
    family_talk = _conversation(world, ConversationKind.FAMILY)
    own = _conversation(world, ConversationKind.PRIVATE, world.eva)
    eva = sign_in(world.app, world.eva)
    for path in (f"/berichten/{family_talk.id}", f"/berichten/{own.id}", f"/gezinnen/{world.family.id}"):
        assert eva.get(path).status_code == 200
    assert len(_events(world)) == events_before


def test_another_regisseur_is_refused_and_nothing_is_read_in_his_name(world, events_before) -> None:
    conversation = _conversation(world, ConversationKind.FAMILY)
    ruud = sign_in(world.app, world.ruud)
    assert ruud.get(f"/berichten/{conversation.id}").status_code == 404
    assert ruud.get(f"/gezinnen/{world.family.id}").status_code == 404
    assert [e for e in _events(world)[events_before:] if e.outcome == "success"] == []


# --- the hash chain ---------------------------------------------------------------------------------------------


def _record_some(world: PlanWorld, count: int = 4) -> list[AuditEvent]:
    for number in range(count):
        world.run(audit.record, world.petra, AuditAction.READ, world.family, "gezinsplan", number, world.sara.id)
    return _events(world)


def _verdict(world: PlanWorld) -> chain.Verdict:
    world.db.expire_all()
    return audit.verify_log(world.db)


def test_a_fresh_chain_links_every_row_to_the_one_before_and_verifies(world) -> None:
    rows = _record_some(world)
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.row_hash and after.id > before.id
    verdict = _verdict(world)
    assert verdict.ok and verdict.rows == len(rows) and verdict.last_hash == rows[-1].row_hash


def test_the_hash_covers_every_field(world) -> None:
    [*_, row] = _record_some(world, 1)
    fields = {name: getattr(row, name) for name in chain.FIELDS}
    assert chain.link(row.prev_hash, fields) == row.row_hash
    for name in chain.FIELDS:
        changed = dict(fields, **{name: 424242 if isinstance(fields[name], int) else "x"})
        if name == "occurred_at":
            changed[name] = datetime(2001, 1, 1, tzinfo=UTC)
        assert chain.link(row.prev_hash, changed) != row.row_hash, name


def _without_triggers(world: PlanWorld) -> None:
    """Drop the log's triggers inside the test's transaction (rolled back at the end), as an owner could."""
    if world.db.get_bind().dialect.name == "postgresql":
        world.db.execute(text("DROP TRIGGER audit_event_append_only ON audit_event"))
    else:
        for name in ("no_update", "no_delete", "no_replace"):
            world.db.execute(text(f"DROP TRIGGER audit_event_{name}"))


def test_a_changed_row_is_found(world) -> None:
    rows = _record_some(world)
    _without_triggers(world)
    world.db.execute(text("UPDATE audit_event SET actor_name = 'Iemand anders' WHERE id = :id"), {"id": rows[2].id})
    verdict = _verdict(world)
    assert (verdict.ok, verdict.broken_id) == (False, rows[2].id)
    assert "changed" in verdict.reason and verdict.rows == 3


def test_a_removed_row_is_found_at_the_row_after_it(world) -> None:
    rows = _record_some(world)
    _without_triggers(world)
    world.db.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": rows[1].id})
    verdict = _verdict(world)
    assert (verdict.ok, verdict.broken_id) == (False, rows[2].id)
    assert "removed" in verdict.reason


def test_a_row_rehashed_after_a_change_breaks_the_link_of_the_next_row(world) -> None:
    rows = _record_some(world)
    _without_triggers(world)
    target = rows[1]
    forged = {name: getattr(target, name) for name in chain.FIELDS} | {"outcome": "denied"}
    world.db.execute(
        text("UPDATE audit_event SET outcome = 'denied', row_hash = :hash WHERE id = :id"),
        {"hash": chain.link(target.prev_hash, forged), "id": target.id},
    )
    assert _verdict(world).broken_id == rows[2].id


def test_the_cli_says_ok_with_the_number_of_rows_or_names_the_broken_row(app, world) -> None:
    rows = _record_some(world, 3)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit-verify"])
    assert result.exit_code == 0 and result.output.startswith(f"ok, {len(rows)} rows"), result.output
    _without_triggers(world)
    world.db.execute(text("UPDATE audit_event SET source = '1.2.3.4' WHERE id = :id"), {"id": rows[1].id})
    world.db.commit()
    result = runner.invoke(args=["audit-verify"])
    assert result.exit_code == 1 and f"broken at row {rows[1].id}" in result.output, result.output


def test_a_second_row_continuing_the_same_row_is_refused(world) -> None:
    [*_, last] = _record_some(world, 2)
    fork = AuditEvent(
        id=last.id + 1000, action="read", object_type="gezinsplan", family_id=world.family.id, actor_id=1,
        actor_name="X", actor_role="regisseur", prev_hash=last.prev_hash, row_hash="0" * 64,
    )
    values = {c: getattr(fork, c) for c in (*chain.FIELDS, "prev_hash", "row_hash")}
    columns = ", ".join(values)
    with pytest.raises((IntegrityError, DBAPIError)), world.db.begin_nested():
        world.db.execute(
            text(f"INSERT INTO audit_event ({columns}) VALUES ({', '.join(':' + c for c in values)})"),  # noqa: S608
            values | {"occurred_at": last.occurred_at},
        )


# --- the database refuses rewriting ---------------------------------------------------------------------------


COLUMNS = ("id", *chain.FIELDS[1:], "prev_hash", "row_hash")


def _copy_of_row(verb: str, new_id: str = "id") -> str:
    """`verb` INTO the log a copy of row :id under another actor's name, with id `new_id` (an SQL expression)."""
    copied = ", ".join({"id": new_id, "actor_name": "'Iemand anders'"}.get(c, c) for c in COLUMNS)
    return f"{verb} INTO audit_event ({', '.join(COLUMNS)}) SELECT {copied} FROM audit_event WHERE id = :id"  # noqa: S608


@pytest.mark.parametrize("verb", ["INSERT OR REPLACE", "REPLACE"])
def test_sqlite_refuses_replacing_a_row(world, verb: str) -> None:
    if world.db.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's REPLACE")
    [*_, last] = _record_some(world, 2)
    with pytest.raises(DBAPIError, match=REFUSED), world.db.begin_nested():
        world.db.execute(text(_copy_of_row(verb)), {"id": last.id})
    # a new id, but the chain position (prev_hash) of an existing row: REPLACE would delete that row
    with pytest.raises(DBAPIError, match=REFUSED), world.db.begin_nested():
        world.db.execute(text(_copy_of_row(verb, "id + 1000")), {"id": last.id})
    assert _events(world)[-1].actor_name == "Petra Jansen" and _verdict(world).ok


def test_postgres_refuses_truncate_and_upsert(world) -> None:
    if world.db.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's TRUNCATE and ON CONFLICT")
    [*_, last] = _record_some(world, 2)
    with pytest.raises(DBAPIError, match=REFUSED), world.db.begin_nested():
        world.db.execute(text("TRUNCATE audit_event"))
    with pytest.raises(DBAPIError, match=REFUSED), world.db.begin_nested():
        world.db.execute(
            text(_copy_of_row("INSERT") + " ON CONFLICT (id) DO UPDATE SET outcome = 'denied'"),
            {"id": last.id},
        )
    assert len(_events(world)) >= 2 and _verdict(world).ok


def test_postgres_app_role_can_insert_and_read_the_log_but_not_change_it(world) -> None:
    if world.db.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL roles")
    role = f"onsplan_app_{uuid.uuid4().hex[:8]}"
    world.db.execute(text(f"CREATE ROLE {role} NOLOGIN"))  # inside the test's transaction: rolled back
    for statement in app_role_grants(role):
        world.db.execute(text(statement))
    world.db.execute(text(f"SET LOCAL ROLE {role}"))
    try:
        audit.record(world.db, world.petra, AuditAction.READ, world.family, "gezinsplan", 1)  # through the chain
        world.db.flush()
        assert world.db.execute(text("SELECT count(*) FROM audit_event")).scalar_one() >= 1
        for statement in ("UPDATE audit_event SET outcome = 'denied'", "DELETE FROM audit_event",
                          "TRUNCATE audit_event"):
            with pytest.raises(DBAPIError, match="permission denied"), world.db.begin_nested():
                world.db.execute(text(statement))
        assert world.db.execute(text("SELECT count(*) FROM family")).scalar_one() >= 1  # the rest works as before
    finally:
        world.db.execute(text("RESET ROLE"))
    assert _verdict(world).ok


# --- rows outlive accounts ---------------------------------------------------------------------------------


def test_a_deleted_account_leaves_its_rows_with_the_names_as_they_were(world) -> None:
    vera = make_regisseur(world.db, name="Vera Visser")
    kim = make_user(world.db, Role.JONGERE, name="Kim Kok")
    world.run(audit.record, vera, AuditAction.READ, world.family, "toekomstplan", 7, kim.id)
    ids = (vera.id, kim.id)
    for person in (vera, kim):
        world.db.delete(person)
    world.db.commit()
    world.db.expire_all()
    assert world.db.get(User, ids[0]) is None
    [row] = [e for e in _events(world) if e.actor_id == ids[0]]
    assert (row.actor_name, row.subject_id, row.subject_name) == ("Vera Visser", ids[1], "Kim Kok")
    assert _verdict(world).ok


# --- writers at once, in a database of their own (the rows are committed) ------------------------------------


@pytest.fixture
def scratch_url(database_url: str, tmp_path) -> Iterator[str]:
    """A fresh database migrated to head, dropped afterwards (committed audit rows cannot be deleted)."""
    if not database_url.startswith("postgresql"):
        url = f"sqlite:///{tmp_path / 'chain.db'}"
        upgrade(url)
        yield url
        return
    name = f"onsplan_chain_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
    except DBAPIError:
        admin.dispose()
        pytest.skip("no right to create a scratch database")
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def test_writers_at_once_keep_one_chain(scratch_url: str) -> None:
    engine = make_engine(scratch_url)
    writers, rows_each = 4, 15
    errors: list[Exception] = []
    start = threading.Barrier(writers)

    def write(number: int) -> None:
        start.wait()
        for row in range(rows_each):
            with Session(engine) as session:
                session.add(AuditEvent(action="read", object_type="gezinsplan", object_id=row, family_id=1,
                                       actor_id=number, actor_name=f"Schrijver {number}", actor_role="regisseur"))
                session.flush()
                time.sleep(0.002)  # hold the transaction open: the others must wait, not fork nor fail
                session.commit()

    def guarded(number: int) -> None:
        try:
            write(number)
        except Exception as problem:
            errors.append(problem)

    threads = [threading.Thread(target=guarded, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []  # nobody was refused (a unique prev_hash) or timed out: they waited their turn
        with engine.connect() as connection:
            verdict = chain.verify(connection)
            prevs = connection.execute(text("SELECT count(DISTINCT prev_hash), count(*) FROM audit_event")).one()
    finally:
        engine.dispose()
    assert verdict.ok and verdict.rows == writers * rows_each
    assert prevs == (writers * rows_each, writers * rows_each)


def test_the_migration_chains_the_rows_written_before_it(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0005")
    with sqlite3.connect(tmp_path / "old.db") as raw:  # foreign keys off: rows of 0005's shape, quickly
        raw.execute("INSERT INTO user (id, name, email, language, phone, job_title, active, created_at) "
                    "VALUES (9, 'Sara de Vries', 's@example.test', 'nl', '', '', 1, '2027-01-01 00:00:00')")
        for number in range(3):
            raw.execute(
                "INSERT INTO audit_event (occurred_at, action, object_type, object_id, family_id, subject_id, "
                "actor_id, actor_name, actor_role, actor_organisation, on_behalf_of, source, outcome) VALUES "
                "(?, 'read', 'toekomstplan', 1, 1, 9, 2, 'Petra', 'regisseur', '', '', '', 'success')",
                (f"2027-01-0{number + 1} 10:00:00.000000",),
            )
    upgrade(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        verdict = chain.verify(connection)
        names = connection.execute(text("SELECT DISTINCT subject_name FROM audit_event")).scalars().all()
    engine.dispose()
    assert verdict.ok and verdict.rows == 3 and names == ["Sara de Vries"]
