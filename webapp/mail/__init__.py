"""Outgoing mail behind one small interface: SMTP when configured, otherwise the link is logged (and in demo mode
shown on screen by the caller). Other features call `send_mail`; tests read `outbox()` of the log mailer."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from flask import Flask, current_app

log = logging.getLogger(__name__)
EXTENSION_KEY = "onsplan_mailer"


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Mailer(Protocol):
    def send(self, mail: Mail) -> None: ...


class SmtpMailer:
    def __init__(self, host: str, port: int, user: str, password: str, sender: str) -> None:
        self.host, self.port, self.user, self.password, self.sender = host, port, user, password, sender

    def send(self, mail: Mail) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, mail.to, mail.subject
        message.set_content(mail.body)
        with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
            smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(message)


class LogMailer:
    """Development and tests: keeps the mails in memory and logs that one was sent (not its content)."""

    def __init__(self) -> None:
        self.sent: list[Mail] = []

    def send(self, mail: Mail) -> None:
        self.sent.append(mail)
        log.info("mail not sent (no SMTP_HOST): subject=%r\n%s", mail.subject, mail.body)


def init_app(app: Flask) -> None:
    if app.config.get("SMTP_HOST"):
        mailer: Mailer = SmtpMailer(
            app.config["SMTP_HOST"],
            app.config["SMTP_PORT"],
            app.config["SMTP_USER"],
            app.config["SMTP_PASSWORD"],
            app.config["MAIL_FROM"],
        )
    else:
        mailer = LogMailer()
    app.extensions[EXTENSION_KEY] = mailer


def mailer() -> Mailer:
    return current_app.extensions[EXTENSION_KEY]


def send_mail(to: str, subject: str, body: str) -> None:
    mailer().send(Mail(to=to, subject=subject, body=body))


def mail_is_configured() -> bool:
    return isinstance(mailer(), SmtpMailer)
