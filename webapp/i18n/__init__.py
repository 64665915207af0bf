"""Languages: which one a visitor sees, and the switcher.

Order: the logged-in user's saved preference, else the switcher's cookie, else the browser's Accept-Language,
else Dutch (the source language, B1 plain Dutch).
"""

from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_babel import get_locale, refresh
from flask_login import current_user

from webapp.extensions import babel
from webapp.forms import LANGUAGE_NAMES, RTL_LANGUAGES
from webapp.i18n import memo
from webapp.i18n.address import (
    ADDRESS_FORM_CHOICES,
    addressed,
    addressed_in_template,
    addressed_plural,
    addressed_plural_in_template,
    lazy_addressed,
)
from webapp.i18n.address import _current_contexts as reader_contexts  # the msgctxts addressed() tries (cache keys)
from webapp.i18n.bidi import ltr, ltr_runs

__all__ = [
    "ADDRESS_FORM_CHOICES",
    "addressed",
    "addressed_plural",
    "current_language",
    "lazy_addressed",
    "reader_contexts",
    "remember_language",
    "select_locale",
]

COOKIE = "onsplan_lang"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    if (cookie := request.cookies.get(COOKIE)) in languages:
        return cookie
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def remember_language(language: str) -> None:
    """Store the choice in a cookie on this response (and use it for the rest of this request)."""
    g.language_cookie = language
    refresh()


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # One date format per language: a date without a format reads like the ones asked for as "long" ("7 maart
    # 2025", "7 مارس 2025": the month in words, Western digits), never a digit date that RTL text could reorder.
    babel.date_formats["date"] = "long"
    app.jinja_env.filters["ltr"] = ltr
    app.jinja_env.filters["ltr_runs"] = ltr_runs
    app.jinja_env.globals["addressed"] = addressed_in_template
    app.jinja_env.globals["addressed_plural"] = addressed_plural_in_template
    memo.init_app(app, babel)  # the Jinja functions above, and url_for and format_date, without repeated work

    @app.after_request
    def set_language_cookie(response):
        if language := g.get("language_cookie"):
            response.set_cookie(
                COOKIE,
                language,
                max_age=COOKIE_MAX_AGE,
                samesite="Lax",
                httponly=True,
                secure=app.config["SESSION_COOKIE_SECURE"],
            )
        return response

    @app.context_processor
    def language_context():
        language = current_language()
        return {
            "current_language": language,
            "text_direction": "rtl" if language in RTL_LANGUAGES else "ltr",
            "language_names": LANGUAGE_NAMES,
        }
