"""The redacteur's use-cases: the dashboard (missing, out-of-date and current translations, reviews due, "Ik begrijp
dit niet" counts), editing an article in one language with a preview, saving a draft, publishing, the versions.

Plain functions taking the database session and the acting user; the caller commits. Only a redacteur may use any of
this (policy.can_edit_articles): for anyone else every function raises 404, so the editor's pages do not exist for
them. Input the redacteur can fix raises `EditorError` (with the form field); publishing a translation before there
is any published Dutch text raises `StepNotAllowed` (answered 409).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.clock import today, utcnow
from webapp.content import library
from webapp.content.glossary import BY_KEY
from webapp.forms import RTL_LANGUAGES
from webapp.models import User
from webapp.models.content import SOURCE_LANGUAGE, Article, ArticleFeedback, ArticleVersion

# How far ahead a review is planned when the redacteur marks an article as reviewed.
REVIEW_INTERVAL = timedelta(days=182)

AUDIENCE_LABELS = library.AUDIENCES

STATE_LABELS = {
    library.MISSING: _l("ontbreekt"),
    library.OUT_OF_DATE: _l("verouderd"),
    library.CURRENT: _l("actueel"),
}


class EditorError(ValueError):
    """Input the redacteur can fix; `field` names the form field it belongs to (or None: the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class StepNotAllowed(Exception):
    """A step out of order (a translation published while there is no Dutch text): the view answers 409."""


def _require_redacteur(user: User) -> None:
    if not policy.can_edit_articles(user):
        raise NotFound()


def _language(code: str) -> str:
    if code not in library.languages():
        raise NotFound()
    return code


def _article(db: Session, slug: str) -> Article:
    article = db.exec(select(Article).where(Article.slug == slug)).first()
    if article is None:
        raise NotFound()
    return article


# --- dashboard -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermFeedback:
    key: str
    word: str
    count: library.FeedbackCount


@dataclass(frozen=True)
class Dashboard:
    languages: tuple[str, ...]
    rows: list[library.ArticleStatus]
    feedback: dict[int, library.FeedbackCount]  # by Article.id
    terms: list[TermFeedback]  # glossary entries with feedback, most open first
    reviews_due: list[library.ArticleStatus]  # soonest first
    missing: int  # language versions missing, over all articles
    out_of_date: int

    def feedback_for(self, article_id: int) -> library.FeedbackCount:
        return self.feedback.get(article_id, library.FeedbackCount(0, 0))


def dashboard(db: Session, user: User, day: date | None = None) -> Dashboard:
    _require_redacteur(user)
    day = day or today()
    rows = library.stale_report(db, day)
    counts = library.feedback_counts(db)
    terms = [
        TermFeedback(key, str(BY_KEY[key].word) if key in BY_KEY else key, count) for key, count in counts.terms.items()
    ]
    terms.sort(key=lambda t: (-t.count.open, -t.count.total, t.word.casefold()))
    due = sorted((row for row in rows if row.review_due), key=lambda row: row.article.next_review_due)
    return Dashboard(
        languages=library.languages(),
        rows=rows,
        feedback=counts.articles,
        terms=terms,
        reviews_due=due,
        missing=sum(row.count(library.MISSING) for row in rows),
        out_of_date=sum(row.count(library.OUT_OF_DATE) for row in rows),
    )


# --- one article ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleOverview:
    article: Article
    status: library.ArticleStatus
    versions: dict[str, list[ArticleVersion]]  # per language, newest first
    feedback: list[ArticleFeedback]  # the open "Ik begrijp dit niet" taps, newest first
    feedback_count: library.FeedbackCount


def overview(db: Session, user: User, slug: str) -> ArticleOverview:
    _require_redacteur(user)
    article = _article(db, slug)
    status = next(row for row in library.stale_report(db) if row.article.id == article.id)
    versions: dict[str, list[ArticleVersion]] = {}
    for version in db.exec(
        select(ArticleVersion)
        .where(ArticleVersion.article_id == article.id)
        .order_by(ArticleVersion.language, ArticleVersion.number.desc())
    ).all():
        versions.setdefault(version.language, []).append(version)
    feedback = db.exec(
        select(ArticleFeedback)
        .where(ArticleFeedback.article_id == article.id, ArticleFeedback.handled_at.is_(None))
        .order_by(ArticleFeedback.created_at.desc())
        .limit(100)
    ).all()
    count = library.feedback_counts(db).articles.get(article.id, library.FeedbackCount(0, 0))
    return ArticleOverview(article, status, versions, list(feedback), count)


def mark_feedback_handled(db: Session, user: User, slug: str) -> int:
    """The redacteur has read the open feedback on an article: it leaves the open count. Returns how many."""
    _require_redacteur(user)
    article = _article(db, slug)
    rows = db.exec(
        select(ArticleFeedback).where(ArticleFeedback.article_id == article.id, ArticleFeedback.handled_at.is_(None))
    ).all()
    now = utcnow()
    for row in rows:
        row.handled_at = now
        db.add(row)
    db.flush()
    return len(rows)


def mark_reviewed(db: Session, user: User, slug: str, reviewer: str, next_due: date | None = None) -> Article:
    """The article was checked today by `reviewer`: the next review is due in half a year (or on `next_due`)."""
    _require_redacteur(user)
    article = _article(db, slug)
    reviewer = " ".join((reviewer or "").split())
    if not reviewer:
        raise EditorError(str(_l("Schrijf wie het artikel heeft gecontroleerd.")), "reviewer")
    if len(reviewer) > 200:
        raise EditorError(str(_l("Deze naam is te lang.")), "reviewer")
    day = today()
    if next_due is not None and next_due <= day:
        raise EditorError(str(_l("Kies een datum na vandaag.")), "next_review_due")
    article.reviewer = reviewer
    article.last_reviewed = day
    article.next_review_due = next_due or day + REVIEW_INTERVAL
    db.add(article)
    db.flush()
    return article


# --- editing -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditState:
    article: Article
    language: str
    newest: ArticleVersion | None  # the newest version in this language (a draft, or the published one)
    published: ArticleVersion | None  # the newest published version in this language
    dutch: ArticleVersion | None  # the newest published Dutch (what a translation follows)
    out_of_date: bool  # the published translation was made from an older Dutch text

    @property
    def is_translation(self) -> bool:
        return self.language != SOURCE_LANGUAGE

    @property
    def has_draft(self) -> bool:
        return self.newest is not None and self.newest.published_at is None

    def fields(self) -> dict[str, str]:
        """What the form starts with: the newest version's text (for a new translation: empty)."""
        if self.newest is None:
            return {}
        return {name: getattr(self.newest, name) for name in library.TEXT_FIELDS}


def edit_state(db: Session, user: User, slug: str, language: str) -> EditState:
    _require_redacteur(user)
    language = _language(language)
    article = _article(db, slug)
    newest = library.newest_versions(db, article.id).get(language)
    published = library.newest_published(db, article.id, language)
    dutch = library.newest_published(db, article.id, SOURCE_LANGUAGE)
    out_of_date = published is not None and library.is_out_of_date(published, dutch)
    return EditState(article, language, newest, published, dutch, out_of_date)


def _clean(fields: dict[str, str], language: str) -> dict[str, str]:
    values = {name: (fields.get(name) or "").strip() for name in library.TEXT_FIELDS}
    if language == SOURCE_LANGUAGE:
        values["culture_note"] = ""
    return values


def _check(values: dict[str, str]) -> None:
    if not values["title"]:
        raise EditorError(str(_l("Schrijf een titel.")), "title")
    for name in library.SECTION_FIELDS:
        if not values[name]:
            raise EditorError(str(_l("Elk van de vier delen heeft tekst nodig.")), name)


def save_draft(db: Session, user: User, slug: str, language: str, fields: dict[str, str]) -> ArticleVersion:
    """Keep the text as a draft: readers do not see it. One draft per language: saving again changes it."""
    state = edit_state(db, user, slug, language)
    values = _clean(fields, state.language)
    if not values["title"]:
        raise EditorError(str(_l("Schrijf een titel.")), "title")
    if state.has_draft:
        draft = state.newest
        for name, value in values.items():
            setattr(draft, name, library.normalise(value))
        draft.author_id = user.id
        draft.created_at = utcnow()
        db.add(draft)
        db.flush()
        return draft
    return library.add_version(db, state.article, state.language, values, publish=False, author_id=user.id)


def publish(
    db: Session, user: User, slug: str, language: str, fields: dict[str, str], translator: str = ""
) -> ArticleVersion:
    """Publish the text as the newest version in this language. A translation stores the hash of the current Dutch
    text (it follows that one now). Publishing the same text again only makes sense for an out-of-date translation
    (the redacteur checked that it still fits the new Dutch)."""
    state = edit_state(db, user, slug, language)
    values = _clean(fields, state.language)
    _check(values)
    translator = " ".join((translator or "").split())
    if len(translator) > 200:
        raise EditorError(str(_l("Deze naam is te lang.")), "translator")
    if state.is_translation and state.dutch is None:
        raise StepNotAllowed()
    unchanged = state.published is not None and library.same_text(state.published, values)
    if unchanged and not state.out_of_date and not state.has_draft:
        raise EditorError(str(_l("Er is niets veranderd sinds de vorige versie.")))
    made_from = library.source_hash(state.dutch) if state.is_translation else None
    if state.has_draft:
        version = state.newest
        for name, value in values.items():
            setattr(version, name, library.normalise(value))
        version.source_hash = made_from or library.source_hash(version)
        version.translator = translator if state.is_translation else ""
        version.author_id = user.id
        version.published_at = utcnow()
        db.add(version)
        db.flush()
        return version
    return library.add_version(
        db,
        state.article,
        state.language,
        values,
        publish=True,
        author_id=user.id,
        translator=translator,
        made_from_hash=made_from,
    )


@dataclass(frozen=True)
class Preview:
    """A text as the public page shows it: headings in the article's language, sections as sanitised HTML."""

    title: str
    summary: str
    language: str
    sections: list[tuple[str, Markup]]
    culture_heading: str
    culture_note: Markup

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"


def render(version_or_fields, language: str) -> Preview:
    """The text (an ArticleVersion or the form's fields) rendered as the reading page renders it."""

    def get(name: str) -> str:
        if isinstance(version_or_fields, dict):
            return (version_or_fields.get(name) or "").strip()
        return getattr(version_or_fields, name)

    with force_locale(language):
        sections = [(str(label), library.render_markdown(get(name))) for name, label in library.SECTIONS if get(name)]
        culture_heading = str(library.CULTURE_NOTE_HEADING)
    note = library.render_markdown(get("culture_note") if language != SOURCE_LANGUAGE else "")
    return Preview(get("title"), get("summary"), language, sections, culture_heading, note)


def preview(db: Session, user: User, slug: str, language: str, fields: dict[str, str]) -> Preview:
    state = edit_state(db, user, slug, language)
    return render(_clean(fields, state.language), state.language)


@dataclass(frozen=True)
class VersionDetail:
    article: Article
    version: ArticleVersion
    preview: Preview
    author: str


def version_detail(db: Session, user: User, slug: str, language: str, number: int) -> VersionDetail:
    _require_redacteur(user)
    language = _language(language)
    article = _article(db, slug)
    version = db.exec(
        select(ArticleVersion).where(
            ArticleVersion.article_id == article.id,
            ArticleVersion.language == language,
            ArticleVersion.number == number,
        )
    ).first()
    if version is None:
        raise NotFound()
    author = db.get(User, version.author_id) if version.author_id else None
    return VersionDetail(article, version, render(version, language), author.name if author else "")
