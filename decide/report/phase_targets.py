"""The roadmap phases' cell-level targets as chart corners, shared by the review and the briefing.

Both reports draw designs on the specific-energy / energy-density plane against the same corners;
keeping them here means neither report imports the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from decide.report import charts
from decide.report.kbviews import PhaseView
from decide.report.sources import Sources
from decide.vocab.metrics import DENSITY, ENERGY


def target_points(
    phases: Sequence[PhaseView], sources: Sources
) -> tuple[list[charts.Point], list[str]]:
    """Phase targets as chart corners (lower bound of a range; y None when no Wh/L target)."""
    targets: list[charts.Point] = []
    ids: list[str] = []
    for p in phases:
        energy = p.entry.targets.get(ENERGY)
        if energy is None:
            continue
        density = p.entry.targets.get(DENSITY)
        targets.append(
            charts.Point(f"phase {p.number}", _lower(energy), _lower(density) if density else None)
        )
        ids.extend(s for _, c in p.targets for s in c.sources)
    return targets, ids


def _lower(prop: Any) -> float:
    """Where a target is drawn: its lower bound, or its value when it has none."""
    return prop.min if prop.min is not None else prop.central
