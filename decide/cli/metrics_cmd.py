"""`decide metrics DESIGN.yaml`: the cell metrics of one design, as a table or JSON."""

from __future__ import annotations

import json
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
@click.option(
    "--uncertainty",
    is_flag=True,
    help="Propagate the knowledge base's and the design's ranges: percentiles, phase "
    "probabilities and the drivers of the spread (CONTRACT section 7).",
)
@click.option(
    "--samples",
    type=click.IntRange(1, 10_000_000),
    default=None,
    help="Samples for --uncertainty [default: 10000].",
)
@click.option(
    "--seed",
    type=click.IntRange(0),
    default=None,
    help="Seed of the draws for --uncertainty (same seed, same output) [default: 0].",
)
@overlay_options
def metrics(
    design_file: Path, fmt: str, uncertainty: bool, samples: int | None, seed: int | None
) -> None:
    """Compute the cell metrics of one design (stack and cell energy, cost, class)."""
    from decide.cell import compute
    from decide.cell.report import render_text
    from decide.design import load_design

    if not uncertainty and (samples is not None or seed is not None):
        raise click.UsageError("--samples and --seed go with --uncertainty")
    kb = load_kb()
    design = load_design(design_file, kb)
    result = compute(design, kb)
    if not uncertainty:
        click.echo(result.to_json() if fmt == "json" else render_text(result), nl=fmt == "json")
        return
    from decide import uncertainty as unc

    spread = unc.propagate(design, kb, samples, seed, result.values)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict() | spread.to_json(), indent=2))
    else:
        click.echo(render_text(result) + unc.render_text(spread), nl=False)
