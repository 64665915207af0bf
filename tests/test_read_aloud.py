"""Lees voor: the controls (templates/_read_aloud.html) on the article, plan and toekomstplan pages, and the script
(static/js/readaloud.js) they load. What the script does in a browser is tested in e2e/test_read_aloud.py."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from flask import render_template_string
from sqlmodel import Session

from tests.plan_factories import PlanWorld, build_world, sign_in
from tests.test_security import inline_code
from webapp.content import library
from webapp.models.content import Article

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = (ROOT / "static" / "js" / "readaloud.js").read_text(encoding="utf-8")
PARTIAL = "{% include '_read_aloud.html' %}"


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _controls(html: str) -> str:
    """The controls' opening tag and inside (up to the script that follows them)."""
    found = re.search(r"<div class=\"read-aloud\".*?</div>\s*<script[^>]*></script>", html, re.S)
    assert found, "no read-aloud controls on the page"
    return found.group(0)


def _attribute(html: str, name: str) -> str:
    found = re.search(rf'\b{name}="([^"]*)"', html)
    assert found, f"no {name}"
    return unescape(found.group(1))


def _render(app, **values) -> str:
    with app.test_request_context("/"):
        return render_template_string(PARTIAL, **values)


# --- the partial ---------------------------------------------------------------------------------------------------


def test_the_controls_start_hidden_and_point_at_the_text_in_its_language(app) -> None:
    html = _render(app, read_aloud_target="artikel", read_aloud_lang="ar")
    opening = html[html.index('<div class="read-aloud"') :].split(">", 1)[0]
    assert " hidden" in opening  # the script shows them only where the browser can speak
    assert _attribute(opening, "data-target") == "artikel"
    assert _attribute(opening, "data-lang") == "ar"
    assert "data-read-aloud-skip" in opening  # never read out itself
    assert '<a href="#artikel">Naar de tekst</a>' in html


def test_the_language_defaults_to_the_pages_language(app) -> None:
    with app.test_request_context("/", headers={"Accept-Language": "tr"}):
        html = render_template_string(PARTIAL, read_aloud_target="plan-tekst")
    assert _attribute(html, "data-lang") == "tr"


def test_the_buttons_are_real_buttons_with_labels_and_the_status_is_announced(app) -> None:
    html = _render(app, read_aloud_target="x")
    buttons = re.findall(r"<button ([^>]*)>(.*?)</button>", html, re.S)
    labels = {re.sub(r"<[^>]+>", "", inside).strip(): attrs for attrs, inside in buttons}
    assert set(labels) == {"Lees voor", "Pauze", "Stop met voorlezen"}
    assert all('type="button"' in attrs for attrs in labels.values())
    assert 'aria-pressed="false"' in labels["Pauze"]
    assert " hidden" in labels["Pauze"] and " hidden" in labels["Stop met voorlezen"]
    assert " hidden" not in labels["Lees voor"]
    assert re.search(r'<p class="read-aloud__status" role="status" aria-live="polite" data-read-aloud-status>', html)
    assert '<svg aria-hidden="true" focusable="false"' in html  # the icon is decoration, the word is the label


def test_a_language_without_a_voice_is_named_plainly(app) -> None:
    html = _render(app, read_aloud_target="x", read_aloud_lang="tr")
    assert (
        _attribute(html, "data-no-voice") == "Je telefoon heeft geen stem voor het Turks. Je kunt de tekst wel lezen."
    )
    html = _render(app, read_aloud_target="x", read_aloud_lang="ar")
    assert (
        _attribute(html, "data-no-voice")
        == "Je telefoon heeft geen stem voor het Arabisch. Je kunt de tekst wel lezen."
    )
    # A language the app does not know yet still gets a plain sentence.
    html = _render(app, read_aloud_target="x", read_aloud_lang="so")
    assert (
        _attribute(html, "data-no-voice") == "Je telefoon heeft geen stem voor deze taal. Je kunt de tekst wel lezen."
    )


def test_every_word_the_script_shows_comes_from_the_page(app) -> None:
    html = _render(app, read_aloud_target="x", read_aloud_lang="tr")
    texts = {
        name: _attribute(html, name)
        for name in (
            "data-status-reading",
            "data-status-paused",
            "data-status-stopped",
            "data-status-done",
            "data-status-failed",
            "data-no-voice",
        )
    }
    assert all(texts.values()), texts
    for name, text in texts.items():
        assert text not in SCRIPT, f"{name}: the script holds its own copy of {text!r}"
        # the script reads each of them by its dataset name
        key = re.sub(r"-(\w)", lambda m: m.group(1).upper(), name.removeprefix("data-"))
        assert f'"{key}"' in SCRIPT, key
    assert not re.search(r"\b(Lees voor|Pauze|voorlezen)\b", SCRIPT.split("*/", 1)[1])


def test_the_partial_loads_the_script_from_a_file_and_has_no_inline_code(app) -> None:
    html = _render(app, read_aloud_target="x")
    assert '<script src="/static/js/readaloud.js" defer></script>' in html
    assert inline_code(html) == []


# --- the script ----------------------------------------------------------------------------------------------------


def test_the_script_is_served_as_javascript_with_the_security_headers(client) -> None:
    response = client.get("/static/js/readaloud.js")
    assert response.status_code == 200
    assert response.mimetype in ("text/javascript", "application/javascript")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.get_data(as_text=True) == SCRIPT


def test_the_script_uses_no_eval_no_outside_service_and_only_voices_on_the_device() -> None:
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", SCRIPT, flags=re.S)  # comments may name things
    for forbidden in ("eval(", "new Function", "innerHTML", "fetch(", "XMLHttpRequest", "http://", "https://"):
        assert forbidden not in code, forbidden
    assert ".style" not in code  # strict CSP: no inline styles, only classes and the Highlight API
    assert "localService !== false" in code  # a voice that sends the text to a server is never chosen
    assert "speechSynthesis" in code and "SpeechSynthesisUtterance" in code
    assert "CSS.highlights" in code and "new Highlight(" in code


# --- on the pages --------------------------------------------------------------------------------------------------


def _fields(title: str) -> dict[str, str]:
    return {
        "title": title,
        "summary": f"{title}: kort gezegd.",
        "what_is_it": "Uitleg.",
        "what_it_means": "Wat het voor jou betekent.",
        "what_you_can_do": "- Vraag het je regisseur.",
        "where_to_get_help": "Bel 0800-2000.",
    }


@pytest.fixture
def article(db: Session) -> Article:
    found = Article(
        slug="stress",
        audiences=["jongere-12-15"],
        topics=[],
        reviewer="Petra Jansen, gezinscoach",
        last_reviewed=date(2026, 11, 20),
        next_review_due=date(2027, 5, 20),
    )
    db.add(found)
    db.flush()
    library.add_version(db, found, "nl", _fields("Stress"), publish=True)
    library.add_version(db, found, "tr", _fields("Stres"), publish=True, translator="Ahmet Kaya")
    db.flush()
    return found


def test_an_article_can_be_read_aloud_in_the_language_of_its_text(client, article) -> None:
    page = _html(client.get("/informatie/stress"))
    controls = _controls(page)
    assert _attribute(controls, "data-target") == "artikel" and _attribute(controls, "data-lang") == "nl"
    assert re.search(r'<article class="article" id="artikel" lang="nl"[^>]*\bdata-read-aloud\b', page)
    assert page.index('class="read-aloud"') < page.index('id="artikel"')  # the button comes before the text
    # The Turkish text on a Dutch page: read in Turkish, and the message (in Dutch) names Turkish.
    page = _html(client.get("/informatie/stress?taal=tr"))
    controls = _controls(page)
    assert _attribute(controls, "data-lang") == "tr"
    assert re.search(r'id="artikel" lang="tr"', page)
    assert "geen stem voor het Turks" in _attribute(controls, "data-no-voice")
    assert inline_code(page) == []


def test_a_dutch_fallback_is_read_in_dutch_on_a_turkish_page(client, db, article) -> None:
    only_dutch = Article(slug="geld", audiences=["jongere-12-15"], topics=[])
    db.add(only_dutch)
    db.flush()
    library.add_version(db, only_dutch, "nl", _fields("Geld"), publish=True)
    db.flush()
    page = _html(client.get("/informatie/geld", headers={"Accept-Language": "tr"}))
    assert re.search(r'<html lang="tr"', page)
    assert _attribute(_controls(page), "data-lang") == "nl"


@pytest.fixture
def world(app, db) -> PlanWorld:
    return build_world(app, db)


def test_the_family_plan_can_be_read_aloud(app, world: PlanWorld) -> None:
    page = sign_in(app, world.eva).text(world.plan_url())
    controls = _controls(page)
    assert _attribute(controls, "data-target") == "plan-tekst"
    assert _attribute(controls, "data-lang") == "nl"
    assert re.search(r'id="plan-tekst" data-read-aloud>', page)
    # the controls sit inside the text they read: they are marked to be skipped
    assert page.index('id="plan-tekst"') < page.index('class="read-aloud"')
    assert inline_code(page) == []


def test_the_plan_in_another_language_is_read_in_that_language(app, world: PlanWorld) -> None:
    eva = sign_in(app, world.eva)
    world.eva.language = "ar"
    world.db.add(world.eva)
    world.db.commit()
    page = eva.text(world.plan_url())
    assert _attribute(_controls(page), "data-lang") == "ar"


def test_the_printed_plan_has_no_read_aloud_controls(app, world: PlanWorld) -> None:
    page = sign_in(app, world.eva).text(world.plan_url() + "/print")
    assert 'class="read-aloud"' not in page and "readaloud.js" not in page


def test_the_toekomstplan_can_be_read_aloud(app, world: PlanWorld) -> None:
    world.share(world.sara, goals=True, toekomstplan=False)  # she has made her sharing choice
    page = sign_in(app, world.sara).text(f"/toekomstplan/{world.sara.id}")
    controls = _controls(page)
    assert _attribute(controls, "data-target") == "toekomstplan-tekst"
    assert re.search(r'<div id="toekomstplan-tekst" data-read-aloud>\s*<h1>', page)
    assert page.count("readaloud.js") == 1
