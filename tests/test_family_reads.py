"""The plain family read of the hot pages (webapp/families/reads.py, issue 14): the same members, relations,
authority, birth dates and roles as the ORM family, and the same 404 as `get_family` for who may not see it."""

from __future__ import annotations

import pytest
from sqlmodel import select
from werkzeug.exceptions import NotFound

from tests.demo_people import seed_demo
from webapp.families.reads import family_row, visible_family
from webapp.families.services import get_family
from webapp.models import Family


def test_every_demo_family_reads_as_its_orm_family(app, db) -> None:
    seed_demo(app, db)
    families = db.exec(select(Family)).all()
    assert len(families) >= 5
    for family in families:
        row = family_row(db, family.id)
        assert (row.id, row.name, row.gemeente_id, row.regisseur_id) == (
            family.id,
            family.name,
            family.gemeente_id,
            family.regisseur_id,
        )
        assert len(row.members) == len(family.members)
        for plain, orm in zip(row.members, family.members, strict=True):
            assert (plain.id, plain.user_id, plain.relation, plain.has_authority) == (
                orm.id,
                orm.user_id,
                orm.relation,
                orm.has_authority,
            )
            person, user = plain.user, orm.user
            assert (person.name, person.birth_date, person.active, person.has_login, person.role_set) == (
                user.name,
                user.birth_date,
                user.active,
                user.has_login,
                user.role_set,
            )
            assert person.is_professional == user.is_professional and person.first_name == user.first_name


def test_a_family_nobody_may_see_is_not_found_the_same_way_as_with_get_family(app, db) -> None:
    people = seed_demo(app, db)
    haddou = db.exec(select(Family).where(Family.name == "Haddou")).one()
    assert visible_family(db, people["samira"], haddou.id).name == "Haddou"
    assert visible_family(db, people["petra"], haddou.id).member_for(people["samira"].id) is not None
    for outsider in ("ayse", "emre", "jeroen", "karim"):
        with pytest.raises(NotFound):
            get_family(db, people[outsider], haddou.id)
        with pytest.raises(NotFound):
            visible_family(db, people[outsider], haddou.id)
    with pytest.raises(NotFound):
        visible_family(db, people["samira"], 10**9)
    assert family_row(db, 10**9) is None
