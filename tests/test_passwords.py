"""Production hashes passwords with argon2id at the library's RFC 9106 parameters; the test suite swaps in the
cheapest argon2id (tests/conftest.py), so these checks look at what production uses, not at the suite's hasher."""

from __future__ import annotations

import re
from pathlib import Path

from argon2 import Type

from webapp.auth import passwords

WEBAPP = Path(__file__).resolve().parent.parent / "webapp"


def test_production_hashes_with_argon2id_at_the_rfc_9106_low_memory_parameters() -> None:
    hasher = passwords.DEFAULT_HASHER
    assert (hasher.type, hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (Type.ID, 3, 65536, 4)


def test_the_dummy_hash_for_unknown_addresses_costs_what_a_real_one_costs() -> None:
    assert passwords.DEFAULT_DUMMY_HASH.startswith("$argon2id$")
    assert not passwords.DEFAULT_HASHER.check_needs_rehash(passwords.DEFAULT_DUMMY_HASH)


def test_only_the_test_suite_swaps_the_hasher() -> None:
    callers = [
        path.relative_to(WEBAPP).as_posix()
        for path in WEBAPP.rglob("*.py")
        if re.search(r"\buse_hasher\(", path.read_text(encoding="utf-8"))
    ]
    assert callers == ["auth/passwords.py"]  # its definition


def test_with_a_swapped_hasher_an_unknown_address_still_runs_one_verification_of_that_hasher() -> None:
    hasher = passwords._hasher
    assert not hasher.check_needs_rehash(passwords._DUMMY_HASH)  # made by the hasher in use
    assert not passwords.verify(None, "whatever")
    assert passwords.verify(passwords.hash_password("een lange zin"), "een lange zin")
