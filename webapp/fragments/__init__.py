"""Rendered HTML fragments kept by key, so a page that shows the same thing again does not render it again.

One job: get and set rendered HTML by key. Where it is kept is configured by URL (`FRAGMENT_CACHE_URL`):

- empty (the default) or ``memory://``: an LRU in each process (`cachetools`), bounded by the characters it holds;
- ``redis://host:6379/0``, ``rediss://...`` or ``unix:///path/redis.sock``: one Redis shared by every process and
  server, each entry with a time to live; when Redis cannot be reached a page renders as if nothing was kept.

The key says everything that changes the fragment ("invalidated by construction"): nothing is ever deleted or
updated, a change makes a new key and the old entry ages out. `key()` adds the release (`release.fingerprint`: the
templates, the catalogues and the code that render it), so a new release never reads an older release's HTML.
A cached fragment holds nothing of one session (no CSRF token, no nonce): the caller keeps those outside it.
"""

from __future__ import annotations

import hashlib

from flask import Flask, current_app

from webapp.fragments.regions import Regions
from webapp.fragments.release import fingerprint
from webapp.fragments.stores import FragmentStore, MemoryStore, RedisStore, store_from_url

__all__ = ["FragmentStore", "MemoryStore", "RedisStore", "Regions", "init_app", "key", "store", "store_from_url"]

_EXTENSION = "fragments"


def init_app(app: Flask) -> FragmentStore:
    """The app's store, made from its `FRAGMENT_CACHE_URL`, and the release's fingerprint. Called from the app factory,
    an unknown scheme fails at start, not on a page, and the fingerprint is worked out before gunicorn forks."""
    found = app.extensions.get(_EXTENSION)
    if found is None:
        found = app.extensions.setdefault(_EXTENSION, store_from_url(app.config.get("FRAGMENT_CACHE_URL", "")))
        fingerprint(app)
    return found


def store() -> FragmentStore:
    """The current app's store (made on first use when `init_app` was not called)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return app.extensions.get(_EXTENSION) or init_app(app)


def key(kind: str, *parts: object) -> str:
    """A key for a fragment of `kind` that depends on `parts` (values with a stable `repr`: numbers, strings, dates,
    tuples, dataclasses; no sets or dicts, whose order may differ between processes). Hashed: a shared store holds
    no names or ids in its keys."""
    digest = hashlib.blake2b(repr((fingerprint(current_app), parts)).encode(), digest_size=20).hexdigest()
    return f"onsplan:fragment:{kind}:{digest}"
