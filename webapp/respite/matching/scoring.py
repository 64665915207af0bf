"""Which volunteer households fit a family's request, and how well: hard filters first, then a weighted score with
one plain reason per criterion.

Pure functions over small dataclasses (no database). `evaluate` looks at one pair and says why, in words the
coordinator reads; `score_matrix` does the same sums for many pairs at once with numpy (the shortlist of 10,000
households and the batch of 1,000 x 1,000 pairs). The tests check that both give the same answer.

The weights live in WEIGHTS, here and nowhere else; the matching pages explain them with WEIGHT_EXPLANATIONS.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from flask_babel import lazy_gettext as _l

from webapp import places
from webapp.places import Place
from webapp.respite import choices

# Points per criterion (together 100). A criterion scores its full weight when it fits completely.
WEIGHTS: dict[str, int] = {
    "taal": 30,  # a language spoken at home in the family
    "afstand": 25,  # close by: full points next door, none at the edge of the travel distance
    "ervaring": 20,  # experience with what the child needs
    "dagen": 10,  # the share of the asked days the household can do
    "dagdelen": 5,  # the share of the asked parts of the day
    "waarden": 10,  # food, faith, a smoke-free home: the share of what matters to the family that they can offer
}

WEIGHT_EXPLANATIONS = {
    "taal": _l("Het kind hoort de taal van thuis. Dat geeft rust en het gezin kan goed praten met het steungezin."),
    "afstand": _l(
        "Dichtbij is beter: minder reizen voor het kind. Verder dan de afstand die een van beiden wil, telt niet mee."
    ),
    "ervaring": _l("Het steungezin weet al hoe het met wat het kind nodig heeft omgaat, bijvoorbeeld autisme."),
    "dagen": _l("Hoeveel van de gevraagde dagen het steungezin kan."),
    "dagdelen": _l("Hoeveel van de gevraagde dagdelen (ochtend, middag, avond, nacht) het steungezin kan."),
    "waarden": _l(
        "Wat het gezin belangrijk vindt: eten, geloof, een rookvrij huis. Hoeveel daarvan het steungezin kan bieden."
    ),
}

WEIGHT_NAMES = {
    "taal": _l("Taal"),
    "afstand": _l("Afstand"),
    "ervaring": _l("Ervaring"),
    "dagen": _l("Dagen"),
    "dagdelen": _l("Dagdelen"),
    "waarden": _l("Eten, geloof en gewoontes"),
}

# When neither side gave a maximum travel distance, points drop to zero at this distance.
DEFAULT_RANGE_KM = 30

EXPERIENCE_REASONS = {
    "autisme": _l("ervaring met autisme"),
    "adhd": _l("ervaring met druk gedrag"),
    "beperking": _l("ervaring met een beperking"),
    "medisch": _l("ervaring met medische zorg"),
    "jong": _l("ervaring met baby's en peuters"),
}

LANGUAGE_REASONS = {
    "nl": _l("spreekt Nederlands"),
    "tr": _l("spreekt Turks"),
    "ar": _l("spreekt Arabisch"),
    "pl": _l("spreekt Pools"),
    "uk": _l("spreekt Oekraïens"),
    "en": _l("spreekt Engels"),
    "fa": _l("spreekt Farsi"),
    "ti": _l("spreekt Tigrinya"),
    "de": _l("spreekt Duits"),
    "li": _l("spreekt Limburgs"),
}

DAY_REASONS = {
    "ma": _l("kan op maandag"),
    "di": _l("kan op dinsdag"),
    "wo": _l("kan op woensdag"),
    "do": _l("kan op donderdag"),
    "vr": _l("kan op vrijdag"),
    "za": _l("kan op zaterdag"),
    "zo": _l("kan op zondag"),
}

PART_REASONS = {
    "ochtend": _l("kan 's ochtends"),
    "middag": _l("kan 's middags"),
    "avond": _l("kan 's avonds"),
    "nacht": _l("kind kan blijven slapen"),
}

VALUE_REASONS = {
    "halal": _l("halal eten"),
    "geen_varkensvlees": _l("geen varkensvlees"),
    "vegetarisch": _l("vegetarisch eten"),
    "geloof": _l("ruimte voor het geloof"),
    "rookvrij": _l("rookvrij huis"),
}

FOOD_VALUES = ("halal", "geen_varkensvlees", "vegetarisch")  # values a household offers through its food


@dataclass(frozen=True)
class RequestFacts:
    """What matching needs of a request (no names, no free text)."""

    id: int
    child_ages: tuple[int | None, ...]  # None: the age is not known
    help_kinds: frozenset[str] = frozenset()
    days: frozenset[str] = frozenset()
    parts_of_day: frozenset[str] = frozenset()
    place: Place | None = None
    max_distance_km: int | None = None
    needs_pick_up: bool = False
    needs: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    values: frozenset[str] = frozenset()
    pets_ok: bool | None = None
    has_allergies: bool = False


@dataclass(frozen=True)
class HouseholdFacts:
    """What matching needs of a volunteer household. `capacity` and the age range are the approved terms once it is
    approved, else what it signed up for."""

    id: int
    name: str
    approved: bool
    in_screening: bool
    capacity: int = 1
    age_min: int = 0
    age_max: int = 17
    siblings_ok: bool = True
    help_kinds: frozenset[str] = frozenset()
    days: frozenset[str] = frozenset()
    parts_of_day: frozenset[str] = frozenset()
    place: Place | None = None
    woonplaats: str = ""
    max_distance_km: int | None = None
    pick_up: bool = False
    languages: frozenset[str] = frozenset()
    food: frozenset[str] = frozenset()
    values: frozenset[str] = frozenset()
    experience: frozenset[str] = frozenset()
    has_pets: bool = False
    smoking: bool = False

    def offers(self) -> frozenset[str]:
        """The family's VALUES codes this household can offer."""
        offered = {code for code in FOOD_VALUES if code in self.food}
        if "geloof" in self.values:
            offered.add("geloof")
        if not self.smoking:
            offered.add("rookvrij")
        return frozenset(offered)


@dataclass
class Evaluation:
    """One pair: whether it passes the hard filters (`failed`: why not), the score and the reasons for it."""

    household: HouseholdFacts
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    distance_km: float | None = None

    @property
    def fits(self) -> bool:
        return not self.failed

    @property
    def in_screening(self) -> bool:
        return self.household.in_screening


def _share(asked: frozenset[str], offered: frozenset[str]) -> float:
    """The share of what was asked that is offered; nothing asked counts as a full fit."""
    return len(asked & offered) / len(asked) if asked else 1.0


def _said(table: dict, codes: frozenset[str]) -> list[str]:
    return [str(label) for code, label in table.items() if code in codes]


def travel_limit(request: RequestFacts, household: HouseholdFacts) -> int | None:
    limits = [limit for limit in (request.max_distance_km, household.max_distance_km) if limit is not None]
    return min(limits) if limits else None


def evaluate(request: RequestFacts, household: HouseholdFacts) -> Evaluation:
    """Hard filters, then the weighted score with one reason per criterion."""
    result = Evaluation(household)
    failed = result.failed
    children = len(request.child_ages)
    # Hard filters.
    if not (household.approved or household.in_screening):
        failed.append(str(_l("is niet goedgekeurd en niet in screening")))
    if household.capacity < children:
        failed.append(
            str(
                _l(
                    "heeft plek voor %(number)s kinderen, gevraagd: %(asked)s",
                    number=household.capacity,
                    asked=children,
                )
            )
        )
    elif children > 1 and not household.siblings_ok:
        failed.append(str(_l("neemt geen broers en zussen samen")))
    if any(age is not None and not household.age_min <= age <= household.age_max for age in request.child_ages):
        failed.append(
            str(
                _l(
                    "vangt kinderen op van %(low)s tot en met %(high)s jaar",
                    low=household.age_min,
                    high=household.age_max,
                )
            )
        )
    if request.help_kinds and not request.help_kinds & household.help_kinds:
        failed.append(str(_l("biedt niet de gevraagde soort hulp")))
    if request.days and not request.days & household.days:
        failed.append(str(_l("kan niet op de gevraagde dagen")))
    limit = travel_limit(request, household)
    if request.place and household.place:
        result.distance_km = places.distance_km(request.place, household.place)
        if limit is not None and result.distance_km > limit:
            failed.append(
                str(_l("woont te ver weg: %(km)s km (hooguit %(limit)s km)", km=round(result.distance_km), limit=limit))
            )
    if household.has_pets and (request.pets_ok is False or request.has_allergies):
        failed.append(str(_l("heeft huisdieren; het gezin wil dat niet of heeft een allergie")))
    if request.needs_pick_up and not household.pick_up:
        failed.append(str(_l("kan het kind niet ophalen en terugbrengen")))
    if "rookvrij" in request.values and household.smoking:
        failed.append(str(_l("er wordt gerookt in huis")))

    # The score, with a reason per criterion that counts.
    reasons = result.reasons
    shared_languages = request.languages & household.languages
    language = 1.0 if shared_languages or not request.languages else 0.0
    reasons.extend(_said(LANGUAGE_REASONS, shared_languages))
    if request.languages and not shared_languages:
        reasons.append(str(_l("spreekt geen taal van thuis")))
    closeness = 0.0
    if result.distance_km is not None:
        closeness = max(0.0, 1.0 - result.distance_km / (limit or DEFAULT_RANGE_KM))
        reasons.append(str(_l("%(km)s km", km=round(result.distance_km))))
    else:
        reasons.append(str(_l("afstand onbekend: woonplaats niet gevonden")))
    experience = _share(request.needs, household.experience)
    reasons.extend(_said(EXPERIENCE_REASONS, request.needs & household.experience))
    days = _share(request.days, household.days)
    reasons.extend(_said(DAY_REASONS, request.days & household.days))
    parts = _share(request.parts_of_day, household.parts_of_day)
    reasons.extend(_said(PART_REASONS, request.parts_of_day & household.parts_of_day))
    offered = household.offers()
    values = _share(request.values, offered)
    reasons.extend(_said(VALUE_REASONS, request.values & offered))
    result.score = (
        WEIGHTS["taal"] * language
        + WEIGHTS["afstand"] * closeness
        + WEIGHTS["ervaring"] * experience
        + WEIGHTS["dagen"] * days
        + WEIGHTS["dagdelen"] * parts
        + WEIGHTS["waarden"] * values
    )
    return result


def rank(
    request: RequestFacts, households: Sequence[HouseholdFacts], limit: int | None = None
) -> tuple[list[Evaluation], int]:
    """The households that pass the filters, best first (approved before in screening on an equal score), with
    their reasons: the first `limit` of them, and how many fit in all."""
    scores = score_matrix([request], households)[0]
    fitting = np.flatnonzero(~np.isnan(scores))
    screening = _column(households, lambda x: x.in_screening, bool)[fitting]
    order = fitting[np.lexsort((fitting, screening, -np.round(scores[fitting], 6)))]
    return [evaluate(request, households[i]) for i in order[:limit]], len(fitting)


# --- the same sums for many pairs at once ----------------------------------------------------------------------


def _bits(table: dict | Sequence[str]) -> dict[str, int]:
    return {code: 1 << position for position, code in enumerate(table)}


_HELP, _DAYS, _PARTS = _bits(choices.HELP_KINDS), _bits(choices.DAYS), _bits(choices.PARTS_OF_DAY)
_NEEDS, _LANGUAGES, _VALUES = _bits(choices.NEEDS), _bits(choices.LANGUAGES), _bits(choices.VALUES)


def _mask(codes: frozenset[str], bits: dict[str, int]) -> int:
    mask = 0
    for code in codes:
        mask |= bits.get(code, 0)
    return mask


@cache
def _cached_mask(codes: frozenset[str], table: str) -> int:
    """Many households share the same choices: each set of codes is turned into bits once."""
    return _mask(codes, _TABLES[table])


_TABLES = {"help": _HELP, "days": _DAYS, "parts": _PARTS, "needs": _NEEDS, "languages": _LANGUAGES, "values": _VALUES}
_HOUSEHOLD_COLUMNS = (
    "capacity",
    "ok",
    "siblings_ok",
    "age_min",
    "age_max",
    "help",
    "days",
    "parts",
    "limit",
    "pets",
    "pick_up",
    "smoking",
    "languages",
    "experience",
    "offers",
    "latitude",
    "longitude",
)


def _household_table(households: Sequence[HouseholdFacts]) -> dict[str, np.ndarray]:
    """The households as columns of numbers, in one pass (the shortlist looks at 10,000 of them)."""
    nan = math.nan
    rows = [
        (
            x.capacity,
            x.approved or x.in_screening,
            x.siblings_ok,
            x.age_min,
            x.age_max,
            _cached_mask(x.help_kinds, "help"),
            _cached_mask(x.days, "days"),
            _cached_mask(x.parts_of_day, "parts"),
            x.max_distance_km if x.max_distance_km is not None else -1,
            x.has_pets,
            x.pick_up,
            x.smoking,
            _cached_mask(x.languages, "languages"),
            _cached_mask(x.experience, "needs"),
            _cached_mask(x.offers(), "values"),
            x.place.latitude if x.place else nan,
            x.place.longitude if x.place else nan,
        )
        for x in households
    ]
    table = np.array(rows, dtype=np.float64).reshape(len(rows), len(_HOUSEHOLD_COLUMNS))
    columns = {name: table[:, i] for i, name in enumerate(_HOUSEHOLD_COLUMNS)}
    return {
        name: (column if name in ("latitude", "longitude") else column.astype(np.int64))
        for name, column in columns.items()
    }


def _column(rows: Sequence, getter, dtype=np.int64) -> np.ndarray:
    return np.fromiter((getter(row) for row in rows), dtype=dtype, count=len(rows))


def _coordinates(rows: Sequence) -> tuple[np.ndarray, np.ndarray]:
    lat = _column(rows, lambda r: r.place.latitude if r.place else math.nan, np.float64)
    lon = _column(rows, lambda r: r.place.longitude if r.place else math.nan, np.float64)
    return lat, lon


def _share_matrix(asked: np.ndarray, offered: np.ndarray) -> np.ndarray:
    count = np.bitwise_count(asked).astype(np.float64)[:, None]
    matched = np.bitwise_count(asked[:, None] & offered[None, :]).astype(np.float64)
    return np.where(count > 0, matched / np.maximum(count, 1.0), 1.0)


def score_matrix(requests: Sequence[RequestFacts], households: Sequence[HouseholdFacts]) -> np.ndarray:
    """The score of every pair (requests as rows, households as columns); NaN where a hard filter fails.
    The same filters and sums as `evaluate`."""
    if not requests or not households:
        return np.full((len(requests), len(households)), np.nan)
    r = requests
    h = {name: column[None, :] for name, column in _household_table(households).items()}
    children = _column(r, lambda x: len(x.child_ages))[:, None]
    young = _column(r, lambda x: min((a for a in x.child_ages if a is not None), default=99))[:, None]
    old = _column(r, lambda x: max((a for a in x.child_ages if a is not None), default=-1))[:, None]
    ok = (h["ok"] != 0) & (h["capacity"] >= children)
    ok &= (children <= 1) | (h["siblings_ok"] != 0)
    ok &= (young >= h["age_min"]) | (young == 99)
    ok &= (old <= h["age_max"]) | (old == -1)
    for attribute, table in (("help_kinds", "help"), ("days", "days")):
        asked = _column(r, lambda x, a=attribute, t=table: _cached_mask(getattr(x, a), t))[:, None]
        ok &= (asked == 0) | ((asked & h[table]) != 0)
    distance = places.distance_matrix(*_coordinates(r), h["latitude"][0], h["longitude"][0])
    r_limit = _column(r, lambda x: x.max_distance_km if x.max_distance_km is not None else -1)[:, None]
    h_limit = h["limit"]
    limit = np.where(
        (r_limit >= 0) & (h_limit >= 0), np.minimum(r_limit, h_limit), np.where(r_limit >= 0, r_limit, h_limit)
    )
    known = ~np.isnan(distance)
    with np.errstate(invalid="ignore"):
        ok &= ~known | (limit < 0) | (distance <= limit)
    ok &= (h["pets"] == 0) | ~_column(r, lambda x: x.pets_ok is False or x.has_allergies, bool)[:, None]
    ok &= ~_column(r, lambda x: x.needs_pick_up, bool)[:, None] | (h["pick_up"] != 0)
    smoke_free = _column(r, lambda x: "rookvrij" in x.values, bool)[:, None]
    ok &= ~smoke_free | (h["smoking"] == 0)

    languages = _column(r, lambda x: _cached_mask(x.languages, "languages"))[:, None]
    language = ((languages == 0) | ((languages & h["languages"]) != 0)).astype(np.float64)
    reach = np.where(limit >= 0, limit, DEFAULT_RANGE_KM).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness = np.where(known, np.maximum(0.0, 1.0 - np.nan_to_num(distance) / reach), 0.0)
    share = {}
    for name, attribute, table, offered in (
        ("ervaring", "needs", "needs", "experience"),
        ("dagen", "days", "days", "days"),
        ("dagdelen", "parts_of_day", "parts", "parts"),
        ("waarden", "values", "values", "offers"),
    ):
        asked = _column(r, lambda x, a=attribute, t=table: _cached_mask(getattr(x, a), t))
        share[name] = _share_matrix(asked, h[offered][0])
    score = (
        WEIGHTS["taal"] * language
        + WEIGHTS["afstand"] * closeness
        + WEIGHTS["ervaring"] * share["ervaring"]
        + WEIGHTS["dagen"] * share["dagen"]
        + WEIGHTS["dagdelen"] * share["dagdelen"]
        + WEIGHTS["waarden"] * share["waarden"]
    )
    return np.where(ok, score, np.nan)
