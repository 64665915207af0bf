"""The agenda as plain rows (webapp/appointments/reads.py, issue 14): the same appointments, in the same order, with
the same answers as the ORM read it replaced, for a family member, a regisseur, a JIM mentor and an outsider (also
one mentorship's agenda, as Mijn mentor shows it); and /afspraken asks the same number of statements for a regisseur
with one appointment in one family as with many in several."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import render_template
from flask_login import login_user
from sqlmodel import Session, or_, select

from tests.factories import make_appointment, make_family, make_user
from tests.mentor_factories import JimWorld, build_jim_world
from tests.plan_factories import NOW, counted_queries, sign_in
from tests.query_plans import growing_steps
from webapp import kept_html
from webapp.appointments import reads
from webapp.appointments import services as appointments
from webapp.appointments.visibility import REGISSEUR_SEES, STILL_VISIBLE, VIEWER
from webapp.clock import utcnow
from webapp.models import Answer, Appointment, AppointmentParticipant, Mentorship, Relation, Role, User


def _orm_agenda(db: Session, user: User, mentorship_id: int | None = None, past_limit: int = 10) -> list[tuple]:
    """The agenda as the ORM read it before (services.agenda up to issue 14), as comparable tuples."""
    conditions = [STILL_VISIBLE] + ([REGISSEUR_SEES] if user.has_role(Role.REGISSEUR) else [])
    statement = select(Appointment).where(or_(*conditions))
    if mentorship_id is not None:
        statement = statement.where(Appointment.mentorship_id == mentorship_id)
    cutoff = utcnow() - timedelta(hours=2)
    params = {VIEWER: user.id}
    upcoming = db.exec(statement.where(Appointment.starts_at >= cutoff).order_by(Appointment.starts_at), params=params)
    past = db.exec(
        statement.where(Appointment.starts_at < cutoff).order_by(Appointment.starts_at.desc()).limit(past_limit),
        params=params,
    )

    def described(appointment: Appointment) -> tuple:
        rows = db.exec(
            select(AppointmentParticipant, User)
            .join(User, User.id == AppointmentParticipant.user_id)
            .where(AppointmentParticipant.appointment_id == appointment.id)
            .order_by(User.name)
        ).all()
        people = tuple((p.user_id, p.answer, u.first_name) for p, u in rows)
        return (appointment.id, appointment.kind, appointment.starts_at, appointment.cancelled_at, people)

    return [("upcoming", *described(a)) for a in upcoming] + [("past", *described(a)) for a in past]


def _read(db: Session, user: User, mentorship_id: int | None = None, past_limit: int = 10) -> list[tuple]:
    agenda = reads.agenda(db, user, mentorship_id=mentorship_id, past_limit=past_limit)

    def described(entry: reads.AgendaEntry) -> tuple:
        a = entry.appointment
        people = tuple((p.user_id, p.answer, u.first_name) for p, u in entry.participants)
        return (a.id, a.kind, a.starts_at, a.cancelled_at, people)

    return [("upcoming", *described(e)) for e in agenda.upcoming] + [("past", *described(e)) for e in agenda.past]


def _a_week_with_appointments(jim: JimWorld) -> Mentorship:
    """Family and JIM appointments, one cancelled, some answered, some already past (more than ten of them)."""
    mentorship = jim.active_mentorship()
    jim.propose(jim.petra, [jim.sara, jim.eva, jim.karim])
    jim.propose(jim.sara, [jim.karim], local=datetime(2027, 3, 11, 16, 0), kind="anders", title="Samen sporten")
    cancelled = jim.propose(jim.petra, [jim.eva, jim.tom], local=datetime(2027, 3, 12, 9, 0))
    jim.run(appointments.cancel, jim.petra, cancelled.id)
    answered = jim.propose(jim.petra, [jim.noah, jim.eva], local=datetime(2027, 3, 13, 9, 0))
    jim.run(appointments.answer, jim.eva, answered.id, Answer.AFGEWEZEN)
    for day in range(2, 16):  # moved into the past afterwards: only the latest ten are listed
        past = jim.propose(jim.petra, [jim.sara, jim.karim], local=datetime(2027, 3, day, 11, 0))
        past = jim.db.get(Appointment, past.id)
        past.starts_at = NOW - timedelta(days=day)
        jim.db.add(past)
        jim.db.commit()
    return mentorship


def test_the_agenda_reads_as_the_orm_did_for_everyone(app, db) -> None:
    jim = build_jim_world(app, db)
    mentorship = _a_week_with_appointments(jim)
    people = (jim.petra, jim.ruud, jim.sara, jim.noah, jim.eva, jim.tom, jim.karim, jim.outsider)
    with app.test_request_context():
        for person in people:
            assert _read(db, person) == _orm_agenda(db, person), person.name
        for person in (jim.karim, jim.sara, jim.petra):  # Mijn mentor: one mentorship's agenda
            assert _read(db, person, mentorship.id) == _orm_agenda(db, person, mentorship.id), person.name
        seen = _read(db, jim.karim)
        assert len([e for e in seen if e[0] == "past"]) == 10
        assert _read(db, jim.outsider) == []
        # The answers come with the entries (no query per entry), as the list template reads them.
        entry = next(e for e in reads.agenda(db, jim.eva).upcoming if e.answer_of(jim.eva.id).answer == "afgewezen")
        assert not entry.everyone_confirmed and jim.eva.id in entry.participant_ids


def test_the_agenda_reads_as_the_orm_did_when_families_have_uneven_histories(app, db) -> None:
    """The past part reads back only to where one of her families still had ten past appointments she may see: the
    same ten as the ORM's, when one family has many she may not see (the mentor is in none of the parents' talks),
    another only a few old ones, and the mentorship's meetings lie further back."""
    jim = build_jim_world(app, db)
    mentorship = _a_week_with_appointments(jim)
    for day in range(1, 15):  # the parents' talks: Petra sees them, Karim (mentor in this family) does not
        make_appointment(db, jim.family.id, NOW - timedelta(days=day + 0.5), jim.sara, jim.eva)
    for day in range(40, 70, 3):
        make_appointment(
            db, jim.family.id, NOW - timedelta(days=day), jim.karim, jim.sara, mentorship_id=mentorship.id
        )
    parent = make_user(db, Role.OUDER, name="Ouder Oud")
    quiet = make_family(db, jim.petra, (parent, Relation.OUDER), name="Stil gezin")
    for day in (3.2, 200, 400):
        make_appointment(db, quiet.id, NOW - timedelta(days=day), jim.petra, parent)
    db.commit()
    with app.test_request_context():
        for person in (jim.petra, jim.sara, jim.eva, jim.karim, jim.tom, parent, jim.ruud, jim.outsider):
            for past_limit in (1, 10):
                assert _read(db, person, past_limit=past_limit) == _orm_agenda(db, person, past_limit=past_limit), (
                    person.name
                )
        for person in (jim.karim, jim.sara, jim.petra):
            assert _read(db, person, mentorship.id) == _orm_agenda(db, person, mentorship.id), person.name
        # Fewer than ten in every family of hers: all of them, however old.
        assert [e[3] for e in _read(db, parent) if e[0] == "past"] == [NOW - timedelta(days=d) for d in (3.2, 200, 400)]


def test_the_agenda_asks_the_same_statements_for_a_regisseur_with_one_family_or_many(app, db) -> None:
    jim = build_jim_world(app, db)
    jim.propose(jim.petra, [jim.sara, jim.eva])
    petra = sign_in(app, jim.petra)
    petra.text("/afspraken")  # warm up: the first page of a session loads more
    with counted_queries(app) as few:
        before = petra.text("/afspraken")
    for number in range(6):
        parent = make_user(db, Role.OUDER, name=f"Ouder {number}")
        family = make_family(db, jim.petra, (parent, Relation.OUDER), name=f"Gezin {number}")
        jim.run(
            appointments.propose,
            jim.petra,
            family.id,
            appointments.Details(kind="jim_overleg", starts_local=datetime(2027, 3, 20 + number, 10, 0), place="Hier"),
            [parent.id],
        )
    with counted_queries(app) as many:
        after = petra.text("/afspraken")
    assert after.count("list__item") == before.count("list__item") + 6
    assert len(many) == len(few), "\n".join(many)


def _list_html(page: str) -> str:
    found = re.search(r'<ul class="list appointments">.*?</ul>', page, re.S)
    return found.group(0) if found else ""


def test_the_kept_agenda_list_follows_answers_cancellations_and_the_reader(app, db, monkeypatch) -> None:
    """The list is kept per process by its entries (appointments/display.py): the same entries read the same as
    rendered afresh, and an answer, a cancellation or another reader shows at once."""
    jim = build_jim_world(app, db)
    _a_week_with_appointments(jim)
    eva, tom = sign_in(app, jim.eva), sign_in(app, jim.tom)
    first = eva.text("/afspraken")
    assert _list_html(first)
    assert _list_html(eva.text("/afspraken")) == _list_html(first)  # the second time from the kept list
    monkeypatch.setattr(kept_html, "_kept", {})
    assert _list_html(eva.text("/afspraken")) == _list_html(first)  # the same as rendered afresh
    monkeypatch.undo()
    assert _list_html(tom.text("/afspraken")) != _list_html(first), "another reader, her own answers"

    family_appointment = next(
        e for e in reads.agenda(db, jim.eva).upcoming if e.answer_of(jim.eva.id).answer == Answer.OPEN
    )
    jim.run(appointments.answer, jim.eva, family_appointment.appointment.id, Answer.BEVESTIGD)
    after_answer = eva.text("/afspraken")
    assert after_answer.count("answer--bevestigd") == first.count("answer--bevestigd") + 1
    jim.run(appointments.cancel, jim.petra, family_appointment.appointment.id)
    assert eva.text("/afspraken").count("gaat niet door") == after_answer.count("gaat niet door") + 1


def test_two_readers_of_the_same_entries_each_see_their_own_answer(app, db) -> None:
    jim = build_jim_world(app, db)
    proposed = jim.propose(jim.petra, [jim.eva, jim.tom])
    jim.run(appointments.answer, jim.eva, proposed.id, Answer.BEVESTIGD)
    with app.test_request_context():
        entries = [e for e in reads.agenda(db, jim.eva).upcoming if e.appointment.id == proposed.id]
    seen = {}
    for person in (jim.eva, jim.tom, jim.eva):
        with app.test_request_context():
            login_user(person)
            seen.setdefault(person.id, set()).add(
                render_template("appointments/_partials/_list.html", items=entries, empty="")
            )
    assert len(seen[jim.eva.id]) == 1
    (eva,), (tom,) = seen[jim.eva.id], seen[jim.tom.id]
    assert "answer--bevestigd" in eva and "answer--bevestigd" not in tom


def test_the_agenda_reads_no_table_whole(app, db) -> None:
    """SQLite's plan of the agenda's statement (and so of the calendar feed and "Nu voor jou", which use the same
    rules) looks up what it needs by key: "every request shared with a regisseur" was a list of the whole
    respite_request table, and "the requests of his accepted matches" every accepted match, on every agenda and
    home page as Steuntje in de rug grows."""
    jim = build_jim_world(app, db)
    mentorship = jim.active_mentorship()
    for person in (jim.petra, jim.sara, jim.karim):
        params = {
            VIEWER: person.id,
            "regisseur_id": person.id if person.has_role(Role.REGISSEUR) else None,
            "cutoff": NOW,
            "past_limit": 10,
            "mentorship_id": mentorship.id,
        }
        for statement in (reads._AGENDA, reads._AGENDA_OF_MENTORSHIP):
            assert not growing_steps(db, statement, params), person.name
