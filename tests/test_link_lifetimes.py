"""Links live exactly as long as the pages promise: a reset link one hour ("De link werkt één uur"), a family
invitation 7 days ("Hij is 7 dagen geldig"), a JIM invitation 7 days (tests/test_mentorships.py).

The lifetimes are written here as numbers on purpose: a test that read them from the config would follow a wrong
setting instead of catching it.
"""

from __future__ import annotations

import re
from datetime import timedelta

from tests.conftest import freeze_time, post_form
from tests.factories import login, make_family, make_regisseur, make_user
from webapp.clock import utcnow
from webapp.mail import mailer
from webapp.models import Relation, Role
from webapp.notify import worker

NEW = "mijn nieuwe lange wachtzin"
RESET_LINK = re.compile(r"http://localhost(/wachtwoord-herstellen/\S+)")
INVITE_LINK = re.compile(r'id="invite-link" class="break" href="http://localhost(/uitnodiging/[^"]+)"')


def _reset_link(app, client, email: str) -> str:
    """Ask for a reset link and read it from the mail (sent by the worker from the outbox)."""
    with app.app_context():
        before = len(mailer().sent)
    response = post_form(client, "/wachtwoord-vergeten", {"email": email})
    assert response.status_code == 200
    response.close()  # a server closes the answer once it is sent: only then is the reset queued
    worker.run(app, once=True)
    with app.app_context():
        mails = list(mailer().sent)[before:]
    assert [mail.to for mail in mails] == [email]
    return RESET_LINK.search(mails[0].body).group(1)


def _aged(app, make_link, age: timedelta) -> str:
    """The link `make_link()` returns, with the clock then moved `age` past the moment it was made."""
    start = utcnow()
    freeze_time(app, start)
    link = make_link()
    freeze_time(app, start + age)
    return link


def test_the_reset_page_promises_one_hour(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    response = post_form(client, "/wachtwoord-vergeten", {"email": user.email})
    assert "De link werkt één uur." in response.get_data(as_text=True)


def test_a_reset_link_still_works_after_59_minutes(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    link = _aged(app, lambda: _reset_link(app, client, user.email), timedelta(minutes=59))
    assert client.get(link).status_code == 200
    response = post_form(client, link, {"password": NEW, "confirm": NEW})
    assert response.status_code == 302


def test_a_reset_link_no_longer_works_after_61_minutes(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    link = _aged(app, lambda: _reset_link(app, client, user.email), timedelta(minutes=61))
    assert client.get(link).status_code == 410
    late = post_form(client, link, {"password": NEW, "confirm": NEW})
    assert late.status_code == 410
    assert "Deze link werkt niet meer. Vraag een nieuwe aan." in late.get_data(as_text=True)


def test_a_completed_reset_logs_out_every_device_and_refuses_a_password_made_of_her_own_name(app, client, db) -> None:
    user = make_user(db, Role.OUDER, name="Wilhelmina Koppelaar", email="wilhelmina.koppelaar@example.test")
    phone = app.test_client()
    login(phone, user)
    assert phone.get("/home").status_code == 200
    link = _reset_link(app, client, user.email)
    own_name = "wilhelmina koppelaar"
    weak = post_form(client, link, {"password": own_name, "confirm": own_name})
    assert weak.status_code == 400
    assert post_form(client, link, {"password": NEW, "confirm": NEW}).status_code == 302
    assert phone.get("/home").status_code == 302  # the other device is logged out


def _family_invitation(app, db) -> str:
    petra = make_regisseur(db)
    family = make_family(db, petra, (make_user(db, Role.JONGERE), Relation.JONGERE))
    regisseur = app.test_client()
    login(regisseur, petra)
    data = {"name": "Nieuwe Ouder", "email": "nieuw@example.test", "relation": "ouder", "language": "nl"}
    response = post_form(regisseur, f"/gezinnen/{family.id}/uitnodigen", data)
    assert response.status_code == 201, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert "Hij is 7 dagen geldig" in html
    return INVITE_LINK.search(html).group(1)


def test_a_family_invitation_still_works_on_its_seventh_day(app, db) -> None:
    link = _aged(app, lambda: _family_invitation(app, db), timedelta(days=7) - timedelta(minutes=1))
    assert app.test_client().get(link).status_code == 200


def test_a_family_invitation_no_longer_works_after_seven_days(app, db) -> None:
    link = _aged(app, lambda: _family_invitation(app, db), timedelta(days=7) + timedelta(minutes=1))
    assert app.test_client().get(link).status_code == 410
