"""The demo story: idempotent, and the facts the README promises."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from webapp.auth import passwords
from webapp.clock import today
from webapp.demo.story import DEMO_PASSWORD, seed
from webapp.models import Family, User


def test_seeding_twice_changes_nothing(app, db) -> None:
    with app.app_context():
        assert seed(db) is True
        db.commit()
        users = len(db.exec(select(User)).all())
        assert seed(db) is False
        assert len(db.exec(select(User)).all()) == users


def test_the_demo_people_are_who_the_readme_says(app, db) -> None:
    with app.app_context():
        seed(db)
        db.commit()
    people = {u.email: u for u in db.exec(select(User)).all() if u.email}
    samira = people["samira@example.org"]
    assert (
        today() + timedelta(days=80)
        < samira.birth_date.replace(year=samira.birth_date.year + 18)
        < today() + timedelta(days=100)
    )
    assert people["ayse@example.org"].language == "tr"
    assert passwords.verify(people["petra@example.org"].password_hash, DEMO_PASSWORD)
    assert all(
        people[e].totp_secret
        for e in ("petra@example.org", "coordinator@example.org", "moderator@example.org", "beheer@example.org")
    )
    families = {f.name: f for f in db.exec(select(Family)).unique().all()}
    assert {m.user.name for m in families["Yılmaz"].members} == {"Ayşe Yılmaz", "Emre Yılmaz", "Elif Yılmaz"}
    elif_ = next(m.user for m in families["Yılmaz"].members if m.user.name == "Elif Yılmaz")
    assert not elif_.has_login
    assert families["Haddou"].regisseur.email == families["Yılmaz"].regisseur.email == "petra@example.org"
    assert families["Smits"].regisseur.email == "jeroen@example.org"  # a second caseload
