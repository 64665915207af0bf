"""The home page's reads as plain rows (issue 14): the caseload reads what the ORM read did, and the page takes as
many statements for a regisseur with 42 families as with 2."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlmodel import Session, func, select

from tests.conftest import freeze_time
from tests.factories import make_family, make_regisseur, make_user
from tests.plan_factories import NOW, TODAY, born, call, counted_queries, sign_in
from tests.test_caseload import _busy_family, _rows
from webapp.caseload.services import TURNING_18_WITHIN, caseload
from webapp.intake import registration
from webapp.models import (
    Action,
    ChecklistTick,
    Family,
    FamilyMember,
    Plan,
    PlanResponse,
    PlanVersion,
    Relation,
    Role,
    Toekomstplan,
    User,
)
from webapp.plans import drafting
from webapp.toekomstplan import services as future
from webapp.toekomstplan.checklist import eighteenth_birthday


def _caseload_as_the_orm_read_it(db: Session, regisseur: User, day: date) -> list[tuple]:
    """The caseload as webapp/caseload/services.py read it before issue 14 (ORM statements per column), as tuples:
    (family id, name, plan id, next evaluation, version, open disagreements, overdue actions, [(youth id, first name,
    birthday, ticks)])."""
    families = list(db.exec(select(Family.id, Family.name).where(Family.regisseur_id == regisseur.id)))
    family_ids = [family_id for family_id, _ in families]
    plans = {
        family_id: (plan_id, evaluation)
        for plan_id, family_id, evaluation in db.exec(
            select(Plan.id, Plan.family_id, Plan.next_evaluation).where(Plan.family_id.in_(family_ids))
        )
    }
    plan_ids = [plan_id for plan_id, _ in plans.values()]

    def grouped(statement) -> dict[int, int]:
        return dict(db.exec(statement).all())

    versions = grouped(
        select(PlanVersion.plan_id, func.max(PlanVersion.number))
        .where(PlanVersion.plan_id.in_(plan_ids))
        .group_by(PlanVersion.plan_id)
    )
    disagreements = grouped(
        select(PlanVersion.plan_id, func.count(PlanResponse.id))
        .join(PlanResponse, PlanResponse.version_id == PlanVersion.id)
        .where(PlanVersion.plan_id.in_(plan_ids), PlanResponse.agrees.is_(False), PlanResponse.handled_at.is_(None))
        .group_by(PlanVersion.plan_id)
    )
    overdue = grouped(
        select(Action.plan_id, func.count(Action.id))
        .where(Action.plan_id.in_(plan_ids), Action.done.is_(False), Action.due_date < day)
        .group_by(Action.plan_id)
    )
    soon: dict[int, list] = {family_id: [] for family_id in family_ids}
    for family_id, youth_id, name, birth_date in db.exec(
        select(FamilyMember.family_id, User.id, User.name, User.birth_date)
        .join(User, User.id == FamilyMember.user_id)
        .where(
            FamilyMember.family_id.in_(family_ids),
            FamilyMember.relation == Relation.JONGERE,
            User.birth_date.is_not(None),
        )
        .order_by(User.name)
    ):
        birthday = eighteenth_birthday(birth_date)
        if day <= birthday <= day + TURNING_18_WITHIN:
            soon[family_id].append((youth_id, name.split(" ", 1)[0], birthday))
    youth_ids = [youth[0] for youths in soon.values() for youth in youths]
    ticks = grouped(
        select(Toekomstplan.youth_id, func.count(ChecklistTick.id))
        .join(ChecklistTick, ChecklistTick.toekomstplan_id == Toekomstplan.id)
        .where(Toekomstplan.youth_id.in_(youth_ids))
        .group_by(Toekomstplan.youth_id)
    )
    rows = []
    for family_id, name in families:
        plan_id, evaluation = plans.get(family_id, (None, None))
        youths = [(y, first, birthday, ticks.get(y, 0)) for y, first, birthday in soon[family_id]]
        rows.append(
            (
                family_id,
                name,
                plan_id,
                evaluation,
                versions.get(plan_id, 0),
                disagreements.get(plan_id, 0),
                overdue.get(plan_id, 0),
                youths,
            )
        )
    rows.sort(key=lambda r: (r[3] is None, r[3] or day, r[1]))
    return rows


def _as_tuples(rows) -> list[tuple]:
    return [
        (
            row.family.id,
            row.family.name,
            row.plan_id,
            row.next_evaluation,
            row.version,
            row.open_disagreements,
            row.overdue_actions,
            [(t.youth.id, t.youth.first_name, t.birthday, t.checklist_done) for t in row.turning_18],
        )
        for row in rows
    ]


def _family_without_plan(db: Session, regisseur: User, number: int, youth_birth: date) -> Family:
    youth = make_user(db, Role.JONGERE, name=f"Zonder{number} Plan", birth_date=youth_birth)
    return make_family(db, regisseur, (youth, Relation.JONGERE), name=f"Zonder plan {number}")


def test_the_caseload_reads_as_the_orm_read_did_for_a_regisseur_with_many_families(app: Flask, db: Session) -> None:
    freeze_time(app, NOW)
    regisseur = make_regisseur(db, name="Petra Veel")
    other = make_regisseur(db, name="Ruud Ander")
    for number in range(1, 13):
        _busy_family(app, db, regisseur, number)
    _busy_family(app, db, other, 99)  # another regisseur's family is not in hers
    # Youths on the edges of the window: 18 today, in six months, a day too late, already 18, two in one family.
    _family_without_plan(db, regisseur, 1, born(18, days=0))
    _family_without_plan(db, regisseur, 2, born(18, days=-TURNING_18_WITHIN.days))
    _family_without_plan(db, regisseur, 3, born(18, days=-(TURNING_18_WITHIN.days + 1)))
    _family_without_plan(db, regisseur, 4, born(18, days=1))
    twins = _family_without_plan(db, regisseur, 5, born(17, days=300))
    sister = make_user(db, Role.JONGERE, name="Anna Zonder", birth_date=born(17, days=200))
    db.add(FamilyMember(family_id=twins.id, user_id=sister.id, relation=Relation.JONGERE))
    db.commit()
    call(app, db, future.set_checklist_item, sister, sister.id, "digid", True)
    db.expire_all()
    with app.test_request_context():
        expected = _caseload_as_the_orm_read_it(db, regisseur, TODAY)
        found = _as_tuples(caseload(db, regisseur))
    assert found == expected
    assert len(found) == 17
    assert [len(row[7]) for row in found if row[1].startswith("Zonder plan")] == [1, 1, 0, 0, 2]


def _statements(visitor, path: str) -> int:
    visitor.text(path)  # warm up: the first request of a client loads things once
    with counted_queries(visitor.client.application) as statements:
        visitor.text(path)
    return len(statements)


def test_the_home_page_takes_as_many_statements_for_42_families_as_for_2(app: Flask, db: Session) -> None:
    freeze_time(app, NOW)
    regisseur = make_regisseur(db, name="Petra Druk")
    for number in (1, 2):
        _busy_family(app, db, regisseur, number)
    petra = sign_in(app, regisseur)
    small = _statements(petra, "/home")
    for number in range(3, 43):
        _busy_family(app, db, regisseur, number)
    large = _statements(petra, "/home")
    rows = _rows(petra.text("/home"))
    assert len(rows) == 42
    assert all(" 1 1 Jongere " in row for row in rows.values())  # every column is filled
    assert large == small
    assert small <= 10


def test_a_family_members_home_takes_as_many_statements_with_more_families_and_a_regisseur(
    app: Flask, db: Session
) -> None:
    freeze_time(app, NOW)
    regisseur = make_regisseur(db, name="Petra Druk")
    parent = make_user(db, Role.OUDER, name="Ouder Veel")
    make_family(db, regisseur, (parent, Relation.OUDER), name="Een")
    visitor = sign_in(app, parent)
    small = _statements(visitor, "/home")
    for number in range(2, 6):
        make_family(db, regisseur, (parent, Relation.OUDER), name=f"Gezin {number}")
    large = _statements(visitor, "/home")
    assert large == small
    assert visitor.text("/home").count("Petra Druk") == 5  # each family's regisseur card


def test_gezin_aanmelden_lists_her_families_without_a_plan_version(app: Flask, db: Session) -> None:
    """webapp/intake/registration.py registered_by: no plan, or a draft without a version; not a published one, not
    another regisseur's."""
    freeze_time(app, NOW)
    regisseur = make_regisseur(db, name="Petra Nieuw")
    other = make_regisseur(db, name="Ruud Ander")
    published = _busy_family(app, db, regisseur, 1)
    _busy_family(app, db, other, 2)
    without_plan = _family_without_plan(db, regisseur, 1, born(10))
    draft_only = _family_without_plan(db, regisseur, 2, born(10))
    call(
        app, db, drafting.update_basics, regisseur, draft_only.id, situation="Net", agreements="", next_evaluation=None
    )
    _family_without_plan(db, other, 3, born(10))
    with app.test_request_context():
        found = registration.registered_by(db, db.get(User, regisseur.id))
    assert [(f.id, f.name) for f in found] == [(without_plan.id, "Zonder plan 1"), (draft_only.id, "Zonder plan 2")]
    assert published.id not in [f.id for f in found]
