"""Phase scoring: the roadmap phases, which one a design's anode puts it in, which phase
targets it meets and the gaps (for one design, and for arrays of design points).

Phases, their anode classes and targets come from the knowledge base (the seed article's roadmap).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from decide.kb.base import KnowledgeBase


@dataclass(frozen=True)
class Gap:
    """One phase target against the design's value."""

    phase: int
    metric: str
    target: float
    actual: float | None
    met: bool
    shortfall: float


def phases(kb: KnowledgeBase) -> list[Any]:
    """The roadmap phases in order."""
    return sorted(kb.of_kind("phase"), key=lambda p: p.number)


def architecture_of(kb: KnowledgeBase, anode_class: str | None) -> int | None:
    """The phase whose anode classes include the design's anode class."""
    for phase in phases(kb):
        if anode_class in phase.anode_classes:
            return phase.number
    return None


def phase_gaps(kb: KnowledgeBase, metrics: dict[str, Any]) -> list[Gap]:
    """Every phase target (its lower bound) against the design's value."""
    gaps = []
    for phase in phases(kb):
        for metric, target in phase.targets.items():
            goal = target.min if target.min is not None else target.central
            actual = metrics.get(metric)
            met = isinstance(actual, int | float) and actual >= goal
            short = 0.0 if met or actual is None else goal - actual
            gaps.append(Gap(phase.number, metric, goal, actual, met, short))
    return gaps


def targets_met(gaps: list[Gap]) -> int:
    """Highest phase all of whose targets are met (0 if none)."""
    best = 0
    for number in sorted({g.phase for g in gaps}):
        if all(g.met for g in gaps if g.phase == number):
            best = number
    return best


def meets(metrics: dict[str, Any] | None, gaps: list[Gap], phase: int) -> bool:
    """Whether `metrics` meet every target of `phase` (the targets as `gaps` lists them)."""
    if metrics is None:
        return False
    for gap in gaps:
        if gap.phase == phase:
            value = metrics.get(gap.metric)
            if not isinstance(value, int | float) or value < gap.target:
                return False
    return True


def targets_met_arrays(kb: KnowledgeBase, arrays: dict[str, Any]) -> Any:
    """`targets_met` for many design points at once (arrays of metrics in, int array out)."""
    import numpy as np

    n = len(next(iter(arrays.values())))
    met = np.zeros(n, dtype=np.int8)
    for phase in phases(kb):
        ok = np.ones(n, dtype=bool)
        for metric, target in phase.targets.items():
            goal = target.min if target.min is not None else target.central
            values = arrays.get(metric)
            ok &= np.asarray(values, float) >= goal if values is not None else False
        met = np.where(ok, phase.number, met)
    return met


def phases_met_arrays(kb: KnowledgeBase, arrays: dict[str, Any]) -> dict[int, Any]:
    """Per phase, which design points meet its cell-level targets and those of every earlier
    phase (bool arrays): cumulative, so meeting phase 3 implies meeting phase 2."""
    import numpy as np

    n = len(next(iter(arrays.values())))
    ok = np.ones(n, dtype=bool)
    out: dict[int, Any] = {}
    for phase in phases(kb):
        for metric, target in phase.targets.items():
            goal = target.min if target.min is not None else target.central
            values = arrays.get(metric)
            if values is None:
                ok = np.zeros(n, dtype=bool)
            else:
                with np.errstate(invalid="ignore"):
                    ok = ok & (np.asarray(values, float) >= goal)
        out[phase.number] = ok.copy()
    return out
