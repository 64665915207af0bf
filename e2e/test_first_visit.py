"""A first visit that explains itself, on a 360 px phone: a newcomer reads what OnsPlan is, picks Arabic at the top
of the first page (right to left at once), finds what to do without an account and how to put OnsPlan on the home
screen; Emre (15) reads at /delen who sees what of him; the home page offers the home screen once.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e.demo import DemoData
from e2e.pages import PageChecker, check_in_dutch_and_arabic, html_lang_dir, path_of, translate


def _top(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not on the page"
    return box["y"]


def test_a_newcomer_picks_arabic_at_the_top_and_finds_what_to_do_without_an_account(
    new_phone, checker: PageChecker
) -> None:
    page = new_phone().new_page()
    page.goto("/")
    assert path_of(page) == "/login"
    assert html_lang_dir(page) == ("nl", "ltr")
    expect(page.locator("main .lead")).to_contain_text(
        "OnsPlan is er voor gezinnen met een gezinsplan in de jeugdhulp."
    )
    # The languages come first, above the heading and the form, each in its own script.
    picker = page.locator("form.language-picker")
    assert _top(page, "form.language-picker") < _top(page, "h1") < _top(page, "#email")
    arabic = picker.locator("button[lang=ar]")
    expect(arabic).to_have_text("العربية")
    expect(picker.locator("button[lang=uk]")).to_have_text("Українська")
    expect(picker.locator("button[lang=nl]")).to_have_attribute("aria-current", "true")
    checker.check(page, "login, first visit (nl)")

    page.locator("a[href='/geen-account']").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Geen account?")
    expect(page.locator("main")).to_contain_text("Je regisseur nodigt je uit.")
    expect(page.locator("main a[href='/aanmelden']")).to_be_visible()
    checker.check(page, "no account (nl)")
    page.locator("main a[href='/login']").click()
    page.wait_for_load_state("load")

    with page.expect_navigation():
        page.locator("form.language-picker button[lang=ar]").click()
    page.wait_for_load_state("load")
    assert path_of(page) == "/login"
    assert html_lang_dir(page) == ("ar", "rtl")
    assert page.locator("h1").inner_text().strip() == translate("ar", "Inloggen")
    expect(page.locator("form.language-picker button[lang=ar]")).to_have_attribute("aria-current", "true")
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    checker.check(page, "login, first visit (ar)")

    page.locator("a[href='/geen-account']").click()
    page.wait_for_load_state("load")
    assert html_lang_dir(page) == ("ar", "rtl")
    expect(page.locator("main a[href='/aanmelden']")).to_be_visible()
    checker.check(page, "no account (ar)")

    page.goto("/beginscherm")
    assert html_lang_dir(page) == ("ar", "rtl")
    checker.check(page, "home screen steps (ar)")


def test_the_home_screen_page_shows_steps_and_its_install_button_when_the_browser_offers(
    new_phone, checker: PageChecker
) -> None:
    page = new_phone().new_page()
    page.goto("/login")
    page.locator("a[href='/beginscherm']").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Zet OnsPlan op je beginscherm")
    expect(page.locator("#android-title")).to_be_visible()
    expect(page.locator("#iphone-title")).to_be_visible()
    expect(page.locator("[data-install]")).to_be_hidden()  # no offer from this browser yet
    expect(page.locator(".welcome-installed")).to_be_hidden()  # not running from the home screen
    checker.check(page, "home screen steps (nl)")

    # What Chrome does when OnsPlan may be installed: the page's own button appears and asks.
    page.evaluate(
        """() => {
          const event = new Event('beforeinstallprompt', {cancelable: true});
          window.__asked = 0;
          event.prompt = () => { window.__asked += 1; return Promise.resolve(); };
          event.userChoice = Promise.resolve({outcome: 'accepted', platform: 'web'});
          window.dispatchEvent(event);
        }"""
    )
    button = page.locator("[data-install-button]")
    expect(button).to_be_visible()
    checker.check(page, "home screen with the install button (nl)")
    button.click()
    expect(page.locator("[data-install-done]")).to_be_visible()
    expect(page.locator("[data-install]")).to_be_hidden()
    assert page.evaluate("window.__asked") == 1


def test_emre_reads_who_sees_what_of_him_at_delen(
    emre_state: dict, new_phone, checker: PageChecker, demo: DemoData
) -> None:
    page = new_phone(storage_state=emre_state).new_page()
    page.goto(f"/gezinnen/{demo.family_id('Yılmaz')}/plan")
    link = page.locator("a[href='/delen']")
    expect(link).to_have_text("Wie ziet wat van jou?")
    link.click()
    page.wait_for_load_state("load")
    assert path_of(page) == "/delen"
    expect(page.locator("h1")).to_have_text("Wie ziet wat van jou?")
    main = page.locator("main")
    expect(main.locator(".sharing-explained__people")).to_contain_text("Ayşe Yılmaz")
    expect(main).to_contain_text("Je regisseur is Petra Jansen.")
    expect(main).to_contain_text("word je 16.")
    expect(main.locator("a[href='/informatie/je-rechten']")).to_be_visible()
    check_in_dutch_and_arabic(page, checker, "who sees what (Emre)")


def test_the_home_page_offers_the_home_screen_once(hendriks_state: dict, new_phone, checker: PageChecker) -> None:
    page = new_phone(storage_state=hendriks_state).new_page()
    page.goto("/home")
    offer = page.locator("#install-offer")
    expect(offer.locator("h2")).to_be_visible()
    assert _top(page, "#install-offer") < _top(page, "main section:not(#install-offer)")
    checker.check(page, "home with the install offer (Marleen)")

    offer.locator("button[value=nee]").click()  # htmx: the card gives way to a short note
    note = page.locator("p#install-offer[role=status]")
    expect(note).to_contain_text("Account")
    assert path_of(page) == "/home"
    checker.check(page, "home after 'Nee, dank je' (Marleen)")

    page.reload()
    expect(page.locator("#install-offer-title")).to_have_count(0)
    page.goto("/account")
    page.locator("main a[href='/beginscherm']").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_contain_text("beginscherm")
    expect(page.locator("main a[href='/home']")).to_be_visible()
