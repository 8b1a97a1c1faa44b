"""`decide check`: run the rules on designs, linter-style (the conventions of ruff and sqlfluff).

Inputs are files, folders (searched for *.yaml / *.yml; design-space files skipped) or `-` for
standard input. Each design is checked under the `decide.toml` (or `[tool.decide]`) beside or
above it, or the one `--config` names. Exit 0 clean, 1 an error finding (0 with --exit-zero),
2 bad input: an unknown code, a bad config, any design problem (all of them, in one run).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from decide.cli.common import load_kb, overlay_options, rule_overlays
from decide.cli.terminal import colour_wanted


def _codes(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [c.strip() for c in value.split(",") if c.strip()]


def _read_stdin() -> str:
    return sys.stdin.read()


@click.command()
@click.argument("designs", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    help="Output format: linter text (file:line:col: CODE severity message), CONTRACT JSON "
    "(one object for one file argument, else a list), or SARIF 2.1.0.",
)
@click.option(
    "--select",
    help="Only these rule codes or prefixes (comma-separated, e.g. CMP,SAF001); replaces the "
    "config's select. An unknown code is an error.",
)
@click.option(
    "--ignore",
    help="Skip these rule codes or prefixes (comma-separated); adds to the config's ignore.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this decide.toml (or pyproject.toml with [tool.decide]) for every design, instead "
    "of the one found beside or above each design.",
)
@click.option(
    "--statistics", is_flag=True, help="Show the number of findings per code instead of them."
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when a finding is an error (2 still means bad input).",
)
@click.option("-q", "--quiet", is_flag=True, help="Only the findings: no verdict, levers or total.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also each finding's remediation; on stderr, the config each design uses and the "
    "files a folder held that are not designs.",
)
@click.option(
    "--stdin-filename",
    default="-",
    help="Name shown for the design read from standard input (`-`); also where its config is "
    "looked for.",
)
@click.option(
    "--uncertainty",
    is_flag=True,
    help="Add phase probabilities, percentiles and drivers from the ranges (as metrics does).",
)
@click.option(
    "--samples",
    type=click.IntRange(1, 10_000_000),
    default=None,
    help=("Samples for --uncertainty [default: 10000]."),
)
@click.option(
    "--seed",
    type=click.IntRange(0),
    default=None,
    help=("Seed of the draws for --uncertainty [default: 0]."),
)
@overlay_options
def check(
    designs: tuple[str, ...],
    fmt: str,
    select: str | None,
    ignore: str | None,
    config_file: Path | None,
    statistics: bool,
    exit_zero: bool,
    quiet: bool,
    verbose: bool,
    stdin_filename: str,
    uncertainty: bool,
    samples: int | None,
    seed: int | None,
) -> None:
    """Run the rules on DESIGNS (files, folders, or - for stdin); exit 1 on an error finding."""
    from decide.checking import check_sources
    from decide.cli import check_output as out
    from decide.design.sources import expand
    from decide.rules.config import ProjectConfig
    from decide.rules.loader import load_rules

    if not uncertainty and (samples is not None or seed is not None):
        raise click.UsageError("--samples and --seed go with --uncertainty")
    if quiet and verbose:
        raise click.UsageError("-q and -v do not go together")
    if statistics and fmt == "sarif":
        raise click.UsageError("--statistics shows text or JSON, not SARIF")
    if designs.count("-") > 1:
        raise click.UsageError("standard input (-) can be read once")
    sources = expand(designs, _read_stdin, stdin_filename)
    kb = load_kb()
    rules = load_rules(kb, rule_overlays(), config=ProjectConfig())
    run = check_sources(
        sources,
        kb,
        rules,
        config_file=config_file,
        select=_codes(select),
        ignore=_codes(ignore),
        uncertainty=uncertainty,
        samples=samples,
        seed=seed,
    )
    if verbose:
        for c in run.checked:
            used = c.ruleset.config_source or "none (every rule, severities as written)"
            click.echo(f"{c.source.name}: config {used}", err=True)
        for s in run.skipped:
            click.echo(f"{s.name}: skipped (a design space, not a design)", err=True)
    colour = colour_wanted(sys.stdout)
    echo = lambda line: click.echo(line, color=colour)  # noqa: E731
    as_list = len(designs) > 1 or any(s.from_folder for s in sources)
    if fmt == "json" and statistics:
        click.echo(json.dumps(run.statistics(), indent=2))
    elif fmt == "json":
        click.echo(out.json_text(run, as_list or not run.checked))
    elif fmt == "sarif":
        from decide.rules.sarif import SarifFile, to_sarif

        files = [
            SarifFile(c.source.name, c.assessment.findings, c.assessment.suppressed, c.locations)
            for c in run.checked
        ]
        shown = run.checked[0].ruleset if run.checked else rules
        click.echo(json.dumps(to_sarif(files, shown, kb), indent=2))
    elif statistics:
        out.statistics_text(run, echo, quiet)
    else:
        out.text(run, echo, colour, quiet, verbose)
    if run.totals.get("error", 0) and not exit_zero:
        sys.exit(1)
