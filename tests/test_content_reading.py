"""Informatie, the reading side: the public library with its "wie ben jij?" filter, an article in the reader's
language (with the calm out-of-date notice, the Dutch fallback and the culture note), "Ik begrijp dit niet" (stored,
anonymous, rate-limited), the glossary (every care word the templates mark has an entry, the Dutch word beside the
explanation in another language) and what the service worker may keep for reading offline."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from tests.conftest import csrf_token
from tests.factories import login, make_user
from webapp.content import library
from webapp.content.glossary import BY_KEY, TERMS, dutch_words
from webapp.models import Role
from webapp.models.content import Article, ArticleFeedback

ROOT = Path(__file__).resolve().parent.parent
SW = (ROOT / "static" / "js" / "sw.js").read_text()


def _fields(title: str, **extra: str) -> dict[str, str]:
    return {
        "title": title,
        "summary": f"{title}: kort gezegd.",
        "what_is_it": f"Uitleg over {title}. Bel **0800-2000**.",
        "what_it_means": "Wat het voor jou betekent.",
        "what_you_can_do": "- Vraag het je regisseur.\n- Lees verder.",
        "where_to_get_help": "Bij de [Kindertelefoon](https://www.kindertelefoon.nl).",
        **extra,
    }


@dataclass
class World:
    eighteen: Article
    stress: Article
    draft_only: Article


@pytest.fixture
def world(db: Session) -> World:
    def article(slug: str, audiences: list[str]) -> Article:
        found = Article(
            slug=slug,
            audiences=audiences,
            topics=[],
            reviewer="Petra Jansen, gezinscoach",
            last_reviewed=date(2026, 11, 20),
            next_review_due=date(2027, 5, 20),
        )
        db.add(found)
        db.flush()
        return found

    eighteen = article("18-worden", ["jongere-16-plus", "ouder", "pleegouder"])
    library.add_version(db, eighteen, "nl", _fields("18 worden"), publish=True)
    library.add_version(
        db,
        eighteen,
        "tr",
        _fields("18 yaşına girmek", culture_note="Türkiye'de aile birlikte karar verir; burada genç de söz sahibi."),
        publish=True,
        translator="Ahmet Kaya",
    )
    library.add_version(db, eighteen, "ar", _fields("بلوغ 18 عامًا"), publish=True)
    # The Dutch changes after the Arabic was made: the Arabic is now out of date; the Turkish follows the new Dutch.
    library.add_version(db, eighteen, "nl", _fields("18 worden", what_it_means="Nieuwe regels."), publish=True)
    library.add_version(
        db,
        eighteen,
        "tr",
        _fields("18 yaşına girmek", culture_note="Türkiye'de aile birlikte karar verir; burada genç de söz sahibi."),
        publish=True,
        translator="Ahmet Kaya",
    )
    stress = article("stress", ["jongere-12-15", "jongere-16-plus"])
    library.add_version(db, stress, "nl", _fields("Stress"), publish=True)
    draft_only = article("geheim-concept", ["ouder"])
    library.add_version(db, draft_only, "nl", _fields("Nog niet af"), publish=False)
    db.flush()
    return World(eighteen, stress, draft_only)


def _html(response) -> str:
    return response.get_data(as_text=True)


ARTICLE_TAG = re.compile(r'<article class="article"[^>]*?\blang="([^"]+)" dir="([^"]+)"')


def _article_lang_dir(page: str) -> tuple[str, str]:
    """The lang and dir on the article element (the text's language, not the page's)."""
    match = ARTICLE_TAG.search(page)
    assert match, "no article element"
    return match.group(1), match.group(2)


# --- the library ---------------------------------------------------------------------------------------------------


def test_the_library_and_an_article_open_without_login(client, world) -> None:
    library_page = client.get("/informatie")
    assert library_page.status_code == 200
    assert "18 worden" in _html(library_page) and "Stress" in _html(library_page)
    article = client.get("/informatie/18-worden")
    assert article.status_code == 200
    assert "Uitleg over 18 worden." in _html(article)


def test_a_draft_or_unknown_article_answers_404(client, world) -> None:
    assert "Nog niet af" not in _html(client.get("/informatie"))
    assert client.get("/informatie/geheim-concept").status_code == 404
    assert client.get("/informatie/bestaat-niet").status_code == 404


def test_the_audience_filter_shows_only_the_articles_for_that_reader(client, world) -> None:
    young = _html(client.get("/informatie?voor=jongere-12-15"))
    assert "Stress" in young and "18 worden" not in young
    parents = _html(client.get("/informatie?voor=ouder"))
    assert "18 worden" in parents and "Stress" not in parents
    assert 'aria-current="page">Ouders<' in parents
    # An unknown audience is no error: everything shows.
    everything = _html(client.get("/informatie?voor=<script>"))
    assert "18 worden" in everything and "Stress" in everything and "<script>" not in everything


def test_the_library_lists_titles_in_the_readers_language_marked_with_their_own_language(client, world) -> None:
    page = _html(client.get("/informatie", headers={"Accept-Language": "tr"}))
    assert re.search(r'lang="tr" dir="ltr">\s*<a[^>]*href="/informatie/18-worden">18 yaşına girmek</a>', page)
    # Stress has no Turkish yet: its Dutch title is marked Dutch.
    assert re.search(r'lang="nl" dir="ltr">\s*<a[^>]*href="/informatie/stress">Stress</a>', page)


# --- one article ---------------------------------------------------------------------------------------------------


def test_an_article_has_the_fixed_structure_the_reviewer_and_the_review_date(client, world) -> None:
    page = _html(client.get("/informatie/18-worden"))
    headings = re.findall(r'<h2 id="deel-\d">([^<]+)</h2>', page)
    assert headings == ["Wat is het?", "Wat betekent het voor jou?", "Wat kun je doen?", "Waar vind je hulp?"]
    assert "Gecontroleerd door <bdi>Petra Jansen, gezinscoach</bdi> op 20 november 2026." in page
    assert "<strong>" in page and "<li>Vraag het je regisseur.</li>" in page  # markdown rendered
    assert _article_lang_dir(page) == ("nl", "ltr")
    assert "Deze vertaling is ouder" not in page


def test_a_current_translation_shows_without_notice_with_its_translator_and_lang(client, world) -> None:
    page = _html(client.get("/informatie/18-worden", headers={"Accept-Language": "tr"}))
    assert _article_lang_dir(page) == ("tr", "ltr")
    assert "18 yaşına girmek" in page
    assert "Ahmet Kaya" in page
    assert "Nederlandse tekst" not in page  # neither the stale notice nor the fallback notice (in any language)
    assert client.get("/informatie/18-worden?taal=tr").status_code == 200


def test_an_out_of_date_translation_says_so_calmly_and_links_to_the_dutch(client, world) -> None:
    page = _html(client.get("/informatie/18-worden?taal=ar"))
    assert _article_lang_dir(page) == ("ar", "rtl")
    assert "Deze vertaling is ouder dan de Nederlandse tekst." in page
    assert 'href="/informatie/18-worden?taal=nl"' in page
    dutch = _html(client.get("/informatie/18-worden?taal=nl"))
    assert "Nieuwe regels." in dutch and "Deze vertaling is ouder" not in dutch


def test_a_new_translation_from_the_current_dutch_takes_the_notice_away(client, db, world) -> None:
    library.add_version(db, world.eighteen, "ar", _fields("بلوغ 18 عامًا"), publish=True)
    db.flush()
    assert "Deze vertaling is ouder" not in _html(client.get("/informatie/18-worden?taal=ar"))


def test_without_a_translation_the_dutch_shows_with_a_notice(client, world) -> None:
    page = _html(client.get("/informatie/stress?taal=pl"))
    assert "Dit artikel is er nog niet in het Polski. Hieronder staat de Nederlandse tekst." in page
    assert _article_lang_dir(page) == ("nl", "ltr")
    # The headings belong to the text: Dutch, like the text.
    assert '<h2 id="deel-1">Wat is het?</h2>' in page


def test_the_culture_note_shows_only_in_its_own_language(client, world) -> None:
    note = "aile birlikte karar verir; burada"
    assert note in _html(client.get("/informatie/18-worden?taal=tr"))
    assert note not in _html(client.get("/informatie/18-worden?taal=nl"))
    assert note not in _html(client.get("/informatie/18-worden?taal=ar"))


def test_a_reader_of_a_translation_can_go_to_the_dutch_and_back(client, world) -> None:
    page = _html(client.get("/informatie/18-worden?taal=nl", headers={"Accept-Language": "tr"}))
    assert 'href="/informatie/18-worden?taal=tr"' in page
    assert _article_lang_dir(page)[0] == "nl"


def test_a_forced_page_language_renders_the_whole_page_in_it_without_cookies(client, world) -> None:
    page = _html(client.get("/informatie/18-worden?lang=ar", headers={"Accept-Language": "nl"}))
    assert '<html lang="ar" dir="rtl">' in page
    assert _article_lang_dir(page) == ("ar", "rtl")


def test_a_logged_in_reader_sees_the_article_in_her_own_language(app, client, db, world) -> None:
    ayse = make_user(db, Role.OUDER, email="ayse.reading@example.org", language="tr")
    db.flush()
    login(client, ayse)
    assert "18 yaşına girmek" in _html(client.get("/informatie/18-worden"))


# --- "Ik begrijp dit niet" -----------------------------------------------------------------------------------------


def _feedback(db: Session) -> list[ArticleFeedback]:
    return list(db.exec(select(ArticleFeedback).order_by(ArticleFeedback.id)).all())


def test_ik_begrijp_dit_niet_is_stored_anonymously_with_the_language_and_the_sentence(client, db, world) -> None:
    token = csrf_token(client, "/informatie/18-worden?taal=ar")
    response = client.post(
        "/informatie/18-worden/niet-begrepen",
        data={"csrf_token": token, "taal": "ar", "sentence": "  Wat is   verlengde jeugdhulp? "},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/informatie/18-worden?taal=ar#niet-begrepen")
    [stored] = _feedback(db)
    assert (stored.article_id, stored.language, stored.sentence, stored.term_key) == (
        world.eighteen.id,
        "ar",
        "Wat is verlengde jeugdhulp?",
        "",
    )
    thanks = _html(client.get("/informatie/18-worden?taal=ar"))
    assert "Dank je wel. De redactie leest dit" in thanks
    # Only once: the next visit shows the button again.
    assert "Dank je wel" not in _html(client.get("/informatie/18-worden?taal=ar"))
    assert library.feedback_counts(db).articles[world.eighteen.id].total == 1


def test_one_tap_without_a_sentence_is_enough(client, db, world) -> None:
    token = csrf_token(client, "/informatie/stress")
    assert client.post("/informatie/stress/niet-begrepen", data={"csrf_token": token}).status_code == 302
    [stored] = _feedback(db)
    assert stored.sentence == "" and stored.language == "nl"


def test_with_htmx_the_thank_you_replaces_the_form(client, db, world) -> None:
    token = csrf_token(client, "/informatie/stress")
    response = client.post(
        "/informatie/stress/niet-begrepen", data={"csrf_token": token, "taal": "nl"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'id="niet-begrepen"' in _html(response) and "Dank je wel" in _html(response)
    assert "<html" not in _html(response)


def test_a_too_long_sentence_comes_back_with_the_text_kept_and_an_error_next_to_it(client, db, world) -> None:
    token = csrf_token(client, "/informatie/stress")
    long = "Deze zin is veel te lang. " * 30
    response = client.post("/informatie/stress/niet-begrepen", data={"csrf_token": token, "sentence": long})
    assert response.status_code == 400
    page = _html(response)
    assert "Dat is te lang." in page and 'aria-invalid="true"' in page
    assert long.strip() in page.replace("\n", " ")
    assert _feedback(db) == []
    partial = client.post(
        "/informatie/stress/niet-begrepen",
        data={"csrf_token": token, "sentence": long},
        headers={"HX-Request": "true"},
    )
    assert partial.status_code == 422 and "Dat is te lang." in _html(partial)


def test_feedback_on_a_draft_or_unknown_article_answers_404(client, db, world) -> None:
    token = csrf_token(client, "/informatie")
    assert client.post("/informatie/geheim-concept/niet-begrepen", data={"csrf_token": token}).status_code == 404
    assert client.post("/informatie/bestaat-niet/niet-begrepen", data={"csrf_token": token}).status_code == 404
    assert _feedback(db) == []


def test_feedback_without_the_csrf_token_is_refused(client, db, world) -> None:
    assert client.post("/informatie/stress/niet-begrepen", data={}).status_code == 400
    assert _feedback(db) == []


def test_feedback_is_rate_limited_per_address_over_articles_and_glossary_together(app, client, db, world) -> None:
    app.config["CONTENT_FEEDBACK_LIMIT"] = "3 per hour"
    try:
        token = csrf_token(client, "/informatie")
        assert client.post("/informatie/stress/niet-begrepen", data={"csrf_token": token}).status_code == 302
        assert client.post("/informatie/18-worden/niet-begrepen", data={"csrf_token": token}).status_code == 302
        assert client.post("/uitleg/jim/niet-begrepen", data={"csrf_token": token}).status_code == 302
        assert client.post("/informatie/stress/niet-begrepen", data={"csrf_token": token}).status_code == 429
        assert client.post("/uitleg/jim/niet-begrepen", data={"csrf_token": token}).status_code == 429
    finally:
        app.config.pop("CONTENT_FEEDBACK_LIMIT")
    assert len(_feedback(db)) == 3


# --- the glossary --------------------------------------------------------------------------------------------------

TERM_CALL = re.compile(r"""term\(\s*['"]([a-z0-9_]+)['"]""")


def _term_keys_in_templates() -> set[str]:
    keys: set[str] = set()
    for template in (ROOT / "templates").rglob("*.html"):
        if template.name == "_terms.html":
            continue
        keys |= set(TERM_CALL.findall(template.read_text()))
    return keys


def test_every_care_word_the_templates_mark_has_a_glossary_entry() -> None:
    used = _term_keys_in_templates()
    assert used, "no term() calls found: the pattern is wrong"
    assert used <= set(BY_KEY), sorted(used - set(BY_KEY))


def test_the_glossary_has_the_care_words_families_hear(app) -> None:
    needed = {
        "jim", "jim_overleg", "jim_evaluatie", "steungezin", "steuntje", "akkoord", "pleegzorg", "woningcorporatie",
        "meldpunt", "afsprakenkaart", "vog", "ervaringsdeskundige", "schuilnaam", "verlengde_pleegzorg",
        "veilig_thuis", "akj", "keukentafelgesprek", "gezinshuis",
    }  # fmt: skip
    assert needed <= set(BY_KEY)
    assert len({term.key for term in TERMS}) == len(TERMS)
    with app.test_request_context():
        words = dutch_words()
    assert all(words[term.key].strip() for term in TERMS)  # every entry has its Dutch word
    assert words["steuntje"] == "Steuntje in de rug" and words["jim_overleg"] == "JIM-overleg"


def test_the_glossary_links_an_entry_to_its_article_only_when_that_is_published(client, world) -> None:
    page = _html(client.get("/uitleg"))
    # 18-worden is published: toekomstplan links to it; jim-mentor is not published here: no link.
    assert re.search(r'id="uitleg-toekomstplan".*?href="/informatie/18-worden"', page, re.S)
    assert 'href="/informatie/jim-mentor"' not in page


def test_in_another_language_the_glossary_shows_the_dutch_word_said_in_meetings(client, world) -> None:
    page = _html(client.get("/uitleg", headers={"Accept-Language": "tr"}))
    assert '<strong lang="nl" dir="ltr">regisseur</strong>' in page
    assert '<strong lang="nl" dir="ltr">Steuntje in de rug</strong>' in page
    assert 'lang="nl" dir="ltr">regisseur' not in _html(client.get("/uitleg", headers={"Accept-Language": "nl"}))


def test_ik_begrijp_dit_niet_on_a_glossary_entry_counts_for_that_term(client, db, world) -> None:
    token = csrf_token(client, "/uitleg")
    response = client.post(
        "/uitleg/steungezin/niet-begrepen", data={"csrf_token": token, "sentence": "Krijgen ze geld?"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/uitleg#uitleg-steungezin")
    [stored] = _feedback(db)
    assert (stored.term_key, stored.article_id, stored.sentence) == ("steungezin", None, "Krijgen ze geld?")
    assert library.feedback_counts(db).terms["steungezin"].total == 1
    page = _html(client.get("/uitleg"))
    assert re.search(r'id="niet-begrepen-steungezin">\s*<p class="not-understood__thanks"', page)
    assert client.post("/uitleg/bestaat-niet/niet-begrepen", data={"csrf_token": token}).status_code == 404


def test_pages_link_to_the_article_about_their_topic() -> None:
    templates = ROOT / "templates"
    for path, slug in (
        ("toekomstplan/toekomstplan.html", "18-worden"),
        ("mentors/mine.html", "jim-mentor"),
        ("respite/requests/form.html", "steuntje-in-de-rug"),
    ):
        text = (templates / path).read_text()
        assert f"slug='{slug}'" in text, path


# --- offline -------------------------------------------------------------------------------------------------------


def _keep_pattern() -> re.Pattern[str]:
    match = re.search(r"const KEEP_PATTERN = /(.+)/;", SW)
    assert match
    return re.compile(match.group(1).replace("\\/", "/"))


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("/informatie", True),
        ("/informatie/18-worden", True),
        ("/uitleg", True),
        ("/hulp", True),
        ("/informatie/18-worden/niet-begrepen", False),
        ("/home", False),
        ("/gezin/1/plan", False),
        ("/berichten/12", False),
        ("/redactie", False),
        ("/informatie/../berichten", False),
        ("/informatie/ABC", False),
    ],
)
def test_the_service_worker_keeps_only_public_reading_pages(path: str, kept: bool) -> None:
    assert bool(_keep_pattern().fullmatch(path)) is kept


def test_kept_pages_are_fetched_anonymously_and_survive_logout_but_not_personal_pages() -> None:
    keep_page = SW[SW.index("async function keepPage") : SW.index("async function keptPage")]
    assert "freshRequest(key)" in keep_page  # credentials: "omit": rendered for an anonymous visitor
    assert 'response.type !== "basic"' in keep_page and "response.redirected" in keep_page
    logout = SW[SW.index("async function onLogout") :]
    assert "KEEP_PATTERN.test" in logout
    # Navigations still go to the network first; a kept copy only answers when the network fails.
    navigation = SW[SW.index("async function handleNavigation") : SW.index("async function offlinePage")]
    assert navigation.index("fetch(event.request)") < navigation.index("keptPage(")


def test_public_reading_pages_ask_to_be_kept_and_personal_pages_do_not(client, db, world) -> None:
    for path in ("/informatie", "/informatie/18-worden", "/uitleg"):
        assert "data-offline-keep" in _html(client.get(path)), path
    assert "data-offline-keep" not in _html(client.get("/hulp"))  # kept by language, not by this marker
    assert "data-offline-keep" not in _html(client.get("/login"))


def test_the_help_page_renders_in_a_forced_language_for_the_offline_copy(client, db) -> None:
    assert '<html lang="ar" dir="rtl">' in _html(client.get("/hulp?lang=ar", headers={"Accept-Language": "nl"}))
    assert '<html lang="tr" dir="ltr">' in _html(client.get("/uitleg?lang=tr", headers={"Accept-Language": "nl"}))
    assert '<html lang="nl" dir="ltr">' in _html(client.get("/hulp?lang=xx", headers={"Accept-Language": "nl"}))


# --- illustrations -------------------------------------------------------------------------------------------------


def test_every_illustration_exists_and_belongs_to_a_real_article() -> None:
    from webapp.content import illustrations

    for slug, name in {**illustrations.BY_ARTICLE, "(index)": illustrations.INDEX}.items():
        assert (illustrations.STATIC_DIR / name).is_file(), name
        if slug != "(index)":
            assert (ROOT / "content" / f"{slug}.nl.md").is_file(), slug
    assert len(set(illustrations.BY_ARTICLE.values())) >= 5


def test_an_article_with_a_drawing_shows_it_as_decoration_and_one_without_shows_none(client, world) -> None:
    with_drawing = _html(client.get("/informatie/18-worden"))
    assert re.search(
        r'<img class="informatie-illustration" src="/static/img/informatie/achttien.svg[^"]*" alt=""', with_drawing
    )
    assert "informatie-illustration" not in _html(client.get("/informatie/stress"))
