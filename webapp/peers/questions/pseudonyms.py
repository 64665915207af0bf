"""Friendly pseudonyms: a Dutch adjective, an animal or nature word and a number, e.g. "Rustige Reiger 27".

Drawn at random (never derived from the person's name), unique per space. A member may change hers once: she picks
one of a few new suggestions or types her own, which is checked here (length, letters, not her own name).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from flask_babel import gettext as _

# Inflected for "de"-words, so every pair reads as good Dutch.
ADJECTIVES = (
    "Rustige", "Vrolijke", "Dappere", "Zachte", "Warme", "Wijze", "Kalme", "Blije", "Lieve", "Sterke",
    "Snelle", "Stille", "Heldere", "Zonnige", "Frisse", "Trouwe", "Slimme", "Moedige", "Geduldige", "Vriendelijke",
    "Nieuwsgierige", "Eerlijke", "Kleurrijke", "Zorgzame",
)  # fmt: skip
NOUNS = (
    "Reiger", "Vos", "Uil", "Egel", "Merel", "Eik", "Beuk", "Wilg", "Lijster", "Das",
    "Otter", "Zwaluw", "Mus", "Kievit", "Haas", "Ree", "Bever", "Maan", "Ster", "Berk",
    "Linde", "Rivier", "Duin", "Heide", "Wolk", "Vlinder", "Libel", "Specht", "Spreeuw", "Kraanvogel",
)  # fmt: skip
NUMBERS = range(10, 100)

MIN_LENGTH, MAX_LENGTH = 3, 40
# Letters of any script, digits, spaces, hyphens and apostrophes; nothing that looks like a link or an address.
_ALLOWED = re.compile(r"^[^\W_](?:[\w' -]*[^\W_])?$")
_rng = secrets.SystemRandom()


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def own_names(name: str, email: str | None) -> list[str]:
    """The parts of a person's name (and e-mail address) a pseudonym must not contain."""
    parts = re.split(r"[\s.\-_@+]+", f"{name} {(email or '').split('@', 1)[0]}")
    return sorted({_fold(p) for p in parts if len(p) >= 3})


def contains_own_name(pseudonym: str, names: Iterable[str]) -> bool:
    folded = _fold(pseudonym)
    return any(name in folded for name in names)


def generate(taken: set[str], names: Iterable[str] = ()) -> str:
    """A new pseudonym not in `taken` (compared case-insensitively) and not containing any of `names`."""
    taken_folded = {_fold(t) for t in taken}
    names = list(names)
    while True:
        candidate = f"{_rng.choice(ADJECTIVES)} {_rng.choice(NOUNS)} {_rng.choice(NUMBERS)}"
        if _fold(candidate) not in taken_folded and not contains_own_name(candidate, names):
            return candidate


def suggestions(taken: set[str], names: Iterable[str] = (), count: int = 4) -> list[str]:
    names = list(names)
    chosen: list[str] = []
    while len(chosen) < count:
        chosen.append(generate(taken | set(chosen), names))
    return chosen


def problem(pseudonym: str, names: Iterable[str], taken: set[str]) -> str | None:
    """Why this pseudonym cannot be used (a translated sentence), or None."""
    pseudonym = " ".join(pseudonym.split())
    if not MIN_LENGTH <= len(pseudonym) <= MAX_LENGTH:
        return _("Kies een naam van %(min)d tot %(max)d tekens.", min=MIN_LENGTH, max=MAX_LENGTH)
    if not _ALLOWED.match(pseudonym):
        return _("Gebruik alleen letters, cijfers, spaties en streepjes.")
    if contains_own_name(pseudonym, names):
        return _("Deze naam lijkt op je echte naam. Kies een naam waaraan niemand je herkent.")
    if _fold(pseudonym) in {_fold(t) for t in taken}:
        return _("Iemand anders gebruikt deze naam al. Kies een andere.")
    return None


def clean(pseudonym: str) -> str:
    return " ".join(pseudonym.split())
