"""The rule catalogue in rules/README.md: generated from the pack and the function registry,
checked by a test."""

from __future__ import annotations

from decide.rules.functions import FUNCTIONS
from decide.rules.ruleset import RuleSet

HEADER = """# Rules

Each rule is a YAML record in this folder (one file per topic): a stable code, a title, category,
severity, the condition (`when`, declarative data compiled once by `decide/rules/conditions.py`),
the evidence it reports, message, remediation, rationale, sources and its own fixtures (`tests:`
designs that must fire and must pass, built from the base designs in `fixtures/`).

- `decide rules list` lists them, `decide rules show CODE` documents one, `decide rules test` runs
  every fixture (pytest runs them too).
- Add your own pack with `--rules DIR`: the same loader, the same checks; a rule with a built-in
  code replaces it. Severity overrides go in `decide.toml` (`[severity] CMP006 = "info"`) or in
  `[tool.decide.severity]` of `pyproject.toml`; a design silences a rule only with a written reason
  (`suppressions: [{code: CMP006, reason: ...}]`).
- Condition grammar: see the docstring of `decide/rules/grammar.py` (pydantic models: a misspelt
  key is one error with a "did you mean"). Fact names and the kind of value each holds are checked
  when a rule loads. Registered functions (knowledge-graph walks, listed with their signatures
  below) are in `decide/rules/functions.py`; physics reaches rules as metrics.

This table is generated (`python -m decide.rules.catalogue > rules/README.md`); a test keeps it
in step with the pack.

| code | severity | category | title |
|---|---|---|---|
"""


FUNCTIONS_HEADER = """
## Functions

Conditions may call these registered functions: `{call: NAME, args: [OPERAND, ...]}`. Each is
registered with its signature, and the loader checks every call against it: the number of
arguments and the kind of each operand (a field holding a list where a number is expected, a
word where a number is expected, an unknown id or property name are load errors with file and
line). `?` marks a value that may be missing: the function then gives null and the comparison
does not hold. `decide rules show NAME` prints one.

| function | signature | gives |
|---|---|---|
"""


def render(ruleset: RuleSet) -> str:
    """The README text for a rule set."""
    rows = [
        f"| {r.code} | {r.severity} | {r.record.category} | {r.record.title} |"
        for r in ruleset.rules
    ]
    functions = [
        f"| `{f.name}` | `{_cell(f.signature())}` | {_cell(f.summary)} |"
        for f in FUNCTIONS.values()
    ]
    return HEADER + "\n".join(rows) + "\n" + FUNCTIONS_HEADER + "\n".join(functions) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (a bare '|' would start a new cell)."""
    return text.replace("|", "\\|")


if __name__ == "__main__":
    from decide.kb.loader import load_knowledge
    from decide.rules.loader import load_rules

    print(render(load_rules(load_knowledge())), end="")
