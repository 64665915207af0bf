"""The Informatie library core (webapp/content/library.py) and loading content/*.md (webapp/content/sources.py):
the source hash, out-of-date translations, the Dutch fallback, sanitising, the dashboard figures, an idempotent sync."""

from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlmodel import Session, select

from tests.content_factories import DUTCH, TURKISH
from webapp.clock import today
from webapp.content import library, sources
from webapp.models.content import Article, ArticleFeedback, ArticleVersion


def make_article(db: Session, slug: str = "jim", audiences=("jongere-12-15",), *, dutch=True, **article) -> Article:
    record = Article(slug=slug, audiences=list(audiences), **article)
    db.add(record)
    db.flush()
    if dutch:
        library.add_version(db, record, "nl", DUTCH, publish=True)
    db.commit()
    return record


def translate(db: Session, article: Article, language: str = "tr", fields=TURKISH, **kwargs) -> ArticleVersion:
    version = library.add_version(db, article, language, fields, publish=True, **kwargs)
    db.commit()
    return version


def state_of(db: Session, article: Article, language: str) -> str:
    row = next(row for row in library.stale_report(db) if row.article.id == article.id)
    return next(status.state for status in row.languages if status.language == language)


# --- the source hash ------------------------------------------------------------------------------------------------


class Text:
    def __init__(self, **fields):
        self.__dict__.update({name: "" for name in library.TEXT_FIELDS} | fields)


def test_source_hash_is_stable_for_the_same_text_whatever_the_line_endings_and_trailing_spaces():
    plain = library.source_hash(Text(**DUTCH))
    messy = {name: value.replace("\n", "  \r\n") + "\n\n" for name, value in DUTCH.items()}
    assert library.source_hash(Text(**messy)) == plain
    assert len(plain) == 64
    assert library.source_hash(Text(**DUTCH)) == plain


@pytest.mark.parametrize("field", ["title", "summary", *library.SECTION_FIELDS])
def test_source_hash_changes_when_any_part_of_the_dutch_text_changes(field):
    changed = dict(DUTCH, **{field: DUTCH[field] + " Nu ook met een extra zin."})
    assert library.source_hash(Text(**changed)) != library.source_hash(Text(**DUTCH))


def test_source_hash_does_not_mix_up_text_moved_between_sections():
    moved = dict(DUTCH, what_is_it=DUTCH["what_is_it"] + " " + DUTCH["what_it_means"], what_it_means="")
    assert library.source_hash(Text(**moved)) != library.source_hash(Text(**DUTCH))


def test_source_hash_leaves_out_what_a_translation_adds():
    assert library.source_hash(Text(**DUTCH, culture_note="iets anders", translator="X")) == library.source_hash(
        Text(**DUTCH)
    )


# --- stale translations and the Dutch fallback ----------------------------------------------------------------------


def test_a_translation_goes_out_of_date_when_the_dutch_changes_and_is_current_again_after_a_new_translation(db):
    article = make_article(db)
    translate(db, article)
    view = library.published(db, "jim", "tr")
    assert (view.language, view.is_fallback, view.out_of_date) == ("tr", False, False)
    assert state_of(db, article, "tr") == library.CURRENT

    library.add_version(
        db, article, "nl", dict(DUTCH, what_it_means="Je kiest zelf wie. Je ouders helpen."), publish=True
    )
    db.commit()
    view = library.published(db, article.id, "tr")
    assert view.out_of_date and view.version.title == "JIM nedir?"
    assert view.dutch.number == 2
    assert state_of(db, article, "tr") == library.OUT_OF_DATE
    assert [s.out_of_date for s in library.articles_for(db, language="tr")] == [True]

    translate(db, article, fields=dict(TURKISH, what_it_means="Kimi seçeceğine sen karar verirsin. Ailen yardım eder."))
    view = library.published(db, "jim", "tr")
    assert (view.version.number, view.out_of_date) == (2, False)
    assert state_of(db, article, "tr") == library.CURRENT


def test_the_dutch_is_never_out_of_date_and_a_missing_language_falls_back_to_it(db):
    make_article(db)
    dutch = library.published(db, "jim", "nl")
    assert (dutch.is_fallback, dutch.out_of_date, dutch.language) == (False, False, "nl")
    arabic = library.published(db, "jim", "ar")
    assert (arabic.is_fallback, arabic.language, arabic.requested_language) == (True, "nl", "ar")
    assert arabic.version.title == DUTCH["title"]


def test_drafts_are_never_shown_to_readers(db):
    article = make_article(db)
    library.add_version(db, article, "nl", dict(DUTCH, title="Concept"), publish=False)
    library.add_version(db, article, "tr", TURKISH, publish=False)
    db.commit()
    assert library.published(db, "jim", "nl").version.title == DUTCH["title"]
    assert library.published(db, "jim", "tr").is_fallback
    assert [s.title for s in library.articles_for(db, language="tr")] == [DUTCH["title"]]


def test_an_unknown_or_unpublished_article_is_none(db):
    make_article(db, "leeg", dutch=False)
    assert library.published(db, "bestaat-niet", "nl") is None
    assert library.published(db, "leeg", "nl") is None
    assert library.published(db, 999_999, "nl") is None
    assert library.articles_for(db) == []


def test_articles_for_filters_on_audience_and_shows_titles_in_the_readers_language(db):
    jim = make_article(db, "jim", ("jongere-12-15", "jongere-16-plus"))
    make_article(db, "pleegouder-zijn", ("pleegouder",))
    translate(db, jim)
    assert [s.slug for s in library.articles_for(db, audience="jongere-12-15", language="tr")] == ["jim"]
    assert {(s.slug, s.language, s.title) for s in library.articles_for(db, language="tr")} == {
        ("jim", "tr", "JIM nedir?"),
        ("pleegouder-zijn", "nl", DUTCH["title"]),
    }
    assert library.articles_for(db, audience="mentor") == []


# --- markdown -------------------------------------------------------------------------------------------------------


def test_markdown_keeps_paragraphs_lists_bold_and_safe_links():
    html = str(library.render_markdown("Eerste **zin**.\n\n- een\n- twee\n\n[AKJ](https://www.akj.nl) en *meer*"))
    assert "<p>Eerste <strong>zin</strong>.</p>" in html
    assert "<ul><li>een</li><li>twee</li></ul>" in html
    assert '<a href="https://www.akj.nl" rel="noopener noreferrer nofollow">AKJ</a>' in html
    assert "<em>meer</em>" in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klik](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[klik](JaVaScRiPt:alert(1))",
        "[plaatje](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="javascript:alert(1)">hoi</a>',
        "![x](https://example.org/spy.png)",
        '<iframe src="https://example.org"></iframe>',
        "<div style='position:fixed'>x</div>",
    ],
)
def test_markdown_strips_scripts_dangerous_links_and_raw_html(text):
    html = str(library.render_markdown(text))
    elements = Elements()
    elements.feed(html)
    assert elements.tags <= set(library.ARTICLE_TAGS), html
    for tag, name, value in elements.attributes:
        assert (tag, name) in {("a", "href"), ("a", "rel"), ("bdi", "dir")}, html
        if name == "href":
            assert value.split(":")[0].lower() in {"http", "https", "mailto", "tel"}, html


class Elements(HTMLParser):
    """The elements and attributes in a piece of HTML (escaped text is text, not an element)."""

    def __init__(self):
        super().__init__()
        self.tags, self.attributes = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)


def test_phone_numbers_and_email_addresses_keep_their_order_inside_right_to_left_text():
    html = str(library.render_markdown("اتصل بالرقم 0800-2000 أو 113 أو اكتب إلى info@akj.nl"))
    assert '<bdi dir="ltr">0800-2000</bdi>' in html
    assert '<bdi dir="ltr">113</bdi>' in html
    assert '<bdi dir="ltr">info@akj.nl</bdi>' in html
    assert "<bdi>" not in str(library.render_markdown("Vanaf 12 jaar, 24/7 open."))


def test_a_heading_inside_a_section_is_a_subheading():
    assert str(library.render_markdown("# Groot\n\ntekst")).startswith("<h3>Groot</h3>")


# --- the dashboard's figures ----------------------------------------------------------------------------------------


def test_stale_report_gives_every_language_and_the_reviews_that_are_due(db, app):
    soon = make_article(db, "jim", next_review_due=today() + timedelta(days=30))
    late = make_article(db, "geld", next_review_due=today() - timedelta(days=1))
    make_article(db, "later", next_review_due=today() + timedelta(days=31))
    translate(db, soon, "en", dict(DUTCH, title="What is a JIM?"))
    library.add_version(db, late, "tr", TURKISH, publish=False)
    db.commit()
    with app.app_context():
        report = {row.article.slug: row for row in library.stale_report(db)}
    assert [s.language for s in report["jim"].languages] == list(library.languages())
    assert {s.language: s.state for s in report["jim"].languages} == {
        code: library.CURRENT if code in ("nl", "en") else library.MISSING for code in library.languages()
    }
    assert (report["jim"].review_due, report["jim"].review_overdue) == (True, False)
    assert (report["geld"].review_due, report["geld"].review_overdue) == (True, True)
    assert report["later"].review_due is False
    turkish = next(s for s in report["geld"].languages if s.language == "tr")
    assert (turkish.state, turkish.has_draft) == (library.MISSING, True)
    assert report["jim"].count(library.MISSING) == len(library.languages()) - 2


def test_feedback_counts_per_article_and_per_glossary_entry(db):
    article = make_article(db)
    other = make_article(db, "geld")
    db.add_all(
        [
            ArticleFeedback(article_id=article.id, language="tr"),
            ArticleFeedback(article_id=article.id, language="nl", sentence="Wat is een JIM?"),
            ArticleFeedback(article_id=article.id, language="nl", handled_at=library.utcnow()),
            ArticleFeedback(article_id=other.id, language="ar"),
            ArticleFeedback(term_key="regisseur", language="ar"),
            ArticleFeedback(term_key="regisseur", language="tr", handled_at=library.utcnow()),
        ]
    )
    db.commit()
    counts = library.feedback_counts(db)
    assert counts.articles == {article.id: library.FeedbackCount(3, 2), other.id: library.FeedbackCount(1, 1)}
    assert counts.terms == {"regisseur": library.FeedbackCount(2, 1)}


# --- content files --------------------------------------------------------------------------------------------------

DUTCH_FILE = """---
id: jim
title: Wat is een JIM?
summary: Een JIM is iemand die jij vertrouwt.
audiences: [jongere-12-15, jongere-16-plus]
topics: [jim, mentor]
reading_level: B1
reviewer: Petra Jansen, regisseur
last_reviewed: 2026-11-01
next_review_due: 2027-05-01
---
## Wat is het?
Een **JIM** is een volwassene uit je eigen omgeving.

## Wat betekent het voor jou?
Je kiest zelf wie.

## Wat kun je doen?
- Denk na over wie je vertrouwt
- Vraag het je regisseur

## Waar vind je hulp?
Bel de Kindertelefoon: 0800-0432.
"""

TURKISH_FILE = """---
id: jim
title: JIM nedir?
summary: JIM, güvendiğin biridir.
translator: Ayla Demir
---
## Bu nedir?
JIM, kendi çevrenden bir yetişkindir.

## Senin için ne anlama geliyor?
Kimi seçeceğine sen karar verirsin.

## Ne yapabilirsin?
- Kime güvendiğini düşün

## Nereden yardım alabilirsin?
Kindertelefoon: 0800-0432.

## Kendi dilinde ve kültüründe
Türkiye'de aile büyükleri de bu rolü üstlenebilir.
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_content_file_is_parsed_into_metadata_and_the_four_sections():
    dutch = sources.parse_text(DUTCH_FILE, "jim.nl.md")
    assert (dutch.slug, dutch.language) == ("jim", "nl")
    assert dutch.meta["audiences"] == ["jongere-12-15", "jongere-16-plus"]
    assert dutch.meta["last_reviewed"] == date(2026, 11, 1)
    assert dutch.fields["what_you_can_do"] == "- Denk na over wie je vertrouwt\n- Vraag het je regisseur"
    assert dutch.fields["culture_note"] == ""
    assert dutch.hash == library.source_hash(Text(**DUTCH))
    turkish = sources.parse_text(TURKISH_FILE, "jim.tr.md")
    assert turkish.fields["what_is_it"] == TURKISH["what_is_it"]
    assert turkish.fields["culture_note"] == TURKISH["culture_note"]
    assert turkish.meta["translator"] == "Ayla Demir"


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("jim.nl.md", DUTCH_FILE.replace("---\nid", "id", 1), "start with a '---'"),
        ("jim.nl.md", DUTCH_FILE.replace("id: jim", "id: jom"), "must be the file's slug"),
        ("jim.nl.md", DUTCH_FILE.replace("[jongere-12-15, ", "[tieners, "), "unknown audiences"),
        ("jim.nl.md", DUTCH_FILE.replace("2026-11-01", "1 november"), "YYYY-MM-DD"),
        ("jim.nl.md", DUTCH_FILE.replace("reviewer: Petra Jansen, regisseur\n", ""), "missing reviewer"),
        ("jim.nl.md", DUTCH_FILE.replace("## Wat kun je doen?", "## Wat moet je doen?"), "exactly these headings"),
        ("jim.nl.md", DUTCH_FILE.replace("---\n## Wat is het?", "---\nInleiding\n## Wat is het?"), "before the first"),
        ("jim.nl.md", DUTCH_FILE.replace("Je kiest zelf wie.", ""), "is empty"),
        ("jim.nl.md", DUTCH_FILE.replace("topics:", "onderwerpen:"), "unknown key"),
        ("jim.nl.md", DUTCH_FILE + "\n## In jouw taal en cultuur\nx\n", "exactly these headings"),
        ("jim.tr.md", TURKISH_FILE.replace("## Ne yapabilirsin?\n", "").replace("## Kendi", "Kendi"), "found 3"),
        ("jim.tr.md", TURKISH_FILE.replace("translator:", "source_hash: abc\ntranslator:"), "64 hexadecimal"),
        ("Jim.NL.md", DUTCH_FILE, "file name"),
    ],
)
def test_a_content_file_that_breaks_the_format_is_refused_with_a_clear_reason(name, text, problem):
    with pytest.raises(sources.ContentError, match=problem.replace("(", r"\(").replace("?", r"\?")):
        sources.parse_text(text, name)


def test_syncing_twice_changes_nothing_the_second_time(db, tmp_path):
    write(tmp_path, "jim.nl.md", DUTCH_FILE)
    write(tmp_path, "jim.tr.md", TURKISH_FILE)
    first = sources.sync_directory(db, tmp_path)
    db.commit()
    assert first.created_articles == ["jim"] and first.new_versions == ["jim.nl v1", "jim.tr v1"]
    assert not first.errors
    second = sources.sync_directory(db, tmp_path)
    db.commit()
    assert not second.changed and not second.errors
    assert len(db.exec(select(ArticleVersion)).all()) == 2
    article = db.exec(select(Article).where(Article.slug == "jim")).one()
    assert (article.reviewer, article.next_review_due) == ("Petra Jansen, regisseur", date(2027, 5, 1))
    view = library.published(db, "jim", "tr")
    assert (view.out_of_date, view.version.translator) == (False, "Ayla Demir")


def test_a_changed_dutch_file_makes_a_new_version_and_the_unchanged_translation_goes_out_of_date(db, tmp_path):
    dutch = write(tmp_path, "jim.nl.md", DUTCH_FILE)
    turkish = write(tmp_path, "jim.tr.md", TURKISH_FILE)
    sources.sync_directory(db, tmp_path)
    db.commit()
    dutch.write_text(DUTCH_FILE.replace("Je kiest zelf wie.", "Je kiest zelf wie. Je regisseur helpt."))
    result = sources.sync_directory(db, tmp_path)
    db.commit()
    assert result.new_versions == ["jim.nl v2"]
    assert library.published(db, "jim", "tr").out_of_date

    turkish.write_text(TURKISH_FILE.replace("karar verirsin.", "karar verirsin. Rejisörün yardım eder."))
    result = sources.sync_directory(db, tmp_path)
    db.commit()
    assert result.new_versions == ["jim.tr v2"]
    assert not library.published(db, "jim", "tr").out_of_date


def test_a_translation_file_with_a_source_hash_follows_that_dutch_text(db, tmp_path):
    write(tmp_path, "jim.nl.md", DUTCH_FILE)
    old_hash = "0" * 64
    write(tmp_path, "jim.tr.md", TURKISH_FILE.replace("translator:", f"source_hash: {old_hash}\ntranslator:"))
    sources.sync_directory(db, tmp_path)
    db.commit()
    view = library.published(db, "jim", "tr")
    assert (view.version.source_hash, view.out_of_date) == (old_hash, True)


def test_a_sync_never_undoes_what_the_redacteur_published_in_the_app(db, tmp_path):
    write(tmp_path, "jim.nl.md", DUTCH_FILE)
    sources.sync_directory(db, tmp_path)
    db.commit()
    article = db.exec(select(Article).where(Article.slug == "jim")).one()
    library.add_version(db, article, "nl", dict(DUTCH, title="Wat doet een JIM?"), publish=True)
    db.commit()
    result = sources.sync_directory(db, tmp_path)
    db.commit()
    assert not result.changed
    assert library.published(db, "jim", "nl").version.title == "Wat doet een JIM?"


def test_the_newest_review_wins_between_the_file_and_the_app(db, tmp_path):
    path = write(tmp_path, "jim.nl.md", DUTCH_FILE)
    sources.sync_directory(db, tmp_path)
    db.commit()
    article = db.exec(select(Article).where(Article.slug == "jim")).one()
    article.reviewer, article.last_reviewed, article.next_review_due = "Redactie", date(2026, 12, 1), date(2027, 6, 1)
    db.add(article)
    db.commit()
    assert not sources.sync_directory(db, tmp_path).updated_metadata  # the file's review (1 November) is older
    path.write_text(DUTCH_FILE.replace("2026-11-01", "2026-12-15").replace("Petra Jansen, regisseur", "AKJ"))
    assert sources.sync_directory(db, tmp_path).updated_metadata == ["jim"]
    db.commit()
    assert (article.reviewer, article.last_reviewed) == ("AKJ", date(2026, 12, 15))


def test_a_broken_file_is_reported_and_the_others_are_still_synced(db, tmp_path):
    write(tmp_path, "jim.nl.md", DUTCH_FILE)
    write(tmp_path, "kapot.nl.md", "geen front matter")
    write(tmp_path, "wees.tr.md", TURKISH_FILE.replace("id: jim", "id: wees"))
    result = sources.sync_directory(db, tmp_path)
    assert result.created_articles == ["jim"]
    assert any("kapot.nl.md" in error for error in result.errors)
    assert any("wees" in error and "Dutch file" in error for error in result.errors)


def test_every_file_in_the_content_folder_keeps_to_the_format():
    files, errors = sources.read_directory()
    assert not errors, "\n".join(errors)
    dutch = {f.slug for f in files if f.language == "nl"}
    assert {f.slug for f in files} <= dutch, "every translation needs its Dutch file"


def test_flask_content_sync_loads_the_content_folder_once(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["content-sync"])
    assert first.exit_code == 0, first.output
    assert "Articles:" in first.output and "0 new versions" not in first.output
    assert library.articles_for(db)
    second = runner.invoke(args=["content-sync"])
    assert second.exit_code == 0
    assert "Articles: 0 new, 0 new versions, 0 with new review data." in second.output
