"""Findings: what a fired rule says about a design, with the evidence that decided it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One fired rule, in the shape of CONTRACT section 5 (plus name and explanation)."""

    code: str
    name: str
    title: str
    category: str
    severity: str
    rank: int  # within its severity: 1 leads
    message: str
    subjects: list[str]
    evidence: dict[str, Any]
    remediation: str
    sources: list[str]
    explanation: list[dict[str, Any]] = field(default_factory=list)
    suppressed_reason: str | None = None
    # where the suppression is written: 'design' (its `suppressions:`) or 'config' (decide.toml)
    suppressed_by: str | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict."""
        data = asdict(self)
        for key in ("suppressed_reason", "suppressed_by"):
            if data[key] is None:
                del data[key]
        return data
