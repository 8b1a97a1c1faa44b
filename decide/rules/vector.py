"""Evaluate the whole rule pack over many design points of one material combination at once.

The rule conditions compile a second time with numpy primitives (`Context.vector`): facts that
vary across the points are arrays, the rest stay scalars, so material-only rules cost one scalar
test per combination. Full findings are built later, through the scalar path, only for the points
a user looks at.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from decide.kb.base import KnowledgeBase
from decide.rules.conditions import Pred, compile_condition
from decide.rules.facts import design_facts
from decide.rules.loader import compile_context
from decide.rules.ruleset import Rule, RuleSet
from decide.vocab.severity import SEVERITIES


@dataclass(frozen=True)
class VectorRules:
    """The selected rules with their numpy-compiled conditions."""

    rules: list[Rule]
    tests: list[Pred]


def compile_vector(
    ruleset: RuleSet, kb: KnowledgeBase, rules: list[Rule] | None = None
) -> VectorRules:
    """Compile the (selected) rules' conditions for array facts."""
    ctx = compile_context(kb, vector=True)
    chosen = ruleset.rules if rules is None else rules
    return VectorRules(
        chosen, [compile_condition(r.record.when, ("when",), ctx).test for r in chosen]
    )


def vector_facts(
    base: Any,
    base_values: dict[str, Any],
    columns: dict[str, np.ndarray],
    arrays: dict[str, np.ndarray],
    kb: KnowledgeBase,
    low_confidence_pct: np.ndarray | None = None,
) -> dict[str, Any]:
    """Facts of many points: the base design's facts with varied fields and metrics as arrays.

    `low_confidence_pct` (Points.low_confidence_pct) is the cost share on low-confidence prices
    point by point: a varied field can make the cost computable, or zero a component's cost,
    where the base design's single figure would say otherwise."""
    from decide.phase import targets_met_arrays

    facts = design_facts(base, base_values, kb)
    if low_confidence_pct is not None:
        facts["design.low_confidence_cost_pct"] = low_confidence_pct
    for name, column in columns.items():
        facts[name] = np.asarray(column)
        if name in base.overrides:  # a varied knowledge-base property override
            facts[f"overrides.{name}"] = facts[name]
    for key, value in arrays.items():
        facts[f"metrics.{key}"] = value
    facts["phase.targets_met"] = targets_met_arrays(kb, arrays)
    return facts


def evaluate_vector(
    compiled: VectorRules,
    facts: dict[str, Any],
    n: int,
    suppressed: frozenset[str] | set[str] = frozenset(),
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(masks of the rules that fire anywhere, per-severity counts), each an array of length n."""
    counts = {s: np.zeros(n, dtype=np.int32) for s in SEVERITIES}
    masks: dict[str, np.ndarray] = {}
    for rule, test in zip(compiled.rules, compiled.tests, strict=True):
        result = test(facts)
        if np.ndim(result) == 0:
            if not result:
                continue
            mask = np.ones(n, dtype=bool)
        else:
            mask = np.asarray(result, dtype=bool)
            if not mask.any():
                continue
        masks[rule.code] = mask
        if rule.code not in suppressed:
            counts[rule.severity] += mask
    return masks, counts
