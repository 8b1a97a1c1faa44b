"""Rule codes named by users (`--select`, `--ignore`, the config, a design's suppressions),
checked against the loaded rules, and the config applied to a rule set.

A code that names no rule is an error, not a silent no-op: `--select ZZZ999` used to run no rule
and exit 0, which reads as a clean design. Selection takes a code or a prefix of codes (`SAF`,
`SAF0`, `SAF001`), as ruff does; a suppression or a severity override names one rule exactly.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

from decide.errors import InputError, Problem
from decide.rules.config import ProjectConfig
from decide.rules.ruleset import Rule, RuleSet

_SUGGESTED = 3


def prefixes(codes: Iterable[str]) -> list[str]:
    """The letter prefixes of the codes (CMP, ENE, ...), sorted."""
    return sorted({re.sub(r"[0-9]+$", "", c) for c in codes})


def closest_codes(name: str, codes: Sequence[str], prefix_ok: bool = True) -> list[str]:
    """Up to three known codes (and prefixes, with `prefix_ok`) closest to `name`, best first."""
    pool = [*codes, *prefixes(codes)] if prefix_ok else list(codes)
    return difflib.get_close_matches(name.upper(), pool, n=_SUGGESTED, cutoff=0.6)


def unknown_code(name: str, codes: Sequence[str], what: str, prefix_ok: bool) -> str:
    """'unknown rule code 'ZZZ999' in --select (did you mean ...? / known prefixes: ...)'."""
    noun = "rule code or prefix" if prefix_ok else "rule code"
    close = closest_codes(name, codes, prefix_ok)
    if close:
        hint = "did you mean " + " or ".join(f'"{c}"' for c in close) + "?"
    else:
        hint = "known prefixes: " + ", ".join(prefixes(codes))
    return f"unknown {noun} {name!r} in {what} ({hint})"


def matches_a_rule(selector: str, codes: Iterable[str]) -> bool:
    """True when `selector` is a code or a prefix of one (any case)."""
    wanted = selector.strip().upper()
    return bool(wanted) and any(c.startswith(wanted) for c in codes)


def selector_problems(
    selectors: Iterable[str] | None, codes: Sequence[str], what: str
) -> list[Problem]:
    """A Problem for each selector (code or prefix) that names no loaded rule."""
    return [
        Problem(unknown_code(s, codes, what, prefix_ok=True))
        for s in selectors or ()
        if not matches_a_rule(s, codes)
    ]


def configured(ruleset: RuleSet, config: ProjectConfig) -> RuleSet:
    """The rule set as the project's config has it: severities overridden, selection and
    suppressions recorded; every code the config names must exist (InputError listing all)."""
    codes = ruleset.codes()
    problems: list[Problem] = []
    for key in ("select", "ignore"):
        for selector in getattr(config, key) or ():
            if not matches_a_rule(selector, codes):
                message = unknown_code(selector, codes, f"'{key}'", prefix_ok=True)
                problems.append(config.problem(key, message))
    for key in ("severity", "suppressions"):
        for code in getattr(config, key):
            if ruleset.get(code) is None:
                message = unknown_code(code, codes, f"[{key}]", prefix_ok=False)
                problems.append(config.problem(f"{key}.{code}", message))
    if problems:
        raise InputError(problems)
    rules = [
        rule
        if rule.code not in config.severity
        else Rule(
            rule.record,
            rule.condition,
            rule.evidence,
            rule.file,
            rule.line,
            config.severity[rule.code],
        )
        for rule in ruleset.rules
    ]
    return RuleSet(
        rules,
        ruleset.digest,
        config.file,
        config.select,
        config.ignore,
        dict(config.suppressions),
    )


def suppression_problems(design: Any, ruleset: RuleSet) -> list[Problem]:
    """A Problem, at its line in the design, for each suppression naming no loaded rule."""
    codes = ruleset.codes()
    return [
        design.problem(
            ("suppressions", i, "code"),
            unknown_code(s.code, codes, "suppressions", prefix_ok=False),
        )
        for i, s in enumerate(design.suppressions)
        if ruleset.get(s.code) is None
    ]
