"""Password hashing (argon2id) and the password rules of OWASP ASVS level 2.

Rules: at least 8 characters, up to 128, no composition rules, and not one of the commonly used passwords
(zxcvbn's list of ~30,000 leaked passwords). Unknown e-mail and wrong password cost the same time: `verify`
always runs one argon2 verification.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 8
MAX_LENGTH = 128

DEFAULT_HASHER = PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) defaults
_hasher = DEFAULT_HASHER


# A real argon2id hash with the library's default parameters, verified when an account has no hash, so an
# unknown e-mail address costs the same time as a wrong password.
DEFAULT_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$CMz+9ADf9nmnwqWdvMIaFA$3fvebLzELoxW5cX3cBZj7CPyklWI5Nv03D1k2gXrl7I"
_DUMMY_HASH = DEFAULT_DUMMY_HASH


def use_hasher(hasher: PasswordHasher) -> None:
    """Hash and verify with `hasher` from now on, the dummy hash made again with it (so an unknown address still
    costs one verification at the same price). For the test suite only (tests/conftest.py: argon2id at its lowest
    cost, as Django's tests use a fast hasher): the defaults cost 0.1-0.2 s of CPU a login, minutes over the suite."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash("no account has this password")


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; with no hash, verify a dummy one so timing does not reveal the account."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def problems(password: str, *, personal: tuple[str, ...] = ()) -> list[str]:
    """Translated reasons why `password` may not be used; empty when it is fine."""
    found = []
    if len(password) < MIN_LENGTH:
        found.append(_l("Kies een wachtwoord van minstens %(n)s tekens.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        found.append(_l("Een wachtwoord mag hoogstens %(n)s tekens hebben.", n=MAX_LENGTH))
    lowered = password.lower()
    if lowered in _common_passwords() or any(p and lowered == p.lower() for p in personal):
        found.append(_l("Dit wachtwoord wordt te vaak gebruikt. Kies iets dat alleen jij weet, bijvoorbeeld een zin."))
    return [str(p) for p in found]
