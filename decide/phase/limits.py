"""Realistic limits of the design levers, from the knowledge base's `lever-limit` entries
(knowledge/limits/): which entry fits a design, and a check that every entry names a lever and
a quantity the tool knows."""

from __future__ import annotations

from typing import Any

from decide.kb.base import KnowledgeBase


def field_at(design: dict[str, Any], path: str) -> Any:
    """The value at a dotted field of design data (None when absent)."""
    node: Any = design
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def limit_for(kb: KnowledgeBase, lever_field: str, context: dict[str, Any]) -> Any:
    """The most specific lever-limit entry for `lever_field` that fits the design, or None."""
    found = [
        e for e in kb.of_kind("lever-limit") if e.lever == lever_field and _fits(kb, e, context)
    ]
    return min(found, key=lambda e: (-e.when.specificity(), e.id)) if found else None


def design_context(data: dict[str, Any], metrics: dict[str, Any]) -> dict[str, Any]:
    """What a limit's `when` is matched against."""
    return {
        "separator": field_at(data, "separator.material"),
        "catholyte": field_at(data, "cathode.catholyte"),
        "cathode": field_at(data, "cathode.active_material"),
        "anode_class": metrics.get("anode_class"),
        "electrolyte_class": metrics.get("electrolyte_class"),
    }


def _fits(kb: KnowledgeBase, entry: Any, context: dict[str, Any]) -> bool:
    when = entry.when
    for key in ("separator", "catholyte", "cathode"):
        wanted = getattr(when, key)
        have = context[key]
        if wanted and (have is None or not any(kb.index.is_a(have, w) for w in wanted)):
            return False
    if when.anode_class and context["anode_class"] not in when.anode_class:
        return False
    return not (
        when.electrolyte_class and context["electrolyte_class"] not in when.electrolyte_class
    )


def check_limits(kb: KnowledgeBase, levers: frozenset[str]) -> None:
    """Every lever-limit entry names one of `levers` and a quantity the tool knows (once per
    base; `decide kb check` calls it too)."""
    if ("limits_checked",) in kb.memo:
        return
    from decide.errors import KnowledgeError, Problem
    from decide.suggest import did_you_mean
    from decide.vocab.metrics import METRICS

    problems = []
    for entry in kb.of_kind("lever-limit"):
        origin = kb.origins.get(entry.id)
        file, line = (origin.file, origin.line) if origin else (None, None)
        if entry.lever not in levers:
            hint = did_you_mean(entry.lever, levers)
            problems.append(
                Problem(f"unknown lever {entry.lever!r}{hint}", file, line, f"{entry.id}.lever")
            )
        if entry.quantity != entry.lever and entry.quantity not in METRICS:
            hint = did_you_mean(entry.quantity, [entry.lever, *METRICS])
            problems.append(
                Problem(
                    f"quantity {entry.quantity!r} is neither the lever's field nor a metric{hint}",
                    file,
                    line,
                    f"{entry.id}.quantity",
                )
            )
    if problems:
        raise KnowledgeError(problems)
    kb.memo[("limits_checked",)] = True
