"""Rendered template parts kept per process by a key that holds everything they show (issue 14): the page shell
(webapp/shell.py), the agenda's list (webapp/appointments/display.py), the home page's caseload table and
"Nu voor jou" (webapp/home/views.py), the list of conversations (webapp/messages/display.py) and the plan page's
answer form (templates/plans/_partials/_answer.html).

"Invalidated by construction": nothing is deleted; changed data makes another key, and the least recently used
entries go when the map holds more than `SIZE` characters. The reader's language, forms of address and the links'
script root are part of every key; the caller adds the rest. Keys must compare by value (numbers, strings, frozen
dataclasses, tuples of those): an object compared by identity could meet another object at the same address later.
Per process, never shared: a part may hold names the reader may see, so it stays in the worker that rendered it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from threading import Lock

from cachetools import LRUCache
from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from webapp.i18n import address

SIZE = 8_000_000  # characters, for all parts together

# Private-use characters: never in a translation, a URL or a token, and left alone by HTML escaping.
CSRF_MARK = "\ue000csrf\ue000"
NEXT_MARK = "\ue000next\ue000"

_kept: LRUCache = LRUCache(maxsize=SIZE, getsizeof=len)
_lock = Lock()


def kept(name: str, key: Hashable, render: Callable[[], str]) -> str:
    """The part `name` for `key` in this request's language, rendered by `render` the first time."""
    full_key = (name, key, str(get_locale()), address.contexts(), request.script_root)
    with _lock:
        html = _kept.get(full_key)
    if html is None:
        html = render()
        if len(html) <= SIZE // 20:  # a part larger than 5% of the map (a caseload of thousands) is rendered each time
            with _lock:
                _kept[full_key] = html
    return html


def kept_template(name: str, key: Hashable, context: Callable[[], Mapping]) -> Markup:
    """The partial template `name`, rendered on its own with `context()` (asked for only when it is not kept: it may
    build the part's objects) and kept by `key`. No request context processor runs for it: the partial reads only
    its context and the globals (`_`, `url_for`, `addressed` ...), so `key` must hold everything the context holds."""
    html = kept(name, key, lambda: current_app.jinja_env.get_template(name).render(context()))
    return Markup(html)  # noqa: S704 - our template, autoescaped


def kept_form_part(name: str, key: Hashable, caller: Callable[[str, str], object], next_path: str = "") -> Markup:
    """A part that holds forms (`{% call(csrf, next) kept_form_part(name, key) %}...{% endcall %}`), rendered once
    per key with marks where this request's CSRF token and `next_path` go: they differ per session and per page, so
    they are filled in on every request (the token only when the part holds one: a token is made on first use)."""
    html = kept(name, key, lambda: str(caller(CSRF_MARK, NEXT_MARK)))  # the marks pass escaping as they are
    if CSRF_MARK in html:
        html = html.replace(CSRF_MARK, str(escape(generate_csrf())))
    if NEXT_MARK in html:
        html = html.replace(NEXT_MARK, str(escape(next_path)))
    return Markup(html)  # noqa: S704 - our template, autoescaped; the fills escaped above


def init_app(app: Flask) -> None:
    app.jinja_env.globals["kept_form_part"] = kept_form_part


def forget() -> None:
    """Empty the map (tests that change a template or a catalogue while the process runs)."""
    with _lock:
        _kept.clear()
