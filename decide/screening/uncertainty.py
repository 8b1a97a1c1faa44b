"""`screen --uncertainty`: the ranges propagated for the best candidates only.

Each of the top N ranked candidates is rebuilt as a design (its varied values fixed, the base
design's other ranges kept) and propagated like `decide metrics --uncertainty`; the screen itself
is unchanged, so the default path costs nothing more.
"""

from __future__ import annotations

from typing import Any

from decide.screening.run import ScreenResult


def top_uncertainty(
    result: ScreenResult, kb: Any, top: int, samples: int | None = None, seed: int | None = None
) -> dict[int, Any]:
    """Candidate index -> decide.uncertainty.Uncertainty, for the `top` best-ranked candidates."""
    from decide.design import design_from_data
    from decide.uncertainty import propagate

    space = result.space
    keys = tuple(m for m, _ in space.objectives)
    out: dict[int, Any] = {}
    for index in result.ranking.order[:top].tolist():
        design = design_from_data(space.candidate_data(index), None, kb, space.file)
        out[index] = propagate(design, kb, samples, seed, keys=keys)
    return out


def columns(result: ScreenResult) -> list[str]:
    """The extra CSV/JSON columns: p5/p50/p95 of each objective, each phase's probability."""
    if not result.uncertainty:
        return []
    names = []
    for metric, _ in result.space.objectives:
        names += [f"{metric}_p5", f"{metric}_p50", f"{metric}_p95"]
    phases = sorted({k for u in result.uncertainty.values() for k in u.phase_probability})
    return names + [f"phase_{k}_probability" for k in phases]


def values(result: ScreenResult, index: list[int], null: str) -> list[list[str]]:
    """Each extra column of candidates `index` as text (`null` where not propagated)."""
    found = result.uncertainty
    cols: list[list[str]] = []
    for metric, _ in result.space.objectives:
        for part in ("p5", "p50", "p95"):
            column = []
            for i in index:
                spread = found[i].spread.get(metric) if i in found else None
                column.append(null if spread is None else f"{getattr(spread, part):.6g}")
            cols.append(column)
    phases = sorted({k for u in found.values() for k in u.phase_probability})
    for k in phases:
        column = []
        for i in index:
            p = found[i].phase_probability.get(k) if i in found else None
            column.append(null if p is None else f"{p:.4g}")
        cols.append(column)
    return cols
