"""One-time tokens for links and sessions: random, URL-safe, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from webapp.clock import utcnow


def new_token() -> tuple[str, str]:
    """A fresh token and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class _ClockSigner(TimestampSigner):
    """Timestamps from the app's clock (webapp.clock), which tests can move."""

    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())


def signed_serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    """Signed, timed tokens for links that need no table (`loads(..., max_age=seconds)`); `purpose` keeps a token
    of one kind from being accepted as another."""
    return URLSafeTimedSerializer(secret_key, salt=f"onsplan-{purpose}", signer=_ClockSigner)
