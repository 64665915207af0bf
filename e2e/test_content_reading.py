"""Informatie on a 360 px phone, without logging in: the library, an article and the glossary pass axe-core in Dutch
and Arabic (right to left); one tap on "Ik begrijp dit niet" says thank you in place; an article read once can be
read again without a connection (the service worker keeps an anonymous copy), like the help page with the crisis
numbers — and nothing personal is kept."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, create_engine

from e2e.pages import PageChecker, choose_language, html_lang_dir
from e2e.server import RunningApp
from webapp.content.sources import sync_directory

ARTICLE = "/informatie/veilig-thuis"
FARSI_ARTICLE = "/informatie/je-rechten"  # one of the four most-read, also in Farsi and Tigrinya
PAGES_CACHE = "onsplan-pages-v1"
PUBLIC_PATHS = ("/static/", "/offline", "/__onsplan_lang", "/hulp", "/informatie", "/uitleg")
CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(request.url);
  }
  return urls;
}"""


def _load_articles(database_url: str) -> None:
    """The articles in content/ (idempotent: a no-op when the demo seed already synced them)."""
    engine = create_engine(database_url)
    try:
        with Session(engine) as db:
            result = sync_directory(db)
            db.commit()
        assert not result.errors, result.errors
    finally:
        engine.dispose()


def _controlled(page: Page) -> None:
    """The service worker controls the page (reloading once if it was installed by this load)."""
    page.evaluate("navigator.serviceWorker.ready.then(registration => Boolean(registration.active))")
    if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
        page.reload()
        page.wait_for_load_state("load")
    page.wait_for_function("Boolean(navigator.serviceWorker.controller)")


def _kept(page: Page, key: str) -> None:
    page.wait_for_function(
        f"caches.open('{PAGES_CACHE}').then(c => c.match({key!r}, {{ignoreVary: true}})).then(Boolean)",
        timeout=10_000,
    )


def test_library_article_and_glossary_pass_the_checks_in_dutch_and_arabic(
    app_server: RunningApp, new_phone, checker: PageChecker
) -> None:
    _load_articles(app_server.database_url)
    page = new_phone().new_page()
    page.goto("/informatie")
    expect(page.locator("h1")).to_have_text("Informatie")
    checker.check(page, "informatie (nl)")

    with page.expect_navigation():
        page.get_by_role("link", name="Ouders", exact=True).click()
    expect(page.locator(".audience-filter a[aria-current=page]")).to_have_text("Ouders")
    with page.expect_navigation():
        page.locator(".article-list a", has_text="Veilig Thuis").click()
    assert urlsplit(page.url).path == ARTICLE
    expect(page.locator("article h2")).to_have_count(4)
    expect(page.locator(".article__meta")).to_contain_text("Gecontroleerd door")
    checker.check(page, "article (nl)")

    # One tap, no sentence: htmx puts the thank-you where the form was.
    page.locator("#niet-begrepen button[type=submit]").click()
    expect(page.locator("#niet-begrepen [role=status]")).to_contain_text("Dank je wel")
    checker.check(page, "article after 'Ik begrijp dit niet' (nl)")

    choose_language(page, "ar")
    assert html_lang_dir(page) == ("ar", "rtl")
    article = page.locator("article")
    assert (article.get_attribute("lang"), article.get_attribute("dir")) == ("ar", "rtl")
    expect(page.locator("article h1")).to_contain_text("Veilig Thuis")
    # "0800-2000" keeps its order inside the Arabic text.
    assert "0800-2000" in page.locator("article bdi", has_text="0800").first.inner_text()
    checker.check(page, "article (ar)")

    page.goto("/informatie")
    assert html_lang_dir(page) == ("ar", "rtl")
    checker.check(page, "informatie (ar)")
    page.goto("/uitleg")
    expect(page.locator("#uitleg-regisseur .dutch-word strong")).to_have_text("regisseur")
    checker.check(page, "glossary (ar)")
    choose_language(page, "nl")
    checker.check(page, "glossary (nl)")


def test_an_article_read_once_opens_again_without_a_connection(
    private_app: RunningApp, browser: Browser, browser_context_args: dict, checker: PageChecker
) -> None:
    _load_articles(private_app.database_url)
    context = browser.new_context(**{**browser_context_args, "base_url": private_app.base_url})
    try:
        checker.watch_context(context)
        page = context.new_page()
        page.goto("/informatie")
        _controlled(page)
        choose_language(page, "fa")  # a Farsi reader (issue 12): many young people in youth care read it
        _kept(page, "/hulp?lang=fa")  # the crisis numbers, in her language, as soon as the language is known

        page.goto(FARSI_ARTICLE)
        title = page.locator("article h1").inner_text()
        _kept(page, f"{FARSI_ARTICLE}?lang=fa")
        kept = [url for url in page.evaluate(CACHED_URLS) if not urlsplit(url).path.startswith(PUBLIC_PATHS)]
        assert kept == [], f"the worker kept pages that are not public: {kept}"

        context.set_offline(True)
        page.wait_for_function("!navigator.onLine")
        page.reload()
        expect(page.locator("article h1")).to_have_text(title)
        assert html_lang_dir(page) == ("fa", "rtl")
        assert page.locator("article").get_attribute("lang") == "fa"  # the Farsi text, not the Dutch fallback
        checker.check(page, "article offline (fa)")

        page.goto("/hulp")
        expect(page.locator("a[href='tel:08002000']")).to_be_visible()
        assert html_lang_dir(page) == ("fa", "rtl")

        page.goto("/informatie/stress")  # never opened: the offline page, not an error
        expect(page.locator("a[href='tel:112']")).to_be_visible()
        context.set_offline(False)
    finally:
        context.close()
