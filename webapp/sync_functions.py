"""Flask's per-request hook calls without repeated work (issue 14, item 4).

For every before- and after-request hook, context processor, teardown and view, on every request, Flask calls
`app.ensure_sync(function)`, which asks `inspect.iscoroutinefunction` whether to wrap it (~1.5 µs, 20-odd times a
page). Whether a function is a coroutine function never changes, so for the functions registered while the app is
built the answer is taken from a table made once at the end of `create_app`. Anything registered later, and a
function made during a request (`after_this_request`), goes to Flask's own `ensure_sync`, so nothing is kept that
lives shorter than the app. Flask documents `ensure_sync` as the method to override for this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from flask import Flask


def registered_functions(app: Flask) -> Iterator[Callable[..., Any]]:
    """Every hook, context processor, teardown and view the app holds now."""
    yield from app.view_functions.values()
    for registry in (
        app.before_request_funcs,
        app.after_request_funcs,
        app.teardown_request_funcs,
        app.template_context_processors,
        app.url_value_preprocessors,
        app.url_default_functions,
    ):
        for functions in registry.values():
            yield from functions
    yield from app.teardown_appcontext_funcs


def answer_once_for_registered_functions(app: Flask) -> None:
    """Call after every blueprint and extension is registered."""
    ensure_sync = app.ensure_sync
    answers = {}
    for function in registered_functions(app):
        try:
            answers[function] = ensure_sync(function)
        except TypeError:  # a callable that cannot be a dict key: asked each time, as before
            continue

    def ensure_sync_from_table(function: Callable[..., Any]) -> Callable[..., Any]:
        try:
            return answers[function]
        except (KeyError, TypeError):
            return ensure_sync(function)

    app.ensure_sync = ensure_sync_from_table  # type: ignore[method-assign]
