"""Samira ticks "zorgverzekering" on the 18-checklist of her toekomstplan: htmx swaps just that item (no reload), and
after a reload it is still ticked. She unticks it again, so the demo stays as it was.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from e2e.demo import SAMIRA_EMAIL, DemoData
from e2e.pages import PageChecker, assert_not_reloaded, check_in_dutch_and_arabic, mark_page

ITEM = "zorgverzekering"


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def tick(page: Page, *, to: bool) -> None:
    """Press the item's tick box (htmx swaps the item) and wait for the new state."""
    box = page.locator(f"li#item-{ITEM} button.tick")
    expect(box).to_have_attribute("aria-checked", "false" if to else "true")
    with page.expect_response(lambda response: f"/checklist/{ITEM}" in response.url) as answer:
        box.click()
    assert answer.value.status == 200
    expect(page.locator(f"li#item-{ITEM} button.tick")).to_have_attribute("aria-checked", "true" if to else "false")


def test_youth_ticks_an_item_that_stays_ticked(
    samira_state: dict, new_phone, checker: PageChecker, demo: DemoData
) -> None:
    samira = new_phone(storage_state=samira_state).new_page()
    samira.goto("/home")
    with samira.expect_navigation():
        samira.locator("main a", has_text="Naar mijn toekomstplan").first.click()
    assert path_of(samira) == f"/toekomstplan/{demo.user_id(SAMIRA_EMAIL)}"
    expect(samira.locator("h1")).to_have_text("Mijn toekomstplan")
    item = samira.locator(f"li#item-{ITEM}")
    expect(item.locator("button.tick[role=checkbox]")).to_have_attribute("aria-checked", "false")
    check_in_dutch_and_arabic(samira, checker, "toekomstplan")

    try:
        address = samira.url
        marker = mark_page(samira)
        tick(samira, to=True)
        assert_not_reloaded(samira, marker, address)
        expect(item).to_have_class("checklist__item checklist__item--done")
        expect(item.locator("[role=status]")).to_have_count(1)  # "Opgeslagen", for screen readers
        checker.check(samira, "toekomstplan, item ticked")

        samira.reload()
        samira.wait_for_load_state("load")
        expect(item.locator("button.tick")).to_have_attribute("aria-checked", "true")
        check_in_dutch_and_arabic(samira, checker, "toekomstplan after a reload")
    finally:
        # Untick, so the demo (and any later test) sees the checklist as it was.
        samira.goto(f"/toekomstplan/{demo.user_id(SAMIRA_EMAIL)}")
        if samira.locator(f"li#item-{ITEM} button.tick").get_attribute("aria-checked") == "true":
            tick(samira, to=False)
    samira.reload()
    expect(item.locator("button.tick")).to_have_attribute("aria-checked", "false")
