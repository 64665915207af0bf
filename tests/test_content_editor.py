"""The redacteur's pages (/redactie): only a redacteur sees them (others 404), the dashboard's figures, editing with
a preview, drafts readers do not see, publishing (a translation follows the current Dutch), versions, reviews."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlmodel import select

from tests.conftest import post_form
from tests.factories import login, make_regisseur, make_user
from tests.test_content_library import DUTCH, TURKISH, make_article, translate
from webapp.clock import today
from webapp.content import library
from webapp.models import Role
from webapp.models.content import Article, ArticleFeedback, ArticleVersion


@pytest.fixture
def redacteur(db):
    return make_user(db, Role.REDACTEUR, name="Fatima El Amrani", totp_secret=pyotp.random_base32())


@pytest.fixture
def as_redacteur(client, redacteur):
    assert login(client, redacteur).status_code == 302
    return client


def form_data(fields: dict, action: str, **extra) -> dict:
    return {**{name: fields.get(name, "") for name in library.TEXT_FIELDS}, "action": action, **extra}


def newest(db, slug: str, language: str) -> ArticleVersion:
    article = db.exec(select(Article).where(Article.slug == slug)).one()
    db.expire_all()
    return library.newest_versions(db, article.id)[language]


# --- rights ---------------------------------------------------------------------------------------------------------

PAGES = ["/redactie", "/redactie/jim", "/redactie/jim/nl", "/redactie/jim/tr", "/redactie/jim/nl/versie/1"]
POSTS = [
    ("/redactie/jim/nl", form_data(DUTCH, "publish", title="Gekaapt")),
    ("/redactie/jim/tr", form_data(TURKISH, "draft")),
    ("/redactie/jim/nl/voorbeeld", form_data(DUTCH, "preview")),
    ("/redactie/jim/controle", {"reviewer": "Iemand"}),
    ("/redactie/jim/feedback-gelezen", {}),
]


@pytest.mark.parametrize("who", ["regisseur", "ouder", "moderator"])
def test_only_a_redacteur_sees_the_editor_everyone_else_gets_404(db, client, who):
    make_article(db)
    user = {
        "regisseur": lambda: make_regisseur(db),
        "ouder": lambda: make_user(db, Role.OUDER),
        "moderator": lambda: make_user(db, Role.MODERATOR, totp_secret=pyotp.random_base32()),
    }[who]()
    login(client, user)
    for path in PAGES:
        assert client.get(path).status_code == 404, path
    for path, data in POSTS:
        assert post_form(client, path, data).status_code == 404, path
    assert library.published(db, "jim", "nl").version.title == DUTCH["title"]
    assert len(db.exec(select(ArticleVersion)).all()) == 1


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login(db, client):
    make_article(db)
    response = client.get("/redactie/jim/nl")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_unknown_article_language_or_version_is_404_for_the_redacteur_too(db, as_redacteur):
    make_article(db)
    for path in ["/redactie/bestaat-niet", "/redactie/jim/xx", "/redactie/jim/nl/versie/9", "/redactie/nee/nl"]:
        assert as_redacteur.get(path).status_code == 404, path


# --- dashboard ------------------------------------------------------------------------------------------------------


def test_the_dashboard_shows_missing_out_of_date_and_current_languages_reviews_due_and_feedback(db, as_redacteur):
    jim = make_article(db, next_review_due=today() + timedelta(days=10))
    make_article(db, "geld", next_review_due=today() + timedelta(days=200))
    translate(db, jim, "tr")
    translate(db, jim, "en", dict(DUTCH, title="What is a JIM?"))
    library.add_version(db, jim, "nl", dict(DUTCH, summary="Nieuw"), publish=True)
    db.add_all([ArticleFeedback(article_id=jim.id, language="tr") for _ in range(3)])
    db.add(ArticleFeedback(term_key="regisseur", language="ar"))
    db.commit()

    html = as_redacteur.get("/redactie").get_data(as_text=True)
    assert "/redactie/jim/tr" in html and "/redactie/geld/ar" in html
    row = html
    assert 'aria-label="Wat is een JIM?, Türkçe: verouderd"' in row
    assert 'aria-label="Wat is een JIM?, English: verouderd"' in row
    assert 'aria-label="Wat is een JIM?, Nederlands: actueel"' in row
    assert 'aria-label="Wat is een JIM?, العربية: ontbreekt"' in row
    assert "3 / 3" in html
    assert "regisseur" in html and "1 open, 1 in totaal" in html
    board = library.stale_report(db)
    assert sum(r.count(library.OUT_OF_DATE) for r in board) == 2
    reviews = html[html.index('id="reviews-title"') : html.index('id="terms-title"')]
    assert "/redactie/jim" in reviews and "/redactie/geld" not in reviews


# --- editing --------------------------------------------------------------------------------------------------------


def test_the_redacteur_updates_the_dutch_and_the_turkish_turns_out_of_date(db, as_redacteur, redacteur):
    jim = make_article(db)
    translate(db, jim, "tr")
    page = as_redacteur.get("/redactie/jim/nl").get_data(as_text=True)
    assert DUTCH["what_it_means"] in page

    response = post_form(
        as_redacteur, "/redactie/jim/nl", form_data(dict(DUTCH, what_it_means="Jij kiest."), "publish")
    )
    assert response.status_code == 302
    version = newest(db, "jim", "nl")
    assert (version.number, version.what_it_means, version.author_id) == (2, "Jij kiest.", redacteur.id)
    assert version.published_at is not None
    assert library.published(db, "jim", "tr").out_of_date
    assert "Deze vertaling is ouder dan de Nederlandse tekst" in as_redacteur.get("/redactie/jim/tr").get_data(
        as_text=True
    )

    response = post_form(
        as_redacteur,
        "/redactie/jim/tr",
        form_data(TURKISH, "publish", what_it_means="Sen seçersin.", translator="Ayla"),
    )
    assert response.status_code == 302
    turkish = newest(db, "jim", "tr")
    assert turkish.source_hash == library.source_hash(version)
    assert (turkish.translator, turkish.culture_note) == ("Ayla", TURKISH["culture_note"])
    assert not library.published(db, "jim", "tr").out_of_date


def test_a_draft_is_kept_for_the_redacteur_but_readers_still_see_the_published_text(db, as_redacteur):
    make_article(db)
    unfinished = {"title": "Wat is een JIM precies?", "what_is_it": "Nog bezig"}
    assert post_form(as_redacteur, "/redactie/jim/nl", form_data(unfinished, "draft")).status_code == 302
    assert (
        post_form(as_redacteur, "/redactie/jim/nl", form_data(unfinished | {"summary": "Kort"}, "draft")).status_code
        == 302
    )
    drafts = db.exec(select(ArticleVersion).where(ArticleVersion.published_at.is_(None))).all()
    assert [(d.number, d.summary) for d in drafts] == [(2, "Kort")]  # saved again: the same draft
    assert library.published(db, "jim", "nl").version.title == DUTCH["title"]
    assert "Nog bezig" in as_redacteur.get("/redactie/jim/nl").get_data(as_text=True)

    assert (
        post_form(as_redacteur, "/redactie/jim/nl", form_data(DUTCH | {"title": "Nieuw"}, "publish")).status_code == 302
    )
    db.expire_all()
    view = library.published(db, "jim", "nl")
    assert (view.version.number, view.version.title) == (2, "Nieuw")
    assert len(db.exec(select(ArticleVersion)).all()) == 2


def test_publishing_with_an_empty_section_re_renders_the_form_with_everything_typed_kept(db, as_redacteur):
    make_article(db)
    typed = dict(DUTCH, what_you_can_do="", title="Mijn nieuwe titel <b>")
    response = post_form(as_redacteur, "/redactie/jim/nl", form_data(typed, "publish"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Mijn nieuwe titel &lt;b&gt;" in html
    assert "Schrijf wat de lezer kan doen." in html
    assert 'aria-invalid="true"' in html
    assert library.published(db, "jim", "nl").version.number == 1


def test_a_text_that_is_too_long_is_refused_also_as_a_draft(db, as_redacteur):
    make_article(db)
    response = post_form(as_redacteur, "/redactie/jim/nl", form_data(dict(DUTCH, summary="x" * 501), "draft"))
    assert response.status_code == 422
    assert "Deze tekst is te lang." in response.get_data(as_text=True)


def test_publishing_the_same_text_again_is_refused_but_confirming_an_out_of_date_translation_is_allowed(
    db, as_redacteur
):
    jim = make_article(db)
    translate(db, jim, "tr")
    response = post_form(as_redacteur, "/redactie/jim/nl", form_data(DUTCH, "publish"))
    assert response.status_code == 422
    assert "Er is niets veranderd" in response.get_data(as_text=True)

    library.add_version(db, jim, "nl", dict(DUTCH, title="Wat doet een JIM?"), publish=True)
    db.commit()
    assert library.published(db, "jim", "tr").out_of_date
    assert post_form(as_redacteur, "/redactie/jim/tr", form_data(TURKISH, "publish")).status_code == 302
    assert not library.published(db, "jim", "tr").out_of_date


def test_a_translation_cannot_be_published_before_there_is_dutch_text(db, as_redacteur):
    make_article(db, dutch=False)
    response = post_form(as_redacteur, "/redactie/jim/tr", form_data(TURKISH, "publish"))
    assert response.status_code == 409
    assert not db.exec(select(ArticleVersion)).all()


def test_the_preview_renders_like_the_public_page_and_is_sanitised(db, as_redacteur):
    make_article(db)
    fields = dict(DUTCH, what_is_it="**Vet** en <script>alert(1)</script> [x](javascript:alert(1))")
    response = post_form(
        as_redacteur, "/redactie/jim/nl/voorbeeld", form_data(fields, "preview"), headers={"HX-Request": "true"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="voorbeeld"')
    assert "<strong>Vet</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert "<h3>Wat is het?</h3>" in html
    assert library.published(db, "jim", "nl").version.what_is_it == DUTCH["what_is_it"]  # nothing saved

    # Without JavaScript the same button posts the whole form: the page comes back with the preview and the text.
    response = post_form(as_redacteur, "/redactie/jim/nl", form_data(fields, "preview"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<strong>Vet</strong>" in html and "<html" in html
    assert "**Vet** en &lt;script&gt;" in html  # the typed text is kept in the form


def test_a_translation_shows_its_culture_note_in_the_preview_and_headings_in_its_language(db, as_redacteur):
    make_article(db)
    html = post_form(
        as_redacteur, "/redactie/jim/ar/voorbeeld", form_data(TURKISH, "preview"), headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html
    assert TURKISH["culture_note"] in html


def test_the_versions_are_listed_and_each_one_can_be_read(db, as_redacteur, redacteur):
    jim = make_article(db)
    library.add_version(db, jim, "nl", dict(DUTCH, title="Tweede titel"), publish=True, author_id=redacteur.id)
    db.commit()
    html = as_redacteur.get("/redactie/jim").get_data(as_text=True)
    assert "/redactie/jim/nl/versie/1" in html and "/redactie/jim/nl/versie/2" in html
    first = as_redacteur.get("/redactie/jim/nl/versie/1").get_data(as_text=True)
    assert DUTCH["title"] in first and "uit de map content/" in first
    second = as_redacteur.get("/redactie/jim/nl/versie/2").get_data(as_text=True)
    assert "Tweede titel" in second and "Fatima El Amrani" in second


def test_the_redacteur_marks_an_article_reviewed_and_reads_the_feedback(db, as_redacteur):
    jim = make_article(db, next_review_due=today() - timedelta(days=3))
    db.add(ArticleFeedback(article_id=jim.id, language="tr", sentence="Wat is een regisseur?"))
    db.commit()
    html = as_redacteur.get("/redactie/jim").get_data(as_text=True)
    assert "Wat is een regisseur?" in html and "te laat" in html

    assert post_form(as_redacteur, "/redactie/jim/controle", {"reviewer": ""}).status_code == 422
    assert post_form(as_redacteur, "/redactie/jim/controle", {"reviewer": "Dr. A. Jansen, AKJ"}).status_code == 302
    db.refresh(jim)
    assert (jim.reviewer, jim.last_reviewed, jim.next_review_due) == (
        "Dr. A. Jansen, AKJ",
        today(),
        today() + timedelta(days=182),
    )
    assert post_form(as_redacteur, "/redactie/jim/feedback-gelezen", {}).status_code == 302
    assert library.feedback_counts(db).articles[jim.id] == library.FeedbackCount(1, 0)


def test_the_redacteur_finds_the_redactie_in_the_menu_and_others_do_not(db, client, as_redacteur):
    assert 'href="/redactie"' in as_redacteur.get("/account").get_data(as_text=True)
    other = client.application.test_client()
    login(other, make_regisseur(db))
    assert 'href="/redactie"' not in other.get("/account").get_data(as_text=True)
