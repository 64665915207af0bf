"""The regisseur's caseload on /home: per family the next evaluation, open "niet akkoord" answers, overdue actions
and youth turning 18 within six months with their checklist progress; in a fixed number of queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from babel.dates import format_date
from flask import Flask
from sqlmodel import Session, select

from tests.conftest import freeze_time
from tests.demo_people import seed_demo
from tests.factories import make_family, make_regisseur, make_user
from tests.plan_factories import (
    NOW,
    TODAY,
    PlanWorld,
    born,
    build_world,
    call,
    counted_queries,
    page_text,
    sign_in,
)
from webapp.caseload.services import caseload
from webapp.demo.story import DEMO_PASSWORD
from webapp.models import Family, FamilyMember, GoalStatus, Relation, Role, User, ZrmDomain
from webapp.plans import drafting, services
from webapp.toekomstplan import services as future


def _rows(html: str) -> dict[str, str]:
    """The caseload table: family name -> the row's text."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    assert body, "no caseload table"
    rows = {}
    for row in re.findall(r"<tr\b.*?</tr>", body.group(1), re.S):
        text = page_text(row)
        name = re.match(r"Gezin (.+?) (?:versie \d+|nog geen versie)", text)
        rows[name.group(1)] = text
    return rows


def _day(value) -> str:
    return format_date(value, format="long", locale="nl")


# --- the demo story, as Petra sees it -------------------------------------------------------------------------------


@pytest.fixture
def demo(app, db) -> dict[str, User]:
    freeze_time(app, NOW)
    return seed_demo(app, db)


def test_petras_home_lists_her_families_with_what_needs_attention(app, db, demo: dict[str, User]) -> None:
    haddou = db.exec(select(Family).where(Family.name == "Haddou")).one()
    call(app, db, services.answer, demo["hendriks"], haddou.id, 2, agrees=False, comment="Samira wil eerst kijken")
    petra = sign_in(app, demo["petra"], via_form=True, password=DEMO_PASSWORD)  # the real login, with TOTP
    html = petra.text("/home")
    rows = _rows(html)
    assert list(rows) == ["Haddou", "Yılmaz"]  # the next evaluation first
    samira = demo["samira"]
    birthday = samira.birth_date.replace(year=samira.birth_date.year + 18)
    assert rows["Haddou"] == (
        f"Gezin Haddou versie 2 {_day(TODAY + timedelta(days=21))} 1 1 Samira {_day(birthday)} · 3/12 geregeld —"
    )
    assert rows["Yılmaz"] == f"Gezin Yılmaz versie 1 {_day(TODAY + timedelta(days=45))} — — — —"  # Emre is 15
    assert 'class="attention"' in html.split("Gezin Haddou")[0][-200:]


def test_another_regisseur_and_family_members_have_no_caseload(app, db, demo: dict[str, User]) -> None:
    other = make_regisseur(db)
    with app.test_request_context():
        assert caseload(db, other) == []
        assert caseload(db, demo["ayse"]) == []
        assert [row.family.name for row in caseload(db, demo["petra"])] == ["Haddou", "Yılmaz"]
    assert "Mijn gezinnen" not in page_text(sign_in(app, demo["ayse"]).text("/home"))


# --- the counts, in detail --------------------------------------------------------------------------------------------


@pytest.fixture
def world(app, db) -> PlanWorld:
    return build_world(app, db)


def _row(world: PlanWorld):
    with world.app.test_request_context():
        [row] = caseload(world.db, world.petra)
    return row


def test_open_niet_akkoord_counts_only_unhandled_disagreements(world: PlanWorld) -> None:
    for person, agrees in ((world.eva, False), (world.tom, False), (world.ingrid, True)):
        world.run(services.answer, person, world.family.id, 1, agrees=agrees, comment="" if agrees else "Nee")
    assert _row(world).open_disagreements == 2
    [tom_answer] = [
        r for r, _v, u in world.run(drafting.disagreements, world.petra, world.family.id) if u.id == world.tom.id
    ]
    world.run(drafting.mark_handled, world.petra, world.family.id, tom_answer.id)
    assert _row(world).open_disagreements == 1
    world.run(drafting.add_note, world.petra, world.family.id, world.goals["noah"].id, "Nieuw")
    world.publish("Versie twee")
    world.run(services.answer, world.tom, world.family.id, 2, agrees=False, comment="Weer niet")
    assert _row(world).open_disagreements == 2  # Eva on version 1 and Tom on version 2


def test_overdue_actions_are_open_actions_past_their_date(world: PlanWorld) -> None:
    assert _row(world).overdue_actions == 0
    for what, days, done in (
        ("Gisteren", -1, False),
        ("Vorige week", -7, False),
        ("Al gedaan", -3, True),
        ("Vandaag", 0, False),
    ):
        action = world.run(
            drafting.add_action,
            world.petra,
            world.family.id,
            what=what,
            who="Eva",
            due_date=TODAY + timedelta(days=days),
            goal_id=None,
        )
        if done:
            world.run(drafting.set_action_done, world.petra, world.family.id, action.id, True)
    assert _row(world).overdue_actions == 2


def test_the_next_evaluation_is_the_drafts(world: PlanWorld) -> None:
    assert _row(world).next_evaluation is None
    world.run(
        drafting.update_basics,
        world.petra,
        world.family.id,
        situation="",
        agreements="",
        next_evaluation=TODAY + timedelta(days=9),
    )
    assert _row(world).next_evaluation == TODAY + timedelta(days=9)


def test_youth_turning_18_within_six_months_with_checklist_progress(world: PlanWorld) -> None:
    for key in ("digid", "zorgverzekering"):
        world.run(future.set_checklist_item, world.sara, world.sara.id, key, True)
    [sara] = _row(world).turning_18
    assert (sara.youth.id, sara.birthday.isoformat(), sara.checklist_done, sara.checklist_total) == (
        world.sara.id,
        "2027-06-01",
        2,
        12,
    )


@pytest.mark.parametrize(
    ("days_to_18", "listed"),
    [(0, True), (92, True), (183, True), (184, False), (-1, False)],
    ids=["birthday-today", "in-3-months", "last-day-of-the-window", "just-outside", "already-18"],
)
def test_the_six_month_window_for_turning_18(world: PlanWorld, days_to_18: int, listed: bool) -> None:
    world.sara.birth_date = born(18, days=-days_to_18)
    world.db.commit()
    assert bool(_row(world).turning_18) is listed


def test_a_family_without_a_plan_yet_is_listed(app, db) -> None:
    freeze_time(app, NOW)
    regisseur = make_regisseur(db)
    make_family(db, regisseur, (make_user(db, Role.OUDER), Relation.OUDER), name="Nieuw")
    with app.test_request_context():
        [row] = caseload(db, regisseur)
    assert (row.family.name, row.plan_id, row.version, row.next_evaluation, row.needs_attention) == (
        "Nieuw",
        None,
        0,
        None,
        False,
    )


# --- a fixed number of queries, whatever the size -------------------------------------------------------------------


def _busy_family(app: Flask, db: Session, regisseur: User, number: int) -> Family:
    """A family with something in every column: evaluation, overdue action, niet akkoord, a youth turning 18."""
    youth = make_user(db, Role.JONGERE, name=f"Jongere {number}", birth_date=born(18, days=-(20 + number)))
    parent = make_user(db, Role.OUDER, name=f"Ouder {number}")
    family = make_family(db, regisseur, (youth, Relation.JONGERE), (parent, Relation.OUDER), name=f"{number:02d}")
    call(
        app,
        db,
        drafting.update_basics,
        regisseur,
        family.id,
        situation="Druk",
        agreements="",
        next_evaluation=TODAY + timedelta(days=number),
    )
    goal = call(
        app,
        db,
        drafting.save_goal,
        regisseur,
        family.id,
        None,
        title=f"Doel {number}",
        about_user_id=youth.id,
        status=GoalStatus.BUSY,
        target_date=None,
    )
    call(
        app,
        db,
        drafting.add_action,
        regisseur,
        family.id,
        what="Te laat",
        who="Ouder",
        due_date=TODAY - timedelta(days=2),
        goal_id=goal.id,
    )
    call(app, db, drafting.publish, regisseur, family.id, "Eerste versie")
    call(app, db, services.answer, parent, family.id, 1, agrees=False, comment="Nee")
    call(app, db, future.set_checklist_item, youth, youth.id, "digid", True)
    return family


def _queries(visitor, path: str) -> int:
    visitor.text(path)  # warm up: the first request of a client loads things once
    with counted_queries(visitor.client.application) as statements:
        visitor.text(path)
    return len(statements)


def test_home_and_the_plan_page_take_as_many_queries_for_30_families_as_for_2(app, db) -> None:
    freeze_time(app, NOW)
    regisseur = make_regisseur(db, name="Petra Druk")
    families = [_busy_family(app, db, regisseur, n) for n in (1, 2)]
    petra = sign_in(app, regisseur)
    plan = f"/gezinnen/{families[0].id}/plan"
    small = {path: _queries(petra, path) for path in ("/home", plan, f"{plan}/bewerken")}
    families += [_busy_family(app, db, regisseur, n) for n in range(3, 31)]
    large = {path: _queries(petra, path) for path in ("/home", plan, f"{plan}/bewerken")}
    assert len(_rows(petra.text("/home"))) == 30
    assert all(" 1 1 Jongere " in row for row in _rows(petra.text("/home")).values())  # every column is filled
    assert large == small
    assert 0 < small["/home"] < 25


def test_the_plan_pages_take_as_many_queries_for_a_big_plan_as_for_a_small_one(app, db) -> None:
    freeze_time(app, NOW)
    regisseur = make_regisseur(db, name="Petra Groot")
    small_family = _busy_family(app, db, regisseur, 1)
    big_family = _busy_family(app, db, regisseur, 2)
    extra = [make_user(db, Role.JONGERE, name=f"Kind {n}", birth_date=born(8 + n)) for n in range(8)]
    for child in extra:
        big_family.members.append(FamilyMember(user_id=child.id, relation=Relation.JONGERE))
    db.commit()
    for n, child in enumerate(extra * 3):
        goal = call(
            app,
            db,
            drafting.save_goal,
            regisseur,
            big_family.id,
            None,
            title=f"Groot doel {n}",
            about_user_id=child.id,
            status=GoalStatus.BUSY,
            target_date=None,
        )
        call(app, db, drafting.add_note, regisseur, big_family.id, goal.id, f"Notitie {n}")
        call(
            app,
            db,
            drafting.add_action,
            regisseur,
            big_family.id,
            what=f"Actie {n}",
            who="Ouder",
            due_date=None,
            goal_id=goal.id,
        )
        call(
            app,
            db,
            drafting.add_involved,
            regisseur,
            big_family.id,
            name=f"Helper {n}",
            role="hulp",
            organisation="",
            contact="",
        )
    call(app, db, drafting.record_zrm, regisseur, big_family.id, dict.fromkeys(ZrmDomain, 3), TODAY)
    call(app, db, drafting.publish, regisseur, big_family.id, "Groot plan")
    call(
        app,
        db,
        drafting.update_basics,
        regisseur,
        small_family.id,
        situation="Rustig",
        agreements="",
        next_evaluation=None,
    )
    call(app, db, drafting.publish, regisseur, small_family.id, "Klein plan")  # both have versions 1 and 2 now
    petra = sign_in(app, regisseur)
    parent = sign_in(app, next(m.user for m in small_family.members if m.relation == Relation.OUDER))
    big_parent = sign_in(app, next(m.user for m in big_family.members if m.relation == Relation.OUDER))
    for suffix in ("", "/bewerken", "/versie/2/veranderingen", "/print"):
        small, big = f"/gezinnen/{small_family.id}/plan{suffix}", f"/gezinnen/{big_family.id}/plan{suffix}"
        assert _queries(petra, small) == _queries(petra, big), suffix
    for suffix in ("", "/versie/2/veranderingen", "/wie-heeft-gekeken"):
        small, big = f"/gezinnen/{small_family.id}/plan{suffix}", f"/gezinnen/{big_family.id}/plan{suffix}"
        assert _queries(parent, small) == _queries(big_parent, big), suffix
