"""SARIF 2.1.0 output, so findings show up in code-review tools that read it."""

from __future__ import annotations

from typing import Any

from decide import __version__
from decide.rules.ruleset import RuleSet
from decide.vocab.severity import SEVERITIES

# SARIF calls our "info" a "note"; error and warning are spelled alike.
_LEVEL = {s: "note" if s == "info" else s for s in SEVERITIES}


def to_sarif(results: list[tuple[Any, Any]], ruleset: RuleSet) -> dict[str, Any]:
    """One SARIF run holding every finding of every (path, Assessment)."""
    rules = [
        {
            "id": r.code,
            "name": r.record.name,
            "shortDescription": {"text": r.record.title},
            "fullDescription": {"text": r.record.rationale},
            "help": {"text": r.record.remediation},
            "defaultConfiguration": {"level": _LEVEL[r.severity]},
        }
        for r in ruleset.rules
    ]
    out = []
    for path, assessment in results:
        for f in assessment.findings:
            out.append(
                {
                    "ruleId": f.code,
                    "level": _LEVEL[f.severity],
                    "message": {"text": f.message},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": str(path)}}}],
                    "properties": {"subjects": f.subjects, "evidence": f.evidence},
                }
            )
    return {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [
            {
                "tool": {"driver": {"name": "decide", "version": __version__, "rules": rules}},
                "results": out,
            }
        ],
    }
