"""One design, fully assessed: metrics, findings, phase verdict and what it would take.

This is the library entry point the `check`, `review` and `screen` commands share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from decide.design.edits import design_data, with_edits
from decide.kb.base import KnowledgeBase
from decide.phase import PhaseAssessment, assess_phase
from decide.rules.engine import evaluate
from decide.rules.facts import design_facts
from decide.rules.finding import Finding
from decide.rules.ruleset import RuleSet
from decide.vocab.severity import empty_counts, worst


@dataclass
class Assessment:
    """Everything known about one design after the cell model and the rules have run."""

    design: Any
    metrics: Any
    findings: list[Finding]
    suppressed: list[Finding]
    phase: PhaseAssessment
    facts: dict[str, Any] = field(repr=False, default_factory=dict)

    @property
    def summary(self) -> dict[str, int]:
        """Counts of active findings by severity."""
        counts = empty_counts()
        for finding in self.findings:
            counts[finding.severity] += 1
        counts["suppressed"] = len(self.suppressed)
        return counts

    @property
    def worst(self) -> str | None:
        """The most severe active finding's severity, or None."""
        return worst([f.severity for f in self.findings])

    def verdict(self) -> str:
        """One sentence: architecture, targets met, counts of errors and warnings."""
        p = self.phase
        arch = (
            f"a phase-{p.architecture} architecture" if p.architecture else "no phase architecture"
        )
        anode = f" ({p.anode_class} anode)" if p.anode_class else ""
        met = (
            f"meets the phase-{p.targets_met} targets"
            if p.targets_met
            else "meets no phase targets"
        )
        s = self.summary
        return (
            f"{arch.capitalize()}{anode} that {met}, with {s['error']} error(s) and "
            f"{s['warning']} warning(s)."
        )

    def to_json(self) -> dict[str, Any]:
        """CONTRACT section 5: design, findings, phase, summary (plus suppressed and metrics)."""
        return {
            "design": self.design.id,
            "findings": [f.to_json() for f in self.findings],
            "suppressed": [f.to_json() for f in self.suppressed],
            "phase": self.phase.to_json(),
            "summary": self.summary,
            "verdict": self.verdict(),
        }


def make_recompute(kb: KnowledgeBase, data: dict[str, Any]) -> Any:
    """A function: dotted edits -> metric values of the edited design (None if it is invalid)."""
    from decide.cell import compute
    from decide.design import design_from_data
    from decide.errors import DecideError

    def recompute(edits: dict[str, Any]) -> dict[str, Any] | None:
        try:
            edited = design_from_data(with_edits(data, edits), None, kb, "<lever>")
            return compute(edited, kb).values
        except (DecideError, ValueError, ZeroDivisionError):
            return None

    return recompute


def assess(
    design: Any,
    kb: KnowledgeBase,
    ruleset: RuleSet,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    levers: bool = True,
) -> Assessment:
    """Compute metrics, run the selected rules and score the phase of one design."""
    from decide.cell import compute

    metrics = compute(design, kb)
    facts = design_facts(design, metrics.values, kb)
    suppressions = {s.code: s.reason for s in design.suppressions}
    findings, muted = evaluate(ruleset.selected(select, ignore), facts, kb, suppressions)
    data = design_data(design)
    recompute = make_recompute(kb, data) if levers else None
    phase = assess_phase(kb, data, metrics.values, recompute)
    return Assessment(design, metrics, findings, muted, phase, facts)
