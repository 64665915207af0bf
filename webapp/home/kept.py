"""Recently built parts of the home page, kept in this process by a key that holds everything they are built from
(issue 14: "invalidated by construction" — nothing is ever deleted; changed data makes a new key, and the oldest
entries go when the map is full).

The home page reads its data on every visit (a few cheap statements), but turning dozens of rows into lines costs
more than reading them. Those rows, the reader's language and forms of address, and the day are the key: the same
rows give the same "Nu voor jou" lines (webapp/home/now.py), so a regisseur opening her home again without anything
changed reuses them. The rendered HTML is kept by webapp/kept_html.py, which holds strings by their length.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, TypeVar

from cachetools import LRUCache

T = TypeVar("T")


class Kept(Generic[T]):
    """A bounded map, least recently used out first (`cachetools`). The values must be immutable: every reader
    shares them."""

    def __init__(self, size: int) -> None:
        self._entries: LRUCache = LRUCache(maxsize=size)
        self._lock = Lock()

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            found = self._entries.get(key)
        if found is not None:
            return found
        value = build()  # outside the lock: two requests may build the same value, both right
        with self._lock:
            self._entries[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
