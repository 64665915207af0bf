"""Peer questions, search: the identifying-details check before posting, full-text search over a space's published
questions and answers, and similar questions while a new question is typed.

Plain functions; the search functions take the database session and the acting user and answer only from a space
that user may enter, and only published posts. The identifying check is pure (webapp/peers/search/identifying.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from webapp.peers.search import identifying
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
