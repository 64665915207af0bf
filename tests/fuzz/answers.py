"""Reading an answer the way the person who sent the form reads it: its messages, and whether they are in her language.

The catalogues are read as they are now, so a sentence nobody has translated yet is not held against a page; a
sentence that has a translation must not reach a Turkish or Arabic reader in its Dutch source.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

from babel.messages.pofile import read_po

from webapp.config import PROJECT_ROOT

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
MIN_LETTERS = 8  # shorter messages ("OnsPlan", "E-mail") may rightly look the same in another language
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class _Messages(HTMLParser):
    """Texts of the visible error messages (class `error`/`error-summary`, role alert) and of the page's <h1>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.errors: list[str] = []
        self.heading = ""
        self._stack: list[tuple[str, str | None]] = []  # (tag, which text it collects)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag in VOID:
            return
        classes = set(a.get("class", "").split())
        collects = None
        if "hidden" not in a and (classes & {"error", "error-summary"} or a.get("role") == "alert"):
            collects = "error"
            self.errors.append("")
        elif tag == "h1":
            collects = "heading"
        inherited = next((c for _t, c in reversed(self._stack) if c), None)
        self._stack.append((tag, collects or inherited))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        collecting = self._stack[-1][1] if self._stack else None
        if collecting == "error":
            self.errors[-1] += data
        elif collecting == "heading":
            self.heading += data


def messages(html: str) -> tuple[str, list[str]]:
    """The page's `lang` and the texts that tell the reader what went wrong (error messages, else the heading)."""
    parser = _Messages()
    parser.feed(html)
    parser.close()
    texts = [" ".join(t.split()) for t in parser.errors if t.strip()]
    if not texts and parser.heading.strip():
        texts = [" ".join(parser.heading.split())]
    return parser.lang, texts


@cache
def translated_sources(language: str) -> tuple[re.Pattern[str], ...]:
    """The Dutch source messages that the catalogue of `language` translates, as patterns (a placeholder matches
    any text). A message is matched whole: a new sentence that merely starts like a translated one is not it."""
    path = PROJECT_ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        catalogue = read_po(po)
    patterns = []
    for message in catalogue:
        if not message.id or not isinstance(message.id, str) or not isinstance(message.string, str):
            continue
        if not message.string or message.string == message.id or message.fuzzy:
            continue
        pieces = [re.escape(" ".join(p.split())) for p in PLACEHOLDER.split(message.id.replace("%%", "%"))]
        if sum(len(p) for p in pieces) >= MIN_LETTERS:
            patterns.append(re.compile(".+?".join(pieces)))
    return tuple(patterns)


def untranslated(texts: list[str], language: str) -> list[str]:
    """The texts that are a Dutch source message although `language` has a translation for it."""
    if language == "nl":
        return []
    return [text for text in texts if any(p.fullmatch(text) for p in translated_sources(language))]
