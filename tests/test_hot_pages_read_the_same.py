"""The hot pages read the same after their read paths changed (issue 14, item 1): for every demo person, in her own
language and in a second cast of languages and forms of address, the visible text and status of the home page, the
message list, the agenda, Mijn mentor and the plan page of every family she belongs to or directs are compared with
`tests/golden/hot_pages.json`, written from the ORM read paths before they were replaced.

The clock is frozen before the demo story is seeded, so dates, ages and "3 dagen geleden" are the same on every run
and on both engines. When a page is meant to change, write the file again and read the diff:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_hot_pages_read_the_same.py
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlmodel import Session, select

from tests.conftest import freeze_time
from tests.demo_people import seed_demo
from tests.factories import login
from webapp.demo.story import DEMO_PASSWORD
from webapp.extensions import limiter
from webapp.models import Family, FamilyMember, User

GOLDEN = Path(__file__).parent / "golden" / "hot_pages.json"
MOMENT = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)  # a Wednesday morning
HOT_PAGES = ("/home", "/berichten", "/afspraken", "/mentor")
# The same people reading other languages, some as a woman or a man (as in tests/test_render_memo.py).
OTHER_LANGUAGES = {
    "samira": ("ar", "v"),
    "emre": ("tr", ""),
    "hendriks": ("pl", "v"),
    "karim": ("ar", "m"),
    "ayse": ("nl", ""),
    "petra": ("uk", "v"),
    "jeroen": ("en", ""),
    "coordinator": ("fa", ""),
    "peeters": ("tr", ""),
    "smits": ("ti", "v"),
}
INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1>", re.S)
TAG = re.compile(r"<[^>]+>")


ID_IN_PATH = re.compile(r"(?<=[a-z]/)\d+\b")  # "/gezinnen/6/plan", not "3/12 geregeld"


def visible_text(html: str) -> str:
    """The words a reader sees; an id in a path shown as text (a redirect's "/delen?next=/gezinnen/6/plan") reads
    as "#": ids depend on the engine and on what ran before in the same database."""
    body = html.split("<body", 1)[-1].split(">", 1)[-1]
    return ID_IN_PATH.sub("#", " ".join(TAG.sub(" ", INVISIBLE.sub(" ", body)).split()))


def _pages(db: Session, person: User) -> list[tuple[str, str]]:
    """(label, path): the hot pages, and the plan page of every family she belongs to or directs, labelled by the
    family's name (ids differ between engines)."""
    member_of = select(FamilyMember.family_id).where(FamilyMember.user_id == person.id)
    families = db.exec(
        select(Family.id, Family.name)
        .where(Family.id.in_(member_of) | (Family.regisseur_id == person.id))
        .order_by(Family.name)
    ).all()
    return [
        *((path, path) for path in HOT_PAGES),
        *((f"plan {name}", f"/gezinnen/{id_}/plan") for id_, name in families),
    ]


def _read_pages(app: Flask, db: Session, people: dict[str, User], cast: str, clients: dict) -> dict[str, str]:
    """'cast person page' -> 'status visible text', each page read twice (the first visit may write: read state,
    the access log, an offer shown once) and the second kept. `clients` keeps each person's logged-in browser: a
    second login within 30 seconds would reuse a professional's second-factor code, which is refused."""
    texts = {}
    for key in sorted(people):
        if key not in clients:
            clients[key] = app.test_client()
            limiter.reset()  # many logins from one address in a minute: the login limit is not what is tested here
            app.config.pop("ONSPLAN_FROZEN_NOW", None)  # the second factor's code is of the real clock
            answer = login(clients[key], people[key], DEMO_PASSWORD)
            assert answer.status_code == 302, (key, visible_text(answer.get_data(as_text=True))[-300:])
            freeze_time(app, MOMENT)
        for label, path in _pages(db, people[key]):
            clients[key].get(path)
            answer = clients[key].get(path)
            texts[f"{cast} {key} {label}"] = f"{answer.status_code} {visible_text(answer.get_data(as_text=True))}"
    return texts


@pytest.fixture
def demo(app: Flask, db: Session):
    freeze_time(app, MOMENT)
    try:
        yield seed_demo(app, db, accounts_only=True)
    finally:
        app.config.pop("ONSPLAN_FROZEN_NOW", None)


def test_every_hot_page_reads_as_before_for_every_demo_person_in_every_cast(app, db, demo) -> None:
    clients: dict = {}
    texts = _read_pages(app, db, demo, "own", clients)
    for key, (language, address_form) in OTHER_LANGUAGES.items():
        demo[key].language, demo[key].address_form = language, address_form
        db.add(demo[key])
    db.commit()
    texts |= _read_pages(app, db, {key: demo[key] for key in OTHER_LANGUAGES}, "other", clients)

    assert len(demo) >= 12 and len(texts) >= 5 * len(demo)
    assert "Ik haal mijn diploma mbo niveau 3" in texts["own samira plan Haddou"]
    assert "Ik haal mijn diploma mbo niveau 3" in texts["own petra plan Haddou"]
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(texts, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(texts) == sorted(golden)
    changed = [key for key in golden if texts[key] != golden[key]]
    assert not changed, _first_difference(golden, texts, changed)


def _first_difference(golden: dict[str, str], texts: dict[str, str], changed: list[str]) -> str:
    key = changed[0]
    before, after = golden[key], texts[key]
    at = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), min(len(before), len(after)))
    return (
        f"{len(changed)} pages read differently, first {key!r} at character {at}:\n"
        f"  before: …{before[max(0, at - 80) : at + 120]}…\n  after:  …{after[max(0, at - 80) : at + 120]}…"
    )
