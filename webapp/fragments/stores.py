"""Where fragments are kept: an LRU in the process, or Redis. Both answer `get(key) -> str | None` and
`set(key, html)`; neither ever raises on a page because of the cache itself."""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol
from urllib.parse import urlsplit

import redis
from cachetools import LRUCache

log = logging.getLogger(__name__)

MEMORY_MAX_CHARS = 8_000_000  # per process: a plan body is 5-30 thousand characters
REDIS_TTL_SECONDS = 24 * 60 * 60  # a day: plan text outside the database no longer than needed; a miss costs ~1 ms
REDIS_TIMEOUT_SECONDS = 0.25  # a slow cache is worse than none: render instead
REDIS_PAUSE_SECONDS = 10.0  # after a failure, don't ask again for a while (each try would cost the timeout)


class FragmentStore(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, html: str) -> None: ...


class MemoryStore:
    """An LRU of rendered HTML in this process, bounded by the number of characters it holds. Gunicorn's threads
    share it, so every use holds a lock (cachetools' caches are not thread-safe)."""

    def __init__(self, max_chars: int = MEMORY_MAX_CHARS) -> None:
        self._cache: LRUCache[str, str] = LRUCache(maxsize=max_chars, getsizeof=len)
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            return self._cache.get(key)

    def set(self, key: str, html: str) -> None:
        if len(html) > self._cache.maxsize:
            return  # larger than the whole cache: cachetools would refuse it with ValueError
        with self._lock:
            self._cache[key] = html


class RedisStore:
    """Fragments in Redis, shared by every worker and server, each kept `ttl` seconds. Redis being down or slow makes
    a miss (logged once per pause), never an error page."""

    def __init__(self, url: str, *, ttl: int = REDIS_TTL_SECONDS, timeout: float = REDIS_TIMEOUT_SECONDS) -> None:
        self._redis = redis.Redis.from_url(
            url, decode_responses=True, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        self._ttl = ttl
        self._paused_until = 0.0

    def get(self, key: str) -> str | None:
        if time.monotonic() < self._paused_until:
            return None
        try:
            return self._redis.get(key)
        except (redis.RedisError, OSError) as problem:
            self._pause(problem)
            return None

    def set(self, key: str, html: str) -> None:
        if time.monotonic() < self._paused_until:
            return
        try:
            self._redis.set(key, html, ex=self._ttl)
        except (redis.RedisError, OSError) as problem:
            self._pause(problem)

    def _pause(self, problem: Exception) -> None:
        log.warning(
            "fragment cache: Redis unavailable (%s); rendering without it for %ss", problem, REDIS_PAUSE_SECONDS
        )
        self._paused_until = time.monotonic() + REDIS_PAUSE_SECONDS


def store_from_url(url: str) -> FragmentStore:
    """The store a `FRAGMENT_CACHE_URL` names: empty or memory:// in-process, redis://, rediss://, unix:// Redis."""
    scheme = urlsplit(url).scheme if url else "memory"
    if scheme == "memory":
        return MemoryStore()
    if scheme in ("redis", "rediss", "unix"):
        return RedisStore(url)
    raise ValueError(f"FRAGMENT_CACHE_URL: unknown scheme {scheme!r} (use memory://, redis://, rediss:// or unix://)")
