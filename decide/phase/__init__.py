"""Roadmap phases: which phase a design's anode puts it in, which phase targets it meets, the
gaps, and what it would take to reach the next phase (decide.phase.levers).

Phases, their anode classes and targets come from the knowledge base (the seed article's roadmap).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from decide.kb.base import KnowledgeBase
from decide.phase.levers import Combination, Edited, Lever, Recompute, what_it_would_take
from decide.phase.targets import (
    Gap,
    architecture_of,
    meets,
    phase_gaps,
    phases,
    phases_met_arrays,
    targets_met,
    targets_met_arrays,
)
from decide.vocab.design_fields import quantity_change, quantity_text

__all__ = [
    "Combination",
    "Edited",
    "Gap",
    "Lever",
    "PhaseAssessment",
    "Recompute",
    "architecture_of",
    "assess_phase",
    "meets",
    "phase_gaps",
    "phases",
    "phases_met_arrays",
    "targets_met",
    "targets_met_arrays",
]


@dataclass
class PhaseAssessment:
    """The phase verdict of CONTRACT section 5 plus what it would take to reach the next phase."""

    architecture: int | None
    anode_class: str | None
    targets_met: int
    gaps: list[Gap]
    next_phase: int | None
    levers: list[Lever] = field(default_factory=list)
    statement: str = ""
    combination: Combination | None = None
    combination_reason: str = ""

    def to_json(self) -> dict[str, Any]:
        """CONTRACT keys (architecture, targets_met, gaps, what_it_would_take)."""
        return {
            "architecture": self.architecture,
            "anode_class": self.anode_class,
            "targets_met": self.targets_met,
            "gaps": [asdict(g) for g in self.gaps],
            "next_phase": self.next_phase,
            "what_it_would_take": {
                "statement": self.statement,
                "levers": [lever.to_json() for lever in self.levers],
                "combination": None if self.combination is None else self.combination.to_json(),
                "combination_reason": self.combination_reason,
            },
        }


def assess_phase(
    kb: KnowledgeBase,
    design_data: dict[str, Any],
    metrics: dict[str, Any],
    recompute: Recompute | None = None,
    base_errors: frozenset[str] = frozenset(),
) -> PhaseAssessment:
    """Phase verdict and, with `recompute`, the changes that reach the next phase within the
    knowledge base's limits (`base_errors`: the design's own error codes, not held against a
    change)."""
    anode_class = metrics.get("anode_class")
    gaps = phase_gaps(kb, metrics)
    met = targets_met(gaps)
    numbers = [p.number for p in phases(kb)]
    nxt = met + 1 if met + 1 in numbers else None
    result = PhaseAssessment(architecture_of(kb, anode_class), anode_class, met, gaps, nxt)
    if nxt is None:
        result.statement = "The design meets the cell-level targets of every roadmap phase."
        return result
    if recompute is None:
        return result
    found = what_it_would_take(kb, design_data, metrics, gaps, nxt, recompute, base_errors)
    result.levers = found.levers
    result.combination = found.combination
    result.combination_reason = found.combination_reason
    missing = [g for g in gaps if g.phase == nxt and not g.met]
    names = ", ".join(f"{quantity_text(g.metric, g.actual or 0)} < {g.target:g}" for g in missing)
    if any(lever.feasible for lever in result.levers):
        result.statement = (
            f"To reach phase {nxt} targets ({names}), any one of these changes suffices "
            "within the sourced limits."
        )
    elif found.combination is not None:
        moves = "; ".join(
            quantity_change(c.field, c.current, c.proposed) for c in found.combination.changes
        )
        result.statement = (
            f"No single lever closes the gap to phase {nxt} ({names}) within the sourced "
            f"limits; together these changes do: {moves}."
        )
    else:
        result.statement = (
            f"No single lever closes the gap to phase {nxt} ({names}) within the sourced "
            f"limits, nor does a combination ({found.combination_reason}); another chemistry "
            "or architecture is needed."
        )
    return result
