"""Two-factor authentication with TOTP (RFC 6238), required for professionals. A code works once."""

from __future__ import annotations

import binascii
import re

import pyotp
import segno

from webapp.clock import utcnow
from webapp.models import User

ISSUER = "OnsPlan"


def new_secret() -> str:
    return pyotp.random_base32()


def usable_secret(secret: str | None) -> bool:
    """Whether `secret` (sent back by the enrol form in a hidden field) is base32 that pyotp accepts (>= 112 bits);
    anything else would crash pyotp, so the form gets a new secret instead."""
    if not secret or not re.fullmatch(r"[A-Z2-7]{16,64}", secret):
        return False
    try:
        pyotp.TOTP(secret).byte_secret()
    except (ValueError, binascii.Error):
        return False
    return True


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(data: str) -> str:
    """An SVG QR code (no inline styles, so the CSP allows it inside the page)."""
    return segno.make(data, error="m").svg_inline(scale=5, dark="#000", light="#fff", border=2)


def matching_counter(secret: str, code: str) -> int | None:
    """The time step the code belongs to (now, or one step either side for clock drift), else None."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = utcnow().timestamp()
    for drift in (0, -1, 1):
        moment = now + drift * totp.interval
        if totp.verify(code, for_time=moment, valid_window=0):
            return int(moment // totp.interval)
    return None


def verify_for_user(user: User, code: str) -> bool:
    """Check a code for an enrolled user and refuse a code (or an older one) that was already used."""
    if not user.totp_secret:
        return False
    counter = matching_counter(user.totp_secret, code)
    if counter is None or (user.totp_last_counter is not None and counter <= user.totp_last_counter):
        return False
    user.totp_last_counter = counter
    return True
