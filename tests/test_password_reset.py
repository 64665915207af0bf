"""Forgot password: one answer for every address, a one-time link that expires after an hour."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.conftest import freeze_time, post_form
from tests.factories import make_user
from webapp.clock import utcnow
from webapp.mail import mailer
from webapp.models import Role

NEW = "mijn nieuwe lange wachtzin"


def _link_from_mail(app) -> str:
    with app.app_context():
        mail = mailer().sent[-1]
    return re.search(r"http://localhost(/wachtwoord-herstellen/\S+)", mail.body).group(1)


def test_reset_by_mail_link_once(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    known = post_form(client, "/wachtwoord-vergeten", {"email": user.email})
    unknown = post_form(client, "/wachtwoord-vergeten", {"email": "niemand@example.test"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True).count("Kijk in je e-mail") == unknown.get_data(as_text=True).count(
        "Kijk in je e-mail"
    )
    link = _link_from_mail(app)
    response = post_form(client, link, {"password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert post_form(client, "/login", {"email": user.email, "password": NEW}).headers["Location"] == "/home"
    assert client.get(link).status_code == 410


def test_a_reset_link_expires_after_an_hour(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    post_form(client, "/wachtwoord-vergeten", {"email": user.email})
    link = _link_from_mail(app)
    freeze_time(app, utcnow() + timedelta(minutes=61))
    assert client.get(link).status_code == 410


def test_different_passwords_are_refused(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    post_form(client, "/wachtwoord-vergeten", {"email": user.email})
    link = _link_from_mail(app)
    response = post_form(client, link, {"password": NEW, "confirm": NEW + "x"})
    assert response.status_code == 400
    assert "niet hetzelfde" in response.get_data(as_text=True)
