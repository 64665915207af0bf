"""gunicorn settings for production and for `make bench`: `gunicorn -c python:webapp.gunicorn_conf "webapp:create_app()"`.

Chosen from measurements (README, "Deploy on PostgreSQL with gunicorn and the worker"; bench/README.md):
- OnsPlan's pages are CPU-bound Python, and threads share one interpreter lock, so processes serve more than threads:
  `2 × CPU cores` sync workers by default (`WEB_CONCURRENCY` or `--workers` overrides; `--worker-class gthread
  --threads N` still works for slow clients without a proxy in front).
- Sync workers answer each request on a new connection, so every request goes to whichever worker is free; gthread
  workers keep a keep-alive connection in the worker that accepted it, and under load all of them can end up in one.
- `gc.freeze()` once the app is loaded, and a higher gen-0 threshold (webapp/gc_tuning.py).
Any setting given on the command line wins over this file.
"""

from __future__ import annotations

import os

from webapp import gc_tuning


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cores())
worker_class = "sync"
# A request that takes longer than this is cut off and the worker restarted (the default, written out).
timeout = 30
# Behind the proxy: the proxy holds the slow phones' connections, gunicorn answers and closes.
keepalive = 2
# gunicorn ≥ 25's admin socket sits at one path per user ($HOME/.gunicorn/gunicorn.ctl): a second gunicorn on the
# machine (the bench's yardstick, a staging copy) would take it over. Nothing of OnsPlan uses it.
control_socket_disable = True


def post_fork(server, worker) -> None:
    gc_tuning.raise_threshold()


def post_worker_init(worker) -> None:
    """After the worker imported the app (gunicorn loads it after `post_fork` unless `preload_app`)."""
    gc_tuning.freeze_what_is_loaded()
