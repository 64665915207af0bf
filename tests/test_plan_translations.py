"""The gezinsplan in the family's language: the regisseur (with an interpreter) translates plan parts, the family
reads them in its own language with the Dutch one tap away, and a translation knows when the Dutch changed."""

from __future__ import annotations

import hashlib
import re
from html import unescape

import pytest
from sqlmodel import select
from werkzeug.exceptions import NotFound

from tests.plan_factories import (
    GOAL_TITLES,
    PlanWorld,
    build_world,
    counted_queries,
    page_text,
    sign_in,
)
from webapp.auth import policy
from webapp.demo.story import seed
from webapp.models import Action, Family, GoalStatus, Plan, PlanPartTranslation, User
from webapp.plans import drafting, services, translations

TURKISH_GOAL = "Lina yüzmeyi öğreniyor"
TURKISH_FAMILY_GOAL = "Her gün birlikte yemek yiyoruz"


@pytest.fixture
def world(app, db) -> PlanWorld:
    """De Vries with Eva (mother) and Noah (14) reading Turkish; the others read Dutch."""
    world = build_world(app, db)
    world.eva.language = "tr"
    world.noah.language = "tr"
    db.add_all([world.eva, world.noah])
    db.commit()
    return world


def translate(world: PlanWorld, slug: str, ref, text: str, *, language: str = "tr", interpreter: str = ""):
    return world.run(
        translations.save, world.petra, world.family.id, slug, str(ref), language, text=text, interpreter=interpreter
    )


def stored(world: PlanWorld) -> list[PlanPartTranslation]:
    world.db.expire_all()
    return list(world.db.exec(select(PlanPartTranslation).where(PlanPartTranslation.family_id == world.family.id)))


def actions(world: PlanWorld) -> list[Action]:
    world.db.expire_all()
    plan = world.db.exec(select(Plan).where(Plan.family_id == world.family.id)).one()
    return list(world.db.exec(select(Action).where(Action.plan_id == plan.id)))


def part_url(world: PlanWorld, slug: str, ref) -> str:
    return f"{world.plan_url()}/vertalingen/{slug}/{ref}"


# --- the regisseur translates ----------------------------------------------------------------------------------


def test_a_translation_keeps_the_hash_of_the_dutch_text_it_was_made_from_and_who_made_it(world: PlanWorld) -> None:
    goal = world.goals["family"]
    translate(world, "doel", goal.id, TURKISH_FAMILY_GOAL, interpreter="Ahmet Kaya")
    [row] = stored(world)
    assert row.part == f"goal:{goal.id}"
    assert row.language == "tr"
    assert row.text == TURKISH_FAMILY_GOAL
    assert row.source_hash == hashlib.sha256(GOAL_TITLES["family"].encode()).hexdigest()
    assert (row.translated_by, row.translated_by_id, row.interpreter) == ("Petra Jansen", world.petra.id, "Ahmet Kaya")


def test_translating_a_part_again_changes_the_one_translation(world: PlanWorld) -> None:
    goal = world.goals["family"]
    translate(world, "doel", goal.id, "Eerste poging", interpreter="Ahmet Kaya")
    translate(world, "doel", goal.id, TURKISH_FAMILY_GOAL)
    [row] = stored(world)
    assert (row.text, row.interpreter) == (TURKISH_FAMILY_GOAL, "")


def test_the_regisseur_translates_through_the_pages_with_an_interpreter(app, world: PlanWorld) -> None:
    petra = sign_in(app, world.petra)
    goal = world.goals["family"]
    editor = petra.text(world.editor_url())
    assert part_url(world, "doel", goal.id) in editor  # the goal's "Vertaling" link
    assert "leest Turks" in page_text(editor)
    page = petra.text(part_url(world, "doel", goal.id))
    assert GOAL_TITLES["family"] in page_text(page)
    made_from = re.search(r'name="made_from" value="([0-9a-f]{64})"', page).group(1)
    response = petra.post(
        f"{part_url(world, 'doel', goal.id)}/tr",
        {"text": TURKISH_FAMILY_GOAL, "interpreter": "Ahmet Kaya", "made_from": made_from},
    )
    assert response.status_code == 302
    page = page_text(petra.text(part_url(world, "doel", goal.id)))
    assert "Tolk: Ahmet Kaya" in page and TURKISH_FAMILY_GOAL in page
    overview = page_text(petra.text(f"{world.plan_url()}/vertalingen"))
    assert "Turks: vertaald op" in overview and "Turks: nog niet vertaald" in overview


def test_every_kind_of_part_can_be_translated_and_is_read_in_place(app, world: PlanWorld) -> None:
    world.run(
        drafting.update_basics,
        world.petra,
        world.family.id,
        situation="Het gaat beter thuis.",
        agreements="We bellen elke week.",
        next_evaluation=None,
    )
    version = world.publish("Nieuwe afspraken.")
    action = next(a for a in actions(world) if a.goal_id is None)
    translate(world, "situatie", "gezin", "Evde işler daha iyi gidiyor.")
    translate(world, "afspraken", "gezin", "Her hafta telefonla konuşuyoruz.")
    translate(world, "actie", action.id, "Buzdolabına haftalık bir program asmak")
    translate(world, "samenvatting", version.id, "Yeni anlaşmalar.")
    html = sign_in(app, world.eva).text(world.plan_url())
    eva = page_text(html)
    for text in (
        "Evde işler daha iyi gidiyor.",
        "Her hafta telefonla konuşuyoruz.",
        "Buzdolabına haftalık bir program asmak",
        "Yeni anlaşmalar.",
    ):
        assert text in eva
    assert html.count('<details class="translation__original">') == 4  # Eva's interface is Turkish: no Dutch words


def test_only_the_familys_regisseur_translates_everyone_else_gets_404(app, world: PlanWorld) -> None:
    goal = world.goals["family"]
    paths = [f"{world.plan_url()}/vertalingen", part_url(world, "doel", goal.id)]
    for person in (world.ruud, world.eva, world.sara, world.outsider):
        visitor = sign_in(app, person)
        for path in paths:
            assert visitor.get(path).status_code == 404, (person.name, path)
        assert visitor.post(f"{part_url(world, 'doel', goal.id)}/tr", {"text": "x"}).status_code == 404
    with pytest.raises(NotFound):
        translate_as(world, world.ruud, goal.id)
    with pytest.raises(NotFound):
        translate_as(world, world.eva, goal.id)
    assert stored(world) == []


def translate_as(world: PlanWorld, user, goal_id: int) -> None:
    world.run(translations.save, user, world.family.id, "doel", str(goal_id), "tr", text="Bir şey")


@pytest.mark.parametrize(
    ("who", "allowed"), [("petra", True), ("ruud", False), ("eva", False), ("sara", False), ("outsider", False)]
)
def test_the_policy_lets_only_the_regisseur_of_the_family_translate(world: PlanWorld, who: str, allowed: bool) -> None:
    assert policy.can_translate_plan(getattr(world, who), world.family) is allowed


def test_parts_of_another_family_or_unknown_parts_answer_404(app, world: PlanWorld) -> None:
    petra = sign_in(app, world.petra)
    other_goal = next(iter(world.run(services.view_plan, world.ruud, world.other_family.id).goals))
    for path in (
        part_url(world, "doel", other_goal["id"]),
        part_url(world, "doel", "abc"),
        part_url(world, "iets", 1),
        part_url(world, "situatie", "gezin"),  # no text about the whole family in this draft
        part_url(world, "samenvatting", 999999),
    ):
        assert petra.get(path).status_code == 404, path


def test_a_language_nobody_in_the_family_reads_is_refused(app, world: PlanWorld) -> None:
    petra = sign_in(app, world.petra)
    goal = world.goals["family"]
    assert petra.post(f"{part_url(world, 'doel', goal.id)}/ar", {"text": "مرحبا"}).status_code == 404
    assert stored(world) == []


def test_the_family_languages_leave_out_dutch_and_people_without_an_account(world: PlanWorld, db) -> None:
    world.ingrid.language = "pl"
    world.ingrid.password_hash = None
    db.add(world.ingrid)
    db.commit()
    assert world.run(lambda _db: translations.family_languages(world.family)) == ["tr"]


def test_an_empty_translation_comes_back_with_what_was_typed(app, world: PlanWorld) -> None:
    petra = sign_in(app, world.petra)
    goal = world.goals["family"]
    response = petra.post(f"{part_url(world, 'doel', goal.id)}/tr", {"text": "   ", "interpreter": "Ahmet Kaya"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Schrijf de vertaling in het vak." in page
    assert 'value="Ahmet Kaya"' in page
    too_long = petra.post(f"{part_url(world, 'doel', goal.id)}/tr", {"text": "a" * 8001})
    assert too_long.status_code == 400
    assert "a" * 8001 in too_long.get_data(as_text=True)
    assert stored(world) == []


def test_a_translation_sent_after_the_dutch_changed_answers_409_and_keeps_the_typed_text(app, world: PlanWorld) -> None:
    petra = sign_in(app, world.petra)
    goal = world.goals["family"]
    page = petra.text(part_url(world, "doel", goal.id))
    made_from = re.search(r'name="made_from" value="([0-9a-f]{64})"', page).group(1)
    rename(world, goal.id, "We eten elke avond samen")
    response = petra.post(
        f"{part_url(world, 'doel', goal.id)}/tr", {"text": TURKISH_FAMILY_GOAL, "made_from": made_from}
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert TURKISH_FAMILY_GOAL in html and "We eten elke avond samen" in html
    assert "De Nederlandse tekst is veranderd terwijl je vertaalde." in page_text(html)
    assert stored(world) == []


def test_removing_a_translation_lets_the_family_read_the_dutch_again(app, world: PlanWorld) -> None:
    goal = world.goals["lina"]
    translate(world, "doel", goal.id, TURKISH_GOAL)
    petra = sign_in(app, world.petra)
    assert petra.post(f"{part_url(world, 'doel', goal.id)}/tr/weghalen").status_code == 302
    assert stored(world) == []
    assert petra.post(f"{part_url(world, 'doel', goal.id)}/tr/weghalen").status_code == 404
    assert TURKISH_GOAL not in sign_in(app, world.eva).text(world.plan_url())


# --- the family reads ------------------------------------------------------------------------------------------


def test_a_reader_in_turkish_sees_the_translation_and_the_dutch_original_one_tap_away(app, world: PlanWorld) -> None:
    goal = world.goals["lina"]
    translate(world, "doel", goal.id, TURKISH_GOAL, interpreter="Ahmet Kaya")
    html = sign_in(app, world.eva).text(world.plan_url())
    assert f'lang="tr">{TURKISH_GOAL}</h3>' in html
    original = re.search(r"<details class=\"translation__original\">(.*?)</details>", html, re.S).group(1)
    assert f'<p class="prose" lang="nl" dir="ltr">{GOAL_TITLES["lina"]}</p>' in original
    by = re.search(r'<div class="translation">\s*<p class="hint">(.*?)</p>', html, re.S).group(1)
    assert "<bdi>Petra Jansen</bdi>" in by and "<bdi>Ahmet Kaya</bdi>" in by
    assert "translation__stale" not in html


def test_a_reader_in_dutch_sees_the_dutch_text(app, world: PlanWorld) -> None:
    translate(world, "doel", world.goals["lina"].id, TURKISH_GOAL)
    html = sign_in(app, world.ingrid).text(world.plan_url())
    assert GOAL_TITLES["lina"] in html
    assert TURKISH_GOAL not in html and "translation__original" not in html


def test_the_reader_in_turkish_reads_dutch_where_nothing_is_translated(app, world: PlanWorld) -> None:
    translate(world, "doel", world.goals["lina"].id, TURKISH_GOAL)
    html = sign_in(app, world.eva).text(world.plan_url())
    assert GOAL_TITLES["family"] in html and GOAL_TITLES["eva"] in html


def test_a_youth_who_may_not_see_a_goal_never_gets_its_translation(app, world: PlanWorld) -> None:
    assert GOAL_TITLES["lina"] not in world.visible_goals(world.noah)  # Noah is 14, Lina's goals are not his
    translate(world, "doel", world.goals["lina"].id, TURKISH_GOAL)
    zwemles = next(a for a in actions(world) if a.what == "Zwemles regelen")
    translate(world, "actie", zwemles.id, "Yüzme dersi ayarlamak")
    translate(world, "doel", world.goals["family"].id, TURKISH_FAMILY_GOAL)
    html = sign_in(app, world.noah).text(world.plan_url())
    assert TURKISH_FAMILY_GOAL in html
    assert TURKISH_GOAL not in html and "Yüzme dersi" not in html


def test_a_translation_becomes_older_when_the_dutch_changes_and_the_reader_sees_both(app, world: PlanWorld) -> None:
    goal = world.goals["lina"]
    translate(world, "doel", goal.id, TURKISH_GOAL)
    rename(world, goal.id, "Lina haalt haar zwemdiploma A")
    world.publish("Lina's doel is scherper.")
    html = sign_in(app, world.eva).text(world.plan_url())
    assert TURKISH_GOAL in html
    assert 'class="translation__stale"' in html  # "De Nederlandse tekst is veranderd; deze vertaling is ouder."
    assert re.search(r'<details class="translation__original" open>\s*<summary>', html)
    assert "Lina haalt haar zwemdiploma A" in html
    overview = page_text(sign_in(app, world.petra).text(f"{world.plan_url()}/vertalingen"))
    assert "Turks: ouder dan de Nederlandse tekst" in overview
    assert "1 vertaling is ouder dan de Nederlandse tekst." in overview


def test_a_published_version_compares_the_translation_with_its_own_text(world: PlanWorld) -> None:
    goal = world.goals["lina"]
    translate(world, "doel", goal.id, TURKISH_GOAL)  # made from the title of version 1
    rename(world, goal.id, "Lina haalt haar zwemdiploma A")
    world.publish("Versie 2.")

    def shown_goal(number: int):
        def read(db):
            shown = services.view_plan(db, world.eva, world.family.id, number=number)
            page = translations.for_plan(db, shown, "tr")
            return page.goal(next(g for g in shown.goals if g["id"] == goal.id))

        return world.run(read)

    first, second = shown_goal(1), shown_goal(2)
    assert (first.text, first.stale, first.original) == (TURKISH_GOAL, False, GOAL_TITLES["lina"])
    assert (second.text, second.stale, second.original) == (TURKISH_GOAL, True, "Lina haalt haar zwemdiploma A")
    translate(world, "doel", goal.id, "Lina A yüzme diplomasını alıyor")
    assert shown_goal(1).stale and not shown_goal(2).stale


def test_translations_are_read_in_the_readers_interface_language(world: PlanWorld) -> None:
    translate(world, "doel", world.goals["lina"].id, TURKISH_GOAL)

    def goals_in(language: str):
        def read(db):
            shown = services.view_plan(db, world.eva, world.family.id)
            page = translations.for_plan(db, shown, language)
            return [page.goal(g) for g in shown.goals]

        return world.run(read)

    assert any(t and t.text == TURKISH_GOAL for t in goals_in("tr"))
    assert goals_in("nl") == [None] * len(goals_in("nl"))
    assert goals_in("ar") == [None] * len(goals_in("ar"))


def test_the_plan_page_takes_as_many_queries_with_many_translations_as_with_one(app, world: PlanWorld) -> None:
    eva = sign_in(app, world.eva)
    translate(world, "doel", world.goals["family"].id, TURKISH_FAMILY_GOAL)

    def count() -> int:
        eva.text(world.plan_url())  # warm up
        with counted_queries(app) as statements:
            eva.text(world.plan_url())
        assert sum("plan_part_translation" in s for s in statements) == 1
        return len(statements)

    one = count()
    for key in ("eva", "lina", "noah", "sara_school", "sara_feelings"):
        translate(world, "doel", world.goals[key].id, f"Türkçe {key}")
    for action in actions(world):
        translate(world, "actie", action.id, f"Türkçe {action.what}")
    assert count() == one
    ingrid = sign_in(app, world.ingrid)  # a Dutch reader: no statement for translations at all
    ingrid.text(world.plan_url())
    with counted_queries(app) as statements:
        ingrid.text(world.plan_url())
    assert not any("plan_part_translation" in s for s in statements)


# --- the language each person reads --------------------------------------------------------------------------------


def test_the_family_page_and_the_inbox_show_the_language_each_person_reads(app, world: PlanWorld) -> None:
    petra = sign_in(app, world.petra)
    family_page = page_text(petra.text(f"/gezinnen/{world.family.id}"))
    assert "leest Turks" in family_page and "leest Nederlands" in family_page
    inbox = page_text(petra.text("/berichten"))
    assert "Eva leest Turks" in inbox and "Noah leest Turks" in inbox and "Ingrid leest Nederlands" in inbox


# --- helpers ---------------------------------------------------------------------------------------------------


def rename(world: PlanWorld, goal_id: int, title: str) -> None:
    world.run(
        drafting.save_goal,
        world.petra,
        world.family.id,
        goal_id,
        title=title,
        about_user_id=world.lina.id if goal_id == world.goals["lina"].id else None,
        status=GoalStatus.BUSY,
        target_date=None,
    )


# --- the demo story --------------------------------------------------------------------------------------------


def test_the_demo_story_has_ayses_goal_in_turkish_and_emre_reading_dutch_sees_the_dutch(app, db) -> None:
    with app.app_context():
        seed(db)
        db.commit()
    people = {u.email.split("@")[0]: u for u in db.exec(select(User)).all() if u.email}
    family = next(f for f in db.exec(select(Family)).unique().all() if f.name == "Yılmaz")
    ayse = sign_in(app, people["ayse"]).text(f"/gezinnen/{family.id}/plan")
    assert "Ayşe'nin her ay bir hafta sonu dinlenme zamanı var" in unescape(ayse)
    assert "Ayşe heeft elke maand een weekend rust" in ayse  # the Dutch original, one tap away
    assert "Hatice Demir" in ayse
    emre = sign_in(app, people["emre"]).text(f"/gezinnen/{family.id}/plan")  # reads Dutch
    assert "dinlenme" not in emre
