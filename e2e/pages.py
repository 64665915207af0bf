"""What every visited page must pass: axe-core without violations, no sideways scrolling on a 360 px phone, and no
console errors (which include Content-Security-Policy violations). Plus small shared helpers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
from axe_playwright_python.sync_playwright import Axe
from babel.support import Translations
from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Response

from e2e.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
LOCALE = "nl-NL"

# Chromium's own line for a document answered with an error status. The tests ask for some of those on purpose
# (a wrong password: 401, a used invitation: 410; an htmx form to fix: 422) and check the status themselves.
_DOCUMENT_STATUS_ERROR = "Failed to load resource: the server responded with a status of"

_axe = Axe()

TAP_TARGET = 44  # CSS px, both ways
CHECK_BOX = 24  # CSS px: the smallest check box or radio button, even with a large label around it

# Returns one line per tap target that is too small: "tag#id.class "text" width×height px".
_TAP_TARGETS_SCRIPT = """
({minimum, box}) => {
  const SELECTOR = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], label';
  const SLACK = 0.5;  // sub-pixel rounding
  const WORD = /[\\p{L}\\p{N}]/u;
  const describe = (el, rect) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += '#' + el.id;
    else if (el.classList.length) name += '.' + [...el.classList].join('.');
    if (el.type && el.tagName !== 'A' && el.tagName !== 'BUTTON') name += '[type=' + el.type + ']';
    const own = el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA'
      ? [...(el.labels || [])].map((label) => label.innerText).join(' ') : el.innerText;
    const text = (own || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim();
    const shown = text.length > 40 ? text.slice(0, 39) + '…' : text;
    return `${name} "${shown}" ${Math.round(rect.width * 10) / 10}×${Math.round(rect.height * 10) / 10} px`;
  };
  const visible = (el, rect) => {
    if (rect.width <= 1 || rect.height <= 1) return false;  // nothing, or a visually-hidden 1 px box
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible' || style.display === 'none') return false;
    return !el.closest('[inert]');
  };
  const offScreen = (rect) =>
    rect.bottom + window.scrollY <= 0 || rect.right + window.scrollX <= 0;
  // Inside a box of 1 px that hides what overflows it (.visually-hidden, e.g. a honeypot field for robots).
  const clippedAway = (el) => {
    for (let box = el.parentElement; box; box = box.parentElement) {
      const rect = box.getBoundingClientRect();
      const style = getComputedStyle(box);
      if ((rect.width <= 1 || rect.height <= 1) && (style.overflow !== 'visible' || style.clipPath !== 'none')) {
        return true;
      }
    }
    return false;
  };
  const big = (rect, size) => rect.width + SLACK >= size && rect.height + SLACK >= size;
  const isToggle = (el) => el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio');
  const inSentence = (el) => {
    if (!['inline', 'inline-block'].includes(getComputedStyle(el).display)) return false;  // not a flex item
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    if (!block) return false;
    // The words of the block without those of its links and buttons ("Plan bewerken · Zoals het gezin het ziet"
    // are two links side by side, not a sentence).
    const clone = block.cloneNode(true);
    clone.querySelectorAll('a[href], button, [role=button]').forEach((target) => target.remove());
    return WORD.test(clone.textContent);
  };
  const faults = [];
  for (const el of document.querySelectorAll(SELECTOR)) {
    if (el.tagName === 'LABEL' && !(el.control && isToggle(el.control))) continue;
    const rect = el.getBoundingClientRect();
    if (!visible(el, rect)) continue;
    if (el.classList.contains('skip-link') && offScreen(rect)) continue;
    if (el.tagName === 'A' && inSentence(el)) continue;
    if (isToggle(el)) {
      if (clippedAway(el)) continue;
      if (!big(rect, box)) { faults.push(describe(el, rect) + ` (a check box needs ${box} × ${box} px)`); continue; }
      if (big(rect, minimum)) continue;
      const labels = [...(el.labels || [])].map((label) => label.getBoundingClientRect());
      if (labels.some((label) => label.height + SLACK >= minimum && label.width + SLACK >= minimum)) continue;
      faults.push(describe(el, rect) + ' (and no label of 44 px high to tap)');
      continue;
    }
    if (!big(rect, minimum) && !clippedAway(el)) faults.push(describe(el, rect));
  }
  return faults;
}
"""


@cache
def _translations(language: str) -> Translations:
    return Translations.load(str(ROOT / "translations"), [language])


def translate(language: str, message: str, **values: object) -> str:
    """`message` (Dutch source text) as the app shows it in `language`, from the compiled catalogue."""
    text = message if language == "nl" else _translations(language).gettext(message)
    return text % values if values else text


class PageChecker:
    """Collects console errors of watched contexts and checks pages on demand."""

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self._error_documents: set[str] = set()
        self.checked: list[str] = []

    # --- watching ---------------------------------------------------------------------------------------------

    def watch_context(self, context: BrowserContext) -> BrowserContext:
        """Listen to the context's console; also fail a stuck step after 10 s instead of Playwright's 30 s."""
        context.set_default_timeout(10_000)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.console_errors.append(f"uncaught: {error.error}"))
        context.on("response", self._on_response)
        return context

    def _on_response(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type == "document":
            self._error_documents.add(response.url)
        # A form sent by htmx that needs fixing answers 422, which htmx swaps in (see htmx-config in base.html).
        if response.status == 422 and response.request.headers.get("hx-request") == "true":
            self._error_documents.add(response.url)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        if message.text.startswith(_DOCUMENT_STATUS_ERROR) and where in self._error_documents:
            return
        self.console_errors.append(f"{message.text} (at {where})")

    def assert_no_console_errors(self) -> None:
        assert not self.console_errors, "console errors / CSP violations:\n" + "\n".join(self.console_errors)

    # --- checking ---------------------------------------------------------------------------------------------

    def check(self, page: Page, label: str) -> None:
        """axe-core, width, tap targets and console on the page as it is now."""
        page.wait_for_load_state("load")
        where = f"{label} ({page.url})"
        width = page.viewport_size["width"] if page.viewport_size else PHONE["width"]
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, (
            f"{where}: the page scrolls sideways ({scroll_width}px wide on a {width}px screen)"
        )
        self._check_tap_targets(page, where)
        self._check_reflow_at_200_percent(page, where)
        try:
            results = _axe.run(page)
        except Error as error:  # pragma: no cover - only if a CSP ever blocks the injected script
            raise AssertionError(f"{where}: axe-core could not run: {error}") from error
        assert results.violations_count == 0, f"{where}: axe-core violations:\n{results.generate_report()}"
        self.assert_no_console_errors()
        self.checked.append(where)

    @staticmethod
    def _check_tap_targets(page: Page, where: str) -> None:
        """Every visible thing to tap is at least 44 × 44 CSS px (WCAG 2.5.5; on the phone the tests use).

        Measured with getBoundingClientRect in one evaluate. Checked: a[href], button, input (not hidden), select,
        textarea, summary, [role=button] and the label of a check box or radio button. Not visible (no size, a
        visually-hidden 1 px box or inside one, visibility: hidden) is not a target. The exceptions of WCAG 2.5.8:
        - inline: a link inside a sentence (laid out inline or inline-block, and its block has words around it that
          are not links or buttons) is exempt;
        - a check box or radio button counts together with its label when the label is clickable (its `for` or
          wrapping) and at least 44 px high; the box itself must still be at least 24 × 24 px (it shrank to 13 px
          next to a wrapping label);
        - the skip link while it is hidden (moved off the screen until it gets focus).
        """
        faults = page.evaluate(_TAP_TARGETS_SCRIPT, {"minimum": TAP_TARGET, "box": CHECK_BOX})

        assert not faults, (
            f"{where}: tap targets smaller than {TAP_TARGET} × {TAP_TARGET} px (WCAG 2.5.5):\n  " + "\n  ".join(faults)
        )

    @staticmethod
    def _check_reflow_at_200_percent(page: Page, where: str) -> None:
        """WCAG 1.4.10: at 200% zoom a 360 px phone is 180 CSS px wide; nothing may need sideways scrolling."""
        size = page.viewport_size or PHONE
        zoomed = size["width"] // 2
        page.set_viewport_size({"width": zoomed, "height": size["height"]})
        try:
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
        finally:
            page.set_viewport_size(size)
        assert scroll_width <= zoomed, (
            f"{where}: at 200% zoom the page scrolls sideways ({scroll_width}px > {zoomed}px)"
        )


def choose_language(page: Page, language: str) -> None:
    """Pick a language in the footer switcher; app.js submits the form on change."""
    with page.expect_navigation():
        page.select_option("#language-select", language)
    page.wait_for_load_state("load")


def html_lang_dir(page: Page) -> tuple[str | None, str | None]:
    html = page.locator("html")
    return html.get_attribute("lang"), html.get_attribute("dir")


def submit(page: Page) -> Response | None:
    """Click the main form's submit button and wait for the next page (not a language button of the login page's
    language picker, which comes first there)."""
    with page.expect_navigation() as navigation:
        page.locator("main form:not(.language-picker) button[type=submit]").first.click()
    page.wait_for_load_state("load")
    return navigation.value


def check_in_dutch_and_arabic(page: Page, checker: PageChecker, label: str) -> None:
    """Check the page in Dutch and, switched with the footer select, in Arabic (right to left); end in Dutch.

    The switch is saved on the logged-in user, so ending in Dutch (also when a check fails) keeps later steps and
    tests in Dutch.
    """
    if html_lang_dir(page) != ("nl", "ltr"):
        choose_language(page, "nl")
    address = page.url.split("#")[0]
    assert html_lang_dir(page) == ("nl", "ltr")
    checker.check(page, f"{label} (nl)")
    choose_language(page, "ar")
    try:
        assert html_lang_dir(page) == ("ar", "rtl"), f"{label}: not in Arabic after switching"
        assert page.url == address, f"{label}: the language switch went from {address} to {page.url}"
        checker.check(page, f"{label} (ar)")
    finally:
        choose_language(page, "nl")
    assert html_lang_dir(page) == ("nl", "ltr")


_MARKER = "__onsplanE2eMarker"


def mark_page(page: Page) -> str:
    """Put a value on `window` that only survives as long as the page is not reloaded; returns the value."""
    value = f"marker-{id(page)}-{page.evaluate('Date.now()')}"
    page.evaluate(f"value => {{ window.{_MARKER} = value; }}", value)
    return value


def assert_not_reloaded(page: Page, marker: str, address: str) -> None:
    """The page is the same document as when `mark_page` returned `marker` (an htmx swap, not a navigation)."""
    assert page.url == address, f"the address changed from {address} to {page.url}"
    assert page.evaluate(f"() => window.{_MARKER}") == marker, "the page was reloaded (the window marker is gone)"


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def log_in(context: BrowserContext, email: str, totp_secret: str | None = None) -> Page:
    """A new page in this context, logged in with the demo password (and a TOTP code for a professional); on /home."""
    page = context.new_page()
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    submit(page)
    if totp_secret:
        assert path_of(page) == "/tweestaps/controle", page.url
        page.fill("#code", pyotp.TOTP(totp_secret).now())
        submit(page)
    assert path_of(page) == "/home", f"{email} did not get in: {page.url}"
    return page
