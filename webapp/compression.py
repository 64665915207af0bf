"""Compressed answers (Flask-Compress): pages, htmx partials, JSON, CSS, JavaScript, SVG and the manifest.

Samira reads her plan on a cheap phone with a bad connection: the plan page is 19 KB as HTML and 5 KB compressed, the
first visit 154 KB and 47 KB. The app compresses itself rather than relying on the proxy in front, so every set-up
(`make run`, a proxy without gzip) sends the small version. Costs, measured on the plan page (19 KB) on this 2-core
machine: zstd 0.05-0.10 ms, brotli (quality 4) 0.2-0.4 ms, gzip (level 6) 0.15-0.3 ms of CPU a request; browsers
that speak zstd (Chrome, Firefox, Edge) get it, Safari brotli. A client that asks for none (wrk, the tests' client)
gets the page as it is.

Static files and /sw.js are sent as a stream, so they are compressed as one (zstd or brotli; the service worker keeps
the static files after the first visit), and a repeated question about them still gets 304. A part of a file (a Range
request, 206) goes as it is: compressed, its Content-Range would describe bytes the body no longer holds.

Pages carry a CSRF token and are compressed too. BREACH would need thousands of requests carrying the victim's cookie,
with input of the attacker's reflected beside the token: `SameSite=Lax` sends the cookie on none of another site's
requests except top-level navigations, each a page load in front of her. A risk judged small, not none.
"""

from __future__ import annotations

from flask import Flask, Response
from flask_compress import Compress

MIMETYPES = (
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
    "text/calendar",
)

compress = Compress()


def init_app(app: Flask) -> None:
    """After security.init_app: Flask runs after-request functions last-registered first, so this one sets its
    `Vary: Accept-Encoding` before the security headers add `Vary: Cookie` and `Vary: HX-Request` beside it."""
    app.config.setdefault("COMPRESS_MIMETYPES", list(MIMETYPES))
    app.config.setdefault("COMPRESS_ALGORITHM", ["zstd", "br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["zstd", "br"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 4)
    app.config.setdefault("COMPRESS_ZSTD_LEVEL", 3)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    # Streams whose ETag (with ":zstd" added) is checked again after compressing: without it a repeated question
    # about the service worker never matched and it was downloaded on every update check.
    app.config.setdefault("COMPRESS_STREAMING_ENDPOINT_CONDITIONAL", ["static", "pwa.worker"])
    app.config["COMPRESS_REGISTER"] = False  # registered below, behind the check for parts of files
    compress.init_app(app)
    app.after_request(_compressed)


def _compressed(response: Response) -> Response:
    if response.status_code == 206 or "Content-Range" in response.headers:
        return response
    return compress.after_request(response)
