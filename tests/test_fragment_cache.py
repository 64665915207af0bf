"""The fragment cache (webapp/fragments) and the plan page's kept version body (webapp/plans/body_cache.py).

The stores keep and return HTML (the LRU in the process, and Redis: a throw-away redis-server on a free port); the
plan page reads the same with the body kept as rendered; and every part of the key does its work: change it and the
reader sees the change at once, and two readers who may see different parts never share a body (a youth's goal
that she does not share never reaches her carers through the cache).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from sqlalchemy import update
from sqlmodel import Session, select

from tests.conftest import freeze_time
from tests.demo_people import seed_demo
from tests.plan_factories import NOW, PlanWorld, Visitor, build_world, page_text, sign_in
from webapp import fragments
from webapp.fragments.regions import Regions, pack, unpack
from webapp.fragments.release import _files
from webapp.models import FamilyMember, Goal, Organisation, Plan, PlanVersion, User
from webapp.plans import drafting, translations
from webapp.sharing import services as sharing

TOKEN = re.compile(r'(csrf_token" value="|X-CSRFToken": ")[^"]+')


class Recording:
    """A store that remembers what the page asked: the keys looked up (and whether found) and the keys stored."""

    def __init__(self, inner: fragments.FragmentStore | None = None) -> None:
        self.inner = inner or fragments.MemoryStore()
        self.looked: list[tuple[str, bool]] = []
        self.stored: list[str] = []

    def get(self, key: str) -> str | None:
        found = self.inner.get(key)
        self.looked.append((key, found is not None))
        return found

    def set(self, key: str, html: str) -> None:
        self.stored.append(key)
        self.inner.set(key, html)


@pytest.fixture
def kept(app: Flask) -> Iterator[Recording]:
    """The app's fragment store, for this test: a fresh LRU that records its use."""
    before = app.extensions.get("fragments")
    app.extensions["fragments"] = store = Recording()
    try:
        yield store
    finally:
        if before is None:
            app.extensions.pop("fragments", None)
        else:
            app.extensions["fragments"] = before


@pytest.fixture
def world(app: Flask, db: Session) -> PlanWorld:
    return build_world(app, db)


def visit(kept: Recording, visitor: Visitor, path: str) -> tuple[str, bool, str]:
    """GET the plan page: (the key of its body, whether it came from the store, the HTML without the CSRF token)."""
    kept.looked.clear()
    html = visitor.text(path)
    assert len(kept.looked) == 1, kept.looked  # one look-up a page: head and body are one entry
    key, found = kept.looked[0]
    return key, found, TOKEN.sub(r"\1X", html)


# --- the stores --------------------------------------------------------------------------------------------------


def test_regions_pack_any_html_and_refuse_what_is_not_theirs() -> None:
    parts = ["<p>één\n</p>", "", "\x00,12\n<b>ق</b>"]
    assert unpack(pack(parts), 3) == parts
    assert unpack(pack(parts), 2) is None
    assert unpack("3,4\nabc", 2) is None and unpack("no header", 1) is None and unpack("x\nabc", 1) is None


def test_regions_render_once_and_store_together() -> None:
    store = fragments.MemoryStore()
    calls: list[str] = []

    def block(text: str):
        def caller() -> str:
            calls.append(text)
            return text

        return caller

    first = Regions(store, "k", ("head", "body"))
    assert (first("head", caller=block("<h>")), first("body", caller=block("<b>"))) == ("<h>", "<b>")
    assert not first.hit and store.get("k") == pack(["<h>", "<b>"])
    again = Regions(store, "k", ("head", "body"))
    assert (again("head", caller=block("x")), again("body", caller=block("y"))) == ("<h>", "<b>")
    assert again.hit and calls == ["<h>", "<b>"]
    uncached = Regions(store, None, ("head", "body"))
    assert uncached("head", caller=block("z")) == "z" and store.get("k") == pack(["<h>", "<b>"])


def test_the_memory_store_forgets_the_least_recently_used_within_its_size() -> None:
    store = fragments.MemoryStore(max_chars=10)
    store.set("a", "aaaa")
    store.set("b", "bbbb")
    assert store.get("a") == "aaaa"  # a is used: b is now the oldest
    store.set("c", "cccc")
    assert (store.get("a"), store.get("b"), store.get("c")) == ("aaaa", None, "cccc")
    store.set("huge", "x" * 11)  # larger than the whole cache: not kept, no error
    assert store.get("huge") is None and store.get("c") == "cccc"


def test_the_url_chooses_the_store() -> None:
    assert isinstance(fragments.store_from_url(""), fragments.MemoryStore)
    assert isinstance(fragments.store_from_url("memory://"), fragments.MemoryStore)
    assert isinstance(fragments.store_from_url("redis://127.0.0.1:6379/3"), fragments.RedisStore)
    assert isinstance(fragments.store_from_url("unix:///run/redis.sock"), fragments.RedisStore)
    with pytest.raises(ValueError, match="FRAGMENT_CACHE_URL"):
        fragments.store_from_url("memcached://127.0.0.1:11211")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A throw-away redis-server on a free port (Debian package redis-server, `make system-deps`)."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing: `make system-deps` installs it (Debian package redis-server)")
        pytest.skip("redis-server is not installed (Debian package redis-server; `make system-deps`)")
    port, folder = _free_port(), tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            pytest.fail("redis-server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_redis_keeps_fragments_with_a_time_to_live(redis_url: str) -> None:
    store = fragments.store_from_url(redis_url)
    assert isinstance(store, fragments.RedisStore)
    store.set("onsplan:fragment:test:1", "<p>Één — قوي</p>")
    assert store.get("onsplan:fragment:test:1") == "<p>Één — قوي</p>"
    assert store.get("onsplan:fragment:test:missing") is None
    assert 0 < redis.Redis.from_url(redis_url).ttl("onsplan:fragment:test:1") <= 24 * 60 * 60


def test_redis_down_is_a_miss_not_an_error() -> None:
    store = fragments.RedisStore(f"redis://127.0.0.1:{_free_port()}/0", timeout=0.1)  # nobody listens there
    store.set("k", "<p>x</p>")
    assert store.get("k") is None


def test_the_plan_page_reads_the_same_through_redis(app: Flask, world: PlanWorld, redis_url: str) -> None:
    before = app.extensions.get("fragments")
    app.extensions["fragments"] = kept = Recording(fragments.store_from_url(redis_url))
    try:
        eva = sign_in(app, world.eva)
        key, found, first = visit(kept, eva, world.plan_url())
        assert not found and kept.stored == [key]
        again_key, found, again = visit(kept, eva, world.plan_url())
        assert (again_key, found, again) == (key, True, first)
        assert "Lina leert zwemmen" in page_text(again)
    finally:
        app.extensions["fragments"] = before


# --- the plan page's body -----------------------------------------------------------------------------------------


def test_the_second_visit_reads_the_kept_body_and_the_same_page(app: Flask, world: PlanWorld, kept: Recording) -> None:
    eva = sign_in(app, world.eva)
    key, found, first = visit(kept, eva, world.plan_url())
    assert not found and kept.stored == [key] and key.startswith("onsplan:fragment:plan-body:")
    again_key, found, again = visit(kept, eva, world.plan_url())
    assert (again_key, found, again) == (key, True, first)
    assert "Lina leert zwemmen" in page_text(again) and 'id="jouw-antwoord"' in again
    # Nothing of a session in the kept body: the answer form (its token) is rendered around it each time.
    body = kept.inner.get(key)
    assert "csrf_token" not in body and "<form" not in body and "nonce" not in body
    assert "Lina leert zwemmen" in body and "Jeugdarts Bos" in body


def test_a_youths_private_goal_never_reaches_her_carers_through_the_cache(
    app: Flask, world: PlanWorld, kept: Recording
) -> None:
    world.share(world.sara, goals=False)
    private = ("Sara kiest een opleiding", "Sara praat met iemand over hoe ze zich voelt")
    sara_key, _, sara_page = visit(kept, sign_in(app, world.sara), world.plan_url())
    assert all(title in sara_page for title in private)  # her body, with her goals, is kept now
    for carer in (world.eva, world.ingrid, world.tom):
        key, _, page = visit(kept, sign_in(app, carer), world.plan_url())
        assert key != sara_key and not any(title in page for title in private), carer.name
    world.share_goal(world.sara, world.goals["sara_school"], True)  # she shares one: they see it at once
    page = visit(kept, sign_in(app, world.eva), world.plan_url())[2]
    assert private[0] in page and private[1] not in page


def test_samiras_private_goal_never_reaches_marleen_through_the_cache(app: Flask, db: Session, kept: Recording) -> None:
    people = seed_demo(app, db, accounts_only=True)
    samira, marleen = people["samira"], people["hendriks"]
    living = db.exec(select(Goal).where(Goal.title == "Ik weet waar ik ga wonen na mijn 18e")).one()
    with app.test_request_context():
        sharing.set_goal_sharing(db, samira, living.id, with_family=False)
    db.commit()
    haddou = f"/gezinnen/{_family_of(db, samira)}/plan"
    samira_key, _, samira_page = visit(kept, sign_in(app, samira), haddou)
    assert living.title in samira_page
    marleen_key, _, marleen_page = visit(kept, sign_in(app, marleen), haddou)
    assert marleen_key != samira_key
    assert living.title not in marleen_page and "Ik haal mijn diploma mbo niveau 3" in marleen_page


def _family_of(db: Session, person: User) -> int:
    return db.exec(select(FamilyMember.family_id).where(FamilyMember.user_id == person.id)).first()


def test_a_new_version_shows_at_once(app: Flask, world: PlanWorld, kept: Recording) -> None:
    eva = sign_in(app, world.eva)
    key, _, _ = visit(kept, eva, world.plan_url())
    world.goal("We gaan samen op vakantie")
    world.publish("Versie twee, met de vakantie.")
    new_key, found, page = visit(kept, eva, world.plan_url())
    assert new_key != key and not found
    assert "We gaan samen op vakantie" in page and "Versie twee, met de vakantie." in page


def test_a_version_changed_in_place_shows_at_once(app: Flask, world: PlanWorld, kept: Recording, db: Session) -> None:
    """Versions are never changed, but if one were (a repair by hand), its snapshot's digest is in the key."""
    eva = sign_in(app, world.eva)
    key, _, _ = visit(kept, eva, world.plan_url())
    version = db.exec(select(PlanVersion).where(PlanVersion.plan_id == _plan_id(db, world))).one()
    content = {
        **version.content,
        "goals": [{**g, "title": g["title"] + " (hersteld)"} for g in version.content["goals"]],
    }
    db.exec(update(PlanVersion).where(PlanVersion.id == version.id).values(content=content))
    db.commit()
    new_key, found, page = visit(kept, eva, world.plan_url())
    assert new_key != key and not found and "Lina leert zwemmen (hersteld)" in page


def _plan_id(db: Session, world: PlanWorld) -> int:
    return db.exec(select(Plan.id).where(Plan.family_id == world.family.id)).one()


def test_a_translation_shows_at_once_when_added_changed_or_removed(
    app: Flask, db: Session, world: PlanWorld, kept: Recording
) -> None:
    world.eva.language = "tr"
    db.add(world.eva)
    db.commit()
    eva = sign_in(app, world.eva)
    dutch_key, _, page = visit(kept, eva, world.plan_url())
    assert "Lina yüzmeyi öğreniyor" not in page
    goal = str(world.goals["lina"].id)
    world.run(translations.save, world.petra, world.family.id, "doel", goal, "tr", text="Lina yüzmeyi öğreniyor")
    key, found, page = visit(kept, eva, world.plan_url())
    assert key != dutch_key and not found and "Lina yüzmeyi öğreniyor" in page
    world.run(translations.save, world.petra, world.family.id, "doel", goal, "tr", text="Lina yüzme öğreniyor")
    changed_key, found, page = visit(kept, eva, world.plan_url())
    assert changed_key != key and not found and "Lina yüzme öğreniyor" in page
    world.run(translations.remove, world.petra, world.family.id, "doel", goal, "tr")
    removed_key, found, page = visit(kept, eva, world.plan_url())
    assert removed_key == dutch_key and "Lina yüzme" not in page and "Lina leert zwemmen" in page


def test_the_language_and_the_form_of_address_are_in_the_key(
    app: Flask, db: Session, world: PlanWorld, kept: Recording
) -> None:
    # The summary is about Sara, who does not share: Eva reads "Uw regisseur heeft het plan bijgewerkt." (formal).
    world.share(world.sara, goals=False)
    world.goal("Een doel voor de samenvatting")
    world.run(_publish_about, world.petra, world.family.id, world.sara.id)
    eva = sign_in(app, world.eva)
    formal_key, _, page = visit(kept, eva, world.plan_url())
    assert "Uw regisseur heeft het plan bijgewerkt." in page_text(page)
    world.eva.birth_date = NOW.date().replace(year=NOW.year - 17)  # a mother of 17 is spoken to with "je"
    db.add(world.eva)
    db.commit()
    informal_key, found, page = visit(kept, eva, world.plan_url())
    assert informal_key != formal_key and not found
    assert "Je regisseur heeft het plan bijgewerkt." in page_text(page)
    world.eva.language, world.eva.address_form = "ar", "v"
    db.add(world.eva)
    db.commit()
    arabic_key, found, page = visit(kept, eva, world.plan_url())
    assert arabic_key not in (formal_key, informal_key) and not found and 'lang="ar"' in page
    world.eva.address_form = "m"  # no text of the body changes with it today, but one may: it is in the key
    db.add(world.eva)
    db.commit()
    assert visit(kept, eva, world.plan_url())[0] != arabic_key


def _publish_about(db: Session, user: User, family_id: int, about_id: int) -> PlanVersion:
    return drafting.publish(db, user, family_id, "Over Sara.", summary_about_user_id=about_id)


def test_printing_and_the_release_are_in_the_key(app: Flask, world: PlanWorld, kept: Recording) -> None:
    petra = sign_in(app, world.petra)
    page_key = visit(kept, petra, world.plan_url())[0]
    print_key, found, page = visit(kept, petra, world.plan_url() + "/print")
    assert print_key != page_key and not found and "Lina leert zwemmen" in page
    release = app.extensions["fragments_release"]
    app.extensions["fragments_release"] = release + "-next"
    try:
        assert visit(kept, petra, world.plan_url())[0] != page_key
    finally:
        app.extensions["fragments_release"] = release


def test_the_familys_name_is_in_the_key(app: Flask, db: Session, world: PlanWorld, kept: Recording) -> None:
    eva = sign_in(app, world.eva)
    key = visit(kept, eva, world.plan_url())[0]
    world.family.name = "De Vries-Mulder"
    db.add(world.family)
    db.commit()
    renamed_key, found, page = visit(kept, eva, world.plan_url())
    assert renamed_key != key and not found and "Gezin De Vries-Mulder" in page


def test_a_new_regisseur_or_her_organisation_shows_at_once(
    app: Flask, db: Session, world: PlanWorld, kept: Recording
) -> None:
    eva = sign_in(app, world.eva)
    key, _, page = visit(kept, eva, world.plan_url())
    assert "Petra Jansen" in page
    world.petra.name = "Petra de Graaf"
    db.add(world.petra)
    db.commit()
    renamed_key, found, page = visit(kept, eva, world.plan_url())
    assert renamed_key != key and not found and "Petra Jansen" not in page and "Petra de Graaf" in page
    world.petra.phone = "077 123 45 67"  # her card at the top of the page
    db.add(world.petra)
    db.commit()
    called_key, found, page = visit(kept, eva, world.plan_url())
    assert called_key != renamed_key and not found and 'href="tel:0771234567"' in page
    organisation = Organisation(name="Jeugdteam Venlo-Noord", kind="aanbieder")
    db.add(organisation)
    db.flush()
    world.petra.organisation_id = organisation.id
    db.add(world.petra)
    db.commit()
    moved_key, found, page = visit(kept, eva, world.plan_url())
    assert moved_key != called_key and not found and "Jeugdteam Venlo-Noord" in page


def test_the_date_changes_the_body_only_through_what_she_may_see(app: Flask, world: PlanWorld, kept: Recording) -> None:
    """Nothing in the body depends on today's date but who may see what (ages): a day later the body is kept; once
    Noah is 16 and decides himself (he shares nothing yet), his mother's body leaves his goal out."""
    key, _, page = visit(kept, sign_in(app, world.eva), world.plan_url())
    assert "Noah gaat weer elke dag naar school" in page
    freeze_time(app, NOW.replace(day=2))
    assert visit(kept, sign_in(app, world.eva), world.plan_url())[:2] == (key, True)
    freeze_time(app, NOW.replace(year=NOW.year + 2))
    later_key, found, page = visit(kept, sign_in(app, world.eva), world.plan_url())
    assert later_key != key and not found and "Noah gaat weer elke dag naar school" not in page


def test_the_store_is_made_from_the_config_once(app: Flask) -> None:
    before = app.extensions.pop("fragments", None)
    try:
        with app.app_context():
            first = fragments.store()
            assert isinstance(first, fragments.MemoryStore) and fragments.store() is first
    finally:
        if before is not None:
            app.extensions["fragments"] = before


def test_the_release_fingerprint_covers_templates_catalogues_and_code(app: Flask) -> None:
    names = {name for name, _path in _files(app)}
    assert "templates/plans/plan.html" in names and "webapp/plans/body_cache.py" in names
    assert any(name.startswith("translations/") and name.endswith("messages.mo") for name in names)
    assert all(not Path(name).is_absolute() for name in names)
