"""`decide schema KIND`: print the JSON Schema of an input file, for editors and CI.

The schemas list the knowledge-base ids each id field accepts (with the --knowledge overlays)."""

from __future__ import annotations

import importlib
import json

import click

from decide.cli.common import load_kb, overlay_options

# kind -> (module, function returning the schema); other input kinds register here.
SCHEMAS: dict[str, tuple[str, str]] = {
    "design": ("decide.design.schema", "design_schema"),
    "space": ("decide.screening.schema", "space_schema"),
}


@click.command()
@click.argument("kind", type=click.Choice(sorted(SCHEMAS)))
@overlay_options
def schema(kind: str) -> None:
    """Print the JSON Schema of an input file (`decide schema design`, `decide schema space`)."""
    module, attr = SCHEMAS[kind]
    build = getattr(importlib.import_module(module), attr)
    click.echo(json.dumps(build(load_kb()), indent=2))
