"""`decide review` and `decide brief`: write reports (PDF or HTML by the output's suffix)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click

from decide.cli.common import load_kb, overlay_options, rule_overlays

_OUT = click.Path(dir_okay=False, path_type=Path)


def pages(result: Any) -> str:
    """' (N pages)' for a PDF; an HTML page has no pages."""
    return f" ({result.pages} pages)" if result.format == "pdf" else ""


@click.command()
@click.argument("design", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=_OUT, required=True, help="OUT.pdf or OUT.html.")
@overlay_options
def review(design: Path, output: Path) -> None:
    """Write the design-review report of DESIGN (format by the output's suffix)."""
    from decide.report.render import output_format
    from decide.report.run import write_review

    output_format(output)  # refuse a wrong suffix before any work
    result = write_review(design, output, load_kb(), rule_overlays())
    click.echo(f"wrote {output}{pages(result)}", err=True)


@click.command()
@click.option("-o", "--output", type=_OUT, help="OUT.pdf or OUT.html (default: HTML on stdout).")
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    help="Year the briefing is written for (current phase, prices); default: this year.",
)
@overlay_options
def brief(output: Path | None, year: int | None) -> None:
    """Write the strategy / policy briefing from the knowledge base."""
    from decide.report.render import output_format
    from decide.report.run import brief_html, write_brief

    if year is None:
        year = datetime.date.today().year
    kb = load_kb()
    if output is None:
        click.echo(brief_html(kb, year, rule_overlays()), nl=False)
        return
    output_format(output)
    result = write_brief(output, kb, year, rule_overlays())
    click.echo(f"wrote {output}{pages(result)}", err=True)
