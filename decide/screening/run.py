"""Screen a design space end to end: evaluate every candidate, filter, rank, keep arrays.

Results stay as per-candidate numpy columns (float32 where the precision suffices), about
60 bytes a candidate, so a million candidates fit in well under a gigabyte.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from decide.screening.evaluate import INVALID, ChunkResult, Combination, Evaluator
from decide.screening.parallel import CHUNK, Setup, evaluator_for, run
from decide.screening.rank import Ranking, rank_candidates
from decide.screening.space import DEFAULT_MAX_CANDIDATES, Space
from decide.vocab.severity import SEVERITIES


class Summary(ABC):
    """What every screen reports at the end, whether it kept its arrays or streamed them."""

    space: Space
    screened: Counter
    ranking: Ranking
    seconds: float

    @property
    def n(self) -> int:
        return self.space.n_candidates

    @property
    @abstractmethod
    def n_invalid(self) -> int:
        """Candidates that are impossible designs (refused before any rule ran)."""

    @property
    @abstractmethod
    def n_passed(self) -> int:
        """Candidates that passed every filter and were ranked."""

    @property
    def n_front(self) -> int:
        return int((self.ranking.pareto_rank == 1).sum())

    def screened_out(self) -> list[tuple[str, int]]:
        """(reason, candidates) most frequent first: invalid, rule codes, phase, metric bounds."""
        return sorted(self.screened.items(), key=lambda kv: (-kv[1], kv[0]))

    def summary_line(self) -> str:
        """One line for the end of a run."""
        rate = self.n / self.seconds if self.seconds > 0 else float("inf")
        return (
            f"screened {self.n} candidates of {self.space.id} in {self.seconds:.1f} s "
            f"({rate:,.0f}/s): {self.n_invalid} invalid, "
            f"{self.n - self.n_invalid - self.n_passed} screened out, {self.n_passed} ranked, "
            f"{self.n_front} on the Pareto front"
        )


class Progress(Protocol):
    """Where a screen reports progress: candidates done per stage (a tqdm bar fits)."""

    def update(self, n: int) -> Any: ...

    def set_description(self, desc: str) -> Any: ...


STAGES = ("evaluating", "ranking")  # the in-memory screen's stages; each counts n candidates


@dataclass
class ScreenResult(Summary):
    """Every candidate's numbers, the ranking and the reasons candidates were screened out."""

    space: Space
    objectives: np.ndarray
    metrics: dict[str, np.ndarray]
    counts: np.ndarray
    targets_met: np.ndarray
    reason: np.ndarray
    reasons: list[str]
    passed: np.ndarray
    screened: Counter
    ranking: Ranking
    evaluator: Evaluator
    seconds: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)
    # screen --uncertainty: candidate index -> decide.uncertainty.Uncertainty (top N only)
    uncertainty: dict[int, Any] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.passed)

    @property
    def n_invalid(self) -> int:
        return int((self.reason >= 0).sum())

    @property
    def n_passed(self) -> int:
        return int(self.passed.sum())

    def combination(self, c: int) -> Combination:
        """Material combination `c`: its design, or why it is impossible."""
        return self.evaluator.combination(c)

    def part(self, start: int, stop: int) -> ChunkResult:
        """Candidates [start, stop) as a ChunkResult of views (what output batches are built
        from, as in the streamed screen)."""
        s = slice(start, stop)
        return ChunkResult(
            start,
            stop,
            self.objectives[s],
            {k: v[s] for k, v in self.metrics.items()},
            self.counts[s],
            self.targets_met[s],
            self.reason[s],
            self.reasons,
            self.passed[s],
            Counter(),
        )


def screen(
    setup: Setup,
    kb: Any,
    ruleset: Any,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    chunk: int = CHUNK,
    progress: Progress | None = None,
    max_candidates: int | None = DEFAULT_MAX_CANDIDATES,
) -> ScreenResult:
    """Evaluate, filter and rank every candidate of `setup.space` (progress: len(STAGES) x n
    candidates in all). Every candidate's numbers stay in memory (~100 bytes each); for a
    file of every candidate in bounded memory see `decide.screening.stream`."""
    started = time.perf_counter()
    space = setup.space
    space.check_size(max_candidates)
    local = evaluator_for(setup, kb, ruleset)
    n, k = space.n_candidates, len(space.objectives)
    out = _Arrays(n, k, local.metric_keys)
    if progress is not None:
        progress.set_description(STAGES[0])
    for part in run(setup, jobs, engine, scheduler, chunk):
        out.put(part)
        if progress is not None:
            progress.update(part.stop - part.start)
    evaluated = time.perf_counter()
    if progress is not None:
        progress.set_description(STAGES[1])
    senses = [s for _, s in space.objectives]
    ranking = rank_candidates(out.objectives, out.passed, senses)
    if progress is not None:
        progress.update(n)
    done = time.perf_counter()
    return ScreenResult(
        space,
        out.objectives,
        out.metrics,
        out.counts,
        out.targets_met,
        out.reason,
        out.reasons,
        out.passed,
        out.screened,
        ranking,
        local,
        done - started,
        {"evaluate_s": evaluated - started, "rank_s": done - evaluated},
    )


class _Arrays:
    """Preallocated result columns, filled chunk by chunk in any order."""

    def __init__(self, n: int, k: int, metric_keys: tuple[str, ...]):
        self.objectives = np.full((n, k), np.nan)
        self.metrics = {m: np.full(n, np.nan, dtype=np.float32) for m in metric_keys}
        self.counts = np.zeros((n, len(SEVERITIES)), dtype=np.int16)
        self.targets_met = np.full(n, -1, dtype=np.int8)
        self.reason = np.full(n, -1, dtype=np.int16)
        self.reasons: list[str] = []
        self.passed = np.zeros(n, dtype=bool)
        self.screened: Counter = Counter()

    def put(self, part: ChunkResult) -> None:
        s = slice(part.start, part.stop)
        self.objectives[s] = part.objectives
        for key, column in part.metrics.items():
            self.metrics[key][s] = column
        self.counts[s] = part.counts
        self.targets_met[s] = part.targets_met
        remap = np.array([self._slot(r) for r in part.reasons] + [-1], dtype=np.int16)
        self.reason[s] = remap[part.reason]
        self.passed[s] = part.passed
        self.screened.update(part.screened)

    def _slot(self, text: str) -> int:
        if text not in self.reasons:
            self.reasons.append(text)
        return self.reasons.index(text)


__all__ = ["INVALID", "ScreenResult", "screen"]
