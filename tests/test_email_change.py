"""A new e-mail address counts only after its one-time link is confirmed, and asking for one never tells whether the
address already has an account: the same answer and one mail either way, and at most 10 tries in 5 minutes."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.conftest import freeze_time, post_form
from tests.factories import PASSWORD, login, make_user
from webapp.clock import utcnow
from webapp.mail import Mail, mailer
from webapp.models import Role, User

LINK = re.compile(r"http://localhost(/account/email/bevestigen/\S+)")


def _mails(app, since: int) -> list[Mail]:
    with app.app_context():
        return list(mailer().sent[since:])


def _mail_count(app) -> int:
    return len(_mails(app, 0))


def _ask(client, email: str, password: str = PASSWORD):
    return post_form(client, "/account/email", {"email": email, "current_password": password})


def _answer(client, response) -> str:
    """The message on the page the answer leads to, with the address typed made neutral."""
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    message = re.search(r'class="flash[^"]*"[^>]*>(.*?)</', page, re.S).group(1)
    return re.sub(r"\S+@example\.test", "ADRES", message).strip()


def _email_of(db, user: User) -> str:
    db.expire_all()
    return db.get(User, user.id).email


def test_a_new_address_changes_only_after_its_link_is_confirmed_once(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    old = user.email
    login(client, user)
    before = _mail_count(app)
    _ask(client, "Nieuw@Example.test")
    assert _email_of(db, user) == old  # nothing changed yet
    [mail] = _mails(app, before)
    assert mail.to == "nieuw@example.test"
    link = LINK.search(mail.body).group(1)

    page = client.get(link)
    assert page.status_code == 200 and "nieuw@example.test" in page.get_data(as_text=True)
    assert _email_of(db, user) == old  # opening the link (a mail scanner does) changes nothing
    assert post_form(client, link, {}).status_code == 302
    assert _email_of(db, user) == "nieuw@example.test"
    notice = _mails(app, before)[-1]
    assert notice.to == old and "veranderd" in notice.subject  # the old address hears about it
    assert client.get(link).status_code == 410  # once


def test_a_taken_address_gets_the_same_answer_and_one_mail_but_nothing_changes(app, client, db) -> None:
    other = make_user(db, Role.OUDER)
    user = make_user(db, Role.JONGERE)
    login(client, user)
    before = _mail_count(app)
    free_answer = _answer(client, _ask(client, "vrij@example.test"))
    taken_answer = _answer(client, _ask(client, other.email.upper()))
    assert free_answer == taken_answer
    assert "We hebben een e-mail gestuurd naar ADRES" in taken_answer
    free_mail, taken_mail = _mails(app, before)
    assert (free_mail.to, taken_mail.to) == ("vrij@example.test", other.email)
    assert not LINK.search(taken_mail.body) and "al een account" in taken_mail.body
    assert _email_of(db, user) != other.email and _email_of(db, other) == other.email


def test_the_link_works_only_for_the_account_that_asked_and_only_for_a_day(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    login(client, user)
    before = _mail_count(app)
    _ask(client, "nieuw@example.test")
    link = LINK.search(_mails(app, before)[0].body).group(1)

    stranger = app.test_client()
    login(stranger, make_user(db, Role.OUDER))
    assert stranger.get(link).status_code == 410
    assert post_form(stranger, link, {}).status_code == 410

    freeze_time(app, utcnow() + timedelta(days=1, minutes=1))
    client_after_a_day = app.test_client()
    login(client_after_a_day, user)
    assert client_after_a_day.get(link).status_code == 410
    assert _email_of(db, user) == user.email


def test_a_link_stops_working_when_the_address_was_taken_meanwhile_or_the_password_changed(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    login(client, user)
    before = _mail_count(app)
    _ask(client, "eerst@example.test")
    _ask(client, "daarna@example.test")
    first, second = (LINK.search(mail.body).group(1) for mail in _mails(app, before))
    make_user(db, Role.OUDER, email="eerst@example.test")
    assert client.get(first).status_code == 410
    new = "een heel nieuw wachtwoord"
    post_form(client, "/account/wachtwoord", {"current_password": PASSWORD, "password": new, "confirm": new})
    assert client.get(second).status_code == 410


def test_asking_for_a_new_address_is_throttled(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    login(client, user)
    statuses = [_ask(client, f"probeer{n}@example.test", "fout").status_code for n in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
