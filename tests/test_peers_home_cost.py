"""The peer questions' part of everyone's home page (webapp/peers/services.py `home`): the same work with a few or
many questions of other people. It started from every published post (the status index): ~7 ms a home page with
20,000 questions, 0.08 ms now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.query_plans import sqlite_steps
from tests.test_peers_moderation import make_member, make_moderator, make_post
from webapp.peers import services as peers


def _questions_of_others(db, member, count: int) -> None:
    for n in range(count):
        make_post(db, member, title=f"Vraag {n}", age=timedelta(days=3))


def _params(user_id: int, *, moderator: bool = False) -> dict:
    now = datetime.now(UTC)
    return {"me": user_id, "moderator": moderator, "cutoff": now, "since": now - timedelta(days=7)}


@pytest.mark.parametrize("expert", [False, True], ids=["member", "ervaringsdeskundige"])
def test_the_home_card_does_not_grow_with_other_peoples_questions(app, db, expert: bool) -> None:
    """A member's own questions and followed ones; an ervaringsdeskundige's roster of her own space only."""
    reader = make_member(db, "jongeren", name="Samira Haddou", is_expert=expert)
    make_post(db, reader, title="Mijn eigen vraag")
    elsewhere = make_member(db, "pleegouders" if expert else "jongeren", name="Noor Bos")
    _questions_of_others(db, elsewhere, 5)
    few = sqlite_steps(db, peers._HOME, _params(reader.user_id))
    _questions_of_others(db, elsewhere, 200)
    many = sqlite_steps(db, peers._HOME, _params(reader.user_id))
    assert many <= few * 1.1, (few, many)


def test_the_moderator_still_counts_every_unanswered_question(app, db) -> None:
    moderator = make_moderator(db)
    _questions_of_others(db, make_member(db, "pleegouders"), 3)
    _questions_of_others(db, make_member(db, "jongeren", name="Noor Bos"), 2)
    with app.test_request_context():
        assert peers.home(db, moderator).unanswered == 5
