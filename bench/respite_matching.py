"""Steuntje in de rug matching benchmark: `python -m bench.respite_matching [--requests 1000] [--households 1000]
[--shortlist-households 10000] [--repeat 5]`. Not a timed test: it prints the figures (also run by `make bench`).

Synthetic data in memory, with the filters of real life: children 0-17 (mostly one, sometimes brothers and sisters),
Limburg's places (bigger places more often), weekend-heavy days, Dutch plus sometimes Turkish, Arabic, Polish ...,
capacities 1-3, travel limits of 10-40 km, pets, smoking, pick-up. Measured on the same code the app runs:
- batch: the score matrix of all open requests x all approved households and scipy's optimal assignment
  (webapp/respite/matching: scoring.score_matrix + batch.assign, as services.batch does); target <= 5 s;
- shortlist: one request against 10,000 households, ranked with the reasons of the best 20
  (scoring.rank, as services.shortlist does); target <= 200 ms.
Loading from the database is not included (the app loads one meldpunt's households in one statement).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
from flask import Flask
from flask_babel import Babel

from webapp import places
from webapp.respite import choices
from webapp.respite.matching import batch, scoring
from webapp.respite.matching.scoring import HouseholdFacts, RequestFacts

BATCH_TARGET_S = 5.0
SHORTLIST_TARGET_MS = 200.0
SHORTLIST_SIZE = 20

DAY_WEIGHTS = {"ma": 1, "di": 1, "wo": 3, "do": 1, "vr": 2, "za": 5, "zo": 4}
OTHER_LANGUAGES = ["tr", "ar", "pl", "uk", "en", "fa", "ti", "de"]


class Synthetic:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        limburg = places.limburg()
        weights = np.array([max(p.population, 500) for p in limburg], dtype=float) ** 0.7
        self.places, self.place_weights = limburg, weights / weights.sum()

    def some(self, codes, low: int, high: int, weights=None) -> frozenset[str]:
        codes = list(codes)
        p = None if weights is None else np.array([weights[c] for c in codes], dtype=float)
        p = None if p is None else p / p.sum()
        count = int(self.rng.integers(low, high + 1))
        return frozenset(self.rng.choice(codes, size=min(count, len(codes)), replace=False, p=p).tolist())

    def place(self):
        if self.rng.random() < 0.02:  # a typo or a hamlet: no coordinates
            return None
        return self.places[int(self.rng.choice(len(self.places), p=self.place_weights))]

    def languages(self, other_share: float) -> frozenset[str]:
        spoken = {"nl"}
        if self.rng.random() < other_share:
            spoken.add(str(self.rng.choice(OTHER_LANGUAGES)))
        if self.rng.random() < 0.1:
            spoken.add("li")
        return frozenset(spoken)

    def request(self, number: int) -> RequestFacts:
        rng = self.rng
        children = int(rng.choice([1, 2, 3], p=[0.7, 0.25, 0.05]))
        return RequestFacts(
            id=number,
            child_ages=tuple(int(a) for a in rng.integers(1, 17, size=children)),
            help_kinds=self.some(choices.HELP_KINDS, 1, 2),
            days=self.some(choices.DAYS, 1, 3, DAY_WEIGHTS),
            parts_of_day=self.some(choices.PARTS_OF_DAY, 1, 2),
            place=self.place(),
            max_distance_km=int(rng.choice([10, 15, 20, 25, 30])) if rng.random() < 0.8 else None,
            needs_pick_up=bool(rng.random() < 0.2),
            needs=self.some(choices.NEEDS, 0, 2),
            languages=self.languages(0.35),
            values=self.some(choices.VALUES, 0, 2),
            pets_ok=None if rng.random() < 0.8 else False,
            has_allergies=bool(rng.random() < 0.1),
        )

    def household(self, number: int, screening_share: float = 0.0) -> HouseholdFacts:
        rng = self.rng
        age_min = int(rng.integers(0, 8))
        in_screening = bool(rng.random() < screening_share)
        return HouseholdFacts(
            id=number,
            name=f"Huishouden {number}",
            approved=not in_screening,
            in_screening=in_screening,
            capacity=int(rng.integers(1, 4)),
            age_min=age_min,
            age_max=int(rng.integers(max(age_min + 4, 10), 18)),
            siblings_ok=bool(rng.random() < 0.7),
            help_kinds=self.some(choices.HELP_KINDS, 1, 3),
            days=self.some(choices.DAYS, 2, 5, DAY_WEIGHTS),
            parts_of_day=self.some(choices.PARTS_OF_DAY, 2, 3),
            place=self.place(),
            max_distance_km=int(rng.choice([10, 15, 20, 30, 40])) if rng.random() < 0.8 else None,
            pick_up=bool(rng.random() < 0.5),
            languages=self.languages(0.2),
            food=self.some(choices.FOOD, 0, 2),
            values=frozenset({"geloof"}) if rng.random() < 0.3 else frozenset(),
            experience=self.some(choices.EXPERIENCE, 0, 2),
            has_pets=bool(rng.random() < 0.4),
            smoking=bool(rng.random() < 0.1),
        )


def timed(run: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    seconds, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - started)
    return seconds, result


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.respite_matching", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--shortlist-households", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=10)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    places.find("Venlo")  # GeoNames is read once per process, as in the app: not part of the figures
    say(f"Places of Limburg loaded in {time.perf_counter() - started:.1f} s ({len(places.limburg())} places)")
    data = Synthetic(args.seed)
    requests = [data.request(i) for i in range(args.requests)]
    households = [data.household(i) for i in range(args.households)]
    pool = [data.household(i, screening_share=0.2) for i in range(args.shortlist_households)]

    def run_batch():
        matrix = scoring.score_matrix(requests, households)
        pairs = batch.assign(matrix, [h.capacity for h in households], [len(r.child_ages) for r in requests])
        return matrix, pairs

    batch_s, (matrix, pairs) = timed(run_batch, args.repeat)
    feasible = int((~np.isnan(matrix)).sum())
    say(
        f"Batch: {args.requests:,} open requests x {args.households:,} households "
        f"({sum(h.capacity for h in households):,} places, {feasible:,} pairs pass the filters): "
        f"median {statistics.median(batch_s):.2f} s, worst {max(batch_s):.2f} s (target <= {BATCH_TARGET_S:.0f} s); "
        f"{len(pairs):,} requests matched, total score {sum(p.score for p in pairs):,.0f}"
    )

    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        request = requests[0]
        shortlist_s, (ranked, fitting) = timed(lambda: scoring.rank(request, pool, SHORTLIST_SIZE), args.repeat)
    shortlist_ms = [s * 1000 for s in shortlist_s]
    say(
        f"Shortlist: one request x {args.shortlist_households:,} households ({fitting:,} fit, best {len(ranked)} "
        f"with reasons): median {statistics.median(shortlist_ms):.0f} ms, worst {max(shortlist_ms):.0f} ms "
        f"(target <= {SHORTLIST_TARGET_MS:.0f} ms)"
    )
    ok = statistics.median(batch_s) <= BATCH_TARGET_S and statistics.median(shortlist_ms) <= SHORTLIST_TARGET_MS
    say("Both within target." if ok else "NOT within target.")
    return 0


def say(text: str) -> None:
    print(text, flush=True)


if __name__ == "__main__":
    sys.exit(main())
