"""Rule documentation with fixed headings, as ruff does: what, why, fires, passes, references;
and the documentation of a registered function: its signature, what each parameter takes."""

from __future__ import annotations

import textwrap

from decide.errors import InputError
from decide.kb.base import KnowledgeBase
from decide.rules.functions import FUNCTIONS
from decide.rules.ruleset import RuleSet
from decide.rules.schema import Fixture
from decide.suggest import did_you_mean


def _fixture_text(fixture: Fixture) -> str:
    edits = ", ".join(f"{k} = {v!r}" for k, v in fixture.set.items()) or "(no edits)"
    why = f"\n    why: {fixture.why}" if fixture.why else ""
    return f"  base design '{fixture.base}' with {edits}{why}"


def render_doc(kb: KnowledgeBase, ruleset: RuleSet, name: str) -> str:
    """Documentation of a rule (by code, any case) or of a registered function (by name)."""
    if name in FUNCTIONS:
        return render_function_doc(name)
    code = name.upper()
    if ruleset.get(code) is None:
        hint = did_you_mean(code, ruleset.codes()) or did_you_mean(name, FUNCTIONS)
        raise InputError(f"unknown rule code or function {name!r}{hint}")
    return render_rule_doc(kb, ruleset, code)


def render_function_doc(name: str) -> str:
    """Plain-text documentation of one registered function."""
    fn = FUNCTIONS[name]
    out = [fn.signature(), f"  {fn.summary}", "", "Parameters (after the knowledge base)"]
    for p in fn.params:
        many = " (one or more arguments)" if p.variadic else ""
        missing = "; may be missing" if p.nullable else ""
        out.append(f"  {p.name}: {p.wants()}{many}{missing}")
    gives = "null when an input is missing" if fn.returns_none else "always a value"
    out += ["", "Gives", f"  {' or '.join(str(k) for k in fn.returns)} ({gives})"]
    out += ["", "Call it in a condition as", f"  {{call: {name}, args: [OPERAND, ...]}}"]
    return "\n".join(out) + "\n"


def render_rule_doc(kb: KnowledgeBase, ruleset: RuleSet, code: str) -> str:
    """Plain-text documentation of one rule."""
    rule = ruleset.get(code)
    if rule is None:
        raise InputError(f"unknown rule code {code!r}{did_you_mean(code, ruleset.codes())}")
    r = rule.record
    wrap = lambda text: textwrap.fill(text, 96, initial_indent="  ", subsequent_indent="  ")  # noqa: E731
    out = [
        f"{r.code} ({r.name}): {r.title}",
        f"category: {r.category}   severity: {rule.severity}   defined in {rule.file}:{rule.line}",
        "",
        "What it does",
        wrap(f"Fires when: {r.message}"),
        "",
        "Why it matters",
        wrap(r.rationale),
        "",
        "What to do",
        wrap(r.remediation),
        "",
        "Example that fires",
        _fixture_text(r.tests.fires[0]),
        "",
        "Example that passes",
        _fixture_text(r.tests.passes[0]),
        "",
        "References",
    ]
    for sid in r.sources:
        src = kb.entries[sid]
        ref = (src.doi and f"doi:{src.doi}") or src.standard_id or src.url or ""
        out.append(f"  [{sid}] {src.citation}" + (f" {ref}" if ref else ""))
    return "\n".join(out) + "\n"
