"""Deleting my own account: a mentor or a steungezin outside any family may (password again, consequences explained);
family members and professionals are told why not. Personal rows go; rows of a youth's dossier keep an emptied
tombstone; the access log survives."""

from __future__ import annotations

import pytest
from sqlmodel import select
from werkzeug.exceptions import NotFound

from tests.factories import PASSWORD, make_user
from tests.mentor_factories import JimWorld, build_jim_world
from tests.plan_factories import page_text, sign_in
from webapp.audit import services as audit
from webapp.auth.policy import DeletionRefusal, account_deletion_refusal
from webapp.messages import services as messages
from webapp.models import (
    AuditAction,
    AuditEvent,
    AuthSession,
    CalendarFeed,
    Message,
    NotificationPreference,
    PushSubscription,
    Role,
    User,
    UserRole,
)
from webapp.owndata import services
from webapp.owndata.services import TOMBSTONE_NAME


@pytest.fixture
def world(app, db) -> JimWorld:
    return build_jim_world(app, db)


def _personal_rows(world: JimWorld, user_id: int) -> None:
    db = world.db
    db.add(PushSubscription(user_id=user_id, endpoint=f"https://fcm.googleapis.com/x/{user_id}", p256dh="k", auth="a"))
    db.add(NotificationPreference(user_id=user_id, berichten=False))
    db.add(CalendarFeed(user_id=user_id, token_hash=f"feed-{user_id}".ljust(64, "0")))
    db.commit()


def _count(world: JimWorld, model, user_id: int) -> int:
    world.db.expire_all()
    return len(list(world.db.exec(select(model).where(model.user_id == user_id))))


def _log_a_look_at(world: JimWorld, person: User) -> None:
    """Petra's look at something about `person`, written to the access log as the app writes it."""
    world.run(audit.record, world.petra, AuditAction.READ, world.family, "mentorschap", 1, subject_id=person.id)


def _logged_about(world: JimWorld, person_id: int) -> int:
    world.db.expire_all()
    return len(list(world.db.exec(select(AuditEvent).where(AuditEvent.subject_id == person_id))))


def _delete(world: JimWorld, user: User, password: str = PASSWORD, understood: bool = True):
    data = {"current_password": password}
    if understood:
        data["understood"] = "y"
    return sign_in(world.app, user).post("/mijn-gegevens/account-verwijderen", data)


@pytest.mark.parametrize(
    ("roles", "in_family", "refusal"),
    [
        ((Role.MENTOR,), False, None),
        ((Role.STEUNGEZIN,), False, None),
        ((), False, None),
        ((Role.MENTOR,), True, DeletionRefusal.FAMILY),
        ((Role.JONGERE,), True, DeletionRefusal.FAMILY),
        ((Role.JONGERE,), False, DeletionRefusal.FAMILY),
        ((Role.OUDER,), True, DeletionRefusal.FAMILY),
        ((Role.REGISSEUR,), False, DeletionRefusal.PROFESSIONAL),
        ((Role.BEHEERDER,), False, DeletionRefusal.PROFESSIONAL),
        ((Role.MENTOR, Role.COORDINATOR), False, DeletionRefusal.PROFESSIONAL),
    ],
)
def test_who_may_delete_their_own_account(roles, in_family, refusal) -> None:
    user = User(name="Iemand", roles=[UserRole(role=r) for r in roles])
    assert account_deletion_refusal(user, in_a_family=in_family) == refusal


def test_a_steungezin_outside_any_family_is_deleted_entirely(world: JimWorld) -> None:
    ria = make_user(world.db, Role.STEUNGEZIN, name="Ria Peeters")
    _personal_rows(world, ria.id)
    page = page_text(sign_in(world.app, ria).text("/mijn-gegevens/account-verwijderen"))
    assert "Dit kan niet ongedaan worden." in page
    _log_a_look_at(world, ria)
    ria_id = ria.id
    response = _delete(world, ria)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    world.db.expunge_all()
    assert world.db.get(User, ria_id) is None
    for model in (AuthSession, PushSubscription, NotificationPreference, CalendarFeed, UserRole):
        assert _count(world, model, ria_id) == 0, model.__name__
    assert _logged_about(world, ria_id) == 1  # the access log keeps its row, and its chain still holds
    assert world.run(audit.verify_log).ok


def test_a_deleted_account_is_logged_out_everywhere(world: JimWorld) -> None:
    ria = make_user(world.db, Role.STEUNGEZIN, name="Ria Peeters")
    other_device = sign_in(world.app, ria)
    _delete(world, ria)
    assert other_device.get("/account").status_code == 302


def test_an_active_mentor_ends_his_mentorship_and_leaves_a_tombstone_behind_his_messages(world: JimWorld) -> None:
    mentorship = world.active_mentorship()
    conversation = world.run(messages.for_mentorship, world.karim, mentorship, world.family)["jim"]
    world.run(messages.send, world.karim, conversation, "Succes morgen met je gesprek!", "karim-1")
    _personal_rows(world, world.karim.id)
    _log_a_look_at(world, world.karim)
    assert _delete(world, world.karim).status_code == 302
    karim = world.fresh(world.karim)
    assert karim is not None and karim.name == TOMBSTONE_NAME
    assert (karim.email, karim.password_hash, karim.phone, karim.active) == (None, None, "", False)
    assert world.fresh(mentorship).status == "beeindigd"
    assert {row.user_id for row in world.outbox("mentor")} >= {world.sara.id, world.petra.id}
    kept = world.db.exec(select(Message).where(Message.author_id == karim.id)).all()
    assert [m.body for m in kept] == ["Succes morgen met je gesprek!"]  # Sara can still read it back
    assert _logged_about(world, karim.id) == 1
    for model in (AuthSession, PushSubscription, NotificationPreference, CalendarFeed, UserRole):
        assert _count(world, model, karim.id) == 0, model.__name__
    assert TOMBSTONE_NAME in page_text(sign_in(world.app, world.sara).text(f"/berichten/{conversation}"))


def test_a_wrong_password_deletes_nothing(world: JimWorld) -> None:
    ria = make_user(world.db, Role.STEUNGEZIN, name="Ria Peeters")
    response = _delete(world, ria, password="niet mijn wachtwoord")
    assert response.status_code == 400
    assert "Je huidige wachtwoord klopt niet." in response.get_data(as_text=True)
    assert world.fresh(ria).email is not None


def test_the_box_must_be_ticked(world: JimWorld) -> None:
    ria = make_user(world.db, Role.STEUNGEZIN, name="Ria Peeters")
    response = _delete(world, ria, understood=False)
    assert response.status_code == 400
    assert "Zet een vinkje als je het begrijpt." in response.get_data(as_text=True)
    assert world.fresh(ria).email is not None


@pytest.mark.parametrize("who", ["sara", "eva", "petra"])
def test_family_members_and_professionals_are_told_why_not_and_cannot_delete(world: JimWorld, who: str) -> None:
    user = getattr(world, who)
    page = page_text(sign_in(world.app, user).text("/mijn-gegevens/account-verwijderen"))
    expected = "beheerder van je organisatie" if who == "petra" else "Vraag om gegevens weg te halen"
    assert expected in page and "Verwijder mijn account" not in page
    assert _delete(world, user).status_code == 403
    assert world.fresh(user).active and world.fresh(user).email is not None


def test_the_service_refuses_a_family_member_even_without_the_page(world: JimWorld) -> None:
    with pytest.raises(NotFound):
        world.run(services.delete_account, world.sara, PASSWORD)
    assert world.fresh(world.sara).active
