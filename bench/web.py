"""Serving an app with gunicorn on a free port, and a small standard-library HTTP client that logs in."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPCookieProcessor, build_opener

import pyotp

from webapp.config import PROJECT_ROOT

# Production's settings (webapp/gunicorn_conf.py, plus a request counter per worker: bench/gunicorn_bench.py), the
# same for OnsPlan and the yardsticks; `serving` may add command-line overrides (e.g. `--worker-class gthread
# --threads 4`) to compare set-ups.
GUNICORN_CONFIG = ("--config", "python:bench.gunicorn_bench")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, cookie: str = "", headers: dict[str, str] | None = None) -> Response:
    """One GET, redirects not followed (a 302 to /login must show up as such); the body as sent (not unpacked)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        sent = ({"Cookie": cookie} if cookie else {}) | (headers or {})
        connection.request("GET", path or "/", headers=sent)
        answer = connection.getresponse()
        return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
    finally:
        connection.close()


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:<port>
    pid: int  # gunicorn's arbiter: its children are the workers (bench/cpu.py reads their CPU time)
    counters: Path  # where each worker writes how many requests it served (bench/gunicorn_bench.py)


@contextmanager
def gunicorn(
    app: str, env: dict[str, str], log: Path, ready_path: str = "/", serving: tuple[str, ...] = ()
) -> Iterator[Server]:
    """Serve `app` (a gunicorn app spec) on 127.0.0.1 with production's config and yield it; stopped on exit."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", *GUNICORN_CONFIG, *serving, "--bind", f"127.0.0.1:{port}"]
    command += ["--error-logfile", str(log)]
    counters = log.parent / f"served-{port}"
    counters.mkdir()
    environment = {k: v for k, v in os.environ.items() if k not in {"FLASK_DEBUG", "DATABASE_URL"}} | env
    environment["BENCH_COUNTER_DIR"] = str(counters)
    process = subprocess.Popen(  # noqa: S603 - our own fixed command line
        [*command, app], cwd=PROJECT_ROOT, env=environment, stdout=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + ready_path, process, log)
        yield Server(base, process.pid, counters)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    """Until `url` answers below 500 (on a busy machine four workers importing the app take a while)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log}:\n{log.read_text()[-2000:]}")
        try:
            if fetch(url).status < 500:
                return
        except OSError:
            pass
        time.sleep(0.1)
    tail = log.read_text()[-3000:] if log.exists() else "(no log)"
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s; its log ends:\n{tail}")


class Browser:
    """Keeps cookies and follows redirects, like a browser filling in OnsPlan's forms."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.jar))

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[str, str]:
        """GET (or POST `form`) and follow redirects: (final path, page text)."""
        data = urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.base + path, data=data, timeout=30) as answer:
                return urlsplit(answer.url).path, answer.read().decode()
        except HTTPError as error:
            raise RuntimeError(f"{path}: HTTP {error.code}") from error

    def submit(self, path: str, page: str, form: dict[str, str]) -> tuple[str, str]:
        """POST `form` to `path` with the CSRF token of the form on `page`."""
        token = CSRF.search(page)
        if token is None:
            raise RuntimeError(f"no csrf_token in the form for {path}")
        return self.request(path, {**form, "csrf_token": token.group(1)})

    @property
    def cookie(self) -> str:
        """The Cookie header a client of this session sends."""
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def log_in(base: str, email: str, password: str, totp_secret: str | None = None) -> Browser:
    """Log in through the real forms (and the second factor for professionals); the session stays in the cookie."""
    browser = Browser(base)
    _, page = browser.request("/login")
    where, page = browser.submit("/login", page, {"email": email, "password": password})
    if where == "/tweestaps/controle":
        if totp_secret is None:
            raise RuntimeError(f"{email} needs a second factor")
        where, page = browser.submit(where, page, {"code": pyotp.TOTP(totp_secret).now()})
    if where != "/home":
        raise RuntimeError(f"logging in as {email} ended on {where}, not /home")
    return browser
