"""A compiled rule: the record, its compiled condition and evidence, ready to evaluate."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from decide.rules.conditions import Compiled, Value
from decide.rules.schema import RuleRecord


@dataclass(frozen=True)
class Rule:
    """A validated, compiled rule and where it was defined."""

    record: RuleRecord
    condition: Compiled
    evidence: dict[str, tuple[Value, str]]
    file: str
    line: int | None
    severity: str

    @property
    def code(self) -> str:
        return self.record.code


@dataclass
class RuleSet:
    """All loaded rules, by code, in a stable order, with the hash of their files, and what the
    project's config (decide.rules.config) selects, ignores and suppresses."""

    rules: list[Rule]
    digest: str
    config_source: str | None = None
    select: tuple[str, ...] | None = None  # None: every rule
    ignore: tuple[str, ...] = ()
    # CODE -> reason: findings reported as suppressed by the config (SARIF kind 'external')
    suppressions: dict[str, str] = field(default_factory=dict)
    _by_code: dict[str, Rule] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_code = {r.code: r for r in self.rules}

    def get(self, code: str) -> Rule | None:
        return self._by_code.get(code)

    def codes(self) -> list[str]:
        return [r.code for r in self.rules]

    def selected(self, select: list[str] | None, ignore: list[str] | None) -> list[Rule]:
        """Rules whose code starts with a --select prefix (all if none) and no --ignore prefix.

        As in ruff, a --select replaces the config's `select`; an --ignore adds to its `ignore`.
        """
        chosen = self.select if select is None else select
        sel = [s.upper() for s in (chosen or [])]
        ign = [s.upper() for s in (*self.ignore, *(ignore or []))]
        return [
            r
            for r in self.rules
            if (not sel or any(r.code.startswith(p) for p in sel))
            and not any(r.code.startswith(p) for p in ign)
        ]


def evaluate_evidence(rule: Rule, facts: dict[str, Any]) -> dict[str, Any]:
    """The evidence values a rule declares, evaluated on `facts`."""
    return {name: fn(facts) for name, (fn, _text) in rule.evidence.items()}
