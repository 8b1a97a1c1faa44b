"""`decide rules`: list, document and self-test the rules."""

from __future__ import annotations

import click

from decide.cli.common import load_kb, overlay_options, rule_overlays


def _ruleset():
    from decide.rules.loader import load_rules

    kb = load_kb()
    return kb, load_rules(kb, rule_overlays())


@click.group()
@overlay_options
def rules() -> None:
    """List, document and self-test the rules."""


@rules.command("list")
@overlay_options
def list_() -> None:
    """One rule per line: code, severity, category, title."""
    _, ruleset = _ruleset()
    for rule in ruleset.rules:
        click.echo(
            f"{rule.code}  {rule.severity:<7}  {rule.record.category:<13}  {rule.record.title}"
        )


@rules.command()
@click.argument("code")
@overlay_options
def show(code: str) -> None:
    """Document one rule (what it does, why, an example that fires and one that passes, sources)
    or one function rules may call (its signature)."""
    from decide.rules.docs import render_doc

    kb, ruleset = _ruleset()
    click.echo(render_doc(kb, ruleset, code), nl=False)


@rules.command("test")
@overlay_options
def test_() -> None:
    """Run every rule's fixtures; exit 1 when any fails."""
    from decide.rules.fixtures import FixtureRunner

    kb, ruleset = _ruleset()
    results = FixtureRunner(kb, rule_overlays()).run(ruleset)
    failed = [r for r in results if not r.ok]
    for r in failed:
        click.echo(f"FAIL {r.code} {r.side}[{r.number}]: {r.detail}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise SystemExit(1)
