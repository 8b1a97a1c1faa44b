"""Evaluate compiled rules on facts; build full findings only for the rules that fired."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from decide.kb.base import KnowledgeBase
from decide.rules.conditions import Leaf
from decide.rules.finding import Finding
from decide.rules.ruleset import Rule, evaluate_evidence
from decide.vocab.severity import rank


def fired(rules: Iterable[Rule], facts: dict[str, Any]) -> list[Rule]:
    """The rules whose condition holds (the fast path: no explanation built)."""
    return [rule for rule in rules if rule.condition.test(facts)]


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:
            return "n/a"
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(_fmt(v) for v in value) or "none"
    if value is None:
        return "n/a"
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def build_finding(
    rule: Rule,
    facts: dict[str, Any],
    kb: KnowledgeBase,
    suppressed: str | None = None,
    suppressed_by: str | None = None,
) -> Finding:
    """Explain a fired rule: evidence values, the comparisons that decided, subjects and sources."""
    leaves: list[Leaf] = []
    rule.condition.explain(facts, leaves)
    evidence = evaluate_evidence(rule, facts)
    message = rule.record.message.format_map({k: _fmt(v) for k, v in evidence.items()})
    subjects: list[str] = []
    sources = list(rule.record.sources)
    for name in rule.record.subjects:
        value = evidence[name] if name in evidence else facts.get(name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item in kb.entries and item not in subjects:
                subjects.append(item)
    explanation = []
    for leaf in leaves:
        item = {
            "check": leaf.text,
            "value": _jsonable(leaf.left),
            "against": _jsonable(leaf.right),
            "result": leaf.result,
        }
        explanation.append(item)
        if leaf.text.startswith("compatibility") and leaf.result:
            for cid in leaf.right:
                entry = kb.entries[cid]
                item.setdefault("relations", []).append(
                    f"{entry.subject} {entry.relation} {entry.object} ({cid})"
                )
                for s in entry.source:
                    if s not in sources:
                        sources.append(s)
                for mid in entry.mitigated_by:
                    evidence.setdefault("known_mitigations", [])
                    if mid not in evidence["known_mitigations"]:
                        evidence["known_mitigations"].append(mid)
            for material in leaf.left:
                if material not in subjects:
                    subjects.append(material)
    return Finding(
        code=rule.code,
        name=rule.record.name,
        title=rule.record.title,
        category=rule.record.category,
        severity=rule.severity,
        rank=rule.record.rank,
        message=message,
        subjects=subjects,
        evidence={k: _jsonable(v) for k, v in evidence.items()},
        remediation=rule.record.remediation,
        sources=sources,
        explanation=explanation,
        suppressed_reason=suppressed,
        suppressed_by=suppressed_by if suppressed else None,
    )


def evaluate(
    rules: Iterable[Rule],
    facts: dict[str, Any],
    kb: KnowledgeBase,
    suppressions: dict[str, str] | None = None,
    external: dict[str, str] | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """(active findings, suppressed findings), most severe first, then by code.

    `suppressions` are the design's own (CODE -> reason); `external` the project config's. The
    design's reason wins where both name a code.
    """
    active: list[Finding] = []
    muted: list[Finding] = []
    suppressions = suppressions or {}
    external = external or {}
    for rule in fired(rules, facts):
        reason = suppressions.get(rule.code)
        by = "design"
        if reason is None and rule.code in external:
            reason, by = external[rule.code], "config"
        finding = build_finding(rule, facts, kb, reason, by)
        (muted if reason else active).append(finding)
    active.sort(key=lambda f: (rank(f.severity), f.rank, f.code))
    muted.sort(key=lambda f: f.code)
    return active, muted
