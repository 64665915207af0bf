"""The full-text index of peer posts: Dutch stems, kept on every write, and the query built from a search box.

Why stems in Python: SQLite's FTS5 ships no Dutch stemmer (`porter` is English), and PostgreSQL's `dutch`
configuration stems "pleegkinderen" to "pleegkinder" but "pleegkind" to "pleegkind", so neither finds the other.
So the title and the text are normalised (lower case, accents off: "Ayşe" = "ayse"), Dutch stop words dropped and
each word stemmed with the Snowball Dutch stemmer (the `snowballstemmer` package: pure Python, no C build, the
reference implementation of the algorithm Lucene and PostgreSQL use), plus the few "-eren" plurals Snowball leaves
("kinderen" -> "kind"). The stems go in two columns of peer_post, set by an ORM hook below before every insert and
update, so no writer can forget them; the query goes through the same function, so both sides always agree.

The index on those columns (migration 0015) is the database's own:
- SQLite: an FTS5 table `peer_post_fts` (external content = peer_post, tokenizer `unicode61 remove_diacritics 2`)
  kept in step by triggers, ranked by bm25 with the title weighing ten times the text;
- PostgreSQL: a stored generated column `search_vector` (to_tsvector of the stems, title weight A, text weight B)
  with a GIN index, queried with to_tsquery (built from the stems by `tsquery_text`) and ranked by ts_rank. The text search configuration there is
  'simple', not 'dutch': the words are Dutch stems already, and PostgreSQL's Dutch (Porter) stemmer would stem them
  a second time and merge words SQLite keeps apart (Snowball's "regeel" from "regelen" and "regel" from "regels"),
  so the two databases would answer the same search differently. The Dutch work — stop words and stemming — is
  done once, here, the same for both.
Neither is in the SQLModel models (their types exist on one database only): `include_object` keeps them out of
the models-versus-migrations comparison (tests/test_migrations.py, migrations/env.py).

Note for later migrations: a batch migration that recreates peer_post on SQLite drops its triggers; recreate them
as migration 0015 does.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from sqlalchemy import event

from webapp.models import PeerPost

FTS_TABLE = "peer_post_fts"
PG_VECTOR_COLUMN = "search_vector"
PG_VECTOR_INDEX = "ix_peer_post_search_vector"
SQLITE_FILTER_INDEX = "ix_peer_post_search_filter"  # covering: id, space, status, kind, question_id, last_activity_at

MAX_TITLE = 200  # a title is shown whole
MAX_TERMS = 12  # words and phrases a query keeps

# Snowball's Dutch stop word list (the words a search should not have to match), without accents.
STOP_WORDS = frozenset(
    [
        "aan",
        "al",
        "alles",
        "als",
        "altijd",
        "andere",
        "ben",
        "bij",
        "daar",
        "dan",
        "dat",
        "de",
        "der",
        "deze",
        "die",
        "dit",
        "doch",
        "doen",
        "door",
        "dus",
        "een",
        "eens",
        "en",
        "er",
        "ge",
        "geen",
        "geweest",
        "haar",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "kan",
        "kon",
        "kunnen",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "onder",
        "ons",
        "ook",
        "op",
        "over",
        "reeds",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "werd",
        "wezen",
        "wie",
        "wil",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
        "zou",
        "jullie",
        "jij",
        "wij",
        "hoe",
        "waarom",
        "welke",
    ]
)
# "-eren" plurals the Snowball stemmer leaves as "-er" (kinderen -> kinder): back to the singular's stem.
EREN_PLURALS = {"kinder": "kind", "eier": "ei", "lieder": "lied", "kalver": "kalf", "runder": "rund", "volker": "volk"}
WORD = re.compile(r"\w+")
MAX_WORD = 40

_local = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


def normalise(text: str) -> str:
    """Lower case, accents and Arabic vowel marks off (NFKD without combining marks)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Dutch stem of one normalised word."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("dutch")
    stemmed = stemmer.stemWord(word)
    for plural, singular in EREN_PLURALS.items():
        if stemmed.endswith(plural):
            return stemmed[: -len(plural)] + singular
    return stemmed


@lru_cache(maxsize=50_000)
def token_stem(token: str) -> str | None:
    """The stem of one word as written (any case, accents), None for a stop word."""
    word = normalise(token)
    return None if word in STOP_WORDS or len(word) > MAX_WORD else stem(word)


def words(text: str) -> list[str]:
    """The normalised words of a text, in order, without stop words."""
    return [w for w in WORD.findall(normalise(text)) if w not in STOP_WORDS and len(w) <= MAX_WORD]


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def search_text(text: str) -> str:
    """What the index holds for a title or a text: its stems, separated by spaces."""
    return " ".join(stems(text))


@event.listens_for(PeerPost, "before_insert")
@event.listens_for(PeerPost, "before_update")
def _keep_stems(_mapper, _connection, post: PeerPost) -> None:
    post.search_title = search_text(post.title)
    post.search_body = search_text(post.body)


# --- queries ---------------------------------------------------------------------------------------------------------

QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


@dataclass(frozen=True)
class Query:
    """A search box's words as stems: each term a word or a "phrase" (a tuple of stems); `excluded`: -words."""

    terms: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()
    highlight: frozenset[str] = field(default_factory=frozenset)  # the stems to mark in snippets

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse(text: str) -> Query:
    """Words, "phrases in quotes" and -left-out words; stop words and punctuation dropped. Never fails."""
    terms: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []
    for match in QUERY_PART.finditer((text or "")[:500]):
        minus = match.group(1) or match.group(3)
        phrase = tuple(stems(match.group(2) if match.group(2) is not None else match.group(4)))
        if not phrase:
            continue
        target = excluded if minus else terms
        if phrase not in target:
            target.append(phrase)
    terms = terms[:MAX_TERMS]
    return Query(
        terms=tuple(terms),
        excluded=tuple(excluded[:MAX_TERMS]),
        highlight=frozenset(s for term in terms for s in term),
    )


def fts5_match(query: Query, any_term: bool = False, title_only: bool = False) -> str:
    """An FTS5 MATCH expression: every stem quoted (so no word is read as an operator)."""

    def quoted(term: tuple[str, ...]) -> str:
        return '"' + " ".join(term).replace('"', "") + '"'

    expression = (" OR " if any_term else " AND ").join(quoted(term) for term in query.terms)
    if query.excluded and not any_term:
        expression = f"({expression}) NOT ({' OR '.join(quoted(term) for term in query.excluded)})"
    return f"search_title : ({expression})" if title_only else expression


def tsquery_text(query: Query, any_term: bool = False, title_only: bool = False) -> str:
    """The text for to_tsquery('simple', ...): each stem quoted (stems are word characters only, so a quote can
    never end early), a phrase as 'a' <-> 'b', :A for the title only, & or | between terms, & ! for -words."""
    weight = ":A" if title_only else ""

    def written(term: tuple[str, ...]) -> str:
        return "(" + " <-> ".join(f"'{w}'{weight}" for w in term if "'" not in w) + ")"

    text = (" | " if any_term else " & ").join(written(term) for term in query.terms)
    if query.excluded and not any_term:
        text = f"({text})" + "".join(f" & !{written(term)}" for term in query.excluded)
    return text


# --- snippets --------------------------------------------------------------------------------------------------------


def snippet(text: str, highlight: Iterable[str], width: int = 220) -> tuple[tuple[str, bool], ...]:
    """A short piece of `text` around the first hit, as (piece, is_hit) pairs for the template to escape and mark.
    No HTML is built here: the template writes each piece escaped, a hit inside <mark>."""
    highlight = frozenset(highlight)
    text = " ".join((text or "").split())
    tokens = list(WORD.finditer(text))
    hits = [m for m in tokens if token_stem(m.group()) in highlight]
    start = 0
    if hits and hits[0].start() > width // 3:
        start = text.rfind(" ", 0, hits[0].start() - width // 4) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + width // 2)
    pieces: list[tuple[str, bool]] = []
    if start > 0:
        pieces.append(("… ", False))
    position = start
    for hit in hits:
        if hit.start() < start or hit.end() > end:
            continue
        if hit.start() > position:
            pieces.append((text[position : hit.start()], False))
        pieces.append((hit.group(), True))
        position = hit.end()
    if end > position:
        pieces.append((text[position:end], False))
    if end < len(text):
        pieces.append((" …", False))
    return tuple(pieces)


# --- schema objects the models do not hold ---------------------------------------------------------------------------


def include_object(obj, name: str | None, type_: str, reflected: bool, compare_to) -> bool:
    """For alembic's comparison: leave out the search index (FTS5 table and its shadow tables, the tsvector column
    and its index, SQLite's covering index for the search's join), which migration 0015 makes per database and no
    model describes."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    if (
        type_ == "column"
        and name == PG_VECTOR_COLUMN
        and getattr(getattr(obj, "table", None), "name", "") == "peer_post"
    ):
        return False
    return not (type_ == "index" and name in (PG_VECTOR_INDEX, SQLITE_FILTER_INDEX))
