"""A push service and a phone for the push tests, both local: no internet, nothing of pywebpush mocked.

`LocalPushService` is an HTTP server on 127.0.0.1 (in a thread) that records every POST and answers 201, or what a
test asks for (410, 429 with Retry-After, a slow answer). `Phone` is a subscriber with its own P-256 key pair and
auth secret: it decrypts what the worker sent exactly as a browser would. `verify_vapid` checks the signed JWT in
`Authorization: vapid t=...,k=...` as a push service would.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from flask import Flask

from webapp.notify import vapid


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_vapid_private_key() -> str:
    """A VAPID key of this test, as the app's config holds it (nothing written to instance/)."""
    key = vapid.Vapid02()
    key.generate_keys()
    return b64url(key.private_key.private_numbers().private_value.to_bytes(32, "big"))


@contextmanager
def push_service_for(app: Flask, monkeypatch) -> Iterator[LocalPushService]:
    """A push service on 127.0.0.1 for this app, which signs with a VAPID key of this test."""
    monkeypatch.setitem(app.config, "VAPID_PRIVATE_KEY", new_vapid_private_key())
    monkeypatch.setitem(app.config, "PUSH_TIMEOUT", 2.0)
    with LocalPushService() as service:
        yield service


@dataclass
class Received:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes
    at: float = field(default_factory=time.monotonic)


@dataclass
class Answer:
    status: int = 201
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class LocalPushService:
    """Use as a context manager; `endpoint(name)` is a subscription endpoint on this server."""

    def __init__(self, delay: float = 0.0) -> None:
        self.received: list[Received] = []
        self.answers: dict[str, Answer] = {}  # by path; default: 201 after `delay`
        self.delay = delay
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> LocalPushService:
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real push services do

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                answer = service.answers.get(self.path, Answer(delay=service.delay))
                with service._lock:  # recorded on arrival, answered after the delay
                    service.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                if answer.delay:
                    time.sleep(answer.delay)
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *_exc) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    def endpoint(self, name: str) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/push/{name}"

    def answer(self, name: str, status: int, headers: dict[str, str] | None = None, delay: float = 0.0) -> None:
        self.answers[f"/push/{name}"] = Answer(status, headers or {}, delay)

    def count(self) -> int:
        with self._lock:
            return len(self.received)

    def to(self, name: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.path == f"/push/{name}"]


@dataclass
class Phone:
    """A browser's push subscription: its own key pair and a random 16-byte auth secret."""

    private_key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm")
        return json.loads(plain.decode())


def verify_vapid(authorization: str, endpoint: str) -> tuple[dict, str]:
    """Check `vapid t=<JWT>,k=<public key>` as a push service does; returns (claims, k)."""
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid", authorization[:10]
    parts = dict(part.strip().split("=", 1) for part in params.split(","))
    header_b64, claims_b64, signature_b64 = parts["t"].split(".")
    assert json.loads(b64url_decode(header_b64)) == {"typ": "JWT", "alg": "ES256"}
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(parts["k"]))
    signature = b64url_decode(signature_b64)
    assert len(signature) == 64  # JWS ES256: r || s, not DER
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    public_key.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if forged
    claims = json.loads(b64url_decode(claims_b64))
    origin = urlsplit(endpoint)
    assert claims["aud"] == f"{origin.scheme}://{origin.netloc}"
    assert time.time() < claims["exp"] <= time.time() + 24 * 60 * 60  # RFC 8292: at most 24 hours ahead
    return claims, parts["k"]
