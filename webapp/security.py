"""Security headers on every response, the htmx conventions that touch caching and redirects, and where the rate
limiter's own hook runs."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_login import current_user

from webapp.extensions import htmx, limiter

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


def has_app_wide_limits(rate_limiter: Limiter) -> bool:
    """Whether the limiter holds limits that only its before-request hook applies: default, application, blueprint or
    meta limits. OnsPlan has none: each limit decorates the view it guards, and the decorator checks it."""
    manager = rate_limiter.limit_manager
    return bool(
        manager.default_limits or manager.application_limits or manager._blueprint_limits or rate_limiter._meta_limits
    )


def check_app_wide_limits_only_when_there_are(app: Flask, rate_limiter: Limiter = limiter) -> None:
    """Flask-Limiter's before-request hook works out, for every request, which default, application, blueprint and
    meta limits apply (~60 µs a page) and finds none, since OnsPlan has none (the view decorators check their own
    limits, on POST). The hook now runs only while the limiter has such limits, so adding one later still works."""
    hooks = app.before_request_funcs[None]
    check = rate_limiter._check_request_limit
    if check not in hooks:
        return

    def check_request_limit() -> None:
        if has_app_wide_limits(rate_limiter):
            check()

    hooks[hooks.index(check)] = check_request_limit


def init_app(app: Flask) -> None:
    check_app_wide_limits_only_when_there_are(app)

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
            response.vary.add("Cookie")  # one Vary header: werkzeug's `vary` (the session's too) reads only the first
        if request.headers.get("HX-Request"):
            response.vary.add("HX-Request")
            if response.status_code in (301, 302, 303) and htmx and not htmx.boosted:
                # A partial request that must go elsewhere: let htmx do a full navigation.
                headers["HX-Redirect"] = headers["Location"]
        return response

    @app.context_processor
    def user_context():
        return {"is_logged_in": bool(current_user and current_user.is_authenticated)}
