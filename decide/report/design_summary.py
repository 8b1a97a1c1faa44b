"""One line of the briefing's design table: the parts of an Assessment a report shows.

It reads and selects; the phase verdict and the metrics were computed by `decide.assessment`.
Tolerant of dict or object shapes (library results are dataclasses; JSON-ish parts may be dicts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from decide.vocab.metrics import COST, DENSITY, ENERGY
from decide.vocab.severity import empty_counts

# What the briefing's design table and chart show (vocab's KEY_METRICS is screening's list).
SHOWN_METRICS = (ENERGY, DENSITY, COST)


def field(obj: Any, name: str, default: Any = None) -> Any:
    """obj.name or obj[name] (library results are dataclasses; JSON-ish parts may be dicts)."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def severity_counts(assessment: Any) -> dict[str, int]:
    """Counts by severity, from the summary or, failing that, from the findings."""
    summary = field(assessment, "summary") or {}
    counts = field(summary, "counts", summary)
    out = empty_counts()
    if isinstance(counts, dict) and any(k in counts for k in out):
        out.update({k: int(counts.get(k, 0)) for k in out})
        return out
    for finding in field(assessment, "findings", []) or []:
        sev = field(finding, "severity")
        if sev in out:
            out[sev] += 1
    return out


@dataclass(frozen=True)
class DesignSummary:
    """One design's phase verdict and key metrics."""

    id: str
    name: str
    application: str
    architecture: int | None
    targets_met: int
    metrics: dict[str, Any]
    electrolyte_class: str
    anode_class: str
    counts: dict[str, int]


def summarise(assessment: Any) -> DesignSummary:
    """Summarise an assessment for tables and the verdict sentence."""
    design = field(assessment, "design")
    metrics = field(field(assessment, "metrics"), "values", {}) or {}
    phase = field(assessment, "phase")
    return DesignSummary(
        id=field(design, "id"),
        name=field(design, "name") or field(design, "id"),
        application=field(design, "application") or "",
        architecture=field(phase, "architecture"),
        targets_met=int(field(phase, "targets_met", 0) or 0),
        metrics={k: metrics.get(k) for k in SHOWN_METRICS},
        electrolyte_class=str(metrics.get("electrolyte_class", "")),
        anode_class=str(metrics.get("anode_class", "")),
        counts=severity_counts(assessment),
    )
