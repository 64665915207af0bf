"""Forms as a browser sees them: read from the HTML of the pages a person can reach, never from a list in the test.

`parse_forms` turns a page into `Form`s (where it posts, and each field with its kind and the values the page
offers); `crawl` walks the links a person can follow from her start pages and collects every form that posts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import HTTPException

# Links a crawler must not follow: they end the session, download files, or are not pages.
NOT_PAGES = ("/logout", "/static/", "/sw.js", "/berichten/bijlage/", "/mijn-gegevens/download")
PER_ENDPOINT = 3  # pages of one route per person: three goals' edit pages say as much as thirty
MAX_PAGES = 120


@dataclass
class Field:
    """One named control. `options` are the values the page offers (select options, radio and submit values)."""

    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, submit, date, time, number, email, file, password, ...
    value: str = ""
    options: list[str] = field(default_factory=list)
    required: bool = False
    maxlength: int | None = None


@dataclass
class Form:
    action: str  # path (and query) the form posts to
    page: str  # where it was found
    fields: dict[str, Field] = field(default_factory=dict)
    multipart: bool = False
    htmx: bool = False  # posted by htmx (hx-post) rather than (or as well as) by the browser

    def add(self, found: Field) -> None:
        known = self.fields.get(found.name)
        if known is None:
            self.fields[found.name] = found
        elif found.kind in ("radio", "submit", "checkbox") or known.kind in ("radio", "submit", "checkbox"):
            for option in found.options:
                if option not in known.options:
                    known.options.append(option)

    @property
    def csrf(self) -> str:
        token = self.fields.get("csrf_token")
        return token.value if token else ""


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.csrf = ""  # the session's CSRF token, from any form of the page
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("name") == "csrf_token":
            self.csrf = a.get("value", "")
        if tag != "form" and self._form is not None and a.get("hx-post"):
            # htmx posts the form around it elsewhere (a preview button, a live search slot): the same fields
            self.forms.append(
                Form(urljoin(self.page, a["hx-post"]), self.page, self._form.fields, self._form.multipart, htmx=True)
            )
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            action = a.get("hx-post") or a.get("action") or self.page
            posts = a.get("method", "get").lower() == "post" or "hx-post" in a
            self._form = Form(
                urljoin(self.page, action),
                self.page,
                multipart="multipart" in a.get("enctype", "") + a.get("hx-encoding", ""),
                htmx="hx-post" in a,
            )
            if posts:
                self.forms.append(self._form)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
        elif self._form is None or "name" not in a:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio", "submit"):
                self._form.add(Field(a["name"], kind, options=[a.get("value", "on")], required="required" in a))
            else:
                self._form.add(Field(a["name"], kind, a.get("value", ""), required="required" in a, maxlength=_int(a)))
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._form.add(Field(a["name"], "submit", options=[a.get("value", "")]))
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea", required="required" in a, maxlength=_int(a))
            self._form.add(self._textarea)
        elif tag == "select":
            self._select = Field(a["name"], "select", required="required" in a)
            self._form.add(self._select)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _int(attrs: dict[str, str]) -> int | None:
    value = attrs.get("maxlength", "")
    return int(value) if value.isdigit() else None


def parse(page: str, html: str) -> _FormParser:
    parser = _FormParser(page)
    parser.feed(html)
    parser.close()
    return parser


def parse_forms(page: str, html: str) -> list[Form]:
    return parse(page, html).forms


def local_path(base: str, href: str) -> str | None:
    """The path (and query) of a link inside the app, or None for another site, a fragment or a non-page."""
    target = urlsplit(urljoin(base, href))
    if target.scheme not in ("", "http") or target.netloc not in ("", "localhost"):
        return None
    path = target.path + (f"?{target.query}" if target.query else "")
    if not path.startswith("/") or any(path.startswith(p) for p in NOT_PAGES) or path.endswith(".ics"):
        return None
    return path


def endpoint_of(app: Flask, path: str, method: str) -> tuple[str, dict] | None:
    adapter = app.url_map.bind("localhost")
    try:
        return adapter.match(urlsplit(path).path, method=method)
    except HTTPException:
        return None


def crawl(app: Flask, client: FlaskClient, starts: Iterable[str]) -> Iterator[Form]:
    """Every form that posts, on the pages reachable from `starts` by following links (GET only)."""
    queue, seen, per_endpoint = list(starts), set(), {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        matched = endpoint_of(app, path, "GET")
        if path in seen or matched is None:
            continue
        endpoint = matched[0]
        if per_endpoint.get(endpoint, 0) >= PER_ENDPOINT:
            continue
        seen.add(path)
        per_endpoint[endpoint] = per_endpoint.get(endpoint, 0) + 1
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        parsed = parse(path, response.get_data(as_text=True))
        yield from parsed.forms
        queue.extend(p for href in parsed.links if (p := local_path(path, href)) and p not in seen)
