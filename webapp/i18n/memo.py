"""Rendering without doing the same work twice (issue 14, item 4).

A page asks for ~60-100 translations, ~30 URLs and a few dates. Through Flask-Babel each `_()` finds the request's
Babel context, its locale, the locale's name and the catalogue again: ~10-20 µs a call, most of a millisecond a page.
This module installs, in the Jinja environment only, versions that do that work once:

- **translations**: per request and per language a `_Memo` holds the catalogue, found once, and the texts already
  translated, keyed by (context, msgid). The Jinja functions `_`, `gettext`, `ngettext`, `pgettext`, `npgettext`,
  `addressed` and `addressed_plural` read it. They keep the meaning of Jinja's "newstyle" gettext exactly: the
  translation is Markup when the template autoescapes, and always a %-format (so `%%` is a percent sign).
  The key of `addressed` also holds the reader's contexts (gender "v"/"m", register "u": webapp/i18n/address.py),
  worked out by address.py's own rule, so a login or a language switch in the middle of a request reads the right
  form.
- **language switches inside a request**: `force_locale` (mails, push texts, an article in another language) and
  `refresh()` (the language switcher) change the Babel locale; the memo follows the locale object Babel holds, so
  each language has its own memo and nothing crosses over.
- **dates**: `format_date` results per request and language, keyed by the value (with its type and time zone), the
  format and `rebase`; `format_date()` without a date ("today") is not kept.
- **URLs**: `url_for` of a static file, and of an endpoint without arguments, per process: the URL depends only on
  the endpoint, the file name and the request's script root (OnsPlan adds no cache-busting and no URL defaults;
  `url_for` is left alone when an app has URL default functions). Everything else goes to Flask's `url_for`.

Python code keeps calling Flask-Babel as before (`gettext`, `lazy_gettext`, `format_date`, and `addressed`), and gets
the same catalogue from the memo: Flask-Babel's default domain is a `MemoisedDomain`, whose `get_translations` reads
the memo of the language in use instead of finding the request's context, locale and catalogue again (~6 µs for every
Python-side text, form label and `addressed` string). tests/test_render_memo.py renders the hot pages with and
without the memo and compares them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, g
from flask.globals import _cv_request
from flask_babel import Babel, Domain, get_domain
from flask_babel import format_date as babel_format_date
from jinja2 import pass_eval_context
from markupsafe import Markup

from webapp.i18n.address import _current_contexts, locale_in_use, lookup, lookup_plural

_CURRENT = "_render_memo"  # on `g`: the memo of the language in use
_ALL = "_render_memos"  # on `g`: every language's memo in this request, by locale name
_plain_rendering = False  # inside `plain_rendering`: Flask-Babel's own lookups everywhere


class _Memo:
    """What one request has looked up in one language."""

    __slots__ = ("addressed", "dates", "locale", "results", "texts", "translations")

    def __init__(self, locale, translations) -> None:
        self.locale = locale
        self.translations = translations
        self.texts: dict[tuple[str | None, str], str] = {}  # (msgctxt, or None for gettext, msgid) -> translation
        self.results: tuple[dict, dict] = ({}, {})  # Jinja's gettext without variables: [autoescape][msgid]
        self.addressed: dict[tuple[tuple[str, ...], str], str] = {}  # (contexts, msgid) -> translation
        self.dates: dict[tuple, str] = {}

    def gettext(self, text: str) -> str:
        key = (None, text)
        found = self.texts.get(key)
        if found is None:
            found = self.texts[key] = self.translations.ugettext(text)
        return found

    def pgettext(self, context: str, text: str) -> str:
        key = (context, text)
        found = self.texts.get(key)
        if found is None:
            found = self.texts[key] = self.translations.upgettext(context, text)
        return found


def current() -> _Memo | None:
    """This request's memo for the language in use; None outside an app context (Flask-Babel then translates
    nothing either)."""
    try:
        app_globals = g._get_current_object()
    except RuntimeError:
        return None
    locale = locale_in_use(app_globals)
    if locale is None:
        return None
    memo = app_globals.__dict__.get(_CURRENT)
    if memo is not None and memo.locale is locale:
        return memo
    return _switch(app_globals, locale)


def _switch(app_globals, locale) -> _Memo:
    memos = app_globals.__dict__.setdefault(_ALL, {})
    name = str(locale)
    memo = memos.get(name)
    if memo is None:
        memo = memos[name] = _Memo(locale, _catalogue())
    memo.locale = locale  # the same language may come back as a new Locale object (refresh, force_locale)
    setattr(app_globals, _CURRENT, memo)
    return memo


def _catalogue():
    """The catalogue of the language in use, as Flask-Babel finds it (its own lookup, not MemoisedDomain's)."""
    return Domain.get_translations(get_domain())


class MemoisedDomain(Domain):
    """Flask-Babel's default domain (installed by `init_app`): Python-side `gettext`, `lazy_gettext` labels and
    `addressed` read the catalogue from this request's memo, found once per language."""

    def get_translations(self):
        if not _plain_rendering:
            memo = current()
            if memo is not None:
                return memo.translations
        return super().get_translations()


# --- the Jinja functions ------------------------------------------------------------------------------------------


@pass_eval_context
def gettext(eval_ctx, text: str, /, **variables) -> str:
    """`{{ _("...") }}`: as Jinja's newstyle gettext over Flask-Babel, the catalogue looked up once per request."""
    memo = current()
    if memo is None:
        translated = text
    elif not variables:
        results = memo.results[bool(eval_ctx.autoescape)]
        found = results.get(text)
        if found is None:
            found = results[text] = _format(eval_ctx, memo.gettext(text), variables)
        return found
    else:
        translated = memo.gettext(text)
    return _format(eval_ctx, translated, variables)


@pass_eval_context
def ngettext(eval_ctx, singular: str, plural: str, num: int, /, **variables) -> str:
    variables.setdefault("num", num)
    memo = current()
    if memo is None:
        translated = singular if num == 1 else plural
    else:
        translated = memo.translations.ungettext(singular, plural, num)
    return _format(eval_ctx, translated, variables)


@pass_eval_context
def pgettext(eval_ctx, context: str, text: str, /, **variables) -> str:
    variables.setdefault("context", context)
    memo = current()
    translated = text if memo is None else memo.pgettext(context, text)
    return _format(eval_ctx, translated, variables)


@pass_eval_context
def npgettext(eval_ctx, context: str, singular: str, plural: str, num: int, /, **variables) -> str:
    variables.setdefault("context", context)
    variables.setdefault("num", num)
    memo = current()
    if memo is None:
        translated = singular if num == 1 else plural
    else:
        translated = memo.translations.unpgettext(context, singular, plural, num)
    return _format(eval_ctx, translated, variables)


@pass_eval_context
def addressed(eval_ctx, text: str, /, **variables) -> str:
    """`{{ addressed("...") }}` (webapp/i18n/address.py), each (reader's contexts, text) looked up once a request."""
    contexts = _current_contexts()
    memo = current()
    if memo is None:
        translated = lookup(text, contexts)
    else:
        key = (contexts, text)
        translated = memo.addressed.get(key)
        if translated is None:
            translated = memo.addressed[key] = lookup(text, contexts)
    return _format(eval_ctx, translated, variables)


@pass_eval_context
def addressed_plural(eval_ctx, singular: str, plural: str, num: int, /, **variables) -> str:
    """`{{ addressed_plural(...) }}`: the number changes the text, so only the contexts are worked out once."""
    translated = lookup_plural(singular, plural, num, _current_contexts())
    return _format(eval_ctx, translated, {"num": num, **variables})


def _format(eval_ctx, translated: str, variables: dict) -> str:
    if eval_ctx.autoescape:
        translated = Markup(translated)  # noqa: S704 - our own catalogue, as Jinja's gettext does; variables escaped
    return translated % variables


def format_date(date=None, format=None, rebase=True) -> str:
    """Flask-Babel's `format_date`, each (date, format) formatted once per request and language."""
    memo = current() if date is not None else None
    if memo is None:
        return babel_format_date(date, format, rebase)
    key = (type(date), date, getattr(date, "tzinfo", None), format, rebase)
    found = memo.dates.get(key)
    if found is None:
        found = memo.dates[key] = babel_format_date(date, format, rebase)
    return found


def memoised_url_for(app: Flask) -> Callable[..., str]:
    """`url_for` that keeps the URL of a static file and of an endpoint without arguments for the process."""
    build = app.url_for
    urls: dict[tuple[str, str, str | None], str] = {}
    url_defaults = app.url_default_functions  # filled by blueprints later: looked at when used

    def url_for(endpoint: str, /, **values) -> str:
        # The cheap tests first: a page calls this 20-40 times (the request is read from Flask's context variable,
        # not through the `request` proxy).
        if values:
            filename = values.get("filename") if endpoint == "static" and len(values) == 1 else None
            if filename is None:
                return build(endpoint, **values)
        else:
            filename = None
        context = _cv_request.get(None)
        if context is None or endpoint[:1] == "." or any(url_defaults.values()):
            return build(endpoint, **values)
        key = (context.request.script_root, endpoint, filename)
        found = urls.get(key)
        if found is None:
            found = urls[key] = build(endpoint, **values)
        return found

    return url_for


def init_app(app: Flask, babel: Babel) -> None:
    """Install the memoised functions in the app's Jinja environment (after Flask-Babel's own, which are kept for
    `plain_rendering`), and the memoised domain for the Python side (after `babel.init_app`)."""
    babel.domain_instance = MemoisedDomain(domain=app.extensions["babel"].default_domain)
    env = app.jinja_env
    memoised = {
        "_": gettext,
        "gettext": gettext,
        "ngettext": ngettext,
        "pgettext": pgettext,
        "npgettext": npgettext,
        "addressed": addressed,
        "addressed_plural": addressed_plural,
        "format_date": format_date,
        "url_for": memoised_url_for(app),
    }
    app.extensions["render_memo"] = {name: env.globals.get(name) for name in memoised}
    env.globals.update(memoised)


@contextmanager
def plain_rendering(app: Flask) -> Iterator[None]:
    """Render with Flask-Babel's and Flask's own functions for a while (the comparison in tests/test_render_memo.py,
    or to rule the memo out when something reads wrong); Python-side translations too (in the whole process)."""
    global _plain_rendering
    env = app.jinja_env
    memoised = {name: env.globals[name] for name in app.extensions["render_memo"]}
    env.globals.update(app.extensions["render_memo"])
    was_plain, _plain_rendering = _plain_rendering, True
    try:
        yield
    finally:
        env.globals.update(memoised)
        _plain_rendering = was_plain
