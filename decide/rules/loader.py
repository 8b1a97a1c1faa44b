"""Load rule files (built-in `rules/` first, then `--rules` folders) and compile them once.

Every problem is reported with file, line, field path and a suggestion; a rule pack that does not
load never runs half-checked.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from decide.errors import InputError, Problem, RuleError
from decide.kb.base import KnowledgeBase
from decide.paths import rules_dir
from decide.rules.check import check_condition, check_operand
from decide.rules.conditions import Context, compile_condition, compile_operand
from decide.rules.config import ProjectConfig, discover_config
from decide.rules.fields import fact_kinds
from decide.rules.functions import FUNCTIONS
from decide.rules.ruleset import Rule, RuleSet
from decide.rules.schema import RuleRecord
from decide.suggest import did_you_mean
from decide.textfile import read_bytes
from decide.validation import problems_from
from decide.yamlio import LineMap, load_bytes

# Evidence values are formatted to text before the message is, so a placeholder's format spec
# can only align, pad and truncate text; a bound on both stops '{x:>1500000000}' from asking for
# gigabytes when the rule fires.
_FORMAT_SPEC = re.compile(r"(?:[ -~]?[<>^])?(?:[1-9][0-9]?)?(?:\.[0-9]{1,2})?s?")
FORMAT_SPEC_FORM = "alignment (<, >, ^), a width up to 99 and a precision up to 99, e.g. {x:>8}"


def compile_context(kb: KnowledgeBase, vector: bool = False) -> Context:
    """What conditions compile against: fact names, functions and the knowledge base."""
    return Context(
        fields=fact_kinds(),
        functions=FUNCTIONS,
        index=kb.index,
        kb=kb,
        kb_ids=frozenset(kb.entries),
        compat_info={c.id: (c.relation, c.severity) for c in kb.of_kind("compatibility")},
        vector=vector,
    )


def rule_roots(overlays: Sequence[str | Path] = ()) -> list[Path]:
    """The built-in rules folder followed by the user's folders."""
    return [rules_dir(), *(Path(p) for p in overlays)]


def fixture_bases(overlays: Sequence[str | Path] = ()) -> dict[str, Path]:
    """Base designs for rule fixtures, by name (file stem), from every rules folder's fixtures/."""
    bases: dict[str, Path] = {}
    for root in rule_roots(overlays):
        for path in sorted((root / "fixtures").glob("*.yaml")):
            bases[path.stem] = path
    return bases


def load_rules(
    kb: KnowledgeBase,
    overlays: Sequence[str | Path] = (),
    config: ProjectConfig | None = None,
) -> RuleSet:
    """Load, validate and compile every rule; raise RuleError listing every problem.

    `config` is the project's (decide.rules.config); None finds it from the working folder,
    `ProjectConfig()` applies none.
    """
    from decide.rules.selection import configured

    problems: list[Problem] = []
    ctx = compile_context(kb)
    bases = fixture_bases(overlays)
    digest = hashlib.sha256()
    rules: dict[str, Rule] = {}
    root_of: dict[str, int] = {}
    for n, root in enumerate(rule_roots(overlays)):
        if not root.is_dir():
            problems.append(Problem("rules folder not found", str(root)))
            continue
        for path in sorted(root.glob("*.yaml")):
            try:
                raw = read_bytes(path)  # a folder named x.yaml, a FIFO, 50 MB: a problem
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            digest.update(path.name.encode() + raw)
            for rule in _load_file(path, raw, ctx, kb, bases, problems):
                if rule.code in rules and root_of[rule.code] == n:
                    first = rules[rule.code]
                    problems.append(
                        Problem(
                            f"duplicate rule code {rule.code} (first at {first.file}:{first.line})",
                            rule.file,
                            rule.line,
                            "code",
                        )
                    )
                    continue
                rules[rule.code] = rule
                root_of[rule.code] = n
    if problems:
        raise RuleError(problems)
    ruleset = RuleSet([rules[code] for code in sorted(rules)], digest.hexdigest())
    return configured(ruleset, discover_config(Path.cwd()) if config is None else config)


def _load_file(
    path: Path,
    raw: bytes,
    ctx: Context,
    kb: KnowledgeBase,
    bases: dict[str, Path],
    problems: list[Problem],
) -> list[Rule]:
    try:
        data, lines = load_bytes(raw, path)
    except InputError as exc:
        problems.extend(exc.problems)
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(lines.problem((), "expected a list of rules (each starting '- code:')"))
        return []
    out = []
    for i, raw in enumerate(data):
        rule = _compile_rule(raw, lines, (i,), ctx, kb, bases, problems)
        if rule is not None:
            out.append(rule)
    return out


def _compile_rule(
    raw: Any,
    lines: LineMap,
    at: tuple,
    ctx: Context,
    kb: KnowledgeBase,
    bases: dict[str, Path],
    problems: list[Problem],
) -> Rule | None:
    if not isinstance(raw, dict):
        problems.append(lines.problem(at, "expected a rule (a mapping)"))
        return None
    try:
        record = RuleRecord.model_validate(raw)
    except ValidationError as exc:
        problems += problems_from(exc, RuleRecord, raw, lines, at)
        return None
    before = len(problems)
    issues = check_condition(record.when, (*at, "when"), ctx)
    for name, operand in record.evidence.items():
        issues += check_operand(operand, (*at, "evidence", name), ctx)
    problems += [lines.problem(issue.path, issue.message) for issue in issues]
    for i, subject in enumerate(record.subjects):
        if subject not in ctx.fields and subject not in record.evidence:
            hint = did_you_mean(subject, [*ctx.fields, *record.evidence])
            problems.append(lines.problem((*at, "subjects", i), f"unknown field {subject!r}{hint}"))
    _check_message(record.message, set(record.evidence), lines, (*at, "message"), problems)
    for i, source in enumerate(record.sources):
        found = kb.entries.get(source)
        if found is None or found.kind != "source":
            pool = [e.id for e in kb.of_kind("source")]
            problems.append(
                lines.problem(
                    (*at, "sources", i), f"unknown source {source!r}{did_you_mean(source, pool)}"
                )
            )
    design_fields = {f for f in ctx.fields if not f.startswith(("metrics.", "design."))}
    for side in ("fires", "passes"):
        for j, fixture in enumerate(getattr(record.tests, side)):
            where = (*at, "tests", side, j)
            if fixture.base not in bases:
                hint = did_you_mean(fixture.base, bases)
                problems.append(
                    lines.problem((*where, "base"), f"unknown fixture base {fixture.base!r}{hint}")
                )
            for key in fixture.set:
                if not _is_design_key(key, design_fields):
                    hint = did_you_mean(key, design_fields)
                    problems.append(
                        lines.problem((*where, "set", key), f"unknown design field {key!r}{hint}")
                    )
    if len(problems) > before:
        return None
    condition = compile_condition(record.when, (*at, "when"), ctx)
    evidence = {
        name: compile_operand(operand, (*at, "evidence", name), ctx)
        for name, operand in record.evidence.items()
    }
    return Rule(record, condition, evidence, lines.file, lines.line(at), record.severity)


def _is_design_key(key: str, names: set[str]) -> bool:
    """A design field, a section of them, or a knowledge-base property override in a section."""
    from decide.kb.properties import PROPERTIES

    if key in names or any(n.startswith(key + ".") for n in names):
        return True
    section, _, prop = key.rpartition(".")
    return any(n.startswith(section + ".") for n in names) and prop in PROPERTIES


def _check_message(
    message: str, evidence: set[str], lines: LineMap, path: tuple, problems: list[Problem]
) -> None:
    """Placeholders must be plain evidence names: no attribute or index access."""
    try:
        parts = list(string.Formatter().parse(message))
    except ValueError as exc:
        problems.append(lines.problem(path, f"malformed message template: {exc}"))
        return
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier() or conversion or "{" in (spec or ""):
            problems.append(
                lines.problem(path, f"placeholder {{{name}}} must be a plain evidence name")
            )
        elif spec and not _FORMAT_SPEC.fullmatch(spec):
            problems.append(
                lines.problem(
                    path,
                    f"placeholder {{{name}:{spec}}}: evidence is shown as text, so a format spec "
                    f"may only give {FORMAT_SPEC_FORM}",
                )
            )
        elif name not in evidence:
            hint = did_you_mean(name, evidence)
            problems.append(lines.problem(path, f"placeholder {{{name}}} is not in evidence{hint}"))
