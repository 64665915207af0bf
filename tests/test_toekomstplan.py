"""The toekomstplan: a youth of 16+ writes what she wants per domain and ticks her 18-checklist herself.

Sara was born on 2009-06-01; the world's clock says 2027-03-01, so she turns 18 in 92 days.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select
from werkzeug.exceptions import NotFound

from tests.conftest import freeze_time
from tests.plan_factories import PlanWorld, Visitor, born, build_world, page_text, sign_in
from webapp.clock import age_on, from_local
from webapp.models import ChecklistTick, FutureDomainEntry, FutureStep, Toekomstplan
from webapp.toekomstplan import checklist
from webapp.toekomstplan import services as future
from webapp.toekomstplan.checklist import BY_KEY, due_date, eighteenth_birthday


@pytest.fixture
def world(app, db) -> PlanWorld:
    world = build_world(app, db)
    world.share(world.sara, goals=True, toekomstplan=False)  # she has chosen: her parents don't see it
    return world


@pytest.fixture
def sara(app, world: PlanWorld) -> Visitor:
    return sign_in(app, world.sara)


def _url(world: PlanWorld, youth=None) -> str:
    return f"/toekomstplan/{(youth or world.sara).id}"


def _item(html: str, key: str) -> tuple[str, str]:
    """The classes and the inside of one checklist item."""
    found = re.search(rf'<li class="([^"]*)" id="item-{key}">(.*?)</li>', html, re.S)
    assert found, f"no checklist item {key}"
    return found.group(1), found.group(2)


def _ticks(world: PlanWorld) -> list[ChecklistTick]:
    world.db.expire_all()
    return list(world.db.exec(select(ChecklistTick)))


def _entry(world: PlanWorld, domain: str) -> FutureDomainEntry:
    world.db.expire_all()
    return world.db.exec(select(FutureDomainEntry).where(FutureDomainEntry.domain == domain)).one()


# --- from 16 -------------------------------------------------------------------------------------------------------


def test_a_15_year_old_has_no_toekomstplan(app, world: PlanWorld) -> None:
    world.noah.birth_date = born(15, days=1)
    world.db.commit()
    for name in ("noah", "eva", "petra"):
        assert sign_in(app, getattr(world, name)).get(_url(world, world.noah)).status_code == 404, name


@pytest.mark.parametrize(
    ("moment", "exists"),
    # Dutch calendar days: 23:30 in Amsterdam the evening before (21:30 UTC), and 00:30 on the birthday itself (22:30
    # UTC the day before, still 31 May by UTC's calendar).
    [(from_local(datetime(2025, 5, 31, 23, 30)), False), (from_local(datetime(2025, 6, 1, 0, 30)), True)],
    ids=["day-before-16", "16th-birthday"],
)
def test_the_toekomstplan_opens_on_the_16th_birthday(app, world: PlanWorld, moment: datetime, exists: bool) -> None:
    freeze_time(app, moment)
    if exists:
        assert world.run(future.view, world.petra, world.sara.id).youth.id == world.sara.id
    else:
        with pytest.raises(NotFound):
            world.run(future.view, world.petra, world.sara.id)


def test_the_toekomstplan_ends_after_27(app, world: PlanWorld) -> None:
    world.sara.birth_date = born(28, days=1)
    world.db.commit()
    assert sign_in(app, world.sara).get(_url(world)).status_code == 404


def test_the_page_counts_down_to_the_18th_birthday(world: PlanWorld, sara: Visitor) -> None:
    text = page_text(sara.text(_url(world)))
    assert "Mijn toekomstplan" in text
    assert "Nog 92 dagen tot je 18e verjaardag" in text
    assert "0 van de 12 dingen op de 18-lijst zijn geregeld" in text


# --- the 18-checklist ------------------------------------------------------------------------------------------------


def test_the_youth_ticks_a_checklist_item_and_it_is_still_ticked_on_reload(world: PlanWorld, sara: Visitor) -> None:
    response = sara.post(f"{_url(world)}/checklist/digid", {"done": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{_url(world)}#checklist")
    html = sara.text(_url(world))
    classes, inside = _item(html, "digid")
    assert "checklist__item--done" in classes
    assert 'aria-checked="true"' in inside and 'name="done" value="0"' in inside  # the next click unticks it
    assert "1 van de 12 dingen op de 18-lijst zijn geregeld" in page_text(html)
    [tick] = _ticks(world)
    assert (tick.item, tick.done_by_id) == ("digid", world.sara.id)


def test_unticking_a_checklist_item(world: PlanWorld, sara: Visitor) -> None:
    sara.post(f"{_url(world)}/checklist/digid", {"done": "1"})
    assert sara.post(f"{_url(world)}/checklist/digid", {"done": "0"}).status_code == 302
    classes, inside = _item(sara.text(_url(world)), "digid")
    assert "checklist__item--done" not in classes and 'aria-checked="false"' in inside
    assert _ticks(world) == []


def test_ticking_twice_keeps_one_tick(world: PlanWorld, sara: Visitor) -> None:
    sara.post(f"{_url(world)}/checklist/zorgverzekering", {"done": "1"})
    sara.post(f"{_url(world)}/checklist/zorgverzekering", {"done": "1"})
    assert [t.item for t in _ticks(world)] == ["zorgverzekering"]


def test_an_unknown_checklist_item_is_404(world: PlanWorld, sara: Visitor) -> None:
    assert sara.post(f"{_url(world)}/checklist/rijbewijs", {"done": "1"}).status_code == 404


def test_the_htmx_tick_returns_just_the_item(world: PlanWorld, sara: Visitor) -> None:
    response = sara.post(f"{_url(world)}/checklist/digid", {"done": "1"}, htmx=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<body" not in html and html.count('class="checklist__item') == 1
    classes, inside = _item(html, "digid")
    assert "checklist__item--done" in classes and 'aria-checked="true"' in inside
    assert 'role="status"' in inside and "Opgeslagen" in inside
    assert [t.item for t in _ticks(world)] == ["digid"]


def test_the_regisseur_may_tick_for_her_too(app, world: PlanWorld) -> None:
    petra = sign_in(app, world.petra)
    assert petra.post(f"{_url(world)}/checklist/bankrekening", {"done": "1"}).status_code == 302
    assert [(t.item, t.done_by_id) for t in _ticks(world)] == [("bankrekening", world.petra.id)]


def test_overdue_items_are_marked_and_come_first(world: PlanWorld, sara: Visitor) -> None:
    html = sara.text(_url(world))
    classes, inside = _item(html, "woningzoekende")  # 6 months before 2027-06-01: 2026-12-01 has passed
    assert "checklist__item--overdue" in classes and "Had al klaar moeten zijn" in page_text(inside)
    classes, inside = _item(html, "digid")  # due today (2027-03-01): not late yet
    assert "overdue" not in classes
    keys = re.findall(r'id="item-([a-z_0-9]+)"', html)
    assert keys[0] == "woningzoekende" and keys[-1] == "huurtoeslag"  # by due date, the latest last


# --- due dates move with the birth date -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "key", "due"),
    [
        (date(2009, 6, 1), "zorgverzekering", date(2027, 6, 1)),  # on the 18th birthday
        (date(2009, 6, 1), "digid", date(2027, 3, 1)),  # 3 months before
        (date(2009, 6, 1), "woningzoekende", date(2026, 12, 1)),  # 6 months before, the year before
        (date(2009, 6, 1), "zorgtoeslag", date(2027, 7, 1)),  # 1 month after
        (date(2009, 6, 1), "huurtoeslag", date(2027, 12, 1)),  # 6 months after
        (date(2009, 8, 15), "digid", date(2027, 5, 15)),  # born later: due later
        (date(2009, 2, 10), "digid", date(2026, 11, 10)),  # across the new year
        (date(2009, 10, 20), "huurtoeslag", date(2028, 4, 20)),  # after the new year
    ],
    ids=lambda value: value if isinstance(value, str) else value.isoformat(),
)
def test_due_dates_are_months_from_the_18th_birthday(birth: date, key: str, due: date) -> None:
    assert due_date(BY_KEY[key], birth) == due


@pytest.mark.parametrize(
    "birth",
    [
        date(2009, 6, 1),
        date(2010, 2, 28),
        date(2007, 12, 31),
        date(2008, 2, 29),  # a leap-day baby turns 18 on 1 March, for the checklist and the access rules alike
    ],
    ids=lambda value: value.isoformat(),
)
def test_the_18th_birthday_is_the_day_the_app_counts_her_as_18(birth: date) -> None:
    birthday = eighteenth_birthday(birth)
    assert age_on(birth, birthday) == 18
    assert age_on(birth, birthday - timedelta(days=1)) == 17


def test_the_due_dates_on_the_page_follow_the_birth_date(world: PlanWorld) -> None:
    first = {row.item.key: row.due for row in world.run(future.view, world.sara, world.sara.id).checklist}
    world.sara.birth_date = date(2009, 9, 1)  # three months later
    world.db.commit()
    later = {row.item.key: row.due for row in world.run(future.view, world.sara, world.sara.id).checklist}
    assert first["digid"] == date(2027, 3, 1) and later["digid"] == date(2027, 6, 1)
    assert all(later[key] > first[key] for key in first)


@pytest.mark.parametrize(
    ("birth", "key", "due"),
    [
        (date(2009, 5, 31), "zorgverzekering", date(2027, 5, 31)),  # due on the birthday itself
        (date(2009, 3, 30), "bankrekening", date(2027, 3, 30)),
        (date(2009, 5, 31), "digid", date(2027, 2, 28)),  # 3 months before 31 May: the end of February
        (date(2009, 3, 31), "zorgtoeslag", date(2027, 4, 30)),  # a month after 31 March: the end of April
    ],
    ids=lambda value: value if isinstance(value, str) else value.isoformat(),
)
def test_due_dates_at_the_end_of_a_month(birth: date, key: str, due: date) -> None:
    assert due_date(BY_KEY[key], birth) == due
    assert due_date(BY_KEY["zorgverzekering"], birth) == eighteenth_birthday(birth)


def test_every_checklist_item_has_a_unique_key_and_a_due_date_around_18() -> None:
    assert len(BY_KEY) == len(checklist.ITEMS)
    assert all(-12 <= item.months_from_18 <= 12 for item in checklist.ITEMS)


# --- per domain: "what I want" --------------------------------------------------------------------------------------


def test_the_youth_writes_what_she_wants_per_domain(world: PlanWorld, sara: Visitor) -> None:
    data = {"wonen-want_text": "  Een kamer in Venlo  ", "wonen-now_text": "Ik woon bij Ingrid"}
    response = sara.post(f"{_url(world)}/domein/wonen", data)
    assert response.status_code == 302 and response.headers["Location"].endswith("#domein-wonen")
    entry = _entry(world, "wonen")
    assert entry.want_text == "Een kamer in Venlo"
    assert entry.now_text == ""  # "where I am now" is written with the regisseur
    assert re.search(r"<textarea[^>]*>\s*Een kamer in Venlo</textarea>", sara.text(_url(world)))
    sara.post(f"{_url(world)}/domein/school", {"school-want_text": "Mijn diploma halen"})
    assert _entry(world, "school").want_text == "Mijn diploma halen"
    assert _entry(world, "wonen").want_text == "Een kamer in Venlo"


def test_the_regisseur_writes_where_she_is_now(app, world: PlanWorld) -> None:
    petra = sign_in(app, world.petra)
    data = {"wonen-want_text": "Een kamer", "wonen-now_text": "Woont bij pleeggezin Mulder"}
    assert petra.post(f"{_url(world)}/domein/wonen", data).status_code == 302
    entry = _entry(world, "wonen")
    assert (entry.want_text, entry.now_text) == ("Een kamer", "Woont bij pleeggezin Mulder")


def test_the_htmx_domain_save_returns_the_domain(world: PlanWorld, sara: Visitor) -> None:
    response = sara.post(f"{_url(world)}/domein/werk", {"werk-want_text": "Werken in de zorg"}, htmx=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<body" not in html and 'id="domein-werk"' in html and "Werken in de zorg" in html
    assert "Opgeslagen" in html


def test_an_unknown_domain_is_404(world: PlanWorld, sara: Visitor) -> None:
    assert sara.post(f"{_url(world)}/domein/vakantie", {"vakantie-want_text": "Spanje"}).status_code == 404


def test_steps_are_added_and_done(world: PlanWorld, sara: Visitor) -> None:
    data = {"what": "Kamers bekijken met Ingrid", "owner": "Sara", "due": "2027-04-01"}
    assert sara.post(f"{_url(world)}/domein/wonen/stappen", data).status_code == 302
    world.db.expire_all()
    step = world.db.exec(select(FutureStep)).one()
    assert (step.domain, step.owner, step.due_date, step.done) == ("wonen", "Sara", date(2027, 4, 1), False)
    assert sara.post(f"{_url(world)}/stappen/{step.id}/klaar").status_code == 302
    world.db.expire_all()
    assert world.db.get(FutureStep, step.id).done is True
    assert sara.post(f"{_url(world)}/domein/wonen/stappen", {"what": "", "owner": ""}).status_code == 400


# --- who sees it ------------------------------------------------------------------------------------------------------


def test_a_parent_sees_it_only_while_the_youth_shares_it(app, world: PlanWorld, sara: Visitor) -> None:
    sara.post(f"{_url(world)}/domein/wonen", {"wonen-want_text": "Een kamer in Venlo"})
    eva = sign_in(app, world.eva)
    assert eva.get(_url(world)).status_code == 404
    assert "Toekomstplan van Sara" not in page_text(eva.text(world.plan_url()))

    world.share(world.sara, goals=True, toekomstplan=True)
    html = eva.text(_url(world))
    assert "Toekomstplan van Sara" in page_text(html) and "Een kamer in Venlo" in page_text(html)
    assert 'name="wonen-want_text"' not in html and "hx-post" not in html  # reading, not writing
    assert "Toekomstplan van Sara" in page_text(eva.text(world.plan_url()))
    assert eva.post(f"{_url(world)}/checklist/digid", {"done": "1"}).status_code == 404
    assert eva.post(f"{_url(world)}/domein/wonen", {"wonen-want_text": "Thuis blijven"}).status_code == 404
    assert _entry(world, "wonen").want_text == "Een kamer in Venlo"

    world.share(world.sara, goals=True, toekomstplan=False)
    assert eva.get(_url(world)).status_code == 404


def test_nobody_but_her_carers_sees_it_even_when_shared(app, world: PlanWorld) -> None:
    world.share(world.sara, goals=True, toekomstplan=True)
    assert sign_in(app, world.ingrid).get(_url(world)).status_code == 200  # foster mother
    for name in ("tom", "noah"):  # father without gezag, brother
        assert sign_in(app, getattr(world, name)).get(_url(world)).status_code == 404, name


def test_a_stranger_gets_404_on_every_toekomstplan_route(app, world: PlanWorld) -> None:
    step = world.run(future.add_step, world.sara, world.sara.id, "wonen", what="Bellen", owner="Sara", due=None)
    base = _url(world)
    routes = [
        ("GET", base, None),
        ("POST", f"{base}/checklist/digid", {"done": "1"}),
        ("POST", f"{base}/domein/wonen", {"wonen-want_text": "x"}),
        ("POST", f"{base}/domein/wonen/stappen", {"what": "x", "owner": "y"}),
        ("POST", f"{base}/stappen/{step.id}/klaar", {}),
    ]
    for name in ("outsider", "anouk", "mila", "ruud", "eva", "tom", "noah"):
        visitor = sign_in(app, getattr(world, name))
        for method, path, data in routes:
            for htmx in (False, True):
                response = visitor.get(path, htmx=htmx) if method == "GET" else visitor.post(path, data, htmx=htmx)
                assert response.status_code == 404, (name, method, path, htmx)
    assert _ticks(world) == []
    world.db.expire_all()
    assert world.db.exec(select(Toekomstplan)).one().domains == []
