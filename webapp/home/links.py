"""Links with one id, built from a pattern instead of Flask's `url_for` each time (issue 14: the home page links
dozens of families, appointments and messages; `url_for` with arguments costs ~10 µs a call and is not memoised).

The pattern is `url_for` itself, asked once per process for a marker id and split around it, so the URL is the one
Flask would build (same rule, same script root: the key holds it). Anything unusual (the marker not exactly once,
URL default functions) falls back to `url_for`.
"""

from __future__ import annotations

from flask import current_app, request, url_for

_MARKER = 987654321
_PATTERNS: dict[tuple[str, str, str], tuple[str, str] | None] = {}


def link(endpoint: str, name: str, value: int) -> str:
    """`url_for(endpoint, **{name: value})` for an integer id."""
    key = (request.script_root, endpoint, name)
    pattern = _PATTERNS.get(key, False)
    if pattern is False:
        pattern = _PATTERNS[key] = _pattern(endpoint, name)
    if pattern is None:
        return url_for(endpoint, **{name: value})
    return pattern[0] + str(int(value)) + pattern[1]


def _pattern(endpoint: str, name: str) -> tuple[str, str] | None:
    if any(current_app.url_default_functions.values()):
        return None
    parts = url_for(endpoint, **{name: _MARKER}).split(str(_MARKER))
    return (parts[0], parts[1]) if len(parts) == 2 else None


class Links:
    """`links(id)` in a template: the URL of one endpoint for many ids (a caseload's families)."""

    __slots__ = ("endpoint", "name")

    def __init__(self, endpoint: str, name: str) -> None:
        self.endpoint, self.name = endpoint, name

    def __call__(self, value: int) -> str:
        return link(self.endpoint, self.name, value)
