"""`decide check` as a library: several designs, each under its project's config, assessed,
with every finding located in its file.

Each design is checked under the config found beside or above it (or the one named), so a folder
of designs from two projects is checked as each project says. Every problem that stops a check
(an unknown code, a bad design, a bad suppression) is collected over all files and raised at
once: one run shows them all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decide.assessment import Assessment, assess
from decide.design.model import Design
from decide.design.sources import Source, load_sources
from decide.errors import DecideError, DesignError, InputError, Problem
from decide.kb.base import KnowledgeBase
from decide.rules.config import ProjectConfig, discover_config, read_config
from decide.rules.location import Location, locate_findings
from decide.rules.ruleset import RuleSet
from decide.rules.selection import configured, selector_problems, suppression_problems


@dataclass
class Checked:
    """One design checked: its source, assessment, the rules as its config has them, and where
    each finding (by code) points in the file."""

    source: Source
    assessment: Assessment
    ruleset: RuleSet
    locations: dict[str, Location] = field(default_factory=dict)


@dataclass
class CheckRun:
    """Every design checked in one run, and the design-space files a folder held (skipped)."""

    checked: list[Checked]
    skipped: list[Source]

    @property
    def totals(self) -> dict[str, int]:
        """Active findings by severity over all designs (plus 'suppressed')."""
        total: Counter[str] = Counter()
        for c in self.checked:
            total.update(c.assessment.summary)
        return dict(total)

    def statistics(self) -> list[dict[str, Any]]:
        """Active findings counted by code (most frequent first), as ruff's --statistics."""
        counts: Counter[str] = Counter()
        first: dict[str, Any] = {}
        for c in self.checked:
            for f in c.assessment.findings:
                counts[f.code] += 1
                first.setdefault(f.code, f)
        ordered = sorted(counts, key=lambda code: (-counts[code], code))
        return [
            {
                "code": code,
                "count": counts[code],
                "severity": first[code].severity,
                "title": first[code].title,
            }
            for code in ordered
        ]


def check_sources(
    sources: Sequence[Source],
    kb: KnowledgeBase,
    rules: RuleSet,
    *,
    config_file: Path | None = None,
    cwd: Path | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    uncertainty: bool = False,
    samples: int | None = None,
    seed: int | None = None,
) -> CheckRun:
    """Check every source. `rules` is the rule pack without a config (load_rules(...,
    config=ProjectConfig())); each design gets its own config's severities, selection and
    suppressions. An explicit `config_file` applies to every design."""
    codes = rules.codes()
    problems = selector_problems(select, codes, "--select")
    problems += selector_problems(ignore, codes, "--ignore")
    if problems:
        raise InputError(problems)
    loaded, skipped = load_sources(sources, kb)
    here = cwd or Path.cwd()
    explicit = read_config(config_file) if config_file is not None else None
    by_file: dict[str | None, RuleSet] = {}
    config_problems: list[Problem] = []
    plans: list[tuple[Source, Design, RuleSet]] = []
    for source, design in loaded:
        config = explicit or _config_for(source, here)
        if config.file not in by_file:
            try:
                by_file[config.file] = configured(rules, config)
            except InputError as exc:
                config_problems += exc.problems
                by_file[config.file] = rules
        plans.append((source, design, by_file[config.file]))
    if config_problems:
        raise InputError(config_problems)
    design_problems = [p for _, d, rs in plans for p in suppression_problems(d, rs)]
    if design_problems:
        raise DesignError(design_problems)
    checked: list[Checked] = []
    for source, design, ruleset in plans:
        try:
            result = assess(
                design,
                kb,
                ruleset,
                select,
                ignore,
                uncertainty=uncertainty,
                samples=samples,
                seed=seed,
            )
        except DecideError as exc:
            design_problems += exc.problems
            continue
        findings = [*result.findings, *result.suppressed]
        where = locate_findings(findings, ruleset, source.positions())
        checked.append(Checked(source, result, ruleset, where))
    if design_problems:
        raise DesignError(design_problems)
    return CheckRun(checked, skipped)


def _config_for(source: Source, cwd: Path) -> ProjectConfig:
    """The config beside or above the design (from the working folder for standard input, or
    when none is found beside the design)."""
    start = (source.path if source.path is not None else cwd / source.name).parent
    return discover_config(start, fallback=cwd)
