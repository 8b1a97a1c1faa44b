"""`screen --uncertainty`: the ranges propagated for the best candidates only.

Each of the top N ranked candidates is rebuilt as a design (its varied values fixed, the base
design's other ranges kept) and propagated like `decide metrics --uncertainty`; the screen itself
is unchanged, so the default path costs nothing more.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from decide.screening.space import Space


def top_uncertainty(
    space: Space,
    order: np.ndarray,
    kb: Any,
    top: int,
    samples: int | None = None,
    seed: int | None = None,
) -> dict[int, Any]:
    """Candidate index -> decide.uncertainty.Uncertainty, for the `top` first of `order` (the
    ranked candidates, best first)."""
    from decide.design import design_from_data
    from decide.uncertainty import propagate

    keys = tuple(m for m, _ in space.objectives)
    out: dict[int, Any] = {}
    for index in order[:top].tolist():
        design = design_from_data(space.candidate_data(index), None, kb, space.file)
        out[index] = propagate(design, kb, samples, seed, keys=keys)
    return out


def _phases(found: dict[int, Any]) -> list[Any]:
    return sorted({k for u in found.values() for k in u.phase_probability})


def columns(space: Space, found: dict[int, Any]) -> list[str]:
    """The extra output columns: p5/p50/p95 of each objective, each phase's probability."""
    if not found:
        return []
    names = []
    for metric, _ in space.objectives:
        names += [f"{metric}_p5", f"{metric}_p50", f"{metric}_p95"]
    return names + [f"phase_{k}_probability" for k in _phases(found)]


def values(space: Space, found: dict[int, Any], index: np.ndarray) -> dict[str, np.ndarray]:
    """Each extra column (see `columns`) over candidates `index`: NaN where not propagated."""
    out: dict[str, np.ndarray] = {}
    if not found:
        return out
    names = iter(columns(space, found))
    rows = [(k, found[i]) for k, i in enumerate(np.asarray(index).tolist()) if i in found]
    for metric, _ in space.objectives:
        for part in ("p5", "p50", "p95"):
            column = np.full(len(index), np.nan)
            for k, u in rows:
                spread = u.spread.get(metric)
                if spread is not None:
                    column[k] = getattr(spread, part)
            out[next(names)] = column
    for phase in _phases(found):
        column = np.full(len(index), np.nan)
        for k, u in rows:
            p = u.phase_probability.get(phase)
            if p is not None:
                column[k] = p
        out[next(names)] = column
    return out
