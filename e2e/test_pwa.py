"""OnsPlan as an app on the phone: installable, and without network it shows the offline page in the user's
language (with the emergency numbers), while the worker never keeps a personal page.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect
from playwright.sync_api import Error as PlaywrightError

from e2e.pages import CHROMIUM, CHROMIUM_ARGS, LOCALE, PHONE, PageChecker, choose_language, html_lang_dir, translate
from e2e.server import RunningApp

# Paths a cache may hold: the static shell, the offline pages, the remembered language, and anonymous copies of the
# public reading pages (help, Informatie, glossary). Never a personal page.
SHELL_PATHS = ("/static/", "/offline", "/__onsplan_lang", "/hulp", "/informatie", "/uitleg")

CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(request.url);
  }
  return urls;
}"""


def wait_for_controlling_worker(page: Page) -> None:
    """The service worker is active and controls this page (reloading once if it was installed by this load)."""
    page.evaluate("navigator.serviceWorker.ready.then(registration => Boolean(registration.active))")
    if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
        page.reload()
        page.wait_for_load_state("load")
    page.wait_for_function("Boolean(navigator.serviceWorker.controller)")


def test_app_is_installable_with_a_complete_manifest(
    playwright: Playwright, base_url: str, tmp_path: Path, checker: PageChecker
) -> None:
    # A persistent profile: in an off-the-record (incognito) context Chromium always answers "in-incognito".
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        viewport=PHONE,
        locale=LOCALE,
        base_url=base_url,
    )
    try:
        checker.watch_context(context)
        page = context.pages[0] if context.pages else context.new_page()
        page.goto("/login")
        assert page.evaluate("navigator.serviceWorker.ready.then(registration => registration.scope)") == (
            base_url + "/"
        )
        checker.check(page, "login (persistent profile)")

        cdp = context.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], f"not installable: {errors}"

        found = cdp.send("Page.getAppManifest")
        assert urlsplit(found["url"]).path == "/static/manifest.webmanifest"
        assert found.get("errors", []) == [], found["errors"]
        manifest = json.loads(found["data"])
        assert manifest["name"] == "OnsPlan"
        assert manifest["display"] == "standalone"
        assert manifest["start_url"] == "/home"
        sizes = {icon["sizes"] for icon in manifest["icons"]}
        assert {"192x192", "512x512"} <= sizes
        assert any("maskable" in icon.get("purpose", "") for icon in manifest["icons"])
        for icon in manifest["icons"]:
            response = context.request.get(icon["src"])
            assert response.ok, f"icon {icon['src']}: HTTP {response.status}"
            assert response.headers["content-type"] == icon["type"]
    finally:
        context.close()


def test_offline_phone_sees_the_offline_page_in_arabic_with_emergency_numbers(
    private_app: RunningApp, browser: Browser, browser_context_args: dict, checker: PageChecker
) -> None:
    context = browser.new_context(**{**browser_context_args, "base_url": private_app.base_url})
    try:
        checker.watch_context(context)
        page = context.new_page()
        page.goto("/login")
        wait_for_controlling_worker(page)
        checker.check(page, "login (nl, controlled by the worker)")

        choose_language(page, "ar")
        assert html_lang_dir(page) == ("ar", "rtl")
        checker.check(page, "login (ar)")
        # app.js tells the worker the language; the worker caches /offline?lang=ar (without cookies).
        page.wait_for_function(
            "caches.match('/offline?lang=ar', {ignoreVary: true}).then(found => Boolean(found))", timeout=10_000
        )

        cached = page.evaluate(CACHED_URLS)
        assert cached, "the worker cached nothing"
        personal = [url for url in cached if not urlsplit(url).path.startswith(SHELL_PATHS)]
        assert personal == [], f"the worker cached pages that are not part of the shell: {personal}"

        private_app.stop()  # the network is gone: connections are refused from now on
        with pytest.raises(PlaywrightError):
            context.request.get("/login", timeout=5_000)  # (the API client does not pass through the worker)

        page.goto("/home")
        assert urlsplit(page.url).path == "/home"
        assert html_lang_dir(page) == ("ar", "rtl")
        heading = page.locator("h1")
        expect(heading).to_have_text(translate("ar", "Geen internet"))
        assert heading.inner_text().strip() != "Geen internet", "the offline page is not in Arabic"
        expect(page.locator("a[href='tel:112']")).to_be_visible()
        expect(page.locator("#language-select")).to_have_count(0)
        checker.check(page, "offline page (ar)")

        cached = page.evaluate(CACHED_URLS)
        personal = [url for url in cached if not urlsplit(url).path.startswith(SHELL_PATHS)]
        assert personal == [], f"the worker cached pages that are not part of the shell: {personal}"
    finally:
        context.close()
