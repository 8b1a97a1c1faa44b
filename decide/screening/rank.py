"""Order the candidates that passed the filters: Pareto rank first, then a score.

Score (documented in the report and the CSV header notes): each objective is min-max
normalised over the candidates that passed (1 = the best value among them, 0 = the worst,
'minimize' objectives flipped), and the score is the mean of these, equal weights, in [0, 1].
Within one Pareto rank the higher score comes first; ties go to the lower candidate index, so the
order is total and reproducible. The order uses the score as stored and shown (float32), so two
candidates whose scores differ only by float noise are ordered by index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decide.screening.pareto import pareto_ranks

SCORE_DOC = (
    "score = mean over objectives of the value min-max normalised among the candidates that "
    "passed the filters (1 = best, minimised objectives flipped); order = Pareto rank, then "
    "score (higher first), then candidate index"
)


@dataclass
class Ranking:
    """Per-candidate Pareto rank, score and overall rank (0 / NaN: not ranked)."""

    pareto_rank: np.ndarray  # int32, 1 = Pareto front
    score: np.ndarray  # float32
    rank: np.ndarray  # int32, 1 = best
    order: np.ndarray  # candidate indices of ranked candidates, best first

    @property
    def front(self) -> np.ndarray:
        """Indices of the Pareto front, in rank order."""
        return self.order[self.pareto_rank[self.order] == 1]


def rank_candidates(objectives: np.ndarray, passed: np.ndarray, senses: list[str]) -> Ranking:
    """Rank the candidates with `passed` True by Pareto rank, then score."""
    index = np.flatnonzero(passed)
    return rank_passed(len(passed), index, objectives[index], senses)


def rank_passed(n: int, index: np.ndarray, objectives: np.ndarray, senses: list[str]) -> Ranking:
    """Rank candidates `index` (ascending) of n by their `objectives` rows: Pareto rank, then
    score. The streamed screen keeps only these two arrays, not every candidate's numbers.

    `objectives` is used up: its columns are turned in place so that larger is better."""
    objectives *= np.array([1.0 if s == "max" else -1.0 for s in senses])
    values = objectives
    if index.size == 0:
        pr = np.zeros(0, dtype=np.int32)
        sc = np.zeros(0, dtype=np.float32)
    else:
        pr = pareto_ranks(values)
        sc = _score(values)
    order = index[np.lexsort((-sc, pr))]  # stable: equal keys keep ascending index order
    pareto = np.zeros(n, dtype=np.int32)
    score = np.full(n, np.nan, dtype=np.float32)
    rank = np.zeros(n, dtype=np.int32)
    pareto[index] = pr
    score[index] = sc
    rank[order] = np.arange(1, order.size + 1, dtype=np.int32)
    return Ranking(pareto, score, rank, order)


def _score(values: np.ndarray) -> np.ndarray:
    """Mean of the min-max normalised columns (larger is better), float32, column by column."""
    total = np.zeros(len(values), dtype=np.float64)
    for j in range(values.shape[1]):
        column = values[:, j]
        lo, hi = float(column.min()), float(column.max())
        if hi > lo:
            total += (column - lo) / (hi - lo)
        else:
            total += 1.0
    total /= values.shape[1]
    return total.astype(np.float32)
