"""Message text to safe HTML: plain text with line breaks and links (markdown-it-py), then sanitised (nh3)."""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup


@cache
def _markdown() -> MarkdownIt:
    # "zero" switches every markdown rule off; only links and line breaks are turned back on. Raw HTML is escaped.
    return MarkdownIt("zero", {"linkify": True, "breaks": True, "html": False}).enable(["linkify", "newline"])


# The sanitising rules every user- or redacteur-written text shares: links only to these schemes, never followed by
# search engines, never given the opener. Articles (webapp/content/library.py) allow a few more tags, nothing else.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "noopener noreferrer nofollow"
MESSAGE_TAGS = frozenset({"p", "br", "a"})


def sanitise(html: str, tags: frozenset[str] = MESSAGE_TAGS, attributes: dict[str, set[str]] | None = None) -> Markup:
    """HTML rendered from markdown, cleaned by nh3: only `tags`, only `href` on links (to URL_SCHEMES), and the
    `attributes` given for other tags (articles: `dir` on `bdi`)."""
    clean = nh3.clean(
        html,
        tags=set(tags),
        attributes={"a": {"href"}, **(attributes or {})},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


def message_html(body: str) -> Markup:
    return sanitise(_markdown().render(body))
