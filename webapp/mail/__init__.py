"""Outgoing mail behind one small interface: SMTP when configured, otherwise the mail is logged (with its links only
in demo mode). Other features call `send_mail`; tests read `outbox()` of the log mailer."""

from __future__ import annotations

import logging
import re
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


_LINK = re.compile(r"\bhttps?://\S+")


class LogMailer:
    """Development and tests: keeps the mails in memory and logs them. A link in a mail is a key (a reset or
    invitation token), and logs are read by more people than the addressee: outside demo mode the links are left
    out of the log."""

    def __init__(self, *, show_links: bool = False) -> None:
        self.sent: list[Mail] = []
        self.show_links = show_links

    def send(self, mail: Mail) -> None:
        self.sent.append(mail)
        body = mail.body if self.show_links else _LINK.sub("[link left out: only shown with DEMO=1]", mail.body)
        log.info("mail not sent (no SMTP_HOST): subject=%r\n%s", mail.subject, body)


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
        mailer = LogMailer(show_links=bool(app.config.get("DEMO")))
    app.extensions[EXTENSION_KEY] = mailer


def mailer() -> Mailer:
    return current_app.extensions[EXTENSION_KEY]


def send_mail(to: str, subject: str, body: str) -> None:
    mailer().send(Mail(to=to, subject=subject, body=body))


def mail_is_configured() -> bool:
    return isinstance(mailer(), SmtpMailer)
