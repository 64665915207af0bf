"""Forgot password: one answer for every address, the mail made and sent by the worker from the outbox (so the answer
takes the same time for every address), a one-time link that expires after an hour, and only the newest link works."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from statistics import median

from sqlmodel import select

from tests.conftest import csrf_token, freeze_time, post_form
from tests.factories import make_user
from webapp.auth.tokens import new_token
from webapp.clock import utcnow
from webapp.mail import EXTENSION_KEY, LogMailer, Mail, mailer
from webapp.models import OutboxNotification, PasswordReset, Role
from webapp.notify import outbox, worker

NEW = "mijn nieuwe lange wachtzin"


class SlowMailer(LogMailer):
    """Takes as long as a real SMTP server far away: a mail sent during the request would show in its timing."""

    DELAY = 0.05

    def send(self, mail: Mail) -> None:
        time.sleep(self.DELAY)
        super().send(mail)


def _ask(client, email: str):
    """Ask for a reset link; closing the answer (as a server does once it is sent) runs the queued work."""
    response = post_form(client, "/wachtwoord-vergeten", {"email": email})
    response.close()
    return response


def _sent(app) -> list:
    with app.app_context():
        return list(mailer().sent)


def _link_from_mail(app) -> str:
    """Let the worker send what is queued, then the link in the last mail."""
    worker.run(app, once=True)
    mail = _sent(app)[-1]
    return re.search(r"http://localhost(/wachtwoord-herstellen/\S+)", mail.body).group(1)


def _queued(db, user_id: int | None = None) -> list[OutboxNotification]:
    db.expire_all()
    query = select(OutboxNotification).where(OutboxNotification.kind == outbox.MAIL_PASSWORD_RESET)
    if user_id is not None:
        query = query.where(OutboxNotification.user_id == user_id)
    return list(db.exec(query))


def test_reset_by_mail_link_once(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    known = _ask(client, user.email)
    unknown = _ask(client, "niemand@example.test")
    assert known.status_code == unknown.status_code == 200
    answer = "Als er een account is met dit e-mailadres, krijg je binnen een paar minuten een e-mail."
    assert answer in known.get_data(as_text=True) and answer in unknown.get_data(as_text=True)
    # CSRF tokens (in the forms and in htmx's headers) carry the second they were signed: two requests may differ.
    strip = lambda r: re.sub(r'value="[^"]*"|"X-CSRFToken": "[^"]*"', "", r.get_data(as_text=True))  # noqa: E731
    assert strip(known) == strip(unknown)
    sent_before = len(_sent(app))
    link = _link_from_mail(app)
    assert [mail.to for mail in _sent(app)[sent_before:]] == [user.email]  # none to the unknown address
    response = post_form(client, link, {"password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert post_form(client, "/login", {"email": user.email, "password": NEW}).headers["Location"] == "/home"
    assert client.get(link).status_code == 410


def test_a_reset_link_expires_after_an_hour(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    _ask(client, user.email)
    link = _link_from_mail(app)
    freeze_time(app, utcnow() + timedelta(minutes=61))
    assert client.get(link).status_code == 410


def test_different_passwords_are_refused(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    _ask(client, user.email)
    link = _link_from_mail(app)
    response = post_form(client, link, {"password": NEW, "confirm": NEW + "x"})
    assert response.status_code == 400
    assert "niet hetzelfde" in response.get_data(as_text=True)


def test_the_request_only_queues_the_mail_for_a_known_address_and_nothing_for_an_unknown_one(app, client, db) -> None:
    user = make_user(db, Role.OUDER, language="tr")
    sent_before = len(_sent(app))
    _ask(client, "niemand@example.test")
    assert _queued(db) == []
    _ask(client, user.email.upper())
    assert [row.url for row in _queued(db, user.id)] == ["http://localhost/"]
    assert len(_sent(app)) == sent_before  # no mail leaves during the request

    worker.run(app, once=True)
    mails = _sent(app)[sent_before:]
    assert [mail.to for mail in mails] == [user.email]  # the unknown address got nothing
    assert "OnsPlan" in mails[0].subject and mails[0].subject != "Nieuw wachtwoord voor OnsPlan"  # her language
    assert [row.result for row in _queued(db, user.id)] == ["mailed"]


def test_known_and_unknown_addresses_are_answered_in_the_same_time(app, client, db, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "LOGIN_ATTEMPTS", "1000 per 5 minutes")
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, SlowMailer())
    user = make_user(db, Role.OUDER)

    def answer_time(email: str) -> float:
        """Until the answer is there (the server then closes the response: not timed, the person has it)."""
        token = csrf_token(client)
        started = time.perf_counter()
        response = client.post("/wachtwoord-vergeten", data={"email": email, "csrf_token": token})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        response.close()
        return elapsed

    for email in (user.email, "niemand@example.test"):  # warm up
        answer_time(email)
    known, unknown = [], []
    for _ in range(15):  # interleaved, so a busy machine slows both alike
        known.append(answer_time(user.email))
        unknown.append(answer_time("niemand@example.test"))
    # The old code sent the mail during the request: a 50 ms SMTP round trip for a known address only.
    assert abs(median(known) - median(unknown)) < SlowMailer.DELAY / 2, (median(known), median(unknown))


def test_a_newer_reset_link_makes_the_older_one_stop_working(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    _ask(client, user.email)
    older = _link_from_mail(app)
    _ask(client, user.email)
    newer = _link_from_mail(app)
    assert older != newer
    assert client.get(older).status_code == 410
    assert post_form(client, older, {"password": NEW, "confirm": NEW}).status_code == 410
    assert client.get(newer).status_code == 200


def test_a_completed_reset_ends_every_other_open_link(app, client, db) -> None:
    user = make_user(db, Role.OUDER)
    # Two open links at once, as a database from before "newest link only" may hold.
    tokens = []
    for _ in range(2):
        token, token_hash = new_token()
        db.add(PasswordReset(token_hash=token_hash, user_id=user.id, expires_at=utcnow() + timedelta(minutes=30)))
        tokens.append(f"/wachtwoord-herstellen/{token}")
    db.commit()
    assert [client.get(link).status_code for link in tokens] == [200, 200]
    assert post_form(client, tokens[0], {"password": NEW, "confirm": NEW}).status_code == 302
    assert [client.get(link).status_code for link in tokens] == [410, 410]
