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


def message_html(body: str) -> Markup:
    html = _markdown().render(body)
    clean = nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above
