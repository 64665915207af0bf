"""Word lists of the moderation (crisis words): shipped as data files in webapp/peers/data, extended by moderators
(`PeerWord` rows), matched on normalised text.

A file `crisis_words.<lang>.txt` has one word or phrase per line; `#` starts a comment. A `*` at the start or end of
a word lets more letters be attached there ("zelfmoord*" finds "zelfmoordgedachten", "*انتحار*" finds "بالانتحار").
Words match whole words only ("rape" does not match "grapes").

Normalising (the same for the text and for the list): case folded, accents and Arabic vowel marks removed (so
"suïcide" = "suicide", "أقتل" = "اقتل"), the Arabic letter variants that people type interchangeably made one
(alef forms, alef maqsura, ta marbuta, tatweel), the Turkish dotless ı and the Polish ł made plain.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CRISIS = "crisis"
LISTS = (CRISIS,)
LIST_LANGUAGES = ("nl", "tr", "ar", "en", "pl", "uk", "fa", "ti")  # fa and ti: to be checked by a native speaker
MAX_PHRASE = 100

# Letters that do not fall apart into a base letter and a mark, but that people type one for the other.
_SAME_LETTER = str.maketrans(
    {
        "ı": "i",  # Turkish dotless i
        "ł": "l",  # Polish
        "ى": "ي",  # alef maqsura -> ya
        "ة": "ه",  # ta marbuta -> ha
        "ـ": None,  # tatweel (a stretch, no letter)
        "’": "'",
        "ʼ": "'",
    }
)
_TOKEN = re.compile(r"\*?\w+\*?")


def normalise(text: str) -> str:
    """Lower case without accents or vowel marks; `*` is kept (it is a wildcard in the lists)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return bare.translate(_SAME_LETTER)


@dataclass(frozen=True)
class Phrase:
    text: str  # as written in the list
    pattern: re.Pattern[str]


def compile_phrase(phrase: str) -> Phrase | None:
    """The phrase as a pattern over normalised text, or None when it has no letters."""
    tokens = _TOKEN.findall(normalise(phrase))
    if not tokens:
        return None
    parts = []
    for token in tokens:
        core = re.escape(token.strip("*"))
        parts.append((r"\w*" if token.startswith("*") else "") + core + (r"\w*" if token.endswith("*") else ""))
    return Phrase(phrase, re.compile(r"(?<!\w)" + r"\W+".join(parts) + r"(?!\w)"))


def read_file(path: Path) -> list[str]:
    phrases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            phrases.append(line)
    return phrases


@cache
def shipped(list_name: str, language: str) -> tuple[Phrase, ...]:
    """The phrases of one shipped list (read once per process)."""
    path = DATA_DIR / f"{list_name}_words.{language}.txt"
    if not path.exists():
        return ()
    return tuple(p for p in (compile_phrase(text) for text in read_file(path)) if p is not None)


def shipped_texts(list_name: str, language: str) -> list[str]:
    return [p.text for p in shipped(list_name, language)]


def hits(text: str, phrases: list[Phrase] | tuple[Phrase, ...]) -> list[str]:
    """The phrases found in `text`, each once, in list order."""
    normalised = normalise(text)
    found: list[str] = []
    for phrase in phrases:
        if phrase.text not in found and phrase.pattern.search(normalised):
            found.append(phrase.text)
    return found


def phrase_problem(phrase: str) -> str | None:
    """Why a phrase cannot go on a list (a code for the form to translate), or None."""
    if not phrase.strip():
        return "empty"
    if len(phrase) > MAX_PHRASE:
        return "long"
    if compile_phrase(phrase) is None or len(normalise(phrase).replace("*", "").strip()) < 3:
        return "short"
    if re.search(r"\w\*\w|\*\*", phrase):
        return "star"
    return None


def same_phrase(a: str, b: str) -> bool:
    return " ".join(_TOKEN.findall(normalise(a))) == " ".join(_TOKEN.findall(normalise(b)))
