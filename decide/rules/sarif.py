"""SARIF 2.1.0 output, so findings show up in code-review tools that read it.

Each result points at its line and column in the design (decide.rules.location); each rule
carries its documentation (`decide rules show CODE`) as `help`; suppressed findings are
included and marked, `inSource` when the design's `suppressions:` silences them, `external` when
the project config does. tests/test_sarif.py validates the output against the official schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from decide import __version__
from decide.kb.base import KnowledgeBase
from decide.rules.docs import render_rule_doc
from decide.rules.finding import Finding
from decide.rules.location import WHOLE_DESIGN, Location
from decide.rules.ruleset import RuleSet
from decide.vocab.severity import SEVERITIES

# SARIF calls our "info" a "note"; error and warning are spelled alike.
_LEVEL = {s: "note" if s == "info" else s for s in SEVERITIES}
_KIND = {"design": "inSource", "config": "external"}


@dataclass(frozen=True)
class SarifFile:
    """What SARIF needs of one checked design: where it is, its findings and their places."""

    path: str
    findings: Sequence[Finding]
    suppressed: Sequence[Finding]
    locations: Mapping[str, Location]


def artifact_uri(path: str) -> str:
    """A relative path as a URI reference (POSIX, percent-encoded); an absolute one as file://."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix())


def _rule(kb: KnowledgeBase, ruleset: RuleSet, code: str) -> dict[str, Any]:
    rule = ruleset.get(code)
    assert rule is not None
    r = rule.record
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.rationale},
        "help": {"text": render_rule_doc(kb, ruleset, code)},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"category": r.category, "tags": [r.category]},
    }


def _result(f: Finding, uri: str, where: Location, index: int) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {"startLine": where.line, "startColumn": where.column},
        }
    }
    if where.field is not None:
        location["logicalLocations"] = [{"fullyQualifiedName": where.field, "kind": "member"}]
    out: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": _LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [location],
        "properties": {"subjects": f.subjects, "evidence": f.evidence},
    }
    if f.suppressed_reason is not None:
        kind = _KIND.get(f.suppressed_by or "design", "inSource")
        out["suppressions"] = [{"kind": kind, "justification": f.suppressed_reason}]
    return out


def to_sarif(files: Sequence[SarifFile], ruleset: RuleSet, kb: KnowledgeBase) -> dict[str, Any]:
    """One SARIF run holding every finding, suppressed ones marked, of every checked design."""
    codes = ruleset.codes()
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for file in files:
        uri = artifact_uri(file.path)
        for f in [*file.findings, *file.suppressed]:
            where = file.locations.get(f.code, WHOLE_DESIGN)
            results.append(_result(f, uri, where, index[f.code]))
    return {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "decide",
                        "version": __version__,
                        "rules": [_rule(kb, ruleset, code) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
