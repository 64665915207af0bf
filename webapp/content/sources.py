"""content/*.md → the database: the articles in the repository seed the library; the redacteur edits in the app.

One file per article and language, `content/<slug>.<lang>.md`:

    ---
    id: veilig-thuis                       (= the slug in the file name)
    title: Wat is Veilig Thuis?
    summary: One or two sentences.
    audiences: [ouder, pleegouder, jongere-12-15, jongere-16-plus, mentor, steungezin]
    topics: [veiligheid, hulp]
    reading_level: B1
    reviewer: Petra Jansen, gezinscoach gemeente Venlo
    last_reviewed: 2026-11-20
    next_review_due: 2027-05-20
    translator: ...                        (translations; optional)
    source_hash: ...                       (translations; optional: the hash of the Dutch it was made from)
    ---
    ## Wat is het?
    ## Wat betekent het voor jou?
    ## Wat kun je doen?
    ## Waar vind je hulp?
    ## In jouw taal en cultuur              (translations only, optional)

A translation uses the same `##` headings in its own language; sections are matched by order.

How a sync decides (files seed, the app edits; a changed file makes a new version):
- an article that is not in the database yet is created with the Dutch file's metadata;
- a file whose text is already one of the published versions in its language changes nothing — so a sync never
  undoes what the redacteur published in the app, and running it twice changes nothing;
- a file whose text is new (the file was changed) becomes a new published version;
- a translation file without `source_hash` was made from the Dutch file beside it: its new version stores that file's
  hash. An unchanged translation keeps the hash it had, so it turns out of date when the Dutch file changes;
- the article's metadata (audiences, topics, reviewer, review dates) follows the Dutch file when the file's
  `last_reviewed` is on or after the one in the database (the newest review wins, whether made in a file or the app).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from webapp.config import PROJECT_ROOT
from webapp.content.library import AUDIENCES, SECTION_FIELDS, add_version, same_text, source_hash
from webapp.models.content import SOURCE_LANGUAGE, Article, ArticleVersion

CONTENT_DIR = PROJECT_ROOT / "content"

DUTCH_HEADINGS = ("Wat is het?", "Wat betekent het voor jou?", "Wat kun je doen?", "Waar vind je hulp?")
CULTURE_HEADING_NL = "In jouw taal en cultuur"

_FILE_NAME = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9-]{0,79})\.(?P<lang>[a-z]{2,3})\.md$")
_META_LINE = re.compile(r"^(?P<key>[a-z_]+):[ \t]*(?P<value>.*?)[ \t]*$")
_HASH = re.compile(r"^[0-9a-f]{64}$")

LIST_KEYS = frozenset({"audiences", "topics"})
DATE_KEYS = frozenset({"last_reviewed", "next_review_due"})
ARTICLE_KEYS = frozenset({"audiences", "topics", "reading_level", "reviewer", "last_reviewed", "next_review_due"})
KNOWN_KEYS = frozenset({"id", "title", "summary", "translator", "source_hash"}) | ARTICLE_KEYS
REQUIRED_DUTCH = frozenset({"id", "title", "summary", "audiences", "reading_level", "reviewer", "last_reviewed"})
REQUIRED_TRANSLATION = frozenset({"id", "title", "summary"})
MAX_LENGTHS = {"title": 200, "summary": 500, "culture_note": 3000, **dict.fromkeys(SECTION_FIELDS, 5000)}


class ContentError(ValueError):
    """A content file that does not keep to the format (the message says where and what)."""


@dataclass(frozen=True)
class SourceFile:
    path: Path
    slug: str
    language: str
    meta: dict  # the front matter: str, list[str] or date values
    fields: dict[str, str]  # title, summary, the four sections, culture_note

    @property
    def hash(self) -> str:
        """The source_hash of this file's text (meaningful for a Dutch file)."""
        return source_hash(_Fields(self.fields))


class _Fields:
    def __init__(self, fields: dict[str, str]) -> None:
        self.__dict__.update(fields)


def _value(key: str, raw: str, where: str):
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        raw = raw[1:-1]
    if key in LIST_KEYS:
        if not (raw.startswith("[") and raw.endswith("]")):
            raise ContentError(f"{where}: {key} must be a list like [a, b]")
        return [item.strip().strip("\"'") for item in raw[1:-1].split(",") if item.strip()]
    if key in DATE_KEYS:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ContentError(f"{where}: {key} must be a date YYYY-MM-DD, not {raw!r}") from None
    return raw


def parse_text(text: str, name: str) -> SourceFile:
    """Parse one content file's text (`name` is its file name, `<slug>.<lang>.md`). Raises ContentError."""
    match = _FILE_NAME.match(Path(name).name)
    if not match:
        raise ContentError(f"{name}: the file name must be <slug>.<language>.md (lower case)")
    slug, language = match["slug"], match["lang"]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError(f"{name}: the file must start with a '---' line (the front matter)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ContentError(f"{name}: the front matter has no closing '---' line") from None
    meta: dict = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{name}:{number}"
        found = _META_LINE.match(line)
        if not found:
            raise ContentError(f"{where}: expected 'key: value'")
        key = found["key"]
        if key not in KNOWN_KEYS:
            raise ContentError(f"{where}: unknown key {key!r}")
        if key in meta:
            raise ContentError(f"{where}: {key} appears twice")
        meta[key] = _value(key, found["value"], where)
    required = REQUIRED_DUTCH if language == SOURCE_LANGUAGE else REQUIRED_TRANSLATION
    if missing := sorted(key for key in required if not meta.get(key)):
        raise ContentError(f"{name}: missing {', '.join(missing)} in the front matter")
    if meta["id"] != slug:
        raise ContentError(f"{name}: id {meta['id']!r} must be the file's slug {slug!r}")
    if unknown := [a for a in meta.get("audiences", []) if a not in AUDIENCES]:
        raise ContentError(f"{name}: unknown audiences {unknown}; use {sorted(AUDIENCES)}")
    if meta.get("source_hash") and not _HASH.match(meta["source_hash"]):
        raise ContentError(f"{name}: source_hash must be 64 hexadecimal characters")
    if language == SOURCE_LANGUAGE and meta.get("source_hash"):
        raise ContentError(f"{name}: a Dutch file has no source_hash (only translations do)")

    headings: list[str] = []
    bodies: list[list[str]] = []
    for number, line in enumerate(lines[end + 1 :], start=end + 2):
        if line.startswith("## "):
            headings.append(line[3:].strip())
            bodies.append([])
        elif bodies:
            bodies[-1].append(line)
        elif line.strip():
            raise ContentError(f"{name}:{number}: text before the first '## ' heading")
    if language == SOURCE_LANGUAGE:
        if tuple(headings) != DUTCH_HEADINGS:
            raise ContentError(
                f"{name}: a Dutch file has exactly these headings in this order: "
                f"{' · '.join(DUTCH_HEADINGS)} (found: {' · '.join(headings) or 'none'})"
            )
    elif len(headings) not in (4, 5):
        raise ContentError(
            f"{name}: a translation has the four section headings in its language, "
            f"and optionally a fifth (in jouw taal en cultuur); found {len(headings)}"
        )
    texts = ["\n".join(body).strip() for body in bodies]
    fields = {"title": meta["title"], "summary": meta["summary"], **dict(zip(SECTION_FIELDS, texts[:4], strict=True))}
    fields["culture_note"] = texts[4] if len(texts) == 5 else ""
    for field_name, text_ in fields.items():
        if field_name in SECTION_FIELDS and not text_:
            raise ContentError(f"{name}: the section '{headings[SECTION_FIELDS.index(field_name)]}' is empty")
        if len(text_) > MAX_LENGTHS[field_name]:
            raise ContentError(f"{name}: {field_name} is longer than {MAX_LENGTHS[field_name]} characters")
    return SourceFile(Path(name), slug, language, meta, fields)


def parse_file(path: Path) -> SourceFile:
    source = parse_text(path.read_text(encoding="utf-8"), path.name)
    return SourceFile(path, source.slug, source.language, source.meta, source.fields)


def read_directory(directory: Path = CONTENT_DIR) -> tuple[list[SourceFile], list[str]]:
    """Every content file in `directory` (sorted), and the problems of those that do not parse."""
    files, errors = [], []
    for path in sorted(directory.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        try:
            files.append(parse_file(path))
        except ContentError as error:
            errors.append(str(error))
    return files, errors


@dataclass
class SyncResult:
    created_articles: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)  # "<slug>.<lang> v<number>"
    updated_metadata: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created_articles or self.new_versions or self.updated_metadata)


def _apply_metadata(article: Article, meta: dict) -> bool:
    if article.last_reviewed and meta.get("last_reviewed") and meta["last_reviewed"] < article.last_reviewed:
        return False  # the app has a newer review
    changed = False
    for key in ARTICLE_KEYS:
        if key in meta and getattr(article, key) != meta[key]:
            setattr(article, key, meta[key])
            changed = True
    return changed


def _published_texts(db: Session, article_id: int, language: str) -> list[ArticleVersion]:
    return db.exec(
        select(ArticleVersion).where(
            ArticleVersion.article_id == article_id,
            ArticleVersion.language == language,
            ArticleVersion.published_at.is_not(None),
        )
    ).all()


def sync_files(db: Session, files: list[SourceFile]) -> SyncResult:
    """Bring parsed content files into the database (see the module docstring). The caller commits."""
    result = SyncResult()
    by_slug: dict[str, dict[str, SourceFile]] = {}
    for source in files:
        by_slug.setdefault(source.slug, {})[source.language] = source
    for slug in sorted(by_slug):
        sources = by_slug[slug]
        dutch = sources.get(SOURCE_LANGUAGE)
        article = db.exec(select(Article).where(Article.slug == slug)).first()
        if article is None:
            if dutch is None:
                result.errors.append(f"{slug}: translations without a Dutch file ({slug}.nl.md)")
                continue
            article = Article(slug=slug)
            _apply_metadata(article, dutch.meta)
            db.add(article)
            db.flush()
            result.created_articles.append(slug)
        elif dutch is not None and _apply_metadata(article, dutch.meta):
            db.add(article)
            result.updated_metadata.append(slug)
        for language in sorted(sources, key=lambda code: (code != SOURCE_LANGUAGE, code)):
            source = sources[language]
            existing = _published_texts(db, article.id, language)
            explicit_hash = source.meta.get("source_hash") or None
            if explicit_hash:
                already = any(same_text(v, source.fields) and v.source_hash == explicit_hash for v in existing)
            else:
                already = any(same_text(v, source.fields) for v in existing)
            if already:
                continue
            made_from = explicit_hash
            if language != SOURCE_LANGUAGE and made_from is None and dutch is not None:
                made_from = dutch.hash
            version = add_version(
                db,
                article,
                language,
                source.fields,
                publish=True,
                translator=source.meta.get("translator", ""),
                made_from_hash=made_from,
            )
            result.new_versions.append(f"{slug}.{language} v{version.number}")
    return result


def sync_directory(db: Session, directory: Path = CONTENT_DIR) -> SyncResult:
    """Read and sync every content file in `directory`; files that do not parse are reported, the others synced."""
    files, errors = read_directory(directory)
    result = sync_files(db, files)
    result.errors[:0] = errors
    return result
