"""Professionals need TOTP before they see any family data; a code works once."""

from __future__ import annotations

import re

import pyotp

from tests.conftest import post_form
from tests.factories import PASSWORD, make_family, make_user
from webapp.models import Relation, Role


def test_a_professional_without_2fa_is_sent_to_enrol_before_any_data_route(client, db) -> None:
    petra = make_user(db, Role.REGISSEUR)
    family = make_family(db, petra, (make_user(db, Role.JONGERE), Relation.JONGERE))
    response = post_form(client, "/login", {"email": petra.email, "password": PASSWORD})
    assert response.headers["Location"] == "/tweestaps/instellen"
    for path in ("/home", f"/gezinnen/{family.id}", f"/gezinnen/{family.id}/uitnodigen", "/account"):
        refused = client.get(path)
        assert refused.status_code == 302 and refused.headers["Location"] == "/tweestaps/instellen", path
    assert client.get("/hulp").status_code == 200  # help stays reachable


def test_enrolling_with_a_correct_code_opens_the_data(client, db) -> None:
    petra = make_user(db, Role.REGISSEUR)
    post_form(client, "/login", {"email": petra.email, "password": PASSWORD})
    page = client.get("/tweestaps/instellen").get_data(as_text=True)
    secret = re.search(r'name="secret" type="hidden" value="([A-Z2-7]+)"', page).group(1)
    assert "<svg" in page  # the QR code
    wrong = post_form(client, "/tweestaps/instellen", {"secret": secret, "code": "000000"})
    assert wrong.status_code == 400 and secret in wrong.get_data(as_text=True)  # same secret kept
    ok = post_form(client, "/tweestaps/instellen", {"secret": secret, "code": pyotp.TOTP(secret).now()})
    assert ok.status_code == 302
    assert client.get("/home").status_code == 200


def test_an_enrolled_professional_must_enter_a_code_after_the_password(client, db) -> None:
    secret = pyotp.random_base32()
    petra = make_user(db, Role.REGISSEUR, totp_secret=secret)
    response = post_form(client, "/login", {"email": petra.email, "password": PASSWORD})
    assert response.headers["Location"] == "/tweestaps/controle"
    assert client.get("/home").headers["Location"] == "/tweestaps/controle"
    assert post_form(client, "/tweestaps/controle", {"code": "123456"}).status_code == 400
    assert post_form(client, "/tweestaps/controle", {"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert client.get("/home").status_code == 200


def test_a_used_code_is_refused_the_second_time(app, client, db) -> None:
    secret = pyotp.random_base32()
    petra = make_user(db, Role.REGISSEUR, totp_secret=secret)
    code = pyotp.TOTP(secret).now()
    post_form(client, "/login", {"email": petra.email, "password": PASSWORD})
    assert post_form(client, "/tweestaps/controle", {"code": code}).status_code == 302

    second_device = app.test_client()
    post_form(second_device, "/login", {"email": petra.email, "password": PASSWORD})
    assert post_form(second_device, "/tweestaps/controle", {"code": code}).status_code == 400


def test_family_members_do_not_need_a_second_factor(client, db) -> None:
    parent = make_user(db, Role.OUDER)
    response = post_form(client, "/login", {"email": parent.email, "password": PASSWORD})
    assert response.headers["Location"] == "/home"
