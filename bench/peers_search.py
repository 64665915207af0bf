"""Peer search benchmark: `python -m bench.peers_search [--posts 100000] [--repeat 20] [--postgres]`. Not a timed
test: it prints the figures.

Fills a fresh database (migrated to head, so the real index: SQLite FTS5 with its triggers, or PostgreSQL's
generated tsvector with its GIN index) with synthetic Dutch questions and answers in the two spaces — about 40% of
the posts are questions, the rest answers to them, one in twenty not published — then times
`webapp.peers.search.services.search` (page 1 of the ranked results, with snippets) and `services.similar` (the
five similar questions while a title is typed) as a member of the Pleegouders space, the same code the routes run.
Target: a search well under 100 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import insert, text

from webapp import create_app
from webapp.clock import utcnow
from webapp.config import Config
from webapp.db import database
from webapp.migrate import upgrade
from webapp.models import PeerMember, PeerPost, Role, User, UserRole
from webapp.peers.search import services
from webapp.peers.search.index import search_text

TARGET_MS = 100.0
SUBJECTS = [
    "pleegkind",
    "pleegkinderen",
    "pleegzoon",
    "pleegdochter",
    "pleegouder",
    "pleegouders",
    "pleegzorg",
    "pleegzorgbegeleider",
    "gezinshuis",
    "steungezin",
    "zakgeld",
    "kleedgeld",
    "vergoeding",
    "school",
    "huiswerk",
    "bijles",
    "mentor",
    "klas",
    "rapport",
    "vakantie",
    "logeerweekend",
    "bezoekregeling",
    "ouders",
    "moeder",
    "vader",
    "oma",
    "broertje",
    "zusje",
    "contact",
    "verjaardag",
    "kerst",
    "suikerfeest",
    "ramadan",
    "kerk",
    "moskee",
    "geloof",
    "cultuur",
    "taal",
    "autisme",
    "adhd",
    "slapen",
    "eten",
    "driftbuien",
    "boosheid",
    "verdriet",
    "therapie",
    "jeugdzorg",
    "gezinsvoogd",
    "rechter",
    "verlengde",
    "achttien",
    "studie",
    "kamer",
    "kamertraining",
    "bijbaan",
    "rijbewijs",
    "telefoon",
    "internet",
    "gamen",
    "sport",
    "voetbal",
    "zwemles",
    "muziek",
    "vrienden",
    "verliefd",
    "puberteit",
    "regels",
    "afspraken",
    "straf",
    "belonen",
]
FILLER = [
    "hoe",
    "wat",
    "waarom",
    "wij",
    "jullie",
    "onze",
    "ons",
    "hij",
    "zij",
    "het",
    "de",
    "een",
    "en",
    "maar",
    "ook",
    "nog",
    "wel",
    "niet",
    "vaak",
    "soms",
    "altijd",
    "nooit",
    "regelen",
    "doen",
    "vinden",
    "helpt",
    "hielp",
    "lukt",
    "gaat",
    "gaan",
    "krijgen",
    "geven",
    "praten",
    "vragen",
    "zeggen",
    "merken",
    "proberen",
    "wachten",
    "moeilijk",
    "makkelijk",
    "lastig",
    "fijn",
    "goed",
    "slecht",
    "spannend",
    "rustig",
    "druk",
    "week",
    "maand",
    "jaar",
    "avond",
    "weekend",
    "sinds",
    "eerst",
]
QUERIES = (
    "verlengde pleegzorg",
    "pleegkinderen zakgeld",
    "contact met ouders",
    "autisme school",
    '"bezoekregeling ouders"',
    "ramadan -kerst",
    "rijbewijs",
    "telefoon regels",
)
TITLES = ("Hoe regelen jullie verlengde pleegzorg tot 21?", "Zakgeld voor een pleegkind van 15", "Gamen en slapen")


def sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(SUBJECTS) if rng.random() < 0.35 else rng.choice(FILLER) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def fill(app, posts: int, seed: int) -> User:
    rng = random.Random(seed)  # noqa: S311 - synthetic text, not secrets
    db = database(app).sessionmaker()
    searcher = User(name="Zoeker", email="zoeker@example.test", roles=[UserRole(role=Role.PLEEGOUDER)])
    writers = [User(name=f"Schrijver {n}", email=f"s{n}@example.test", roles=[]) for n in range(200)]
    db.add_all([searcher, *writers])
    db.flush()
    members = {
        space: [
            PeerMember(user_id=w.id, space=space, pseudonym=f"{space} {n}", approved_posts=3)
            for n, w in enumerate(writers)
        ]
        for space in ("pleegouders", "jongeren")
    }
    db.add_all([m for ms in members.values() for m in ms])
    db.commit()
    member_ids = {space: [m.id for m in ms] for space, ms in members.items()}
    now = utcnow()
    questions: dict[str, list[int]] = {"pleegouders": [], "jongeren": []}
    next_id, batch = 1, []
    connection = db.connection()
    for _ in range(posts):
        space = "pleegouders" if rng.random() < 0.7 else "jongeren"
        is_question = not questions[space] or rng.random() < 0.4
        title = sentence(rng, rng.randint(4, 9)).rstrip(".") + "?" if is_question else ""
        body = " ".join(sentence(rng, rng.randint(6, 14)) for _ in range(rng.randint(2, 6)))
        status = "published" if rng.random() > 0.05 else rng.choice(("in_review", "hidden", "rejected"))
        batch.append(
            {
                "id": next_id,
                "space": space,
                "kind": "vraag" if is_question else "antwoord",
                "question_id": None if is_question else rng.choice(questions[space]),
                "author_id": rng.choice(member_ids[space]),
                "title": title,
                "body": body,
                "topics": [],
                "language": "nl",
                "status": status,
                "held_reason": "",
                "locked": False,
                "flag_count": 0,
                "created_at": now,
                "published_at": now if status == "published" else None,
                "last_activity_at": now,
                "search_title": search_text(title),
                "search_body": search_text(body),
            }
        )
        if is_question:
            questions[space].append(next_id)
        next_id += 1
        if len(batch) == 5000:
            connection.execute(insert(PeerPost), batch)
            batch = []
    if batch:
        connection.execute(insert(PeerPost), batch)
    db.commit()
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("ANALYZE peer_post"))
        db.commit()
    db.close()
    return searcher


def timed(fn, repeat: int) -> tuple[float, float, int]:
    fn()  # warm: statement cache, pages in memory
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, round(len(times) * 0.95) - 1)], size


def run(url: str, posts: int, repeat: int) -> float:
    app = create_app(Config(SECRET_KEY="bench-only", DATABASE_URL=url, TESTING=True))  # noqa: S106
    with app.app_context():
        upgrade(url)
        start = time.perf_counter()
        searcher = fill(app, posts, seed=11)
        print(f"  filled {posts:,} posts in {time.perf_counter() - start:.1f} s")
        db = database(app).sessionmaker()
        user = db.get(User, searcher.id)
        worst = 0.0
        with app.test_request_context():
            for q in QUERIES:
                median, p95, size = timed(lambda q=q: services.search(db, user, "pleegouders", q).total, repeat)
                worst = max(worst, median)
                print(f"  search {q!r:32} {size:6,} questions found  median {median:6.1f} ms  p95 {p95:6.1f} ms")
            for title in TITLES:
                median, p95, size = timed(lambda t=title: len(services.similar(db, user, "pleegouders", t)), repeat)
                print(f"  similar {title!r:48} median {median:6.1f} ms  p95 {p95:6.1f} ms")
        db.close()
        database(app).engine.dispose()
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--postgres", action="store_true", help="also on a throw-away PostgreSQL cluster")
    args = parser.parse_args()
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="onsplan-bench-search-")))
        print(f"SQLite (FTS5), {args.posts:,} posts:")
        worst = run(f"sqlite:///{folder / 'search.db'}", args.posts, args.repeat)
        print(f"SQLite: slowest median search {worst:.1f} ms (target < {TARGET_MS:.0f} ms)")
        if args.postgres:
            from tests import postgres

            url = stack.enter_context(postgres.temporary_cluster())
            print(f"PostgreSQL (tsvector of the Dutch stems, GIN), {args.posts:,} posts:")
            worst = run(url, args.posts, args.repeat)
            print(f"PostgreSQL: slowest median search {worst:.1f} ms (target < {TARGET_MS:.0f} ms)")


if __name__ == "__main__":
    main()
