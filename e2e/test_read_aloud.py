"""Lees voor on a 360 px phone: an article, the family plan and the toekomstplan read aloud by the device's voice.

The browser's speech is replaced (an init script) by a recording fake: it has a Dutch and an Arabic voice on the
device (and a Dutch one that would send the text to a server, which must never be chosen), records speak, pause,
resume and cancel, and lets the test fire the `boundary` and `end` events a real voice fires while it reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import create_engine
from sqlmodel import Session

from e2e.demo import DemoData
from e2e.pages import PageChecker
from e2e.server import RunningApp

DUTCH = {"name": "Xander", "lang": "nl-NL", "localService": True, "default": True, "voiceURI": "xander"}
ARABIC = {"name": "Maged", "lang": "ar-SA", "localService": True, "default": False, "voiceURI": "maged"}
DUTCH_ONLINE = {"name": "Online Nederlands", "lang": "nl-NL", "localService": False, "default": False, "voiceURI": "x"}
VOICES = [DUTCH_ONLINE, DUTCH, ARABIC]  # none for Turkish

FAKE_SPEECH = """
(() => {
  const voices = %(voices)s;
  const log = [];
  let current = null;
  let paused = false;
  const fire = (utterance, type, values) => {
    if (!utterance) return;
    const event = new Event(type);
    Object.assign(event, { utterance, charIndex: 0, charLength: 0, name: "", ...values });
    utterance.dispatchEvent(event);
  };
  class FakeUtterance extends EventTarget {
    constructor(text) {
      super();
      this.text = text;
      this.voice = null;
      this.lang = "";
      this.rate = 1;
      this.pitch = 1;
      this.volume = 1;
    }
  }
  const speech = {
    getVoices: () => voices.slice(),
    speak(utterance) {
      log.push({ call: "speak", text: utterance.text, voice: utterance.voice && utterance.voice.name, lang: utterance.lang });
      current = utterance;
    },
    pause() { log.push({ call: "pause" }); paused = true; },
    resume() { log.push({ call: "resume" }); paused = false; },
    cancel() {
      log.push({ call: "cancel" });
      const was = current;
      current = null;
      fire(was, "error", { error: "interrupted" });
    },
    get speaking() { return current !== null; },
    get paused() { return paused; },
    get pending() { return false; },
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", { configurable: true, get: () => speech });
  Object.defineProperty(window, "SpeechSynthesisUtterance", { configurable: true, writable: true, value: FakeUtterance });
  window.__speech = {
    log,
    boundary(charIndex, charLength) { fire(current, "boundary", { name: "word", charIndex, charLength }); },
    end() { const was = current; current = null; fire(was, "end", {}); },
  };
})();
"""

NO_HIGHLIGHT_API = "Object.defineProperty(window, 'Highlight', { configurable: true, value: undefined });"
NO_SPEECH = "Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: undefined });"


@pytest.fixture(scope="module")
def articles(app_server: RunningApp) -> None:
    """The articles of content/ in the e2e database (the sync is idempotent: running it again changes nothing)."""
    from webapp.content.sources import sync_directory

    engine = create_engine(app_server.database_url)
    try:
        with Session(engine) as db:
            sync_directory(db)
            db.commit()
    finally:
        engine.dispose()


def _phone(new_phone, *scripts: str, **kwargs) -> Page:
    context: BrowserContext = new_phone(**kwargs)
    for script in scripts:
        context.add_init_script(script)
    return context.new_page()


def speaking_phone(new_phone, *extra: str, voices: list[dict] | None = None, **kwargs) -> Page:
    return _phone(new_phone, FAKE_SPEECH % {"voices": json.dumps(voices or VOICES)}, *extra, **kwargs)


def calls(page: Page) -> list[dict]:
    return page.evaluate("() => window.__speech.log.slice()")


def spoken(page: Page) -> list[dict]:
    return [call for call in calls(page) if call["call"] == "speak"]


def flat(text: str) -> str:
    return " ".join(text.split())


def word_highlighted(page: Page) -> str | None:
    return page.evaluate(
        """() => {
          const word = CSS.highlights.get("read-aloud-word");
          return word ? [...word][0].toString() : null;
        }"""
    )


def read_to_the_end(page: Page, limit: int = 200) -> list[str]:
    """Let the fake voice finish every piece in turn; the texts it was given."""
    status = page.locator("[data-read-aloud-status]")
    done = "Klaar met voorlezen."
    for _ in range(limit):
        if status.inner_text() == done:
            break
        page.evaluate("() => window.__speech.end()")
    expect(status).to_have_text(done)
    return [call["text"] for call in spoken(page)]


# --- an article ----------------------------------------------------------------------------------------------------


def test_an_article_is_read_aloud_with_a_dutch_voice_paused_resumed_and_stopped(
    articles, new_phone, checker: PageChecker
) -> None:
    page = speaking_phone(new_phone)
    page.goto("/informatie/stress")
    start = page.get_by_role("button", name="Lees voor")
    pause = page.get_by_role("button", name="Pauze")
    stop = page.get_by_role("button", name="Stop met voorlezen")
    status = page.locator("[data-read-aloud-status]")
    expect(start).to_be_visible()
    expect(pause).to_be_hidden()
    assert start.bounding_box()["height"] >= 44
    checker.check(page, "article with read-aloud controls (nl)")

    start.click()
    title = flat(page.locator("#artikel h1").inner_text())
    first = spoken(page)[0]
    assert first == {"call": "speak", "text": title, "voice": "Xander", "lang": "nl-NL"}  # on the device, Dutch
    expect(status).to_have_text("De tekst wordt voorgelezen.")
    expect(pause).to_be_focused()  # the focus moved from the button that hid itself
    expect(pause).to_have_attribute("aria-pressed", "false")

    # The word the voice says is highlighted, without changing the page's HTML.
    html_before = page.locator("#artikel").inner_html()
    first_word = title.split()[0]
    page.evaluate("n => window.__speech.boundary(0, n)", len(first_word))
    assert word_highlighted(page) == first_word
    second_word = title.split()[1]
    page.evaluate("([i, n]) => window.__speech.boundary(i, n)", [title.index(second_word), len(second_word)])
    assert word_highlighted(page) == second_word
    assert page.locator("#artikel").inner_html() == html_before
    checker.check(page, "article while reading (nl)")

    pause.click()
    assert calls(page)[-1] == {"call": "pause"}
    expect(pause).to_have_attribute("aria-pressed", "true")
    expect(status).to_have_text("Voorlezen staat op pauze. Druk nog een keer op Pauze om verder te luisteren.")
    pause.press("Enter")  # the keyboard works too
    assert calls(page)[-1] == {"call": "resume"}
    expect(pause).to_have_attribute("aria-pressed", "false")

    # Block by block: the summary under the title comes next.
    page.evaluate("() => window.__speech.end()")
    assert spoken(page)[-1]["text"] == flat(page.locator("#artikel .lead").inner_text())

    stop.click()
    assert calls(page)[-1]["call"] in ("cancel", "resume")
    assert {"call": "cancel"} in calls(page)[-2:]
    expect(start).to_be_visible()
    expect(start).to_be_focused()
    expect(pause).to_be_hidden()
    expect(status).to_have_text("Voorlezen is gestopt.")
    assert page.evaluate("() => CSS.highlights.size") == 0


def test_the_whole_article_is_read_and_nothing_around_it(articles, new_phone) -> None:
    page = speaking_phone(new_phone)
    page.goto("/informatie/stress")
    page.get_by_role("button", name="Lees voor").click()
    texts = read_to_the_end(page)
    sections = [flat(h) for h in page.locator("#artikel h2").all_inner_texts()]
    assert sections and all(heading in texts for heading in sections)
    everything = " ".join(texts)
    for outside in ("Lees voor", "Alle informatie", "Begrijp je iets niet?", "Gecontroleerd door", "Naar de inhoud"):
        assert outside not in everything, outside
    assert max(len(text) for text in texts) <= 220  # long paragraphs go a few sentences at a time
    expect(page.get_by_role("button", name="Lees voor")).to_be_visible()


def test_an_arabic_article_is_read_with_the_arabic_voice(articles, new_phone, checker: PageChecker) -> None:
    page = speaking_phone(new_phone)
    page.goto("/informatie/keukentafelgesprek?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    controls = page.locator("[data-read-aloud-controls]")
    expect(controls).to_be_visible()
    checker.check(page, "article with read-aloud controls (ar)")
    controls.locator("[data-read-aloud-start]").click()
    first = spoken(page)[0]
    assert first["voice"] == "Maged" and first["lang"] == "ar-SA"
    assert first["text"] == flat(page.locator("#artikel h1").inner_text())


def test_a_language_without_a_voice_says_so_and_offers_the_text(articles, new_phone, checker: PageChecker) -> None:
    page = speaking_phone(new_phone)
    page.goto("/informatie/stress?taal=tr")
    assert page.locator("#artikel").get_attribute("lang") == "tr"
    page.get_by_role("button", name="Lees voor").click()
    status = page.locator("[data-read-aloud-status]")
    expect(status).to_have_text("Je telefoon heeft geen stem voor het Turks. Je kunt de tekst wel lezen.")
    assert spoken(page) == []
    to_text = page.get_by_role("link", name="Naar de tekst")
    expect(to_text).to_be_visible()
    checker.check(page, "article without a voice for its language (nl page, tr text)")
    to_text.click()
    assert page.url.endswith("#artikel")


def test_without_the_highlight_api_the_block_being_read_is_marked(articles, new_phone) -> None:
    page = speaking_phone(new_phone, NO_HIGHLIGHT_API)
    page.goto("/informatie/stress")
    page.get_by_role("button", name="Lees voor").click()
    expect(page.locator("#artikel h1")).to_have_class(re.compile(r"\bread-aloud-current\b"))
    page.evaluate("() => window.__speech.end()")
    expect(page.locator("#artikel .lead")).to_have_class(re.compile(r"\bread-aloud-current\b"))
    expect(page.locator("#artikel h1")).not_to_have_class(re.compile(r"\bread-aloud-current\b"))
    page.get_by_role("button", name="Stop met voorlezen").click()
    expect(page.locator(".read-aloud-current")).to_have_count(0)


def test_without_speech_the_controls_stay_hidden(articles, new_phone, checker: PageChecker) -> None:
    page = _phone(new_phone, NO_SPEECH)
    page.goto("/informatie/stress")
    expect(page.locator("#artikel h1")).to_be_visible()
    expect(page.locator("[data-read-aloud-controls]")).to_be_hidden()
    # The place kept for them while the script starts is given back: no empty row above the article.
    expect(page.locator("[data-read-aloud-controls][data-read-aloud-off]")).to_have_count(1)
    assert page.locator("[data-read-aloud-controls]").bounding_box() is None
    checker.check(page, "article where the browser cannot speak")


# --- the plan and the toekomstplan ---------------------------------------------------------------------------------


@pytest.fixture
def marleen(new_phone, hendriks_state: dict) -> Iterator[Page]:
    yield speaking_phone(new_phone, storage_state=hendriks_state)


def test_the_family_plan_is_read_aloud_without_its_buttons_and_forms(
    marleen: Page, demo: DemoData, checker: PageChecker
) -> None:
    marleen.goto(f"/gezinnen/{demo.family_id('Haddou')}/plan")
    start = marleen.get_by_role("button", name="Lees voor")
    expect(start).to_be_visible()
    checker.check(marleen, "family plan with read-aloud controls (nl)")
    start.click()
    assert spoken(marleen)[0]["text"] == flat(marleen.locator("#plan-tekst h1").inner_text())
    assert spoken(marleen)[0]["voice"] == "Xander"
    texts = read_to_the_end(marleen)
    everything = " ".join(texts)
    assert "Samira woont sinds drie jaar bij Marleen Hendriks." in everything
    for not_read in ("Lees voor", "Pauze", "Printen", "Wie heeft ons plan bekeken?"):
        assert not_read not in everything, not_read
    # A progress bar's fallback text is not read twice after its label.
    progress = [text for text in texts if text.startswith("Hoe ver zijn we")]
    assert progress and not any(re.fullmatch(r"\d+%", text) for text in texts)
    checker.check(marleen, "family plan after reading (nl)")


LAYOUT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => list.getEntries().forEach(entry => window.__shifts.push(entry.value)))
  .observe({type: "layout-shift", buffered: true});
"""


def test_the_controls_appearing_move_nothing_below_them(marleen: Page, demo: DemoData) -> None:
    """readaloud.js (deferred) shows the controls after the first paint: they pushed the plan's cards down by their
    height (Lighthouse: cumulative layout shift 0.058, a tap aimed at the regisseur's card could land elsewhere).
    Where scripts run they keep their place while hidden (static/css/app.css)."""
    marleen.add_init_script(LAYOUT_SHIFTS)
    marleen.goto(f"/gezinnen/{demo.family_id('Haddou')}/plan")
    expect(marleen.get_by_role("button", name="Lees voor")).to_be_visible()
    marleen.wait_for_load_state("load")
    assert marleen.evaluate("window.__shifts") == []


def test_the_toekomstplan_is_read_aloud(samira_state: dict, new_phone, demo: DemoData, checker: PageChecker) -> None:
    from e2e.demo import SAMIRA_EMAIL

    samira = speaking_phone(new_phone, storage_state=samira_state)
    samira.goto(f"/toekomstplan/{demo.user_id(SAMIRA_EMAIL)}")
    start = samira.get_by_role("button", name="Lees voor")
    expect(start).to_be_visible()
    checker.check(samira, "toekomstplan with read-aloud controls (nl)")
    start.click()
    assert spoken(samira)[0]["text"] == "Mijn toekomstplan"
    texts = read_to_the_end(samira)
    everything = " ".join(texts)
    assert "De 18-lijst" in everything
    # A closed "Waarom en hoe?" is not read; the checklist's titles are.
    assert "Waarom en hoe?" not in everything and "Waarom:" not in everything
    first_item = flat(samira.locator(".checklist__title").first.inner_text())
    assert first_item in everything
