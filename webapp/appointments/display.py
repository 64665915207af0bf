"""When an appointment is, as the agenda shows it, formatted once per process instead of once per entry and page.

Flask-Babel's `format_datetime` finds the request's locale, time zone and formats and runs Babel's pattern formatter
on every call (~1/8 of a long agenda's CPU). The text depends only on the moment, the pattern, the locale and the
time zone, so it is kept per process (a bounded LRU: appointments are few and long-lived). The whole list is kept
too, by its entries (`kept_agenda_list`).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from flask_babel import format_datetime, get_locale, get_timezone
from flask_login import current_user
from markupsafe import Markup

from webapp.appointments.reads import AgendaEntry
from webapp.kept_html import kept

WHEN = "EEEE d MMMM, HH:mm"  # "woensdag 10 maart, 15:00"


@lru_cache(maxsize=4096)
def _formatted(moment: datetime, pattern: str, locale: str, timezone: str) -> str:
    """`locale` and `timezone` are the key: Flask-Babel formats with the request's own, which are these."""
    return format_datetime(moment, pattern)


def appointment_when(moment: datetime, pattern: str = WHEN) -> str:
    """`format_datetime(moment, pattern)` in the reader's locale and time zone, each (moment, language) once."""
    return _formatted(moment, pattern, str(get_locale()), str(get_timezone()))


def kept_agenda_list(items: list, caller) -> Markup:
    """The agenda's list (`appointments/_partials/_list.html`), rendered once per process for the same entries, reader
    and language (webapp/kept_html.py). The key is the entries' plain rows: every field the list shows, and every
    answer. Entries of the ORM (another page's `services.AppointmentView`) are rendered each time."""
    if not all(isinstance(entry, AgendaEntry) for entry in items):
        return caller()
    key = (current_user.id, tuple((entry.appointment, tuple(entry.participants)) for entry in items))
    return Markup(kept("agenda-list", key, lambda: str(caller())))  # noqa: S704 - our template, autoescaped
