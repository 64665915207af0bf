"""Compressed answers (Flask-Compress): pages, htmx partials, JSON, CSS, JavaScript, SVG and the manifest.

Samira reads her plan on a cheap phone with a bad connection: the plan page is 19 KB as HTML and 5 KB compressed, the
first visit 154 KB and 47 KB. The app compresses itself rather than relying on the proxy in front, so every set-up
(`make run`, a proxy without gzip) sends the small version. Costs, measured on the plan page (19 KB) on this 2-core
machine: zstd 0.05-0.10 ms, brotli (quality 4) 0.2-0.4 ms, gzip (level 6) 0.15-0.3 ms of CPU a request; browsers
that speak zstd (Chrome, Firefox, Edge) get it, Safari brotli. A client that asks for none (wrk, the tests' client)
gets the page as it is.

Static files never change while a process runs, so each is compressed once per process, at the highest levels
(brotli 11, zstd 19, gzip 9: 0.2 s of CPU for all of them, once), and kept by path, size and modification time
(`static_file_compressed`). The first visit's CSS and JavaScript: 44.2 KB as zstd 3 on every request before, 35.9 KB
as brotli 11 now, with no compressing per request. /sw.js is sent as a stream and compressed as one (zstd or brotli).
A repeated question about either still gets 304. A part of a file (a Range request, 206) goes as it is: compressed,
its Content-Range would describe bytes the body no longer holds.

Pages carry a CSRF token and are compressed too. BREACH would need thousands of requests carrying the victim's cookie,
with input of the attacker's reflected beside the token: `SameSite=Lax` sends the cookie on none of another site's
requests except top-level navigations, each a page load in front of her. A risk judged small, not none.
"""

from __future__ import annotations

import gzip
import os
from functools import lru_cache

import brotli
from backports import zstd
from flask import Flask, Response, current_app, request
from flask_compress import Compress
from werkzeug.security import safe_join

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

# A static file's encodings, best first (brotli 11 is the smallest for our CSS and JavaScript), and their encoders.
STATIC_ENCODERS = {
    "br": lambda data: brotli.compress(data, quality=11),
    "zstd": lambda data: zstd.compress(data, 19),
    "gzip": lambda data: gzip.compress(data, 9, mtime=0),
}
STATIC_KEPT_UP_TO = 2 * 1024 * 1024  # bytes; a bigger file is compressed as a stream on every request

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
    if request.endpoint == "static" and response.status_code == 200:
        _send_kept_static_file(response)  # sets Content-Encoding when it compressed: Flask-Compress leaves it then
    return compress.after_request(response)


def _send_kept_static_file(response: Response) -> None:
    """The static file's bytes replaced by its kept compressed form in the best encoding the browser accepts (its
    ETag gets the encoding added, as Flask-Compress does, and a repeated question gets 304)."""
    encoding = request.accept_encodings.best_match(tuple(STATIC_ENCODERS))
    if encoding is None or response.mimetype not in MIMETYPES or "Content-Encoding" in response.headers:
        return
    path = safe_join(current_app.static_folder or "", (request.view_args or {}).get("filename", ""))
    try:
        found = os.stat(path) if path else None
    except OSError:
        return
    if found is None or not current_app.config["COMPRESS_MIN_SIZE"] <= found.st_size <= STATIC_KEPT_UP_TO:
        return
    packed = static_file_compressed(path, found.st_mtime_ns, found.st_size, encoding)
    response.close()  # the open file send_file would have streamed
    response.direct_passthrough = False
    response.set_data(packed)
    response.headers["Content-Encoding"] = encoding
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(f"{etag}:{encoding}", weak=weak)
    response.make_conditional(request)


@lru_cache(maxsize=128)
def static_file_compressed(path: str, mtime_ns: int, size: int, encoding: str) -> bytes:
    """A static file compressed once per process; the key holds its modification time and size, so a changed file
    (a deploy without a restart) is compressed again."""
    with open(path, "rb") as file:
        return STATIC_ENCODERS[encoding](file.read())
