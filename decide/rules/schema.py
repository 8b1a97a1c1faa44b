"""Pydantic model of a rule record in `rules/*.yaml`; its condition and evidence use the grammar
models of `decide.rules.grammar`, so one validation covers the whole record."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from decide.rules.grammar import Condition, Operand
from decide.vocab.severity import SeverityName

CATEGORIES = (
    "compatibility",
    "conductivity",
    "interface",
    "energy",
    "cost",
    "safety",
    "standards",
    "ip",
    "manufacturing",
    "plausibility",
    "phase",
    "assumptions",
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fixture(Strict):
    """A design that must make the rule fire (or pass): a base design plus dotted-field edits."""

    base: str = "sulfide-nmc811-li"
    set: dict[str, Any] = Field(default_factory=dict)
    why: str | None = None


class RuleTests(Strict):
    """Fixtures: at least one design that fires the rule and one that passes it."""

    fires: list[Fixture] = Field(min_length=1)
    passes: list[Fixture] = Field(min_length=1)


class RuleRecord(Strict):
    """One rule: identity, documentation, condition, message and its own tests."""

    code: str = Field(pattern=r"^[A-Z]{2,5}[0-9]{3}$")
    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=5)
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    severity: SeverityName
    # Within a severity, reports and the terminal lead with rank 1; boilerplate sits near 99.
    rank: int = Field(default=50, ge=1, le=99)
    # Fact names or evidence names: the finding's subjects are exactly the ids they hold.
    subjects: list[str] = Field(default_factory=list)
    when: Condition
    evidence: dict[str, Operand] = Field(default_factory=dict)
    message: str = Field(min_length=5)
    remediation: str = Field(min_length=5)
    rationale: str = Field(min_length=20)
    sources: list[str] = Field(min_length=1)
    tests: RuleTests
