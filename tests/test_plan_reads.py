"""The plan page's plain read (webapp/plans/reads.py, issue 14): the same parts for every viewer as the ORM read
(`services.view_plan`), the same 404s and access-log rows, and a number of statements that does not grow with the
plan."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from tests.plan_factories import TODAY, PlanWorld, build_world, counted_queries, sign_in
from webapp.models import AuditEvent, Plan, User
from webapp.plans import drafting, reads, services

PARTS = ("summary", "situation", "agreements", "involved", "zrm_groups", "goals", "family_actions", "hidden_goals")


@pytest.fixture
def world(app: Flask, db: Session) -> PlanWorld:
    return build_world(app, db)


def _people(world: PlanWorld) -> list[User]:
    return [world.petra, world.sara, world.noah, world.eva, world.tom, world.ingrid]


def _same(orm: services.VisiblePlan, plain: services.VisiblePlan) -> None:
    for part in PARTS:
        assert getattr(plain, part) == getattr(orm, part), part
    assert (plain.version.id, plain.version.number) == (orm.version.id, orm.version.number)
    assert plain.version.published_at == orm.version.published_at
    assert plain.content == orm.content
    assert plain.sharing == orm.sharing
    assert plain.plan.id == orm.plan.id and plain.family.id == orm.family.id
    assert plain.regisseur.name == orm.regisseur.name
    assert (plain.my_response is None) == (orm.my_response is None)
    if orm.my_response is not None:
        assert (plain.my_response.agrees, plain.my_response.comment) == (
            orm.my_response.agrees,
            orm.my_response.comment,
        )


def test_every_viewer_reads_the_same_parts_as_through_the_orm(world: PlanWorld) -> None:
    world.share(world.sara, goals=False)
    world.share_goal(world.sara, world.goals["sara_school"], True)
    world.run(services.answer, world.eva, world.family.id, 1, agrees=False, comment="Nog niet.")
    world.db.commit()
    for viewer in _people(world):
        _same(
            world.run(services.view_plan, viewer, world.family.id), world.run(reads.plan_page, viewer, world.family.id)
        )
    eva = world.run(reads.plan_page, world.eva, world.family.id)
    assert "Sara kiest een opleiding" in {g["title"] for g in eva.goals}
    assert "Sara praat met iemand over hoe ze zich voelt" not in {g["title"] for g in eva.goals}
    assert eva.my_response.comment == "Nog niet." and eva.my_response.agrees is False


def test_a_given_version_and_an_unknown_one(world: PlanWorld) -> None:
    world.goal("Een tweede doel")
    world.publish("Versie twee.")
    first = world.run(reads.plan_page, world.eva, world.family.id, number=1)
    assert first.version.number == 1
    _same(world.run(services.view_plan, world.eva, world.family.id, number=1), first)
    assert world.run(reads.plan_page, world.eva, world.family.id).version.number == 2
    with pytest.raises(NotFound):
        world.run(reads.plan_page, world.eva, world.family.id, number=9)


def test_strangers_get_404_and_a_refused_professional_is_logged(world: PlanWorld) -> None:
    for stranger in (world.outsider, world.anouk, world.ruud):
        with pytest.raises(NotFound):
            world.run(reads.plan_page, stranger, world.family.id)
    with pytest.raises(NotFound):
        world.run(reads.plan_page, world.eva, 999_999)
    denied = world.db.exec(
        select(AuditEvent).where(AuditEvent.family_id == world.family.id, AuditEvent.outcome == "denied")
    ).all()
    assert [(e.actor_id, e.object_type) for e in denied] == [(world.ruud.id, services.OBJECT_TYPE)]


def test_a_professionals_read_is_logged_a_family_members_is_not(world: PlanWorld) -> None:
    def reads_logged() -> int:
        return len(
            world.db.exec(
                select(AuditEvent).where(AuditEvent.family_id == world.family.id, AuditEvent.outcome == "success")
            ).all()
        )

    before = reads_logged()
    world.run(reads.plan_page, world.eva, world.family.id)
    assert reads_logged() == before
    shown = world.run(reads.plan_page, world.petra, world.family.id)
    assert reads_logged() == before + 1
    last = world.db.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (last.actor_id, last.object_type, last.object_id) == (world.petra.id, services.OBJECT_TYPE, shown.plan.id)


def test_the_first_visit_makes_the_plan_and_shows_it_is_not_ready(app: Flask, db: Session) -> None:
    world = build_world(app, db, publish=False)
    db.delete(db.exec(select(Plan).where(Plan.family_id == world.other_family.id)).one())
    db.commit()
    shown = world.run(reads.plan_page, world.anouk, world.other_family.id)
    assert shown.version is None and shown.goals == []
    assert db.exec(select(Plan).where(Plan.family_id == world.other_family.id)).one().id == shown.plan.id
    page = sign_in(app, world.anouk).text(world.plan_url(world.other_family))
    assert "Je regisseur maakt jullie plan nog." in page or "Uw regisseur maakt" in page


def _plan_page_statements(app: Flask, world: PlanWorld, viewer: User) -> list[str]:
    visitor = sign_in(app, viewer)
    visitor.text(world.plan_url())  # the first visit may write (the plan); the second is the page as it is read
    with counted_queries(app) as statements:
        visitor.text(world.plan_url())
    return [s for s in statements if not s.lstrip().upper().startswith(("BEGIN", "COMMIT"))]


def test_statements_per_page_stay_the_same_with_more_data(app: Flask, world: PlanWorld) -> None:
    world.share(world.sara, goals=True)
    little = {who: _plan_page_statements(app, world, getattr(world, who)) for who in ("eva", "sara", "petra")}
    for n in range(25):
        goal = world.goal(f"Extra doel {n}", world.sara if n % 2 else None)
        world.run(
            drafting.add_action,
            world.petra,
            world.family.id,
            what=f"Actie {n}",
            who="Eva",
            due_date=TODAY,
            goal_id=goal.id,
        )
        if n % 2:
            world.share_goal(world.sara, goal, n % 4 == 1)
        world.run(
            drafting.update_basics,
            world.petra,
            world.family.id,
            situation=f"Het gaat {n}.",
            agreements=f"Afspraak {n}.",
            next_evaluation=None,
            about_people={world.sara.id: (f"Sara {n}.", ""), world.noah.id: (f"Noah {n}.", f"Noah spreekt {n} af.")},
        )
        if n % 5 == 0:
            world.publish(f"Versie met {n} extra doelen.")
    world.publish("De laatste versie.")
    more = {who: _plan_page_statements(app, world, getattr(world, who)) for who in ("eva", "sara", "petra")}
    for who in little:
        assert len(more[who]) == len(little[who]), (who, little[who], more[who])
    # The page's own reads: the family, the plan with its version, the sharing choices (no translations in Dutch).
    markers = ("SELECT family.id, family.name", "AS plan_id, plan_version.id AS version_id", "AS kind, sharing_choice")
    own = [s for s in little["eva"] if any(marker in s for marker in markers)]
    assert len(own) == 3, own
