"""Docs that tests keep honest: every command in the README, every rule in the catalogue."""

from __future__ import annotations

from conftest import ROOT

from decide.cli import COMMANDS, cli
from decide.rules.catalogue import render

README = (ROOT / "README.md").read_text()


def test_every_command_and_subcommand_is_in_the_readme() -> None:
    import click

    ctx = click.Context(cli)
    for name in COMMANDS:
        assert f"decide {name}" in README, name
        command = cli.get_command(ctx, name)
        if isinstance(command, click.Group):
            for sub in command.list_commands(ctx):
                assert f"decide {name} {sub}" in README, f"{name} {sub}"


def test_readme_gives_exactly_the_two_commands() -> None:
    assert "make demo" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_rule_catalogue_is_current(ruleset) -> None:
    assert (ROOT / "rules" / "README.md").read_text() == render(ruleset)
