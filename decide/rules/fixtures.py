"""Run every rule's own fixtures: each `fires` design must trigger it, each `passes` must not.

Fixtures are real designs (a base design from `rules/fixtures/` plus dotted edits) that go through
the design loader and the cell model, so a rule is tested on the facts it sees in production.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from decide.design.edits import with_edits
from decide.errors import DecideError
from decide.kb.base import KnowledgeBase
from decide.rules.facts import design_facts
from decide.rules.loader import fixture_bases
from decide.rules.ruleset import Rule, RuleSet
from decide.rules.schema import Fixture
from decide.yamlio import load_file


@dataclass(frozen=True)
class FixtureResult:
    """The outcome of one fixture of one rule."""

    code: str
    side: str
    number: int
    ok: bool
    detail: str


class FixtureRunner:
    """Evaluates fixtures, caching each base design's data."""

    def __init__(self, kb: KnowledgeBase, overlays: Sequence[str | Path] = ()):
        self.kb = kb
        self.bases = fixture_bases(overlays)
        self._data: dict[str, dict[str, Any]] = {}

    def base_data(self, name: str) -> dict[str, Any]:
        if name not in self._data:
            data, _ = load_file(self.bases[name])
            self._data[name] = data
        return self._data[name]

    def facts(self, fixture: Fixture) -> dict[str, Any]:
        """Facts of the fixture's design (raises DecideError when the design is invalid)."""
        from decide.cell import compute
        from decide.design import design_from_data

        data = with_edits(self.base_data(fixture.base), fixture.set)
        design = design_from_data(data, None, self.kb, f"<fixture {fixture.base}>")
        return design_facts(design, compute(design, self.kb).values, self.kb)

    def run_rule(self, rule: Rule) -> list[FixtureResult]:
        results = []
        for side in ("fires", "passes"):
            for n, fixture in enumerate(getattr(rule.record.tests, side), 1):
                try:
                    hit = rule.condition.test(self.facts(fixture))
                except DecideError as exc:
                    detail = f"fixture design is invalid: {exc.render()}"
                    results.append(FixtureResult(rule.code, side, n, False, detail))
                    continue
                ok = hit if side == "fires" else not hit
                detail = "" if ok else ("did not fire" if side == "fires" else "fired")
                results.append(FixtureResult(rule.code, side, n, ok, detail))
        return results

    def run(self, ruleset: RuleSet) -> list[FixtureResult]:
        out: list[FixtureResult] = []
        for rule in ruleset.rules:
            out.extend(self.run_rule(rule))
        return out
