"""Bytes of a first visit: the page and every same-origin asset it references, each gzipped (level 6), and as the
server sends it to Chromium (which asks for zstd, brotli or gzip: webapp/compression.py).

Counted: stylesheets, icons, the manifest, scripts and images the HTML names. Not counted: the service worker and
the manifest's icons (fetched after the page is shown, not needed to paint it).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from bench.web import fetch

LINK_RELS = {"stylesheet", "icon", "manifest", "apple-touch-icon"}
CHROME_ENCODINGS = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@dataclass(frozen=True)
class Asset:
    path: str
    raw: int
    gzipped: int
    sent: int  # the body the server sends to a browser that accepts CHROME_ENCODINGS


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and LINK_RELS & set((found.get("rel") or "").lower().split()):
            self.urls.append(found.get("href") or "")
        elif tag in {"script", "img"} and found.get("src"):
            self.urls.append(found["src"] or "")


def first_visit(page_url: str, cookie: str) -> list[Asset]:
    """The page first, then its assets in document order (each once: the browser fetches a URL once)."""
    page = fetch(page_url, cookie)
    if page.status != 200:
        raise RuntimeError(f"{page_url} answered {page.status}")
    parser = _References()
    parser.feed(page.body.decode())
    origin = urlsplit(page_url).netloc
    assets = [_asset(urlsplit(page_url).path, page.body, fetch(page_url, cookie, CHROME_ENCODINGS).body)]
    for url in dict.fromkeys(urljoin(page_url, ref) for ref in parser.urls if ref):
        if urlsplit(url).netloc == origin:
            answer = fetch(url, cookie)
            if answer.status != 200:
                raise RuntimeError(f"{url} answered {answer.status}")
            assets.append(_asset(urlsplit(url).path, answer.body, fetch(url, cookie, CHROME_ENCODINGS).body))
    return assets


def _asset(path: str, body: bytes, sent: bytes) -> Asset:
    return Asset(path, len(body), len(gzip.compress(body, compresslevel=6)), len(sent))
