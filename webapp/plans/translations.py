"""The gezinsplan in the family's language: translations of plan parts, typed by the regisseur.

The regisseur (alone, or with an interpreter whose words she types and whom she names) translates a part of the
plan into the language a family member reads: the situation and agreements texts, each goal, each action, a
version's summary. Nothing goes to a machine-translation service: a translation is what a person wrote.

Each translation keeps the sha256 of the Dutch text it was made from (`source_hash`). A reader sees the
translation of the text she is reading, with who made it and when, and the Dutch original one tap away. When the
Dutch text she reads is not the one that was translated (the regisseur changed it later, or she reads an older
version), the translation is "ouder" and both texts are shown: stale is decided per version, by comparing the hash
with the text of that version's snapshot.

Who reads what: a translation is looked up only for the parts `services.view_plan` already lets the reader see, so
the age and sharing rules of the plan hold for translations too. Which language: the reader's interface language.
The plan page reads the translations in one statement built once at import (the page is a hot path).

Part keys (PlanPartTranslation.part): "goal:<id>", "action:<id>", "version:<id>", and the texts by whom they are
about, as the snapshot knows them: "situation:gezin", "situation:<user id>", "agreements:onbekend" ...
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from babel import Locale, UnknownLocaleError
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam
from sqlalchemy import select as core_select
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.clock import utcnow
from webapp.families.services import get_family
from webapp.models import AuditAction, Family, Plan, PlanPartTranslation, PlanVersion, User
from webapp.models.content import SOURCE_LANGUAGE
from webapp.plans import drafting, snapshot
from webapp.plans.services import OBJECT_TYPE, VisiblePlan, current_version, plan_of
from webapp.plans.snapshot import FAMILY, UNKNOWN, About
from webapp.sql_once import built_once

MAX_TEXT = 8000
MAX_INTERPRETER = 200
TEXT_KINDS = ("situation", "agreements")
KINDS = (*TEXT_KINDS, "goal", "action", "version")
# The kinds as they appear in addresses (Dutch, like the rest of the app's paths).
SLUGS = {
    "situation": "situatie",
    "agreements": "afspraken",
    "goal": "doel",
    "action": "actie",
    "version": "samenvatting",
}
KIND_OF_SLUG = {slug: kind for kind, slug in SLUGS.items()}


class TranslationError(ValueError):
    """A problem the regisseur can fix; the message is translated."""


class SourceChanged(Exception):
    """The Dutch text changed after the regisseur opened the form: her translation follows the older text (409)."""


def source_hash(text: str) -> str:
    """The fingerprint of a Dutch text a translation was made from."""
    return hashlib.sha256(text.encode()).hexdigest()


def part_key(kind: str, ref: About | int) -> str:
    return f"{kind}:{ref}"


def _about_of_ref(ref: str) -> About:
    if ref in (FAMILY, UNKNOWN):
        return ref
    if ref.isdigit():
        return int(ref)
    raise NotFound()


# --- languages ---------------------------------------------------------------------------------------------------


def language_name(code: str, in_language: str | None = None) -> str:
    """The name of a language in the reader's language (Babel's CLDR data): "Turks" for "tr" in Dutch."""
    try:
        locale = Locale.parse(in_language) if in_language else (get_locale() or Locale.parse(SOURCE_LANGUAGE))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(SOURCE_LANGUAGE)
    return locale.languages.get(code, code)


def reads(person: User) -> str | None:
    """The language a person reads OnsPlan in, or None for someone without an account (a young child)."""
    return person.language if person.has_login else None


def family_languages(family: Family) -> list[str]:
    """The languages the family's members with an account read, Dutch left out, in the app's order. No query: the
    members are loaded with the family."""
    found = {reads(m.user) for m in family.members if m.user.active}
    return [code for code in current_app.config["LANGUAGES"] if code in found and code != SOURCE_LANGUAGE]


# --- the regisseur's side ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One translatable part of the draft (or a version's summary), with its Dutch text now."""

    kind: str  # one of KINDS
    ref: str  # "gezin", "onbekend" or a user id for texts; the row's id for the others
    text: str  # the Dutch text now
    about_name: str | None = None  # texts and goals: the first name of whom it is about (None: the whole family)
    number: int | None = None  # a summary: the version's number

    @property
    def key(self) -> str:
        return part_key(self.kind, self.ref)

    @property
    def slug(self) -> str:
        return SLUGS[self.kind]

    @property
    def hash(self) -> str:
        return source_hash(self.text)


@dataclass(frozen=True)
class Cell:
    """One part in one language: not translated yet, translated, or translated from an older Dutch text."""

    language: str
    translation: PlanPartTranslation | None
    stale: bool = False


@dataclass
class Overview:
    """What the regisseur sees on the translations page: every part, and per language what is there."""

    family: Family
    languages: list[str]
    parts: list[Part] = field(default_factory=list)
    cells: dict[str, list[Cell]] = field(default_factory=dict)  # part key -> one cell per language

    @property
    def missing(self) -> int:
        return sum(1 for cells in self.cells.values() for c in cells if c.translation is None)

    @property
    def stale(self) -> int:
        return sum(1 for cells in self.cells.values() for c in cells if c.stale)


def _translatable(db: Session, user: User, family_id: int) -> tuple[Family, Plan]:
    """The family and its plan when `user` may translate it (its regisseur), else 404."""
    family = get_family(db, user, family_id)
    if not policy.can_translate_plan(user, family):
        raise NotFound()
    return family, plan_of(db, family)


def _first_name(family: Family, user_id: int | None) -> str | None:
    member = family.member_for(user_id) if user_id else None
    return member.user.first_name if member else None


def parts_of(db: Session, family: Family, plan: Plan) -> list[Part]:
    """The draft's parts in the editor's order (texts per person in the family's order), then the current version's
    summary."""
    order = {FAMILY: -1, **{m.user_id: n for n, m in enumerate(family.members)}, UNKNOWN: len(family.members)}
    texts = sorted(drafting.texts_of(plan).items(), key=lambda item: order.get(item[0], len(family.members)))
    parts = [
        Part(kind, str(about), by_kind[kind], _first_name(family, about) if isinstance(about, int) else None)
        for kind in TEXT_KINDS
        for about, by_kind in texts
        if by_kind[kind]
    ]
    parts += [Part("goal", str(g.id), g.title, _first_name(family, g.about_user_id)) for g in plan.goals]
    parts += [Part("action", str(a.id), a.what) for a in plan.actions]
    version = current_version(db, plan)
    if version is not None and version.summary:
        parts.append(Part("version", str(version.id), version.summary, number=version.number))
    return parts


def _part(db: Session, family: Family, plan: Plan, kind: str, ref: str) -> Part:
    """One part of this family's plan, or 404 (an unknown kind, a row of another plan, an empty text)."""
    if kind in TEXT_KINDS:
        about = _about_of_ref(ref)
        text = drafting.texts_of(plan).get(about, {}).get(kind, "")
        if not text:
            raise NotFound()
        return Part(kind, str(about), text, _first_name(family, about) if isinstance(about, int) else None)
    if not ref.isdigit():
        raise NotFound()
    if kind == "goal":
        goal = drafting.goal_of(plan, int(ref))
        return Part(kind, ref, goal.title, _first_name(family, goal.about_user_id))
    if kind == "action":
        return Part(kind, ref, drafting.action_of(plan, int(ref)).what)
    if kind == "version":
        version = db.get(PlanVersion, int(ref))
        if version is None or version.plan_id != plan.id or not version.summary:
            raise NotFound()
        return Part(kind, ref, version.summary, number=version.number)
    raise NotFound()


def _stored(db: Session, family: Family, keys: list[str] | None = None) -> dict[tuple[str, str], PlanPartTranslation]:
    query = select(PlanPartTranslation).where(PlanPartTranslation.family_id == family.id)
    if keys is not None:
        query = query.where(PlanPartTranslation.part.in_(keys))
    return {(t.part, t.language): t for t in db.exec(query)}


def overview(db: Session, user: User, family_id: int) -> Overview:
    """Every part of the draft and per family language: missing, done or older than the Dutch. Logs the read."""
    family, plan = _translatable(db, user, family_id)
    audit.record(db, user, AuditAction.READ, family, OBJECT_TYPE, plan.id)
    result = Overview(family, family_languages(family), parts_of(db, family, plan))
    stored = _stored(db, family)
    for part in result.parts:
        cells = []
        for language in result.languages:
            translation = stored.get((part.key, language))
            cells.append(Cell(language, translation, bool(translation and translation.source_hash != part.hash)))
        result.cells[part.key] = cells
    return result


@dataclass
class PartTranslations:
    """One part and its translation (or None) in each of the family's languages, for the part's page."""

    family: Family
    part: Part
    languages: list[str]
    cells: list[Cell]


def part_translations(db: Session, user: User, family_id: int, slug: str, ref: str) -> PartTranslations:
    family, plan = _translatable(db, user, family_id)
    kind = KIND_OF_SLUG.get(slug)
    if kind is None:
        raise NotFound()
    part = _part(db, family, plan, kind, ref)
    languages = family_languages(family)
    stored = _stored(db, family, [part.key])
    cells = []
    for language in languages:
        translation = stored.get((part.key, language))
        cells.append(Cell(language, translation, bool(translation and translation.source_hash != part.hash)))
    return PartTranslations(family, part, languages, cells)


def save(
    db: Session,
    user: User,
    family_id: int,
    slug: str,
    ref: str,
    language: str,
    *,
    text: str,
    interpreter: str = "",
    made_from: str | None = None,
) -> PlanPartTranslation:
    """Add or change the translation of one part into one of the family's languages, made from the Dutch text now.
    Only the family's regisseur; a language nobody in the family reads answers 404. `made_from` is the hash of the
    Dutch text the form showed: when the Dutch changed since, `SourceChanged` (nothing is stored)."""
    found = part_translations(db, user, family_id, slug, ref)
    if language not in found.languages:
        raise NotFound()
    if made_from is not None and made_from != found.part.hash:
        raise SourceChanged()
    text, interpreter = text.strip(), interpreter.strip()
    if not text:
        raise TranslationError(_("Schrijf de vertaling in het vak."))
    if len(text) > MAX_TEXT:
        raise TranslationError(_("De vertaling is te lang. Hij mag hoogstens %(max)d tekens hebben.", max=MAX_TEXT))
    if len(interpreter) > MAX_INTERPRETER:
        raise TranslationError(_("De naam is te lang."))
    translation = next((c.translation for c in found.cells if c.language == language), None)
    if translation is None:
        translation = PlanPartTranslation(family_id=found.family.id, part=found.part.key, language=language, text="")
    translation.text = text
    translation.source_hash = found.part.hash
    translation.translated_by = user.name
    translation.translated_by_id = user.id
    translation.interpreter = interpreter
    translation.updated_at = utcnow()
    db.add(translation)
    plan = plan_of(db, found.family)
    audit.record(db, user, AuditAction.CHANGE, found.family, OBJECT_TYPE, plan.id)
    return translation


def remove(db: Session, user: User, family_id: int, slug: str, ref: str, language: str) -> None:
    """Take a translation away (the family reads the Dutch again). 404 when there is none."""
    found = part_translations(db, user, family_id, slug, ref)
    translation = next((c.translation for c in found.cells if c.language == language), None)
    if translation is None:
        raise NotFound()
    db.delete(translation)
    audit.record(db, user, AuditAction.CHANGE, found.family, OBJECT_TYPE, plan_of(db, found.family).id)


# --- the reader's side ---------------------------------------------------------------------------------------------

_t = PlanPartTranslation.__table__
_FOR_PAGE = built_once(
    core_select(_t.c.part, _t.c.text, _t.c.source_hash, _t.c.translated_by, _t.c.interpreter, _t.c.updated_at).where(
        _t.c.family_id == bindparam("family"), _t.c.language == bindparam("language")
    )
)


@dataclass(frozen=True)
class Translated:
    """A part as a reader in another language sees it."""

    text: str
    language: str
    translated_by: str
    interpreter: str
    on: datetime
    original: str  # the Dutch text of the version she reads
    stale: bool  # made from another Dutch text than this one


class PageTranslations:
    """The translations of one family's plan in one language, looked up per part the page shows."""

    def __init__(self, language: str, rows: dict[str, tuple] | None = None) -> None:
        self.language = language
        self._rows = rows or {}

    def __bool__(self) -> bool:
        return bool(self._rows)

    def fingerprint(self) -> tuple:
        """Everything these translations can show (for the key of the cached plan body): every row, in key order."""
        return (self.language, tuple(sorted(self._rows.items())))

    def _get(self, key: str, dutch: str | None) -> Translated | None:
        row = self._rows.get(key)
        if row is None or not dutch:
            return None
        text, made_from, by, interpreter, on = row
        return Translated(text, self.language, by, interpreter, on, dutch, made_from != source_hash(dutch))

    def goal(self, goal: dict) -> Translated | None:
        return self._get(part_key("goal", goal["id"]), goal.get("title"))

    def action(self, action: dict) -> Translated | None:
        return self._get(part_key("action", action["id"]), action.get("what"))

    def text(self, kind: str, part: dict) -> Translated | None:
        return self._get(part_key(kind, snapshot.about_of(part)), part.get("text"))

    def summary(self, version: PlanVersion | None, summary: str | None) -> Translated | None:
        return self._get(part_key("version", version.id), summary) if version is not None else None


def for_plan(db: Session, shown: VisiblePlan, language: str) -> PageTranslations:
    """The translations for the plan page `shown` (already limited to what its reader may see) in `language`: none
    for Dutch, else one statement whatever the number of parts or translations."""
    if language == SOURCE_LANGUAGE or shown.version is None:
        return PageTranslations(language)
    rows = db.connection().execute(_FOR_PAGE, {"family": shown.family.id, "language": language})
    return PageTranslations(language, {row[0]: tuple(row[1:]) for row in rows})
