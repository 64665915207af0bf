"""The batch proposal: for all requests waiting in "zoeken" at once, the pairs with the highest total score, within
each household's capacity. Only a proposal: the coordinator proposes each pair herself.

The solver is scipy's `linear_sum_assignment` (the Hungarian method, maintained by scipy), not our own. A household
gets one column per place it has (its capacity), and each request one "no household" column, so leaving a request
out is always possible; a pair that fails a hard filter gets a forbidden cost and is dropped after solving. A request with brothers and sisters takes one column but needs more places: when the solution gives a
household more children than it has places, its weakest pair is forbidden and the problem is solved again (rare:
only when several multi-child requests compete for the same household).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

# A pair that may not be chosen costs this much: more than every allowed pair together can win.
FORBIDDEN = 1e9


@dataclass(frozen=True)
class Pair:
    request: int  # index into the requests
    household: int  # index into the households
    score: float


def assign(scores: np.ndarray, capacities: Sequence[int], children: Sequence[int]) -> list[Pair]:
    """The best assignment of requests (rows of `scores`) to households (columns): each request at most once, no
    household more children than its capacity, total score as high as possible. NaN in `scores`: not allowed."""
    scores = np.array(scores, dtype=np.float64, copy=True)
    n_requests, n_households = scores.shape
    if n_requests == 0 or n_households == 0:
        return []
    capacities = np.asarray(capacities, dtype=np.int64)
    children = np.asarray(children, dtype=np.int64)
    # Requests and households without any allowed pair do not enter the problem.
    allowed = ~np.isnan(scores)
    rows = np.flatnonzero(allowed.any(axis=1))
    columns = np.flatnonzero(allowed.any(axis=0) & (capacities > 0))
    if rows.size == 0 or columns.size == 0:
        return []
    useful = np.minimum(capacities[columns], allowed[np.ix_(rows, columns)].sum(axis=0))  # no more places than takers
    slots = np.repeat(columns, useful)  # one column per place
    matrix = scores[np.ix_(rows, slots)]
    # One "no household" column per request (cost 0): leaving a request out is always allowed.
    cost = np.hstack([np.where(np.isnan(matrix), FORBIDDEN, -matrix), np.zeros((rows.size, rows.size))])
    row_of = {int(request): position for position, request in enumerate(rows)}
    while True:
        chosen_rows, chosen_columns = linear_sum_assignment(cost)
        pairs = [
            Pair(int(rows[i]), int(slots[j]), float(matrix[i, j]))
            for i, j in zip(chosen_rows, chosen_columns, strict=True)
            if j < slots.size and cost[i, j] < FORBIDDEN
        ]
        over = _over_capacity(pairs, capacities, children)
        if not over:
            return sorted(pairs, key=lambda p: p.request)
        for household in over:
            weakest = min((p for p in pairs if p.household == household), key=lambda p: (p.score, -p.request))
            cost[row_of[weakest.request], np.flatnonzero(slots == household)] = FORBIDDEN


def _over_capacity(pairs: list[Pair], capacities: np.ndarray, children: np.ndarray) -> list[int]:
    taken: dict[int, int] = {}
    for pair in pairs:
        taken[pair.household] = taken.get(pair.household, 0) + int(children[pair.request])
    return [household for household, count in taken.items() if count > capacities[household]]
