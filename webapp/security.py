"""Security headers on every response, and the htmx conventions that touch caching and redirects."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user

from webapp.extensions import htmx

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_app(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        headers["X-Frame-Options"] = "DENY"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        if not app.debug:
            headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        if request.endpoint != "static" and response.mimetype == "text/html":
            # Pages may hold personal data: never stored by the browser or a proxy.
            headers["Cache-Control"] = "no-store"
            headers.add("Vary", "Cookie")
        if request.headers.get("HX-Request"):
            headers.add("Vary", "HX-Request")
            if response.status_code in (301, 302, 303) and htmx and not htmx.boosted:
                # A partial request that must go elsewhere: let htmx do a full navigation.
                headers["HX-Redirect"] = headers["Location"]
        return response

    @app.context_processor
    def user_context():
        return {"is_logged_in": bool(current_user and current_user.is_authenticated)}
