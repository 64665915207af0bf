"""Translations and dates for the lines the home page builds in Python ('Nu voor jou'), looked up through the
request's render memo (webapp/i18n/memo.py) instead of Flask-Babel's per-call context lookups (~20 µs a call; the
home page of a regisseur with dozens of families builds a hundred lines).

Each function returns exactly what Flask-Babel's function of the same name returns: `gettext` formats only when
there are variables, `ngettext` always (with `num`), `format_date` of a `date` with the locale's pattern.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import dates
from flask_babel import _get_format

from webapp.i18n import memo


def gettext(text: str, **variables) -> str:
    found = memo.current()
    translated = text if found is None else found.gettext(text)
    return translated % variables if variables else translated


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    found = memo.current()
    if found is None:
        translated = singular if num == 1 else plural
    else:
        translated = found.translations.ungettext(singular, plural, num)
    return translated % variables


def format_date(value: date, format: str | None = None) -> str:
    """A calendar date in the reader's language, once per (date, format) per request (datetimes: the memo's own,
    which rebases them to local time)."""
    found = memo.current()
    if found is None or isinstance(value, datetime):
        return memo.format_date(value, format)
    key = (date, value, None, format, True)  # the memo's own key: shared with the templates' format_date
    text = found.dates.get(key)
    if text is None:
        text = found.dates[key] = dates.format_date(value, _get_format("date", format), locale=found.locale)
    return text
