"""Compressed answers (Flask-Compress): pages, htmx partials, JSON, CSS, JavaScript, SVG and the manifest.

Samira reads her plan on a cheap phone with a bad connection: the plan page is 19 KB as HTML and 5 KB compressed, the
first visit 154 KB and 47 KB. The app compresses itself rather than relying on the proxy in front, so every set-up
(`make run`, a proxy without gzip) sends the small version. Costs, measured on the plan page (19 KB) on this 2-core
machine: zstd 0.05-0.10 ms, brotli (quality 4) 0.2-0.4 ms, gzip (level 6) 0.15-0.3 ms of CPU a request; browsers
that speak zstd (Chrome, Firefox, Edge) get it, Safari brotli. A client that asks for none (wrk, the tests' client)
gets the page as it is.

Static files are sent as a stream, so they are compressed as one (zstd or brotli; the service worker keeps them after
the first visit). Pages carry a CSRF token; they are compressed too: BREACH needs many requests with the victim's
cookies and reflected input from another site, which `SameSite=Lax` cookies do not send.
"""

from __future__ import annotations

from flask import Flask
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
    compress.init_app(app)
