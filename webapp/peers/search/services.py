"""Peer questions, search: the identifying-details check before posting, full-text search over a space's published
questions and answers, and similar questions while a new question is typed.

Plain functions; the search functions take the database session and the acting user and answer only from a space
that user may enter, and only published posts. The identifying check is pure (webapp/peers/search/identifying.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from webapp.models import PeerPost, User
from webapp.models.peers import PostKind, PostStatus
from webapp.peers.questions import membership
from webapp.peers.search import identifying, index
from webapp.peers.search.identifying import Finding


def check_post(title: str, body: str, known_names: Iterable[str] = ()) -> list[Finding]:
    """The identifying details in a post's title and body (each Finding's `field` says which), title first."""
    names = tuple(known_names)
    return [
        *(replace(f, field="title") for f in identifying.find(title or "", names)),
        *(replace(f, field="body") for f in identifying.find(body or "", names)),
    ]


def apply_suggestions(title: str, body: str, findings: Iterable[Finding]) -> tuple[str, str]:
    """Title and body with the findings (from `check_post`) replaced by their suggestions ("[naam]", ...)."""
    findings = list(findings)
    return (
        identifying.apply_suggestions(title, [f for f in findings if f.field == "title"]),
        identifying.apply_suggestions(body, [f for f in findings if f.field != "title"]),
    )


def remove_identifying(title: str, body: str, known_names: Iterable[str] = ()) -> tuple[str, str]:
    """ "Haal ze weg en plaats": the post as submitted, checked again and with every finding taken out."""
    return apply_suggestions(title, body, check_post(title, body, known_names))


# --- search ----------------------------------------------------------------------------------------------------------

PAGE_SIZE = 20
SIMILAR_COUNT = 5
MIN_SIMILAR_TITLE = 4  # characters typed before similar questions are looked for

# One statement per database (the index: webapp/peers/search/index.py; title weighs ten times the text): the best hit (question or answer) per question, only published posts of the space,
# only questions that are themselves published, best first; `total` counts the questions found. SQLite: bm25()
# works only in the query over the FTS table itself, hence the MATERIALIZED step; the joins read the covering
# index of migration 0015 (space, status, kind, question) instead of the long rows.
_SQLITE_SEARCH = text(
    """
    WITH hits AS MATERIALIZED (
        SELECT rowid AS post_id, bm25(peer_post_fts, 10.0, 1.0) AS score
        FROM peer_post_fts WHERE peer_post_fts MATCH :match
    ),
    per_question AS (
        SELECT coalesce(p.question_id, p.id) AS question_id, p.id AS post_id, min(h.score) AS score
        FROM hits h JOIN peer_post p INDEXED BY ix_peer_post_search_filter ON p.id = h.post_id
        WHERE p.space = :space AND p.status = :published
        GROUP BY coalesce(p.question_id, p.id)
    )
    SELECT pq.question_id, pq.post_id, count(*) OVER () AS total
    FROM per_question pq JOIN peer_post q INDEXED BY ix_peer_post_search_filter ON q.id = pq.question_id
    WHERE q.space = :space AND q.status = :published AND q.kind = :question
    ORDER BY pq.score, q.last_activity_at DESC, q.id DESC
    LIMIT :limit OFFSET :offset
    """
)
_POSTGRES_SEARCH = text(
    """
    WITH query AS (SELECT to_tsquery('simple', :tsquery) AS tsq),
    hits AS (
        SELECT coalesce(p.question_id, p.id) AS question_id, p.id AS post_id,
               ts_rank(p.search_vector, query.tsq) AS score
        FROM peer_post p, query
        WHERE p.search_vector @@ query.tsq AND p.space = :space AND p.status = :published
    ),
    per_question AS (
        SELECT DISTINCT ON (question_id) question_id, post_id, score FROM hits ORDER BY question_id, score DESC
    )
    SELECT pq.question_id, pq.post_id, count(*) OVER () AS total
    FROM per_question pq JOIN peer_post q ON q.id = pq.question_id
    WHERE q.space = :space AND q.status = :published AND q.kind = :question
    ORDER BY pq.score DESC, q.last_activity_at DESC, q.id DESC
    LIMIT :limit OFFSET :offset
    """
)


@dataclass(frozen=True)
class Hit:
    """A question found: its title and a snippet as (piece, is_hit) pairs, for the template to escape and mark."""

    question_id: int
    title: tuple[tuple[str, bool], ...]
    snippet: tuple[tuple[str, bool], ...]
    in_answer: bool  # the best hit was in an answer to this question
    answers: int
    accepted: bool
    topics: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class SearchPage:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1

    @property
    def searched(self) -> bool:
        return bool(self.query.strip())


def _ranked(db: Session, space: str, query: index.Query, *, any_term: bool, limit: int, offset: int, title_only=False):
    parameters = {
        "space": space,
        "published": PostStatus.PUBLISHED.value,
        "question": PostKind.VRAAG.value,
        "limit": limit,
        "offset": offset,
    }
    if db.get_bind().dialect.name == "sqlite":
        statement, parameters["match"] = _SQLITE_SEARCH, index.fts5_match(query, any_term, title_only)
    else:
        statement, parameters["tsquery"] = _POSTGRES_SEARCH, index.tsquery_text(query, any_term, title_only)
    return db.exec(statement, params=parameters).all()


def _hits(db: Session, rows, query: index.Query) -> list[Hit]:
    if not rows:
        return []
    post_ids = {row.question_id for row in rows} | {row.post_id for row in rows}
    posts = {
        post.id: post
        for post in db.exec(
            select(
                PeerPost.id,
                PeerPost.title,
                PeerPost.body,
                PeerPost.topics,
                PeerPost.language,
                PeerPost.accepted_answer_id,
            ).where(col(PeerPost.id).in_(post_ids))
        ).all()
    }
    answers = dict(
        db.exec(
            select(PeerPost.question_id, func.count(PeerPost.id))
            .where(
                col(PeerPost.question_id).in_([row.question_id for row in rows]),
                PeerPost.kind == PostKind.ANTWOORD,
                PeerPost.status == PostStatus.PUBLISHED,
            )
            .group_by(PeerPost.question_id)
        ).all()
    )
    hits = []
    for row in rows:
        question, best = posts[row.question_id], posts[row.post_id]
        hits.append(
            Hit(
                question_id=question.id,
                title=index.snippet(question.title, query.highlight, width=index.MAX_TITLE),
                snippet=index.snippet(best.body, query.highlight),
                in_answer=best.id != question.id,
                answers=answers.get(question.id, 0),
                accepted=question.accepted_answer_id is not None,
                topics=tuple(question.topics or ()),
                language=question.language,
            )
        )
    return hits


def open_space(db: Session, user: User, space: str) -> None:
    """404 unless this person may enter the space (the empty search box)."""
    membership.require_space(db, user, space)


def search(db: Session, user: User, space: str, q: str, page: int = 1) -> SearchPage:
    """Questions of `space` whose title, text or published answers hold the words of `q` (Dutch stems: "pleegkinderen"
    finds "pleegkind"), best first, 20 a page. Only a space this person may enter (404 otherwise) and only published
    posts: never one in review, rejected, hidden or deleted — not even her own or for a moderator."""
    membership.require_space(db, user, space)
    q = " ".join((q or "").split())[:200]
    query = index.parse(q)
    if not query:
        return SearchPage(query=q)
    page = max(1, min(page, 10_000))
    rows = _ranked(db, space, query, any_term=False, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    if not rows and page > 1:
        return search(db, user, space, q, 1)
    total = rows[0].total if rows else 0
    return SearchPage(
        query=q, hits=_hits(db, rows, query), total=total, page=page, pages=max(1, -(-total // PAGE_SIZE))
    )


def similar(db: Session, user: User, space: str, title: str) -> list[Hit]:
    """While a new question's title is typed: the five published questions of the space whose titles share most of
    its words (any of them), best first. Only a space this person may enter (404 otherwise)."""
    membership.require_space(db, user, space)
    title = " ".join((title or "").split())[:200]
    query = index.parse(title.replace('"', " ").replace("-", " "))
    if len(title) < MIN_SIMILAR_TITLE or not query:
        return []
    rows = _ranked(db, space, query, any_term=True, limit=SIMILAR_COUNT, offset=0, title_only=True)
    return _hits(db, rows, query)
