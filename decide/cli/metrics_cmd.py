"""`decide metrics DESIGN.yaml`: the cell metrics of one design, as a table or JSON."""

from __future__ import annotations

from pathlib import Path

import click

from decide.cli.common import load_kb, overlay_options


@click.command()
@click.argument("design_file", metavar="DESIGN.yaml", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Table with each metric's level, or JSON (CONTRACT section 4).",
)
@overlay_options
def metrics(design_file: Path, fmt: str) -> None:
    """Compute the cell metrics of one design (stack and cell energy, cost, class)."""
    from decide.cell import compute
    from decide.cell.report import render_text
    from decide.design import load_design

    kb = load_kb()
    result = compute(load_design(design_file, kb), kb)
    click.echo(result.to_json() if fmt == "json" else render_text(result), nl=fmt == "json")
