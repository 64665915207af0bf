"""VAPID: the key pair that identifies OnsPlan to the browsers' push services.

The private key comes from `VAPID_PRIVATE_KEY` (PEM, or the raw 32-byte key in base64url). Without it a key is
generated on first use into `<instance>/vapid_private.pem` (mode 600) and read from there afterwards, so `make run`
works with no setup. The key must stay the same: every browser subscription is bound to the public key it was made
with, and a new key silently breaks all of them. That is also why the file is created atomically: two processes
starting at once (gunicorn and the worker) must end up with the same key.

Nothing happens at import or in `create_app`: the key is loaded (or made) the first time it is asked for.
"""

from __future__ import annotations

import base64
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask, current_app
from py_vapid import Vapid02

EXTENSION_KEY = "onsplan_vapid"


def private_key(app: Flask | None = None) -> Vapid02:
    """The signing key for pywebpush (`vapid_private_key=`); a Vapid02 object, so the header is `vapid t=...,k=...`."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    source = (app.config.get("VAPID_PRIVATE_KEY", ""), app.config["VAPID_KEY_FILE"])
    cache: dict = app.extensions.setdefault(EXTENSION_KEY, {})
    if source not in cache:
        cache[source] = Vapid02(_from_config(source[0]) if source[0] else _from_file(Path(source[1])))
    return cache[source]


def public_key_b64url(app: Flask | None = None) -> str:
    """The browser's `applicationServerKey`: the uncompressed P-256 point, base64url without padding."""
    point = private_key(app).public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)


def subject(app: Flask | None = None) -> str:
    """Who push services contact when something is wrong (`sub` claim): a mailto: or https: URL."""
    return (app or current_app).config["VAPID_SUBJECT"]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _from_config(value: str) -> ec.EllipticCurvePrivateKey:
    """PEM (an env var may carry its newlines as `\\n`) or the raw private number in base64url."""
    text = value.strip().replace("\\n", "\n")
    if "-----BEGIN" in text:
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise ValueError("VAPID_PRIVATE_KEY must be a P-256 (prime256v1) EC key")
        return key
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(raw) != 32:
        raise ValueError("VAPID_PRIVATE_KEY must be a PEM key or 32 bytes in base64url")
    return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


def _from_file(path: Path) -> ec.EllipticCurvePrivateKey:
    if not path.exists():
        _generate_once(path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


def _generate_once(path: Path) -> None:
    """Write a new key beside `path`, then link it into place: `link` fails if another process won the race,
    and then its key is the one everybody uses."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = Vapid02()
    fresh.generate_keys()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".vapid-")
    os.close(handle)
    try:
        fresh.save_key(temporary)
        os.chmod(temporary, 0o600)
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
