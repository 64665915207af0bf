"""The text a phone shows on its lock screen: generic, in the recipient's language, with only an opaque click target.

A lock screen is read by whoever holds the phone (a parent, a classmate), so a notification never names a person
or a care matter and never quotes a message: the details load after the user opens OnsPlan and logs in. The `tag`
makes a notification delivered twice (the worker sends at least once) show once.
"""

from __future__ import annotations

import json

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from webapp.forms import RTL_LANGUAGES
from webapp.models import OutboxNotification

TITLE = "OnsPlan"
# Web Push allows 4,096 bytes per encrypted record; with aes128gcm's header, tag and padding that leaves 3,993.
MAX_PAYLOAD_BYTES = 3993

BODIES = {
    "berichten": _l("Je hebt een nieuw bericht in OnsPlan"),
    "plan": _l("Er is een nieuwe versie van je plan in OnsPlan"),
    "afspraken": _l("Er is nieuws over een afspraak in OnsPlan"),
    "mentor": _l("Er is nieuws over een mentor in OnsPlan"),
    "steun": _l("Er is nieuws over Steuntje in de rug in OnsPlan"),
    "vragen": _l("Er is nieuws over een vraag in OnsPlan"),  # answers, moderation, a question waiting: never which
    "verzoeken": _l("Er is nieuws over een verzoek over gegevens in OnsPlan"),
    "gezin": _l("Er is nieuws over je gezin in OnsPlan"),  # a new regisseur: never who or why
    "dringend": _l("Dringend bericht in OnsPlan"),  # "Ik voel me niet veilig": never who, why or what
}


# Scheduled reminders (webapp/appointments/reminders.py) carry this tag prefix and get their own text.
REMINDER_TAG_PREFIX = "herinnering-"
REMINDER_BODY = _l("Herinnering: je hebt binnenkort een afspraak. Kijk in OnsPlan.")


def language_of(language: str | None) -> str:
    """The user's saved language if OnsPlan speaks it, else Dutch (the source language)."""
    config = current_app.config
    return language if language in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


def build(row: OutboxNotification, language: str | None) -> dict[str, str]:
    """The notification for `row` in `language`; `lang` and `dir` let the phone show Arabic right to left.
    Needs an app context (translations)."""
    language = language_of(language)
    with force_locale(language):
        body = str(REMINDER_BODY if row.tag.startswith(REMINDER_TAG_PREFIX) else BODIES[row.kind])
    direction = "rtl" if language in RTL_LANGUAGES else "ltr"
    return {"title": TITLE, "body": body, "url": row.url, "tag": row.tag, "lang": language, "dir": direction}


def encode(payload: dict[str, str]) -> str:
    """Compact JSON, UTF-8 as is (an escaped Arabic letter costs 6 bytes instead of 2)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    if len(text.encode()) > MAX_PAYLOAD_BYTES:
        raise ValueError("push payload too large")
    return text
