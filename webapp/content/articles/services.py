"""The reading side of Informatie: which articles a reader sees, one article in the reader's language, and the
"Ik begrijp dit niet" feedback. Articles are public, so nothing here depends on who reads; drafts never show.

Plain functions taking the database session; the caller commits. The texts and their state come from
webapp/content/library.py (the core the editor shares).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from markupsafe import Markup
from sqlmodel import Session, select

from webapp.content import library
from webapp.content.glossary import BY_KEY
from webapp.models.content import SOURCE_LANGUAGE, Article, ArticleFeedback, ArticleVersion

SENTENCE_MAX = 500  # ArticleFeedback.sentence
FEEDBACK_SCOPE = "informatie-feedback"  # one rate limit for articles and glossary entries together


def feedback_limit() -> str:
    """How often one address may send "Ik begrijp dit niet" (config CONTENT_FEEDBACK_LIMIT)."""
    return current_app.config.get("CONTENT_FEEDBACK_LIMIT", "10 per hour")


class NotFound(LookupError):
    """No such published article or glossary entry: the view answers 404."""


class FeedbackError(ValueError):
    """Input the reader can fix (the sentence is too long)."""


@dataclass(frozen=True)
class ArticlePage:
    """One article as a reader sees it in `language` (what library.published gives, plus what the page shows)."""

    view: library.ArticleView
    sections: list[tuple[str, Markup]]  # (heading in the article's language, sanitised HTML) of the four sections
    culture_note: Markup  # the "in jouw taal en cultuur" note for the reader's language (sanitised), or empty
    culture_heading: str

    @property
    def article(self) -> Article:
        return self.view.article

    @property
    def version(self) -> ArticleVersion:
        return self.view.version

    @property
    def is_translation(self) -> bool:
        return self.view.language != SOURCE_LANGUAGE


def audience_or_none(value: str | None) -> str | None:
    """A known audience code from the query string; anything else means "everyone"."""
    return value if value in library.AUDIENCES else None


def library_list(db: Session, audience: str | None, language: str) -> list[library.ArticleSummary]:
    """The published articles for one audience (or all), titles in the reader's language where translated."""
    return library.articles_for(db, audience=audience_or_none(audience), language=language)


def article_page(db: Session, slug: str, language: str) -> ArticlePage:
    """The newest published text of an article in `language` (the Dutch when it has none), with its culture note
    when the reader's own language has one. NotFound when there is no such published article."""
    view = library.published(db, slug, language)
    if view is None:
        raise NotFound(slug)
    note = Markup("")
    if not view.is_fallback and view.language != SOURCE_LANGUAGE and view.language == language:
        note = library.render_markdown(view.version.culture_note.strip())
    # The headings belong to the text, so they are in the article's language (the Dutch one on a fallback page).
    with force_locale(view.language):
        sections = [(str(heading), library.render_markdown(text)) for heading, text in view.sections()]
        culture_heading = str(library.CULTURE_NOTE_HEADING)
    return ArticlePage(view=view, sections=sections, culture_note=note, culture_heading=culture_heading)


def published_slugs(db: Session) -> set[str]:
    """The slugs of the articles a reader can open (a glossary entry links to its article only then)."""
    return {summary.slug for summary in library.articles_for(db, audience=None, language=SOURCE_LANGUAGE)}


def _clean_sentence(sentence: str | None) -> str:
    text = " ".join((sentence or "").split())
    if len(text) > SENTENCE_MAX:
        raise FeedbackError(str(SENTENCE_MAX))
    return text


def article_not_understood(db: Session, slug: str, language: str, sentence: str | None = None) -> ArticleFeedback:
    """'Ik begrijp dit niet' on an article: stored anonymously for the redacteur, with the language the reader read
    and, if given, the sentence. NotFound for an article nobody can read; FeedbackError for a too-long sentence."""
    article = db.exec(select(Article).where(Article.slug == slug)).first()
    if article is None or library.published(db, article.id, language) is None:
        raise NotFound(slug)
    feedback = ArticleFeedback(article_id=article.id, language=language, sentence=_clean_sentence(sentence))
    db.add(feedback)
    db.flush()
    return feedback


def term_not_understood(db: Session, key: str, language: str, sentence: str | None = None) -> ArticleFeedback:
    """'Ik begrijp dit niet' on a glossary entry (counted per term key)."""
    if key not in BY_KEY:
        raise NotFound(key)
    feedback = ArticleFeedback(term_key=key, language=language, sentence=_clean_sentence(sentence))
    db.add(feedback)
    db.flush()
    return feedback
