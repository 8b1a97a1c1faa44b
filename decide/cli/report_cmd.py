"""`decide review` and `decide brief`: write reports (PDF or HTML by the output's suffix)."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

import click

from decide.cli.common import OutputPath, load_kb, overlay_options, rule_overlays
from decide.cli.terminal import is_terminal

_OUT = OutputPath()


def page_count(result: Any) -> str:
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
    click.echo(f"wrote {output}{page_count(result)}", err=True)


def _sections(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    return tuple(v.strip() for v in value.split(",") if v.strip()) if value else None


@click.command()
@click.option(
    "-o",
    "--output",
    type=_OUT,
    help="OUT.pdf or OUT.html (default: HTML on stdout when it is a pipe or a file, never a "
    "terminal).",
)
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    help="Year the briefing is written for (prices, current phase, status of standards, policies "
    "and announcements); default: this year.",
)
@click.option(
    "--scenario",
    type=click.Choice(["low", "base", "high"]),
    default="base",
    show_default=True,
    help="Price scenario the executive summary leads with (all three are shown).",
)
@click.option(
    "--audience",
    type=click.Choice(["policy", "industry", "research"]),
    default="industry",
    show_default=True,
    help="Which sections, in which order and depth.",
)
@click.option(
    "--region",
    type=click.Choice(["China", "Japan", "Korea", "EU", "US"]),
    help="Narrow announcements, policies, standards and decisions to one region (plus global).",
)
@click.option(
    "--sections",
    callback=_sections,
    help="Comma-separated sections to include (summary always): scenarios, market, policy, "
    "standards, patents, actions, roadmap, technology, costs.",
)
@click.option(
    "--pages",
    type=click.IntRange(4, 50),
    help="Page budget; 4 to 6 gives the short version (summary, scenarios, market and policy).",
)
@overlay_options
def brief(
    output: Path | None,
    year: int | None,
    scenario: str,
    audience: str,
    region: str | None,
    sections: tuple[str, ...] | None,
    pages: int | None,
) -> None:
    """Write the strategy / policy briefing from the knowledge base and the reference designs."""
    from decide.report.brief import BriefOptions
    from decide.report.render import output_format
    from decide.report.run import brief_html, write_brief

    if output is None and is_terminal(sys.stdout):
        raise click.UsageError(
            "the briefing is a report: give -o OUT.pdf or -o OUT.html, "
            "or send the HTML to a file (decide brief > brief.html)"
        )
    if year is None:
        year = datetime.date.today().year
    options = BriefOptions(year, scenario, audience, region, sections, pages)
    if output is not None:
        output_format(output)  # refuse a wrong suffix before any work
    kb = load_kb()
    if output is None:
        click.echo(brief_html(kb, year, rule_overlays(), options=options), nl=False)
        return
    result = write_brief(output, kb, year, rule_overlays(), options=options)
    click.echo(f"wrote {output}{page_count(result)}", err=True)
