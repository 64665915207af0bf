"""Production's gunicorn settings (webapp/gunicorn_conf.py) plus a request counter per worker, for the bench.

wrk counts the answers it received; the server also works on requests wrk gave up on (its timeout) or left in flight
when it stopped. So the workers count what they served themselves: after each request (`post_request`) a worker
stores its total in an 8-byte file `<BENCH_COUNTER_DIR>/<pid>.count` that it keeps mapped in memory (a store, no
system call). bench/cpu.py reads the files; CPU per request is the workers' CPU time over the requests they served.
"""

from __future__ import annotations

import mmap
import os
import struct
from pathlib import Path

from webapp import gunicorn_conf as production
from webapp.gunicorn_conf import (  # noqa: F401 - gunicorn reads these names from this module
    control_socket_disable,
    keepalive,
    post_fork,
    timeout,
    worker_class,
    workers,
)

COUNTER = struct.Struct("<Q")
_counter: mmap.mmap | None = None
_served = 0


def post_worker_init(worker) -> None:
    production.post_worker_init(worker)
    global _counter
    if directory := os.environ.get("BENCH_COUNTER_DIR"):
        with (Path(directory) / f"{os.getpid()}.count").open("wb+") as file:
            file.write(bytes(COUNTER.size))
            file.flush()
            _counter = mmap.mmap(file.fileno(), COUNTER.size)


def post_request(worker, req, environ, resp) -> None:
    global _served
    _served += 1
    if _counter is not None:
        COUNTER.pack_into(_counter, 0, _served)
