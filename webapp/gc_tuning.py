"""The garbage collector as a long-running OnsPlan process wants it (gunicorn's workers, and the test runs).

- `freeze_what_is_loaded()`: the objects that live as long as the process (modules, templates, the app) move out
  of the collector's generations, so its collections no longer walk them.
- `raise_threshold()`: a higher gen-0 threshold lets a request's short-lived objects die young without a collection
  every 700 allocations. Generations 1 and 2 keep their defaults.
"""

from __future__ import annotations

import gc

# Allocations between gen-0 collections (Python's default is 700); gens 1 and 2 keep their defaults.
GC_THRESHOLD = (50_000, 20, 20)


def raise_threshold() -> None:
    gc.set_threshold(*GC_THRESHOLD)


def freeze_what_is_loaded() -> None:
    gc.collect()
    gc.freeze()


def tune_this_process() -> None:
    """Both at once, for a process that has loaded what it keeps (a test run after collecting its tests)."""
    freeze_what_is_loaded()
    raise_threshold()
