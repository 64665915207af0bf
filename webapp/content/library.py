"""The Informatie library: what a reader sees of an article, whether a translation still follows the Dutch, how an
article's markdown becomes safe HTML, and what the redacteur's dashboard counts.

The core the other parts call (the reading pages, the editor, the content/ sync):

- `source_hash(version)`: the hash of a Dutch version's text (title, summary, the four sections), normalised so
  that line endings and trailing spaces do not count. A translation stores the hash of the Dutch it was made from;
  when the Dutch changes, the hashes differ and the translation is out of date.
- `published(db, slug_or_id, language) -> ArticleView | None`: the newest published version in the language, with
  the newest published Dutch beside it; Dutch when the language has none yet (`is_fallback`).
- `articles_for(db, audience=None, language=...)`: the published articles, titles in the reader's language where
  there is a translation.
- `render_markdown(text) -> Markup`: markdown-it-py + nh3, the same sanitising rules as messages (raw HTML escaped,
  only http/https/mailto/tel links) with a few more tags (lists, bold, italics); phone numbers and e-mail addresses
  keep their left-to-right order inside Arabic or Farsi text.
- `stale_report(db)`: per article and language missing / out of date / current, and which reviews are due.
- `feedback_counts(db)`: "Ik begrijp dit niet" per article and per glossary entry.
- `add_version(...)` / `newest_versions(...)`: the one place versions are written and read for the editor and sync.

Articles are public: none of this depends on who reads. Drafts (`published_at` is None) are never shown to readers.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from markdown_it import MarkdownIt
from markupsafe import Markup
from sqlalchemy import case, func
from sqlmodel import Session, select

from webapp.clock import today as clock_today
from webapp.clock import utcnow
from webapp.config import Config
from webapp.i18n import bidi
from webapp.messages.render import MESSAGE_TAGS, sanitise
from webapp.models.content import SOURCE_LANGUAGE, Article, ArticleFeedback, ArticleVersion

# The fixed structure: the field of each section and its heading (Dutch source, translated through Babel).
SECTIONS: tuple[tuple[str, object], ...] = (
    ("what_is_it", _l("Wat is het?")),
    ("what_it_means", _l("Wat betekent het voor jou?")),
    ("what_you_can_do", _l("Wat kun je doen?")),
    ("where_to_get_help", _l("Waar vind je hulp?")),
)
SECTION_FIELDS: tuple[str, ...] = tuple(name for name, _label in SECTIONS)
CULTURE_NOTE_HEADING = _l("In jouw taal en cultuur")

AUDIENCES: dict[str, object] = {
    "jongere-12-15": _l("Jongeren van 12 tot 16 jaar"),
    "jongere-16-plus": _l("Jongeren van 16 jaar en ouder"),
    "ouder": _l("Ouders"),
    "pleegouder": _l("Pleegouders"),
    "steungezin": _l("Steungezinnen"),
    "mentor": _l("Mentoren"),
}

# A review is "due" on the dashboard this long before its date, so the redacteur can plan it.
REVIEW_WARNING = timedelta(days=30)

MISSING = "missing"
OUT_OF_DATE = "out_of_date"
CURRENT = "current"


# --- hashing -------------------------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def source_hash(version) -> str:
    """sha256 (hex) over the Dutch title, summary and four sections of `version` (an ArticleVersion or anything with
    those attributes), normalised: Unicode NFC, line endings, trailing spaces and blank lines at the ends ignored."""
    parts = [version.title, version.summary, *(getattr(version, name) for name in SECTION_FIELDS)]
    joined = "\x1e".join(normalise(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


# --- reading -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleView:
    """What a reader gets for one article in one language."""

    article: Article
    version: ArticleVersion  # the text to show: in the requested language, or the Dutch (is_fallback)
    dutch: ArticleVersion | None  # the newest published Dutch version (None only if an article has no Dutch yet)
    requested_language: str
    is_fallback: bool  # there is no published version in the requested language: `version` is the Dutch
    out_of_date: bool  # `version` is a translation made from an older Dutch text

    @property
    def language(self) -> str:
        return self.version.language

    @property
    def slug(self) -> str:
        return self.article.slug

    def sections(self) -> list[tuple[object, str]]:
        """(heading, markdown) of the four sections, in order; empty sections left out."""
        return [(label, getattr(self.version, name)) for name, label in SECTIONS if getattr(self.version, name)]


@dataclass(frozen=True)
class ArticleSummary:
    """One line of the library list."""

    article: Article
    slug: str
    title: str
    summary: str
    language: str  # the language of title and summary (the reader's, or Dutch)
    out_of_date: bool


def _newest_published_numbers():
    """(article_id, language, number) of the newest published version per article and language."""
    return (
        select(ArticleVersion.article_id, ArticleVersion.language, func.max(ArticleVersion.number).label("number"))
        .where(ArticleVersion.published_at.is_not(None))
        .group_by(ArticleVersion.article_id, ArticleVersion.language)
        .subquery()
    )


def _published_versions(db: Session, article_ids: list[int] | None, languages: set[str] | None):
    newest = _newest_published_numbers()
    query = select(ArticleVersion).join(
        newest,
        (ArticleVersion.article_id == newest.c.article_id)
        & (ArticleVersion.language == newest.c.language)
        & (ArticleVersion.number == newest.c.number),
    )
    if article_ids is not None:
        query = query.where(ArticleVersion.article_id.in_(article_ids))
    if languages is not None:
        query = query.where(ArticleVersion.language.in_(sorted(languages)))
    return db.exec(query).all()


def is_out_of_date(translation: ArticleVersion, dutch: ArticleVersion | None) -> bool:
    """A translation is out of date when it was made from another Dutch text than the newest published one."""
    if translation.language == SOURCE_LANGUAGE or dutch is None:
        return False
    return translation.source_hash != source_hash(dutch)


def _article(db: Session, slug_or_id: str | int) -> Article | None:
    if isinstance(slug_or_id, int):
        return db.get(Article, slug_or_id)
    return db.exec(select(Article).where(Article.slug == slug_or_id)).first()


def published(db: Session, slug_or_id: str | int, language: str) -> ArticleView | None:
    """The newest published version of an article in `language` (or the Dutch when that language has none), with
    whether it is out of date. None when there is no such article or nothing of it is published."""
    article = _article(db, slug_or_id)
    if article is None:
        return None
    found = {v.language: v for v in _published_versions(db, [article.id], {language, SOURCE_LANGUAGE})}
    dutch = found.get(SOURCE_LANGUAGE)
    version = found.get(language)
    if version is None:
        if dutch is None:
            return None
        return ArticleView(article, dutch, dutch, language, is_fallback=language != SOURCE_LANGUAGE, out_of_date=False)
    return ArticleView(article, version, dutch, language, is_fallback=False, out_of_date=is_out_of_date(version, dutch))


def articles_for(db: Session, audience: str | None = None, language: str = SOURCE_LANGUAGE) -> list[ArticleSummary]:
    """The published articles (for one audience, or all), titles and summaries in `language` where translated,
    otherwise in Dutch; sorted by title."""
    articles = db.exec(select(Article)).all()
    if audience:
        articles = [a for a in articles if audience in (a.audiences or [])]
    if not articles:
        return []
    by_article: dict[int, dict[str, ArticleVersion]] = {}
    for version in _published_versions(db, [a.id for a in articles], {language, SOURCE_LANGUAGE}):
        by_article.setdefault(version.article_id, {})[version.language] = version
    summaries = []
    for article in articles:
        found = by_article.get(article.id, {})
        dutch = found.get(SOURCE_LANGUAGE)
        version = found.get(language) or dutch
        if version is None:
            continue
        summaries.append(
            ArticleSummary(
                article=article,
                slug=article.slug,
                title=version.title,
                summary=version.summary,
                language=version.language,
                out_of_date=is_out_of_date(version, dutch),
            )
        )
    return sorted(summaries, key=lambda s: s.title.casefold())


# --- markdown ------------------------------------------------------------------------------------------------------

ARTICLE_TAGS = MESSAGE_TAGS | {"ul", "ol", "li", "strong", "em", "h3", "bdi"}

def _text_with_ltr_runs(_renderer, tokens, idx, _options, _env) -> str:
    """Phone numbers and e-mail addresses keep their left-to-right order in right-to-left text (webapp/i18n/bidi)."""
    return str(bidi.ltr_runs(tokens[idx].content))


# The line ends markdown-it writes after block tags: without them the HTML reads the same in a `white-space:
# pre-line` box (.prose) as in a normal one.
_BLOCK_NEWLINE = re.compile(r"(</?(?:p|ul|ol|li|h3)>|<br>)\n")


@cache
def _article_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable("linkify")
    # Code blocks and rules have no place in a B1 article.
    md.disable(["code", "fence", "hr", "html_block", "html_inline"])
    md.add_render_rule("text", _text_with_ltr_runs)
    # A heading inside a section is a subheading (h3) under the section's own h2; images are removed by nh3.
    md.add_render_rule("heading_open", lambda _r, _t, _i, _o, _e: "<h3>")
    md.add_render_rule("heading_close", lambda _r, _t, _i, _o, _e: "</h3>\n")
    return md


def render_markdown(text: str) -> Markup:
    """An article section's markdown as safe HTML: paragraphs, lists, bold, italics and links; raw HTML escaped,
    links only to http, https, mailto and tel; everything else removed by nh3 (the messages' rules)."""
    html = _BLOCK_NEWLINE.sub(r"\1", _article_markdown().render(text or ""))
    return sanitise(html, ARTICLE_TAGS, {"bdi": {"dir"}})


# --- writing (editor and sync) -------------------------------------------------------------------------------------


def newest_versions(db: Session, article_id: int) -> dict[str, ArticleVersion]:
    """The newest version (draft or published) of an article per language."""
    versions = db.exec(
        select(ArticleVersion).where(ArticleVersion.article_id == article_id).order_by(ArticleVersion.number)
    ).all()
    return {v.language: v for v in versions}


def newest_published(db: Session, article_id: int, language: str) -> ArticleVersion | None:
    return db.exec(
        select(ArticleVersion)
        .where(
            ArticleVersion.article_id == article_id,
            ArticleVersion.language == language,
            ArticleVersion.published_at.is_not(None),
        )
        .order_by(ArticleVersion.number.desc())
        .limit(1)
    ).first()


def next_number(db: Session, article_id: int, language: str) -> int:
    highest = db.exec(
        select(func.max(ArticleVersion.number)).where(
            ArticleVersion.article_id == article_id, ArticleVersion.language == language
        )
    ).one()
    return (highest or 0) + 1


TEXT_FIELDS: tuple[str, ...] = ("title", "summary", *SECTION_FIELDS, "culture_note")


class _Text:
    """Field values as attributes, for source_hash."""

    def __init__(self, values: dict[str, str]) -> None:
        for name in TEXT_FIELDS:
            setattr(self, name, values.get(name, ""))


def same_text(version: ArticleVersion, fields: dict[str, str]) -> bool:
    """Whether `fields` (title, summary, sections, culture note) say the same as `version`, normalised."""
    return all(normalise(getattr(version, name)) == normalise(fields.get(name, "")) for name in TEXT_FIELDS)


def add_version(
    db: Session,
    article: Article,
    language: str,
    fields: dict[str, str],
    *,
    publish: bool,
    author_id: int | None = None,
    translator: str = "",
    made_from_hash: str | None = None,
) -> ArticleVersion:
    """Add a new version (a draft, or published now). A published translation stores the hash of the Dutch it was
    made from: `made_from_hash`, or else the newest published Dutch's; a Dutch version stores its own hash. Texts are
    stored normalised (line endings, trailing spaces). The caller commits."""
    values = {name: normalise(fields.get(name, "")) for name in TEXT_FIELDS}
    if language == SOURCE_LANGUAGE:
        values["culture_note"] = ""
    if language == SOURCE_LANGUAGE:
        hash_ = source_hash(_Text(values))  # a Dutch version carries its own hash (what translations compare to)
    elif made_from_hash is not None:
        hash_ = made_from_hash
    else:
        dutch = newest_published(db, article.id, SOURCE_LANGUAGE)
        hash_ = source_hash(dutch) if dutch is not None else ""
    version = ArticleVersion(
        article_id=article.id,
        language=language,
        number=next_number(db, article.id, language),
        source_hash=hash_,
        translator=translator if language != SOURCE_LANGUAGE else "",
        author_id=author_id,
        published_at=utcnow() if publish else None,
        **values,
    )
    db.add(version)
    db.flush()
    return version


# --- the redacteur's dashboard -------------------------------------------------------------------------------------


def languages() -> tuple[str, ...]:
    """The app's languages, Dutch first."""
    configured = current_app.config["LANGUAGES"] if has_app_context() else Config.LANGUAGES
    return (SOURCE_LANGUAGE, *(code for code in configured if code != SOURCE_LANGUAGE))


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    state: str  # MISSING, OUT_OF_DATE or CURRENT
    version: ArticleVersion | None  # the newest published version in this language
    has_draft: bool  # a draft newer than the published version waits


@dataclass(frozen=True)
class ArticleStatus:
    article: Article
    title: str  # the Dutch title (or the slug while there is no Dutch)
    languages: tuple[LanguageStatus, ...]
    review_due: bool  # next_review_due within REVIEW_WARNING from today (or past)
    review_overdue: bool  # next_review_due has passed

    def count(self, state: str) -> int:
        return sum(1 for status in self.languages if status.state == state)


def review_due(article: Article, day: date | None = None) -> bool:
    day = day or clock_today()
    return article.next_review_due is not None and article.next_review_due <= day + REVIEW_WARNING


def stale_report(db: Session, day: date | None = None) -> list[ArticleStatus]:
    """Per article (sorted by Dutch title) and per app language: missing, out of date or current; reviews due."""
    day = day or clock_today()
    codes = languages()
    articles = db.exec(select(Article)).all()
    published_by: dict[tuple[int, str], ArticleVersion] = {
        (v.article_id, v.language): v for v in _published_versions(db, None, None)
    }
    newest_by: dict[tuple[int, str], int] = {
        (article_id, language): number
        for article_id, language, number in db.exec(
            select(ArticleVersion.article_id, ArticleVersion.language, func.max(ArticleVersion.number)).group_by(
                ArticleVersion.article_id, ArticleVersion.language
            )
        ).all()
    }
    report = []
    for article in articles:
        dutch = published_by.get((article.id, SOURCE_LANGUAGE))
        statuses = []
        for code in codes:
            version = published_by.get((article.id, code))
            if version is None:
                state = MISSING
            elif is_out_of_date(version, dutch):
                state = OUT_OF_DATE
            else:
                state = CURRENT
            newest = newest_by.get((article.id, code))
            has_draft = newest is not None and (version is None or newest > version.number)
            statuses.append(LanguageStatus(code, state, version, has_draft))
        report.append(
            ArticleStatus(
                article=article,
                title=dutch.title if dutch else article.slug,
                languages=tuple(statuses),
                review_due=review_due(article, day),
                review_overdue=article.next_review_due is not None and article.next_review_due < day,
            )
        )
    return sorted(report, key=lambda status: status.title.casefold())


@dataclass(frozen=True)
class FeedbackCount:
    total: int
    open: int  # not yet handled by the redacteur


@dataclass(frozen=True)
class FeedbackCounts:
    articles: dict[int, FeedbackCount]  # by Article.id
    terms: dict[str, FeedbackCount]  # by glossary term key


def feedback_counts(db: Session) -> FeedbackCounts:
    """How often "Ik begrijp dit niet" was tapped, per article and per glossary entry (all of it, and still open)."""
    still_open = func.sum(case((ArticleFeedback.handled_at.is_(None), 1), else_=0))
    rows = db.exec(
        select(ArticleFeedback.article_id, ArticleFeedback.term_key, func.count(), still_open).group_by(
            ArticleFeedback.article_id, ArticleFeedback.term_key
        )
    ).all()
    articles: dict[int, FeedbackCount] = {}
    terms: dict[str, FeedbackCount] = {}
    for article_id, term_key, total, open_ in rows:
        if article_id is not None:
            before = articles.get(article_id, FeedbackCount(0, 0))
            articles[article_id] = FeedbackCount(before.total + total, before.open + int(open_ or 0))
        elif term_key:
            terms[term_key] = FeedbackCount(total, int(open_ or 0))
    return FeedbackCounts(articles, terms)
