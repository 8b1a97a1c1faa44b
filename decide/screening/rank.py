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

from decide.screening.pareto import oriented, pareto_ranks

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
    score. The streamed screen keeps only these two arrays, not every candidate's numbers."""
    values = oriented(objectives, senses)
    pareto = np.zeros(n, dtype=np.int32)
    score = np.full(n, np.nan, dtype=np.float32)
    rank = np.zeros(n, dtype=np.int32)
    if index.size == 0:
        return Ranking(pareto, score, rank, index)
    pr = pareto_ranks(values)
    lo, hi = values.min(axis=0), values.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    normalised = np.where(hi > lo, (values - lo) / span, 1.0)
    sc = normalised.mean(axis=1).astype(np.float32)
    del normalised, values
    order = index[np.lexsort((-sc, pr))]  # stable: equal keys keep ascending index order
    pareto[index] = pr
    score[index] = sc
    rank[order] = np.arange(1, order.size + 1, dtype=np.int32)
    return Ranking(pareto, score, rank, order)
