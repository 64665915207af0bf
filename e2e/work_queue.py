"""Two test runs share the journeys: each takes the next test file nobody has taken yet (`E2E_QUEUE`).

`make test` runs the unit tests on SQLite and on PostgreSQL side by side, then the journeys in both lanes. The
SQLite lane finishes its unit tests minutes earlier, and how many minutes depends on the machine; a fixed split of
the journeys left one lane idle while the other ran on. So both lanes take files from one queue, heaviest first:
the lane that is free takes the next one, and both end within about one journey of each other.

A file is taken by creating a file of its name in the queue's directory (O_CREAT | O_EXCL: exactly one run
succeeds). The next file is taken when the last test of the current one starts, so pytest knows which test comes
next and keeps or tears down fixtures as usual.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


def weight(path: str, tests: list[pytest.Item]) -> int:
    """A rough cost, for taking the long files first: each test, plus a start per file; a file named *journey* holds
    a long story of several people (the peer questions', the Steuntje match: 20 s each)."""
    return 3 * len(tests) + (20 if "journey" in path else 5)


def heaviest_first(items: list[pytest.Item]) -> list[tuple[str, list[pytest.Item]]]:
    """The test files with their tests, heaviest first (the same order in every run)."""
    by_file: dict[str, list[pytest.Item]] = {}
    for item in items:
        by_file.setdefault(item.nodeid.split("::")[0], []).append(item)
    return sorted(by_file.items(), key=lambda pair: (-weight(pair[0], pair[1]), pair[0]))


def take(queue: Path, path: str) -> bool:
    """Whether this run is the first to take the test file `path`."""
    try:
        os.close(os.open(queue / path.replace("/", "__"), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def taken_items(queue: Path, items: list[pytest.Item]) -> Iterator[pytest.Item]:
    """The tests of the files this run takes, taking each file only when its first test is asked for."""
    for path, tests in heaviest_first(items):
        if take(queue, path):
            yield from tests


def run_taken(session: pytest.Session, queue: Path) -> None:
    """pytest's own test loop over the taken tests (with the test after each one known, for fixture teardown)."""
    if session.testsfailed and not session.config.option.continue_on_collection_errors:
        raise session.Interrupted(f"{session.testsfailed} error(s) during collection")
    tests = taken_items(queue, session.items)
    item = next(tests, None)
    while item is not None:
        following = next(tests, None)
        item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
        if session.shouldfail:
            raise session.Failed(session.shouldfail)
        if session.shouldstop:
            raise session.Interrupted(session.shouldstop)
        item = following
