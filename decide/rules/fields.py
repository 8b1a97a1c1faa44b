"""The registry of fact names rule conditions may read, so a typo fails at load time."""

from __future__ import annotations

from functools import cache

from decide.rules.facts import DERIVED_FACTS, model_fields
from decide.vocab.metrics import METRIC_KEYS


@cache
def fact_names() -> frozenset[str]:
    """Design fields, `metrics.<key>` and derived facts."""
    from decide.design import Design

    names = model_fields(Design)
    names |= {f"metrics.{k}" for k in METRIC_KEYS}
    names |= set(DERIVED_FACTS)
    return frozenset(names)
