"""`decide check`: run the rules on designs, linter-style."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from decide.cli.common import load_kb, overlay_options, rule_overlays
from decide.vocab.design_fields import quantity_text
from decide.vocab.severity import empty_counts

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _codes(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [c.strip() for c in value.split(",") if c.strip()]


@click.command()
@click.argument("designs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    help="Output format.",
)
@click.option("--select", help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", help="Skip these rule codes or prefixes (comma-separated).")
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
    designs: tuple[Path, ...],
    fmt: str,
    select: str | None,
    ignore: str | None,
    uncertainty: bool,
    samples: int | None,
    seed: int | None,
) -> None:
    """Run the rules on DESIGN files; exit 1 when any finding is an error."""
    from decide.assessment import assess
    from decide.design import load_design
    from decide.rules.loader import load_rules

    if not uncertainty and (samples is not None or seed is not None):
        raise click.UsageError("--samples and --seed go with --uncertainty")
    kb = load_kb()
    ruleset = load_rules(kb, rule_overlays())
    loaded = [(path, load_design(path, kb)) for path in designs]
    results = [
        (
            path,
            assess(
                d,
                kb,
                ruleset,
                _codes(select),
                _codes(ignore),
                uncertainty=uncertainty,
                samples=samples,
                seed=seed,
            ),
        )
        for path, d in loaded
    ]
    if fmt == "json":
        docs = [a.to_json() for _, a in results]
        click.echo(json.dumps(docs[0] if len(docs) == 1 else docs, indent=2))
    elif fmt == "sarif":
        from decide.rules.sarif import to_sarif

        click.echo(json.dumps(to_sarif(results, ruleset), indent=2))
    else:
        _text(results)
    if any(a.summary["error"] for _, a in results):
        sys.exit(1)


def _text(results: list) -> None:
    colour = sys.stdout.isatty()
    total = empty_counts()
    for path, a in results:
        for f in a.findings:
            sev = (
                click.style(f.severity, fg=_COLOURS[f.severity], bold=True)
                if colour
                else f.severity
            )
            click.echo(f"{path}: {f.code} {sev} {f.message}")
        for f in a.suppressed:
            click.echo(f"{path}: {f.code} suppressed ({f.suppressed_reason})")
        click.echo(f"{path}: {a.verdict()}")
        for line in _phase_lines(a):
            click.echo(f"{path}: {line}")
        for level in total:
            total[level] += a.summary[level]
    n = len(results)
    click.echo(
        f"{n} design(s) checked: {total['error']} error(s), {total['warning']} warning(s), "
        f"{total['info']} info"
    )


def _phase_lines(a: Any) -> list[str]:
    """What it would take (each lever, its sourced limit, the combination), and the phase
    probabilities when the ranges were propagated."""
    phase = a.phase
    lines = []
    if a.uncertainty is not None and a.uncertainty.phase_probability:
        shown = ", ".join(
            f"phase {k} {100 * p:.0f} %" for k, p in a.uncertainty.phase_probability.items()
        )
        lines.append(
            f"probability of meeting the targets ({a.uncertainty.samples} samples): {shown}"
        )
    if phase.next_phase is None or not phase.levers:
        return lines
    lines.append(f"to reach phase {phase.next_phase}: {phase.statement}")
    for lever in phase.levers:
        mark = "ok" if lever.feasible else "no"
        lines.append(f"  [{mark}] {lever.lever} ({lever.field}): {lever.change}")
    if phase.combination is None and phase.combination_reason:
        lines.append(f"  combination: none ({phase.combination_reason})")
    elif phase.combination is not None:
        reaches = ", ".join(quantity_text(k, v) for k, v in phase.combination.reaches.items())
        lines.append(f"  combination reaches {reaches}")
    return lines
