"""One design, fully assessed: metrics, findings, phase verdict and what it would take.

This is the library entry point the `check`, `review` and `screen` commands share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from decide.design.edits import design_data, with_edits
from decide.kb.base import KnowledgeBase
from decide.phase import Edited, PhaseAssessment, Recompute, assess_phase
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
    # decide.uncertainty.Uncertainty: percentiles, phase probabilities, drivers (None: not run)
    uncertainty: Any = None

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
        } | ({} if self.uncertainty is None else self.uncertainty.to_json())


def make_recompute(
    kb: KnowledgeBase,
    data: dict[str, Any],
    ruleset: RuleSet | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> Recompute:
    """A function: dotted edits -> the edited design's metrics and, with `rules=True`, the codes
    of its error findings (None if the edited design is invalid). Results are memoised."""
    from decide.cell import compute
    from decide.design import design_from_data
    from decide.errors import DecideError

    rules = ruleset.selected(select, ignore) if ruleset is not None else []
    memo: dict[tuple[Any, ...], Edited | None] = {}

    def recompute(edits: dict[str, Any], rules_too: bool = False) -> Edited | None:
        key = (tuple(sorted(edits.items())), rules_too)
        if key in memo:
            return memo[key]
        try:
            edited = design_from_data(with_edits(data, edits), None, kb, "<lever>")
            values = compute(edited, kb).values
            errors: frozenset[str] = frozenset()
            if rules_too:
                facts = design_facts(edited, values, kb)
                suppressions = {s.code: s.reason for s in edited.suppressions}
                external = ruleset.suppressions if ruleset is not None else None
                found, _ = evaluate(rules, facts, kb, suppressions, external)
                errors = frozenset(f.code for f in found if f.severity == "error")
            result: Edited | None = Edited(values, errors)
        except (DecideError, ValueError, ZeroDivisionError):
            result = None
        memo[key] = result
        return result

    def call(edits: dict[str, Any], rules: bool = False) -> Edited | None:
        return recompute(edits, rules)

    return call


def assess(
    design: Any,
    kb: KnowledgeBase,
    ruleset: RuleSet,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    levers: bool = True,
    uncertainty: bool | None = None,
    samples: int | None = None,
    seed: int | None = None,
) -> Assessment:
    """Compute metrics, run the selected rules and score the phase of one design.

    `levers`: what it would take to reach the next phase (each change re-checked by the same
    rules). `uncertainty`: propagate the ranges (decide.uncertainty); None means "with the
    levers", i.e. a full single-design assessment such as the review's.
    """
    from decide.cell import compute
    from decide.errors import DesignError
    from decide.rules.selection import suppression_problems

    unknown = suppression_problems(design, ruleset)
    if unknown:  # a suppression of no rule silences nothing: a typo, said at its line
        raise DesignError(unknown)
    metrics = compute(design, kb)
    facts = design_facts(design, metrics.values, kb)
    suppressions = {s.code: s.reason for s in design.suppressions}
    rules = ruleset.selected(select, ignore)
    findings, muted = evaluate(rules, facts, kb, suppressions, ruleset.suppressions)
    # levers edit the design as filled in: an edit keeps the defaults this design was given
    data = design_data(design, assumed=True)
    recompute = make_recompute(kb, data, ruleset, select, ignore) if levers else None
    errors = frozenset(f.code for f in findings if f.severity == "error")
    phase = assess_phase(kb, data, metrics.values, recompute, errors)
    spread = None
    if uncertainty or (uncertainty is None and levers):
        from decide import uncertainty as unc

        spread = unc.propagate(design, kb, samples, seed, metrics.values)
    return Assessment(design, metrics, findings, muted, phase, facts, spread)
