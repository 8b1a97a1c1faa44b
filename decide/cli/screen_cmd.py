"""`decide screen`: screen a design space, rank the survivors, mark the Pareto front."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from decide.cli.common import (
    OutputPath,
    knowledge_overlays,
    load_kb,
    overlay_options,
    rule_overlays,
)

OUTPUTS = (".csv", ".json", ".html", ".htm", ".pdf")


def _codes(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [c.strip() for c in value.split(",") if c.strip()]


@click.command()
@click.argument("space_file", metavar="SPACE", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=OutputPath(),
    help="Write OUT.csv | OUT.json (every candidate) or OUT.html | OUT.pdf (top N, front).",
)
@click.option(
    "--top",
    default=20,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="How many of the best candidates to show (HTML/PDF and terminal).",
)
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Worker processes on this machine (or Dask workers of a new LocalCluster).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Run chunks locally or on a Dask cluster (decide[dask]).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask scheduler address (tcp://host:8786); without it a LocalCluster starts.",
)
@click.option(
    "--chunk-size",
    default=None,
    type=click.IntRange(1),
    hidden=True,
    help="Candidates per task (tests and benchmarks).",
)
@click.option("--select", help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", help="Skip these rule codes or prefixes (comma-separated).")
@click.option(
    "--uncertainty",
    is_flag=True,
    help="Propagate the ranges for the top N candidates: p5/p50/p95 of the objectives and "
    "phase probabilities (extra CSV/JSON columns).",
)
@click.option(
    "--samples",
    type=click.IntRange(1, 10_000_000),
    default=None,
    help="Samples per candidate for --uncertainty [default: 10000].",
)
@click.option(
    "--seed", type=click.IntRange(0), default=None, help="Seed for --uncertainty [default: 0]."
)
@overlay_options
def screen(
    space_file: Path,
    output: Path | None,
    top: int,
    jobs: int,
    engine: str,
    scheduler: str | None,
    chunk_size: int | None,
    select: str | None,
    ignore: str | None,
    uncertainty: bool,
    samples: int | None,
    seed: int | None,
) -> None:
    """Screen the design space SPACE: filter, rank, mark the Pareto front."""
    from decide.errors import OutputError
    from decide.rules.loader import load_rules
    from decide.screening.parallel import CHUNK, make_setup
    from decide.screening.run import screen as run_screen
    from decide.screening.space import load_space

    started = time.perf_counter()
    if output is not None and output.suffix.lower() not in OUTPUTS:
        raise OutputError(
            f"{output}: unknown output format {output.suffix or '(no suffix)'!r}; "
            "use .csv, .json, .html or .pdf"
        )
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if not uncertainty and (samples is not None or seed is not None):
        raise click.UsageError("--samples and --seed go with --uncertainty")
    if engine == "dask":
        _require_dask()
    kb = load_kb()
    ruleset = load_rules(kb, rule_overlays())
    space = load_space(space_file, kb)
    setup = make_setup(
        space,
        tuple(str(p.resolve()) for p in knowledge_overlays()),
        tuple(str(p.resolve()) for p in rule_overlays()),
        _codes(select),
        _codes(ignore),
    )
    with _progress(space.n_candidates) as bar:
        result = run_screen(
            setup, kb, ruleset, jobs, engine, scheduler, chunk_size or CHUNK, bar.update
        )
    if uncertainty:
        from decide.screening.uncertainty import top_uncertainty

        result.uncertainty = top_uncertainty(result, kb, top, samples, seed)
    # the rate is the screen's (load, evaluate, rank, propagate); writing a report is extra
    result.seconds = time.perf_counter() - started
    written = time.perf_counter()
    _write(result, output, top, kb, ruleset, _codes(select), _codes(ignore))
    click.echo(result.summary_line(), err=True)
    if output is not None:
        click.echo(f"wrote {output} in {time.perf_counter() - written:.1f} s", err=True)


def _require_dask() -> None:
    from decide.screening.parallel import dask_available

    if not dask_available():
        from decide.errors import InputError

        raise InputError(
            "--engine dask needs Dask distributed, an optional extra: pip install 'decide[dask]'"
        )


def _progress(total: int) -> Any:
    """A progress bar with rate and ETA on stderr when it is a terminal; silent otherwise."""
    import tqdm

    tqdm.tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
    return tqdm.tqdm(
        total=total,
        unit="cand",
        unit_scale=True,
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
        dynamic_ncols=True,
        leave=False,
    )


def _write(
    result: Any,
    output: Path | None,
    top: int,
    kb: Any,
    ruleset: Any,
    select: list[str] | None,
    ignore: list[str] | None,
) -> None:
    """Write the chosen output, or print the top candidates when there is no -o."""
    from decide.screening import output as out

    if output is None:
        click.echo(out.top_table(result, top))
        return
    suffix = output.suffix.lower()
    if suffix in (".csv", ".json"):
        out.write_table(result, output)
        return
    from decide.report.screen import write_screen_report

    write_screen_report(result, output, kb, ruleset, top, select, ignore)
