"""Settings from the environment, one place.

`make run` sets DEMO=1 and uses the embedded SQLite database under `instance/`; production sets DATABASE_URL to
PostgreSQL, SECRET_KEY, and never DEMO.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("ONSPLAN_INSTANCE", PROJECT_ROOT / "instance"))


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once into instance/ (dev only)."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def default_database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'onsplan.db'}"


@dataclass
class Config:
    """Flask settings. Build with `Config.from_env()`; tests override fields."""

    SECRET_KEY: str = ""
    DATABASE_URL: str = ""
    DEBUG: bool = False
    TESTING: bool = False
    DEMO: bool = False
    # Requests larger than this are refused (413) before they reach a view: a 10 MB attachment plus its form.
    MAX_CONTENT_LENGTH: int = 11 * 1024 * 1024
    # Text fields are far smaller: werkzeug refuses a larger non-file field with 413 too.
    MAX_FORM_MEMORY_SIZE: int = 256 * 1024
    ATTACHMENTS_DIR: str = str(INSTANCE_DIR / "attachments")  # outside the web root
    # Sessions: the cookie only carries an opaque token; the server decides whether it is still valid.
    SESSION_COOKIE_NAME: str = "onsplan_session"
    SESSION_COOKIE_HTTPONLY: bool = True
    SESSION_COOKIE_SAMESITE: str = "Lax"
    SESSION_COOKIE_SECURE: bool = True
    REMEMBER_COOKIE_NAME: str = "onsplan_remember"
    REMEMBER_COOKIE_HTTPONLY: bool = True
    REMEMBER_COOKIE_SAMESITE: str = "Lax"
    REMEMBER_COOKIE_SECURE: bool = True
    REMEMBER_COOKIE_DURATION: timedelta = timedelta(days=30)
    PERMANENT_SESSION_LIFETIME: timedelta = timedelta(days=30)
    IDLE_TIMEOUT_PROFESSIONAL: timedelta = timedelta(minutes=15)
    IDLE_TIMEOUT_FAMILY: timedelta = timedelta(days=30)
    # However active a session stays, it ends this long after the login (a stolen cookie kept busy still dies).
    SESSION_LIFETIME_PROFESSIONAL: timedelta = timedelta(hours=12)
    SESSION_LIFETIME_FAMILY: timedelta = timedelta(days=90)
    # CSRF: a page left open for hours must still submit, so the token lives as long as the session.
    WTF_CSRF_TIME_LIMIT: int | None = None
    WTF_CSRF_SSL_STRICT: bool = True
    # Rate limits (Flask-Limiter). memory:// is per process: production sets redis://.
    RATELIMIT_STORAGE_URI: str = "memory://"
    RATELIMIT_ENABLED: bool = True
    RATELIMIT_HEADERS_ENABLED: bool = False
    # Rendered fragments (the published plan version's body): empty = an LRU per process; production redis://.
    FRAGMENT_CACHE_URL: str = ""
    LOGIN_ATTEMPTS: str = "10 per 5 minutes"
    # A regisseur invites a family, not a crowd: this keeps anyone from probing addresses through the invite form.
    INVITATIONS_PER_HOUR: str = "30 per hour"
    # Languages: Dutch (B1) is the source.
    LANGUAGES: tuple[str, ...] = ("nl", "en", "ar", "tr", "pl", "uk", "fa", "ti")
    BABEL_DEFAULT_LOCALE: str = "nl"
    BABEL_DEFAULT_TIMEZONE: str = "Europe/Amsterdam"
    BABEL_TRANSLATION_DIRECTORIES: str = str(PROJECT_ROOT / "translations")
    # Mail: SMTP when SMTP_HOST is set, otherwise links are logged (and shown on screen in demo mode).
    SMTP_HOST: str = ""
    SMTP_PORT: int = 587
    SMTP_USER: str = ""
    SMTP_PASSWORD: str = ""
    MAIL_FROM: str = "OnsPlan <noreply@onsplan.nl>"
    INVITE_VALID_FOR: timedelta = timedelta(days=7)
    PASSWORD_RESET_VALID_FOR: timedelta = timedelta(hours=1)
    EMAIL_CHANGE_VALID_FOR: timedelta = timedelta(days=1)  # the link that confirms a new e-mail address
    SEND_FILE_MAX_AGE_DEFAULT: timedelta = timedelta(hours=1)
    # Web push. Without VAPID_PRIVATE_KEY a key is generated once into VAPID_KEY_FILE (see webapp/notify/vapid.py).
    VAPID_PRIVATE_KEY: str = ""
    VAPID_KEY_FILE: str = str(INSTANCE_DIR / "vapid_private.pem")
    VAPID_SUBJECT: str = "mailto:beheer@onsplan.nl"
    # How long a push service keeps a notification for a phone that is off, and how long one send may take.
    PUSH_TTL: timedelta = timedelta(hours=24)
    PUSH_TIMEOUT: float = 10.0
    # Tests only: also accept push endpoints on a loopback address (the test's own push service). Not in `make run`.
    PUSH_ALLOW_LOCAL_ENDPOINTS: bool = False
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted (rate limits per client).
    TRUSTED_PROXY_COUNT: int = 0
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> Config:
        debug = _flag("FLASK_DEBUG")
        demo = _flag("DEMO")
        secure = not (debug or _flag("INSECURE_COOKIES"))
        return cls(
            SECRET_KEY=_secret_key(),
            DATABASE_URL=default_database_url(),
            DEBUG=debug,
            DEMO=demo,
            SESSION_COOKIE_SECURE=secure,
            REMEMBER_COOKIE_SECURE=secure,
            WTF_CSRF_SSL_STRICT=secure,
            RATELIMIT_STORAGE_URI=os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
            FRAGMENT_CACHE_URL=os.environ.get("FRAGMENT_CACHE_URL", ""),
            SMTP_HOST=os.environ.get("SMTP_HOST", ""),
            SMTP_PORT=int(os.environ.get("SMTP_PORT", "587")),
            SMTP_USER=os.environ.get("SMTP_USER", ""),
            SMTP_PASSWORD=os.environ.get("SMTP_PASSWORD", ""),
            MAIL_FROM=os.environ.get("MAIL_FROM", "OnsPlan <noreply@onsplan.nl>"),
            TRUSTED_PROXY_COUNT=int(os.environ.get("TRUSTED_PROXY_COUNT", "0")),
            ATTACHMENTS_DIR=os.environ.get("ATTACHMENTS_DIR", str(INSTANCE_DIR / "attachments")),
            VAPID_PRIVATE_KEY=os.environ.get("VAPID_PRIVATE_KEY", ""),
            VAPID_SUBJECT=os.environ.get("VAPID_SUBJECT", "mailto:beheer@onsplan.nl"),
            PUSH_TTL=timedelta(seconds=int(os.environ.get("PUSH_TTL", str(24 * 60 * 60)))),
            PUSH_TIMEOUT=float(os.environ.get("PUSH_TIMEOUT", "10")),
            PUSH_ALLOW_LOCAL_ENDPOINTS=_flag("PUSH_ALLOW_LOCAL_ENDPOINTS"),  # tests that run `flask worker`
        )

    def as_mapping(self) -> dict:
        values = {k: v for k, v in self.__dict__.items() if k != "extra"}
        values.update(self.extra)
        if values["SESSION_COOKIE_SECURE"]:
            # The __Host- prefix pins the cookie to this host, path / and HTTPS.
            values["SESSION_COOKIE_NAME"] = "__Host-" + values["SESSION_COOKIE_NAME"]
            values["REMEMBER_COOKIE_NAME"] = "__Host-" + values["REMEMBER_COOKIE_NAME"]
        values["SQLALCHEMY_DATABASE_URI"] = values["DATABASE_URL"]
        return values
