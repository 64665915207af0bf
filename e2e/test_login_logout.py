"""Samira (a youth) logs in on her phone, finds her regisseur and help, and logs out again; mistakes are explained in
her language; the whole login works with the keyboard alone.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from e2e.pages import PageChecker, choose_language, html_lang_dir, submit, translate

SAMIRA = "samira@example.org"
PASSWORD = "onsplan-demo"
WRONG_PASSWORD = "dit-is-niet-mijn-wachtwoord"


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def test_youth_logs_in_finds_her_regisseur_and_logs_out(page: Page, checker: PageChecker) -> None:
    checker.watch_context(page.context)
    page.goto("/login")
    checker.check(page, "login")
    page.fill("#email", SAMIRA)
    page.fill("#password", PASSWORD)
    submit(page)

    assert path_of(page) == "/home"
    expect(page.locator("h1")).to_have_text("Hoi Samira")
    expect(page.locator("main")).to_contain_text("Gezin Haddou")
    expect(page.locator("main .contact__name")).to_have_text("Petra Jansen")
    expect(page.locator("a.help-button")).to_have_attribute("href", "/hulp")
    bottom_nav = page.locator("nav.bottom-nav")
    for href in ("/home", "/hulp", "/account"):
        expect(bottom_nav.locator(f"a[href='{href}']")).to_be_visible()
    checker.check(page, "home")

    with page.expect_navigation():
        bottom_nav.locator("a[href='/hulp']").click()
    assert path_of(page) == "/hulp"
    expect(page.locator("a[href='tel:112']")).to_be_visible()
    checker.check(page, "help")

    with page.expect_navigation():
        bottom_nav.locator("a[href='/account']").click()
    assert path_of(page) == "/account"
    expect(page.locator("main")).to_contain_text(SAMIRA)
    checker.check(page, "account")

    with page.expect_navigation():
        page.locator("main form[action='/logout'] button").click()
    page.wait_for_load_state("load")
    assert path_of(page) == "/login"
    assert "signed_out=1" in page.url
    expect(page.locator(".flash--success[role=status]")).to_have_text("Je bent uitgelogd.")
    checker.check(page, "login after logout")

    response = page.goto("/home")
    assert path_of(page) == "/login", "after logging out, /home must send the visitor to the login page"
    assert response is not None
    assert response.ok
    expect(page.locator("h1")).to_have_text("Inloggen")
    checker.check(page, "login, redirected from /home")


def test_wrong_password_keeps_the_email_and_explains_in_the_chosen_language(page: Page, checker: PageChecker) -> None:
    checker.watch_context(page.context)

    def log_in_wrongly() -> str:
        page.fill("#email", SAMIRA)
        page.fill("#password", WRONG_PASSWORD)
        response = submit(page)
        assert response is not None
        assert response.status == 401
        expect(page.locator("#email")).to_have_value(SAMIRA)
        expect(page.locator("#password")).to_have_value("")
        expect(page.locator(".error-summary[role=alert]")).to_be_visible()
        error = page.locator("p.error")
        expect(error).to_have_count(1)
        return error.inner_text().strip()

    page.goto("/login")
    dutch = log_in_wrongly()
    assert dutch == "Dit e-mailadres of wachtwoord klopt niet. Probeer het nog een keer."
    expect(page.locator("#password")).to_have_attribute("aria-invalid", "true")
    checker.check(page, "login with a wrong password (nl)")

    page.goto("/login")
    choose_language(page, "en")
    assert html_lang_dir(page) == ("en", "ltr")
    checker.check(page, "login (en)")
    english = log_in_wrongly()
    assert english, "the English error message is empty"
    assert english != dutch, "the error message is still in Dutch after switching to English"
    assert english == translate("en", "Dit e-mailadres of wachtwoord klopt niet. Probeer het nog een keer.")
    checker.check(page, "login with a wrong password (en)")


def test_keyboard_user_skips_to_the_form_and_logs_in(page: Page, checker: PageChecker) -> None:
    checker.watch_context(page.context)
    page.goto("/login")
    checker.check(page, "login")

    def focused() -> dict:
        return page.evaluate(
            "() => { const e = document.activeElement;"
            " return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, href: e.getAttribute('href')}; }"
        )

    page.keyboard.press("Tab")
    first = focused()
    assert first["tag"] == "a"
    assert "skip-link" in first["cls"], f"the first Tab stop is {first}, not the skip link"
    expect(page.locator("a.skip-link")).to_be_visible()  # it shows itself when focused
    assert first["href"] == "#main"

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")

    page.keyboard.press("Tab")
    # The languages come first on the login page (one button each, issue 13), then the form.
    for _ in range(page.locator("form.language-picker button").count()):
        assert "language-picker__choice" in focused()["cls"], f"expected a language button, not {focused()}"
        page.keyboard.press("Tab")
    assert focused()["id"] == "email", f"after the languages, Tab goes to {focused()}, not to the e-mail field"
    page.keyboard.type(SAMIRA)
    page.keyboard.press("Tab")
    assert focused()["id"] == "password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")

    assert path_of(page) == "/home"
    expect(page.locator("h1")).to_have_text("Hoi Samira")
    checker.check(page, "home (after a keyboard login)")
