"""Accounts (beheer): only an active beheerder lists accounts and switches them off or on, 50 to a page, never her
own account; anyone else gets 404 and changes nothing."""

from __future__ import annotations

import pyotp
import pytest
from sqlmodel import func, select
from werkzeug.exceptions import NotFound

from tests.conftest import post_form
from tests.factories import login, make_user
from webapp.admin import services
from webapp.models import AuthSession, Role, User


@pytest.fixture
def beheerder(db) -> User:
    return make_user(db, Role.BEHEERDER, name="Aaa Beheer", totp_secret=pyotp.random_base32())


def _with_email(db) -> int:
    return db.exec(select(func.count()).select_from(User).where(User.email.is_not(None))).one()


def test_the_beheerder_sees_accounts_with_an_email_address_by_name_50_to_a_page(db, beheerder: User) -> None:
    for number in reversed(range(51)):  # made in reverse, so the order by name is not the order of making
        make_user(db, Role.OUDER, name=f"Ouder {number:02d}")
    make_user(db, Role.JONGERE, name="Zonder Mail", email=None)
    total = _with_email(db)
    pages = -(-total // 50)
    first, counted = services.list_accounts(db, beheerder, 1)
    assert counted == pages >= 2
    assert len(first) == 50
    assert [user.name for user in first] == sorted(user.name for user in first)
    last, _ = services.list_accounts(db, beheerder, pages)
    assert len(last) == total - 50 * (pages - 1)
    everyone = [user for page in range(1, pages + 1) for user in services.list_accounts(db, beheerder, page)[0]]
    assert len({user.id for user in everyone}) == total
    assert "Zonder Mail" not in {user.name for user in everyone}
    # Out-of-range page numbers show the nearest page.
    assert [u.id for u in services.list_accounts(db, beheerder, 0)[0]] == [u.id for u in first]
    assert [u.id for u in services.list_accounts(db, beheerder, pages + 5)[0]] == [u.id for u in last]


def test_one_page_when_there_are_few_accounts(db, beheerder: User) -> None:
    made = {make_user(db, Role.OUDER).id for _ in range(3)} | {beheerder.id}
    users, pages = services.list_accounts(db, beheerder, 1)
    assert pages == 1
    assert made <= {user.id for user in users} and len(users) == _with_email(db) < 50


@pytest.mark.parametrize("role", [Role.JONGERE, Role.OUDER, Role.REGISSEUR, Role.COORDINATOR, Role.MODERATOR])
def test_no_one_but_a_beheerder_lists_or_switches_accounts(db, role: Role) -> None:
    actor = make_user(db, role)
    other = make_user(db, Role.OUDER)
    with pytest.raises(NotFound):
        services.list_accounts(db, actor, 1)
    with pytest.raises(NotFound):
        services.set_account_active(db, actor, other.id, False)
    db.refresh(other)
    assert other.active is True


def test_a_disabled_beheerder_manages_nothing(db, beheerder: User) -> None:
    beheerder.active = False
    db.commit()
    with pytest.raises(NotFound):
        services.list_accounts(db, beheerder, 1)
    with pytest.raises(NotFound):
        services.set_account_active(db, beheerder, make_user(db, Role.OUDER).id, False)


def test_the_beheerder_switches_an_account_off_and_on_but_never_her_own(db, beheerder: User) -> None:
    parent = make_user(db, Role.OUDER)
    assert services.set_account_active(db, beheerder, parent.id, False).active is False
    db.commit()
    assert db.get(User, parent.id).active is False
    assert services.set_account_active(db, beheerder, parent.id, True).active is True
    with pytest.raises(NotFound):
        services.set_account_active(db, beheerder, beheerder.id, False)
    with pytest.raises(NotFound):
        services.set_account_active(db, beheerder, 10_000_000, False)


def test_a_youth_cannot_switch_someone_off_through_the_route(client, db) -> None:
    youth = make_user(db, Role.JONGERE)
    other = make_user(db, Role.OUDER)
    login(client, youth)
    assert post_form(client, f"/beheer/accounts/{other.id}/uit", {}).status_code == 404
    db.refresh(other)
    assert other.active is True


def test_switching_an_account_off_revokes_its_sessions_and_switching_on_brings_none_back(app, db, beheerder) -> None:
    """An inactive account is refused at every request anyway; its sessions are revoked too, so switching it on
    again does not bring an old (perhaps stolen) session back to life."""
    parent = make_user(db, Role.OUDER)
    phone = app.test_client()
    login(phone, parent)
    assert phone.get("/home").status_code == 200
    services.set_account_active(db, beheerder, parent.id, False)
    db.commit()
    sessions = db.exec(select(AuthSession).where(AuthSession.user_id == parent.id)).all()
    assert sessions and all(session.revoked_at is not None for session in sessions)
    services.set_account_active(db, beheerder, parent.id, True)
    db.commit()
    assert phone.get("/home").status_code == 302  # the old session stays ended
