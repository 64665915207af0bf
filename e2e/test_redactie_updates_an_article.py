"""The redacteur (Fatima, TOTP) changes the Dutch of an article on a 360 px phone: the dashboard and the editor pass
the checks (in Dutch, Arabic, Farsi and Tigrinya), the preview shows the change, publishing makes a new version, and a Turkish reader of that article now
reads the calm notice that the translation is older than the Dutch, with a link to the Dutch."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from e2e.languages import NEW_LANGUAGES, check_in_languages
from e2e.pages import PageChecker, log_in, translate
from e2e.server import RunningApp

REDACTEUR_EMAIL = "redacteur@example.org"
REDACTEUR_TOTP = "REDACTEURDEMO2FAONSPLANINFORMATI"
SLUG = "jim-mentor"
NEW_SENTENCE = "Je mentor mag ook meekomen naar een gesprek op school."


def test_the_redacteur_updates_the_dutch_and_the_turkish_page_says_it_is_older(
    private_app: RunningApp, browser: Browser, browser_context_args: dict, checker: PageChecker
) -> None:
    args = {**browser_context_args, "base_url": private_app.base_url}
    editor = browser.new_context(**args)
    reader = browser.new_context(**{**args, "locale": "tr-TR"})
    try:
        checker.watch_context(editor)
        checker.watch_context(reader)
        page = log_in(editor, REDACTEUR_EMAIL, REDACTEUR_TOTP)
        page.goto("/redactie")
        checker.check(page, "redactie dashboard")
        check_in_languages(page, checker, "redactie dashboard", NEW_LANGUAGES)
        page.goto(f"/redactie/{SLUG}")
        checker.check(page, "redactie article overview")
        check_in_languages(page, checker, "redactie article overview", NEW_LANGUAGES)

        turkish = reader.new_page()
        turkish.goto(f"/informatie/{SLUG}?taal=tr")
        notice = translate("tr", "Deze vertaling is ouder dan de Nederlandse tekst. Er kan iets veranderd zijn.")
        expect(turkish.locator("article")).to_have_attribute("lang", "tr")
        expect(turkish.get_by_text(notice)).to_have_count(0)  # current before the change

        page.goto(f"/redactie/{SLUG}/nl")
        checker.check(page, "redactie editor (nl)")
        check_in_languages(page, checker, "redactie editor", NEW_LANGUAGES)
        section = page.locator("textarea[name=what_you_can_do]")
        section.fill(section.input_value() + "\n\n" + NEW_SENTENCE)
        page.locator("button[name=action][value=preview]").click()
        expect(page.locator("#voorbeeld")).to_contain_text(NEW_SENTENCE)
        page.locator("button[name=action][value=publish]").click()
        page.wait_for_load_state()
        checker.check(page, "redactie after publishing")

        turkish.reload()
        expect(turkish.get_by_text(notice)).to_be_visible()
        checker.check(turkish, "article with the out-of-date notice (tr)")
        turkish.locator(f"a[href*='/informatie/{SLUG}'][href*='taal=nl']").first.click()
        expect(turkish.locator("article")).to_contain_text(NEW_SENTENCE)
    finally:
        editor.close()
        reader.close()
