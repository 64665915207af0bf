"""Flask's signed session cookie, without rebuilding its signer on every request (issue 14, item 4).

Flask's `SecureCookieSessionInterface` makes a new `URLSafeTimedSerializer` each time it reads the cookie (every
request) and each time it writes it: ~10 µs. Its settings are the secret key, the fallback keys and the interface's
own constants, so `CookieSessionInterface` keeps one per set of keys; a changed key (tests, a rotation) makes a new
one. The cookie's contents, signature and lifetime are Flask's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask.sessions import SecureCookieSessionInterface

if TYPE_CHECKING:
    from flask import Flask
    from itsdangerous import URLSafeTimedSerializer


class CookieSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        try:
            return self._serializers[keys]
        except KeyError:
            serializer = self._serializers[keys] = super().get_signing_serializer(app)
            return serializer
