"""Several regions of one page kept as one fragment: a page may hold something per session (a form with its CSRF
token) between two parts that are the same for many readers. The regions are stored together under one key (one
look-up a page), each rendered by a Jinja call block:

    {% call cached('head') %} ... {% endcall %}   ... the per-session form ...   {% call cached('body') %} ... {% endcall %}

On a miss the blocks render as if there were no cache, and once every region has rendered they are stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup

from webapp.fragments.stores import FragmentStore


def pack(parts: Sequence[str]) -> str:
    """The regions as one string: each one's length, then the texts (HTML may hold any character)."""
    return ",".join(str(len(part)) for part in parts) + "\n" + "".join(parts)


def unpack(packed: str, count: int) -> list[str] | None:
    """The regions of `pack`, or None when `packed` is not `count` regions."""
    header, newline, rest = packed.partition("\n")
    lengths = header.split(",")
    if not newline or len(lengths) != count or not all(length.isdigit() for length in lengths):
        return None
    sizes = [int(length) for length in lengths]
    if sum(sizes) != len(rest):
        return None
    parts, start = [], 0
    for size in sizes:
        parts.append(rest[start : start + size])
        start += size
    return parts


class Regions:
    """The regions `names` of one fragment under `key` in `store`; `key=None` renders every time (nothing kept)."""

    def __init__(self, store: FragmentStore, key: str | None, names: Sequence[str]) -> None:
        self._store, self._key, self._names = store, key, tuple(names)
        self._found: list[str] | None = None
        self._looked = key is None
        self._rendered: dict[str, str] = {}

    def __call__(self, name: str, caller: Callable[[], str]) -> Markup:
        index = self._names.index(name)
        if not self._looked:
            self._looked = True
            packed = self._store.get(self._key)
            self._found = unpack(packed, len(self._names)) if packed is not None else None
        if self._found is not None:
            return Markup(self._found[index])  # noqa: S704 - HTML this app rendered, escaped, under this key
        html = self._rendered[name] = str(caller())
        if self._key is not None and len(self._rendered) == len(self._names):
            self._store.set(self._key, pack([self._rendered[n] for n in self._names]))
        return Markup(html)  # noqa: S704 - just rendered by the call block, escaped by Jinja

    @property
    def hit(self) -> bool:
        """Whether the regions came from the store (for tests and measurements)."""
        return self._found is not None
