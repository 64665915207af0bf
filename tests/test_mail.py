"""Mail without SMTP: kept for the tests and logged, but a link (a reset or invitation key) reaches the log only in
demo mode."""

from __future__ import annotations

import logging

import pytest

from webapp import create_app
from webapp.config import Config
from webapp.mail import mailer, send_mail

LINK = "https://onsplan.example/wachtwoord-herstellen/Zr8geheimTOKEN-abc_123"


def _send_with(demo: bool, caplog: pytest.LogCaptureFixture) -> str:
    app = create_app(Config(SECRET_KEY="x", DATABASE_URL="sqlite://", DEMO=demo))
    with app.app_context(), caplog.at_level(logging.INFO, logger="webapp.mail"):
        send_mail(
            "ouder@example.test", "Nieuw wachtwoord voor OnsPlan", f"Via deze link kies je er een:\n{LINK}\nGroet"
        )
        assert mailer().sent[-1].body.endswith(f"{LINK}\nGroet")  # the mail itself is whole
    return caplog.text


def test_a_logged_mail_shows_no_link_outside_demo_mode(caplog) -> None:
    text = _send_with(False, caplog)
    assert "Nieuw wachtwoord voor OnsPlan" in text and "Via deze link kies je er een" in text
    assert "geheimTOKEN" not in text and "https://" not in text


def test_a_logged_mail_shows_the_link_in_demo_mode(caplog) -> None:
    assert LINK in _send_with(True, caplog)
