"""Where in the design file a finding points, as a linter shows it (`file:line:col: CODE ...`).

A finding is about the design fields its rule names: the rule's subjects first, then the fields
its evidence and its condition read. It points at the first of those written in the file; when
none is written (the value was filled from a default) at the closest section that is written
(`operating:` for a missing stack pressure); a finding about the whole design (cost, standards,
metrics) at line 1, column 1.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from decide.design.positions import Position
from decide.rules.finding import Finding
from decide.rules.ruleset import Rule, RuleSet
from decide.yamlio import PathKey, format_path

# Facts that are not fields of the design file.
_NOT_DESIGN = ("metrics.", "design.", "phase.")
# Grammar attributes that hold a fact name (decide.rules.grammar).
_FIELD_ATTRS = ("field", "ref", "of", "subject", "object")


@dataclass(frozen=True)
class Location:
    """A 1-based line and column in the design file, and the dotted field found there."""

    line: int
    column: int
    field: str | None = None  # None: the design as a whole

    def to_json(self) -> dict[str, Any]:
        """{line, column, field}."""
        return {"line": self.line, "column": self.column, "field": self.field}


WHOLE_DESIGN = Location(1, 1, None)


def _facts_in(node: Any) -> Iterator[str]:
    """Fact names a condition or operand reads, in the order written."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name in _FIELD_ATTRS and isinstance(value, str):
                yield value
            else:
                yield from _facts_in(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _facts_in(item)


def rule_fields(rule: Rule) -> list[str]:
    """Design fields a rule is about: subjects, then what its evidence and condition read."""
    record = rule.record
    names: list[str] = []
    for subject in record.subjects:
        if subject in record.evidence:
            names += _facts_in(record.evidence[subject])
        else:
            names.append(subject)
    for operand in record.evidence.values():
        names += _facts_in(operand)
    names += _facts_in(record.when)
    fields = [n for n in names if not n.startswith(_NOT_DESIGN)]
    return list(dict.fromkeys(fields))


def locate(rule: Rule | None, positions: Mapping[PathKey, Position]) -> Location:
    """The location of a finding of `rule` in a file whose keys sit at `positions`."""
    fields = rule_fields(rule) if rule is not None else []
    paths = [tuple(f.split(".")) for f in fields]
    for path in paths:
        if path in positions:
            line, column = positions[path]
            return Location(line, column, format_path(path))
    for path in paths:
        for n in range(len(path) - 1, 0, -1):
            if path[:n] in positions:
                line, column = positions[path[:n]]
                return Location(line, column, format_path(path[:n]))
    return WHOLE_DESIGN


def locate_findings(
    findings: list[Finding], ruleset: RuleSet, positions: Mapping[PathKey, Position]
) -> dict[str, Location]:
    """Code -> Location for each finding of one design (a rule fires at most once a design)."""
    return {f.code: locate(ruleset.get(f.code), positions) for f in findings}
