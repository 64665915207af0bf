"""The layout faults seen on a 360 px phone (issue 13, item 6) stay fixed, in Dutch and in the languages where they
showed: the header is one row, check boxes keep their size, the caseload has no sideways scroll, the date field is
whole, the 18-list's tick box leaves its title alone, the bottom-nav words do not touch, and key text links are tall
enough to tap. Every page visited also passes the PageChecker (axe-core, reflow, 44 px tap targets).

A logged-in user's language is saved on the account: each test switches back to Dutch at the end (also when it
fails), so the other journeys on the same server stay in Dutch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise

import pytest
from playwright.sync_api import BrowserContext, Page

from e2e.demo import DemoData
from e2e.pages import PageChecker, choose_language, html_lang_dir

FAMILY_LANGUAGES = ["nl", "tr", "ar", "pl", "uk"]
BOTTOM_NAV_LANGUAGES = ["nl", "tr", "ar", "pl", "uk", "fa", "ti"]
ONE_ROW = 72  # px: the header's tallest item (48 px) and its padding; two rows were 100 px and more
RTL = {"ar", "fa"}


@contextmanager
def in_language(page: Page, language: str) -> Iterator[None]:
    """The page in `language` (switched with the footer select); back in Dutch afterwards."""
    if html_lang_dir(page)[0] != language:
        choose_language(page, language)
    assert html_lang_dir(page)[0] == language
    try:
        yield
    finally:
        if html_lang_dir(page)[0] != "nl":
            choose_language(page, "nl")


def header_height(page: Page) -> float:
    return page.locator("header.topbar").bounding_box()["height"]


def size_of(page: Page, selector: str) -> list[dict]:
    """Width and height of every element matching `selector`, with its text for the failure message."""
    return page.eval_on_selector_all(
        selector,
        """els => els.map(e => { const r = e.getBoundingClientRect();
            return {text: (e.innerText || e.id || '').trim(), width: r.width, height: r.height}; })""",
    )


def _phone(new_phone: Callable[..., BrowserContext], state: dict, width: int = 360) -> Page:
    context = new_phone(storage_state=state, viewport={"width": width, "height": 740})
    page = context.new_page()
    page.goto("/home")
    return page


# --- the header ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_the_youths_header_is_one_row_on_a_phone(
    language: str, new_phone: Callable[..., BrowserContext], samira_state: dict, checker: PageChecker
) -> None:
    page = _phone(new_phone, samira_state)
    with in_language(page, language):
        height = header_height(page)
        assert height <= ONE_ROW, f"the header is {height} px high in {language}: two rows"
        help_button = page.locator("a.help-button").bounding_box()
        assert help_button["x"] >= 0 and help_button["x"] + help_button["width"] <= 360
        checker.check(page, f"youth home ({language})")


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_the_regisseurs_header_is_one_row_on_a_phone_with_the_menu_behind_a_button(
    language: str, new_phone: Callable[..., BrowserContext], petra_state: dict, checker: PageChecker
) -> None:
    page = _phone(new_phone, petra_state)
    with in_language(page, language):
        assert header_height(page) <= ONE_ROW, f"the header is {header_height(page)} px high in {language}"
        menu = page.locator("details.pro-menu")
        assert not page.locator("nav.pro-menu__nav").is_visible()
        menu.locator("summary").click()
        # The menu opens under the header and holds every item and Uitloggen, each at least 44 px high.
        items = size_of(page, "nav.pro-menu__nav a, nav.pro-menu__nav button")
        assert len(items) >= 5, items
        assert all(item["height"] >= 44 for item in items), items
        assert header_height(page) <= ONE_ROW, "the open menu pushes the header open"
        checker.check(page, f"regisseur home, menu open ({language})")


@pytest.mark.parametrize("language", ["nl", "tr", "pl", "uk"])
def test_on_a_wide_screen_the_regisseurs_menu_and_uitloggen_fit_one_row(
    language: str, new_phone: Callable[..., BrowserContext], petra_state: dict, checker: PageChecker
) -> None:
    page = _phone(new_phone, petra_state, width=1280)
    with in_language(page, language):
        assert page.locator("nav.pro-nav").is_visible() and not page.locator("details.pro-menu").is_visible()
        assert header_height(page) <= ONE_ROW, f"the header is {header_height(page)} px high at 1280 px"
        logout = page.locator(".topbar__logout button").bounding_box()
        assert logout["height"] <= 52, f"'Uitloggen' wraps at 1280 px ({logout['height']} px high)"
        checker.check(page, f"regisseur home, 1280 px ({language})")


# --- the bottom navigation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", BOTTOM_NAV_LANGUAGES)
def test_the_bottom_nav_words_do_not_touch(
    language: str, new_phone: Callable[..., BrowserContext], samira_state: dict
) -> None:
    page = _phone(new_phone, samira_state)
    with in_language(page, language):
        labels = page.eval_on_selector_all(
            ".bottom-nav__label",
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [e.innerText, r.left, r.right]; })",
        )
        assert len(labels) == 5
        ordered = sorted(labels, key=lambda label: label[1])
        for (word, _, right), (next_word, left, _) in pairwise(ordered):
            assert left - right >= 4, f"{language}: '{word}' and '{next_word}' touch ({left - right:.1f} px apart)"
        assert ordered[0][1] >= 0 and ordered[-1][2] <= 360, f"{language}: a word is cut off at the screen's edge"
        tabs = size_of(page, ".bottom-nav a")
        assert all(tab["width"] >= 44 and tab["height"] >= 44 for tab in tabs), tabs


# --- check boxes, radio buttons, date fields ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "ar", "pl"])
def test_check_boxes_keep_their_size_when_their_label_wraps(language: str, page: Page, checker: PageChecker) -> None:
    checker.watch_context(page.context)
    page.goto("/login")
    with in_language(page, language):
        page.set_viewport_size({"width": 360, "height": 740})
        remember = size_of(page, "#remember")[0]
        assert remember["width"] >= 24 and remember["height"] >= 24, remember
        label = size_of(page, "label[for=remember]")[0]
        assert label["height"] >= 44, label
        # Even where the label takes three lines, the box stays square and whole.
        page.set_viewport_size({"width": 200, "height": 740})
        narrow = size_of(page, "#remember")[0]
        assert narrow["width"] >= 24 and narrow["height"] >= 24, f"the box shrank next to a wrapping label: {narrow}"
        page.set_viewport_size({"width": 360, "height": 740})
        checker.check(page, f"login ({language})")


NATURAL_WIDTHS = """els => els.map(e => {
  const twin = e.cloneNode();
  twin.style.cssText = 'inline-size:auto!important;min-inline-size:0!important;max-inline-size:none!important;'
    + 'position:absolute;visibility:hidden';
  e.parentElement.append(twin);
  const natural = twin.getBoundingClientRect().width;
  twin.remove();
  return {id: e.id, width: e.getBoundingClientRect().width, natural};
})"""


@pytest.mark.parametrize("language", ["nl", "ar", "pl"])
def test_the_new_appointment_form_shows_the_whole_date_and_square_check_boxes(
    language: str, new_phone: Callable[..., BrowserContext], petra_state: dict, demo: DemoData, checker: PageChecker
) -> None:
    page = _phone(new_phone, petra_state)
    page.goto(f"/afspraken/nieuw?gezin={demo.family_id('Haddou')}")
    with in_language(page, language):
        for field in page.eval_on_selector_all("input[type=date], input[type=time]", NATURAL_WIDTHS):
            assert field["width"] + 0.5 >= field["natural"], f"{language}: the {field['id']} field is cut off: {field}"
        boxes = size_of(page, "input[type=checkbox]")
        assert boxes and all(box["width"] >= 24 and box["height"] >= 24 for box in boxes), boxes
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        checker.check(page, f"new appointment ({language})")


def test_the_changed_appointment_form_shows_the_whole_date(
    new_phone: Callable[..., BrowserContext], petra_state: dict, demo: DemoData, checker: PageChecker
) -> None:
    page = _phone(new_phone, petra_state)
    appointment = demo.appointment_ids("petra@example.org")[-1]
    page.goto(f"/afspraken/{appointment}/wijzigen")
    assert page.locator("input[type=date]").count() == 1, page.url
    for field in page.eval_on_selector_all("input[type=date], input[type=time]", NATURAL_WIDTHS):
        assert field["width"] + 0.5 >= field["natural"], f"the {field['id']} field is cut off: {field}"
    checker.check(page, "change an appointment (nl)")


# --- the caseload -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "ar", "tr"])
def test_the_caseload_is_a_card_per_family_on_a_phone(
    language: str, new_phone: Callable[..., BrowserContext], petra_state: dict, checker: PageChecker
) -> None:
    page = _phone(new_phone, petra_state)
    with in_language(page, language):
        wrap = page.locator(".caseload-wrap")
        scroll, client = wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert scroll <= client, f"the caseload scrolls sideways ({scroll} px in {client} px)"
        cards = page.locator("table.caseload tbody tr")
        assert cards.count() == 2
        for index in range(cards.count()):
            card = cards.nth(index).bounding_box()
            assert card["width"] <= 360 - 32 + 1, card
            # The family's name heads its card, and every cell shows its column's name.
            header = cards.nth(index).locator("th[scope=row] a")
            assert header.bounding_box()["height"] >= 44
        labels = page.eval_on_selector_all(
            "table.caseload td", "els => els.map(e => getComputedStyle(e, '::before').content)"
        )
        assert all(label not in ("none", "normal", '""') for label in labels), labels
        checker.check(page, f"caseload on a phone ({language})")


def test_the_caseload_stays_a_table_on_a_wide_screen(
    new_phone: Callable[..., BrowserContext], petra_state: dict, checker: PageChecker
) -> None:
    page = _phone(new_phone, petra_state, width=1280)
    assert page.locator("table.caseload tbody tr").first.evaluate("e => getComputedStyle(e).display") == "table-row"
    assert page.locator("table.caseload thead").is_visible()
    checker.check(page, "caseload at 1280 px (nl)")


# --- the 18-list and key text links -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "ar", "pl"])
def test_the_tick_box_leaves_the_title_of_each_18_list_item_alone(
    language: str, new_phone: Callable[..., BrowserContext], samira_state: dict, demo: DemoData, checker: PageChecker
) -> None:
    page = _phone(new_phone, samira_state)
    page.goto(f"/toekomstplan/{demo.user_id('samira@example.org')}")
    with in_language(page, language):
        items = page.eval_on_selector_all(
            ".checklist__item",
            """els => els.map(e => {
                const tick = e.querySelector('.tick').getBoundingClientRect();
                const title = e.querySelector('.checklist__title');
                const box = title.getBoundingClientRect();
                return {title: title.innerText, tick: [tick.left, tick.right, tick.width, tick.height],
                        text: [box.left, box.right], overflow: title.scrollWidth - title.clientWidth,
                        card: [e.getBoundingClientRect().left, e.getBoundingClientRect().right]};
            })""",
        )
        assert len(items) >= 10
        for item in items:
            tick_left, tick_right, width, height = item["tick"]
            text_left, text_right = item["text"]
            assert width >= 44 and height >= 44, item
            if language in RTL:
                assert tick_left >= text_right, f"the tick box covers '{item['title']}': {item}"
            else:
                assert tick_right <= text_left, f"the tick box covers '{item['title']}': {item}"
            assert item["overflow"] <= 1, f"'{item['title']}' runs out of its box: {item}"
            assert item["card"][0] >= 0 and item["card"][1] <= 360, item
        checker.check(page, f"toekomstplan ({language})")


def test_key_text_links_are_tall_enough_to_tap(
    new_phone: Callable[..., BrowserContext], samira_state: dict, demo: DemoData, checker: PageChecker
) -> None:
    page = _phone(new_phone, samira_state)
    mentor = page.get_by_role("link", name="Naar mijn mentor", exact=True)
    if mentor.count():  # the mentor card (it may be folded into "Nu voor jou")
        assert mentor.first.bounding_box()["height"] >= 44
    checker.check(page, "youth home (nl)")
    family = demo.family_id("Haddou")
    page.goto(f"/gezinnen/{family}/plan")
    changed = page.get_by_role("link", name="Wat is er veranderd?", exact=True)
    assert changed.count() == 1, page.url
    assert changed.bounding_box()["height"] >= 44
    checker.check(page, "plan (nl)")
    with page.expect_navigation():
        changed.click()
    back = page.get_by_role("link", name="Terug naar het plan")
    assert back.count() >= 1, page.url
    box = back.first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    checker.check(page, "what changed (nl)")
