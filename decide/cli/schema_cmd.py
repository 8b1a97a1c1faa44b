"""`decide schema KIND`: print the JSON Schema of an input file, for editors and CI."""

from __future__ import annotations

import importlib
import json

import click

from decide.cli.common import overlay_options

# kind -> (module, function returning the schema); other input kinds register here.
SCHEMAS: dict[str, tuple[str, str]] = {
    "design": ("decide.design.schema", "design_schema"),
}


@click.command()
@click.argument("kind", type=click.Choice(sorted(SCHEMAS)))
@overlay_options
def schema(kind: str) -> None:
    """Print the JSON Schema of an input file (e.g. `decide schema design`)."""
    module, attr = SCHEMAS[kind]
    click.echo(json.dumps(getattr(importlib.import_module(module), attr)(), indent=2))
