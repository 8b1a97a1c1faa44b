"""`decide screen`: screen a design space, rank the survivors, mark the Pareto front."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from decide.cli.common import (
    knowledge_overlays,
    load_kb,
    overlay_options,
    rule_overlays,
)

OUTPUTS = (".csv", ".parquet", ".json", ".html", ".htm", ".pdf")
TABLES = (".csv", ".parquet", ".json")  # every candidate, streamed; the others show the top N


class Jobs(click.ParamType):
    """`--jobs`: a number of workers, or 'auto'."""

    name = "N|auto"

    def convert(self, value: Any, param: Any, ctx: Any) -> int | str:
        if isinstance(value, int) or str(value).lower() == "auto":
            return value if isinstance(value, int) else "auto"
        try:
            number = int(value)
        except ValueError:
            self.fail(f"{value!r} is neither a whole number nor 'auto'", param, ctx)
        if not 1 <= number <= 256:
            self.fail(f"{number} is not in 1-256", param, ctx)
        return number


def _codes(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [c.strip() for c in value.split(",") if c.strip()]


@click.command()
@click.argument("space_file", metavar="SPACE", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),  # a folder only as the Parquet parts of a Dask run
    help="Write OUT.csv | OUT.parquet | OUT.json (every candidate, in index order; the rank "
    "column orders them) or OUT.html | OUT.pdf (top N, front).",
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
    default="auto",
    show_default=True,
    type=Jobs(),
    help="Worker processes on this machine (or Dask workers of a new LocalCluster); auto: "
    "one process for small spaces, else one per core.",
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
@click.option(
    "--max-candidates",
    type=click.IntRange(1),
    default=None,
    help="Screen spaces of up to N candidates [default: 50,000,000].",
)
@click.option("--select", help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", help="Skip these rule codes or prefixes (comma-separated).")
@click.option(
    "--uncertainty",
    is_flag=True,
    help="Propagate the ranges for the top N candidates: p5/p50/p95 of the objectives and "
    "phase probabilities (extra CSV/Parquet/JSON columns).",
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
    jobs: int | str,
    engine: str,
    scheduler: str | None,
    chunk_size: int | None,
    max_candidates: int | None,
    select: str | None,
    ignore: str | None,
    uncertainty: bool,
    samples: int | None,
    seed: int | None,
) -> None:
    """Screen the design space SPACE: filter, rank, mark the Pareto front."""
    from decide.errors import OutputError
    from decide.rules.loader import load_rules
    from decide.screening.parallel import CHUNK, make_setup, resolve_jobs
    from decide.screening.space import DEFAULT_MAX_CANDIDATES, load_space

    started = time.perf_counter()
    if output is not None and output.suffix.lower() not in OUTPUTS:
        raise OutputError(
            f"{output}: unknown output format {output.suffix or '(no suffix)'!r}; "
            "use .csv, .parquet, .json, .html or .pdf"
        )
    if output is not None:
        folder = output.parent if str(output.parent) else Path(".")
        if not folder.is_dir():
            raise OutputError(f"{output}: the folder {folder} does not exist")
        if output.is_dir() and not (engine == "dask" and output.suffix.lower() == ".parquet"):
            raise OutputError(
                f"{output} is a folder (the Parquet parts of a Dask run?): "
                "remove it or write to another name"
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
    space.check_size(max_candidates or DEFAULT_MAX_CANDIDATES)
    setup = make_setup(
        space,
        tuple(str(p.resolve()) for p in knowledge_overlays()),
        tuple(str(p.resolve()) for p in rule_overlays()),
        _codes(select),
        _codes(ignore),
    )
    chunk = chunk_size or CHUNK
    workers = resolve_jobs(jobs, space.n_candidates, chunk, engine)
    limit = max_candidates or DEFAULT_MAX_CANDIDATES
    if output is not None and output.suffix.lower() in TABLES:
        from decide.screening.stream import STAGES, screen_to_file

        spread = {"top": top, "samples": samples, "seed": seed} if uncertainty else None
        with _progress(len(STAGES) * space.n_candidates) as bar:
            streamed = screen_to_file(
                setup, kb, ruleset, output, workers, engine, scheduler, chunk, bar, spread, limit
            )
        streamed.seconds = time.perf_counter() - started
        click.echo(streamed.summary_line(), err=True)
        click.echo(f"wrote {output} (writing took {streamed.stats['write_s']:.1f} s)", err=True)
        return
    from decide.screening.run import STAGES as MEMORY_STAGES
    from decide.screening.run import screen as run_screen

    with _progress(len(MEMORY_STAGES) * space.n_candidates) as bar:
        result = run_screen(setup, kb, ruleset, workers, engine, scheduler, chunk, bar, limit)
        if uncertainty:
            from decide.screening.uncertainty import top_uncertainty

            bar.set_description("propagating ranges")
            result.uncertainty = top_uncertainty(
                space, result.ranking.order, kb, top, samples, seed
            )
        # the rate is the screen's (load, evaluate, rank, propagate); writing a report is extra
        result.seconds = time.perf_counter() - started
        written = time.perf_counter()
        if output is not None:
            bar.set_description("writing the report")
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
    if output is None:
        from decide.screening.output import top_table

        click.echo(top_table(result, top))
        return
    from decide.report.screen import write_screen_report

    write_screen_report(result, output, kb, ruleset, top, select, ignore)
