"""What a screen concluded, for the report's first page: how many candidates reach each phase,
what the Pareto front is made of, and the top candidates without repeats.

Pure functions of a ScreenResult's arrays; the report formats what they return.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

PHASES = (1, 2, 3)


@dataclass(frozen=True)
class PhaseReach:
    """Candidates meeting at least phase `phase`'s targets: among the valid ones and the ranked."""

    phase: int
    valid: int
    ranked: int


def phase_reach(result: Any) -> list[PhaseReach]:
    """For each phase, how many valid and how many ranked candidates meet its targets."""
    valid = result.reason < 0
    out = []
    for phase in PHASES:
        meets = result.targets_met >= phase
        out.append(
            PhaseReach(phase, int((meets & valid).sum()), int((meets & result.passed).sum()))
        )
    return out


@dataclass(frozen=True)
class FieldOnFront:
    """One varied field on the Pareto front: the values it takes there against those varied.

    For a numeric field `front` and `space` are (low, high); for a categorical one they are the
    values with how many front candidates have each (most first), and the values varied.
    """

    field: str
    numeric: bool
    front: Any
    space: Any


def front_fields(result: Any) -> list[FieldOnFront]:
    """Each varied field's values on the front (empty when nothing was ranked)."""
    space, front = result.space, result.ranking.front
    if front.size == 0:
        return []
    out: list[FieldOnFront] = []
    combos = front // space.n_points
    for k, (path, values) in enumerate(space.categorical):
        # a value may be a mapping (a whole liquid_electrolyte block): count by its JSON text
        by_text = {_text(v): v for v in values}
        taken = Counter(_text(space.combination(int(c))[k]) for c in combos)
        ordered = sorted(taken.items(), key=lambda kv: (-kv[1], kv[0]))
        out.append(FieldOnFront(path, False, [(by_text[t], n) for t, n in ordered], list(values)))
    points = front % space.n_points
    for path, values in space.numeric:
        idx = np.unravel_index(points, space.grid_shape)
        axis = [p for p, _ in space.numeric].index(path)
        chosen = values[idx[axis]]
        out.append(
            FieldOnFront(
                path,
                True,
                (float(chosen.min()), float(chosen.max())),
                (float(values.min()), float(values.max())),
            )
        )
    return out


def _text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _row(result: Any, i: int) -> tuple[float, ...]:
    values = [float(v) for v in result.objectives[i]]
    values += [float(result.metrics[k][i]) for k in sorted(result.metrics)]
    return tuple(round(v, 6) if np.isfinite(v) else float("nan") for v in values)


def _same(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all(x == y or (x != x and y != y) for x, y in zip(a, b, strict=True))


def distinct_top(result: Any, n: int) -> list[tuple[int, list[int]]]:
    """The first `n` ranked candidates that differ in some computed number, each with the
    candidates ranked after it that are identical in every objective and key metric (e.g. a
    production year that changes only a cost the model cannot compute): a design is listed
    once."""
    out: list[tuple[int, list[int], tuple[float, ...]]] = []
    for i in result.ranking.order.tolist():
        row = _row(result, i)
        twin = next((entry for entry in out if _same(entry[2], row)), None)
        if twin is not None:
            twin[1].append(i)
            continue
        if len(out) == n:
            # Later twins of a shown candidate would only matter for its note; stop here.
            break
        out.append((i, [], row))
    return [(i, twins) for i, twins, _ in out]
